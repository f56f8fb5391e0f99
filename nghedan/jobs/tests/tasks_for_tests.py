"""Tasks that only the test suite registers (NGHEDAN_EXTRA_TASK_MODULES)."""

import time
from pathlib import Path

from nghedan.jobs.registry import task


@task("tests.write_marker")
def write_marker(*, path: str, pause: float = 0.0) -> None:
    """Wait, then append one line to a file: a side effect a test can see from outside."""
    time.sleep(pause)
    with Path(path).open("a", encoding="utf-8") as marker:
        marker.write("ran\n")


@task("tests.fail")
def fail() -> None:
    raise RuntimeError("this task always fails")


@task("tests.report_transaction")
def report_transaction(*, path: str) -> None:
    """Write down whether the task was called inside a transaction."""
    from django.db import connection

    Path(path).write_text(f"in a transaction: {connection.in_atomic_block}\n", encoding="utf-8")
