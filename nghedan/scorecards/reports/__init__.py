"""The "báo cáo tổng kết" of an area (province or commune) or an agency for a period, as a
PDF with charts and as an Excel workbook, from the same scorecards as the pages.

1. Tổng quan: the indicators against the previous period, the composite index with its
   95% interval and the rank among peers; 2. Diễn biến theo tháng; 3. Theo lĩnh vực;
4. Đơn quá hạn (ageing of the backlog); 5. Xếp hạng: a province's communes and an area's
   agencies (an agency: the agencies it is ranked with); 6. Cách tính.

`data` reads everything once; `pdf`, `xlsx` and `charts` lay it out. fpdf2, openpyxl and
matplotlib are imported when a file is made, not when the site starts.
"""

from nghedan.scorecards.reports.data import (
    ReportData,
    index_lines,
    peers_of,
    report_data,
    shown,
    shown_change,
)
from nghedan.scorecards.reports.pdf import report_document, report_pdf
from nghedan.scorecards.reports.xlsx import report_xlsx

__all__ = [
    "ReportData",
    "index_lines",
    "peers_of",
    "report_data",
    "report_document",
    "report_pdf",
    "report_xlsx",
    "shown",
    "shown_change",
]
