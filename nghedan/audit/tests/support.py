"""Helpers for the audit tests: a history to check, and the edits someone with write
access to the database (but not the key) could make behind the application's back."""

from django.db import connection

from nghedan.audit import chain
from nghedan.audit.guard import guard_suspended
from nghedan.audit.models import AuditEntry, AuditHead
from nghedan.petitions.actions import answer_submit, petition_accept, petition_rate
from nghedan.petitions.selectors import petitioner_identity_read
from nghedan.test import submit

# What a forger who knows the algorithm but not the key would seal with.
GUESSED_KEY = b"a key that is not the installation's"


def some_history(world) -> list[AuditEntry]:
    """Given: a petition filed, accepted, answered, rated and its petitioner looked up:
    five entries."""
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
    return list(AuditEntry.objects.order_by("seq"))


def as_database_owner():
    """The triggers that refuse edits lifted, as the owner of the tables could (inside the
    test's transaction, so they are back afterwards)."""
    return guard_suspended(connection)


def forged_seal(entry: AuditEntry) -> str:
    return entry.compute_hash(GUESSED_KEY)


def delete_rows(*entries: AuditEntry) -> None:
    with as_database_owner():
        AuditEntry.objects.filter(pk__in=[entry.pk for entry in entries]).delete()


def reseal_from(entries: list[AuditEntry], start: int) -> None:
    """Renumber and re-link `entries[start:]` after the one before them, each sealed
    without the key, as a forger covering a deletion would."""
    prev = entries[start - 1].hash if start else chain.GENESIS
    with as_database_owner():
        for number, entry in enumerate(entries[start:], start=start + 1):
            entry.seq, entry.prev_hash = number, prev
            entry.hash = forged_seal(entry)
            AuditEntry.objects.filter(pk=entry.pk).update(
                seq=entry.seq, prev_hash=entry.prev_hash, hash=entry.hash
            )
            prev = entry.hash


def head() -> AuditHead:
    return AuditHead.objects.get(pk=1)
