"""The one task API: `@task("name")` registers a function, `enqueue("name", ...)` asks for
it to run, `@periodic("name", every=...)` runs it on a schedule."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeVar

from django.apps import apps
from django.conf import settings

from nghedan.lib import clock

if TYPE_CHECKING:
    from nghedan.jobs.models import Job

TASKS: dict[str, Callable[..., None]] = {}

_F = TypeVar("_F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Periodic:
    name: str
    every_seconds: int


PERIODIC: dict[str, Periodic] = {}


def task(name: str) -> Callable[[_F], _F]:
    """Register `function(**payload)` under `name`. Tasks must be idempotent: after a
    worker dies mid-task the task runs again from the start."""

    def register(function: _F) -> _F:
        if name in TASKS and TASKS[name] is not function:
            raise ValueError(f"task {name!r} registered twice")
        TASKS[name] = function
        return function

    return register


def periodic(name: str, *, every_seconds: int) -> Callable[[_F], _F]:
    """Register a task (taking no payload) that the workers enqueue once per period."""

    def register(function: _F) -> _F:
        task(name)(function)
        PERIODIC[name] = Periodic(name, every_seconds)
        return function

    return register


def enqueue(
    name: str,
    *,
    payload: dict | None = None,
    key: str | None = None,
    run_after: datetime | None = None,
    max_attempts: int = 5,
) -> "Job":
    """Ask for `name` to run. Call it inside the transaction of the change that needs it:
    the job commits, or rolls back, with that change. A repeated `key` is a no-op."""
    from nghedan.jobs.models import Job

    if name not in TASKS:
        raise KeyError(f"no task named {name!r}")
    fields = {
        "name": name,
        "payload": payload or {},
        "run_after": run_after or clock.now(),
        "max_attempts": max_attempts,
    }
    if key is None:
        return Job.objects.create(**fields)
    job, _created = Job.objects.get_or_create(key=key, defaults=fields)
    return job


def import_task_modules() -> None:
    """Import `tasks` of every installed app, so their tasks are registered, and any
    module named in settings.NGHEDAN_EXTRA_TASK_MODULES (the test suite's)."""
    for module in settings.NGHEDAN_EXTRA_TASK_MODULES:
        import_module(module)
    for config in apps.get_app_configs():
        if config.name.startswith("nghedan."):
            try:
                import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.tasks":
                    raise
