"""Hotspot benchmark: the space-time permutation scan against EARS C2, C3 and CUSUM.

    .venv/bin/python -m bench.hotspots [--communes N] [--days D] [--outbreaks K] [--seed S]
                                       [--simulations M] [--cases C]

1. Detection on synthetic petition streams: N communes in districts of 10 (a commune's
   neighbours are the other communes of its district, nearest first), D days of Poisson
   petitions per commune and day (each commune its own rate, fewer petitions at the
   weekend), and K outbreaks of known start, place (one commune and 0-2 of its nearest
   neighbours) and size (extra petitions a day in each of its communes, ramping up over
   a week, for 10-21 days). Every detector runs prospectively, day by day, over the last
   120 days: the scan each day on the 60 days up to that day (windows of 1-14 days
   ending that day, zones of up to 10 communes, M simulations); EARS and CUSUM on each
   commune's daily series. Per detector: sensitivity (share of outbreaks signalled in one
   of their communes within 14 days of their start), median delay of those signals
   (days from the start; 0 = on the first day) and false alarms per 100 commune-months
   (signalling commune-days outside every outbreak's communes and days), side by side.
2. Speed at a million petitions: one prospective scan of C petitions over 3,321 communes
   (zones: each commune and its up to 9 nearest) and 60 days, against one EARS C2 pass
   over the same commune-day matrix (the reference, in the same run), and the ratio.

Prints absolute numbers and the ratios; read the ratios.
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402  (after the thread settings)
from scipy.spatial import cKDTree  # noqa: E402

from nghedan.alerts.scan import (  # noqa: E402
    cusum,
    ears,
    ears_alarms,
    space_time_permutation_scan,
    zones_from_neighbours,
)

STUDY_DAYS = 60  # the scan's window of data each day
EVALUATION_DAYS = 120
MAX_DAYS = 14  # longest cluster window, and the detection horizon
DISTRICT = 10  # communes per district
# Monday..Sunday: offices receive fewer petitions at the weekend.
WEEKLY = np.array([1.15, 1.1, 1.1, 1.1, 1.05, 0.8, 0.7])


@dataclass(frozen=True)
class Outbreak:
    communes: tuple[int, ...]
    start: int
    days: int
    peak: float  # extra petitions a day in each commune once ramped up
    extra: int  # extra petitions injected in all


def best_time(run, *, repeat: int = 5) -> float:
    """Seconds of the fastest of `repeat` runs: the reference takes milliseconds, where
    one run's time is mostly noise."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def district_neighbours(communes: int, rng: np.random.Generator) -> list[list[int]]:
    """Each commune's neighbours: the other communes of its district, nearest first."""
    points = rng.random((communes, 2))
    neighbours = []
    for i in range(communes):
        first = i - i % DISTRICT
        others = [j for j in range(first, min(first + DISTRICT, communes)) if j != i]
        neighbours.append(sorted(others, key=lambda j: float(np.sum((points[j] - points[i]) ** 2))))
    return neighbours


def synthetic_stream(
    *, communes: int, days: int, outbreaks: int, neighbours: list[list[int]], rng
) -> tuple[np.ndarray, list[Outbreak]]:
    rates = rng.gamma(2.0, 1.5, size=communes)  # mean 3 petitions a commune-day
    mean = np.outer(rates, WEEKLY[np.arange(days) % 7] / WEEKLY.mean())
    cases = rng.poisson(mean)
    planted = []
    first_start, last_start = days - EVALUATION_DAYS, days - MAX_DAYS
    districts = max(1, communes // DISTRICT)
    # One outbreak per district while there are districts to spare.
    homes = rng.choice(districts, size=outbreaks, replace=outbreaks > districts)
    for home in homes:
        centre = int(home * DISTRICT + rng.integers(min(DISTRICT, communes - home * DISTRICT)))
        places = (centre, *neighbours[centre][: rng.integers(0, 3)])
        start = int(rng.integers(first_start, last_start + 1))
        length = int(rng.integers(10, 22))
        peak = float(rng.uniform(2.0, 5.0))
        ramp = np.minimum(1.0, np.arange(1, length + 1) / 7)  # a week to reach the peak
        end = min(days, start + length)
        extra = rng.poisson(peak * ramp[: end - start], size=(len(places), end - start))
        cases[list(places), start:end] += extra
        planted.append(Outbreak(tuple(sorted(places)), start, length, peak, int(extra.sum())))
    return cases, planted


def explained(outbreaks: list[Outbreak], *, shape: tuple[int, int]) -> np.ndarray:
    """Commune-days where an alarm is not false: an outbreak's communes from its start
    until MAX_DAYS after its end, while its petitions are still in the detectors' windows."""
    mask = np.zeros(shape, dtype=bool)
    for outbreak in outbreaks:
        mask[
            list(outbreak.communes), outbreak.start : outbreak.start + outbreak.days + MAX_DAYS
        ] = True
    return mask


def score(alarms: np.ndarray, outbreaks: list[Outbreak]) -> tuple[float, float, float]:
    """Sensitivity, median delay and false alarms per 100 commune-months of an alarm
    matrix [communes x days] over the evaluation days."""
    first = alarms.shape[1] - EVALUATION_DAYS
    alarms = alarms.copy()
    alarms[:, :first] = False
    delays = []
    for outbreak in outbreaks:
        rows = list(outbreak.communes)
        horizon = alarms[rows, outbreak.start : outbreak.start + MAX_DAYS].any(axis=0)
        if horizon.any():
            delays.append(int(np.argmax(horizon)))
    false = int(np.sum(alarms & ~explained(outbreaks, shape=alarms.shape)))
    commune_months = alarms.shape[0] * EVALUATION_DAYS / 30
    sensitivity = len(delays) / len(outbreaks) if outbreaks else float("nan")
    delay = statistics.median(delays) if delays else float("nan")
    return sensitivity, delay, 100 * false / commune_months


def matched_threshold(statistic: np.ndarray, outbreaks: list[Outbreak], *, false: float) -> float:
    """The smallest threshold at which `statistic` gives no more false alarms (per 100
    commune-months) than `false`: the value just below the (allowed + 1)-th largest
    statistic among the evaluation's unexplained commune-days."""
    unexplained = ~explained(outbreaks, shape=statistic.shape)
    unexplained[:, : statistic.shape[1] - EVALUATION_DAYS] = False
    values = np.sort(np.nan_to_num(statistic[unexplained], nan=-np.inf))[::-1]
    allowed = int(false * statistic.shape[0] * EVALUATION_DAYS / 30 / 100)
    return float(values[allowed]) if allowed < len(values) else -np.inf


def prospective_scan(
    cases: np.ndarray, zones: list[np.ndarray], *, simulations: int, seed: int
) -> tuple[np.ndarray, float]:
    """Run the scan each evaluation day on the STUDY_DAYS up to it. Returns the smallest
    p-value of a cluster covering each commune-day (1 where none) and the seconds per
    daily run."""
    communes, days = cases.shape
    best_p = np.ones(cases.shape)
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    for today in range(days - EVALUATION_DAYS, days):
        window = cases[:, today - STUDY_DAYS + 1 : today + 1]
        clusters = space_time_permutation_scan(
            cases=window, zones=zones, max_days=MAX_DAYS, simulations=simulations, rng=rng
        )
        for cluster in clusters:
            rows = list(cluster.locations)
            best_p[rows, today] = np.minimum(best_p[rows, today], cluster.p_value)
    return best_p, (time.perf_counter() - started) / EVALUATION_DAYS


def detection(args) -> None:
    rng = np.random.default_rng(args.seed)
    neighbours = district_neighbours(args.communes, rng)
    zones = zones_from_neighbours(neighbours=neighbours, max_size=DISTRICT)
    cases, outbreaks = synthetic_stream(
        communes=args.communes,
        days=args.days,
        outbreaks=args.outbreaks,
        neighbours=neighbours,
        rng=rng,
    )
    sizes = [o.extra for o in outbreaks]
    print(
        f"## Detection: {args.communes} communes x {args.days} days, "
        f"{int(cases.sum()):,} petitions, {len(outbreaks)} outbreaks "
        f"(1-3 communes, extra petitions in all: median {statistics.median(sizes):.0f}, "
        f"range {min(sizes)}-{max(sizes)}), last {EVALUATION_DAYS} days, {len(zones)} zones"
    )
    best_p, per_day = prospective_scan(
        cases, zones, simulations=args.simulations, seed=args.seed + 1
    )
    c2 = ears_alarms(series=cases, method="C2")
    ears_time = best_time(lambda: ears_alarms(series=cases, method="C2"))
    detectors = {
        f"scan, p <= 0.05 ({args.simulations} sims)": best_p <= 0.05,
        "scan, p <= 0.01 (recurrence >= 100 d)": best_p <= 0.01,
        "EARS C2 (> 3)": c2,
        "EARS C3 (> 2)": ears_alarms(series=cases, method="C3"),
        "CUSUM (k 0.5, h 4, 28-day baseline)": cusum(series=cases),
    }
    results = {name: score(alarms, outbreaks) for name, alarms in detectors.items()}
    # The baselines again, their thresholds raised until they give no more false alarms
    # than the scan at p <= 0.05 (tuned on this very stream, which favours them): how
    # sensitive and how fast each is at the same false-alarm rate.
    target = results[f"scan, p <= 0.05 ({args.simulations} sims)"][2]
    for method in ("C2", "C3"):
        statistic = ears(series=cases, method=method)
        limit = matched_threshold(statistic, outbreaks, false=target)
        name = f"EARS {method} (> {limit:.1f}, scan's FA rate)"
        results[name] = score(np.nan_to_num(statistic, nan=-np.inf) > limit, outbreaks)
    for h in np.arange(4.0, 40.0, 0.5):
        alarms = cusum(series=cases, h=float(h))
        if score(alarms, outbreaks)[2] <= target:
            results[f"CUSUM (h {h:.1f}, scan's FA rate)"] = score(alarms, outbreaks)
            break
    reference = results["EARS C2 (> 3)"]
    print(
        f"{'detector':<40} {'sensitivity':>11} {'median delay':>12} "
        f"{'false/100 c-m':>13} {'FA vs C2':>9}"
    )
    for name, (sensitivity, delay, false) in results.items():
        ratio = false / reference[2] if reference[2] else float("nan")
        print(f"{name:<40} {sensitivity:11.2f} {delay:10.1f} d {false:13.2f} {ratio:9.3f}")
    print(
        f"time: scan {per_day:.2f} s per daily run ({args.communes} communes, {len(zones)} "
        f"zones, {STUDY_DAYS} days, {args.simulations} sims); EARS C2 over all "
        f"{args.days} days of every commune {ears_time * 1000:.1f} ms"
    )
    print()


def million(args) -> None:
    communes, days = 3321, STUDY_DAYS
    rng = np.random.default_rng(args.seed + 2)
    points = rng.random((communes, 2))
    _, nearest = cKDTree(points).query(points, k=DISTRICT)
    zones = zones_from_neighbours(neighbours=[list(row[1:]) for row in nearest], max_size=DISTRICT)
    rates = rng.gamma(2.0, 0.5, size=communes)
    mean = np.outer(rates, WEEKLY[np.arange(days) % 7])
    cases = rng.poisson(mean * args.cases / mean.sum())
    print(
        f"## Speed: one prospective scan of {int(cases.sum()):,} petitions, {communes} "
        f"communes, {len(zones):,} zones (<= {DISTRICT}), {days} days, windows 1-{MAX_DAYS} "
        f"days, {args.simulations} simulations, one core"
    )
    reference = best_time(lambda: ears_alarms(series=cases, method="C2"))
    started = time.perf_counter()
    clusters = space_time_permutation_scan(
        cases=cases,
        zones=zones,
        max_days=MAX_DAYS,
        simulations=args.simulations,
        rng=np.random.default_rng(args.seed + 3),
    )
    elapsed = time.perf_counter() - started
    print(
        f"reference, EARS C2 over the same {communes} x {days} matrix (best of 5): {reference * 1000:.1f} ms"
    )
    print(
        f"space-time permutation scan: {elapsed:.1f} s "
        f"({elapsed / (args.simulations + 1) * 1000:.1f} ms per replica), "
        f"{len(clusters)} clusters at p <= 0.05 on data without outbreaks"
    )
    print(f"ratio scan / EARS C2: {elapsed / reference:,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=300)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--outbreaks", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--simulations", type=int, default=999)
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.days < EVALUATION_DAYS + STUDY_DAYS:
        parser.error(f"--days must be at least {EVALUATION_DAYS + STUDY_DAYS}")
    started = time.perf_counter()
    detection(args)
    million(args)
    print(f"\nwhole benchmark: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
