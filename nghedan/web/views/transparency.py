"""Public transparency pages: the national map, province and commune pages, and the
public scorecard of each agency (no login). They show aggregates only, read from the
monthly cells through `nghedan.scorecards.selectors`; a page costs the same number of
queries however many units it lists."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from nghedan.scorecards import selectors as cards
from nghedan.scorecards.indicators import BY_CODE, SHOWN, Unit
from nghedan.scorecards.periods import Period, PeriodError
from nghedan.scorecards.scoring import weights
from nghedan.web.charts import Point, bar_chart, hbar_chart, line_chart
from nghedan.web.province_grid import shaded
from nghedan.web.templatetags.scorecards import has_data

TRENDS = ("received", "resolved_on_time", "satisfied")
TOPICS_CHARTED = 8
FIRST_YEAR = 2000  # periods before this are refused as unreadable
INDEX = "index"
# What the national map may be shaded by: the composite index, or any shown indicator
# that is a share, a number of days or a mean rating (volumes would only show size).
MAP_INDICATORS = [INDEX] + [i.code for i in SHOWN if i.unit in ("share", "days", "stars")]

# What "Cách tính" says of the indicators that carry no description of their own.
NOTES = {
    "received": gettext_lazy("Số phản ánh, kiến nghị, khiếu nại, tố cáo nhận được trong kỳ."),
    "answer_days_median": gettext_lazy(
        "Một nửa số đơn được trả lời trong kỳ được trả lời trong chừng ấy ngày làm việc "
        "hoặc sớm hơn."
    ),
    "answer_days_p90": gettext_lazy(
        "90% số đơn được trả lời trong kỳ được trả lời trong chừng ấy ngày làm việc hoặc sớm hơn."
    ),
    "rating_mean": gettext_lazy("Số sao bình quân (1–5) người dân chấm cho câu trả lời trong kỳ."),
    "appeal_rate": gettext_lazy(
        "Trong các khiếu nại được trả lời trong kỳ, số vụ người dân khiếu nại tiếp lên cấp trên."
    ),
    "overdue_backlog": gettext_lazy("Đơn đã quá hạn giải quyết mà chưa được trả lời, ở cuối kỳ."),
    "overdue_age": gettext_lazy(
        "Số ngày làm việc quá hạn bình quân của các đơn quá hạn chưa giải quyết, ở cuối kỳ."
    ),
    "alerts_open": gettext_lazy(
        "Cảnh báo sớm về điểm nóng (nhiều người cùng phản ánh một việc, việc kéo dài…) chưa đóng."
    ),
    "alerts_age": gettext_lazy("Số ngày bình quân kể từ khi các cảnh báo đang mở được phát hiện."),
    "reception_days": gettext_lazy(
        "Số ngày lãnh đạo tiếp công dân định kỳ so với số ngày tối thiểu Luật Tiếp công dân "
        "quy định."
    ),
    "consultation_replies": gettext_lazy(
        "Trong các góp ý cho dự thảo hết hạn lấy ý kiến trong kỳ, số góp ý được tiếp thu hoặc "
        "giải trình."
    ),
}


# --- what was asked for ---------------------------------------------------------------


def _period_asked(request) -> tuple[Period, str, str]:
    """The period asked for, the text to keep in links, and a message when it could not
    be read (the page then shows the last 12 months). Years far from now are refused too:
    there is nothing to show, and the previous period of year 1 has no calendar."""
    text = request.GET.get("period", "").strip()
    latest = Period.last_months(1).start.year + 1
    try:
        period = Period.parse(text)
        if period.start.year < FIRST_YEAR or period.end.year > latest:
            raise PeriodError(text)
    except PeriodError as error:
        return Period.last_months(12), "", str(error.message)
    return period, text, ""


def period_choices(shown: Period, asked: str) -> list[tuple[str, str]]:
    """The periods offered in the selector: the last 12 months, the last six quarters,
    this year and the two before it, and the period shown if it is none of those."""
    current = Period.last_months(1)
    quarter = Period.quarter(current.start.year, (current.start.month - 1) // 3 + 1)
    choices = [("", _("12 tháng qua"))]
    for _i in range(6):
        choices.append((quarter.code, quarter.label))
        quarter = quarter.previous()
    for year in range(current.start.year, current.start.year - 3, -1):
        period = Period.year(year)
        choices.append((period.code, period.label))
    if asked and all(code != shown.code for code, _label in choices):
        choices.insert(1, (shown.code, shown.label))
    return choices


# --- what every page shows ------------------------------------------------------------


def _sentence(text) -> str:
    text = str(text).strip()
    return text if not text or text.endswith((".", "…")) else f"{text}."


def _method() -> dict:
    """What "Cách tính" explains: the indicators and the weights of the index."""
    return {
        "indicators": [(i, _sentence(i.description or NOTES.get(i.code, ""))) for i in SHOWN],
        "weights": [(BY_CODE[code], round(100 * w)) for code, w in weights().items()],
        "strength": round(settings.NGHEDAN_SCORE_PRIOR_STRENGTH),
    }


def _common(period: Period, period_text: str, period_error: str) -> dict:
    selected = period.code if period_text else ""
    return {
        "period": period,
        "period_selected": selected,
        "period_error": period_error,
        "periods": period_choices(period, period_text),
        "period_query": f"?period={selected}" if selected else "",
        "refreshed": cards.last_refreshed(),
        "method": _method(),
    }


def _trends(unit: Unit, period: Period) -> dict:
    """A chart and its table for each trend indicator, month by month."""
    points = cards.trend(unit, period)
    charts = []
    for code in TRENDS:
        indicator = BY_CODE[code]
        values = [Point(f"{p.month:%m/%y}", p.value(code)) for p in points]
        charts.append(
            {
                "indicator": indicator,
                "svg": line_chart(
                    values,
                    title=str(indicator.label),
                    unit="%" if indicator.unit == "share" else "",
                ),
            }
        )
    return {"charts": charts, "months": points}


def _details(unit: Unit, card, period: Period) -> dict:
    """Trends, topics and the overdue backlog of one unit."""
    topic_rows = cards.topics(unit, period)
    charted = [row for row in topic_rows if row.received][:TOPICS_CHARTED]
    ageing = cards.ageing(card.measured.counts)
    return {
        "trends": _trends(unit, period),
        "topics": topic_rows,
        "topics_chart": hbar_chart(
            [Point(str(row.topic), float(row.received)) for row in charted],
            title=_("Đơn tiếp nhận theo lĩnh vực"),
        )
        if charted
        else None,
        "backlog": card.measured.counts.overdue,
        "ageing": ageing,
        "ageing_chart": bar_chart(
            [Point(label, float(n)) for label, n in ageing],
            title=_("Đơn quá hạn chưa giải quyết, theo số ngày làm việc quá hạn"),
        ),
    }


def _own(scorecards: list, unit: Unit):
    return next(card for card in scorecards if card.unit.key == unit.key)


# --- the pages ------------------------------------------------------------------------


def _map_value(card, code: str) -> float | None:
    if not has_data(card):
        return None
    if code == INDEX:
        return card.composite.score
    return card.value(code).value


@require_GET
def transparency_home(request):
    period, period_text, period_error = _period_asked(request)
    chosen = request.GET.get("indicator", INDEX)
    if chosen not in MAP_INDICATORS:
        chosen = INDEX
    nation = cards.nation_unit()
    # The nation and the provinces measured together: the nation once, not twice.
    (nation_card,), provinces = cards.scorecard_groups([[nation], cards.province_units()], period)
    indicator = BY_CODE.get(chosen)
    grid = shaded(
        sorted((c.unit for c in provinces), key=lambda u: u.code),
        {c.unit.code: _map_value(c, chosen) for c in provinces},
        better=indicator.better if indicator else "higher",
    )
    context = _common(period, period_text, period_error)
    context.update(
        {
            "card": nation_card,
            "provinces": provinces,
            "map": grid,
            "map_choices": [
                (code, BY_CODE[code].label if code in BY_CODE else _("Chỉ số tổng hợp"))
                for code in MAP_INDICATORS
            ],
            "map_indicator": chosen,
            "keep": [("indicator", chosen)] if chosen != INDEX else [],
            "map_label": indicator.label if indicator else _("Chỉ số tổng hợp"),
            "map_unit": indicator.unit if indicator else INDEX,
            "trends": _trends(nation, period),
        }
    )
    return render(request, "web/transparency_home.html", context)


@require_GET
def transparency_area(request, code: str):
    area = cards.area_get(code)
    period, period_text, period_error = _period_asked(request)
    unit = cards.area_unit(area)
    if area.level == "province" or area.parent is None:
        # Its communes and the provinces, measured together (the nation once).
        communes, peer_cards = cards.scorecard_groups(
            [cards.commune_units(area), cards.province_units()], period
        )
    else:
        peer_cards = cards.scorecards(cards.commune_units(area.parent), period)
        communes = []
    card = _own(peer_cards, unit)
    context = _common(period, period_text, period_error)
    context.update(
        {
            "area": area,
            "unit": unit,
            "card": card,
            "communes": communes,
            "agencies": list(cards.agencies_in(area).order_by("name")),
            **_details(unit, card, period),
        }
    )
    return render(request, "web/transparency_area.html", context)


@require_GET
def transparency_agency(request, code: str):
    agency = cards.agency_get(code)
    period, period_text, period_error = _period_asked(request)
    unit = cards.agency_unit(agency)
    peers = cards.agency_peers(agency)
    if all(peer.key != unit.key for peer in peers):
        peers.append(unit)  # an agency no longer active is still shown, among its peers
    peer_cards = cards.scorecards(peers, period)
    card = _own(peer_cards, unit)
    context = _common(period, period_text, period_error)
    context.update(
        {
            "agency": agency,
            "unit": unit,
            "card": card,
            "peers": peer_cards,
            **_details(unit, card, period),
        }
    )
    return render(request, "web/transparency_agency.html", context)
