"""The audit log is append-only and hash-chained: any edit of a past row is detected."""

import pytest

from nghedan.audit.log import audit_record, audit_verify_chain
from nghedan.audit.models import AuditEntry, AuditHead, AuditLogError
from nghedan.petitions.actions import answer_submit, petition_accept, petition_rate
from nghedan.petitions.selectors import petitioner_identity_read
from nghedan.test import submit

GENESIS = "0" * 64


def _some_history(world) -> None:
    """Given: a petition filed, accepted, answered, rated and its petitioner looked up."""
    result = submit(world, user=world.citizen)
    petition = result.petition
    petition_accept(acting_user=world.officer_a, petition=petition)
    answer_submit(
        acting_user=world.leader_a,
        petition=petition,
        body="Phường đã thu gom rác tại ngõ 120 Đội Cấn.",
    )
    petition_rate(acting_user=None, petition=petition, secret=result.secret, stars=4)
    petitioner_identity_read(user=world.officer_a, petition=petition, purpose="gọi lại")


def test_an_empty_log_verifies(db):
    assert audit_verify_chain() == (True, None)


def test_each_entry_links_to_the_one_before_and_the_head_points_at_the_last(world):
    _some_history(world)

    entries = list(AuditEntry.objects.order_by("id"))
    assert [entry.action for entry in entries] == [
        "petition.submitted",
        "petition.accept",
        "petition.answer_publish",
        "petition.rated_closed",
        "identity.read",
    ]
    assert entries[0].prev_hash == GENESIS
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == previous.hash
    assert all(entry.hash == entry.compute_hash() for entry in entries)
    assert AuditHead.objects.get(pk=1).last_hash == entries[-1].hash
    assert audit_verify_chain() == (True, None)


def test_an_action_by_the_petitioner_with_a_secret_is_labelled_not_attributed(world):
    _some_history(world)

    rated = AuditEntry.objects.get(action="petition.rated_closed")
    assert (rated.actor, rated.actor_label) == (None, "petitioner-or-system")
    accepted = AuditEntry.objects.get(action="petition.accept")
    assert (accepted.actor, accepted.actor_label) == (world.officer_a, str(world.officer_a))


@pytest.mark.parametrize("field", ["data", "action", "actor_label", "target_id"])
def test_changing_one_past_row_breaks_the_chain_at_that_row(world, field):
    _some_history(world)
    tampered = AuditEntry.objects.get(action="petition.accept")
    value = {
        "data": {"code": "ND-0000-0000"},
        "action": "petition.decline",
        "actor_label": "someone else",
        "target_id": "999",
    }[field]

    AuditEntry.objects.filter(pk=tampered.pk).update(**{field: value})

    assert audit_verify_chain() == (False, tampered.pk)


def test_rewriting_a_row_and_its_own_hash_is_caught_at_the_next_row(world):
    _some_history(world)
    entries = list(AuditEntry.objects.order_by("id"))
    tampered = entries[1]
    tampered.data = {**tampered.data, "to": "declined"}
    AuditEntry.objects.filter(pk=tampered.pk).update(
        data=tampered.data, hash=tampered.compute_hash()
    )

    assert audit_verify_chain() == (False, entries[2].pk)


def test_deleting_a_row_behind_the_models_back_is_caught_at_the_next_row(world):
    _some_history(world)
    entries = list(AuditEntry.objects.order_by("id"))

    AuditEntry.objects.filter(pk=entries[2].pk)._raw_delete(using="default")

    assert audit_verify_chain() == (False, entries[3].pk)


def test_saving_an_existing_entry_again_is_refused_and_the_row_is_unchanged(world):
    entry = audit_record(actor=world.admin, action="test.action", data={"n": 1})
    entry.data = {"n": 2}

    with pytest.raises(AuditLogError):
        entry.save()

    assert AuditEntry.objects.get(pk=entry.pk).data == {"n": 1}
    assert audit_verify_chain() == (True, None)


def test_deleting_an_entry_is_refused_and_the_row_is_kept(world):
    entry = audit_record(actor=None, action="test.action", actor_label="system")

    with pytest.raises(AuditLogError):
        entry.delete()

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_an_entry_records_its_target_and_a_label_for_the_system(world):
    entry = audit_record(
        actor=None,
        action="sweep.overdue",
        target=world.agency_a,
        actor_label="system",
        data={"overdue": 3},
    )

    assert (entry.actor, entry.actor_label) == (None, "system")
    assert (entry.target_type, entry.target_id) == ("agencies.agency", str(world.agency_a.pk))
    assert entry.prev_hash == GENESIS
