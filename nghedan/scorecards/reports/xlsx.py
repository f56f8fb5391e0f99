"""The report as an Excel workbook (openpyxl): "Tổng quan", "Theo tháng" with native bar
and line charts, "Lĩnh vực" and "Xếp hạng"; numbers stay numbers, shares carry % formats."""

import io
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from nghedan.lib.spreadsheet import safe_row
from nghedan.scorecards import selectors
from nghedan.scorecards.indicators import BY_CODE, Unit
from nghedan.scorecards.periods import Period
from nghedan.scorecards.reports.charts import TOPICS_CHARTED
from nghedan.scorecards.reports.data import (
    ReportData,
    dates_line,
    method_notes,
    report_data,
    summary_text,
    title_lines,
)
from nghedan.scorecards.scoring import weights

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

XLSX_FORMATS = {"share": "0.0%", "count": "#,##0", "days": "0.0", "stars": "0.00"}
CHANGE_FORMATS = {"share": "+0.0%;-0.0%;0.0%", "count": "+#,##0;-#,##0;0"}
SCORE_FORMAT = "0.0"


def _append(sheet: "Worksheet", values: list) -> None:
    """A row whose text is never read as a formula (names and labels are data)."""
    sheet.append(safe_row(values))


def _sheet_title(sheet: "Worksheet", data: ReportData, bold: "Font", big: "Font") -> None:
    title, unit, period = title_lines(data)
    _append(sheet, [title])
    sheet["A1"].font = big
    _append(sheet, [unit])
    sheet["A2"].font = bold
    _append(sheet, [period])
    _append(sheet, [dates_line(data)])
    _append(sheet, [])


def _header(sheet: "Worksheet", values: list, bold: "Font", fill: "PatternFill") -> None:
    _append(sheet, values)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
        cell.fill = fill


def _xlsx_overview(
    book: "Workbook", data: ReportData, styles: "tuple[Font, Font, PatternFill]"
) -> None:
    bold, big, fill = styles
    sheet = book.active
    sheet.title = _("Tổng quan")
    _sheet_title(sheet, data, bold, big)
    _append(sheet, [summary_text(data)])
    _append(sheet, [])
    _header(
        sheet,
        [_("Chỉ số"), _("Mã"), _("Kỳ này"), _("Kỳ trước"), _("Thay đổi"), _("Số trường hợp")],
        bold,
        fill,
    )
    for item in data.card.values:
        unit = item.indicator.unit
        _append(
            sheet,
            [
                str(item.indicator.label),
                item.indicator.code,
                item.value,
                item.previous,
                item.change,
                item.trials if unit == "share" and item.value is not None else None,
            ],
        )
        row = sheet[sheet.max_row]
        row[2].number_format = row[3].number_format = XLSX_FORMATS[unit]
        row[4].number_format = CHANGE_FORMATS.get(unit, "+0.0;-0.0;0.0")
        row[5].number_format = XLSX_FORMATS["count"]
    _append(sheet, [])
    card, index = data.card, data.card.composite
    _header(
        sheet,
        [
            _("Chỉ số tổng hợp"),
            _("Điểm (0–100)"),
            _("Cận dưới 95%"),
            _("Cận trên 95%"),
            _("Kỳ trước"),
            _("Hạng"),
            _("Hạng tốt nhất có thể"),
            _("Hạng kém nhất có thể"),
            _("Số đơn vị so sánh"),
        ],
        bold,
        fill,
    )
    previous = card.previous_composite.score if card.composite_change is not None else None
    _append(
        sheet,
        [
            _("So với các %(peers)s") % {"peers": data.peers_label},
            index.score,
            index.low,
            index.high,
            previous,
            card.rank,
            card.rank_low,
            card.rank_high,
            card.ranked_of or None,
        ],
    )
    for cell in sheet[sheet.max_row][1:5]:
        cell.number_format = SCORE_FORMAT
    _append(sheet, [])
    _header(
        sheet,
        [_("Thành phần"), _("Mã"), _("Trọng số"), _("Tỷ lệ thực tế"), _("Sau điều chỉnh")]
        + [_("Cận dưới 95%"), _("Cận trên 95%"), _("Số trường hợp")],
        bold,
        fill,
    )
    for code, weight in weights().items():
        estimate = index.components[code]
        _append(
            sheet,
            [
                str(BY_CODE[code].label),
                code,
                weight,
                estimate.value,
                estimate.shrunk,
                estimate.low,
                estimate.high,
                estimate.trials,
            ],
        )
        row = sheet[sheet.max_row]
        for cell in row[2:7]:
            cell.number_format = "0.0%"
        row[7].number_format = XLSX_FORMATS["count"]
    _append(sheet, [])
    _append(sheet, [_("Cách tính")])
    sheet[sheet.max_row][0].font = bold
    for note in method_notes():
        _append(sheet, [note])
    sheet.column_dimensions["A"].width = 48
    for column in "BCDEFGHI":
        sheet.column_dimensions[column].width = 15


def _xlsx_months(
    book: "Workbook", data: ReportData, styles: "tuple[Font, Font, PatternFill]"
) -> None:
    from openpyxl.chart import BarChart, LineChart, Reference

    bold, _big, fill = styles
    sheet = book.create_sheet(_("Theo tháng"))
    names = [name for name, _count in selectors.ageing(data.counts)]
    _header(
        sheet,
        [
            _("Tháng"),
            _("Tiếp nhận"),
            _("Đã trả lời"),
            str(BY_CODE["resolved_on_time"].label),
            str(BY_CODE["satisfied"].label),
            _("Quá hạn cuối tháng"),
            *(_("Quá hạn %(days)s ngày") % {"days": name} for name in names),
        ],
        bold,
        fill,
    )
    for point in data.months:
        _append(
            sheet,
            [
                point.month,
                point.counts["received"],
                point.counts["answered"],
                point.value("resolved_on_time"),
                point.value("satisfied"),
                point.counts.overdue,
                *(count for _name, count in selectors.ageing(point.counts)),
            ],
        )
        row = sheet[sheet.max_row]
        row[0].number_format = "mm/yyyy"
        row[3].number_format = row[4].number_format = "0.0%"
    last = sheet.max_row
    months = Reference(sheet, min_col=1, min_row=2, max_row=last)

    bars = BarChart()
    bars.title = _("Số đơn tiếp nhận theo tháng")
    bars.add_data(Reference(sheet, min_col=2, min_row=1, max_row=last), titles_from_data=True)
    bars.set_categories(months)
    bars.x_axis.number_format = "mm/yyyy"
    bars.legend = None
    lines = LineChart()
    lines.title = _("Tỷ lệ giải quyết đúng hạn và tỷ lệ hài lòng")
    lines.add_data(
        Reference(sheet, min_col=4, max_col=5, min_row=1, max_row=last), titles_from_data=True
    )
    lines.set_categories(months)
    lines.y_axis.number_format = "0%"
    lines.y_axis.scaling.min = 0
    lines.y_axis.scaling.max = 1
    lines.x_axis.number_format = "mm/yyyy"
    for chart in (bars, lines):
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.width, chart.height = 18, 7.5
    sheet.add_chart(bars, "L2")
    sheet.add_chart(lines, "L18")
    sheet.column_dimensions["A"].width = 10
    for column in "BCDEFGHIJ":
        sheet.column_dimensions[column].width = 14
    sheet.freeze_panes = "A2"


def _xlsx_topics(
    book: "Workbook", data: ReportData, styles: "tuple[Font, Font, PatternFill]"
) -> None:
    from openpyxl.chart import BarChart, Reference

    bold, _big, fill = styles
    sheet = book.create_sheet(_("Lĩnh vực"))
    _header(
        sheet,
        [
            _("Lĩnh vực"),
            _("Mã"),
            _("Số đơn"),
            _("Tỷ trọng"),
            _("Đã trả lời"),
            str(BY_CODE["resolved_on_time"].label),
            str(BY_CODE["satisfied"].label),
            str(BY_CODE["rating_mean"].label),
            str(BY_CODE["answer_days_median"].label),
        ],
        bold,
        fill,
    )
    total = sum(r.received for r in data.topics) or 1
    for topic in data.topics:
        _append(
            sheet,
            [
                topic.topic.name,
                topic.topic.code,
                topic.received,
                topic.received / total,
                topic.measured.counts["answered"],
                topic.value("resolved_on_time"),
                topic.value("satisfied"),
                topic.value("rating_mean"),
                topic.value("answer_days_median"),
            ],
        )
        row = sheet[sheet.max_row]
        for cell in (row[3], row[5], row[6]):
            cell.number_format = "0.0%"
        row[7].number_format = XLSX_FORMATS["stars"]
    if data.topics:
        last = min(sheet.max_row, TOPICS_CHARTED + 1)
        chart = BarChart()
        chart.type = "bar"
        chart.title = _("Số đơn tiếp nhận theo lĩnh vực")
        chart.add_data(Reference(sheet, min_col=3, min_row=1, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
        chart.x_axis.scaling.orientation = "maxMin"
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.legend = None
        chart.width, chart.height = 18, 9
        sheet.add_chart(chart, "K2")
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 20
    for column in "CDEFGHI":
        sheet.column_dimensions[column].width = 14
    sheet.freeze_panes = "A2"


def _xlsx_rankings(
    book: "Workbook", data: ReportData, styles: "tuple[Font, Font, PatternFill]"
) -> None:
    bold, _big, fill = styles
    sheet = book.create_sheet(_("Xếp hạng"))
    if not data.rankings:
        _append(sheet, [_("Không có đơn vị nào để so sánh.")])
    for ranking in data.rankings:
        _append(sheet, [ranking.title])
        sheet[sheet.max_row][0].font = bold
        _header(
            sheet,
            [
                _("Hạng"),
                _("Hạng tốt nhất có thể"),
                _("Hạng kém nhất có thể"),
                _("Mã"),
                _("Đơn vị"),
                _("Chỉ số tổng hợp"),
                _("Cận dưới 95%"),
                _("Cận trên 95%"),
                _("Số đơn tiếp nhận"),
                str(BY_CODE["resolved_on_time"].label),
                str(BY_CODE["satisfied"].label),
            ],
            bold,
            fill,
        )
        for card in ranking.cards:
            index = card.composite
            _append(
                sheet,
                [
                    card.rank,
                    card.rank_low,
                    card.rank_high,
                    card.unit.code,
                    card.unit.name,
                    index.score,
                    index.low,
                    index.high,
                    card.value("received").value,
                    card.value("resolved_on_time").value,
                    card.value("satisfied").value,
                ],
            )
            row = sheet[sheet.max_row]
            for cell in row[5:8]:
                cell.number_format = SCORE_FORMAT
            row[8].number_format = XLSX_FORMATS["count"]
            row[9].number_format = row[10].number_format = "0.0%"
            if card.unit.key == ranking.highlight:
                for cell in row:
                    cell.font = bold
        _append(sheet, [])
    widths = (8, 12, 12, 22, 44, 14, 12, 12, 14, 16, 16)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def report_xlsx(unit: Unit, period: Period, *, data: ReportData | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    data = data or report_data(unit, period)
    book = Workbook()
    styles = (
        Font(bold=True),
        Font(bold=True, size=13),
        PatternFill("solid", fgColor="E6EAF0"),
    )
    _xlsx_overview(book, data, styles)
    _xlsx_months(book, data, styles)
    _xlsx_topics(book, data, styles)
    _xlsx_rankings(book, data, styles)
    book.properties.title = title_lines(data)[0]
    book.properties.creator = "Nghe Dân"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
