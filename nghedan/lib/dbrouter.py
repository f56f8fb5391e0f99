"""An optional read replica for the pages anyone may read.

With NGHEDAN_REPLICA_URL set, settings.DATABASES has a second alias, REPLICA: a copy of
the primary kept by PostgreSQL's streaming replication, a little behind it. The public
pages and the dashboards read from it, so that a crowd reading figures does not slow the
people filing and answering petitions; everything else reads the primary.

- `ReplicaReadsMiddleware` gives each request its own `ReadState`, and marks it as one
  that may read the replica when it is a GET or HEAD of one of REPLICA_VIEWS (URL names);
- `ReplicaRouter` sends a marked request's reads to the replica, except those of
  PRIMARY_APPS (who is signed in, sessions, the cache table: they must never lag), and
  every write to the primary. A request that has written (or locked rows to write) reads
  the primary from then on, so it sees what it wrote;
- without a replica the router routes nothing: every query goes to the primary, as
  before. Background jobs and commands are never marked.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase

REPLICA = "replica"

# URL names of the pages read from the replica (GET and HEAD only): the public
# transparency pages, their downloads and open data, the public petitions, Open311's
# reads, the dashboards and the register of good practice. Open311's tokens/{id} stays on
# the primary: a client asks it right after filing, before the replica may have the
# petition.
REPLICA_VIEWS = frozenset(
    {
        "transparency",
        "transparency_area",
        "transparency_agency",
        "transparency_area_report",
        "transparency_agency_report",
        "open_data",
        "open_data_petitions",
        "open_data_indicators",
        "public_list",
        "public_detail",
        "dashboard",
        "roster",
        "practices",
        "practice_detail",
        "open311-discovery",
        "open311-services",
        "open311-service",
        "open311-requests",
        "open311-request",
    }
)
_READ_METHODS = frozenset({"GET", "HEAD"})

# Read from the primary whatever the page: the person signed in (accounts, auth), their
# session and second factor, sign-in failures, and the cache table, which every process
# writes and reads back at once.
PRIMARY_APPS = frozenset(
    {"accounts", "auth", "sessions", "otp_totp", "otp_static", "django_otp", "axes", "django_cache"}
)


@dataclass
class ReadState:
    """What the request in progress may read from the replica."""

    replica: bool = False
    wrote: bool = False


_state: ContextVar[ReadState | None] = ContextVar("nghedan_read_state", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: the replica for marked requests' reads, the primary for
    everything else (module docstring)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not replica_configured():
            return None
        state = _state.get()
        if (
            state is not None
            and state.replica
            and not state.wrote
            and model._meta.app_label not in PRIMARY_APPS
        ):
            return REPLICA
        # Named, not None: Django would otherwise follow an object read from the replica.
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        state = _state.get()
        # A write the page's other reads depend on sends them to the primary. Writes to
        # the tables always read there (the cache filled by a GET, the session) do not.
        if state is not None and model._meta.app_label not in PRIMARY_APPS:
            state.wrote = True
        return DEFAULT_DB_ALIAS if replica_configured() else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica is a copy of the primary: its rows may point at the primary's.
        aliases = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # Replication copies the schema: the replica is never migrated itself.
        return False if db == REPLICA else None


class ReplicaReadsMiddleware:
    """Gives each request a fresh ReadState, marked for the replica when the view it
    resolved to is one of REPLICA_VIEWS and the method only reads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = _state.set(ReadState())
        try:
            return self.get_response(request)
        finally:
            _state.reset(token)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> None:
        state = _state.get()
        match = request.resolver_match
        if (
            state is not None
            and request.method in _READ_METHODS
            and match is not None
            and match.url_name in REPLICA_VIEWS
        ):
            state.replica = True
