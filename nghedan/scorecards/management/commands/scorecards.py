"""`nghedan scorecards …`: the scorecards from the command line.

refresh   rebuild the cells of the provinces where something changed (the workers do it
          every NGHEDAN_SCORECARD_REFRESH_MINUTES)
rebuild   rebuild every province's cells (the workers do it nightly)
show      one area's or agency's scorecard: --area CODE | --agency CODE [--period P] [--json]
report    the "báo cáo tổng kết": --area CODE | --agency CODE --year YYYY [--quarter Q]
          --format pdf|xlsx --output FILE
opendata  petitions | indicators --format csv|json --output FILE (- for the screen)
          [--year YYYY | --period P] [--area CODE] [--level province|commune|agency]

CODE of an area is its official code: 2 digits for a province, 5 for a commune. Periods
read 2026, 2026-Q3, 2026-11 or 2026-01..2026-06.
"""

import json
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.http import Http404
from django.utils import translation

from nghedan.lib import clock
from nghedan.scorecards.opendata import figure
from nghedan.scorecards.periods import FIRST_YEAR, Period, PeriodError

if TYPE_CHECKING:
    from nghedan.agencies.models import Agency
    from nghedan.areas.models import Area
    from nghedan.scorecards.cells import RefreshResult
    from nghedan.scorecards.indicators import Unit
    from nghedan.scorecards.selectors import Scorecard

FORMATS = {"report": ("pdf", "xlsx"), "opendata": ("csv", "json")}
LEVELS = ("province", "commune", "agency")


def _error(vi: str, en: str) -> CommandError:
    return CommandError(f"{vi} / {en}")


def _area(code: str) -> "Area":
    from nghedan.scorecards import selectors

    if not re.fullmatch(r"\d{2}|\d{5}", code or ""):
        raise _error(
            f"Mã địa bàn “{code}” không hợp lệ: cần 2 chữ số (tỉnh, thành phố) hoặc 5 chữ số "
            "(xã, phường)",
            f"Invalid area code “{code}”: 2 digits for a province, 5 for a commune",
        )
    try:
        return selectors.area_get(code)
    except Http404:
        raise _error(f"Không có địa bàn mã “{code}”", f"No area with the code “{code}”") from None


def _agency(code: str) -> "Agency":
    from nghedan.scorecards import selectors

    try:
        return selectors.agency_get(code)
    except Http404:
        raise _error(f"Không có cơ quan mã “{code}”", f"No agency with the code “{code}”") from None


def _unit(area: str | None, agency: str | None) -> "Unit":
    from nghedan.scorecards import selectors

    if bool(area) == bool(agency):
        raise _error(
            "Hãy chọn một địa bàn (--area) hoặc một cơ quan (--agency)",
            "Give either an area (--area) or an agency (--agency)",
        )
    if area:
        return selectors.area_unit(_area(area))
    return selectors.agency_unit(_agency(agency or ""))


def _period(text: str | None) -> Period:
    try:
        return Period.parse(text or "")
    except PeriodError as error:
        raise _error(
            str(error.message),
            f"Invalid period “{text}”. Examples: 2026, 2026-Q3, 2026-11 or 2026-01..2026-06.",
        ) from None


def _required(value: str | None, option: str) -> str:
    if not value:
        raise _error(f"Thiếu {option}", f"{option} is required")
    return value


def _year(text: str | None) -> int:
    latest = clock.today().year + 1
    if not text or not re.fullmatch(r"\d{4}", text) or not FIRST_YEAR <= int(text) <= latest:
        raise _error(
            f"Năm “{text}” không hợp lệ: từ {FIRST_YEAR} đến {latest}, ví dụ 2026",
            f"Invalid year “{text}”: from {FIRST_YEAR} to {latest}, e.g. 2026",
        )
    return int(text)


def _quarter(text: str | None) -> int | None:
    if text is None:
        return None
    if text not in ("1", "2", "3", "4"):
        raise _error(
            f"Quý “{text}” không hợp lệ: chọn 1, 2, 3 hoặc 4",
            f"Invalid quarter “{text}”: 1, 2, 3 or 4",
        )
    return int(text)


def _format(text: str | None, action: str) -> str:
    allowed = FORMATS[action]
    if text not in allowed:
        choices = ", ".join(allowed)
        raise _error(
            f"Định dạng “{text or ''}” không hợp lệ: chọn {choices}",
            f"Invalid format “{text or ''}”: choose {choices}",
        )
    return text


@contextmanager
def _output(path: str, mode: str) -> Iterator[IO[Any]]:
    """The output file, opened before the work starts; removed if the work fails."""
    target = Path(path)
    try:
        handle = (
            target.open(mode, encoding="utf-8", newline="")
            if "b" not in mode
            else target.open(mode)
        )
    except OSError as error:
        raise _error(
            f"Không ghi được tệp “{path}”: {error.strerror or error}",
            f"Cannot write “{path}”: {error.strerror or error}",
        ) from None
    try:
        with handle:
            yield handle
    except BaseException:
        target.unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "Scorecards: refresh the cells, show a scorecard, write reports and open data."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("refresh", help="rebuild the provinces that changed")
        commands.add_parser("rebuild", help="rebuild every province")

        show = commands.add_parser("show", help="one area's or agency's scorecard")
        show.add_argument("--area", help="official province (2 digits) or commune (5) code")
        show.add_argument("--agency", help="agency code")
        show.add_argument("--period", default="", help="2026, 2026-Q3, …; the last 12 months")
        show.add_argument("--json", action="store_true", help="print one JSON object")

        report = commands.add_parser("report", help="the 'báo cáo tổng kết' as PDF or Excel")
        report.add_argument("--area", help="official province (2 digits) or commune (5) code")
        report.add_argument("--agency", help="agency code")
        report.add_argument("--year", help="YYYY")
        report.add_argument("--quarter", help="1–4; the whole year when left out")
        report.add_argument("--format", dest="fmt", help="pdf or xlsx")
        report.add_argument("--output", help="file to write")

        opendata = commands.add_parser("opendata", help="open data as CSV or JSON")
        opendata.add_argument("dataset", help="petitions or indicators")
        opendata.add_argument("--format", dest="fmt", help="csv or json")
        opendata.add_argument("--output", help="file to write; - for the screen")
        opendata.add_argument("--year", help="YYYY; this year when no period is given")
        opendata.add_argument("--period", help="2026, 2026-Q3, 2026-11, 2026-01..2026-06")
        opendata.add_argument("--area", help="official province or commune code")
        opendata.add_argument("--level", help="indicators: province (default), commune, agency")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        # Reports and tables read as the site's language does (Vietnamese numbers).
        with translation.override(settings.LANGUAGE_CODE):
            return getattr(self, f"_{action}")(**options)

    # --- cells ---------------------------------------------------------------------------

    def _done(self, verb: str, result: "RefreshResult") -> None:
        self.stdout.write(
            f"{verb}: {result.provinces} tỉnh / provinces, {result.petitions} đơn / petitions, "
            f"{result.cells} ô số liệu / cells, {result.seconds:.1f} s"
        )

    def _refresh(self, **_):
        from nghedan.scorecards.cells import cells_refresh

        self._done("Đã cập nhật / refreshed", cells_refresh())

    def _rebuild(self, **_):
        from nghedan.scorecards.cells import cells_rebuild

        self._done("Đã tính lại / rebuilt", cells_rebuild())

    # --- show ----------------------------------------------------------------------------

    def _show(
        self, *, area: str | None, agency: str | None, period: Any, json: bool, **_: Any
    ) -> None:
        from nghedan.scorecards import reports, selectors

        unit = _unit(area, agency)
        period = _period(period)
        peers, peers_label = reports.peers_of(unit)
        card = selectors.scorecard(unit, period, peers=peers)
        refreshed = selectors.last_refreshed()
        if json:
            self.stdout.write(_dumps(_card_json(card, refreshed)))
            return
        self.stdout.write(f"{unit.name} — {period.label} ({period.code})")
        self.stdout.write(
            f"Số liệu cập nhật / data as of: {refreshed:%H:%M %d/%m/%Y}"
            if refreshed
            else "Số liệu chưa được tính / no data yet: nghedan scorecards rebuild"
        )
        self.stdout.write("")
        self.stdout.write(f"{'Chỉ số':<42} {'Kỳ này':>12} {'Kỳ trước':>12} {'Thay đổi':>14}")
        for item in card.values:
            unit_of = item.indicator.unit
            self.stdout.write(
                f"{str(item.indicator.label)[:42]:<42} "
                f"{reports.shown(item.value, unit_of):>12} "
                f"{reports.shown(item.previous, unit_of):>12} "
                f"{reports.shown_change(item.change, unit_of):>14}"
            )
        self.stdout.write("")
        for line in reports.index_lines(card, peers_label):
            self.stdout.write(line)

    # --- report --------------------------------------------------------------------------

    def _report(self, *, area, agency, year, quarter, fmt, output, **_):
        from nghedan.scorecards import reports

        unit = _unit(area, agency)
        year, quarter = _year(_required(year, "--year")), _quarter(quarter)
        fmt = _format(_required(fmt, "--format"), "report")
        output = _required(output, "--output")
        period = Period.quarter(year, quarter) if quarter else Period.year(year)
        started = time.perf_counter()
        with _output(output, "wb") as handle:
            build = reports.report_pdf if fmt == "pdf" else reports.report_xlsx
            content = build(unit, period)
            handle.write(content)
        self.stdout.write(
            f"Đã ghi / written: {output} — {unit.name}, {period.label} "
            f"({len(content):,} bytes, {time.perf_counter() - started:.1f} s)"
        )

    # --- open data -----------------------------------------------------------------------

    def _opendata(self, *, dataset, fmt, output, year, period, area, level, **_):
        from nghedan.scorecards import opendata

        if dataset not in ("petitions", "indicators"):
            raise _error(
                f"Bộ dữ liệu “{dataset}” không có: chọn petitions hoặc indicators",
                f"Unknown dataset “{dataset}”: petitions or indicators",
            )
        fmt = _format(_required(fmt, "--format"), "opendata")
        output = _required(output, "--output")
        if year and period:
            raise _error(
                "Chọn --year hoặc --period, không chọn cả hai",
                "Give --year or --period, not both",
            )
        if period:
            chosen = _period(period)
        else:
            chosen = Period.year(_year(year) if year else clock.today().year)
        place = _area(area) if area else None
        if dataset == "petitions":
            rows = opendata.petitions_rows(chosen, area=place)
        else:
            level = level or "province"
            if level not in LEVELS:
                raise _error(
                    f"Cấp “{level}” không hợp lệ: chọn province, commune hoặc agency",
                    f"Invalid level “{level}”: province, commune or agency",
                )
            if place is not None and place.level != "province":
                raise _error(
                    "Với bộ chỉ số, --area là mã tỉnh, thành phố (2 chữ số)",
                    "For indicators, --area is a province code (2 digits)",
                )
            rows = opendata.indicators_rows(chosen, level=level, province=place)
        write = opendata.write_csv if fmt == "csv" else opendata.write_json
        if output == "-":
            write(rows, _Screen(self.stdout))
            return
        started = time.perf_counter()
        with _output(output, "w") as handle:
            counted = _Counted(rows)
            write(counted, handle)
        self.stdout.write(
            f"Đã ghi / written: {output} — {counted.count} dòng / rows, {chosen.label} "
            f"({time.perf_counter() - started:.1f} s)"
        )


class _Screen:
    """The command's output as a plain file: chunks written as they are."""

    def __init__(self, stdout: OutputWrapper) -> None:
        self.stdout = stdout

    def write(self, text: str) -> None:
        self.stdout.write(text, ending="")


class _Counted:
    """Rows passed through, counted."""

    def __init__(self, rows: Iterable[dict]) -> None:
        self.fields = getattr(rows, "fields", None)
        self._rows = rows
        self.count = 0

    def __iter__(self):
        for row in self._rows:
            self.count += 1
            yield row


def _card_json(card: "Scorecard", refreshed: datetime | None) -> dict:
    index = card.composite
    return {
        "unit": {
            "kind": card.unit.kind,
            "code": card.unit.code,
            "name": card.unit.name,
            "level": card.unit.level,
        },
        "period": {"code": card.period.code, "label": card.period.label},
        "refreshed_at": refreshed.isoformat() if refreshed else None,
        "indicators": [
            {
                "code": item.indicator.code,
                "label": str(item.indicator.label),
                "unit": item.indicator.unit,
                "value": figure(item.value, item.indicator.unit),
                "previous": figure(item.previous, item.indicator.unit),
                "change": figure(item.change, item.indicator.unit),
                "trials": item.trials if item.indicator.unit == "share" else None,
            }
            for item in card.values
        ],
        "index": {
            "score": round(index.score, 2),
            "low": round(index.low, 2),
            "high": round(index.high, 2),
            "previous": round(card.previous_composite.score, 2)
            if card.composite_change is not None
            else None,
            "thin": card.thin,
        },
        "rank": {
            "rank": card.rank,
            "low": card.rank_low,
            "high": card.rank_high,
            "of": card.ranked_of or None,
        },
    }


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
