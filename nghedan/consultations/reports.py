"""The public summary report (bảng tổng hợp, tiếp thu, giải trình) as PDF and Excel files,
from the same rows and counts as the web page (`actions.replies.report_rows`,
`report_summary`)."""

import io
from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils import timezone
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from nghedan.consultations.actions.replies import report_rows, report_summary
from nghedan.consultations.models import Consultation
from nghedan.lib.spreadsheet import safe_row

FONTS = Path(__file__).parent / "fonts"
TABLE_TITLE = "Bảng tổng hợp, tiếp thu, giải trình ý kiến"
HEADINGS = (
    "STT",
    "Phần dự thảo",
    "Nội dung ý kiến",
    "Ủng hộ / Phản đối",
    "Tiếp thu",
    "Lý do, giải trình",
)
# Millimetres on A4 portrait (190 mm between the margins), and characters in Excel.
NEXT_LINE: dict[str, Any] = {"new_x": "LMARGIN", "new_y": "NEXT"}
PDF_WIDTHS = (10, 30, 60, 20, 22, 48)
XLSX_WIDTHS = (6, 28, 60, 16, 20, 60)


def _date(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def _cells(row: dict) -> list[str]:
    return [
        str(row["number"]),
        row["section"],
        row["text"],
        f"{row['support']} / {row['oppose']}",
        row["disposition_label"],
        row["reason"],
    ]


def _count_lines(consultation: Consultation) -> list[tuple[str, int]]:
    summary = report_summary(consultation)
    return [
        ("Số ý kiến", summary["comments"]),
        ("Số phản hồi", summary["replies"]),
        ("Số người tham gia", summary["participants"]),
        ("Số nhận định", summary["statements"]),
        ("Số lượt biểu quyết nhận định", summary["votes"]),
        *((item["label"], item["count"]) for item in summary["disposition_rows"]),
    ]


class _ReportPDF(FPDF):
    def footer(self):
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 8, f"Trang {self.page_no()}/{{nb}}", align="C")


def report_document(consultation: Consultation) -> FPDF:
    """The PDF, laid out but not yet written (tests read its page count)."""
    pdf = _ReportPDF(orientation="portrait", unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"{TABLE_TITLE}: {consultation.title}")
    pdf.set_author(consultation.agency.name)
    pdf.set_creator("Nghe Dân")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(10, 12, 10)
    pdf.add_page()

    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 6, consultation.agency.name.upper(), align="C", **NEXT_LINE)
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 7, TABLE_TITLE.upper(), align="C", **NEXT_LINE)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, f"Dự thảo: {consultation.title}", align="C", **NEXT_LINE)
    period = (
        f"Thời gian lấy ý kiến: {_date(consultation.opens_at)} – {_date(consultation.closes_at)}"
    )
    pdf.multi_cell(0, 6, period, align="C", **NEXT_LINE)
    if consultation.report_published_at:
        pdf.multi_cell(
            0, 6, f"Ngày công bố: {_date(consultation.report_published_at)}", align="C", **NEXT_LINE
        )
    pdf.ln(3)

    pdf.set_font("DejaVu", "", 10)
    with pdf.table(
        col_widths=(60, 20),
        width=80,
        align="LEFT",
        first_row_as_headings=False,
        line_height=5,
    ) as table:
        for label, count in _count_lines(consultation):
            table.row([label, str(count)])
    pdf.ln(4)

    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, TABLE_TITLE, **NEXT_LINE)
    pdf.ln(1)
    pdf.set_font("DejaVu", "", 8)
    rows = report_rows(consultation)
    with pdf.table(
        col_widths=PDF_WIDTHS,
        width=sum(PDF_WIDTHS),
        line_height=4,
        repeat_headings=1,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
        text_align="LEFT",
    ) as table:
        table.row(list(HEADINGS))
        for row in rows:
            table.row(_cells(row))
    if not rows:
        pdf.multi_cell(0, 6, "Chưa có ý kiến.", **NEXT_LINE)
    return pdf


def report_pdf(consultation: Consultation) -> bytes:
    return bytes(report_document(consultation).output())


def report_xlsx(consultation: Consultation) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.append(safe_row(HEADINGS))
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = wrap
    for row in report_rows(consultation):
        # Comments and reasons are typed by people: never read as formulas.
        sheet.append(
            safe_row(
                [
                    row["number"],
                    row["section"],
                    row["text"],
                    f"{row['support']} / {row['oppose']}",
                    row["disposition_label"],
                    row["reason"],
                ]
            )
        )
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = wrap
    for index, width in enumerate(XLSX_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"

    counts = book.create_sheet("Số liệu")
    counts.append(safe_row(["Cơ quan", consultation.agency.name]))
    counts.append(safe_row(["Dự thảo", consultation.title]))
    counts.append(safe_row(["Bắt đầu", _date(consultation.opens_at)]))
    counts.append(safe_row(["Kết thúc", _date(consultation.closes_at)]))
    counts.append([])
    for label, count in _count_lines(consultation):
        counts.append(safe_row([label, count]))
    for cell in counts["A"]:
        cell.font = bold
    counts.column_dimensions["A"].width = 34
    counts.column_dimensions["B"].width = 60

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
