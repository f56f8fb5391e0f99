"""Migration audit 0003 re-seals a log written under the plain SHA-256 chain with the key,
records that it did and what it found, and removes denouncers' names from it."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from nghedan.audit import keys
from nghedan.audit.guard import guard_installed
from nghedan.audit.log import audit_verify
from nghedan.audit.models import AuditEntry
from nghedan.petitions.actions import PetitionerInfo, petition_accept
from nghedan.petitions.models import Kind
from nghedan.test import submit

reseal = importlib.import_module("nghedan.audit.migrations.0003_reseal_chain")
BEFORE = [("audit", "0001_initial")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return [node for node in executor.loader.graph.leaf_nodes() if node[0] == "audit"]


def _as_written_before(world, *, break_at: int | None = None) -> tuple[list[int], str]:
    """Turn the log back into what audit 0001 wrote: the actor's account and name on every
    entry, plain SHA-256 hashes. `break_at`: the position of an entry edited since then.
    Returns the ids in order and the last hash."""
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    entries = list(old.get_model("audit", "AuditEntry").objects.order_by("id"))
    prev = "0" * 64
    for position, entry in enumerate(entries):
        if entry.action == "petition.submitted":
            entry.actor_id, entry.actor_label = world.citizen.pk, str(world.citizen)
        entry.prev_hash = prev
        entry.hash = reseal._old_hash(entry)
        if position == break_at:
            entry.data = {**entry.data, "edited": True}
        entry.save()
        prev = entry.hash
    old.get_model("audit", "AuditHead").objects.filter(pk=1).update(last_hash=prev)
    return [entry.id for entry in entries], prev


@pytest.fixture
def old_log(live_world):
    """Given: a denunciation filed by the citizen and accepted, its log as audit 0001 kept
    it; the database is migrated back to the latest state afterwards."""
    petition = submit(
        live_world,
        user=live_world.citizen,
        kind=Kind.DENUNCIATION,
        petitioner=PetitionerInfo(name="Lê Thị Hồng", phone="0987654321"),
    ).petition
    petition_accept(acting_user=live_world.officer_a, petition=petition)
    latest = _latest()
    _migrate(BEFORE)
    try:
        yield live_world, petition
    finally:
        _migrate(latest)


def test_the_old_chain_is_resealed_with_the_key_and_the_denouncer_becomes_a_pseudonym(old_log):
    world, petition = old_log
    ids, old_last = _as_written_before(world)

    _migrate(_latest())

    entries = list(AuditEntry.objects.order_by("seq"))
    assert [(e.seq, e.action, e.actor, e.actor_label) for e in entries] == [
        (
            1,
            "petition.submitted",
            None,
            keys.pseudonym(
                scope_label="petitions.petition", scope_pk=petition.pk, user_pk=world.citizen.pk
            ),
        ),
        (2, "petition.accepted", world.officer_a, str(world.officer_a)),
        (3, "audit.chain_resealed", None, "system"),
    ]
    assert [entry.id for entry in entries[:2]] == ids
    assert entries[2].data == {
        "entries": 2,
        "scheme": "hmac-sha256",
        "previous_chain_intact": True,
        "previous_first_bad_id": None,
        "previous_head": old_last,
        "previous_last_hash": old_last,
        "pseudonymised": 1,
    }
    verdict = audit_verify()
    assert (verdict.intact, verdict.entries) == (True, 3)
    assert guard_installed(connection) is True


def test_an_old_chain_broken_before_the_migration_is_recorded_as_broken(old_log):
    world, _petition = old_log
    ids, _old_last = _as_written_before(world, break_at=0)

    _migrate(_latest())

    marker = AuditEntry.objects.get(action="audit.chain_resealed")
    assert (marker.data["previous_chain_intact"], marker.data["previous_first_bad_id"]) == (
        False,
        ids[0],
    )
    assert audit_verify().intact
