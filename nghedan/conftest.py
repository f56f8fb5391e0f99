import logging

import pytest
from django.core.cache import cache

from nghedan.test import World, build_world


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
    cache.clear()
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
    """Each test has its own database: forget the models the last one made active."""
    from nghedan.language.training import model_cache_clear

    model_cache_clear()
