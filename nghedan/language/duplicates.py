"""MinHash signatures and LSH band keys: finding near-duplicate and same-issue petitions
without comparing all pairs.

A petition's text becomes a set of shingles (content syllables and syllable pairs of the
diacritic-free key), its set a 64-value MinHash signature (datasketch). The first 40
values, cut into 20 bands of 2, give 20 keys: two petitions that share a key are
candidates, then the signatures' agreement estimates their Jaccard similarity. With 20
bands of 2, a pair at similarity 0.3 becomes a candidate with probability 0.85, at 0.5
with 0.996, at 0.1 with 0.18 (then refused by the estimate).
"""

import hashlib
from functools import cache
from importlib import resources
from itertools import pairwise

import numpy as np
from datasketch import MinHash

from nghedan.language.normalize import search_key
from nghedan.lib.text import fold

NUM_PERM = 64
BANDS, ROWS = 20, 2
SEED = 20250701


@cache
def _stop_syllables() -> frozenset[str]:
    """One-syllable entries of the stop-word list (MIT, see data/STOPWORDS.md), folded.
    Used for grouping only, never before urgency or sentiment."""
    text = resources.files("nghedan.language").joinpath("data/vietnamese-stopwords.txt")
    words = text.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(word) for word in words if word.strip() and " " not in word.strip())


def shingles(text: str) -> set[str]:
    stop = _stop_syllables()
    tokens = [t for t in search_key(text).split() if t not in stop and not t.isdigit()]
    return set(tokens) | {f"{a} {b}" for a, b in pairwise(tokens)}


def signature(text: str) -> np.ndarray | None:
    """The MinHash of the text's shingles; None for a text with nothing to compare."""
    found = shingles(text)
    if not found:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([s.encode() for s in found])
    return minhash.hashvalues.astype(np.uint32)


def signature_bytes(values: np.ndarray | None) -> bytes:
    return b"" if values is None else values.astype("<u4").tobytes()


def signature_from(blob: bytes | memoryview) -> np.ndarray | None:
    return np.frombuffer(bytes(blob), dtype="<u4") if blob else None


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(values: np.ndarray, *, scope: int) -> list[int]:
    """The signature's LSH keys within a scope (the area): petitions of different areas
    never share a key."""
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(
            scope.to_bytes(8, "little", signed=True) + bytes([band]) + chunk, digest_size=8
        ).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys
