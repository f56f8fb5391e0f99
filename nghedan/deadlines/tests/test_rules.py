"""Deadline rules as data: per kind, level and stage, remote and complex cases,
extensions, and rules that change over time.

Counted by hand on the calendar below; none of these weeks holds a public holiday.

         May 2026              June 2026              July 2026          Aug 2026
    Mo Tu We Th Fr Sa Su   Mo Tu We Th Fr Sa Su   Mo Tu We Th Fr Sa Su   Sa Su Mo
                 1  2  3    1  2  3  4  5  6  7          1  2  3  4  5    1  2  3
     4  5  6  7  8  9 10    8  9 10 11 12 13 14    6  7  8  9 10 11 12
    11 12 13 14 15 16 17   15 16 17 18 19 20 21   13 14 15 16 17 18 19
    18 19 20 21 22 23 24   22 23 24 25 26 27 28   20 21 22 23 24 25 26
    25 26 27 28 29 30 31   29 30                  27 28 29 30 31

From an acceptance on Mon 4 May: +30 days = 34 May = Wed 3 June; +45 = 49 May = Thu 18
June; +60 = 64 May = Fri 3 July; +70 = Mon 13 July; +90 = Sun 2 Aug, rolls to Mon 3 Aug.
"""

from datetime import date

import pytest

from nghedan.deadlines.defaults import DEFAULT_RULES, default_rule_fields
from nghedan.deadlines.models import DeadlineRule
from nghedan.deadlines.services import DeadlineError, due_dates
from nghedan.petitions.models import Kind

pytestmark = pytest.mark.django_db

MON_4_MAY = date(2026, 5, 4)


def test_the_migration_seeds_every_default_rule_of_design_section_7():
    assert DeadlineRule.objects.count() == len(DEFAULT_RULES)
    for spec in DEFAULT_RULES:
        assert DeadlineRule.objects.filter(**default_rule_fields(spec)).exists(), spec


@pytest.mark.parametrize(
    ("stage", "remote", "complex", "due", "counted"),
    [
        ("first", False, False, date(2026, 6, 3), "Art. 28: 30 days"),
        ("first", False, True, date(2026, 6, 18), "Art. 28: complex, 45 days"),
        ("first", True, False, date(2026, 6, 18), "Art. 28: remote, 45 days"),
        ("first", True, True, date(2026, 7, 3), "Art. 28: remote and complex, 60 days"),
        ("second", False, False, date(2026, 6, 18), "Art. 37: 45 days"),
        ("second", False, True, date(2026, 7, 3), "Art. 37: complex, 60 days"),
        ("second", True, False, date(2026, 7, 3), "Art. 37: remote, 60 days"),
        ("second", True, True, date(2026, 7, 13), "Art. 37: remote and complex, 70 days"),
    ],
)
def test_a_complaint_gets_the_longer_limits_the_law_gives_remote_and_complex_cases(
    stage, remote, complex, due, counted
):
    dates = due_dates(
        kind=Kind.COMPLAINT,
        received_on=MON_4_MAY,
        accepted_on=MON_4_MAY,
        stage=stage,
        remote=remote,
        complex=complex,
    )

    assert dates.resolution_due == due, counted
    assert dates.resolution_rule.citation == (
        "Luật Khiếu nại 2011, Điều 37" if stage == "second" else "Luật Khiếu nại 2011, Điều 28"
    )
    # Acceptance (Art. 27) is 10 days whatever the case: Thu 14 May.
    assert dates.acceptance_due == date(2026, 5, 14)


@pytest.mark.parametrize(
    ("extensions", "due", "counted"),
    [
        (0, date(2026, 6, 3), "30 days"),
        (1, date(2026, 7, 3), "complex: 30 + 30 days"),
        (2, date(2026, 8, 3), "especially complex: 30 + 2 × 30 days, Sun 2 Aug rolls"),
    ],
)
def test_a_complex_denunciation_may_be_extended_once_or_twice_by_30_days(extensions, due, counted):
    dates = due_dates(
        kind=Kind.DENUNCIATION,
        received_on=MON_4_MAY,
        accepted_on=MON_4_MAY,
        complex=True,
        extensions=extensions,
    )

    assert dates.resolution_due == due, counted
    assert (dates.extension_rule is not None) == bool(extensions)
    assert "Điều 30" in dates.explanation


def test_a_denunciation_is_never_extended_three_times():
    with pytest.raises(DeadlineError) as raised:
        due_dates(kind=Kind.DENUNCIATION, received_on=MON_4_MAY, complex=True, extensions=3)

    assert raised.value.code == "too_many_extensions"


def test_an_extended_denunciation_is_counted_as_the_complex_case_it_must_be():
    # Only a complex case is ever extended: the number of extensions says so.
    extended = due_dates(kind=Kind.DENUNCIATION, received_on=MON_4_MAY, extensions=1)
    complex_case = due_dates(
        kind=Kind.DENUNCIATION, received_on=MON_4_MAY, complex=True, extensions=1
    )

    assert extended.resolution_due == complex_case.resolution_due
    assert "phức tạp (vì đã được gia hạn)" in extended.explanation
    assert "vì đã được gia hạn" not in complex_case.explanation


def test_a_complaint_has_no_extension_rule():
    with pytest.raises(DeadlineError) as raised:
        due_dates(kind=Kind.COMPLAINT, received_on=MON_4_MAY, complex=True, extensions=1)

    assert raised.value.code == "no_rule"


def test_feedback_limits_ignore_remote_and_complex_flags_they_have_no_figures_for():
    plain = due_dates(kind=Kind.FEEDBACK, received_on=MON_4_MAY)
    flagged = due_dates(kind=Kind.FEEDBACK, received_on=MON_4_MAY, remote=True, complex=True)

    assert (flagged.acceptance_due, flagged.resolution_due) == (
        plain.acceptance_due,
        plain.resolution_due,
    )


def test_a_rule_for_the_level_wins_over_a_rule_for_any_level():
    DeadlineRule.objects.create(
        kind=Kind.COMPLAINT,
        level="province",
        stage="acceptance",
        days=5,
        working_days=False,
        citation="Quy định thử của tỉnh",
        valid_from=date(2000, 1, 1),
    )

    province = due_dates(kind=Kind.COMPLAINT, received_on=MON_4_MAY, level="province")
    commune = due_dates(kind=Kind.COMPLAINT, received_on=MON_4_MAY, level="commune")

    assert province.acceptance_due == date(2026, 5, 11)  # Mon 4 + 5 = Sat 9, rolls to Mon 11
    assert province.acceptance_rule.citation == "Quy định thử của tỉnh"
    assert commune.acceptance_due == date(2026, 5, 14)  # Mon 4 + 10


def test_a_changed_rule_applies_only_to_clocks_that_start_on_or_after_its_valid_from():
    DeadlineRule.objects.create(
        kind=Kind.FEEDBACK,
        stage="resolution",
        days=7,
        working_days=True,
        citation="Quy định mới của cơ quan",
        valid_from=date(2026, 6, 1),
    )

    # Received Mon 4 May: accepted by Mon 11 May, before 1 June: the old 10 working days,
    # Tue 12 … Fri 15 (4), Mon 18 … Fri 22 (9), Mon 25 May (10).
    before = due_dates(kind=Kind.FEEDBACK, received_on=MON_4_MAY)
    # Received Mon 1 June: accept Tue 2 … Fri 5 (4), Mon 8 (5); the clock of the answer
    # starts Mon 8 June, after 1 June: 7 working days, Tue 9 … Fri 12 (4), Mon 15 … Wed 17.
    after = due_dates(kind=Kind.FEEDBACK, received_on=date(2026, 6, 1))

    assert before.resolution_due == date(2026, 5, 25)
    assert before.resolution_rule.days == 10
    assert (after.acceptance_due, after.resolution_due) == (date(2026, 6, 8), date(2026, 6, 17))
    assert after.resolution_rule.citation == "Quy định mới của cơ quan"


def test_a_rule_that_ended_leaves_later_clocks_without_a_rule_and_says_so():
    DeadlineRule.objects.filter(kind=Kind.PROPOSAL, stage="acceptance").update(
        valid_to=date(2026, 4, 30)
    )

    assert due_dates(kind=Kind.PROPOSAL, received_on=date(2026, 4, 30)).acceptance_rule.days == 5
    with pytest.raises(DeadlineError) as raised:
        due_dates(kind=Kind.PROPOSAL, received_on=MON_4_MAY)

    assert raised.value.code == "no_rule"
    assert "04/05/2026" in raised.value.message


def test_the_shipped_defaults_stand_in_only_while_the_rule_table_is_empty():
    DeadlineRule.objects.all().delete()

    dates = due_dates(kind=Kind.COMPLAINT, received_on=MON_4_MAY)

    assert dates.acceptance_due == date(2026, 5, 14)
    assert dates.acceptance_rule.rule_id is None
    assert dates.acceptance_rule.citation == "Luật Khiếu nại 2011, Điều 27"


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"kind": "lawsuit"}, "bad_kind"),
        ({"level": "district"}, "bad_level"),
        ({"stage": "third"}, "bad_stage"),
        ({"extensions": -1}, "bad_extensions"),
    ],
)
def test_bad_input_is_refused_with_a_code(arguments, code):
    with pytest.raises(DeadlineError) as raised:
        due_dates(**{"kind": Kind.COMPLAINT, "received_on": MON_4_MAY, **arguments})

    assert raised.value.code == code
    assert raised.value.message and raised.value.message_en
