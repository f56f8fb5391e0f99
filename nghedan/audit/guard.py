"""Database triggers that keep the audit log append-only, whatever writes to the database.

- PostgreSQL: UPDATE and DELETE of an entry, TRUNCATE of the entries, and DELETE or
  TRUNCATE of the head are refused (the head itself is updated by every append).
- SQLite: UPDATE and DELETE of an entry and DELETE of the head are refused (SQLite has no
  TRUNCATE; its `DELETE FROM` fires the triggers).

A refusal is an IntegrityError on both. The one sanctioned way round them is `nghedan
flush`, which empties the whole database (the test suite uses it between tests over real
HTTP): it suspends the triggers inside its own transaction (audit/management/commands/
flush.py), so no other session ever sees them suspended. Whoever owns the tables can still
drop the triggers; the keyed seals (chain.py) are what shows an edit after that.

On SQLite, a migration that alters an audit table rebuilds it and loses its triggers:
`nghedan audit verify` reports a missing guard and `nghedan audit guard` puts it back.
"""

from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper

ENTRY_TABLE = "audit_auditentry"
HEAD_TABLE = "audit_audithead"
MESSAGE = "the audit log is append-only"

_POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION nghedan_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on % refused: {MESSAGE}', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$
"""
# name → (table, the statement that creates it)
_POSTGRESQL_TRIGGERS = {
    "nghedan_audit_entry_no_change": (
        ENTRY_TABLE,
        f"CREATE TRIGGER nghedan_audit_entry_no_change BEFORE UPDATE OR DELETE ON {ENTRY_TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION nghedan_audit_append_only()",
    ),
    "nghedan_audit_entry_no_truncate": (
        ENTRY_TABLE,
        f"CREATE TRIGGER nghedan_audit_entry_no_truncate BEFORE TRUNCATE ON {ENTRY_TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION nghedan_audit_append_only()",
    ),
    "nghedan_audit_head_no_delete": (
        HEAD_TABLE,
        f"CREATE TRIGGER nghedan_audit_head_no_delete BEFORE DELETE ON {HEAD_TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION nghedan_audit_append_only()",
    ),
    "nghedan_audit_head_no_truncate": (
        HEAD_TABLE,
        f"CREATE TRIGGER nghedan_audit_head_no_truncate BEFORE TRUNCATE ON {HEAD_TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION nghedan_audit_append_only()",
    ),
}


def _sqlite_trigger(name: str, event: str, table: str) -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{event} on {table} refused: {MESSAGE}'); END"
    )


_SQLITE_TRIGGERS = {
    "nghedan_audit_entry_no_update": (
        ENTRY_TABLE,
        _sqlite_trigger("nghedan_audit_entry_no_update", "UPDATE", ENTRY_TABLE),
    ),
    "nghedan_audit_entry_no_delete": (
        ENTRY_TABLE,
        _sqlite_trigger("nghedan_audit_entry_no_delete", "DELETE", ENTRY_TABLE),
    ),
    "nghedan_audit_head_no_delete": (
        HEAD_TABLE,
        _sqlite_trigger("nghedan_audit_head_no_delete", "DELETE", HEAD_TABLE),
    ),
}


def _triggers(connection: BaseDatabaseWrapper) -> dict[str, tuple[str, str]]:
    return {"postgresql": _POSTGRESQL_TRIGGERS, "sqlite": _SQLITE_TRIGGERS}.get(
        connection.vendor, {}
    )


def guard_supported(connection: BaseDatabaseWrapper) -> bool:
    return bool(_triggers(connection))


def _present(connection: BaseDatabaseWrapper) -> dict[str, bool]:
    """The guard's triggers that exist → whether each is enabled."""
    names = list(_triggers(connection))
    if not names:
        return {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgenabled <> 'D' FROM pg_trigger "
                "WHERE NOT tgisinternal AND tgname = ANY(%s)",
                [names],
            )
            return {name: bool(enabled) for name, enabled in cursor.fetchall()}
        placeholders = ", ".join(["%s"] * len(names))
        cursor.execute(
            f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN ({placeholders})",
            names,
        )
        return {name: True for (name,) in cursor.fetchall()}


def guard_installed(connection: BaseDatabaseWrapper) -> bool | None:
    """Whether every trigger of the guard is there and enabled; None where the database
    has no guard (neither PostgreSQL nor SQLite)."""
    triggers = _triggers(connection)
    if not triggers:
        return None
    present = _present(connection)
    return all(present.get(name) for name in triggers)


def guard_install(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers that are missing (and enable those that are disabled)."""
    triggers = _triggers(connection)
    if not triggers:
        return
    present = _present(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRESQL_FUNCTION)
        for name, (table, create) in triggers.items():
            if name not in present:
                cursor.execute(create)
            elif not present[name]:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {name}")


def guard_remove(connection: BaseDatabaseWrapper) -> None:
    triggers = _triggers(connection)
    with connection.cursor() as cursor:
        for name, (table, _create) in triggers.items():
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS nghedan_audit_append_only()")


def _settle_constraints(connection: BaseDatabaseWrapper) -> None:
    """PostgreSQL refuses ALTER TABLE on a table with deferred checks still pending in the
    transaction (a foreign key of a row just written): run them now."""
    if connection.vendor == "postgresql":
        connection.check_constraints()


@contextmanager
def guard_suspended(connection):
    """Lift the guard for the enclosing transaction only: the caller must be inside
    `transaction.atomic()` and let an error leave it, so that the guard is back when it
    commits or rolls back; other sessions never see it lifted (PostgreSQL locks the
    tables meanwhile, SQLite the whole database)."""
    if not connection.in_atomic_block:
        raise RuntimeError("the audit guard may only be suspended inside a transaction")
    triggers = _triggers(connection)
    present = {name for name, enabled in _present(connection).items() if enabled}
    _settle_constraints(connection)
    with connection.cursor() as cursor:
        for name in present:
            table, _create = triggers[name]
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
            else:
                cursor.execute(f"DROP TRIGGER {name}")
    # On an error the enclosing transaction rolls back, and the guard with it.
    yield
    _settle_constraints(connection)
    with connection.cursor() as cursor:
        for name in present:
            table, create = triggers[name]
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
            else:
                cursor.execute(create)
