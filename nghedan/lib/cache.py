"""The shared cache of the embedded default: Django's database cache, with a counter that
every process and machine can increment at once without losing a count, and an `add`
of one statement.

Django's own `incr` reads the value and writes it back: two processes counting at the
same moment both write the same number. Here the write is conditional on the value read
(compare and swap), tried again when another process got there first, so the rate limits
count every request however many `nghedan serve` processes there are. Django's `add`
counts the table and reads the key before it writes; here it is one INSERT … ON CONFLICT
(SQLite and PostgreSQL alike), and expired rows are deleted every CULL_EVERY adds.

With NGHEDAN_REDIS_URL set, settings.CACHES uses django-redis instead, whose `incr` is
Redis's own atomic INCRBY.
"""

import base64
import pickle
from datetime import UTC, datetime
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from nghedan.lib import clock

# Tries of the compare and swap before incr locks the row instead.
SWAP_TRIES = 10
# One add in so many deletes the expired rows (Django's culling counts the table at
# every write instead).
CULL_EVERY = 500
_UPSERT_VENDORS = frozenset({"sqlite", "postgresql"})


class DatabaseCache(DjangoDatabaseCache):
    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        self.table_name = table
        self._adds = 0

    def _connection(self, *, write: bool) -> BaseDatabaseWrapper:
        route = router.db_for_write if write else router.db_for_read
        return connections[route(self.cache_model_class)]

    def _encode(self, value: Any) -> str:
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        """Store `value` unless a live value is there already; True when stored."""
        connection = self._connection(write=True)
        if connection.vendor not in _UPSERT_VENDORS:
            return super().add(key, value, timeout, version)
        key = self.make_and_validate_key(key, version=version)
        seconds = self.get_backend_timeout(timeout)
        expires = datetime.max if seconds is None else datetime.fromtimestamp(seconds, tz=UTC)
        now = clock.now().replace(microsecond=0)
        adapt = connection.ops.adapt_datetimefield_value
        quote_name = connection.ops.quote_name
        table = quote_name(self.table_name)
        cache_key, stored, expiry = (quote_name(c) for c in ("cache_key", "value", "expires"))
        self._adds += 1
        with connection.cursor() as cursor:
            if self._adds % CULL_EVERY == 0:
                cursor.execute(f"DELETE FROM {table} WHERE {expiry} < %s", [adapt(now)])
            cursor.execute(
                f"INSERT INTO {table} ({cache_key}, {stored}, {expiry}) VALUES (%s, %s, %s) "
                f"ON CONFLICT ({cache_key}) DO UPDATE SET {stored} = excluded.{stored}, "
                f"{expiry} = excluded.{expiry} WHERE {table}.{expiry} < %s",
                [key, self._encode(value), adapt(expires.replace(microsecond=0)), adapt(now)],
            )
            return cursor.rowcount == 1

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        """Add `delta` to the number under `key` and return the sum; ValueError when the
        key is missing or expired (as every Django cache does)."""
        key = self.make_and_validate_key(key, version=version)
        connection = self._connection(write=True)
        for _try in range(SWAP_TRIES):
            with connection.cursor() as cursor:
                stored, value = self._read_number(cursor, connection, key, delta, lock=False)
                if self._swap(cursor, connection, key, stored, value):
                    return value
        # Many processes on one counter: take the row's lock (on SQLite, the writer lock).
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            stored, value = self._read_number(cursor, connection, key, delta, lock=True)
            self._swap(cursor, connection, key, stored, value)
        return value

    def _read_number(
        self, cursor: Any, connection: BaseDatabaseWrapper, key: str, delta: int, *, lock: bool
    ) -> tuple[str, Any]:
        quote_name = connection.ops.quote_name
        locking = " FOR UPDATE" if lock and connection.features.has_select_for_update else ""
        cursor.execute(
            f"SELECT {quote_name('value')}, {quote_name('expires')} "
            f"FROM {quote_name(self.table_name)} WHERE {quote_name('cache_key')} = %s{locking}",
            [key],
        )
        row = cursor.fetchone()
        if row is None or self._expired(row[1], connection):
            raise ValueError(f"Key '{key}' not found")
        stored = connection.ops.process_clob(row[0])
        return stored, pickle.loads(base64.b64decode(stored.encode())) + delta

    def _swap(
        self, cursor: Any, connection: BaseDatabaseWrapper, key: str, stored: str, value: Any
    ) -> bool:
        """Write `value` if the row still holds `stored`."""
        quote_name = connection.ops.quote_name
        cursor.execute(
            f"UPDATE {quote_name(self.table_name)} SET {quote_name('value')} = %s "
            f"WHERE {quote_name('cache_key')} = %s AND {quote_name('value')} = %s",
            [self._encode(value), key, stored],
        )
        return cursor.rowcount == 1

    @staticmethod
    def _expired(expires: Any, connection: BaseDatabaseWrapper) -> bool:
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in connection.ops.get_db_converters(
            expression
        ) + expression.get_db_converters(connection):
            expires = converter(expires, expression, connection)
        return expires < clock.now()
