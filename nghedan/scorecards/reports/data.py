"""What the "báo cáo tổng kết" says, read once for both formats: the scorecard with its
rank among peers, the months, the topics, the rankings below the unit, and the sentences
and numbers as people read them."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from nghedan.lib import clock
from nghedan.scorecards import selectors
from nghedan.scorecards.indicators import BY_CODE, Unit
from nghedan.scorecards.models import UnitKind
from nghedan.scorecards.periods import Period
from nghedan.scorecards.scoring import weights
from nghedan.scorecards.selectors import IndicatorValue, Scorecard

TOP_BOTTOM = 10  # ranking tables longer than twice this show the best and the worst


@dataclass
class Ranking:
    title: str
    cards: list  # Scorecard, best first
    highlight: tuple | None = None  # the key of the unit the report is about


@dataclass
class ReportData:
    unit: Unit
    period: Period
    card: Scorecard
    peers_label: str
    months: list  # MonthPoint
    topics: list  # TopicRow
    rankings: list[Ranking] = field(default_factory=list)
    made_at: datetime | None = None
    refreshed: datetime | None = None

    @property
    def counts(self):
        return self.card.measured.counts


def peers_of(unit: Unit) -> tuple[list[Unit], str]:
    """The units `unit` is ranked among, and what they are called."""
    if unit.kind == UnitKind.AGENCY:
        return selectors.agency_peers(selectors.agency_get(unit.code)), _(
            "cơ quan cùng loại trong tỉnh"
        )
    if unit.level == "province":
        return selectors.province_units(), _("tỉnh, thành phố")
    parent = selectors.area_get(unit.parent_code)
    return selectors.commune_units(parent), _("xã, phường của %(province)s") % {
        "province": parent.full_name
    }


def report_data(unit: Unit, period: Period) -> ReportData:
    """Everything the report shows, read once for both formats."""
    peers, peers_label = peers_of(unit)
    ranked = selectors.scorecards(peers, period) if len(peers) > 1 else []
    card = next((c for c in ranked if c.unit.key == unit.key), None)
    if card is None:
        card = selectors.scorecards([unit], period, rank=False)[0]
    data = ReportData(
        unit=unit,
        period=period,
        card=card,
        peers_label=peers_label,
        months=selectors.trend(unit, period),
        topics=selectors.topics(unit, period),
        made_at=clock.local_now(),
        refreshed=selectors.last_refreshed(),
    )
    if unit.kind == UnitKind.AGENCY:
        if ranked:
            data.rankings.append(
                Ranking(
                    _("Xếp hạng các %(peers)s") % {"peers": peers_label}, ranked, highlight=unit.key
                )
            )
        return data
    area = selectors.area_get(unit.code)
    if area.level == "province":
        communes = selectors.commune_units(area)
        if communes:
            data.rankings.append(
                Ranking(
                    _("Xếp hạng các xã, phường của %(province)s") % {"province": unit.name},
                    selectors.scorecards(communes, period),
                )
            )
    agencies = [selectors.agency_unit(a) for a in selectors.agencies_in(area).order_by("code")]
    if agencies:
        data.rankings.append(
            Ranking(
                _("Các cơ quan trên địa bàn %(area)s") % {"area": unit.name},
                selectors.scorecards(agencies, period),
            )
        )
    return data


# --- how numbers read -----------------------------------------------------------------


def fixed(value: float, places: int, *, grouping: bool = False) -> str:
    """`value` rounded half up to `places` decimals, in the active language's format
    (number_format alone cuts the digits off instead of rounding)."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return number_format(rounded, places, force_grouping=grouping)


def decimals(value: float) -> int:
    return 0 if float(value).is_integer() else 1


def shown(value: float | None, unit: str) -> str:
    """A value as people read it: 83%, 1204, 4 ngày, 3,5/5."""
    if value is None:
        return "–"
    if unit == "share":
        return f"{fixed(100 * value, 0)}%"
    if unit == "count":
        return fixed(value, 0, grouping=True)
    if unit == "days":
        return _("%(days)s ngày") % {"days": fixed(value, decimals(value))}
    if unit == "stars":
        return f"{fixed(value, 1)}/5"
    return fixed(value, 1)


def shown_change(change: float | None, unit: str) -> str:
    """A difference: +5 điểm %, −2, +1,5 ngày."""
    if change is None:
        return "–"
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    size = abs(change)
    if unit == "share":
        return _("%(sign)s%(points)s điểm %%") % {
            "sign": sign,
            "points": fixed(100 * size, 0),
        }
    if unit == "days":
        return _("%(sign)s%(days)s ngày") % {
            "sign": sign,
            "days": fixed(size, decimals(size)),
        }
    if unit == "stars":
        return f"{sign}{fixed(size, 1)}"
    return f"{sign}{fixed(size, decimals(size), grouping=True)}"


def basis(item: IndicatorValue) -> str:
    if item.indicator.unit != "share" or item.value is None:
        return ""
    return _("trên %(n)s") % {"n": fixed(item.trials, 0, grouping=True)}


def score_text(value: float) -> str:
    return fixed(value, 1)


def when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else "–"


def day_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def month_label(month: date, period: Period) -> str:
    if period.start.year == period.end.year:
        return _("T%(month)s") % {"month": month.month}
    return f"{month.month}/{month.year % 100:02d}"


def rank_range(card: Scorecard) -> str:
    if card.rank is None:
        return "–"
    if card.rank_low == card.rank_high:
        return str(card.rank_low)
    return f"{card.rank_low}–{card.rank_high}"


def title_lines(data: ReportData) -> list[str]:
    return [
        _("Báo cáo tổng kết công tác tiếp nhận, giải quyết phản ánh, kiến nghị của người dân"),
        data.unit.name,
        _("%(period)s (từ %(first)s đến %(last)s)")
        % {
            "period": data.period.label,
            "first": day_text(data.period.first_day),
            "last": day_text(data.period.last_day),
        },
    ]


def dates_line(data: ReportData) -> str:
    return _("Ngày lập: %(made)s · Số liệu tính đến lần cập nhật lúc %(refreshed)s") % {
        "made": when(data.made_at),
        "refreshed": when(data.refreshed),
    }


def share_or_none(value: float | None) -> str:
    return _("chưa có số liệu") if value is None else shown(value, "share")


def summary_text(data: ReportData) -> str:
    card = data.card
    return _(
        "Trong %(period)s, %(unit)s tiếp nhận %(received)s đơn phản ánh, kiến nghị, khiếu nại, "
        "tố cáo và trả lời %(answered)s đơn. Tỷ lệ giải quyết đúng hạn: %(on_time)s; tỷ lệ "
        "người dân hài lòng: %(satisfied)s. Cuối kỳ còn %(overdue)s đơn quá hạn chưa giải "
        "quyết."
    ) % {
        "period": data.period.label[:1].lower() + data.period.label[1:],
        "unit": data.unit.name,
        "received": shown(card.value("received").value, "count"),
        "answered": shown(data.counts["answered"], "count"),
        "on_time": share_or_none(card.value("resolved_on_time").value),
        "satisfied": share_or_none(card.value("satisfied").value),
        "overdue": shown(card.value("overdue_backlog").value, "count"),
    }


def observed(card: Scorecard) -> bool:
    """Whether anything was observed for the card's unit (units with nothing observed are
    left unranked, as on the scorecards)."""
    return bool(card.composite.trials or card.measured.counts["received"])


def index_lines(card: Scorecard, peers_label: str) -> list[str]:
    """The composite index, its change and the rank among peers, as sentences."""
    index = card.composite
    lines = [
        _("Chỉ số tổng hợp (0–100): %(score)s, khoảng tin cậy 95%%: %(low)s–%(high)s.")
        % {
            "score": score_text(index.score),
            "low": score_text(index.low),
            "high": score_text(index.high),
        }
    ]
    if card.composite_change is not None:
        lines.append(
            _("Kỳ trước: %(previous)s (%(change)s).")
            % {
                "previous": score_text(card.previous_composite.score),
                "change": shown_change(card.composite_change, "index"),
            }
        )
    if card.rank is not None:
        lines.append(
            _(
                "Xếp hạng: %(rank)s/%(of)s %(peers)s; với độ bất định của số liệu, hạng thực có "
                "thể từ %(low)s đến %(high)s."
            )
            % {
                "rank": card.rank,
                "of": card.ranked_of,
                "peers": peers_label,
                "low": card.rank_low,
                "high": card.rank_high,
            }
        )
    if card.rank is None:
        lines.append(
            _("Chưa xếp hạng: cần ít nhất hai %(peers)s có số liệu trong kỳ.")
            % {"peers": peers_label}
            if observed(card)
            else _("Chưa xếp hạng: đơn vị chưa có số liệu trong kỳ.")
        )
    if card.thin:
        lines.append(
            _(
                "Ít dữ liệu: chỉ số tổng hợp còn gần mức bình quân cả nước và chưa nói được "
                "nhiều về đơn vị."
            )
        )
    return lines


def method_notes() -> list[str]:
    parts = ", ".join(
        f"{BY_CODE[code].label} {fixed(100 * weight, 0)}%" for code, weight in weights().items()
    )
    strength = fixed(settings.NGHEDAN_SCORE_PRIOR_STRENGTH, 0)
    return [
        _(
            "Tỷ lệ thụ lý, giải quyết đúng hạn tính theo nhóm hạn: mỗi đơn được tính vào tháng "
            "có hạn thụ lý (giải quyết) của nó, khi hạn đã qua hoặc đơn đã được xử lý. Đơn chưa "
            "trả lời khi đã quá hạn được tính là không đúng hạn, nên không thể làm đẹp tỷ lệ "
            "bằng cách không trả lời."
        ),
        _(
            "Ngày làm việc tính từ ngày hôm sau của sự kiện, không kể thứ Bảy, Chủ nhật, ngày "
            "lễ, Tết và ngày nghỉ bù, có kể ngày làm bù (Bộ luật Dân sự, Điều 147–148)."
        ),
        _(
            "Số ngày để trả lời, tỷ lệ mở lại và khiếu nại lần hai tính theo tháng trả lời; đánh "
            "giá tính theo tháng người dân đánh giá; đơn tiếp nhận theo tháng tiếp nhận."
        ),
        _(
            "Đơn quá hạn: đơn còn mở đã quá hạn giải quyết vào cuối kỳ (kỳ chưa kết thúc: tại "
            "lần cập nhật số liệu gần nhất), chia theo số ngày làm việc đã quá hạn."
        ),
        _(
            "Chỉ số tổng hợp (0–100) là bình quân có trọng số của các tỷ lệ: %(parts)s. Mỗi tỷ "
            "lệ được kéo về mức bình quân cả nước cùng kỳ như thể đã có thêm %(strength)s "
            "trường hợp ở mức đó (ước lượng Bayes, phân phối Beta): đơn vị ít số liệu nằm gần "
            "mức bình quân, đơn vị nhiều số liệu được đánh giá đúng theo kết quả của mình. "
            "Khoảng tin cậy 95%% cho biết mức chắc chắn của chỉ số."
        )
        % {"parts": parts, "strength": strength},
        _(
            "Khoảng hạng: qua 1.000 lần mô phỏng theo độ bất định của từng đơn vị, hạng của "
            "đơn vị nằm trong khoảng này với xác suất 95%. Hai đơn vị có khoảng hạng chồng lên "
            "nhau thì chưa thể khẳng định đơn vị nào tốt hơn."
        ),
        _("Kỳ trước: kỳ có cùng độ dài ngay trước kỳ báo cáo."),
    ]


def best_and_worst(cards: list, size: int = TOP_BOTTOM, *, keep: tuple | None = None) -> list:
    """The best and the worst `size` of a long ranking, with None where cards are left
    out; the card of the unit `keep` (its key) stays in its place."""
    if len(cards) <= 2 * size:
        return list(cards)
    middle = [card for card in cards[size:-size] if keep is not None and card.unit.key == keep]
    if not middle:
        return [*cards[:size], None, *cards[-size:]]
    position = cards.index(middle[0])
    before = [None] if position > size else []
    after = [None] if position < len(cards) - size - 1 else []
    return [*cards[:size], *before, middle[0], *after, *cards[-size:]]
