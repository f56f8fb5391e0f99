"""The "báo cáo tổng kết" as PDF and Excel, on a hand-built year whose figures are worked
out by hand (`year_2025`)."""

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from nghedan.areas.models import Area
from nghedan.petitions.models import Petition
from nghedan.scorecards import selectors
from nghedan.scorecards.cells import cells_rebuild
from nghedan.scorecards.periods import Period
from nghedan.scorecards.reports import report_document, report_pdf, report_xlsx
from nghedan.scorecards.tests.cases import at, petition

YEAR = Period.year(2025)
# The cells are read on 15 January 2026, after the year is over.
READ_ON = at(date(2026, 1, 15), 12)


def year_2025(world) -> dict[str, Petition]:
    """Five petitions received in 2025 in Hà Nội:

    a1 Ba Đình, answered on time, rated 5      a2 Ba Đình, answered late, rated 2
    a3 Ba Đình, never answered: overdue         b1 Hoàn Kiếm, answered on time, rated 4
    d1 a denunciation at Ba Đình, just received

    Received 5, answered 3; resolved on time 2 of 4 (50%); satisfied 2 of 3 (67%); one
    petition overdue at the end of the year.
    """
    cases = {
        "a1": petition(
            world,
            received=date(2025, 3, 3),
            acceptance_due=date(2025, 3, 6),
            accepted=date(2025, 3, 4),
            resolution_due=date(2025, 3, 17),
            answered=date(2025, 3, 10),
            stars=5,
            rated=date(2025, 3, 11),
        ),
        "a2": petition(
            world,
            topic="giao-thong-ha-tang",
            received=date(2025, 3, 10),
            acceptance_due=date(2025, 3, 13),
            accepted=date(2025, 3, 11),
            resolution_due=date(2025, 3, 24),
            answered=date(2025, 4, 2),
            stars=2,
            rated=date(2025, 4, 3),
        ),
        "a3": petition(
            world,
            received=date(2025, 6, 2),
            acceptance_due=date(2025, 6, 5),
            accepted=date(2025, 6, 3),
            resolution_due=date(2025, 6, 16),
            status="in_progress",
        ),
        "b1": petition(
            world,
            agency=world.agency_b,
            received=date(2025, 9, 1),
            acceptance_due=date(2025, 9, 4),
            accepted=date(2025, 9, 2),
            resolution_due=date(2025, 9, 15),
            answered=date(2025, 9, 12),
            answered_by=world.officer_b,
            stars=4,
            rated=date(2025, 9, 13),
        ),
        "d1": petition(world, kind="denunciation", received=date(2025, 11, 3)),
    }
    cells_rebuild(now=READ_ON)
    return cases


@pytest.fixture
def year(world):
    return year_2025(world)


def pdf_text(content: bytes) -> str:
    """The PDF's text on one line, read by poppler's pdftotext keeping table rows whole."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return " ".join(done.stdout.decode().split())


def hanoi(world):
    return selectors.area_unit(world.hanoi)


def test_a_province_report_is_a_pdf_with_every_section_and_its_charts(year, world):
    # Given a year of petitions in Hà Nội, when its yearly report is made
    document = report_document(hanoi(world), YEAR)
    content = bytes(document.output())

    # Then it is a PDF of a few pages with the four charts drawn as images
    assert content.startswith(b"%PDF-")
    assert 3 <= document.pages_count <= 6
    assert len(re.findall(rb"/Subtype\s*/Image", content)) == 4
    text = pdf_text(content)
    for heading in (
        "BÁO CÁO TỔNG KẾT",
        "Công tác tiếp nhận, giải quyết phản ánh, kiến nghị của người dân",
        "1. Tổng quan",
        "2. Diễn biến theo tháng",
        "3. Theo lĩnh vực",
        "4. Đơn quá hạn",
        "5. Xếp hạng",
        "6. Cách tính",
    ):
        assert heading in text
    assert f"Trang 1/{document.pages_count}" in text


def test_the_pdf_names_the_unit_and_period_with_their_diacritics_and_gives_the_figures(year, world):
    text = pdf_text(report_pdf(hanoi(world), YEAR))

    assert "Thành phố Hà Nội" in text
    assert "Năm 2025 (từ 01/01/2025 đến 31/12/2025)" in text
    assert "Số liệu tính đến lần cập nhật lúc 12:00 15/01/2026" in text
    assert (
        "tiếp nhận 5 đơn phản ánh, kiến nghị, khiếu nại, tố cáo và trả lời 3 đơn. "
        "Tỷ lệ giải quyết đúng hạn: 50%; tỷ lệ người dân hài lòng: 67%. "
        "Cuối kỳ còn 1 đơn quá hạn chưa giải quyết."
    ) in text
    # The indicator table: received this year and last, and the change.
    assert "Đơn tiếp nhận 5 0 +5" in text
    assert "Giải quyết đúng hạn 50% – – trên 4" in text
    assert "Hài lòng (4–5 sao) 67% – – trên 3" in text
    assert "Chỉ số tổng hợp (0–100):" in text
    # Đà Nẵng has no petitions: a province with no other to be ranked with has no rank.
    assert "Chưa xếp hạng: cần ít nhất hai tỉnh, thành phố có số liệu trong kỳ." in text
    # Topics, the backlog and the communes ranked, Ba Đình and Hoàn Kiếm among them.
    assert "Môi trường 4 80%" in text
    assert "> 20 ngày làm việc 1" in text
    assert "Xếp hạng các xã, phường của Thành phố Hà Nội" in text
    assert "Phường Ba Đình" in text and "Phường Hoàn Kiếm" in text
    unranked = Area.objects.filter(parent=world.hanoi).count() - 2
    assert f"{unranked} đơn vị chưa có số liệu trong kỳ nên không được xếp hạng." in text
    assert "Các cơ quan trên địa bàn Thành phố Hà Nội" in text


def test_an_agency_report_for_a_quarter_ranks_it_among_its_peers(year, world):
    unit = selectors.agency_unit(world.agency_a)

    text = pdf_text(report_pdf(unit, Period.quarter(2025, 1)))

    assert "Ủy ban nhân dân Phường Ba Đình" in text
    assert "Quý I/2025 (từ 01/01/2025 đến 31/03/2025)" in text
    assert "Đơn tiếp nhận 2 0 +2" in text
    assert "Xếp hạng các cơ quan cùng loại trong tỉnh" in text


def test_a_commune_report_lists_the_agencies_of_the_commune(year, world):
    text = pdf_text(report_pdf(selectors.area_unit(world.ba_dinh), YEAR))

    assert "Phường Ba Đình" in text
    # Ranked with Hoàn Kiếm, the other commune of Hà Nội with petitions.
    assert re.search(
        r"Xếp hạng: [12]/2 xã, phường của Thành phố Hà Nội; .* hạng thực có thể từ", text
    )
    assert "Các cơ quan trên địa bàn Phường Ba Đình" in text
    # Its People's Committee is listed; its police, with no petitions, is not.
    assert "– – Ủy ban nhân dân Phường Ba Đình" in text
    assert "1 đơn vị chưa có số liệu trong kỳ nên không được xếp hạng." in text
    assert "Công an Phường Ba Đình" not in text


def test_a_report_with_no_petitions_still_has_its_sections(world):
    cells_rebuild(now=READ_ON)

    document = report_document(selectors.area_unit(world.danang), YEAR)
    text = pdf_text(bytes(document.output()))

    assert "Thành phố Đà Nẵng" in text
    assert "Chưa có đơn nào trong kỳ." in text
    assert "Cuối kỳ không có đơn quá hạn chưa giải quyết." in text
    assert "tỷ lệ người dân hài lòng: chưa có số liệu" in text


def _rows(sheet) -> dict[str, list]:
    """The sheet's rows keyed by the value of their second cell (the code), first wins."""
    rows: dict[str, list] = {}
    for row in sheet.iter_rows():
        if len(row) > 1 and row[1].value:
            rows.setdefault(row[1].value, row)
    return rows


def test_the_workbook_has_its_sheets_with_numbers_as_numbers(year, world):
    content = report_xlsx(hanoi(world), YEAR)

    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Tổng quan", "Theo tháng", "Lĩnh vực", "Xếp hạng"]
    overview = book["Tổng quan"]
    assert overview["A2"].value == "Thành phố Hà Nội"
    rows = _rows(overview)
    assert rows["received"][2].value == 5
    assert rows["resolved_on_time"][2].value == pytest.approx(0.5)
    assert rows["resolved_on_time"][2].number_format == "0.0%"
    assert rows["satisfied"][2].value == pytest.approx(2 / 3)
    assert rows["satisfied"][5].value == 3  # ratings behind the share
    assert rows["overdue_backlog"][2].value == 1

    months = book["Theo tháng"]
    march = next(r for r in months.iter_rows(min_row=2) if r[0].value.month == 3)
    assert march[0].number_format == "mm/yyyy"
    assert [c.value for c in march[1:3]] == [2, 1]  # received, answered in March
    assert march[3].value == pytest.approx(0.5)  # a1 on time, a2 late
    assert months.max_row == 13

    topics = _rows(book["Lĩnh vực"])
    assert topics["moi-truong"][2].value == 4
    assert topics["moi-truong"][3].value == pytest.approx(0.8)

    ranking = book["Xếp hạng"]
    names = [row[4].value for row in ranking.iter_rows()]
    assert "Phường Ba Đình" in names and "Ủy ban nhân dân Thành phố Hà Nội" in names
    ba_dinh = next(r for r in ranking.iter_rows() if r[3].value == "00004")
    assert ba_dinh[0].value in (1, 2) and isinstance(ba_dinh[5].value, float)
    assert 1 <= ba_dinh[1].value <= ba_dinh[0].value <= ba_dinh[2].value <= 2
    unranked = next(r for r in ranking.iter_rows() if r[3].value == "00008")
    assert unranked[0].value is None and unranked[8].value == 0


def test_the_workbook_draws_native_charts(year, world):
    content = report_xlsx(hanoi(world), YEAR)

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        xml = " ".join(archive.read(n).decode() for n in charts)
    assert len(charts) == 3  # received and rates by month, received by topic
    assert "<barChart>" in xml and "<lineChart>" in xml
