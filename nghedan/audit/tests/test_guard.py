"""The database itself refuses to change or remove audit entries, on SQLite and on
PostgreSQL; only `flush`, which empties the whole database, lifts that, for its own
transaction."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from nghedan.audit.guard import guard_installed, guard_remove
from nghedan.audit.log import audit_record, audit_verify
from nghedan.audit.models import AuditEntry, AuditHead
from nghedan.audit.tests.support import some_history


def _refused(sql: str, params=()) -> None:
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _rows() -> list[tuple]:
    return list(AuditEntry.objects.order_by("seq").values_list("id", "action", "data", "hash"))


def test_the_guard_is_installed_by_the_migrations(db):
    assert guard_installed(connection) is True


def test_an_update_in_raw_sql_is_refused_and_the_row_is_unchanged(world):
    some_history(world)
    before = _rows()

    _refused("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ["petition.decline", 2])

    assert _rows() == before
    assert audit_verify().intact


def test_a_delete_in_raw_sql_is_refused_and_the_rows_are_kept(world):
    some_history(world)
    before = _rows()

    _refused("DELETE FROM audit_auditentry WHERE seq = %s", [5])
    _refused("DELETE FROM audit_auditentry")

    assert _rows() == before
    assert audit_verify().intact


def test_updates_and_deletes_through_the_orm_are_refused_too(world):
    some_history(world)
    before = _rows()

    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(seq=2).update(data={})
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.all()._raw_delete(using="default")

    assert _rows() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_truncating_the_log_is_refused_on_postgresql(world):
    some_history(world)
    connection.check_constraints()  # PostgreSQL truncates no table with checks pending

    _refused("TRUNCATE audit_auditentry")
    _refused("TRUNCATE audit_audithead")

    assert AuditEntry.objects.count() == 5


def test_deleting_the_head_is_refused_and_updating_it_is_not(world):
    some_history(world)

    _refused("DELETE FROM audit_audithead")

    assert AuditHead.objects.get(pk=1).entries == 5


def test_flush_empties_the_whole_log_and_leaves_the_guard_in_place(world):
    some_history(world)

    call_command("flush", interactive=False, verbosity=0)

    assert (AuditEntry.objects.count(), AuditHead.objects.count()) == (0, 0)
    assert guard_installed(connection) is True
    verdict = audit_verify()
    assert (verdict.intact, verdict.entries) == (True, 0)
    audit_record(actor=None, action="test.after_flush", actor_label="system")
    _refused("DELETE FROM audit_auditentry")


def test_a_missing_guard_is_reported_and_put_back_by_the_guard_command(world):
    some_history(world)
    guard_remove(connection)
    assert guard_installed(connection) is False
    err = StringIO()

    call_command("audit", "verify", stdout=StringIO(), stderr=err)

    assert "nghedan audit guard" in err.getvalue()
    out = StringIO()
    call_command("audit", "guard", stdout=out)
    assert out.getvalue() == "Đã cài trigger bảo vệ — the guard is installed.\n"
    assert guard_installed(connection) is True
    _refused("DELETE FROM audit_auditentry")
