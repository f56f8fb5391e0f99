"""Django's `flush`, which empties every table, with the audit guard lifted for its own
transaction only: the triggers that refuse DELETE and TRUNCATE of the audit log would
otherwise stop it (the test suite flushes between tests over real HTTP)."""

from django.core.management.commands import flush
from django.db import connections, transaction

from nghedan.audit.guard import guard_suspended


class Command(flush.Command):
    def handle(self, **options):
        database = options["database"]
        with transaction.atomic(using=database), guard_suspended(connections[database]):
            super().handle(**options)
