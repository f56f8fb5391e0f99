"""The `nghedan` command tells a newcomer which command to run first instead of printing a
traceback."""

import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from nghedan.petitions.models import RoutingRule


def test_a_command_on_a_database_that_was_never_migrated_says_to_migrate_first(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}

    result = subprocess.run(
        [sys.executable, "-m", "nghedan", "load_topics"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "hãy chạy `nghedan migrate` trước" in result.stderr
    assert "run `nghedan migrate` first" in result.stderr


@pytest.mark.django_db
def test_loading_topics_before_the_agencies_says_to_load_the_agencies_first():
    with pytest.raises(CommandError) as refused:
        call_command("load_topics", stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert "nghedan load_agencies" in str(refused.value)
    assert "load_agencies` first" in str(refused.value)
    assert not RoutingRule.objects.exists()
