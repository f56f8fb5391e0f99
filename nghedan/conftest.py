import logging
import os
from datetime import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from nghedan.test import World, build_world, cache_clear

# Every test runs on a pinned clock so that none depends on the day, the hour or the time
# zone it runs in. The suite's day can be moved (`NGHEDAN_TEST_NOW=2027-02-09T10:00+07:00`,
# as CI does) to prove that tests build their data relative to it; a test about particular
# calendar days pins its own instant with `@pytest.mark.clock("2026-11-25 10:00")`.
SUITE_NOW = "2026-11-25T10:00:00+07:00"


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        from nghedan.lib.clock import VIETNAM

        moment = moment.replace(tzinfo=VIETNAM)
    return moment


def suite_now() -> datetime:
    return _instant(os.environ.get("NGHEDAN_TEST_NOW") or SUITE_NOW)


def pytest_collection_modifyitems(config, items):
    """Under libfaketime (FAKETIME in the environment) the tests marked `real_clock` are
    skipped: they time worker leases and server restarts against the machine's clock, and
    the faked clock stalls the waits of their threads. None depends on the day."""
    if not os.environ.get("FAKETIME"):
        return
    skip = pytest.mark.skip(reason="real_clock: timed against the machine's clock, faked here")
    for item in items:
        if item.get_closest_marker("real_clock"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _pinned_clock(request):
    """Travel to the test's instant for the whole test and the code it calls (the clock
    keeps ticking from there). Tests marked `real_clock` start other processes that must
    share the clock, so they keep the machine's (CI moves it with faketime)."""
    if request.node.get_closest_marker("real_clock"):
        yield None
        return
    marker = request.node.get_closest_marker("clock")
    moment = _instant(marker.args[0]) if marker else suite_now()
    with time_machine.travel(moment, tick=True) as traveller:
        yield traveller


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def live_world(transactional_db) -> World:
    """The same world for tests that talk to `live_server` over real HTTP: those run
    outside a wrapping transaction, so the world is committed and flushed afterwards."""
    return build_world()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Rate-limit counters live in the cache: each test starts with none.
    cache_clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    # Personas are created for every test; a slow password hash would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _quiet_request_log():
    """Refusals are the point of many tests; Django would log each 4xx as a warning."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture(autouse=True)
def _fresh_text_models():
    """Each test has its own database: forget the models the last one made active, and
    the reference data (rules, topics, areas) this process kept from it."""
    from nghedan.language.training import model_cache_clear
    from nghedan.lib.reference import reference_forget

    model_cache_clear()
    reference_forget()


@pytest.fixture(autouse=True)
def _site_language():
    """A request in English leaves English active in the thread (the locale middleware
    activates a language and nothing deactivates it): each test starts in Vietnamese."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
