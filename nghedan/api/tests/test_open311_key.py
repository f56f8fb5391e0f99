"""`nghedan open311_key NAME [--rotate]` issues the api_key of an Open311 client application."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from nghedan.api.models import ApiClient
from nghedan.api.selectors import api_client_for_key


def _issue(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("open311_key", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_creates_a_client_and_prints_its_key_once_alone_on_stdout(db):
    out, err = _issue("Ứng dụng Hà Nội")

    key = out.strip()
    assert out == f"{key}\n"
    assert len(key) >= 43  # 32 random bytes, URL-safe base64
    assert "bí mật" in err and key not in err
    client = ApiClient.objects.get()
    assert client.name == "Ứng dụng Hà Nội"
    assert key not in client.key_digest
    assert api_client_for_key(key=key) == client


def test_rotating_gives_a_new_key_and_the_old_one_stops_working(db):
    old = _issue("Ứng dụng Hà Nội")[0].strip()

    new = _issue("Ứng dụng Hà Nội", "--rotate")[0].strip()

    assert new != old
    assert ApiClient.objects.count() == 1
    assert api_client_for_key(key=old) is None
    assert api_client_for_key(key=new) == ApiClient.objects.get()


def test_issuing_a_second_key_without_rotate_is_refused(db):
    key = _issue("Ứng dụng Hà Nội")[0].strip()

    with pytest.raises(CommandError, match="--rotate"):
        _issue("Ứng dụng Hà Nội")

    assert api_client_for_key(key=key) is not None


def test_rotating_an_unknown_client_is_refused(db):
    with pytest.raises(CommandError):
        _issue("Không có", "--rotate")

    assert not ApiClient.objects.exists()
