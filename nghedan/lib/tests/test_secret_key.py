"""Without NGHEDAN_SECRET_KEY each installation makes and keeps a random secret of its own,
instead of one built into the source that every installation would share."""

import os
import stat
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from nghedan.lib.secret_key import LEGACY_BUILT_IN, installation_secret


def test_two_installations_get_two_different_secrets_each_kept_across_starts(tmp_path):
    first_dir, second_dir = tmp_path / "one" / "var", tmp_path / "two" / "var"

    first = installation_secret(first_dir)
    second = installation_secret(second_dir)

    assert first != second
    assert len(first) >= 50 and len(second) >= 50
    assert installation_secret(first_dir) == first
    assert (first_dir / "secret_key").read_text().strip() == first


def test_processes_starting_together_all_take_the_same_secret(tmp_path):
    """A server and its workers start at once on a new installation."""
    code = (
        "import sys; from pathlib import Path; "
        "from nghedan.lib.secret_key import installation_secret; "
        "print(installation_secret(Path(sys.argv[1])))"
    )
    starting = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE)
        for _ in range(6)
    ]
    secrets = {process.communicate()[0].decode().strip() for process in starting}

    assert secrets == {(tmp_path / "secret_key").read_text().strip()}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["secret_key"]


def test_the_secret_file_is_readable_by_its_owner_only(tmp_path):
    installation_secret(tmp_path)

    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600
    assert sorted(path.name for path in tmp_path.iterdir()) == ["secret_key"]


def test_a_secret_that_cannot_be_written_stops_the_start_with_what_to_do(tmp_path):
    (tmp_path / "not-a-folder").write_text("")

    with pytest.raises(ImproperlyConfigured, match="set NGHEDAN_SECRET_KEY"):
        installation_secret(tmp_path / "not-a-folder" / "var")


def test_a_damaged_secret_file_is_refused_instead_of_used(tmp_path):
    (tmp_path / "secret_key").write_text("short\n")

    with pytest.raises(ImproperlyConfigured, match="secret_key"):
        installation_secret(tmp_path)


def _settings_secret(var_dir, **env) -> str:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"NGHEDAN_SECRET_KEY", "NGHEDAN_DEBUG", "NGHEDAN_VAR_DIR", "DATABASE_URL"}
    }
    environment |= {"NGHEDAN_VAR_DIR": str(var_dir), "NGHEDAN_DEBUG": "false", **env}
    environment["DJANGO_SETTINGS_MODULE"] = "nghedan.settings"
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_settings_without_a_secret_use_the_installation_secret_not_a_built_in_one(tmp_path):
    first = _settings_secret(tmp_path / "one")
    again = _settings_secret(tmp_path / "one")
    second = _settings_secret(tmp_path / "two")

    assert first == again == (tmp_path / "one" / "secret_key").read_text().strip()
    assert second != first
    assert LEGACY_BUILT_IN not in {first, second}


def test_settings_with_a_secret_set_use_it_and_write_no_file(tmp_path):
    secret = "a-secret-from-the-environment-" * 2

    assert _settings_secret(tmp_path, NGHEDAN_SECRET_KEY=secret) == secret
    assert not (tmp_path / "secret_key").exists()
