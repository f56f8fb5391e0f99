"""The good-practice register: a leader records a practice, other agencies replicate it,
and the before/after figures come from the data, never typed in."""

from datetime import date, timedelta

import pytest

from nghedan.accounts.models import DisciplineRecord
from nghedan.audit.models import AuditEntry
from nghedan.lib import clock
from nghedan.lib.errors import ActionError
from nghedan.scorecards import selectors
from nghedan.scorecards.actions import practice_adopt, practice_register
from nghedan.scorecards.cells import cells_rebuild
from nghedan.scorecards.models import Practice, PracticeAdoption
from nghedan.scorecards.tests.cases import at, petition
from nghedan.web.tests.scenes import leader_of

pytestmark = pytest.mark.django_db

SUMMARY = "Tổ dân phố họp hằng tháng với người dân, công khai kết quả giải quyết phản ánh."


def register(world, **overrides):
    fields = {
        "acting_user": world.leader_a,
        "agency": world.agency_a,
        "title": "Ngày thứ Bảy cùng dân",
        "summary": SUMMARY,
        "started_on": date(2026, 3, 1),
        "lead": world.officer_a,
    }
    fields.update(overrides)
    return practice_register(**fields)


def test_a_leader_records_a_practice_of_the_agency(world):
    practice = register(world)

    assert practice.agency == world.agency_a and practice.lead == world.officer_a
    assert AuditEntry.objects.filter(action="scorecards.practice_registered").count() == 1


@pytest.mark.parametrize(
    ("who", "code"),
    [("officer_a", "not_permitted"), ("citizen", "not_permitted"), ("supervisor", "not_permitted")],
)
def test_only_a_leader_of_the_agency_or_an_admin_records_it(world, who, code):
    with pytest.raises(ActionError) as raised:
        register(world, acting_user=getattr(world, who))
    assert raised.value.code == code
    assert not Practice.objects.exists()


def test_the_lead_must_be_an_official_of_the_agency_fit_for_work_with_the_people(world):
    with pytest.raises(ActionError) as raised:
        register(world, lead=world.officer_b)
    assert raised.value.field == "lead"

    DisciplineRecord.objects.create(
        user=world.officer_a,
        kind="reprimand",
        reason="Thái độ thiếu tôn trọng công dân",
        valid_from=clock.today() - timedelta(days=30),
        valid_to=clock.today() + timedelta(days=300),
    )
    with pytest.raises(ActionError) as raised:
        register(world)
    assert raised.value.code == "under_discipline" and raised.value.field == "lead"
    assert "công tác dân vận" in str(raised.value.message)
    assert not Practice.objects.exists()


def test_a_discipline_that_has_expired_no_longer_bars(world):
    DisciplineRecord.objects.create(
        user=world.officer_a,
        kind="reprimand",
        reason="Chậm trả lời",
        valid_from=date(2024, 1, 1),
        valid_to=date(2025, 1, 1),
    )
    assert register(world).lead == world.officer_a


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Ab"),
        ("summary", "ngắn"),
        ("started_on", timedelta(days=3)),  # from the test's today
    ],
)
def test_bad_input_is_refused_with_the_field(world, field, value):
    if isinstance(value, timedelta):
        value = clock.today() + value
    with pytest.raises(ActionError) as raised:
        register(world, **{field: value})
    assert raised.value.field == field
    assert not Practice.objects.exists()


def test_another_agency_replicates_a_practice_once(world):
    practice = register(world)
    leader_b = leader_of(world.agency_b)

    adoption = practice_adopt(acting_user=leader_b, practice=practice, started_on=date(2026, 5, 1))
    assert adoption.agency == world.agency_b

    with pytest.raises(ActionError) as raised:
        practice_adopt(acting_user=leader_b, practice=practice, started_on=date(2026, 5, 1))
    assert raised.value.code == "already_adopted"
    with pytest.raises(ActionError) as raised:
        practice_adopt(acting_user=world.leader_a, practice=practice, started_on=date(2026, 5, 1))
    assert raised.value.code == "own_practice"
    with pytest.raises(ActionError):
        practice_adopt(acting_user=world.officer_b, practice=practice, started_on=date(2026, 5, 1))
    assert PracticeAdoption.objects.count() == 1


def test_before_and_after_are_computed_from_the_petitions(world, settings):
    settings.NGHEDAN_PRACTICE_WINDOW_MONTHS = 2
    # Before (January–February 2026): two answered, one rated 2. After (April–May): three
    # answered, rated 5, 4 and 5. March, the month it started, is left out.
    for received, stars in [(date(2026, 1, 12), 2), (date(2026, 2, 2), None)]:
        petition(world, received=received, answered=received + timedelta(days=7), stars=stars)
    petition(world, received=date(2026, 3, 9), answered=date(2026, 3, 10), stars=1)
    for received, stars in [(date(2026, 4, 6), 5), (date(2026, 4, 13), 4), (date(2026, 5, 4), 5)]:
        petition(world, received=received, answered=received + timedelta(days=1), stars=stars)
    cells_rebuild(now=at(date(2026, 6, 15)))
    practice = register(world, started_on=date(2026, 3, 1))
    practice_adopt(
        acting_user=leader_of(world.agency_b), practice=practice, started_on=date(2026, 4, 20)
    )

    effect, adopted = selectors.practice_effects(practice=practice)

    assert (effect.before.start, effect.before.end) == (date(2026, 1, 1), date(2026, 2, 1))
    assert (effect.after.start, effect.after.end) == (date(2026, 4, 1), date(2026, 5, 1))
    rows = {indicator.code: (before, after) for indicator, before, after in effect.rows}
    assert rows["received"] == (2, 3)
    assert rows["satisfied"] == (0.0, 1.0)
    assert rows["answer_days_median"] == (5, 1)
    # Hoàn Kiếm's own months around its own start: nothing received there.
    assert adopted.agency == world.agency_b
    assert (adopted.before.start, adopted.before.end) == (date(2026, 2, 1), date(2026, 3, 1))
    assert {indicator.code: before for indicator, before, _ in adopted.rows}["received"] == 0
