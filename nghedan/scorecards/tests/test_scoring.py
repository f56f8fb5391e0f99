"""The composite index and ranks: small samples are shrunk, uncertainty is shown."""

from collections import OrderedDict

import numpy as np
import pytest

from nghedan.scorecards import scoring
from nghedan.scorecards.counts import Counts
from nghedan.scorecards.indicators import Measured
from nghedan.scorecards.scoring import composite, rank_intervals, shrink, weights


def rated(high: int, total: int) -> Measured:
    counts = Counts()
    counts.bump("rated", total)
    counts.bump("rated_high", high)
    return Measured(counts)


@pytest.fixture
def satisfaction_only(settings):
    settings.NGHEDAN_SCORE_WEIGHTS = {"satisfied": 1.0}
    settings.NGHEDAN_SCORE_PRIOR_STRENGTH = 20


def test_shrinkage_pulls_a_small_sample_towards_the_reference():
    few = shrink(3, 3, reference=0.7, strength=20)
    assert few.value == 1.0
    assert few.shrunk == pytest.approx((3 + 14) / 23)
    many = shrink(2900, 3000, reference=0.7, strength=20)
    assert many.shrunk == pytest.approx((2900 + 14) / 3020)
    assert few.high - few.low > 5 * (many.high - many.low)
    assert few.low < few.shrunk < few.high


def test_no_data_gives_the_reference_with_the_prior_width():
    none = shrink(0, 0, reference=0.6, strength=20)
    assert none.value is None
    assert none.shrunk == pytest.approx(0.6)
    assert 0.35 < none.low < 0.45 and 0.75 < none.high < 0.85


def test_three_ratings_never_outrank_three_thousand(satisfaction_only):
    reference = {"satisfied": 0.7}
    three_perfect = composite(rated(3, 3), reference)
    three_thousand = composite(rated(2850, 3000), reference)  # 95%
    assert three_thousand.score > three_perfect.score
    ranks = rank_intervals([three_perfect, three_thousand])
    assert ranks[1][0] == 1 and ranks[0][0] == 2
    # The small one could plausibly be either; the big one's place is clear.
    assert ranks[1][1] == 1


def test_rank_intervals_are_wide_for_small_samples_and_narrow_for_large(satisfaction_only):
    reference = {"satisfied": 0.5}
    large = [
        composite(rated(int(n * share), n), reference)
        for n, share in [(5000, 0.9), (5000, 0.7), (5000, 0.5), (5000, 0.3)]
    ]
    small = composite(rated(2, 3), reference)
    ranks = rank_intervals(large + [small])
    # 2 of 3 shrinks to (2 + 10) / 23 = 0.52: just above the 50% agency.
    assert [r[0] for r in ranks] == [1, 2, 4, 5, 3]
    assert ranks[0][1:] == (1, 1)  # 90% of 5,000 is first in every draw
    assert ranks[4][2] - ranks[4][1] >= 2  # the small sample's place is uncertain


def test_ranks_asked_again_with_the_same_figures_are_kept_not_drawn_again(
    satisfaction_only, monkeypatch
):
    monkeypatch.setattr(scoring, "_ranks_drawn", OrderedDict())
    reference = {"satisfied": 0.5}
    composites = [composite(rated(high, 40), reference) for high in (30, 20, 25, 10)]
    first = rank_intervals(composites)
    assert len(scoring._ranks_drawn) == 1

    drawn = []
    default_rng = np.random.default_rng
    with monkeypatch.context() as patched:
        patched.setattr(
            np.random, "default_rng", lambda seed: drawn.append(seed) or default_rng(seed)
        )
        assert rank_intervals(composites) == first
        assert drawn == []
        rank_intervals(composites[:3])  # other figures are drawn
        assert drawn == [scoring.SEED]

    scoring._ranks_drawn.clear()
    assert rank_intervals(composites) == first


def test_the_index_is_the_weighted_mean_of_the_shrunk_shares(settings):
    settings.NGHEDAN_SCORE_WEIGHTS = {"satisfied": 3, "resolved_on_time": 1, "unknown": 5}
    settings.NGHEDAN_SCORE_PRIOR_STRENGTH = 0.000001
    assert weights() == {"satisfied": 0.75, "resolved_on_time": 0.25}
    counts = Counts()
    counts.bump("rated", 100)
    counts.bump("rated_high", 80)
    counts.bump("resolution_due", 100)
    counts.bump("resolution_on_time", 40)
    index = composite(Measured(counts), {"satisfied": 0.5, "resolved_on_time": 0.5})
    assert index.score == pytest.approx(100 * (0.75 * 0.8 + 0.25 * 0.4), abs=0.01)
    assert index.low < index.score < index.high


def test_reopenings_count_against_the_index(settings):
    settings.NGHEDAN_SCORE_WEIGHTS = {"not_reopened": 1}
    settings.NGHEDAN_SCORE_PRIOR_STRENGTH = 0.000001
    counts = Counts()
    counts.bump("answered", 10)
    counts.bump("reopened", 3)
    index = composite(Measured(counts), {"not_reopened": 0.5})
    assert index.score == pytest.approx(70, abs=0.01)
