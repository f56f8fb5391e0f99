"""Each process's copies of the reference data: read once, read again after a change here
(at once) or in another process (within CHECK_SECONDS), never kept past MAX_AGE_SECONDS."""

import os
import subprocess
import sys

from django.core.cache import cache
from django.db import connection, transaction

from nghedan.deadlines.models import DeadlineRule
from nghedan.deadlines.services import deadline_rules
from nghedan.lib import reference
from nghedan.lib.reference import VERSION_KEY, reference_copy
from nghedan.petitions.models import Topic
from nghedan.petitions.reference import topic_active


class Loads:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> list[int]:
        self.count += 1
        return [self.count]


def test_a_copy_is_read_once_then_shared(db):
    loads = Loads()

    first = reference_copy("test.numbers", loads)
    again = reference_copy("test.numbers", loads)

    assert (first, again, loads.count) == ([1], [1], 1)
    assert again is first


def test_a_save_here_is_seen_at_once(world):
    assert topic_active("moi-truong") is not None
    topic = Topic.objects.get(code="moi-truong")

    topic.is_active = False
    topic.save()

    assert topic_active("moi-truong") is None


def test_a_bulk_update_here_is_seen_at_once(world):
    before = {rule.pk: rule.days for rule in deadline_rules()}

    DeadlineRule.objects.update(days=42)

    assert set(before.values()) != {42}
    assert {rule.pk: rule.days for rule in deadline_rules()} == dict.fromkeys(before, 42)


def test_another_process_change_is_seen_at_the_next_check(db, monkeypatch):
    loads = Loads()
    reference_copy("test.numbers", loads)

    cache.set(VERSION_KEY, "another process changed something", timeout=None)
    kept = reference_copy("test.numbers", loads)  # not checked again yet
    monkeypatch.setattr(reference, "CHECK_SECONDS", 0.0)
    read_again = reference_copy("test.numbers", loads)

    assert (kept, read_again, loads.count) == ([1], [2], 2)


def test_a_copy_is_read_again_when_too_old_whatever_the_token(db, monkeypatch):
    loads = Loads()
    reference_copy("test.numbers", loads)
    monkeypatch.setattr(reference, "CHECK_SECONDS", 0.0)
    assert reference_copy("test.numbers", loads) == [1]

    monkeypatch.setattr(reference, "MAX_AGE_SECONDS", 0.0)

    assert reference_copy("test.numbers", loads) == [2]


def test_the_token_moves_only_when_the_change_commits(world, django_capture_on_commit_callbacks):
    token = reference.reference_copy("test.token", lambda: cache.get(VERSION_KEY))
    assert token is not None

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            DeadlineRule.objects.filter(kind="feedback").update(days=7)
        assert cache.get(VERSION_KEY) == token  # not committed yet: the others keep theirs

    for callback in callbacks:
        callback()
    assert cache.get(VERSION_KEY) not in (None, token)


# Another process changes a rule in the database the two share.
CHANGE = """
import django
django.setup()
from nghedan.deadlines.models import DeadlineRule
DeadlineRule.objects.filter(kind="feedback").update(days=9)
"""


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def test_a_change_made_by_another_process_reaches_this_one(live_world, monkeypatch):
    # Given this process's copy of the rules
    assert {rule.days for rule in deadline_rules() if rule.kind == "feedback"} == {5, 10}

    # When another process changes them
    done = subprocess.run(
        [sys.executable, "-c", CHANGE],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "nghedan.settings",
            "DATABASE_URL": _database_url(),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr

    # Then this one reads them again at its next check
    monkeypatch.setattr(reference, "CHECK_SECONDS", 0.0)
    assert {rule.days for rule in deadline_rules() if rule.kind == "feedback"} == {9}
