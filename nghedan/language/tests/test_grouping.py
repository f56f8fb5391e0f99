"""Petitions about the same issue in the same commune and time are grouped; officers merge
and split groups, and the pipeline never undoes what they decided."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from nghedan.language.actions import petition_analyse, petition_ungroup, petitions_group
from nghedan.language.duplicates import band_keys, signature, similarity
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
