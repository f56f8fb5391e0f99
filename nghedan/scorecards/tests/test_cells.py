"""Each indicator on a hand-built case whose answer is worked out by hand (cases.py).

Working days in March–April 2026 have no public holiday (Tết was in February, the Hùng
Kings' day falls on 26 April), so a week has five of them.
"""

from datetime import date, timedelta

import pytest
from django.db import connection

from nghedan.lib import clock
from nghedan.petitions.models import Petition, PetitionEvent
from nghedan.scorecards import cells, indicators, selectors
from nghedan.scorecards.cells import WorkdayIndex, cells_rebuild, cells_refresh
from nghedan.scorecards.models import MonthlyCell, RefreshState, UnitKind
from nghedan.scorecards.periods import Period
from nghedan.scorecards.tests.cases import NOW, at, march_2026, petition

MARCH = Period.month(2026, 3)
APRIL = Period.month(2026, 4)


def values(card) -> dict:
    return {v.indicator.code: v.value for v in card.values}


@pytest.fixture
def built(world):
    cases = march_2026(world)
    cells_rebuild(now=NOW)
    return cases


def test_working_days_count_from_the_day_after_and_skip_weekends(db):
    index = WorkdayIndex(date(2026, 3, 1), date(2026, 4, 30))
    assert index.between(date(2026, 3, 2), date(2026, 3, 6)) == 4  # Tue–Fri
    assert index.between(date(2026, 3, 6), date(2026, 3, 9)) == 1  # the weekend skipped
    assert index.between(date(2026, 3, 6), date(2026, 3, 6)) == 0
    assert index.between(date(2026, 3, 9), date(2026, 3, 6)) == 0


def test_agency_indicators_for_march_are_the_ones_worked_out_by_hand(built, world):
    card = selectors.scorecard(selectors.agency_unit(world.agency_a), MARCH)
    got = values(card)
    assert got["received"] == 5
    # Acceptance deadlines in March: p1, p2, p3, p4 (p5 was withdrawn undecided); p2 late.
    assert got["accepted_on_time"] == pytest.approx(3 / 4)
    # Resolution deadlines in March: p1 met, p2 missed, p3 passed unanswered (p4's is in
    # April, p5 withdrawn).
    assert got["resolved_on_time"] == pytest.approx(1 / 3)
    # Answered in March: p1 in 4, p2 in 14, p4 in 15 working days (nearest rank).
    assert got["answer_days_median"] == 14
    assert got["answer_days_p90"] == 15
    # Ratings given in March: 5, 2, 4.
    assert got["satisfied"] == pytest.approx(2 / 3)
    assert got["rating_mean"] == pytest.approx(11 / 3)
    assert got["reopen_rate"] == pytest.approx(1 / 3)
    assert got["appeal_rate"] == 1.0  # p4, the one complaint answered
    # At the end of March, p3 is 10 working days past 17 March.
    assert got["overdue_backlog"] == 1
    assert got["overdue_age"] == 10


def test_april_counts_the_complaint_deadline_and_the_backlog_as_of_today(built, world):
    card = selectors.scorecard(selectors.agency_unit(world.agency_a), APRIL)
    got = values(card)
    assert got["received"] == 0
    assert got["resolved_on_time"] == 1.0  # p4, answered 25 March for 3 April
    assert got["satisfied"] is None
    # 15 April: 10 working days left in March plus 11 in April.
    assert got["overdue_backlog"] == 1
    assert got["overdue_age"] == 21
    assert card.measured.counts["overdue_21_plus"] == 1


def test_a_quarter_adds_up_its_flows_and_takes_its_last_month_backlog(built, world):
    quarter = selectors.scorecard(selectors.agency_unit(world.agency_a), Period.quarter(2026, 1))
    got = values(quarter)
    assert got["received"] == 5
    assert got["answer_days_median"] == 14
    assert got["overdue_age"] == 10  # the snapshot of 31 March


def test_change_against_the_previous_period(built, world):
    card = selectors.scorecard(selectors.agency_unit(world.agency_a), APRIL)
    received = card.value("received")
    assert received.previous == 5 and received.change == -5
    satisfied = card.value("satisfied")
    assert satisfied.previous == pytest.approx(2 / 3) and satisfied.change is None


def test_officers_are_counted_on_the_answers_they_wrote(built, world):
    officer = selectors.scorecard(selectors.officer_unit(world.officer_a), MARCH)
    got = values(officer)
    assert got["received"] == 0  # officers are measured on answers, not intake
    assert got["satisfied"] == pytest.approx(1 / 2)  # p1 (5) and p2 (2)
    assert got["resolved_on_time"] == pytest.approx(1 / 2)
    leader = values(selectors.scorecard(selectors.officer_unit(world.leader_a), MARCH))
    assert leader["appeal_rate"] == 1.0 and leader["satisfied"] == 1.0


def test_areas_and_the_nation_sum_their_agencies(built, world):
    commune = values(selectors.scorecard(selectors.area_unit(world.agency_a.area), MARCH))
    province = values(selectors.scorecard(selectors.area_unit(world.agency_a.area.parent), MARCH))
    nation = values(selectors.scorecard(selectors.nation_unit(), MARCH))
    assert commune["received"] == 5
    assert province["received"] == 6  # with the appeal filed at agency B
    assert nation["received"] == 6
    assert province["satisfied"] == commune["satisfied"] == pytest.approx(2 / 3)


def test_topics_split_the_same_counts(built, world):
    world_topic = petition(
        world,
        received=date(2026, 3, 10),
        topic="giao-thong-ha-tang",
        answered=date(2026, 3, 12),
        stars=1,
    )
    assert world_topic.topic.code == "giao-thong-ha-tang"
    cells_rebuild(now=NOW)
    rows = selectors.topics(selectors.agency_unit(world.agency_a), MARCH)
    by_code = {row.topic.code: row for row in rows}
    assert by_code["moi-truong"].received == 5
    assert by_code["giao-thong-ha-tang"].received == 1
    assert by_code["giao-thong-ha-tang"].value("satisfied") == 0.0
    assert rows[0].topic.code == "moi-truong"  # most petitions first


def test_trend_gives_every_month_of_the_period(built, world):
    points = selectors.trend(selectors.agency_unit(world.agency_a), Period.quarter(2026, 1))
    assert [p.month for p in points] == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert [p.counts["received"] for p in points] == [0, 0, 5]
    assert points[2].value("satisfied") == pytest.approx(2 / 3)


def test_rebuilding_twice_gives_the_same_cells(built):
    first = sorted(MonthlyCell.objects.values_list("unit_kind", "unit_id", "topic_id", "month"))
    cells_rebuild(now=NOW)
    again = sorted(MonthlyCell.objects.values_list("unit_kind", "unit_id", "topic_id", "month"))
    assert first == again
    assert RefreshState.objects.count() == 1


def test_refresh_rebuilds_only_the_provinces_that_changed(world):
    march_2026(world)
    # The refresh looks back a second before the last one, for changes committed as it ran.
    now = clock.now() + timedelta(seconds=2)
    cells_rebuild(now=now)
    state = RefreshState.objects.get()
    later = now + timedelta(hours=1)
    # Nothing changed: no province is rebuilt.
    assert cells_refresh(now=later).provinces == 0
    # A new petition in Hà Nội: that province (and the nation) is rebuilt.
    new = petition(world, received=date(2026, 4, 15))
    Petition.objects.filter(pk=new.pk).update(updated_at=later + timedelta(minutes=30))
    result = cells_refresh(now=later + timedelta(hours=1))
    assert result.provinces == 1
    april = values(selectors.scorecard(selectors.agency_unit(world.agency_a), APRIL))
    assert april["received"] == 1
    assert cells_refresh(now=later + timedelta(hours=2)).provinces == 0
    state.refresh_from_db()
    assert state.full_rebuild_at == now


def test_a_refresh_picks_up_a_transfer_out_of_the_province(world):
    from nghedan.agencies.models import Agency

    march_2026(world)
    now = clock.now()
    cells_rebuild(now=now)
    elsewhere = Agency.objects.exclude(area__parent=world.agency_a.area.parent).exclude(
        area=world.agency_a.area.parent
    )[0]
    moved = Petition.objects.filter(agency=world.agency_a).first()
    Petition.objects.filter(pk=moved.pk).update(agency=elsewhere, updated_at=now)
    PetitionEvent.objects.create(
        petition=moved,
        at=now + timedelta(minutes=10),
        action="transferred",
        from_agency=world.agency_a,
        to_agency=elsewhere,
    )
    result = cells_refresh(now=now + timedelta(minutes=15))
    assert result.provinces == 2
    march = values(selectors.scorecard(selectors.agency_unit(world.agency_a), MARCH))
    assert march["received"] == 4


def test_a_deadline_passing_unanswered_counts_without_any_edit(world):
    petition(
        world,
        received=date(2026, 4, 1),
        acceptance_due=date(2026, 4, 3),
        accepted=date(2026, 4, 2),
        resolution_due=date(2026, 4, 10),
        status="in_progress",
    )
    cells_rebuild(now=at(date(2026, 4, 9)))
    before = values(selectors.scorecard(selectors.agency_unit(world.agency_a), APRIL))
    assert before["resolved_on_time"] is None  # not yet due
    cells_rebuild(now=at(date(2026, 4, 13)))
    after = values(selectors.scorecard(selectors.agency_unit(world.agency_a), APRIL))
    assert after["resolved_on_time"] == 0.0
    assert after["overdue_backlog"] == 1 and after["overdue_age"] == 1


def test_cells_of_an_empty_unit_read_as_no_data(world):
    cells_rebuild(now=NOW)
    card = selectors.scorecard(selectors.agency_unit(world.agency_b), MARCH)
    got = values(card)
    assert got["received"] == 0
    assert got["satisfied"] is None and got["answer_days_median"] is None
    assert (
        MonthlyCell.objects.filter(unit_kind=UnitKind.AGENCY, unit_id=world.agency_b.pk).count()
        == 0
    )


def test_a_scorecard_counts_the_new_cells_after_a_rebuild_at_the_same_instant(built, world):
    unit = selectors.agency_unit(world.agency_a)
    assert values(selectors.scorecard(unit, MARCH))["received"] == 5
    # Given a petition more, the cells not yet rebuilt: the sums read before still hold
    petition(world, received=date(2026, 3, 20))
    assert values(selectors.scorecard(unit, MARCH))["received"] == 5
    # When the cells are rebuilt, even at the same instant, then the new sums are read
    cells_rebuild(now=NOW)
    assert values(selectors.scorecard(unit, MARCH))["received"] == 6


def test_the_cells_are_summed_once_per_rebuild_for_the_same_units_and_period(
    built, world, monkeypatch
):
    summed = []
    cells_of_each = indicators.cells_of_each

    def counted(units, periods, **kwargs):
        summed.append(periods)
        return cells_of_each(units, periods, **kwargs)

    monkeypatch.setattr(indicators, "cells_of_each", counted)
    unit = selectors.agency_unit(world.agency_a)
    first = values(selectors.scorecard(unit, MARCH))
    assert values(selectors.scorecard(unit, MARCH)) == first
    assert summed == [[MARCH, MARCH.previous()]]
    cells_rebuild(now=NOW)
    assert values(selectors.scorecard(unit, MARCH)) == first
    assert summed == [[MARCH, MARCH.previous()]] * 2


def test_a_deadline_falling_today_does_not_rebuild_its_province_at_every_refresh(world):
    today = clock.today()
    petition(
        world,
        received=today - timedelta(days=20),
        acceptance_due=today - timedelta(days=15),
        accepted=today - timedelta(days=16),
        resolution_due=today,
        status="in_progress",
    )
    now = clock.now() + timedelta(seconds=2)
    cells_rebuild(now=now)
    # Due today, not yet missed: nothing to recount until tomorrow.
    assert cells_refresh(now=now + timedelta(minutes=15)).provinces == 0
    tomorrow = now + timedelta(days=1)
    assert cells_refresh(now=tomorrow).provinces == 1
    assert cells_refresh(now=tomorrow + timedelta(minutes=15)).provinces == 0


def _answered_and_rated(world, stars: int) -> Petition:
    from nghedan.petitions import actions
    from nghedan.test import submit

    petition = submit(world, user=world.citizen).petition
    petition = actions.petition_accept(acting_user=world.officer_a, petition=petition)
    actions.answer_submit(acting_user=world.leader_a, petition=petition, body="Đã xử lý xong.")
    petition.refresh_from_db()
    actions.petition_rate(acting_user=world.citizen, petition=petition, stars=stars)
    return petition


def test_an_answer_reopened_by_a_low_rating_counts_in_the_reopen_rate(world):
    # Given two answers rated through the petitioner's own action: 5 stars, and 2 stars,
    # which sends the second back to work without the petitioner asking separately
    _answered_and_rated(world, stars=5)
    reopened = _answered_and_rated(world, stars=2)
    assert reopened.events.filter(action="rated_reopened").exists()
    assert not PetitionEvent.objects.filter(action="reopened").exists()

    # When the scorecards are rebuilt
    cells_rebuild()

    # Then one answer of two was reopened, and the index's share follows
    got = values(selectors.scorecard(selectors.agency_unit(world.agency_a), Period.last_months(1)))
    assert got["reopen_rate"] == pytest.approx(1 / 2)


def test_a_rebuild_counts_outside_any_transaction_and_writes_a_province_at_a_time(
    live_world, monkeypatch
):
    # A rebuild of the country must not hold SQLite's one writer lock while it counts.
    march_2026(live_world)
    seen: list[tuple[str, bool]] = []

    def recorded(name, function):
        def call(*args, **kwargs):
            seen.append((name, connection.in_atomic_block))
            return function(*args, **kwargs)

        return call

    for name in ("_build_province", "_nation_cells", "_replace"):
        monkeypatch.setattr(cells, name, recorded(name, getattr(cells, name)))

    cells_rebuild(now=NOW)

    provinces = len([name for name, _ in seen if name == "_build_province"])
    assert provinces >= 2
    assert seen == (
        [("_build_province", False), ("_replace", True)] * provinces
        + [("_nation_cells", False), ("_replace", True)]
    )
