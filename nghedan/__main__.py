"""The `nghedan` console command: this project's manage.py."""

import os
import sys

NOT_MIGRATED = (
    "Cơ sở dữ liệu chưa được tạo hoặc chưa cập nhật: hãy chạy `nghedan migrate` trước.\n"
    "The database is missing or out of date: run `nghedan migrate` first.\n"
)


def _database_needs_migrating() -> bool:
    """True when migrations are waiting to be applied (or the database cannot even say)."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        targets = executor.loader.graph.leaf_nodes()
        return bool(executor.migration_plan(targets))
    except Exception:  # noqa: BLE001 — any failure to read the plan means "not migrated"
        return True


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nghedan.settings")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(sys.argv)
    except DatabaseError:
        # A command run on a database whose tables are not there yet fails deep in a query;
        # say which command to run instead of printing the traceback.
        if _database_needs_migrating():
            sys.stderr.write(NOT_MIGRATED)
            sys.exit(1)
        raise


if __name__ == "__main__":
    main()
