"""The composite index, honest about small samples, and ranks with their uncertainty.

Each component of the index is a share (satisfied ratings, deadlines met, …). A unit's
share is shrunk towards the reference share (the nation's in the same period) as if the
reference had been seen `NGHEDAN_SCORE_PRIOR_STRENGTH` more times: with a Beta prior of
that strength, the estimate is (x + m·p₀) / (n + m) and its 95% interval the Beta
posterior's. So three five-star ratings sit near the average, and three thousand speak
for themselves. A unit with no data for a component gets the reference share, with the
prior's width. The index is the weighted mean of the shrunk shares, 0–100; its interval
combines the components' variances. Ranks come from 1,000 draws of every unit's
components from their posteriors: the rank interval is the 2.5th–97.5th percentile of
the unit's rank over the draws.
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from nghedan.scorecards.indicators import BY_CODE, Measured

DRAWS = 1000
SEED = 20250701
# How many sets of drawn ranks a process keeps (the most recently used).
RANKS_KEPT = 256
_ranks_drawn: OrderedDict[bytes, tuple[tuple[int, int, int], ...]] = OrderedDict()
_ranks_lock = threading.Lock()


@dataclass(frozen=True)
class Estimate:
    value: float | None  # the raw share (None without data)
    successes: float
    trials: float
    shrunk: float
    low: float
    high: float


@dataclass(frozen=True)
class Composite:
    score: float  # 0–100
    low: float
    high: float
    trials: float  # observations behind it, all components together
    components: dict[str, Estimate]


def weights() -> dict[str, float]:
    """The configured weights of the indicators known to the index, summing to 1."""
    chosen = {
        code: w for code, w in settings.NGHEDAN_SCORE_WEIGHTS.items() if code in BY_CODE and w > 0
    }
    total = sum(chosen.values())
    if not total:
        return {"satisfied": 1.0}
    return {code: w / total for code, w in chosen.items()}


@lru_cache(maxsize=65536)
def _beta_interval(a: float, b: float) -> tuple[float, float]:
    from scipy.special import betaincinv

    return float(betaincinv(a, b, 0.025)), float(betaincinv(a, b, 0.975))


def shrink(successes: float, trials: float, reference: float, strength: float) -> Estimate:
    reference = min(max(reference, 0.01), 0.99)
    strength = max(strength, 1e-6)
    a = successes + strength * reference
    b = trials - successes + strength * (1 - reference)
    low, high = _beta_interval(a, b)
    return Estimate(
        value=successes / trials if trials else None,
        successes=successes,
        trials=trials,
        shrunk=a / (a + b),
        low=low,
        high=high,
    )


def reference_shares(reference: Measured) -> dict[str, float]:
    """The reference share of each weighted component (0.5 where the reference is empty)."""
    shares = {}
    for code in weights():
        successes, trials = BY_CODE[code].sample(reference)
        shares[code] = successes / trials if trials else 0.5
    return shares


def composite(measured: Measured, reference: dict[str, float]) -> Composite:
    strength = settings.NGHEDAN_SCORE_PRIOR_STRENGTH
    components = {}
    score = variance = trials = 0.0
    for code, weight in weights().items():
        successes, n = BY_CODE[code].sample(measured)
        estimate = shrink(successes, n, reference[code], strength)
        components[code] = estimate
        total = n + strength
        score += weight * estimate.shrunk
        variance += weight**2 * estimate.shrunk * (1 - estimate.shrunk) / (total + 1)
        trials += n
    spread = 1.96 * variance**0.5
    return Composite(
        score=100 * score,
        low=100 * max(0.0, score - spread),
        high=100 * min(1.0, score + spread),
        trials=trials,
        components=components,
    )


def rank_intervals(composites: list[Composite]) -> list[tuple[int, int, int]]:
    """(rank, best plausible rank, worst plausible rank) of each composite, 1 = best.

    The draws depend only on the components' posteriors and the scores: the last results
    are kept in this process under a digest of them, so a page asked again with the same
    figures does not draw again (the same seed gives the same ranks)."""
    import numpy as np

    if not composites:
        return []
    strength = settings.NGHEDAN_SCORE_PRIOR_STRENGTH
    codes = list(weights().items())
    posteriors = []
    for code, weight in codes:
        a = np.empty(len(composites))
        b = np.empty(len(composites))
        for i, c in enumerate(composites):
            estimate = c.components[code]
            total = estimate.trials + strength
            a[i] = max(estimate.shrunk * total, 1e-6)
            b[i] = max((1 - estimate.shrunk) * total, 1e-6)
        posteriors.append((weight, a, b))
    scores = np.array([c.score for c in composites])
    digest = hashlib.sha256(repr((DRAWS, SEED, [w for w, _a, _b in posteriors])).encode())
    for _weight, a, b in posteriors:
        digest.update(a.tobytes())
        digest.update(b.tobytes())
    digest.update(scores.tobytes())
    key = digest.digest()
    with _ranks_lock:
        kept = _ranks_drawn.get(key)
        if kept is not None:
            _ranks_drawn.move_to_end(key)
            return list(kept)
    rng = np.random.default_rng(SEED)
    draws = np.zeros((DRAWS, len(composites)))
    for weight, a, b in posteriors:
        draws += weight * rng.beta(a, b, size=(DRAWS, len(composites)))
    # Rank 1 is the highest score in each draw.
    order = (-draws).argsort(axis=1)
    ranks = np.empty_like(order)
    rows = np.arange(DRAWS)[:, None]
    ranks[rows, order] = np.arange(1, len(composites) + 1)
    low = np.percentile(ranks, 2.5, axis=0, method="lower")
    high = np.percentile(ranks, 97.5, axis=0, method="higher")
    point = (-scores).argsort(kind="stable").argsort() + 1
    # The range always holds the rank shown (ties broken by order can fall outside it).
    low, high = np.minimum(low, point), np.maximum(high, point)
    found = [(int(point[i]), int(low[i]), int(high[i])) for i in range(len(composites))]
    with _ranks_lock:
        _ranks_drawn[key] = tuple(found)
        while len(_ranks_drawn) > RANKS_KEPT:
            _ranks_drawn.popitem(last=False)
    return found
