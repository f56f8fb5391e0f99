"""Downloads: the "tổng kết" report of an area or agency (PDF, Excel) and open data
(CSV, JSON) of anonymised petitions and indicators. All public: aggregates, and petition
records with nothing personal in them."""

from django.core.cache import cache
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from nghedan.lib import clock
from nghedan.scorecards import opendata
from nghedan.scorecards import selectors as cards
from nghedan.scorecards.indicators import Unit
from nghedan.scorecards.periods import Period, PeriodError

# format -> (content type, builder in scorecards/reports.py). The PDF, Excel and chart
# libraries are imported when a file is asked for, not when the site starts.
REPORTS = {
    "pdf": ("application/pdf", "report_pdf"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "report_xlsx",
    ),
}
DATA = {
    "csv": ("text/csv; charset=utf-8", opendata.csv_chunks),
    "json": ("application/json; charset=utf-8", opendata.json_chunks),
}
LEVELS = {
    "province": gettext_lazy("Tỉnh, thành phố"),
    "commune": gettext_lazy("Xã, phường"),
    "agency": gettext_lazy("Cơ quan"),
}
# A report is made again when the cells are refreshed, at the latest after an hour.
REPORT_CACHE_SECONDS = 3600


class BadRequest(Exception):
    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def _bad_request(request, message):
    return render(request, "web/bad_request.html", {"message": message}, status=400)


def _period(request) -> Period:
    """`?period=` (2026, 2026-Q1, 2026-03, 2026-01..2026-06); this year when blank."""
    text = request.GET.get("period", "").strip()
    if not text:
        return Period.year(clock.today().year)
    try:
        return Period.parse(text)
    except PeriodError as error:
        raise BadRequest(error.message) from None


def _slug(period: Period) -> str:
    return period.code.replace("..", "_")


# --- reports --------------------------------------------------------------------------


def _report(request, unit: Unit, fmt: str):
    try:
        period = _period(request)
    except BadRequest as error:
        return _bad_request(request, error.message)
    content_type, builder = REPORTS[fmt]
    refreshed = cards.last_refreshed()
    key = ":".join(
        (
            "scorecards.report",
            unit.kind,
            unit.code,
            period.code,
            fmt,
            translation.get_language() or "",
            refreshed.isoformat() if refreshed else "",
        )
    )
    content = cache.get(key)
    if content is None:
        from nghedan.scorecards import reports

        content = getattr(reports, builder)(unit, period)
        cache.set(key, content, REPORT_CACHE_SECONDS)
    response = HttpResponse(content, content_type=content_type)
    name = f"tong-ket-{unit.code}-{_slug(period)}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_safe
def area_report(request, code: str, fmt: str):
    if fmt not in REPORTS:
        raise Http404
    return _report(request, cards.area_unit(cards.area_get(code)), fmt)


@require_safe
def agency_report(request, code: str, fmt: str):
    if fmt not in REPORTS:
        raise Http404
    return _report(request, cards.agency_unit(cards.agency_get(code)), fmt)


# --- open data ------------------------------------------------------------------------


@require_safe
def open_data(request):
    year = clock.today().year
    return render(
        request,
        "web/open_data.html",
        {
            "petition_fields": opendata.PETITION_FIELDS,
            "indicator_fields": opendata.indicator_fields(),
            "levels": LEVELS.items(),
            "period": request.GET.get("period", "").strip() or str(year),
            "area": request.GET.get("area", "").strip(),
            "level": request.GET.get("level", "province"),
            "year": year,
            "last_year": year - 1,
            "refreshed": cards.last_refreshed(),
        },
    )


def _area(request, *, province_only: bool = False):
    code = request.GET.get("area", "").strip()
    if not code:
        return None
    area = cards.area_get(code)
    if province_only and area.level != "province":
        raise BadRequest(_("Với bộ chỉ số, địa bàn là mã tỉnh, thành phố (2 chữ số)."))
    return area


def _stream(rows, fmt: str, name: str):
    content_type, chunks = DATA[fmt]
    response = StreamingHttpResponse(chunks(rows), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_safe
def open_data_petitions(request, fmt: str):
    if fmt not in DATA:
        raise Http404
    try:
        period = _period(request)
        area = _area(request)
    except BadRequest as error:
        return _bad_request(request, error.message)
    scope = f"-{area.code}" if area else ""
    rows = opendata.petitions_rows(period, area=area)
    return _stream(rows, fmt, f"don-an-danh{scope}-{_slug(period)}.{fmt}")


@require_safe
def open_data_indicators(request, fmt: str):
    if fmt not in DATA:
        raise Http404
    level = request.GET.get("level", "").strip() or "province"
    try:
        if level not in LEVELS:
            raise BadRequest(_("Cấp không hợp lệ: chọn tỉnh, xã hoặc cơ quan."))
        period = _period(request)
        province = _area(request, province_only=True)
    except BadRequest as error:
        return _bad_request(request, error.message)
    scope = f"-{province.code}" if province else ""
    rows = opendata.indicators_rows(period, level=level, province=province)
    return _stream(rows, fmt, f"chi-so-{level}{scope}-{_slug(period)}.{fmt}")
