"""Language benchmark: the whole pipeline and duplicate search, against plain baselines.

    .venv/bin/python -m bench.language [--docs N] [--queries Q] [--texts T]

1. Pipeline speed per core: T petition texts (variants of the shipped corpus) read one at a
   time, as at intake, by the whole pipeline (normalise, topic and agency models, places,
   urgency and feeling, MinHash signature), against a plain TF-IDF (word 1–2-grams) +
   linear SVM predicting the topic of the same texts in the same process. Both on one
   thread. Memory: the models' pickled size and the process's resident memory.
2. Duplicate search at N petitions (default one million): signatures, LSH index build time,
   query latency, and recall against brute-force similarity on Q sampled queries
   (exact Jaccard similarity of shingle sets over all N petitions).

Prints absolute numbers and the ratios; read the ratios.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _setup(var_dir: str) -> None:
    os.environ["NGHEDAN_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nghedan.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from nghedan.agencies.services import agencies_load
    from nghedan.areas.services import areas_load
    from nghedan.petitions.reference import routing_rules_load, topics_load

    areas_load()
    agencies_load()
    topics_load()
    routing_rules_load()


def _variants(texts: list[str], count: int, rng: random.Random) -> list[str]:
    """Texts like the corpus's: a corpus text with words dropped or repeated, a number
    changed, sometimes typed without diacritics."""
    from nghedan.lib.text import fold

    out = []
    for _ in range(count):
        words = rng.choice(texts).split()
        if len(words) > 6:
            for _edit in range(rng.randint(0, 3)):
                del words[rng.randrange(len(words))]
        text = " ".join(words).replace("12", str(rng.randint(1, 400)))
        out.append(fold(text) if rng.random() < 0.2 else text)
    return out


def pipeline_speed(texts: list[str], labels: list[str], sample: list[str]) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    from nghedan.language.models import Head
    from nghedan.language.pipeline import text_analyse
    from nghedan.language.training import model_active

    rss_start = _rss_mb()
    baseline = make_pipeline(TfidfVectorizer(ngram_range=(1, 2)), LinearSVC()).fit(texts, labels)
    import pickle

    baseline_size = len(pickle.dumps(baseline))
    model = model_active(Head.TOPIC)
    model_size = len(model.dumps())
    text_analyse(text=sample[0])  # build the place index before timing
    rss_loaded = _rss_mb()

    started = time.perf_counter()
    for text in sample:
        baseline.predict([text])
    baseline_time = time.perf_counter() - started

    latencies = []
    for text in sample:
        t0 = time.perf_counter()
        text_analyse(text=text)
        latencies.append(time.perf_counter() - t0)
    pipeline_time = sum(latencies)

    base_rate, pipe_rate = len(sample) / baseline_time, len(sample) / pipeline_time
    print(f"## Pipeline, one text at a time, one core ({len(sample)} texts)")
    print(f"baseline TF-IDF + LinearSVC topic only: {base_rate:9.0f} texts/s")
    print(
        f"whole pipeline:                         {pipe_rate:9.0f} texts/s "
        f"(p50 {statistics.median(latencies) * 1000:.2f} ms, "
        f"p95 {sorted(latencies)[int(len(latencies) * 0.95)] * 1000:.2f} ms)"
    )
    print(f"ratio pipeline / baseline speed:        {pipe_rate / base_rate:9.3f}")
    print(
        f"model size: pipeline topic model {model_size / 2**20:.1f} MiB, "
        f"baseline {baseline_size / 2**20:.1f} MiB, ratio {model_size / baseline_size:.2f}"
    )
    print(
        f"process memory with models and place index loaded: {rss_loaded:.0f} MiB "
        f"(+{rss_loaded - rss_start:.0f} MiB for the models and index)"
    )
    print()


def duplicate_search(texts: list[str], docs: int, queries: int, rng: random.Random) -> None:
    import numpy as np
    from datasketch import MinHash

    from nghedan.language.duplicates import BANDS, NUM_PERM, SEED, band_keys, shingles

    communes = 3321
    print(f"## Duplicate search at {docs:,} petitions over {communes} communes")
    # One in five is a re-telling of an earlier petition of the same commune.
    started = time.perf_counter()
    scope = np.empty(docs, dtype=np.int32)
    shingle_ids: list[np.ndarray] = []
    base = [
        np.array(sorted({hash(s) & 0x7FFFFFFF for s in shingles(text)}), dtype=np.int64)
        for text in _variants(texts, min(docs, 20_000), rng)
    ]
    for i in range(docs):
        if i > 100 and rng.random() < 0.2:
            # A re-telling: 40–90% of an earlier petition's shingles and a few of its own.
            j = rng.randrange(i)
            scope[i] = scope[j]
            earlier = shingle_ids[j]
            keep = rng.uniform(0.4, 0.9)
            mask = np.array([rng.random() < keep for _ in range(len(earlier))], dtype=bool)
            ids = set(earlier[mask].tolist()) | {
                rng.getrandbits(31) for _ in range(rng.randint(0, 6))
            }
        else:
            scope[i] = rng.randrange(communes)
            ids = set(base[i % len(base)].tolist())
            ids |= {rng.getrandbits(31) for _ in range(rng.randint(2, 8))}
        shingle_ids.append(np.array(sorted(ids), dtype=np.int64))
    generated = time.perf_counter() - started
    print(f"generated the petitions' shingle sets in {generated:.0f} s")

    started = time.perf_counter()
    signatures = np.empty((docs, NUM_PERM), dtype=np.uint32)
    template = MinHash(num_perm=NUM_PERM, seed=SEED)
    for i, ids in enumerate(shingle_ids):
        minhash = template.copy()
        minhash.update_batch([int(x).to_bytes(8, "little") for x in ids])
        signatures[i] = minhash.hashvalues
    signing = time.perf_counter() - started
    print(f"MinHash signatures: {docs / signing:,.0f} petitions/s ({signing:.0f} s)")

    started = time.perf_counter()
    index: dict[int, list[int]] = {}
    for i in range(docs):
        for key in band_keys(signatures[i], scope=int(scope[i])):
            index.setdefault(key, []).append(i)
    build = time.perf_counter() - started
    print(
        f"LSH index ({BANDS} bands) built in {build:.0f} s "
        f"({docs / build:,.0f} petitions/s), {len(index):,} keys"
    )

    # Brute force: exact Jaccard of the query's set with every petition of the same scope,
    # and, to check the scope changes nothing, with every petition at all.
    lengths = np.array([len(ids) for ids in shingle_ids])
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    flat = np.concatenate(shingle_ids)
    owner = np.repeat(np.arange(docs), lengths)
    sample = rng.sample(range(docs), queries)
    found = truth = 0
    lsh_times, brute_times = [], []
    for q in sample:
        t0 = time.perf_counter()
        candidates = set()
        for key in band_keys(signatures[q], scope=int(scope[q])):
            candidates.update(index.get(key, ()))
        candidates.discard(q)
        matches = {
            c
            for c in candidates
            if np.count_nonzero(signatures[c] == signatures[q]) / NUM_PERM >= 0.3
        }
        lsh_times.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        mine = flat[offsets[q] : offsets[q + 1]]
        common = np.bincount(owner[np.isin(flat, mine)], minlength=docs)
        union = lengths + len(mine) - common
        jaccard = np.where(union > 0, common / np.maximum(union, 1), 0)
        jaccard[q] = 0
        jaccard[scope != scope[q]] = 0
        true_neighbours = set(np.nonzero(jaccard >= 0.3)[0].tolist())
        brute_times.append(time.perf_counter() - t0)
        truth += len(true_neighbours)
        found += len(true_neighbours & matches)
    lsh_p50 = statistics.median(lsh_times) * 1000
    brute_p50 = statistics.median(brute_times) * 1000
    print(
        f"query p50: LSH {lsh_p50:.2f} ms, brute force {brute_p50:.0f} ms, "
        f"ratio LSH / brute force {lsh_p50 / brute_p50:.5f}"
    )
    print(f"query p95: LSH {sorted(lsh_times)[int(queries * 0.95)] * 1000:.2f} ms")
    recall = found / truth if truth else 1.0
    print(
        f"recall at Jaccard >= 0.3 on {queries} queries: {recall:.3f} "
        f"({found} of {truth} true neighbours)"
    )
    print(f"resident memory: {_rss_mb():,.0f} MiB")
    _database_index(signatures, scope, sample, index)


def _database_index(signatures, scope, sample, index) -> None:
    """The same band keys in a table shaped like ShingleBand (key, petition, received_at)
    with its (key, received_at) index, on SQLite: what the product queries."""
    import sqlite3

    from nghedan.language.duplicates import band_keys

    docs = len(signatures)
    with tempfile.TemporaryDirectory() as folder:
        database = sqlite3.connect(f"{folder}/bands.sqlite3")
        database.execute("PRAGMA journal_mode=OFF")
        database.execute("PRAGMA synchronous=OFF")
        database.execute("CREATE TABLE band (key INTEGER, petition INTEGER, received REAL)")
        started = time.perf_counter()
        rows = (
            (key, petition, float(petition))
            for key, petitions in index.items()
            for petition in petitions
        )
        database.executemany("INSERT INTO band VALUES (?, ?, ?)", rows)
        database.execute("CREATE INDEX band_key ON band (key, received)")
        database.commit()
        build = time.perf_counter() - started
        print(
            f"SQLite table of band keys with its index: built in {build:.0f} s "
            f"({docs / build:,.0f} petitions/s)"
        )
        times = []
        for q in sample:
            keys = band_keys(signatures[q], scope=int(scope[q]))
            t0 = time.perf_counter()
            database.execute(
                f"SELECT DISTINCT petition FROM band WHERE key IN ({','.join('?' * len(keys))}) "
                "AND received >= ?",
                [*keys, 0.0],
            ).fetchall()
            times.append(time.perf_counter() - t0)
        print(
            f"SQLite candidate query p50 {statistics.median(times) * 1000:.2f} ms, "
            f"p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.2f} ms"
        )
        database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--texts", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as var_dir:
        _setup(var_dir)
        from nghedan.language.training import seed_examples

        examples = seed_examples()
        texts = [e.text for e in examples]
        labels = [e.label for e in examples]
        pipeline_speed(texts, labels, _variants(texts, args.texts, rng))
        duplicate_search(texts, args.docs, args.queries, rng)


if __name__ == "__main__":
    sys.exit(main())
