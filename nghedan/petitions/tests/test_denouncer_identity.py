"""A denouncer's identity is known to the handling officer and leader alone (Law on
Denunciations 2018, Art. 47): not to an administrator in the admin pages or the audit
log, not to a supervisor or an administrator in the history on the web or in the API —
while the handler still reads it, through the audited identity read."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from nghedan.audit.log import audit_pseudonym, audit_verify
from nghedan.audit.models import AuditEntry
from nghedan.notifications.models import Delivery, Notification
from nghedan.petitions.actions import PetitionerInfo, petition_accept, petition_withdraw
from nghedan.petitions.messages import petition_event_notify
from nghedan.petitions.models import Kind
from nghedan.petitions.selectors import petitioner_identity_read
from nghedan.test import sign_in, submit

NAME, PHONE = "Lê Thị Hồng", "0987654321"
PROTECTED = "danh tính được bảo vệ"


def _denunciation(world):
    """Given: a denunciation filed by the citizen against an official of ward Ba Đình,
    accepted by officer A, then withdrawn by the citizen."""
    denouncer = world.citizen
    denouncer.full_name, denouncer.phone = NAME, PHONE
    denouncer.save()
    petition = submit(
        world,
        user=denouncer,
        kind=Kind.DENUNCIATION,
        title="Tố cáo cán bộ địa chính phường nhận tiền",
        body=(
            f"Tôi là {NAME}, điện thoại {PHONE}. Cán bộ địa chính phường đã nhận tiền "
            "để hợp thức hoá giấy tờ đất cho một hộ ở tổ 5."
        ),
        petitioner=PetitionerInfo(name=NAME, phone=PHONE),
        notify_updates=True,
    ).petition
    petition_accept(acting_user=world.officer_a, petition=petition)
    petition_withdraw(
        acting_user=denouncer, petition=petition, reason="Đã được giải thích, rút đơn."
    )
    petition.refresh_from_db()
    return petition, denouncer


def _free_of(text: str, denouncer) -> list[str]:
    """What of the denouncer's identity appears in `text` (nothing, we hope)."""
    return [word for word in (denouncer.username, NAME, PHONE) if word in text]


def test_the_admin_page_of_a_denunciation_shows_no_one_who_took_the_denouncers_steps(world):
    petition, denouncer = _denunciation(world)
    client = Client()
    sign_in(client, world.admin)

    response = client.get(f"/admin/petitions/petition/{petition.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert _free_of(page, denouncer) == []
    assert page.count(PROTECTED) == 2  # submitted and withdrawn
    assert world.officer_a.display_name in page  # the officer's step is named
    listing = client.get("/admin/petitions/petition/").content.decode()
    assert _free_of(listing, denouncer) == []


@pytest.mark.parametrize(
    "query", ["citizen={pk}", "citizen_id={pk}", "citizen__id__exact={pk}", "petitioner_phone=1"]
)
def test_the_admin_list_refuses_to_filter_petitions_by_who_filed_them(world, query):
    _petition, denouncer = _denunciation(world)
    client = Client()
    sign_in(client, world.admin)

    response = client.get("/admin/petitions/petition/?" + query.format(pk=denouncer.pk))

    assert response.status_code == 400


def test_the_audit_log_records_a_pseudonym_for_the_denouncers_steps(world):
    petition, denouncer = _denunciation(world)

    entries = AuditEntry.objects.filter(target_id=str(petition.pk)).order_by("seq")

    pseudonym = audit_pseudonym(user=denouncer, scope=petition)
    assert [(e.action, e.actor, e.actor_label) for e in entries] == [
        ("petition.submitted", None, pseudonym),
        ("petition.accepted", world.officer_a, str(world.officer_a)),
        ("petition.withdrawn", None, pseudonym),
    ]
    assert not AuditEntry.objects.filter(actor=denouncer).exists()
    everything = json.dumps(list(AuditEntry.objects.values()), ensure_ascii=False, default=str)
    assert _free_of(everything, denouncer) == []
    assert audit_verify().intact


def test_the_pseudonym_is_stable_on_one_petition_and_differs_on_another(world):
    first, denouncer = _denunciation(world)
    second = submit(world, user=denouncer, kind=Kind.DENUNCIATION).petition

    assert audit_pseudonym(user=denouncer, scope=first) != audit_pseudonym(
        user=denouncer, scope=second
    )
    assert AuditEntry.objects.get(
        action="petition.submitted", target_id=str(second.pk)
    ).actor_label == audit_pseudonym(user=denouncer, scope=second)


def test_the_audit_admin_pages_show_no_denouncer(world):
    petition, denouncer = _denunciation(world)
    client = Client()
    sign_in(client, world.admin)
    submitted = AuditEntry.objects.get(action="petition.submitted", target_id=str(petition.pk))

    listing = client.get("/admin/audit/auditentry/")
    entry = client.get(f"/admin/audit/auditentry/{submitted.pk}/change/")

    assert (listing.status_code, entry.status_code) == (200, 200)
    assert _free_of(listing.content.decode() + entry.content.decode(), denouncer) == []


def test_the_admin_lists_no_notification_sent_to_a_denouncer(world):
    petition, denouncer = _denunciation(world)
    for event in petition.events.all():
        petition_event_notify(event_id=event.pk)
    feedback = submit(world, user=world.other_citizen, notify_updates=True).petition
    petition_event_notify(event_id=feedback.events.get().pk)
    client = Client()
    sign_in(client, world.admin)

    notifications = client.get("/admin/notifications/notification/").content.decode()
    deliveries = client.get("/admin/notifications/delivery/").content.decode()

    assert Notification.objects.filter(recipient=denouncer).count() == 3
    assert Delivery.objects.filter(petition=petition).exists()
    assert _free_of(notifications + deliveries, denouncer) == []
    assert f"user:{denouncer.pk}" not in deliveries
    assert world.other_citizen.display_name in notifications  # other petitions are listed


@pytest.mark.parametrize("who", ["supervisor", "admin"])
def test_the_history_on_the_web_names_no_denouncer_to_overseers(world, who):
    petition, denouncer = _denunciation(world)
    client = Client()
    sign_in(client, getattr(world, who))

    response = client.get(f"/inbox/{petition.code}/")

    assert response.status_code == 200
    assert _free_of(response.content.decode(), denouncer) == []


@pytest.mark.parametrize("who", ["supervisor", "admin"])
def test_the_history_in_the_api_names_no_denouncer_to_overseers(world, who):
    petition, denouncer = _denunciation(world)
    api = APIClient()
    api.force_authenticate(user=getattr(world, who))

    response = api.get(f"/api/v1/petitions/{petition.code}/")

    assert response.status_code == 200
    body = response.json()
    assert [(event["action"], event["actor"]) for event in body["events"]] == [
        ("submitted", None),
        ("accepted", world.officer_a.display_name),
        ("withdrawn", None),
    ]
    assert _free_of(response.content.decode(), denouncer) == []


def test_the_handling_officer_still_reads_who_the_denouncer_is_and_the_read_is_audited(world):
    petition, denouncer = _denunciation(world)

    identity = petitioner_identity_read(user=world.officer_a, petition=petition, purpose="xác minh")

    assert (identity.name, identity.phone, identity.citizen_username) == (
        NAME,
        PHONE,
        denouncer.username,
    )
    read = AuditEntry.objects.get(action="identity.read")
    assert (read.actor, read.target_id) == (world.officer_a, str(petition.pk))


def test_an_officer_who_denounces_from_their_own_account_is_named_to_the_handlers_only(world):
    petition = submit(
        world,
        user=world.officer_b,
        kind=Kind.DENUNCIATION,
        petitioner=PetitionerInfo(name=NAME, phone=PHONE),
    ).petition
    api = APIClient()

    def first_actor(persona: str):
        api.force_authenticate(user=getattr(world, persona))
        return api.get(f"/api/v1/petitions/{petition.code}/").json()["events"][0]["actor"]

    assert first_actor("officer_a") == world.officer_b.display_name
    assert first_actor("supervisor") is None
    assert first_actor("admin") is None
    entry = AuditEntry.objects.get(action="petition.submitted")
    assert (entry.actor, entry.actor_label) == (
        None,
        audit_pseudonym(user=world.officer_b, scope=petition),
    )
    client = Client()
    sign_in(client, world.admin)
    page = client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
    assert world.officer_b.display_name not in page
    assert page.count(PROTECTED) == 1


def test_a_feedback_petitioners_steps_are_still_attributed_in_the_audit_log(world):
    petition = submit(world, user=world.citizen).petition

    entry = AuditEntry.objects.get(action="petition.submitted")

    assert (entry.actor, entry.actor_label, entry.target_id) == (
        world.citizen,
        str(world.citizen),
        str(petition.pk),
    )
