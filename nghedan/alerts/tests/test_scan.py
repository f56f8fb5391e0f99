"""The hotspot statistics on synthetic counts: no database, fixed seeds."""

import numpy as np
import pytest
from scipy import stats

from nghedan.alerts.scan import (
    Cluster,
    cusum,
    ears,
    ears_alarms,
    expected_counts,
    space_time_permutation_scan,
    zones_from_neighbours,
)


def line_zones(locations: int, *, max_size: int) -> list[np.ndarray]:
    """Locations on a line, each one's neighbours ordered by distance along it."""
    neighbours = [
        sorted((j for j in range(locations) if j != i), key=lambda j, i=i: (abs(j - i), j))
        for i in range(locations)
    ]
    return zones_from_neighbours(neighbours=neighbours, max_size=max_size)


def quiet(rng: np.random.Generator, *, locations: int, days: int) -> np.ndarray:
    """Poisson counts whose rate is a location effect times a day effect: no interaction."""
    place = rng.gamma(2.0, 1.5, size=locations)
    day = 1.0 + 0.4 * np.sin(np.arange(days) * 2 * np.pi / 7)
    return rng.poisson(np.outer(place, day))


# --- The scan -----------------------------------------------------------------------------


def test_the_scan_finds_a_planted_cluster_in_its_places_ending_today():
    rng = np.random.default_rng(11)
    cases = rng.poisson(3.0, size=(60, 40))
    cases[[20, 21, 22], -5:] += rng.poisson(6.0, size=(3, 5))

    clusters = space_time_permutation_scan(
        cases=cases, zones=line_zones(60, max_size=5), simulations=199, rng=rng
    )

    top = clusters[0]
    assert top.locations == (20, 21, 22)
    assert top.end_day == 39
    assert 34 <= top.start_day <= 36
    assert top.p_value == pytest.approx(1 / 200)
    assert top.recurrence_days == pytest.approx(200)
    assert top.relative_risk == pytest.approx(top.observed / top.expected)
    assert top.relative_risk > 2
    assert top.observed == cases[20:23, top.start_day :].sum()


def test_the_scan_stays_silent_on_quiet_streams_about_as_often_as_alpha_says():
    """20 streams with no space-time interaction: a valid test at alpha = 0.05 reports a
    cluster in about one of them; five or more would happen by chance 0.3% of the time."""
    zones = line_zones(30, max_size=4)
    fired = 0
    for seed in range(20):
        rng = np.random.default_rng(1000 + seed)
        cases = quiet(rng, locations=30, days=30)
        clusters = space_time_permutation_scan(
            cases=cases, zones=zones, max_days=7, simulations=99, alpha=0.05, rng=rng
        )
        assert all(cluster.p_value <= 0.05 for cluster in clusters)
        fired += bool(clusters)
    assert fired <= 4


def test_a_rise_everywhere_at_once_is_not_a_space_time_cluster():
    """Every commune doubles over the last week (a holiday backlog, a national news story):
    the permutation model expects it from the day totals, so there is no cluster, while
    EARS on the total count does signal."""
    rng = np.random.default_rng(5)
    rate = np.outer(rng.gamma(2.0, 2.0, size=40), np.ones(35))
    rate[:, -7:] *= 2
    cases = rng.poisson(rate)

    clusters = space_time_permutation_scan(
        cases=cases, zones=line_zones(40, max_size=5), simulations=199, rng=rng
    )

    assert clusters == []
    assert ears_alarms(series=cases.sum(axis=0), method="C2")[-7:].any()


def test_expected_counts_keep_the_totals_of_places_days_and_all():
    rng = np.random.default_rng(3)
    cases = rng.poisson(2.0, size=(25, 30))

    mu = expected_counts(cases=cases)

    assert mu.sum() == pytest.approx(cases.sum())
    np.testing.assert_allclose(mu.sum(axis=1), cases.sum(axis=1))
    np.testing.assert_allclose(mu.sum(axis=0), cases.sum(axis=0))


def test_a_clusters_expected_count_is_the_sum_of_expected_counts_over_its_cylinder():
    rng = np.random.default_rng(4)
    cases = rng.poisson(2.0, size=(30, 30))
    cases[[7, 8], -3:] += 8

    [top, *_] = space_time_permutation_scan(
        cases=cases, zones=line_zones(30, max_size=4), simulations=99, rng=rng
    )

    mu = expected_counts(cases=cases)
    rows = list(top.locations)
    assert top.expected == pytest.approx(mu[rows, top.start_day :].sum())
    c, e, total = top.observed, top.expected, cases.sum()
    assert top.llr == pytest.approx(
        c * np.log(c / e) + (total - c) * np.log((total - c) / (total - e))
    )


def test_a_cluster_is_always_one_of_the_given_zones():
    """Zones that are not circles (arbitrary sets): each cluster is one of them exactly."""
    rng = np.random.default_rng(8)
    cases = rng.poisson(2.0, size=(50, 30))
    cases[[3, 17, 41], -4:] += 7
    cases[[25, 26], -2:] += 9
    zones = [rng.choice(50, size=rng.integers(1, 6), replace=False) for _ in range(300)]
    zones += [np.array([3, 17, 41]), np.array([25, 26, 30])]

    clusters = space_time_permutation_scan(cases=cases, zones=zones, simulations=99, rng=rng)

    given = {tuple(sorted(int(i) for i in zone)) for zone in zones}
    assert clusters
    assert all(cluster.locations in given for cluster in clusters)
    assert clusters[0].locations == (3, 17, 41)


def test_secondary_clusters_share_no_place_and_come_by_decreasing_llr():
    rng = np.random.default_rng(9)
    cases = rng.poisson(3.0, size=(60, 30))
    cases[[10, 11], -4:] += 10
    cases[[45, 46, 47], -6:] += 5

    clusters = space_time_permutation_scan(
        cases=cases, zones=line_zones(60, max_size=5), simulations=199, rng=rng
    )

    assert len(clusters) >= 2
    places = [set(cluster.locations) for cluster in clusters]
    assert {10, 11} <= places[0] and {45, 46, 47} <= places[1]
    for i, first in enumerate(places):
        assert all(not first & later for later in places[i + 1 :])
    assert [c.llr for c in clusters] == sorted((c.llr for c in clusters), reverse=True)


def test_the_same_seed_gives_the_same_clusters():
    cases = np.random.default_rng(1).poisson(2.0, size=(20, 20))
    cases[[4, 5], -3:] += 6
    zones = line_zones(20, max_size=3)

    def run() -> list[Cluster]:
        return space_time_permutation_scan(
            cases=cases, zones=zones, simulations=99, rng=np.random.default_rng(7)
        )

    assert run() == run()


def test_a_stream_with_no_cases_has_no_cluster():
    zones = line_zones(5, max_size=2)
    assert space_time_permutation_scan(cases=np.zeros((5, 10), dtype=int), zones=zones) == []


# --- EARS and CUSUM -------------------------------------------------------------------------


def step(rng: np.random.Generator, *, before: float, after: float, at: int, days: int):
    return rng.poisson(np.where(np.arange(days) < at, before, after))


@pytest.mark.parametrize("method", ["C1", "C2", "C3"])
def test_ears_fires_within_a_few_days_of_a_clear_step(method):
    rng = np.random.default_rng(21)
    series = step(rng, before=10, after=25, at=40, days=60)

    alarms = ears_alarms(series=series, method=method)

    assert not alarms[:40].any()
    assert alarms[40:43].any()


def test_cusum_fires_within_a_few_days_of_a_clear_step():
    rng = np.random.default_rng(22)
    series = step(rng, before=10, after=20, at=60, days=90)

    alarms = cusum(series=series)

    assert not alarms[:60].any()
    assert alarms[60:64].any()


def test_ears_stays_quiet_on_flat_poisson_series_at_its_real_nominal_rate():
    """The 3-sigma rule assumes a known sd; with a 7-day baseline (Y - mean) / s is about
    sqrt(1 + 1/7) t(6), above 3 on 1.6% of days: C1 and C2 stay within half to twice that.
    C3 sums three days, so one spike counts thrice: it is noisier but still bounded."""
    rng = np.random.default_rng(23)
    series = rng.poisson(10.0, size=(200, 365))
    nominal = stats.t.sf(3 / np.sqrt(1 + 1 / 7), df=6)

    for method in ("C1", "C2"):
        rate = ears_alarms(series=series, method=method)[:, 11:].mean()
        assert nominal / 2 < rate < 2 * nominal, (method, rate)
    assert ears_alarms(series=series, method="C3")[:, 11:].mean() < 0.1


def test_cusum_stays_quiet_on_flat_poisson_series_at_its_nominal_rate():
    """k = 0.5, h = 4 has an in-control average run length of about 168 days."""
    rng = np.random.default_rng(24)
    series = rng.poisson(10.0, size=(200, 365))

    rate = cusum(series=series)[:, 28:].mean()

    assert rate < 2 / 168


def test_ears_statistics_follow_the_published_formulas():
    series = np.array([3, 5, 4, 6, 2, 4, 5, 7, 3, 4, 9, 12, 15, 4])
    c1, c2, c3 = (ears(series=series, method=m) for m in ("C1", "C2", "C3"))

    t = 12
    b1, b2 = series[t - 7 : t], series[t - 9 : t - 2]
    assert c1[t] == pytest.approx((series[t] - b1.mean()) / b1.std(ddof=1))
    assert c2[t] == pytest.approx((series[t] - b2.mean()) / b2.std(ddof=1))
    assert c3[t] == pytest.approx(sum(max(0.0, c2[i] - 1) for i in (t - 2, t - 1, t)))
    assert np.isnan(c1[:7]).all() and not np.isnan(c1[7:]).any()
    assert np.isnan(c2[:9]).all() and not np.isnan(c2[9:]).any()
    assert np.isnan(c3[:11]).all() and not np.isnan(c3[11:]).any()


def test_a_flat_baseline_does_not_divide_by_zero():
    series = np.array([0] * 10 + [1, 3])

    c2 = ears(series=series, method="C2")

    assert c2[10] == 1.0 and c2[11] == 3.0  # sd floored at one petition
    assert list(ears_alarms(series=series)) == [False] * 12


def test_baselines_take_a_matrix_of_series_row_by_row():
    rng = np.random.default_rng(25)
    matrix = rng.poisson(5.0, size=(4, 50))

    for row in range(4):
        np.testing.assert_array_equal(
            ears(series=matrix, method="C3")[row], ears(series=matrix[row], method="C3")
        )
        np.testing.assert_array_equal(cusum(series=matrix)[row], cusum(series=matrix[row]))


# --- Zones ----------------------------------------------------------------------------------


def test_zones_grow_from_each_place_by_its_nearest_neighbours_once_each():
    neighbours = [[1, 2], [0, 2], [1, 0]]

    zones = zones_from_neighbours(neighbours=neighbours, max_size=3)

    assert [tuple(zone) for zone in zones] == [(0,), (0, 1), (0, 1, 2), (1,), (2,), (1, 2)]


def test_zones_stop_at_max_size_and_skip_the_centre_in_its_own_list():
    zones = zones_from_neighbours(neighbours=[[0, 1, 2, 3], [0], [1], [2]], max_size=2)

    assert max(len(zone) for zone in zones) == 2
    assert [tuple(zone) for zone in zones[:2]] == [(0,), (0, 1)]


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cases", "zones", "message"),
    [
        (np.array([[1, -1], [0, 2]]), [np.array([0])], "must not be negative"),
        (np.array([1, 2, 3]), [np.array([0])], "2-D"),
        (np.zeros((2, 0), dtype=int), [np.array([0])], "must not be empty"),
        (np.array([[1.5, 2.0], [0.0, 1.0]]), [np.array([0])], "whole numbers"),
        (np.ones((2, 3), dtype=int), [], "zones must not be empty"),
        (np.ones((2, 3), dtype=int), [np.array([0, 2])], "outside 0..1"),
        (np.ones((2, 3), dtype=int), [np.array([], dtype=int)], "non-empty"),
    ],
)
def test_the_scan_refuses_bad_input_with_a_clear_message(cases, zones, message):
    with pytest.raises(ValueError, match=message):
        space_time_permutation_scan(cases=cases, zones=zones, simulations=9)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"max_days": 0}, "max_days"),
        ({"simulations": 0}, "simulations"),
        ({"alpha": 0}, "alpha"),
    ],
)
def test_the_scan_refuses_bad_settings(arguments, message):
    with pytest.raises(ValueError, match=message):
        space_time_permutation_scan(
            cases=np.ones((2, 3), dtype=int), zones=[np.array([0])], **arguments
        )


def test_the_baselines_refuse_bad_input_with_a_clear_message():
    with pytest.raises(ValueError, match="must not be negative"):
        ears(series=np.array([1, 2, -3]))
    with pytest.raises(ValueError, match="1-D or 2-D"):
        ears(series=np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="C1, C2, C3"):
        ears_alarms(series=np.ones(20), method="C4")
    with pytest.raises(ValueError, match="must not be negative"):
        cusum(series=np.array([[1, 2], [3, -1]]))
    with pytest.raises(ValueError, match="baseline_days"):
        cusum(series=np.ones(20), baseline_days=1)
    with pytest.raises(ValueError, match="outside 0..1"):
        zones_from_neighbours(neighbours=[[1], [2]])
