"""Hotspot statistics: the prospective space-time permutation scan and two classic
baselines (CDC EARS C1/C2/C3, a standardised CUSUM). Pure numpy/scipy, no Django.

- `space_time_permutation_scan`: Kulldorff M, Heffernan R, Hartman J, Assunção R,
  Mostashari F. "A space-time permutation scan statistic for disease outbreak detection."
  PLoS Medicine 2005;2(3):e59 — the method of SaTScan's "space-time permutation" model.
  It needs only case counts (no population at risk) and asks whether, in some zone over
  the last few days, there are more cases than the zone's share of all cases and those
  days' share of all cases would give. A rise in one place is a cluster; a rise
  everywhere at once, or a place that is always busy, is not.
- `ears`, `ears_alarms`: Hutwagner L, Thompson W, Seeman GM, Treadwell T. "The
  bioterrorism preparedness and response Early Aberration Reporting System (EARS)."
  J Urban Health 2003;80(2 Suppl 1):i89-96; formulas as written out in Fricker RD,
  Hegler BL, Dunfee DA. "Comparing syndromic surveillance detection methods: EARS'
  versus a CUSUM-based methodology." Stat Med 2008;27(17):3407-29.
- `cusum`: a one-sided CUSUM (Page 1954) on counts standardised against a moving
  baseline, as in Fricker et al. 2008.

Series arguments of the baselines are one daily series or a matrix of them (one row per
place, days along the last axis); day t only ever uses days up to t, so running them once
over a history gives the same answers as running them every day.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import DTypeLike
from scipy.special import xlogy

__all__ = [
    "Cluster",
    "cusum",
    "ears",
    "ears_alarms",
    "expected_counts",
    "space_time_permutation_scan",
    "zones_from_neighbours",
]

# Monte Carlo replicas are scored together, up to 16 at a time (one sparse product and
# one pass of array arithmetic for all of them instead of one each), with each
# zones x replicas x windows array kept under 24 MiB so that memory stays bounded however
# many zones there are (7 replicas a batch at 28,000 zones: no slower than 16, and
# 80 MiB less).
_BATCH = 16
_BATCH_BYTES = 24 * 2**20


@dataclass(frozen=True)
class Cluster:
    """One space-time cylinder: a zone (set of locations) over consecutive days.

    locations: indices into the location axis (rows of `cases`), sorted.
    start_day, end_day: first and last day of the window, inclusive, as indices into the
        day axis (columns of `cases`); for a prospective scan end_day is the last column.
    observed: cases in the zone during the window.
    expected: cases expected there under no space-time interaction,
        sum over the zone's locations and the window's days of C_s * C_d / C.
    relative_risk: observed / expected (how many times the expected number).
    llr: the log-likelihood ratio of the cylinder (the scan statistic; larger is stronger).
    p_value: Monte Carlo p-value, rank / (simulations + 1), where rank is one plus the
        number of permuted data sets whose *largest* llr anywhere is at least this one's
        (secondary clusters are compared with the same maxima, so theirs are
        conservative, as in SaTScan).
    recurrence_days: SaTScan's recurrence interval for prospective surveillance run once a
        day: 1 / p_value days, the average number of days between chance clusters at
        least this strong if the analysis were repeated daily on data with no outbreak
        (e.g. p = 0.01 -> once in 100 days). Not adjusted for scanning several topics.
    """

    locations: tuple[int, ...]
    start_day: int
    end_day: int
    observed: int
    expected: float
    relative_risk: float
    llr: float
    p_value: float
    recurrence_days: float


# --- Input checks -----------------------------------------------------------------------


def _counts(value: np.ndarray, *, name: str, ndim: tuple[int, ...]) -> np.ndarray:
    """`value` as an int64 array of non-negative whole numbers, or ValueError."""
    array = np.asarray(value)
    if array.ndim not in ndim:
        wanted = " or ".join(f"{n}-D" for n in ndim)
        raise ValueError(f"{name} must be a {wanted} array of counts, got shape {array.shape}")
    if array.size == 0 or 0 in array.shape:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number):
        raise ValueError(f"{name} must hold numbers (counts), got dtype {array.dtype}")
    if not np.issubdtype(array.dtype, np.integer):
        if not np.all(np.isfinite(array)) or np.any(array != np.round(array)):
            raise ValueError(f"{name} must hold whole numbers (counts of petitions)")
    if np.any(array < 0):
        where = tuple(int(i) for i in np.argwhere(array < 0)[0])
        raise ValueError(f"{name} must not be negative: {array[where]} at index {where}")
    return array.astype(np.int64)


def _zone_matrix(zones: Sequence[np.ndarray], locations: int) -> sp.csr_matrix:
    """The zone-membership matrix, one row per zone, a 1 in each member location's column."""
    if len(zones) == 0:
        raise ValueError("zones must not be empty: give at least one zone of locations")
    members = []
    for index, zone in enumerate(zones):
        array = np.asarray(zone)
        if array.ndim != 1 or array.size == 0:
            raise ValueError(f"zone {index} must be a non-empty 1-D array of location indices")
        if not np.issubdtype(array.dtype, np.integer):
            raise ValueError(f"zone {index} must hold integer location indices")
        if array.min() < 0 or array.max() >= locations:
            raise ValueError(
                f"zone {index} has a location index outside 0..{locations - 1}: {array.tolist()}"
            )
        members.append(np.unique(array))  # a location listed twice counts once
    rows = np.repeat(np.arange(len(members)), [len(m) for m in members])
    columns = np.concatenate(members)
    return sp.csr_matrix(
        (np.ones(len(columns), dtype=np.int64), (rows, columns)),
        shape=(len(members), locations),
    )


# --- Space-time permutation scan ----------------------------------------------------------


def expected_counts(*, cases: np.ndarray) -> np.ndarray:
    """Cases expected in each location and day if where a petition comes from did not
    depend on when: mu_sd = C_s * C_d / C (location total x day total / all cases), the
    null model of the space-time permutation scan. Same shape as `cases`; it has the same
    location totals, day totals and grand total as `cases`."""
    counts = _counts(cases, name="cases", ndim=(2,))
    total = counts.sum()
    if total == 0:
        return np.zeros(counts.shape)
    return np.outer(counts.sum(axis=1), counts.sum(axis=0)) / total


def space_time_permutation_scan(
    *,
    cases: np.ndarray,
    zones: Sequence[np.ndarray],
    max_days: int = 14,
    simulations: int = 999,
    alpha: float = 0.05,
    rng: np.random.Generator | None = None,
) -> list[Cluster]:
    """Prospective space-time permutation scan (Kulldorff et al. 2005).

    cases: counts [locations x days]; the study period is all the columns, the last column
        is "today".
    zones: candidate spatial zones, each an array of location indices (a commune and its
        nearest neighbours, see `zones_from_neighbours`); a cluster is always one of them.
    max_days: longest window; the windows are the last 1..max_days days (prospective: a
        cluster must still be going on today). Capped at the number of days.
    simulations: Monte Carlo replicas (999 gives p-values down to 0.001).
    alpha: report clusters with p_value <= alpha.
    rng: source of randomness (pass a seeded Generator for reproducible p-values).

    With C_s the cases of location s, C_d those of day d and C all cases, a cylinder A
    (zone z, window W) expects mu_A = C_z * C_W / C: the cases it would get if where a
    petition comes from did not depend on when. Its log-likelihood ratio, for observed
    c_A > mu_A, is the Poisson generalised likelihood ratio of the paper,

        llr = c log(c / mu) + (C - c) log((C - c) / (C - mu)),

    and 0 otherwise (only excesses are clusters). Significance: the day labels of the
    individual cases are permuted (every location keeps its total, every day its total,
    so every mu stays the same) `simulations` times; a cylinder's p-value is the rank of
    its llr among the replicas' largest llr.

    Returns the most likely cluster and then secondary clusters that share no location
    with any cluster listed before them, by decreasing llr, keeping those with
    p_value <= alpha; an empty list when nothing is significant.

    Cost: about 10 ms per replica, 8-10 s in all with 999 simulations, for a million
    petitions over 3,321 communes, 27,500 zones of up to 10 communes and 60 days on one
    core (bench/hotspots.py), with about 110 MiB of working memory (numpy's peak).
    """
    counts = _counts(cases, name="cases", ndim=(2,))
    locations, days = counts.shape
    membership = _zone_matrix(zones, locations)
    if max_days < 1:
        raise ValueError(f"max_days must be at least 1, got {max_days}")
    if simulations < 1:
        raise ValueError(f"simulations must be at least 1, got {simulations}")
    if not 0 < alpha <= 1:
        raise ValueError(f"alpha must be in (0, 1], got {alpha}")
    rng = rng if rng is not None else np.random.default_rng()
    total = int(counts.sum())
    if total == 0:
        return []
    width = min(max_days, days)

    # Column w of a "window" matrix is about the last w + 1 days: cumulative sums from the
    # last day backwards. Observed and expected counts are linear in the locations, so the
    # zone x window matrices are one sparse product each.
    location_totals = counts.sum(axis=1)
    day_totals = counts.sum(axis=0)
    window_totals = np.cumsum(day_totals[::-1][:width])  # C_W for W = last 1..width days
    zone_totals = membership @ location_totals  # C_z
    expected = np.outer(zone_totals, window_totals) / total  # mu, zones x windows
    observed = membership @ np.cumsum(counts[:, ::-1][:, :width], axis=1)

    scorer = _Scorer(expected=expected, total=total, largest=int(window_totals[-1]))
    llr = scorer.llr(observed)
    best = float(llr.max())
    if best <= 0:
        return []  # no cylinder has more cases than expected

    maxima = _simulated_maxima(
        counts=counts,
        membership=membership,
        window_day_totals=day_totals[::-1][:width],
        simulations=simulations,
        scorer=scorer,
        rng=rng,
    )
    maxima.sort()

    def p_value(value: float) -> float:
        # Ties count against the cluster; the tolerance absorbs rounding between cylinders
        # whose llr is mathematically equal.
        at_least = maxima.size - np.searchsorted(maxima, value - 1e-9 * max(1.0, value))
        return (1 + int(at_least)) / (simulations + 1)

    # Each zone's best window; all windows of a zone overlap in space, so a zone gives at
    # most one cluster. Zones in decreasing llr, until one is no longer significant.
    zone_window = llr.argmax(axis=1)
    zone_llr = llr[np.arange(llr.shape[0]), zone_window]
    ranked = np.argsort(-zone_llr, kind="stable")
    clusters: list[Cluster] = []
    taken = np.zeros(locations, dtype=bool)
    for zone in ranked:
        value = float(zone_llr[zone])
        if value <= 0:
            break
        p = p_value(value)
        if p > alpha:
            break  # the rest are weaker still
        members = membership.indices[membership.indptr[zone] : membership.indptr[zone + 1]]
        if taken[members].any():
            continue
        taken[members] = True
        window = int(zone_window[zone])
        c = int(observed[zone, window])
        mu = float(expected[zone, window])
        clusters.append(
            Cluster(
                locations=tuple(int(i) for i in np.sort(members)),
                start_day=days - 1 - window,
                end_day=days - 1,
                observed=c,
                expected=mu,
                relative_risk=c / mu,
                llr=_llr_exact(c, mu, total),
                p_value=p,
                recurrence_days=1 / p,
            )
        )
    return clusters


def _llr_exact(c: int, mu: float, total: int) -> float:
    return float(xlogy(c, c / mu) + xlogy(total - c, (total - c) / (total - mu)))


class _Scorer:
    """The llr of many cylinders at once, for observed counts that change from replica to
    replica while mu stays fixed.

    llr = c log c + (C-c) log(C-c) - c log mu - (C-c) log(C-mu)
        = f[c] - a - c * b,   f[c] = c log c + (C-c) log(C-c)  (a table over 0..largest),
                              a = C log(C - mu),  b = log mu - log(C - mu)  (per cylinder),
    so a replica costs a table look-up and a multiply-add per cylinder instead of two logs.
    """

    def __init__(self, *, expected: np.ndarray, total: int, largest: int) -> None:
        # A cylinder with mu = 0 can hold no case, one with mu = C holds them all: neither
        # can exceed mu, so their threshold is infinite and their constants unused.
        usable = (expected > 0) & (expected < total)
        mu = np.where(usable, expected, 1.0)
        rest = np.where(usable, total - expected, 1.0)
        self.threshold = np.where(usable, expected, np.inf)
        self.a = np.where(usable, total * np.log(rest), 0.0)
        self.b = np.where(usable, np.log(mu) - np.log(rest), 0.0)
        c = np.arange(largest + 1, dtype=np.float64)
        self.table = xlogy(c, c) + xlogy(total - c, total - c)

    def llr(self, observed: np.ndarray) -> np.ndarray:
        """llr of each cylinder (zones x windows, the shape of expected)."""
        value = self.table[observed]
        value -= self.a
        value -= observed * self.b
        value[observed <= self.threshold] = 0.0  # deficits are not clusters
        return value

    def maxima(self, observed: np.ndarray, *, work: "_Work") -> np.ndarray:
        """The largest llr of each replica of observed (zones x replicas x windows).

        The same arithmetic as `llr` (so equal cylinders give bit-equal values), written
        into preallocated arrays: allocating and freeing arrays of megabytes for every
        batch had the C library hand memory back to the system and fault it in again, a
        third of the run time spent in the kernel at 300 communes (measured). Deficits are
        zeroed by multiplying with the excess mask and the zones are reduced first (a
        contiguous reduction): together twice as fast as masked assignment and reducing
        the short window axis first (measured at 30,000 zones)."""
        np.take(self.table, observed, out=work.value, mode="clip")  # indices are in range
        work.value -= self.a[:, None, :]
        np.multiply(observed, self.b[:, None, :], out=work.scratch)
        work.value -= work.scratch
        np.greater(observed, self.threshold[:, None, :], out=work.excess)
        work.value *= work.excess
        return work.value.max(axis=0).max(axis=1)


class _Work:
    """Arrays reused from batch to batch of Monte Carlo replicas."""

    def __init__(
        self, *, locations: int, zones: int, batch: int, width: int, dtype: DTypeLike
    ) -> None:
        self.windows = np.empty((locations, batch, width), dtype=dtype)
        self.value = np.empty((zones, batch, width))
        self.scratch = np.empty((zones, batch, width))
        self.excess = np.empty((zones, batch, width), dtype=bool)


def _simulated_maxima(
    *,
    counts: np.ndarray,
    membership: sp.csr_matrix,
    window_day_totals: np.ndarray,
    simulations: int,
    scorer: _Scorer,
    rng: np.random.Generator,
) -> np.ndarray:
    """The largest llr over all cylinders in each of `simulations` permuted data sets.

    Permuting the day labels of the C cases only matters for the cases that land in the
    window days, so a replica is drawn as: pick, uniformly without replacement and in
    random order, which C_W of the C cases (listed location by location) get a window
    day, and give them the window days' labels in a fixed order (C_T times the last day,
    then C_(T-1) times the day before, ...). A uniformly random subset in uniformly
    random order with a fixed multiset of labels is exactly a uniform random assignment
    of those labels, i.e. the permutation distribution restricted to the window, with
    every location's and every day's total kept. It costs O(C_W) per replica (numpy's
    sampler without replacement, then one bincount), which measured faster than drawing
    the same table as a multivariate hypergeometric split day by day over all locations
    (O(locations x days) hypergeometric draws per replica) and far faster than shuffling
    all C labels.
    """
    locations = counts.shape[0]
    width = len(window_day_totals)
    location_totals = counts.sum(axis=1)
    total = int(location_totals.sum())
    in_window = int(window_day_totals.sum())
    index_type = np.int16 if locations < 2**15 else np.int32
    case_location = np.repeat(np.arange(locations, dtype=index_type), location_totals)
    labels = np.repeat(np.arange(width, dtype=np.int64), window_day_totals)
    value_type = np.int32 if in_window < 2**31 else np.int64
    membership = membership.astype(value_type)
    zones = membership.shape[0]
    # Equal batches, the last one topped up with a few replicas that are then dropped:
    # one set of work arrays instead of a second for a shorter last batch.
    largest_batch = int(np.clip(_BATCH_BYTES // (zones * width * 8), 1, _BATCH))
    batches = -(-simulations // largest_batch)
    batch = -(-simulations // batches)
    space = _Work(locations=locations, zones=zones, batch=batch, width=width, dtype=value_type)
    maxima = np.empty(batches * batch, dtype=np.float64)
    for start in range(0, batches * batch, batch):
        for replica in range(batch):
            chosen = rng.choice(total, size=in_window, replace=False)
            per_day = np.bincount(
                case_location[chosen].astype(np.int64) * width + labels,
                minlength=locations * width,
            ).reshape(locations, width)
            np.cumsum(per_day, axis=1, out=space.windows[:, replica, :])
        zone_counts = membership @ space.windows.reshape(locations, batch * width)
        maxima[start : start + batch] = scorer.maxima(
            zone_counts.reshape(zones, batch, width), work=space
        )
    return maxima[:simulations]


def zones_from_neighbours(
    *, neighbours: Sequence[Sequence[int]], max_size: int = 10
) -> list[np.ndarray]:
    """Candidate zones for the scan from each location's neighbours.

    neighbours[i] lists location i's neighbours, closest first. Location i gives the
    nested zones {i}, {i, n1}, {i, n1, n2}, ... up to max_size locations (circles
    growing around i, as SaTScan builds them from coordinates). Zones that come out the
    same from different centres are kept once. Each zone is a sorted int array.
    """
    if max_size < 1:
        raise ValueError(f"max_size must be at least 1, got {max_size}")
    count = len(neighbours)
    seen: set[tuple[int, ...]] = set()
    zones: list[np.ndarray] = []
    for centre, near in enumerate(neighbours):
        members = [centre]
        candidates = [centre, *near]
        for position, location in enumerate(candidates):
            location = int(location)
            if not 0 <= location < count:
                raise ValueError(
                    f"neighbours[{centre}] has index {location} outside 0..{count - 1}"
                )
            if position > 0:
                if location in members:
                    continue  # the centre itself or a repeat
                if len(members) == max_size:
                    break
                members.append(location)
            key = tuple(sorted(members))
            if key not in seen:
                seen.add(key)
                zones.append(np.array(key, dtype=np.intp))
    return zones


# --- EARS and CUSUM -----------------------------------------------------------------------

_EARS_LAG = {"C1": 1, "C2": 3, "C3": 3}  # the baseline ends this many days before day t
_EARS_BASELINE = 7
_EARS_THRESHOLD = {"C1": 3.0, "C2": 3.0, "C3": 2.0}


def _series(value: np.ndarray, *, name: str = "series") -> np.ndarray:
    return _counts(value, name=name, ndim=(1, 2)).astype(np.float64)


def _moving_baseline(
    y: np.ndarray, *, length: int, lag: int, min_sigma: float
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and floored sample sd (n - 1) of days t-lag-length+1 .. t-lag for each day t;
    NaN where those days are not all in the series."""
    days = y.shape[-1]
    mean = np.full(y.shape, np.nan)
    sd = np.full(y.shape, np.nan)
    first = lag + length - 1  # first day with a full baseline
    if days > first:
        windows = sliding_window_view(y, length, axis=-1)[..., : days - first, :]
        mean[..., first:] = windows.mean(axis=-1)
        sd[..., first:] = np.maximum(windows.std(axis=-1, ddof=1), min_sigma)
    return mean, sd


def ears(*, series: np.ndarray, method: str = "C2", min_sigma: float = 1.0) -> np.ndarray:
    """CDC EARS statistics for daily counts (Hutwagner et al. 2003; Fricker et al. 2008).

    With Y_t the count of day t and ybar, s the mean and sample standard deviation of a
    seven-day baseline:
      C1(t) = (Y_t - ybar) / s, baseline days t-7 .. t-1;
      C2(t) = (Y_t - ybar) / s, baseline days t-9 .. t-3 (two guard days, so an outbreak's
              first days do not enter its own baseline);
      C3(t) = sum over i = t-2 .. t of max(0, C2(i) - 1): the C2 excesses above one
              standard deviation of today and the two days before (Fricker et al. 2008,
              eq. 3; the surveillance R package's earsC writes the same rule as an upper
              bound).
    Each is a number of baseline standard deviations, NaN where the baseline is not
    available (the first 7, 9 and 11 days). s is floored at `min_sigma` (default 1
    petition, as the surveillance package's `minSigma`): a baseline of identical counts
    (often all zeros in a quiet commune) has s = 0, and one petition would otherwise be
    an infinite statistic.

    series: one daily series, or a matrix of them (days along the last axis).
    """
    if method not in _EARS_LAG:
        raise ValueError(f"method must be one of C1, C2, C3, got {method!r}")
    if min_sigma <= 0:
        raise ValueError(f"min_sigma must be positive, got {min_sigma}")
    y = _series(series)
    mean, sd = _moving_baseline(
        y, length=_EARS_BASELINE, lag=_EARS_LAG[method], min_sigma=min_sigma
    )
    with np.errstate(invalid="ignore"):  # NaN baselines stay NaN
        c2 = (y - mean) / sd
    if method != "C3":
        return c2
    excess = np.maximum(c2 - 1, 0)  # NaN stays NaN
    c3 = np.full(y.shape, np.nan)
    c3[..., 2:] = excess[..., 2:] + excess[..., 1:-1] + excess[..., :-2]
    return c3


def ears_alarms(
    *,
    series: np.ndarray,
    method: str = "C2",
    threshold: float | None = None,
    min_sigma: float = 1.0,
) -> np.ndarray:
    """Days on which EARS signals: the statistic of `ears` above `threshold`.

    The default thresholds are the literature's (Hutwagner et al. 2003; Fricker et al.
    2008): 3 standard deviations for C1 and C2, 2 for C3 (whose statistic sums three days
    of excesses over one standard deviation). Days without a baseline never signal.
    Boolean array of the series' shape.
    """
    if method not in _EARS_THRESHOLD:
        raise ValueError(f"method must be one of C1, C2, C3, got {method!r}")
    limit = _EARS_THRESHOLD[method] if threshold is None else threshold
    statistic = ears(series=series, method=method, min_sigma=min_sigma)
    return np.nan_to_num(statistic, nan=-np.inf) > limit


def cusum(
    *,
    series: np.ndarray,
    baseline_days: int = 28,
    k: float = 0.5,
    h: float = 4.0,
    min_sigma: float = 1.0,
) -> np.ndarray:
    """Days on which a one-sided standardised CUSUM signals an increase.

    Each day's count is standardised against the mean and sample sd (floored at
    `min_sigma`, as in `ears`) of the previous `baseline_days` days,
    z_t = (Y_t - mean) / sd; the upper CUSUM S_t = max(0, S_(t-1) + z_t - k) signals when
    S_t > h and then restarts from 0, so a lasting rise signals again every few days.
    k = 0.5 tunes it to a shift of one standard deviation; h = 4 gives, for normal data,
    about one false signal every 170 days, fewer for a sd floored on low counts. Days
    before the first full baseline never signal (S stays 0). Boolean array of the
    series' shape (one series or a matrix with days along the last axis).
    """
    if baseline_days < 2:
        raise ValueError(f"baseline_days must be at least 2, got {baseline_days}")
    if min_sigma <= 0:
        raise ValueError(f"min_sigma must be positive, got {min_sigma}")
    y = _series(series)
    mean, sd = _moving_baseline(y, length=baseline_days, lag=1, min_sigma=min_sigma)
    with np.errstate(invalid="ignore"):
        z = np.nan_to_num((y - mean) / sd, nan=0.0)  # no baseline yet: no evidence
    alarms = np.zeros(y.shape, dtype=bool)
    s = np.zeros(y.shape[:-1])
    for t in range(baseline_days, y.shape[-1]):
        s = np.maximum(0.0, s + z[..., t] - k)
        alarms[..., t] = s > h
        s = np.where(alarms[..., t], 0.0, s)
    return alarms
