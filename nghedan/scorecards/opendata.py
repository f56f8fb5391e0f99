"""Open data: anonymised petitions and every unit's indicators, as CSV or JSON.

A petition record carries no tracking code, no name, phone, e-mail or address and no
free text, except the redacted public title and body of a petition that is published on
the site (feedback or a proposal whose petitioner agreed, once answered). A denunciation
gives only its kind, topic, dates and area: nothing that could lead back to whoever made
it. The id is a keyed digest of the petition's internal uuid: stable from one download to
the next, useless for finding the petition.

Rows are produced lazily from one cursor, a few thousand petitions at a time, so a
national export is streamed rather than held in memory.
"""

import csv
import hashlib
import hmac
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nghedan.lib import clock
from nghedan.lib.spreadsheet import safe_cell
from nghedan.scorecards import selectors
from nghedan.scorecards.indicators import SHOWN
from nghedan.scorecards.periods import Period
from nghedan.scorecards.scoring import rank_intervals

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from nghedan.areas.models import Area
    from nghedan.petitions.public import PublicPetition
    from nghedan.scorecards.cells import WorkdayIndex

BATCH = 2000
LEVELS = ("province", "commune", "agency")
# Statuses in which a consented petition's public text is on the site.
PUBLISHED = ("answered", "closed")
CLOSED_WITHOUT_ANSWER = ("withdrawn", "declined")

PETITION_FIELDS: list[tuple[str, object]] = [
    ("id", _("Mã ẩn danh của đơn (không phải mã tra cứu); giữ nguyên giữa các lần tải")),
    (
        "kind",
        _(
            "Loại đơn: feedback (phản ánh), proposal (kiến nghị), complaint (khiếu nại), "
            "denunciation (tố cáo)"
        ),
    ),
    ("topic", _("Mã lĩnh vực")),
    ("province", _("Mã tỉnh, thành phố nơi phát sinh vụ việc (mã hành chính chính thức)")),
    ("commune", _("Mã xã, phường nơi phát sinh vụ việc (trống nếu không rõ xã, phường)")),
    ("agency", _("Mã cơ quan đang giải quyết")),
    ("channel", _("Kênh gửi: web, api, reception (tiếp công dân), hotline, mail")),
    ("received_date", _("Ngày tiếp nhận")),
    ("status", _("Trạng thái hiện tại")),
    ("accepted_date", _("Ngày thụ lý")),
    ("answered_date", _("Ngày trả lời")),
    ("working_days", _("Số ngày làm việc từ khi tiếp nhận đến khi trả lời")),
    (
        "on_time",
        _(
            "Trả lời đúng hạn: true hoặc false (chưa trả lời khi đã quá hạn là false); trống "
            "khi chưa đến hạn"
        ),
    ),
    ("rating_stars", _("Số sao người dân đánh giá lần gần nhất (1–5)")),
    ("reopened", _("Người dân đã yêu cầu giải quyết lại")),
    ("appealed", _("Đã khiếu nại lần hai")),
    (
        "public_title",
        _(
            "Tiêu đề công khai, đã lược thông tin cá nhân: chỉ với phản ánh, kiến nghị mà "
            "người gửi đồng ý công khai, khi đã được trả lời"
        ),
    ),
    ("public_body", _("Nội dung công khai, đã lược thông tin cá nhân (như trên)")),
]
# What a denunciation may show: nothing that could lead back to the person.
DENUNCIATION_FIELDS = {
    "id",
    "kind",
    "topic",
    "province",
    "commune",
    "received_date",
    "accepted_date",
    "answered_date",
}

UNIT_FIELDS: list[tuple[str, object]] = [
    ("level", _("Cấp: province (tỉnh), commune (xã, phường) hoặc agency (cơ quan)")),
    ("code", _("Mã địa bàn (mã hành chính chính thức) hoặc mã cơ quan")),
    ("name", _("Tên")),
    ("province", _("Mã tỉnh, thành phố")),
    ("commune", _("Mã xã, phường (của xã, phường hoặc cơ quan cấp xã)")),
    ("period", _("Kỳ số liệu, ví dụ 2026 hoặc 2026-Q1")),
]
INDEX_FIELDS: list[tuple[str, object]] = [
    ("index", _("Chỉ số tổng hợp (0–100)")),
    ("index_low", _("Cận dưới khoảng tin cậy 95% của chỉ số tổng hợp")),
    ("index_high", _("Cận trên khoảng tin cậy 95% của chỉ số tổng hợp")),
    ("rank", _("Hạng trong nhóm so sánh (1 là tốt nhất; trống khi chưa có số liệu)")),
    ("rank_low", _("Hạng tốt nhất có thể (khoảng 95%)")),
    ("rank_high", _("Hạng kém nhất có thể (khoảng 95%)")),
    ("ranked_of", _("Số đơn vị được xếp hạng trong nhóm so sánh")),
]
UNIT_DESCRIPTIONS = {
    "share": _("tỷ lệ từ 0 đến 1"),
    "count": _("số lượng"),
    "days": _("số ngày làm việc"),
    "stars": _("số sao, 1–5"),
}


def indicator_fields() -> list[tuple[str, object]]:
    return [
        *UNIT_FIELDS,
        *(
            (
                indicator.code,
                f"{indicator.label} ({UNIT_DESCRIPTIONS.get(indicator.unit, indicator.unit)})",
            )
            for indicator in SHOWN
        ),
        *INDEX_FIELDS,
    ]


class Rows:
    """Rows produced on demand, with the names of their fields."""

    def __init__(self, fields: list[str], rows: Iterable[dict]) -> None:
        self.fields = fields
        self._rows = rows

    def __iter__(self) -> Iterator[dict]:
        return iter(self._rows)


# --- petitions ------------------------------------------------------------------------


def pseudonym(uuid: UUID) -> str:
    """A stable id for a petition that cannot be turned back into it."""
    message = b"opendata:petition:" + uuid.bytes
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:16]


def _bounds(period: Period) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    start = datetime.combine(period.first_day, time.min, tzinfo=zone)
    end = datetime.combine(period.last_day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def _local(moment: datetime | None) -> date | None:
    return clock.local_date(moment) if moment is not None else None


def _on_time(row: dict, answered: date | None, today: date) -> bool | None:
    due = row["resolution_due"]
    if due is None:
        return None
    if answered is not None:
        return answered <= due
    if row["status"] in CLOSED_WITHOUT_ANSWER or due >= today:
        return None
    return False


def _batch_facts(ids: list[int]) -> tuple[dict, set, set]:
    from nghedan.petitions.lifecycle import REOPENING_EVENTS
    from nghedan.petitions.models import Petition, PetitionEvent, Rating

    stars: dict[int, int] = {}
    ratings = (
        Rating.objects.filter(petition_id__in=ids)
        .order_by("created_at", "pk")
        .values_list("petition_id", "stars")
    )
    stars.update(ratings)  # the latest rating wins
    reopened = set(
        PetitionEvent.objects.filter(petition_id__in=ids, action__in=REOPENING_EVENTS).values_list(
            "petition_id", flat=True
        )
    )
    appealed = set(
        Petition.objects.filter(appeal_of_id__in=ids).values_list("appeal_of_id", flat=True)
    )
    return stars, reopened, appealed


def _is_published(row: dict) -> bool:
    """Whether the petition's public text is on the site."""
    return bool(
        row["publish_consent"]
        and row["kind"] in ("feedback", "proposal")
        and row["status"] in PUBLISHED
    )


def _batch_public(batch: list[dict]) -> dict:
    """The redacted projection of each published petition of the batch, by pk: its text
    is read from there only, never from the stored fields."""
    from nghedan.petitions.models import Petition
    from nghedan.petitions.public import public_petition

    ids = [row["pk"] for row in batch if _is_published(row)]
    if not ids:
        return {}
    petitions = Petition.objects.filter(pk__in=ids).select_related(
        "topic", "area", "area__parent", "agency"
    )
    return {petition.pk: public_petition(petition, with_answers=False) for petition in petitions}


def _petition_record(
    row: dict,
    facts: tuple[dict, set, set],
    workdays: "WorkdayIndex",
    today: date,
    shown: "PublicPetition | None" = None,
) -> dict:
    """One anonymised record; `shown` is the petition's public projection when the site
    publishes it."""
    stars, reopened, appealed = facts
    received = clock.local_date(row["received_at"])
    answered = _local(row["answered_at"])
    if row["area__level"] == "province":
        province, commune = row["area__code"], None
    else:
        province, commune = row["area__parent__code"], row["area__code"]
    record = {
        "id": pseudonym(row["uuid"]),
        "kind": row["kind"],
        "topic": row["topic__code"],
        "province": province,
        "commune": commune,
        "agency": row["agency__code"],
        "channel": row["channel"],
        "received_date": received,
        "status": row["status"],
        "accepted_date": _local(row["accepted_at"]),
        "answered_date": answered,
        "working_days": workdays.between(received, answered) if answered else None,
        "on_time": _on_time(row, answered, today),
        "rating_stars": stars.get(row["pk"]),
        "reopened": row["pk"] in reopened,
        "appealed": row["pk"] in appealed,
        "public_title": shown.title if shown is not None else None,
        "public_body": shown.body if shown is not None else None,
    }
    if row["kind"] == "denunciation":
        record = {k: (v if k in DENUNCIATION_FIELDS else None) for k, v in record.items()}
    return record


def _petition_records(period: Period, area: "Area | None", today: date) -> Iterator[dict]:
    from nghedan.petitions.models import Petition
    from nghedan.scorecards.cells import WorkdayIndex

    start, end = _bounds(period)
    petitions = Petition.objects.filter(received_at__gte=start, received_at__lt=end)
    if area is not None:
        if area.level == "province":
            petitions = petitions.filter(Q(area=area) | Q(area__parent=area))
        else:
            petitions = petitions.filter(area=area)
    workdays = WorkdayIndex(
        period.first_day - timedelta(days=1), max(today, period.last_day) + timedelta(days=1)
    )
    columns = (
        "pk",
        "uuid",
        "kind",
        "topic__code",
        "area__code",
        "area__level",
        "area__parent__code",
        "agency__code",
        "channel",
        "received_at",
        "status",
        "accepted_at",
        "answered_at",
        "resolution_due",
        "publish_consent",
    )
    # One query read through a cursor (server-side on PostgreSQL), in order of receipt;
    # ratings, reopenings and appeals are looked up a batch at a time.
    rows = petitions.order_by("received_at", "pk").values(*columns).iterator(chunk_size=BATCH)
    while batch := list(islice(rows, BATCH)):
        facts = _batch_facts([row["pk"] for row in batch])
        public = _batch_public(batch)
        for row in batch:
            yield _petition_record(row, facts, workdays, today, public.get(row["pk"]))


def petitions_rows(
    period: Period, area: "Area | None" = None, *, today: date | None = None
) -> Rows:
    """Anonymised records of the petitions received in `period`, about `area` (a province
    with its communes, or a commune) or anywhere. `today` decides which deadlines have
    passed (the local date unless given)."""
    records = _petition_records(period, area, today or clock.today())
    return Rows([name for name, _label in PETITION_FIELDS], records)


# --- indicators -----------------------------------------------------------------------


def _units(level: str, province: "Area | None") -> list[tuple]:
    """(group, unit, province code, commune code) for every unit of `level`: units are
    ranked within their group, as on the scorecards (the provinces together, a province's
    communes, agencies of one type in one province)."""
    from nghedan.agencies.models import Agency
    from nghedan.areas.models import Area

    if level == "province":
        return [(("VN",), unit, unit.code, None) for unit in selectors.province_units()]
    if level == "commune":
        communes = Area.objects.filter(level="commune").select_related("parent")
        if province is not None:
            communes = communes.filter(parent=province)
        return [
            ((area.parent.code,), selectors.area_unit(area), area.parent.code, area.code)
            for area in communes.order_by("parent__code", "code")
            if area.parent
        ]
    agencies = Agency.objects.filter(is_active=True).select_related("area", "area__parent")
    if province is not None:
        agencies = agencies.filter(Q(area=province) | Q(area__parent=province))
    out = []
    for agency in agencies.order_by("code"):
        area = agency.area
        province_code = area.parent.code if area.parent else area.code
        commune_code = area.code if area.parent_id else None
        group = (province_code, agency.agency_type_id)
        out.append((group, selectors.agency_unit(agency), province_code, commune_code))
    return out


def figure(value: float | None, unit: str = "") -> float | None:
    """A number as open data gives it: counts whole, the rest to four decimals."""
    if value is None:
        return None
    if unit == "count":
        return int(value)
    return round(value, 4) if isinstance(value, float) else value


def _indicator_records(period: Period, level: str, province: "Area | None") -> Iterator[dict]:
    units = _units(level, province)
    if not units:
        return
    cards = selectors.scorecards([unit for _group, unit, *_codes in units], period, rank=False)
    groups: dict[tuple, list] = defaultdict(list)
    for (group, *_rest), card in zip(units, cards, strict=True):
        groups[group].append(card)
    for members in groups.values():
        # As on the scorecards: units with nothing observed stay unranked.
        ranked = [c for c in members if c.composite.trials or c.measured.counts["received"]]
        if len(ranked) < 2:
            continue
        ranks = rank_intervals([card.composite for card in ranked])
        for card, (point, low, high) in zip(ranked, ranks, strict=True):
            card.rank, card.rank_low, card.rank_high = point, low, high
            card.ranked_of = len(ranked)
    only = province.code if (province is not None and level == "province") else None
    for (_group, unit, province_code, commune_code), card in zip(units, cards, strict=True):
        if only and unit.code != only:
            continue
        record = {
            "level": level,
            "code": unit.code,
            "name": unit.name,
            "province": province_code,
            "commune": commune_code,
            "period": period.code,
        }
        for item in card.values:
            record[item.indicator.code] = figure(item.value, item.indicator.unit)
        index = card.composite
        record.update(
            index=round(index.score, 2),
            index_low=round(index.low, 2),
            index_high=round(index.high, 2),
            rank=card.rank,
            rank_low=card.rank_low,
            rank_high=card.rank_high,
            ranked_of=card.ranked_of or None,
        )
        yield record


def indicators_rows(
    period: Period, level: str = "province", province: "Area | None" = None
) -> Rows:
    """Every shown indicator, the composite index with its interval and the rank, for each
    province, commune (of `province`, or all) or agency (of `province`, or all)."""
    if level not in LEVELS:
        raise ValueError(level)
    fields = [name for name, _label in indicator_fields()]
    return Rows(fields, _indicator_records(period, level, province))


# --- writers --------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_cell(value)  # a title typed as "=..." stays text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Line:
    """A file that hands back what is written to it, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def _fields_of(rows: Iterable[dict]) -> tuple[list[str] | None, Iterator[dict]]:
    iterator = iter(rows)
    fields = getattr(rows, "fields", None)
    return (list(fields) if fields else None), iterator


def csv_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """CSV text, a line at a time, starting with a byte-order mark so that Excel reads the
    Vietnamese correctly."""
    fields, iterator = _fields_of(rows)
    writer = csv.writer(_Line())
    started = False
    for row in iterator:
        if not started:
            fields = fields or list(row)
            yield "\ufeff" + writer.writerow(fields)
            started = True
        yield writer.writerow([_cell(row.get(name)) for name in fields or ()])
    if not started:
        yield "\ufeff" + (writer.writerow(fields) if fields else "")


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def json_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """A JSON array of objects, one object per line."""
    _fields, iterator = _fields_of(rows)
    first = True
    yield "["
    for row in iterator:
        text = json.dumps(row, ensure_ascii=False, default=_json_default)
        yield ("\n" if first else ",\n") + text
        first = False
    yield "\n]\n"


def write_csv(rows: Iterable[dict], fh: "SupportsWrite[str]") -> None:
    for chunk in csv_chunks(rows):
        fh.write(chunk)


def write_json(rows: Iterable[dict], fh: "SupportsWrite[str]") -> None:
    for chunk in json_chunks(rows):
        fh.write(chunk)
