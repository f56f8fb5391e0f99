"""Reference data kept in each process.

A few tables change only when an administrator edits them or a loader runs — deadline
rules, the calendar's days off, routing rules, topics, areas — yet intake reads them for
every petition. Each process keeps a copy of what it read (`reference_copy`), and reads
again after a change anywhere:

- a change calls `reference_changed()`: the models of such tables do it from `save` and
  `delete`, their querysets from `update`, `delete` and the bulk writes (`ReferenceModel`),
  so the admin, the loaders and the tests are all covered. It forgets this process's
  copies at once and, once the change has committed, writes a new version token to the
  shared cache (settings.CACHES);
- every process compares that token with the one its copies were read under at most
  every CHECK_SECONDS, so another process or machine sees a change within that time;
- a copy older than MAX_AGE_SECONDS is read again whatever the token says (a change
  made beside the application, in SQL, or one read back before its transaction rolled
  back, lasts no longer than that).

Copies are shared by the threads of a process: callers treat what they get as read-only.
"""

import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import models, transaction

T = TypeVar("T")

CHECK_SECONDS = 2.0
MAX_AGE_SECONDS = 300.0
VERSION_KEY = "reference:version"

_lock = threading.Lock()
_copies: dict[str, Any] = {}
# Moves whenever the copies are forgotten: a copy loaded meanwhile is not kept.
_generation = 0
_token: str | None = None
_checked_at = float("-inf")
_read_at = float("-inf")


def _check() -> None:
    """Forget the copies when the shared token moved, or when they are too old."""
    global _token, _checked_at, _read_at, _generation
    now = time.monotonic()
    if now - _checked_at < CHECK_SECONDS:
        return
    token = cache.get(VERSION_KEY)
    if token is None:
        # First process since the cache was emptied: any token will do, as long as all
        # processes agree on it.
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(VERSION_KEY)
    with _lock:
        if token is None or token != _token or now - _read_at > MAX_AGE_SECONDS:
            # No token (the cache is failing): copies are kept for one check only.
            _copies.clear()
            _generation += 1
            _token, _read_at = token, now
        _checked_at = now


def reference_copy(name: str, load: Callable[[], T]) -> T:
    """This process's copy of the reference data `name`, read with `load()` the first
    time and after a change."""
    _check()
    with _lock:
        if name in _copies:
            return _copies[name]
        generation = _generation
    value = load()
    with _lock:
        if _generation == generation:  # no change was seen while it loaded
            value = _copies.setdefault(name, value)
    return value


def reference_forget() -> None:
    """Forget this process's copies; the next read loads them and checks the token."""
    global _checked_at, _generation
    with _lock:
        _copies.clear()
        _generation += 1
        _checked_at = float("-inf")


def _publish() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    reference_forget()


def reference_changed() -> None:
    """Reference data changed: this process forgets its copies now, the others once the
    change commits (at once outside a transaction)."""
    reference_forget()
    transaction.on_commit(_publish)


class ReferenceQuerySet(models.QuerySet):
    """Writes of many rows at once tell the copies, like a model's save."""

    def update(self, **kwargs: Any) -> int:
        rows = super().update(**kwargs)
        reference_changed()
        return rows

    def delete(self) -> tuple[int, dict[str, int]]:
        deleted = super().delete()
        reference_changed()
        return deleted

    def bulk_create(self, *args: Any, **kwargs: Any) -> list:
        created = super().bulk_create(*args, **kwargs)
        reference_changed()
        return created

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        rows = super().bulk_update(*args, **kwargs)
        reference_changed()
        return rows


class ReferenceModel(models.Model):
    """A table of reference data: every change through the ORM calls
    `reference_changed()`."""

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        reference_changed()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        deleted = super().delete(*args, **kwargs)
        reference_changed()
        return deleted
