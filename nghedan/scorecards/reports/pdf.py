"""The report as a PDF (fpdf2, with the DejaVu fonts shipped beside the consultation
report): a title block, six numbered sections, the charts as images, tables whose header
rows repeat on each page, a running title and page numbers."""

import io
from collections.abc import Container, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from nghedan.scorecards import selectors
from nghedan.scorecards.indicators import BY_CODE, Unit
from nghedan.scorecards.periods import Period
from nghedan.scorecards.reports import charts
from nghedan.scorecards.reports.data import (
    TOP_BOTTOM,
    ReportData,
    basis,
    best_and_worst,
    dates_line,
    fixed,
    index_lines,
    method_notes,
    observed,
    rank_range,
    report_data,
    score_text,
    shown,
    shown_change,
    summary_text,
    title_lines,
)
from nghedan.scorecards.scoring import weights

if TYPE_CHECKING:
    from fpdf import FPDF

FONTS = Path(__file__).resolve().parents[2] / "consultations" / "fonts"
NEXT_LINE: dict[str, Any] = {"new_x": "LMARGIN", "new_y": "NEXT"}
WIDTH = charts.WIDTH
GREY = (110, 110, 110)
HEADINGS_FILL = (230, 234, 240)


def _report_pdf_class():
    from fpdf import FPDF

    class ReportPDF(FPDF):
        running_title = ""

        def header(self):
            if self.page_no() > 1:
                self.set_font("DejaVu", size=7)
                self.set_text_color(*GREY)
                self.cell(0, 5, self.running_title, align="R", **NEXT_LINE)
                self.set_text_color(0, 0, 0)
                self.ln(2)

        def footer(self):
            self.set_y(-12)
            self.set_font("DejaVu", size=8)
            self.set_text_color(*GREY)
            self.cell(0, 8, _("Trang %(page)s/{nb}") % {"page": self.page_no()}, align="C")
            self.set_text_color(0, 0, 0)

    return ReportPDF


def _room(pdf: "FPDF", height: float) -> None:
    """Start a new page unless `height` millimetres fit on this one."""
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()


def _heading(pdf: "FPDF", text: str, *, keep: float = 50) -> None:
    _room(pdf, keep)
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 7, text, **NEXT_LINE)
    pdf.set_font("DejaVu", "", 9)
    pdf.ln(1)


def _subheading(pdf: "FPDF", text: str, *, keep: float = 40) -> None:
    _room(pdf, keep)
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 6, text, **NEXT_LINE)
    pdf.set_font("DejaVu", "", 9)


def _paragraph(pdf: "FPDF", text: str, *, size: float = 9, line: float = 4.8) -> None:
    pdf.set_font("DejaVu", "", size)
    pdf.multi_cell(0, line, text, **NEXT_LINE)
    pdf.ln(1)


def _picture(pdf: "FPDF", png: bytes, *, width: float = WIDTH) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        height = width * image.height / image.width
    _room(pdf, height + 2)
    pdf.image(io.BytesIO(png), x=pdf.l_margin, w=width)
    pdf.ln(2)


def _table(
    pdf: "FPDF",
    headings: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[float],
    *,
    align: Sequence[str] | None = None,
    bold_rows: Container[int] = (),
) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font("DejaVu", "", 8)
    align = align or ("LEFT",) + ("RIGHT",) * (len(widths) - 1)
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        align="LEFT",
        line_height=4.6,
        repeat_headings=1,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADINGS_FILL),
        text_align=align,
    ) as table:
        table.row(list(headings))
        for index, row in enumerate(rows):
            style = FontFace(emphasis="BOLD") if index in bold_rows else None
            table.row([str(cell) for cell in row], style=style)
    pdf.ln(2)


def _title_block(pdf: "FPDF", data: ReportData) -> None:
    _title, unit, period = title_lines(data)
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(
        0,
        4.5,
        _("NGHE DÂN — HỆ THỐNG TIẾP NHẬN, TRẢ LỜI PHẢN ÁNH, KIẾN NGHỊ CỦA NGƯỜI DÂN"),
        align="C",
        **NEXT_LINE,
    )
    pdf.set_text_color(0, 0, 0)
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 9, _("BÁO CÁO TỔNG KẾT"), align="C", **NEXT_LINE)
    pdf.ln(1)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(
        0,
        6,
        _("Công tác tiếp nhận, giải quyết phản ánh, kiến nghị của người dân"),
        align="C",
        **NEXT_LINE,
    )
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, unit, align="C", **NEXT_LINE)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, period, align="C", **NEXT_LINE)
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 4.5, dates_line(data), align="C", **NEXT_LINE)
    pdf.set_text_color(0, 0, 0)
    y = pdf.get_y() + 3
    pdf.set_draw_color(160, 160, 160)
    pdf.line(pdf.l_margin + 40, y, pdf.l_margin + WIDTH - 40, y)
    pdf.set_y(y + 3)


def _overview(pdf: "FPDF", data: ReportData) -> None:
    _heading(pdf, _("1. Tổng quan"))
    _paragraph(pdf, summary_text(data))
    rows = [
        (
            item.indicator.label,
            shown(item.value, item.indicator.unit),
            shown(item.previous, item.indicator.unit),
            shown_change(item.change, item.indicator.unit),
            basis(item),
        )
        for item in data.card.values
    ]
    _table(
        pdf,
        (_("Chỉ số"), _("Kỳ này"), _("Kỳ trước"), _("Thay đổi"), _("Cơ sở tính")),
        rows,
        (78, 26, 26, 32, 28),
    )
    _subheading(pdf, _("Chỉ số tổng hợp"), keep=60)
    for line in index_lines(data.card, data.peers_label):
        _paragraph(pdf, line)
    components = data.card.composite.components
    rows = [
        (
            BY_CODE[code].label,
            f"{fixed(100 * weight, 0)}%",
            shown(components[code].value, "share"),
            shown(components[code].shrunk, "share"),
            f"{shown(components[code].low, 'share')}–{shown(components[code].high, 'share')}",
        )
        for code, weight in weights().items()
    ]
    _table(
        pdf,
        (
            _("Thành phần"),
            _("Trọng số"),
            _("Tỷ lệ thực tế"),
            _("Sau điều chỉnh"),
            _("Khoảng 95%"),
        ),
        rows,
        (78, 22, 28, 30, 32),
    )


def _monthly(pdf: "FPDF", data: ReportData) -> None:
    _heading(pdf, _("2. Diễn biến theo tháng"), keep=80)
    _picture(pdf, charts.chart_received(data))
    _picture(pdf, charts.chart_rates(data))
    rows = [
        (
            p.month.strftime("%m/%Y"),
            shown(p.counts["received"], "count"),
            shown(p.counts["answered"], "count"),
            shown(p.value("resolved_on_time"), "share"),
            shown(p.value("satisfied"), "share"),
            shown(p.counts.overdue, "count"),
        )
        for p in data.months
    ]
    _table(
        pdf,
        (
            _("Tháng"),
            _("Tiếp nhận"),
            _("Đã trả lời"),
            _("Giải quyết đúng hạn"),
            _("Hài lòng"),
            _("Quá hạn cuối tháng"),
        ),
        rows,
        (25, 28, 28, 40, 30, 39),
    )


def _by_topic(pdf: "FPDF", data: ReportData) -> None:
    _heading(pdf, _("3. Theo lĩnh vực"))
    if not data.topics:
        _paragraph(pdf, _("Chưa có đơn nào trong kỳ."))
        return
    total = sum(r.received for r in data.topics) or 1
    rows = [
        (
            r.topic.name,
            shown(r.received, "count"),
            shown(r.received / total, "share"),
            shown(r.measured.counts["answered"], "count"),
            shown(r.value("resolved_on_time"), "share"),
            shown(r.value("satisfied"), "share"),
            shown(r.value("rating_mean"), "stars"),
        )
        for r in data.topics
    ]
    _table(
        pdf,
        (
            _("Lĩnh vực"),
            _("Số đơn"),
            _("Tỷ trọng"),
            _("Đã trả lời"),
            _("Đúng hạn"),
            _("Hài lòng"),
            _("Điểm TB"),
        ),
        rows,
        (64, 20, 20, 22, 22, 22, 20),
    )
    if any(r.received for r in data.topics):
        _picture(pdf, charts.chart_topics(data))


def _backlog(pdf: "FPDF", data: ReportData) -> None:
    _heading(pdf, _("4. Đơn quá hạn"), keep=90)
    card = data.card
    if data.counts.overdue:
        text = _(
            "Cuối kỳ còn %(count)s đơn quá hạn chưa giải quyết, bình quân quá hạn %(age)s "
            "ngày làm việc."
        ) % {
            "count": shown(card.value("overdue_backlog").value, "count"),
            "age": shown(card.value("overdue_age").value, "count"),
        }
    else:
        text = _("Cuối kỳ không có đơn quá hạn chưa giải quyết.")
    _paragraph(pdf, text)
    if any(p.counts.overdue for p in data.months):
        _picture(pdf, charts.chart_ageing(data))
    rows = [
        (_("%(days)s ngày làm việc") % {"days": name}, shown(count, "count"))
        for name, count in selectors.ageing(data.counts)
    ]
    rows.append((_("Tổng"), shown(data.counts.overdue, "count")))
    _table(
        pdf,
        (_("Số ngày quá hạn (cuối kỳ)"), _("Số đơn")),
        rows,
        (70, 30),
        bold_rows=(len(rows) - 1,),
    )


def _rankings(pdf: "FPDF", data: ReportData) -> None:
    _heading(pdf, _("5. Xếp hạng"), keep=70)
    if not data.rankings:
        _paragraph(pdf, _("Không có đơn vị nào để so sánh."))
        return
    for number, ranking in enumerate(data.rankings, start=1):
        _subheading(pdf, f"5.{number}. {ranking.title}")
        # Units with nothing observed are left out (as they are left unranked); one with
        # data but no other to be ranked with is listed without a rank.
        listed = [card for card in ranking.cards if observed(card)]
        unranked = len(ranking.cards) - len(listed)
        notes = []
        if len(listed) > 2 * TOP_BOTTOM:
            notes.append(
                _(
                    "%(count)s đơn vị có số liệu; dưới đây là %(top)s đơn vị đứng đầu và %(top)s "
                    "đứng cuối."
                )
                % {"count": len(listed), "top": TOP_BOTTOM}
            )
        if unranked:
            notes.append(
                _("%(count)s đơn vị chưa có số liệu trong kỳ nên không được xếp hạng.")
                % {"count": unranked}
            )
        if notes:
            _paragraph(pdf, " ".join(notes), size=8)
        if not listed:
            continue
        rows, bold = [], []
        for card in best_and_worst(listed, keep=ranking.highlight):
            if card is None:
                rows.append(("…", "", "…", "", "", "", "", ""))
                continue
            if card.unit.key == ranking.highlight:
                bold.append(len(rows))
            index = card.composite
            rows.append(
                (
                    card.rank or "–",
                    rank_range(card),
                    card.unit.name,
                    score_text(index.score),
                    f"{score_text(index.low)}–{score_text(index.high)}",
                    shown(card.value("received").value, "count"),
                    shown(card.value("resolved_on_time").value, "share"),
                    shown(card.value("satisfied").value, "share"),
                )
            )
        _table(
            pdf,
            (
                _("Hạng"),
                _("Khoảng hạng"),
                _("Đơn vị"),
                _("Chỉ số"),
                _("Khoảng 95%"),
                _("Số đơn"),
                _("Đúng hạn"),
                _("Hài lòng"),
            ),
            rows,
            (12, 22, 58, 16, 24, 16, 21, 21),
            align=("CENTER", "CENTER", "LEFT") + ("RIGHT",) * 5,
            bold_rows=tuple(bold),
        )


def _method(pdf: "FPDF") -> None:
    _heading(pdf, _("6. Cách tính"), keep=60)
    for note in method_notes():
        _paragraph(pdf, f"• {note}", size=8, line=4)


def report_document(unit: Unit, period: Period, *, data: ReportData | None = None) -> "FPDF":
    """The PDF, laid out but not yet written (tests read its page count)."""
    data = data or report_data(unit, period)
    pdf = _report_pdf_class()(orientation="portrait", unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    title = _("Báo cáo tổng kết — %(unit)s — %(period)s") % {
        "unit": unit.name,
        "period": period.label,
    }
    pdf.running_title = title
    pdf.set_title(title)
    pdf.set_author("Nghe Dân")
    pdf.set_creator("Nghe Dân")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(10, 12, 10)
    pdf.add_page()
    _title_block(pdf, data)
    _overview(pdf, data)
    _monthly(pdf, data)
    _by_topic(pdf, data)
    _backlog(pdf, data)
    _rankings(pdf, data)
    _method(pdf)
    return pdf


def report_pdf(unit: Unit, period: Period) -> bytes:
    return bytes(report_document(unit, period).output())


# --- Excel ----------------------------------------------------------------------------
