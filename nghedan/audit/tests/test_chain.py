"""The audit log is sealed as a chain under a key kept outside the database: an edit, a
removal, a re-sealing without the key or a cut at the end is found by `audit_verify`."""

from datetime import timedelta

import pytest
from django.test import override_settings

from nghedan.audit import chain, keys
from nghedan.audit.checks import audit_key_check
from nghedan.audit.log import audit_record, audit_verify
from nghedan.audit.models import AuditEntry, AuditLogError
from nghedan.audit.tests.support import (
    GUESSED_KEY,
    as_database_owner,
    delete_rows,
    forged_seal,
    head,
    reseal_from,
    some_history,
)

OTHER_KEY = "another-audit-key-kept-in-a-vault-0123456789abcdef"


def test_an_empty_log_verifies_as_intact_with_no_entries(db):
    verdict = audit_verify()

    assert (verdict.intact, verdict.entries, verdict.problem) == (True, 0, "")


def test_each_entry_is_numbered_links_to_the_one_before_and_the_head_records_the_last(world):
    entries = some_history(world)

    assert [(entry.seq, entry.action) for entry in entries] == [
        (1, "petition.submitted"),
        (2, "petition.accepted"),
        (3, "petition.answer_published"),
        (4, "petition.rated_closed"),
        (5, "identity.read"),
    ]
    assert entries[0].prev_hash == chain.GENESIS
    assert [entry.prev_hash for entry in entries[1:]] == [entry.hash for entry in entries[:-1]]
    assert all(entry.hash == entry.compute_hash() for entry in entries)
    assert (head().entries, head().last_hash) == (5, entries[-1].hash)
    assert head().seal == head().compute_seal()
    verdict = audit_verify()
    assert (verdict.intact, verdict.entries, verdict.head) == (True, 5, entries[-1].hash)


def test_an_entry_is_sealed_with_the_key_not_a_plain_hash(world):
    entries = some_history(world)

    assert entries[0].hash != entries[0].compute_hash(GUESSED_KEY)
    assert entries[0].hash == entries[0].compute_hash(keys.chain_key())


def test_an_action_by_the_petitioner_with_a_secret_is_labelled_not_attributed(world):
    some_history(world)

    rated = AuditEntry.objects.get(action="petition.rated_closed")
    assert (rated.actor, rated.actor_label) == (None, "petitioner-or-system")
    accepted = AuditEntry.objects.get(action="petition.accepted")
    assert (accepted.actor, accepted.actor_label) == (world.officer_a, str(world.officer_a))


@pytest.mark.parametrize("field", ["data", "action", "actor_label", "target_id", "at", "actor"])
def test_changing_one_past_row_is_caught_at_that_row(world, field):
    entries = some_history(world)
    tampered = entries[1]
    value = {
        "data": {"code": "ND-0000-0000"},
        "action": "petition.declined",
        "actor_label": "someone else",
        "target_id": "999",
        "at": tampered.at - timedelta(days=1),
        "actor": world.leader_a,
    }[field]

    with as_database_owner():
        AuditEntry.objects.filter(pk=tampered.pk).update(**{field: value})

    verdict = audit_verify()
    assert (verdict.intact, verdict.problem, verdict.first_bad_seq, verdict.first_bad_id) == (
        False,
        "edited",
        2,
        tampered.pk,
    )
    assert verdict.entries == 1


def test_resealing_an_edited_row_without_the_key_is_caught_at_that_row(world):
    entries = some_history(world)
    tampered = entries[1]
    tampered.data = {**tampered.data, "to": "declined"}

    with as_database_owner():
        AuditEntry.objects.filter(pk=tampered.pk).update(
            data=tampered.data, hash=forged_seal(tampered)
        )

    verdict = audit_verify()
    assert (verdict.problem, verdict.first_bad_seq, verdict.first_bad_id) == (
        "edited",
        2,
        tampered.pk,
    )


def test_deleting_a_middle_row_is_caught_as_a_gap_in_the_numbers(world):
    entries = some_history(world)

    delete_rows(entries[2])

    verdict = audit_verify()
    assert (verdict.intact, verdict.problem, verdict.first_bad_seq, verdict.first_bad_id) == (
        False,
        "missing",
        3,
        None,
    )


def test_deleting_a_middle_row_and_resealing_the_rest_without_the_key_is_caught_after_it(world):
    entries = some_history(world)

    delete_rows(entries[2])
    reseal_from([entries[0], entries[1], entries[3], entries[4]], 2)

    verdict = audit_verify()
    assert (verdict.problem, verdict.first_bad_seq, verdict.first_bad_id) == (
        "edited",
        3,
        entries[3].pk,
    )


def test_relinking_without_resealing_is_caught_where_the_link_breaks(world):
    entries = some_history(world)

    with as_database_owner():
        AuditEntry.objects.filter(pk=entries[3].pk).update(prev_hash=entries[1].hash)

    verdict = audit_verify()
    assert (verdict.problem, verdict.first_bad_seq, verdict.first_bad_id) == (
        "unlinked",
        4,
        entries[3].pk,
    )


def test_cutting_off_the_newest_rows_is_caught_against_the_head(world):
    entries = some_history(world)

    delete_rows(entries[3], entries[4])

    verdict = audit_verify()
    assert (verdict.intact, verdict.problem, verdict.first_bad_seq, verdict.first_bad_id) == (
        False,
        "truncated",
        4,
        None,
    )
    assert verdict.entries == 3


def test_cutting_off_the_newest_rows_and_moving_the_head_back_without_the_key_is_caught(world):
    entries = some_history(world)

    delete_rows(entries[3], entries[4])
    forged_head = chain.head_seal(GUESSED_KEY, entries=3, last_hash=entries[2].hash)
    type(head()).objects.filter(pk=1).update(entries=3, last_hash=entries[2].hash, seal=forged_head)

    verdict = audit_verify()
    assert (verdict.intact, verdict.problem, verdict.first_bad_seq) == (False, "head", None)


def test_deleting_the_head_is_caught(world):
    some_history(world)

    with as_database_owner():
        type(head()).objects.all().delete()

    verdict = audit_verify()
    assert (verdict.intact, verdict.problem) == (False, "head")


def test_the_log_does_not_verify_under_another_key(world):
    some_history(world)

    with override_settings(NGHEDAN_AUDIT_KEY=OTHER_KEY):
        verdict = audit_verify()

    assert (verdict.intact, verdict.problem) == (False, "head")


def test_after_moving_to_a_dedicated_key_the_old_one_as_a_fallback_still_verifies(world, settings):
    some_history(world)
    old_secret = settings.SECRET_KEY

    settings.NGHEDAN_AUDIT_KEY = OTHER_KEY
    settings.NGHEDAN_AUDIT_KEY_FALLBACKS = [old_secret]
    newest = audit_record(actor=world.admin, action="test.after_rotation")

    assert newest.hash == newest.compute_hash(keys.chain_key())
    assert newest.hash != newest.compute_hash(keys.chain_keys()[1])
    verdict = audit_verify()
    assert (verdict.intact, verdict.entries) == (True, 6)


def test_the_chain_key_comes_from_the_dedicated_setting_else_from_the_secret_key(settings):
    settings.NGHEDAN_AUDIT_KEY = ""
    derived = keys.chain_key()
    settings.SECRET_KEY = "x" * 60
    derived_from_another_secret = keys.chain_key()
    settings.NGHEDAN_AUDIT_KEY = OTHER_KEY
    dedicated = keys.chain_key()

    assert len({derived, derived_from_another_secret, dedicated}) == 3
    # The same secret gives the pseudonyms another key (their own label).
    assert dedicated != keys._derive(OTHER_KEY, keys.PSEUDONYM)


def test_a_dedicated_key_shorter_than_32_characters_stops_start_up(settings):
    settings.NGHEDAN_AUDIT_KEY = "short"

    errors = audit_key_check(None)

    assert [error.id for error in errors] == ["nghedan.audit.E001"]
    settings.NGHEDAN_AUDIT_KEY = OTHER_KEY
    assert audit_key_check(None) == []


def test_saving_an_existing_entry_again_is_refused_and_the_row_is_unchanged(world):
    entry = audit_record(actor=world.admin, action="test.action", data={"n": 1})
    entry.data = {"n": 2}

    with pytest.raises(AuditLogError):
        entry.save()

    assert AuditEntry.objects.get(pk=entry.pk).data == {"n": 1}
    assert audit_verify().intact


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
    assert (entry.seq, entry.prev_hash) == (1, chain.GENESIS)
