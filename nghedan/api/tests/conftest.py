import pytest
from rest_framework.test import APIClient

from nghedan.api.services import api_client_issue
from nghedan.test import cache_clear


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters live in the cache; each test starts with none."""
    cache_clear()
    yield
    cache_clear()


@pytest.fixture
def client_key(world) -> str:
    """The api_key of an Open311 client application."""
    _client, key = api_client_issue(name="Ứng dụng Phường Ba Đình")
    return key
