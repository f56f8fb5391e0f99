"""Dashboards benchmark: the scorecards' pages at a million petitions, SQLite or PostgreSQL.

    .venv/bin/python -m bench.dashboards [--petitions N] [--repeat R] [--postgres URL]
                                         [--seed S] [--keep]

1. A fresh database (SQLite in a temporary NGHEDAN_VAR_DIR, or the PostgreSQL database
   named by --postgres, dropped and created again: the role needs CREATEDB), migrated,
   with the real areas, agencies, topics and routing rules, a leader and 2-10 officers per
   agency and an administrator. Then N petitions with their events, answers and ratings
   written straight into the tables (executemany on SQLite, COPY on PostgreSQL): no
   action runs for them (no routing, redaction, encryption, audit log or notification)
   and the petitioner's personal fields are empty. What they look like is in `population`
   and bench/README.md; the random seed is fixed (--seed).
2. `cells_rebuild()` over all of them (seconds, cells written), then `cells_refresh()`
   as the periodic job runs it next, nothing having changed.
3. Each page R times after one warm-up with django.test.Client (the whole Django stack,
   templates included): p50 and p95, against the reference timed the same way in the same
   run, a bare indexed count of one agency's (and one commune's) petitions. A page that
   does not answer 200 with more than 2 KB is reported and not timed; one slower than
   300 ms at p50 gets its slowest queries and functions printed.
4. A full-scan reference: one province's indicators over the last 12 months computed from
   the petitions and ratings tables, against the same figures read from the cells.
"""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from itertools import repeat
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from nghedan.lib import clock

DAYS = 730  # days of petitions, up to yesterday
HANOI = "01"
SLOW_MS = 300
SMALL_PAGE = 2048
CHUNK = 50_000
LOCAL_OFFSET = np.timedelta64(7, "h")  # Asia/Ho_Chi_Minh, no daylight saving

KINDS = ("feedback", "proposal", "complaint", "denunciation")
KIND_SHARES = (0.55, 0.20, 0.15, 0.10)
# topic: (share of petitions, provincial agency type that handles it)
TOPICS = {
    "dat-dai": (0.16, "so-nong-nghiep-moi-truong"),
    "moi-truong": (0.12, "so-nong-nghiep-moi-truong"),
    "giao-thong-ha-tang": (0.11, "so-xay-dung"),
    "trat-tu-xay-dung-do-thi": (0.10, "so-xay-dung"),
    "dien-nuoc": (0.08, "so-cong-thuong"),
    "y-te": (0.04, "so-y-te"),
    "giao-duc": (0.04, "so-giao-duc-dao-tao"),
    "an-ninh-trat-tu": (0.08, "cong-an-tinh"),
    "an-sinh-xa-hoi": (0.07, "so-noi-vu"),
    "thu-tuc-hanh-chinh": (0.08, "so-tu-phap"),
    "thai-do-can-bo": (0.04, "thanh-tra-tinh"),
    "kinh-te-doanh-nghiep": (0.03, "so-tai-chinh"),
    "khac": (0.05, "ubnd-tinh"),
}
CHANNELS = ("web", "api", "reception", "hotline", "mail")
CHANNEL_SHARES = (0.55, 0.15, 0.15, 0.10, 0.05)
STARS_SHARES = (0.05, 0.07, 0.13, 0.35, 0.40)
PROVINCIAL_SHARE = 0.20
WITHDRAWN, DECLINED = 0.02, 0.03
OVERDUE_OPEN = 0.08  # of all petitions: open past their resolution deadline
RATED, REOPENED, APPEALED = 0.60, 0.05, 0.15
RATING_WINDOW = 30  # days before an answered petition closes by itself
PHRASES = (
    "Đề nghị xử lý tình trạng kéo dài nhiều tháng",
    "Phản ánh việc chậm giải quyết",
    "Kiến nghị xem xét lại quyết định",
    "Đề nghị kiểm tra, xử lý vi phạm",
    "Phản ánh ảnh hưởng đến đời sống người dân",
    "Đề nghị cung cấp thông tin, hướng dẫn thủ tục",
)
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# The figures of the full-scan reference, in the cells' names.
NAMES = ("received", "answered", "resolution_due", "resolution_on_time", "rated", "rating_mean")


# --- database -------------------------------------------------------------------------


def _postgres_recreate(url: str, *, drop_only: bool = False) -> None:
    """Drop the database named in `url` (and create it again), from the server's
    maintenance database."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = sql.Identifier(parts.path.lstrip("/"))
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def _setup(*, var_dir: str, postgres: str | None) -> None:
    os.environ["NGHEDAN_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    if postgres:
        _postgres_recreate(postgres)
        os.environ["DATABASE_URL"] = postgres
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nghedan.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _insert(model, columns: dict, *, blank: str = "", none: str = "", false: str = "") -> int:
    """Append rows to `model`'s table. `columns`: field name → list of values in DB form,
    one per row, or one value for every row; `blank`, `none` and `false` name more fields
    (space-separated) that are "", NULL and false in every row. Every field but the
    primary key must be given, so a field added to the model later fails here."""
    from django.db import connection, transaction

    columns = dict(columns)
    for names, value in ((blank, ""), (none, None), (false, False)):
        columns.update(dict.fromkeys(names.split(), value))
    meta = model._meta
    wanted = {f.name for f in meta.concrete_fields if not f.primary_key} | {"id"}
    if wanted - {"id"} - set(columns) or set(columns) - wanted:
        raise SystemExit(f"{model.__name__}: fields {sorted(wanted)}, given {sorted(columns)}")
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(meta.get_field(f).column) for f in columns)
    rows = max(len(v) for v in columns.values() if isinstance(v, list))
    for start in range(0, rows, CHUNK):
        stop = min(rows, start + CHUNK)
        chunk = zip(
            *(
                v[start:stop] if isinstance(v, list) else repeat(v, stop - start)
                for v in columns.values()
            ),
            strict=True,
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in chunk:
                        copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            with transaction.atomic():
                connection.ensure_connection()
                connection.connection.executemany(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})", chunk
                )
    return rows


# --- reference data and people ------------------------------------------------------------


def reference_load() -> None:
    from nghedan.agencies.services import agencies_load
    from nghedan.areas.services import areas_load
    from nghedan.petitions.reference import routing_rules_load, topics_load

    areas_load()
    agencies_load()
    topics_load()
    routing_rules_load()


class Places:
    """The communes and agencies as arrays, for drawing petitions."""

    def __init__(self) -> None:
        from nghedan.agencies.models import Agency
        from nghedan.areas.models import Area

        provinces = list(Area.objects.filter(level="province").order_by("code"))
        self.province_index = {p.pk: i for i, p in enumerate(provinces)}
        communes = list(Area.objects.filter(level="commune").order_by("code"))
        self.commune_ids = np.array([c.pk for c in communes])
        self.commune_names = [c.full_name for c in communes]
        self.commune_province = np.array([self.province_index[c.parent_id] for c in communes])
        commune_index = {c.pk: i for i, c in enumerate(communes)}
        self.types = sorted({t for _, t in TOPICS.values()} | {"ubnd-tinh", "thanh-tra-tinh"})
        type_index = {t: i for i, t in enumerate(self.types)}
        self.provincial = np.zeros((len(provinces), len(self.types)), dtype=np.int64)
        self.commune_ubnd = np.zeros(len(communes), dtype=np.int64)
        self.commune_police = np.zeros(len(communes), dtype=np.int64)
        agencies = Agency.objects.values_list("pk", "area_id", "agency_type__code", "parent_id")
        self.parent: dict[int, int | None] = {}
        for pk, area_id, type_code, parent_id in agencies:
            self.parent[pk] = parent_id
            if area_id in self.province_index and type_code in type_index:
                self.provincial[self.province_index[area_id], type_index[type_code]] = pk
            elif area_id in commune_index and type_code == "ubnd-xa":
                self.commune_ubnd[commune_index[area_id]] = pk
            elif area_id in commune_index and type_code == "cong-an-xa":
                self.commune_police[commune_index[area_id]] = pk
        if not (self.provincial.all() and self.commune_ubnd.all() and self.commune_police.all()):
            raise SystemExit("agency types changed: update TOPICS in bench/dashboards.py")
        self.type_index = type_index


def people_create(load: Counter) -> dict:
    """A leader and 2-10 officers per agency (more where more petitions arrive), and an
    administrator. Returns the agency → staff ids and agency → leader id maps."""
    from nghedan.accounts.models import User
    from nghedan.agencies.models import Agency

    users = [User(username="quan-tri", role="admin", full_name="Quản trị hệ thống", password="!")]
    for agency_id, code in Agency.objects.order_by("pk").values_list("pk", "code"):
        officers = 2 + min(8, load[agency_id] // 1000)
        for i in range(officers + 1):
            role, name = ("officer", f"can-bo-{i}") if i else ("leader", "lanh-dao")
            users.append(
                User(username=f"{code}-{name}", role=role, agency_id=agency_id, password="!")
            )
    User.objects.bulk_create(users, batch_size=2000)
    staff: dict[int, list[int]] = {}
    leader: dict[int, int] = {}
    people = User.objects.filter(agency__isnull=False).values_list("pk", "agency_id", "role")
    for pk, agency_id, role in people:
        staff.setdefault(agency_id, []).append(pk)
        if role == "leader":
            leader[agency_id] = pk
    return {"staff": staff, "leader": leader}


# --- the calendar -----------------------------------------------------------------------


class Days:
    """Day indexes from the first day of the study (0) with working-day arithmetic."""

    def __init__(self, first: date, days: int) -> None:
        from nghedan.deadlines.calendar import WorkCalendar

        calendar = WorkCalendar()
        self.first = first
        self.working = np.array(
            [calendar.is_working_day(first + timedelta(days=i)) for i in range(days)]
        )
        # cum[i]: working days among days 0..i-1
        self.cum = np.concatenate([[0], np.cumsum(self.working)])

    def next_working(self, day: np.ndarray) -> np.ndarray:
        """`day` if a working day, else the first working day after it."""
        return np.searchsorted(self.cum, self.cum[day] + 1) - 1

    def add_working(self, day: np.ndarray, count: np.ndarray) -> np.ndarray:
        """The day `count` working days after `day`."""
        return np.searchsorted(self.cum, self.cum[day + 1] + count) - 1

    def add_limit(self, day: np.ndarray, count: np.ndarray, working: np.ndarray) -> np.ndarray:
        """As WorkCalendar.add_limit: working days, or calendar days rolled forward."""
        return np.where(working, self.add_working(day, count), self.next_working(day + count))

    def working_between(self, after: np.ndarray, until: np.ndarray) -> np.ndarray:
        return np.maximum(self.cum[until + 1] - self.cum[after + 1], 0)

    def moments(self, day: np.ndarray, seconds: np.ndarray, *, postgres: bool) -> np.ndarray:
        """Stored datetimes (UTC text) of local `day` + `seconds`; '' where day < 0."""
        local = (
            np.datetime64(self.first, "s")
            + day.astype("timedelta64[D]")
            + seconds.astype("timedelta64[s]")
        )
        text = np.char.replace(np.datetime_as_string(local - LOCAL_OFFSET, unit="s"), "T", " ")
        if postgres:
            text = np.char.add(text, "+00")
        return np.where(day >= 0, text, "")

    def dates(self, day: np.ndarray) -> np.ndarray:
        text = np.datetime_as_string(np.datetime64(self.first, "D") + day.astype("timedelta64[D]"))
        return np.where(day >= 0, text, "")


def _nulls(values: np.ndarray) -> list:
    return [v or None for v in values.tolist()]


# --- the petitions --------------------------------------------------------------------------


def _limits() -> dict[tuple[str, str], tuple[int, bool]]:
    from nghedan.deadlines.defaults import DEFAULT_RULES

    return {(r["kind"], r["stage"]): (r["days"], r["working_days"]) for r in DEFAULT_RULES}


def _outcomes(p: dict, *, days: Days, today: int, second: bool, rng) -> None:
    """Deadlines, acceptance, answer, closing, ratings and reopening of petitions `p`
    (arrays: received, kind), drawn in place. -1 is 'never'."""
    n = len(p["received"])
    limits = _limits()
    kind = p["kind"]
    accept_days, accept_working = np.zeros(n, int), np.zeros(n, bool)
    resolve_days, resolve_working = np.zeros(n, int), np.zeros(n, bool)
    for k, name in enumerate(KINDS):
        mask = kind == k
        accept_days[mask], accept_working[mask] = limits[(name, "acceptance")]
        stage = "second_resolution" if second else "resolution"
        resolve_days[mask], resolve_working[mask] = limits.get((name, stage), (0, False))
    received = p["received"]
    p["acceptance_due"] = days.add_limit(received, accept_days, accept_working)
    outcome = rng.random(n)
    withdrawn = outcome < WITHDRAWN
    declined = (outcome >= WITHDRAWN) & (outcome < WITHDRAWN + DECLINED)
    normal = ~withdrawn & ~declined
    # Mostly within the limit, one in ten late.
    accepted = days.add_working(received, rng.geometric(0.4, n))
    accepted = np.where(rng.random(n) < 0.1, accepted + rng.integers(3, 15, n), accepted)
    accepted = days.next_working(accepted)
    start = np.where(normal & (accepted < today), accepted, p["acceptance_due"])
    p["resolution_due"] = days.add_limit(start, resolve_days, resolve_working)
    span = days.working_between(received, p["resolution_due"])
    answer_after = np.maximum(1, np.rint(span * rng.lognormal(np.log(0.7), 0.3, n))).astype(int)
    answered = np.maximum(days.add_working(received, answer_after), accepted)
    # The backlog: open past the deadline, more often for recent deadlines.
    late = normal & (p["resolution_due"] < today)
    weight = np.exp(-(today - p["resolution_due"]) / 150.0)
    scale = OVERDUE_OPEN * n / max(float(weight[late].sum()), 1.0)
    stuck = late & (rng.random(n) < np.minimum(0.9, scale * weight))
    answered_mask = normal & ~stuck & (answered < today)
    p["accepted"] = np.where(normal & (accepted < today), accepted, -1)
    p["answered"] = np.where(answered_mask, answered, -1)
    closed = np.where(
        withdrawn, received + rng.integers(1, 20, n), np.where(declined, accepted, -1)
    )
    closed = np.where(closed < today, closed, -1)
    p["withdrawn"], p["declined"] = withdrawn & (closed >= 0), declined & (closed >= 0)
    p["rated"] = np.where(
        answered_mask & (rng.random(n) < RATED), answered + rng.geometric(0.3, n) - 1, -1
    )
    p["rated"] = np.where(p["rated"] < today, p["rated"], -1)
    p["stars"] = rng.choice(np.arange(1, 6), size=n, p=STARS_SHARES)
    reopened = answered + rng.integers(1, 25, n)
    p["reopened"] = np.where(
        answered_mask & (rng.random(n) < REOPENED) & (reopened < today), reopened, -1
    )
    p["appealed"] = np.full(n, -1)
    p["closed"] = np.where(
        answered_mask & (p["reopened"] < 0) & (answered + RATING_WINDOW < today),
        answered + RATING_WINDOW,
        closed,
    )


def population(*, n: int, places: Places, days: Days, today: int, rng: np.random.Generator) -> dict:
    """N petitions as arrays (see the module's docstring), sorted by receipt."""
    communes = len(places.commune_ids)
    weight = rng.lognormal(0.0, 0.9, communes)
    day = np.arange(today - DAYS, today)
    day_weight = np.where(days.working[day], 1.0, 0.4) * (1 + 0.3 * np.arange(DAYS) / DAYS)
    base = int(n * 0.985)
    p = {
        "commune": rng.choice(communes, size=base, p=weight / weight.sum()),
        "received": rng.choice(day, size=base, p=day_weight / day_weight.sum()),
        "kind": rng.choice(len(KINDS), size=base, p=KIND_SHARES),
        "topic": rng.choice(len(TOPICS), size=base, p=[s for s, _ in TOPICS.values()]),
    }
    police = list(TOPICS).index("an-ninh-trat-tu")
    type_of_topic = np.array([places.type_index[t] for _, t in TOPICS.values()])
    provincial_type = np.where(
        (p["kind"] >= 2) & (rng.random(base) < 0.5),
        places.type_index["thanh-tra-tinh"],
        type_of_topic[p["topic"]],
    )
    province = places.commune_province[p["commune"]]
    p["agency"] = np.where(
        rng.random(base) < PROVINCIAL_SHARE,
        places.provincial[province, provincial_type],
        np.where(
            p["topic"] == police,
            places.commune_police[p["commune"]],
            places.commune_ubnd[p["commune"]],
        ),
    )
    p["appeal_of"] = np.full(base, -1)
    _outcomes(p, days=days, today=today, second=False, rng=rng)

    # Second-level complaints: to the parent agency, after the first answer.
    parent = np.array([places.parent.get(a) or 0 for a in p["agency"].tolist()])
    appeal_day = p["answered"] + 3 + rng.geometric(0.1, base)
    candidates = np.flatnonzero(
        (p["kind"] == KINDS.index("complaint"))
        & (p["answered"] >= 0)
        & (p["reopened"] < 0)
        & (parent > 0)
        & (appeal_day < today)
    )
    count = min(n - base, int(len(candidates) * APPEALED))
    chosen = np.sort(rng.choice(candidates, size=count, replace=False))
    p["appealed"][chosen] = appeal_day[chosen]
    p["closed"][chosen] = -1
    q = {
        "commune": p["commune"][chosen],
        "received": appeal_day[chosen],
        "kind": p["kind"][chosen],
        "topic": p["topic"][chosen],
        "agency": parent[chosen],
        "appeal_of": chosen,
    }
    _outcomes(q, days=days, today=today, second=True, rng=rng)
    q["appealed"] = np.full(count, -1)
    for key in p:
        p[key] = np.concatenate([p[key], q[key]])
    p["second"] = np.concatenate([np.zeros(base, bool), np.ones(count, bool)])

    size = len(p["received"])
    p["seconds"] = rng.integers(7 * 3600, 21 * 3600, size)  # local time of receipt
    order = np.lexsort((p["seconds"], p["received"]))
    for key in p:
        p[key] = p[key][order]
    position = np.empty(size, dtype=np.int64)
    position[order] = np.arange(size)
    # appeal_of pointed at the unsorted index of the first-level petition
    p["appeal_of"] = np.where(p["appeal_of"] >= 0, position[np.maximum(p["appeal_of"], 0)], -1)
    return p


def _status(p: dict, today: int) -> np.ndarray:
    size = len(p["received"])
    status = np.full(size, "received", dtype=object)
    status[p["accepted"] >= 0] = "accepted"
    status[(p["accepted"] >= 0) & (p["accepted"] + 3 < today)] = "in_progress"
    status[p["answered"] >= 0] = "answered"
    status[(p["answered"] >= 0) & (p["closed"] >= 0)] = "closed"
    status[p["reopened"] >= 0] = "reopened"
    status[p["appealed"] >= 0] = "appealed"
    status[p["withdrawn"]] = "withdrawn"
    status[p["declined"]] = "declined"
    return status


def _codes(ids: np.ndarray) -> list[str]:
    """Distinct tracking codes in the product's format (a bijection of the id)."""
    out = []
    for value in ((ids * 0x9E3779B1) % (1 << 40)).tolist():
        chars = []
        for _ in range(8):
            chars.append(CROCKFORD[value & 31])
            value >>= 5
        out.append(f"ND-{''.join(chars[:4])}-{''.join(chars[4:])}")
    return out


def petitions_write(p: dict, *, places: Places, people: dict, days: Days, today: int, rng) -> dict:
    """Write petitions, events, answers and ratings; returns row counts."""
    from django.db import connection

    from nghedan.deadlines.models import DeadlineRule
    from nghedan.petitions.models import Answer, Petition, PetitionEvent, Rating, Topic

    postgres = connection.vendor == "postgresql"
    size = len(p["received"])
    ids = np.arange(1, size + 1)
    topics = dict(Topic.objects.values_list("code", "pk"))
    topic_ids = np.array([topics[c] for c in TOPICS])[p["topic"]]
    topic_names = dict(Topic.objects.values_list("pk", "name"))
    rules = {
        (kind, stage): pk
        for pk, kind, stage in DeadlineRule.objects.filter(level="").values_list(
            "pk", "kind", "stage"
        )
    }
    kinds = np.array(KINDS, dtype=object)[p["kind"]].tolist()
    status = _status(p, today)

    def at(day, hours=(8, 17)):
        seconds = rng.integers(hours[0] * 3600, hours[1] * 3600, size)
        return days.moments(day, seconds, postgres=postgres)

    received_at = days.moments(p["received"], p["seconds"], postgres=postgres)
    accepted_at, answered_at = at(p["accepted"]), at(p["answered"])
    closed_at, reopened_at, appealed_at = at(p["closed"]), at(p["reopened"]), at(p["appealed"])
    rated_at = at(p["rated"], (18, 23))
    steps = ("received", "accepted", "answered", "closed", "reopened", "appealed")
    updated_at = at(np.maximum.reduce([p[step] for step in steps]), (21, 23))
    phrase = rng.integers(0, len(PHRASES), size).tolist()
    titles = [
        f"{PHRASES[k]} về {topic_names[t].lower()} tại {places.commune_names[c]}"[:200]
        for k, t, c in zip(phrase, topic_ids.tolist(), p["commune"].tolist(), strict=True)
    ]
    bodies = [
        f"{title}. Sự việc đã diễn ra nhiều lần, người dân đã phản ánh với tổ dân phố "
        "nhưng chưa được giải quyết. Đề nghị cơ quan có thẩm quyền xem xét, trả lời."
        for title in titles
    ]
    stage = np.where(p["second"], "second_resolution", "resolution").tolist()
    _insert(
        Petition,
        {
            "id": ids.tolist(),
            "uuid": [f"{v:032x}" for v in rng.integers(0, 1 << 62, size).tolist()],
            "code": _codes(ids),
            "kind": kinds,
            "topic": topic_ids.tolist(),
            "topic_source": "petitioner",
            "title": titles,
            "body": bodies,
            "public_title": titles,
            "public_body": bodies,
            "area": places.commune_ids[p["commune"]].tolist(),
            "agency": p["agency"].tolist(),
            "channel": rng.choice(CHANNELS, size=size, p=CHANNEL_SHARES).tolist(),
            "status": status.tolist(),
            "signatories": np.where(rng.random(size) < 0.05, rng.integers(2, 60, size), 1).tolist(),
            "publish_consent": ((p["kind"] < 2) & (rng.random(size) < 0.6)).tolist(),
            "received_at": received_at.tolist(),
            "acceptance_due": days.dates(p["acceptance_due"]).tolist(),
            "resolution_due": days.dates(p["resolution_due"]).tolist(),
            "extensions": 0,
            "acceptance_rule": [rules.get((k, "acceptance")) for k in kinds],
            "resolution_rule": [rules.get(key) for key in zip(kinds, stage, strict=True)],
            "accepted_at": _nulls(accepted_at),
            "answered_at": _nulls(answered_at),
            "closed_at": _nulls(closed_at),
            "updated_at": updated_at.tolist(),
            "appeal_of": [int(ids[i]) if i >= 0 else None for i in p["appeal_of"].tolist()],
        },
        blank="secret_digest address intake_client petitioner_name petitioner_phone "
        "petitioner_email petitioner_address",
        none="latitude longitude citizen intake_key",
        false="is_anonymous is_complex notify_updates",
    )

    # One published answer per answered petition, by a member of the agency's staff.
    answered = np.flatnonzero(p["answered"] >= 0)
    staff, leader = people["staff"], people["leader"]
    agencies = p["agency"][answered].tolist()
    picks = rng.random(len(answered)).tolist()
    authors = [staff[a][int(u * len(staff[a]))] for a, u in zip(agencies, picks, strict=True)]
    answer_ids = np.arange(1, len(answered) + 1)
    published = answered_at[answered].tolist()
    _insert(
        Answer,
        {
            "id": answer_ids.tolist(),
            "petition": ids[answered].tolist(),
            "body": "Cơ quan đã kiểm tra, xử lý và trả lời như sau: ...",
            "author": authors,
            "status": "published",
            "created_at": published,
            "decided_by": [leader[a] for a in agencies],
            "decided_at": published,
            "published_at": published,
        },
        blank="decision_note",
    )
    answer_of = np.full(size, -1)
    answer_of[answered] = answer_ids
    rated = np.flatnonzero(p["rated"] >= 0)
    ratings = _insert(
        Rating,
        {
            "petition": ids[rated].tolist(),
            "answer": answer_of[rated].tolist(),
            "stars": p["stars"][rated].tolist(),
            "reasons": "[]",
            "created_at": rated_at[rated].tolist(),
        },
        blank="comment",
    )

    author_of = np.zeros(size, dtype=np.int64)
    author_of[answered] = authors
    events = 0
    for action, rows, moments, before, after in (
        ("submitted", np.arange(size), received_at, "", "received"),
        ("accept", np.flatnonzero(p["accepted"] >= 0), accepted_at, "received", "accepted"),
        ("decline", np.flatnonzero(p["declined"]), closed_at, "received", "declined"),
        ("withdraw", np.flatnonzero(p["withdrawn"]), closed_at, "received", "withdrawn"),
        ("answer_publish", answered, answered_at, "in_progress", "answered"),
        ("reopen", np.flatnonzero(p["reopened"] >= 0), reopened_at, "answered", "reopened"),
        ("appeal", np.flatnonzero(p["appealed"] >= 0), appealed_at, "answered", "appealed"),
    ):
        events += _insert(
            PetitionEvent,
            {
                "petition": ids[rows].tolist(),
                "at": moments[rows].tolist(),
                "actor": author_of[rows].tolist() if action == "answer_publish" else None,
                "action": action,
                "from_status": before,
                "to_status": after,
                "to_agency": p["agency"][rows].tolist() if action == "submitted" else None,
                "data": "{}",
                "visible_to_petitioner": True,
            },
            blank="reason",
            none="from_agency",
        )
    if postgres:  # ids were given: move the sequences past them
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Petition, Answer]):
                cursor.execute(statement)
    open_late = (p["answered"] < 0) & ~p["withdrawn"] & ~p["declined"]
    return {
        "petitions": size,
        "appeals": int(p["second"].sum()),
        "answers": len(answered),
        "ratings": ratings,
        "events": events,
        "status": Counter(status.tolist()),
        "overdue open": int((open_late & (p["resolution_due"] < today)).sum()),
    }


# --- timing ---------------------------------------------------------------------------------


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[int(0.95 * (len(ordered) - 1))] * 1000


def timed(run, repeat: int) -> list[float]:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def slowest_queries(run, top: int = 5) -> str:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        run()
        wall = time.perf_counter() - started
    queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    sql_time = sum(float(q["time"]) for q in queries)
    lines = [f"    {len(queries)} queries, {sql_time * 1000:.0f} ms of SQL in {wall * 1000:.0f} ms"]
    for q in queries[:top]:
        lines.append(f"    {float(q['time']) * 1000:8.1f} ms  {q['sql'][:400]}")
    return "\n".join(lines)


def slowest_functions(run, top: int = 12) -> str:
    """The project's functions that took the most time (with what they called) in one
    run, under cProfile (which slows the Python part down, not the database)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    rows = [
        (cumulative, calls, f"{file.split('/nghedan/', 1)[1]}:{line} {name}")
        for (file, line, name), (_, calls, _, cumulative, _) in pstats.Stats(profiler).stats.items()
        if "/nghedan/" in file and "/.venv/" not in file
    ]
    lines = ["    cProfile, cumulative: the project's functions"]
    for cumulative, calls, where in sorted(rows, reverse=True)[:top]:
        lines.append(f"    {cumulative * 1000:8.1f} ms {calls:8} calls  nghedan/{where}")
    return "\n".join(lines)


def fetch(client, url: str) -> tuple[int, bytes]:
    """Status and body of one request, a streamed body read to its end."""
    response = client.get(url)
    if response.streaming:
        return response.status_code, b"".join(response.streaming_content)
    return response.status_code, response.content


def pages_time(pages: list[tuple[str, str, object]], repeat: int) -> list[tuple]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    results = []
    # A page that fails is reported in one line, not with the request log's traceback.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    for label, url, client in pages:
        reset_queries()  # as each request does at its start
        try:
            # The first request after the refresh: the cells' sums are not cached yet.
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                status, body = fetch(client, url)
            first = (time.perf_counter() - started) * 1000
            queries = len(captured)  # read now: the next request clears the log
            if status != 200 or len(body) <= SMALL_PAGE:
                print(
                    f"NOTE {label} ({url}): status {status}, {len(body)} bytes: "
                    "page not built yet (placeholder), not timed"
                )
                results.append((label, url, None, None, None, len(body), queries))
                continue
            run = lambda u=url, c=client: fetch(c, u)  # noqa: E731
            p50, p95 = percentiles(timed(run, repeat))
        except Exception as error:  # a page still being written
            print(f"NOTE {label} ({url}): {type(error).__name__}: {error}; not timed")
            results.append((label, url, None, None, None, 0, 0))
            continue
        results.append((label, url, first, p50, p95, len(body), queries))
        print(
            f"{label}: first {first:.1f} ms, p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} queries",
            flush=True,
        )
        if p50 > SLOW_MS:
            print(slowest_queries(run))
            print(slowest_functions(run), flush=True)
    return results


def full_scan(province_code: str, repeat: int) -> None:
    """One province's indicators over the last 12 months from the petitions and ratings
    tables, against the same figures from the cells."""
    from django.db.models import Avg, Count, F, Q
    from django.utils import timezone

    from nghedan.agencies.models import Agency
    from nghedan.petitions.models import Petition, Rating
    from nghedan.scorecards.indicators import measure
    from nghedan.scorecards.periods import Period
    from nghedan.scorecards.selectors import area_get, area_unit

    province = area_get(province_code)
    unit = area_unit(province)
    period = Period.last_months(12)
    start = timezone.make_aware(datetime.combine(period.first_day, datetime.min.time()))
    agencies = Agency.objects.filter(Q(area=province) | Q(area__parent=province))
    ids = list(agencies.values_list("pk", flat=True))
    # As the cells count it: deadlines falling in the period, once met or passed.
    due = Q(resolution_due__gte=period.first_day, resolution_due__lte=period.last_day) & (
        Q(answered_at__isnull=False)
        | (Q(resolution_due__lt=clock.today()) & ~Q(status__in=["withdrawn", "declined"]))
    )

    def scan() -> list:
        # Aliases unlike the columns' names, which the filters refer to.
        petitions = Petition.objects.filter(agency_id__in=ids).aggregate(
            a=Count("pk", filter=Q(received_at__gte=start)),
            b=Count("pk", filter=Q(answered_at__gte=start)),
            c=Count("pk", filter=due),
            d=Count("pk", filter=due & Q(answered_at__date__lte=F("resolution_due"))),
        )
        ratings = Rating.objects.filter(
            petition__agency_id__in=ids, created_at__gte=start
        ).aggregate(e=Count("pk"), f=Avg("stars"))
        return [*petitions.values(), *ratings.values()]

    def cells() -> list:
        counts = measure([unit], period, live=False)[unit.key].counts
        mean = counts["rating_sum"] / counts["rated"] if counts["rated"] else None
        return [counts[name] for name in NAMES[:5]] + [mean]

    print(f"\n## Full-scan reference: {province.full_name}, {period.label}, {len(ids)} agencies")
    print(f"{'figure':<20} {'petitions table':>16} {'cells':>12}")
    for name, value, other in zip(NAMES, scan(), cells(), strict=True):
        same = abs((value or 0) - (other or 0)) < 1e-9
        value, other = value or 0, other or 0
        print(f"{name:<20} {value:>16,.6g} {other:>12,.6g}{'' if same else '  DIFFERS'}")
    by_scan, by_cells = percentiles(timed(scan, repeat)), percentiles(timed(cells, repeat))
    print(
        f"p50 / p95 ms, {repeat} runs: scan {by_scan[0]:.1f} / {by_scan[1]:.1f}, cells "
        f"{by_cells[0]:.1f} / {by_cells[1]:.1f}; ratio scan / cells {by_scan[0] / by_cells[0]:,.0f}"
    )


# --- main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--petitions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--postgres", metavar="URL", default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    args = parser.parse_args()
    began = time.perf_counter()
    var_dir = tempfile.mkdtemp(prefix="nghedan-bench-")
    try:
        run(args, var_dir)
    finally:
        if args.keep:
            print(f"kept: {args.postgres or var_dir}")
        else:
            from django.db import connections

            connections.close_all()
            if args.postgres:
                _postgres_recreate(args.postgres, drop_only=True)
            import shutil

            shutil.rmtree(var_dir, ignore_errors=True)
    print(f"\nwhole benchmark: {time.perf_counter() - began:.0f} s")


def run(args, var_dir: str) -> None:
    rng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    _setup(var_dir=var_dir, postgres=args.postgres)
    from django.db import connection
    from django.test import Client

    from nghedan.accounts.models import User
    from nghedan.agencies.models import Agency
    from nghedan.areas.models import Area
    from nghedan.petitions.models import Petition
    from nghedan.scorecards.cells import cells_rebuild, cells_refresh
    from nghedan.test import sign_in

    if args.postgres:
        version = connection.pg_version
        database = f"PostgreSQL {version // 10000}.{version % 100}"
    else:
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version}"
    reference_load()
    print(f"## Dashboards at {args.petitions:,} petitions, {database}, seed {args.seed}")
    print(f"migrate and reference data: {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    days = Days(clock.today() - timedelta(days=DAYS), DAYS + 500)
    places = Places()
    p = population(n=args.petitions, places=places, days=days, today=DAYS, rng=rng)
    load = Counter(p["agency"].tolist())
    people = people_create(load)
    drawn, started = time.perf_counter() - started, time.perf_counter()
    counts = petitions_write(p, places=places, people=people, days=days, today=DAYS, rng=rng)
    if args.postgres:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    written, n = time.perf_counter() - started, counts["petitions"]
    print(
        f"petitions: {n:,} ({counts['appeals']:,} second-level complaints), "
        f"{counts['answers']:,} answers, {counts['ratings']:,} ratings, {counts['events']:,} "
        f"events, {User.objects.count():,} accounts; drawn in {drawn:.1f} s, written in "
        f"{written:.1f} s ({n / written:,.0f} petitions/s with their rows)"
    )
    print("status: " + ", ".join(f"{k} {v / n:.1%}" for k, v in counts["status"].most_common()))
    late = counts["overdue open"]
    print(f"open past the resolution deadline: {late:,} ({late / n:.1%})")

    result = cells_rebuild()
    print(
        f"\n## cells_rebuild(): {result.seconds:.1f} s, {result.cells:,} cells, "
        f"{result.provinces} provinces, {result.petitions:,} petitions "
        f"({result.petitions / result.seconds:,.0f} petitions/s)"
    )
    # What the periodic refresh (every NGHEDAN_SCORECARD_REFRESH_MINUTES) does next, with
    # no petition changed since the rebuild.
    result = cells_refresh()
    print(
        f"cells_refresh() just after, nothing changed: {result.seconds:.1f} s, "
        f"{result.provinces} provinces rebuilt"
    )

    # The pages' subjects: the busiest agency (its leader), the busiest commune and the
    # busiest provincial agency of Hà Nội.
    hanoi = Area.objects.get(code=HANOI)
    agency = Agency.objects.get(pk=load.most_common(1)[0][0])
    provincial = max(Agency.objects.filter(area=hanoi), key=lambda a: load[a.pk])
    commune_load = Counter(places.commune_ids[p["commune"]].tolist())
    commune = max(hanoi.children.all(), key=lambda a: commune_load[a.pk])
    anonymous, as_leader, as_admin = Client(), Client(), Client()
    as_leader.force_login(User.objects.get(agency=agency, role="leader"))
    # An administrator passes the second step first, as the tests' personas do.
    sign_in(as_admin, User.objects.get(role="admin"))
    print(
        f"\nbusy agency: {agency.code} ({load[agency.pk]:,} petitions, "
        f"{len(people['staff'][agency.pk])} staff); commune {commune.code} {commune.full_name} "
        f"({commune_load[commune.pk]:,}); provincial agency {provincial.code} "
        f"({load[provincial.pk]:,})"
    )
    references = [
        (
            "reference: count(agency)",
            percentiles(timed(lambda: Petition.objects.filter(agency=agency).count(), args.repeat)),
        ),
        (
            "reference: count(commune)",
            percentiles(timed(lambda: Petition.objects.filter(area=commune).count(), args.repeat)),
        ),
    ]
    results = pages_time(
        [
            ("national transparency", "/transparency/", anonymous),
            ("province Hà Nội", f"/transparency/areas/{HANOI}/", anonymous),
            ("commune", f"/transparency/areas/{commune.code}/", anonymous),
            ("provincial agency", f"/transparency/agencies/{provincial.code}/", anonymous),
            ("dashboard, leader", "/dashboard/", as_leader),
            ("dashboard, admin (nation)", "/dashboard/", as_admin),
            ("roster, leader", "/roster/", as_leader),
            ("open data, provinces", "/open-data/indicators.json?level=province", anonymous),
        ],
        args.repeat,
    )
    reference = references[0][1][0]
    print(f"\n## Pages, {args.repeat} requests each after one warm-up (django.test.Client)")
    print(
        f"{'page':<27} {'first ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'/ count':>8} "
        f"{'queries':>7} {'KB':>6}  url"
    )
    for label, url, first, p50, p95, size, queries in results:
        shown = (
            f"{first:8.1f} {p50:8.1f} {p95:8.1f} {p50 / reference:8.0f}" if p50 else f"{'-':>8}" * 4
        )
        print(f"{label:<27} {shown:>35} {queries:7} {size / 1024:6.1f}  {url}")
    for label, (p50, p95) in references:
        print(f"{label:<27} {'':>8} {p50:8.2f} {p95:8.2f} {p50 / reference:8.1f}")
    full_scan(HANOI, min(args.repeat, 10))


if __name__ == "__main__":
    sys.exit(main())
