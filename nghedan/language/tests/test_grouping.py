"""Petitions about the same issue in the same commune and time are grouped; officers merge
and split groups, and the pipeline never undoes what they decided."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from nghedan.language.actions import petition_analyse, petition_ungroup, petitions_group
from nghedan.language.duplicates import band_keys, signature, similarity
from nghedan.language.grouping import (
    BURST_BONUS,
    BURST_HOURS,
    LEARN_RANGE,
    Candidate,
    ThresholdEstimate,
    cosine,
    group_choose,
    group_threshold,
    group_threshold_learn,
    grouping_evaluate,
    issues_named,
    pair_score,
    paraphrases_load,
    text_vector,
    threshold_from_decisions,
)
from nghedan.language.models import PetitionAnalysis, PetitionGroup, ShingleBand
from nghedan.lib import clock
from nghedan.lib.errors import ActionError
from nghedan.petitions.models import Petition, PetitionEvent
from nghedan.test import submit

FLOOD = "Đường Đội Cấn ngập sâu sau mỗi trận mưa, nước tràn vào nhà dân, đề nghị nạo vét cống."
FLOOD_AGAIN = "Đề nghị nạo vét cống: đường Đội Cấn cứ mưa là ngập sâu, nước tràn cả vào nhà dân."
FLOOD_NO_MARKS = (
    "duong doi can ngap sau sau moi tran mua, nuoc tran vao nha dan, de nghi nao vet cong"
)
SCHOOL = "Trường mầm non Hoa Sen thu thêm nhiều khoản ngoài quy định, phụ huynh không đồng ý."


def _filed(world, body, **extra):
    petition = submit(world, title="Phản ánh", body=body, **extra).petition
    petition_analyse(petition_id=petition.pk)
    return petition


def _group_of(petition):
    return PetitionAnalysis.objects.get(petition=petition).group


def test_similar_texts_are_close_and_unrelated_ones_far():
    flood, again, no_marks, school = map(signature, (FLOOD, FLOOD_AGAIN, FLOOD_NO_MARKS, SCHOOL))

    assert similarity(flood, no_marks) == 1.0  # the same words typed without diacritics
    assert similarity(flood, again) >= 0.3
    assert similarity(flood, school) < 0.1


def test_band_keys_differ_between_areas():
    values = signature(FLOOD)

    assert set(band_keys(values, scope=1)).isdisjoint(band_keys(values, scope=2))


@pytest.mark.django_db
def test_a_second_petition_on_the_same_issue_joins_the_first_in_a_group(world):
    first = _filed(world, FLOOD)
    second = _filed(world, FLOOD_AGAIN, user=world.other_citizen)

    group = _group_of(second)
    assert group is not None
    assert _group_of(first) == group
    assert group.size == 2
    assert group.lead_id == first.pk
    assert PetitionEvent.objects.filter(petition=second, action="grouped").count() == 1


@pytest.mark.django_db
def test_a_third_copy_typed_without_diacritics_joins_the_same_group(world):
    first = _filed(world, FLOOD)
    _filed(world, FLOOD_AGAIN)
    third = _filed(world, FLOOD_NO_MARKS)

    assert _group_of(third) == _group_of(first)
    assert PetitionGroup.objects.get().size == 3


@pytest.mark.django_db
def test_a_different_issue_in_the_same_commune_is_not_grouped(world):
    _filed(world, FLOOD)
    school = _filed(world, SCHOOL)

    assert _group_of(school) is None
    assert not PetitionGroup.objects.exists()


@pytest.mark.django_db
def test_the_same_issue_in_another_commune_is_not_grouped(world):
    _filed(world, FLOOD)
    elsewhere = _filed(world, FLOOD, area=world.hoan_kiem)

    assert _group_of(elsewhere) is None


@pytest.mark.django_db
def test_the_same_issue_long_after_the_window_is_not_grouped(world, settings):
    old = submit(world, title="Phản ánh", body=FLOOD).petition
    Petition.objects.filter(pk=old.pk).update(received_at=clock.now() - timedelta(days=90))
    petition_analyse(petition_id=old.pk)
    ShingleBand.objects.filter(petition=old).update(received_at=clock.now() - timedelta(days=90))

    recent = _filed(world, FLOOD_AGAIN)

    assert _group_of(recent) is None


@pytest.mark.django_db
def test_analysing_again_changes_nothing(world):
    first = _filed(world, FLOOD)
    second = _filed(world, FLOOD_AGAIN)

    petition_analyse(petition_id=second.pk)
    petition_analyse(petition_id=first.pk)

    assert PetitionGroup.objects.get().size == 2
    assert ShingleBand.objects.filter(petition=second).count() == 20
    assert PetitionEvent.objects.filter(action="grouped").count() == 1


@pytest.mark.django_db
def test_an_officer_splits_a_petition_out_and_it_stays_out(world):
    first = _filed(world, FLOOD)
    second = _filed(world, FLOOD_AGAIN)

    petition_ungroup(acting_user=world.officer_a, petition=second)
    petition_analyse(petition_id=second.pk)

    assert _group_of(second) is None
    assert _group_of(first) is None  # a group of one is no group
    assert not PetitionGroup.objects.exists()
    assert PetitionEvent.objects.filter(petition=second, action="ungrouped").count() == 1


@pytest.mark.django_db
def test_an_officer_merges_petitions_the_pipeline_kept_apart(world):
    flood = _filed(world, FLOOD)
    school = _filed(world, SCHOOL)

    group = petitions_group(acting_user=world.officer_a, petitions=[flood, school])

    assert group.size == 2
    assert _group_of(flood) == _group_of(school) == group
    assert PetitionAnalysis.objects.filter(group=group, group_pinned=True).count() == 2


@pytest.mark.django_db
def test_merging_into_an_existing_group_keeps_one_group(world):
    first = _filed(world, FLOOD)
    _filed(world, FLOOD_AGAIN)
    school = _filed(world, SCHOOL)

    group = petitions_group(acting_user=world.officer_a, petitions=[school, first])

    assert PetitionGroup.objects.count() == 1
    assert group.size == 3


@pytest.mark.django_db
def test_an_officer_of_another_agency_may_not_merge_and_nothing_changes(world):
    flood = _filed(world, FLOOD)
    school = _filed(world, SCHOOL)

    with pytest.raises(ActionError):
        petitions_group(acting_user=world.officer_b, petitions=[flood, school])

    assert not PetitionGroup.objects.exists()
    assert not PetitionEvent.objects.filter(action="grouped").exists()


@pytest.mark.django_db
def test_petitions_of_different_communes_cannot_be_merged(world):
    # Health feedback goes to the province's Department of Health from every commune.
    here = _filed(world, FLOOD, topic="y-te")
    there = _filed(world, FLOOD, topic="y-te", area=world.hoan_kiem)
    officer = get_user_model().objects.create_user(
        username="so_y_te", role="officer", agency=here.agency
    )

    with pytest.raises(ActionError) as raised:
        petitions_group(acting_user=officer, petitions=[here, there])

    assert here.agency_id == there.agency_id
    assert raised.value.code == "group_areas_differ"
    assert not PetitionGroup.objects.exists()


# --- Grouping by the texts' n-grams and the issues they name ---------------------------------

FLOOD_OTHER_WORDS = "Mưa lớn từ 3 giờ chiều, phố Đội Cấn thành sông, xe máy chết máy hàng loạt."
POTHOLE = "Mặt đường Đội Cấn trước chợ có ổ gà to, tối qua hai người đi xe máy bị ngã."


def test_the_same_issue_in_other_words_is_closer_than_another_issue_of_the_same_street():
    flood, other_words, no_marks, pothole = map(
        text_vector, (FLOOD, FLOOD_OTHER_WORDS, FLOOD_NO_MARKS, POTHOLE)
    )

    assert cosine(flood, no_marks) > 0.99  # the same words typed without diacritics
    assert cosine(flood, other_words) > cosine(flood, pothole) + 0.1
    assert issues_named(FLOOD_OTHER_WORDS) == {"flooding"}
    assert issues_named(POTHOLE) == {"road_damage", "accident"}


def test_a_group_is_chosen_by_its_members_mean_score_not_its_closest_member():
    candidates = [
        Candidate("group:1", 0.6, 0.0, 48),
        Candidate("group:1", 0.1, 0.0, 48),
        Candidate("group:2", 0.45, 0.0, 48),
        Candidate("petition:9", 0.2, 0.0, 48),
    ]

    assert group_choose(candidates, threshold=0.3) == ("group:2", 0.45)
    assert group_choose(candidates, threshold=0.5) is None


def test_reports_within_hours_of_each_other_score_higher_and_shared_words_still_count():
    assert pair_score(text=0.25, hours_apart=2) == pytest.approx(0.25 + BURST_BONUS)
    assert pair_score(text=0.25, hours_apart=-2) == pytest.approx(0.25 + BURST_BONUS)
    assert pair_score(text=0.25, hours_apart=BURST_HOURS + 1) == 0.25
    # Below the threshold by n-grams, but the MinHash estimate alone makes them one issue.
    assert group_choose([Candidate("petition:3", 0.1, 0.5, 48)], threshold=0.3) == (
        "petition:3",
        pytest.approx(0.1),
    )


@pytest.mark.django_db
def test_a_report_in_other_words_joins_the_group_and_another_issue_of_the_street_does_not(world):
    first = _filed(world, FLOOD)
    second = _filed(world, FLOOD_OTHER_WORDS, user=world.other_citizen)
    pothole = _filed(world, POTHOLE)

    assert _group_of(second) == _group_of(first) is not None
    assert _group_of(pothole) is None
    assert PetitionAnalysis.objects.get(petition=second).text_vector != b""


# --- The paraphrase set --------------------------------------------------------------------


def test_the_paraphrase_set_has_groups_in_a_dev_and_a_held_out_part_that_do_not_mix():
    items = paraphrases_load()
    splits = {}
    for item in items:
        splits.setdefault(item.group, set()).add((item.split, item.commune))

    assert len(items) >= 300
    assert {item.split for item in items} == {"dev", "held-out"}
    assert sum(item.split == "held-out" for item in items) >= 140
    assert all(len(found) == 1 for found in splits.values())  # a group: one split, one commune
    assert {"marks", "no-marks-copy", "shorthand"} <= {item.style for item in items}


def test_grouping_on_the_held_out_paraphrases_beats_minhash_and_keeps_its_floor():
    result = grouping_evaluate()

    assert result.threshold == settings.NGHEDAN_GROUP_TEXT_SIMILARITY
    assert result.held_out.precision >= 0.88
    assert result.held_out.recall >= 0.85
    assert result.minhash_held_out.recall < 0.3
    assert result.held_out.f1 > result.minhash_held_out.f1 + 0.4


# --- Officers' merges and splits teach the threshold ---------------------------------------


def test_too_few_officer_decisions_leave_the_default_threshold():
    estimate = threshold_from_decisions(merged=[0.2] * 9, split=[0.6] * 20, default=0.3)

    assert estimate == ThresholdEstimate(0.3, "default", 9, 20)


def test_officer_decisions_set_the_threshold_between_what_they_merge_and_split():
    merged = [0.22, 0.25, 0.28, 0.3, 0.33, 0.35, 0.4, 0.45, 0.5, 0.6]
    split = [0.05, 0.08, 0.1, 0.12, 0.15, 0.16, 0.18, 0.19, 0.2, 0.21]

    estimate = threshold_from_decisions(merged=merged, split=split, default=0.3)

    assert estimate.source == "officers"
    assert estimate.threshold == 0.215
    assert (estimate.merged_pairs, estimate.split_pairs) == (10, 10)


def test_a_learnt_threshold_stays_within_its_range():
    estimate = threshold_from_decisions(merged=[0.9] * 10, split=[0.85] * 10, default=0.3)

    assert estimate.threshold == LEARN_RANGE[1]


@pytest.mark.django_db
def test_the_threshold_is_learnt_from_the_petitions_officers_merged_and_split(world, monkeypatch):
    first = _filed(world, FLOOD)
    _filed(world, FLOOD_AGAIN)
    third = _filed(world, FLOOD_NO_MARKS)
    school = _filed(world, SCHOOL)
    petitions_group(acting_user=world.officer_a, petitions=[school, first])
    petition_ungroup(acting_user=world.officer_a, petition=third)

    estimate = group_threshold_learn()

    # Merged: first and school (pinned) each with the two other members left; split: third
    # with the three still in the group it left.
    assert (estimate.merged_pairs, estimate.split_pairs) == (4, 3)
    assert estimate.source == "default"
    assert group_threshold() == settings.NGHEDAN_GROUP_TEXT_SIMILARITY

    monkeypatch.setattr("nghedan.language.grouping.LEARN_MIN_DECISIONS", 3)
    learnt = group_threshold_learn()

    assert learnt.source == "officers"
    assert LEARN_RANGE[0] <= learnt.threshold <= LEARN_RANGE[1]
    assert group_threshold() == learnt.threshold
