"""Gia hạn: the head of the agency lengthens the limit of a complex case, as far as the
law allows and no further."""

from datetime import timedelta

import pytest

from nghedan.deadlines.services import due_dates
from nghedan.lib import clock
from nghedan.lib.errors import NotPermitted, TransitionNotAllowed
from nghedan.petitions.actions import (
    PetitionerInfo,
    answer_submit,
    petition_accept,
    petition_appeal,
    petition_extend,
)
from nghedan.petitions.models import Kind, Petition
from nghedan.test import submit

FILER = PetitionerInfo(name="Phạm Văn Cường", phone="0912345678")
REASON = "Vụ việc phức tạp, cần xác minh thêm tại nhiều cơ quan."


def _accepted(world, kind: str):
    petition = submit(world, kind=kind, petitioner=FILER).petition
    return petition_accept(acting_user=world.officer_a, petition=petition)


def test_a_complaint_is_extended_once_to_its_complex_limit(world):
    petition = _accepted(world, Kind.COMPLAINT)
    today = clock.today()

    petition = petition_extend(acting_user=world.leader_a, petition=petition, reason=REASON)

    expected = due_dates(kind=Kind.COMPLAINT, received_on=today, accepted_on=today, complex=True)
    assert (petition.is_complex, petition.resolution_due) == (True, expected.resolution_due)
    assert petition.events.filter(action="extended", reason=REASON).count() == 1
    with pytest.raises(TransitionNotAllowed):
        petition_extend(acting_user=world.leader_a, petition=petition, reason=REASON)


def test_a_denunciation_is_extended_at_most_twice(world):
    petition = _accepted(world, Kind.DENUNCIATION)
    dues = []
    for _ in range(2):
        petition = petition_extend(acting_user=world.leader_a, petition=petition, reason=REASON)
        dues.append(petition.resolution_due)

    with pytest.raises(TransitionNotAllowed):
        petition_extend(acting_user=world.leader_a, petition=petition, reason=REASON)

    petition.refresh_from_db()
    assert (petition.extensions, petition.resolution_due) == (2, dues[1])
    assert dues[0] < dues[1]


def test_feedback_follows_the_agency_limit_and_is_not_extended(world):
    petition = _accepted(world, Kind.FEEDBACK)
    due = petition.resolution_due

    with pytest.raises(TransitionNotAllowed):
        petition_extend(acting_user=world.leader_a, petition=petition, reason=REASON)

    petition.refresh_from_db()
    assert petition.resolution_due == due


def test_only_the_head_of_the_agency_extends(world):
    petition = _accepted(world, Kind.COMPLAINT)

    with pytest.raises(NotPermitted):
        petition_extend(acting_user=world.officer_a, petition=petition, reason=REASON)

    petition.refresh_from_db()
    assert (petition.is_complex, petition.events.filter(action="extended").count()) == (False, 0)


def test_a_remote_area_has_45_days_to_appeal_instead_of_30(world):
    world.ba_dinh.is_remote = True
    world.ba_dinh.save()
    filed = submit(world, user=world.citizen, kind=Kind.COMPLAINT, petitioner=FILER).petition
    petition = petition_accept(acting_user=world.officer_a, petition=filed)
    answer_submit(acting_user=world.leader_a, petition=petition, body="Quyết định lần đầu.")
    Petition.objects.filter(pk=petition.pk).update(answered_at=clock.now() - timedelta(days=40))

    appeal = petition_appeal(acting_user=world.citizen, petition=petition, reason=REASON)

    assert appeal.appeal_of_id == petition.pk
