"""Reads scoped to who is asking, and the protected identity of petitioners."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from nghedan.audit.models import AuditEntry
from nghedan.lib import clock
from nghedan.lib.errors import NotPermitted
from nghedan.petitions import selectors
from nghedan.petitions.actions import (
    PetitionerInfo,
    answer_submit,
    petition_accept,
    petition_rate,
    petition_transfer,
)
from nghedan.petitions.models import Kind, Petition, Status
from nghedan.petitions.tests.helpers import force_status
from nghedan.test import submit

ANSWER = "Phường đã bố trí xe thu gom rác tại ngõ 120 Đội Cấn từ ngày 5/5."
DENOUNCER = PetitionerInfo(name="Trần Thị Bình", phone="0987654321", address="5 Kim Mã")


@pytest.fixture
def spread(world):
    """Given: petitions in Ba Đình (agency A), Hoàn Kiếm (agency B), Hà Nội itself and
    Hải Vân (Đà Nẵng); the first two filed by the citizen's account."""
    return {
        "ba_dinh": submit(world, user=world.citizen).petition,
        "hoan_kiem": submit(world, user=world.citizen, area=world.hoan_kiem).petition,
        "hanoi": submit(world, area=world.hanoi).petition,
        "hai_van": submit(world, user=world.other_citizen, area=world.hai_van).petition,
    }


def _visible(user) -> set[str]:
    return set(selectors.petitions_visible_to(user=user).values_list("code", flat=True))


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("officer_a", {"ba_dinh"}),
        ("leader_a", {"ba_dinh"}),
        ("officer_b", {"hoan_kiem"}),
        ("supervisor", {"ba_dinh", "hoan_kiem", "hanoi"}),
        ("supervisor_elsewhere", {"hai_van"}),
        ("citizen", {"ba_dinh", "hoan_kiem"}),
        ("other_citizen", {"hai_van"}),
        ("admin", {"ba_dinh", "hoan_kiem", "hanoi", "hai_van"}),
    ],
)
def test_each_persona_sees_exactly_the_petitions_of_its_scope(world, spread, who, sees):
    assert _visible(getattr(world, who)) == {spread[name].code for name in sees}


def test_a_supervisor_elsewhere_sees_none_of_hanoi(world, spread):
    hanoi_codes = {spread[name].code for name in ("ba_dinh", "hoan_kiem", "hanoi")}

    assert _visible(world.supervisor_elsewhere) & hanoi_codes == set()


@pytest.mark.parametrize("anonymous", [None, AnonymousUser()])
def test_an_anonymous_visitor_sees_nothing(world, spread, anonymous):
    assert _visible(anonymous) == set()


def test_a_disabled_account_sees_nothing(world, spread):
    world.admin.is_active = False
    world.admin.save()

    assert _visible(world.admin) == set()


def test_a_supervisor_of_one_commune_sees_only_that_commune(world, spread):
    world.supervisor.supervised_area = world.hoan_kiem
    world.supervisor.save()

    assert _visible(world.supervisor) == {spread["hoan_kiem"].code}


@pytest.mark.parametrize("who", ["officer_a", "supervisor", "citizen", "admin"])
def test_petition_get_for_user_finds_a_visible_petition_by_a_loosely_typed_code(world, spread, who):
    code = spread["ba_dinh"].code

    found = selectors.petition_get_for_user(
        user=getattr(world, who), code=code.lower().replace("-", " ")
    )

    assert found == spread["ba_dinh"]


@pytest.mark.parametrize("who", ["officer_b", "supervisor_elsewhere", "other_citizen", "anonymous"])
def test_petition_get_for_user_is_a_404_for_who_may_not_see_it(world, spread, who):
    user = None if who == "anonymous" else getattr(world, who)

    with pytest.raises(Http404):
        selectors.petition_get_for_user(user=user, code=spread["ba_dinh"].code)


def test_petition_get_for_user_is_a_404_for_a_code_that_does_not_exist(world, spread):
    with pytest.raises(Http404):
        selectors.petition_get_for_user(user=world.admin, code="ND-0000-0000")


def test_the_petitioner_opens_the_tracking_page_with_the_account_or_the_secret(world):
    result = submit(world, user=world.citizen)
    code = result.petition.code

    assert selectors.petition_get_for_petitioner(user=world.citizen, code=code, secret=None)
    assert selectors.petition_get_for_petitioner(user=None, code=code, secret=result.secret)
    for user, secret in [
        (world.other_citizen, None),
        (None, None),
        (None, "sai"),
        (world.officer_a, None),
    ]:
        with pytest.raises(Http404):
            selectors.petition_get_for_petitioner(user=user, code=code, secret=secret)


def test_the_inbox_lists_the_agencys_open_petitions_nearest_deadline_first(world):
    today = clock.today()
    late = submit(world).petition
    soon = submit(world).petition
    accepted = submit(world).petition
    petition_accept(acting_user=world.officer_a, petition=accepted)
    closed = submit(world).petition
    elsewhere = submit(world, area=world.hoan_kiem).petition
    Petition.objects.filter(pk=late.pk).update(
        acceptance_due=today + timedelta(days=9), resolution_due=today + timedelta(days=1)
    )
    Petition.objects.filter(pk=soon.pk).update(acceptance_due=today + timedelta(days=2))
    # Accepted: the resolution date counts now, not the acceptance date.
    Petition.objects.filter(pk=accepted.pk).update(
        acceptance_due=today - timedelta(days=30), resolution_due=today + timedelta(days=5)
    )
    force_status(closed, Status.CLOSED)

    inbox = list(selectors.inbox_for(user=world.officer_a))

    assert inbox == [soon, accepted, late]
    assert [p.next_due for p in inbox] == [
        today + timedelta(days=2),
        today + timedelta(days=5),
        today + timedelta(days=9),
    ]
    assert elsewhere not in inbox and closed not in inbox
    assert selectors.inbox_for(user=world.officer_b).get() == elsewhere


@pytest.mark.parametrize("who", ["citizen", "supervisor", "admin", "anonymous"])
def test_only_agency_staff_have_an_inbox(world, who):
    submit(world)
    user = None if who == "anonymous" else getattr(world, who)

    assert list(selectors.inbox_for(user=user)) == []


def _answered(world, **overrides) -> Petition:
    petition = submit(world, user=world.citizen, **overrides).petition
    petition_accept(acting_user=world.officer_a, petition=petition)
    answer_submit(acting_user=world.leader_a, petition=petition, body=ANSWER)
    petition.refresh_from_db()
    return petition


def test_public_petitions_are_only_consented_feedback_and_proposals_that_were_answered(world):
    feedback = _answered(world)
    proposal = _answered(world, kind=Kind.PROPOSAL)
    closed = _answered(world)
    petition_rate(acting_user=world.citizen, petition=closed, stars=5)
    _answered(world, publish_consent=False)
    _answered(world, kind=Kind.COMPLAINT, petitioner=DENOUNCER)
    _answered(world, kind=Kind.DENUNCIATION, petitioner=DENOUNCER)
    submit(world)  # consented, not yet answered
    declined = submit(world).petition
    force_status(declined, Status.DECLINED)

    public = list(selectors.public_petitions())

    assert set(public) == {feedback, proposal, closed}
    assert [p.published_answers[0].body for p in public] == [ANSWER] * 3


def test_public_petitions_filter_by_province_commune_and_topic(world):
    ba_dinh = _answered(world)
    roads = _answered(world, topic="giao-thong-ha-tang")
    world.agency_b.requires_answer_approval = False
    world.agency_b.save()
    hoan_kiem = submit(world, area=world.hoan_kiem).petition
    petition_accept(acting_user=world.officer_b, petition=hoan_kiem)
    answer_submit(acting_user=world.officer_b, petition=hoan_kiem, body=ANSWER)

    assert set(selectors.public_petitions(province_code="01")) == {ba_dinh, roads, hoan_kiem}
    assert set(selectors.public_petitions(province_code="48")) == set()
    assert set(selectors.public_petitions(commune_code="00004")) == {ba_dinh, roads}
    assert set(selectors.public_petitions(commune_code="00070")) == {hoan_kiem}
    assert set(selectors.public_petitions(topic_code="moi-truong")) == {ba_dinh, hoan_kiem}
    assert set(selectors.public_petitions(commune_code="00004", topic_code="moi-truong")) == {
        ba_dinh
    }


def test_public_petition_get_is_a_404_for_a_petition_that_is_not_public(world):
    private = _answered(world, publish_consent=False)

    with pytest.raises(Http404):
        selectors.public_petition_get(code=private.code)


# --- the petitioner's identity ---------------------------------------------------------


@pytest.mark.parametrize("who", ["officer_a", "leader_a"])
def test_a_denouncers_identity_is_read_by_the_handling_officer_and_leader_and_audited(world, who):
    petition = submit(world, kind=Kind.DENUNCIATION, petitioner=DENOUNCER).petition
    reader = getattr(world, who)

    identity = selectors.petitioner_identity_read(
        user=reader, petition=petition, purpose="xác minh"
    )

    assert (identity.name, identity.phone, identity.email, identity.address) == (
        "Trần Thị Bình",
        "0987654321",
        "",
        "5 Kim Mã",
    )
    entry = AuditEntry.objects.get(action="identity.read")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        reader,
        "petitions.petition",
        str(petition.pk),
    )
    assert entry.data == {"code": petition.code, "kind": "denunciation", "purpose": "xác minh"}


@pytest.mark.parametrize(
    "who", ["supervisor", "admin", "officer_b", "citizen", "other_citizen", "anonymous"]
)
def test_a_denouncers_identity_is_refused_to_everyone_else_and_nothing_is_audited(world, who):
    petition = submit(
        world, user=world.citizen, kind=Kind.DENUNCIATION, petitioner=DENOUNCER
    ).petition
    audit_rows = AuditEntry.objects.count()
    user = None if who == "anonymous" else getattr(world, who)

    with pytest.raises(NotPermitted):
        selectors.petitioner_identity_read(user=user, petition=petition)

    assert AuditEntry.objects.count() == audit_rows


@pytest.mark.parametrize("who", ["officer_a", "leader_a", "supervisor", "admin"])
def test_a_feedback_petitioners_identity_is_read_by_handlers_supervisors_and_admins(world, who):
    petition = submit(world, user=world.citizen).petition

    identity = selectors.petitioner_identity_read(user=getattr(world, who), petition=petition)

    assert (identity.name, identity.citizen_username) == ("Nguyễn Văn An", "nguoidan")
    assert AuditEntry.objects.filter(action="identity.read").count() == 1


@pytest.mark.parametrize("who", ["officer_b", "supervisor_elsewhere", "other_citizen"])
def test_a_feedback_petitioners_identity_is_refused_outside_the_scope(world, who):
    petition = submit(world).petition
    audit_rows = AuditEntry.objects.count()

    with pytest.raises(NotPermitted):
        selectors.petitioner_identity_read(user=getattr(world, who), petition=petition)

    assert AuditEntry.objects.count() == audit_rows


def test_every_read_of_an_identity_writes_its_own_audit_entry(world):
    petition = submit(world, kind=Kind.DENUNCIATION, petitioner=DENOUNCER).petition

    for _ in range(3):
        selectors.petitioner_identity_read(user=world.officer_a, petition=petition)

    assert AuditEntry.objects.filter(action="identity.read", actor=world.officer_a).count() == 3


def test_after_a_transfer_the_old_agency_may_no_longer_read_the_denouncers_identity(world):
    petition = submit(world, kind=Kind.DENUNCIATION, petitioner=DENOUNCER).petition
    petition_transfer(
        acting_user=world.officer_a,
        petition=petition,
        to_agency=world.agency_b,
        reason="Cán bộ bị tố cáo thuộc phường Hoàn Kiếm",
    )
    petition.refresh_from_db()

    with pytest.raises(NotPermitted):
        selectors.petitioner_identity_read(user=world.officer_a, petition=petition)
    assert selectors.petitioner_identity_read(user=world.officer_b, petition=petition).name == (
        "Trần Thị Bình"
    )


def test_an_anonymous_petition_filed_from_an_account_does_not_name_the_account(world):
    petition = submit(world, user=world.citizen, is_anonymous=True).petition

    identity = selectors.petitioner_identity_read(user=world.officer_a, petition=petition)

    assert identity == selectors.PetitionerIdentity("", "", "", "", "")


def test_the_history_of_an_anonymous_petition_does_not_name_who_filed_it(world):
    petition = submit(world, user=world.citizen, is_anonymous=True).petition

    history = selectors.petition_history(petition=petition, for_petitioner=False)

    assert [event.actor for event in history] == [None]
