"""Public downloads over HTTP: the "tổng kết" report of an area or agency (PDF, Excel), the
open-data page and its CSV/JSON files. Anyone may download them, signed in or not: they
hold aggregates and anonymised records only."""

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from nghedan.lib import clock
from nghedan.scorecards.tests.test_reports import year_2025

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def year(world):
    return year_2025(world)


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# --- reports --------------------------------------------------------------------------


def test_anyone_downloads_the_yearly_pdf_of_a_province(year):
    response = Client().get(
        reverse("transparency_area_report", args=["01", "pdf"]), {"period": "2025"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="tong-ket-01-2025.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_a_signed_in_officer_of_another_agency_downloads_an_agency_workbook(year, world):
    client = Client()
    client.force_login(world.officer_b)

    response = client.get(
        reverse("transparency_agency_report", args=[world.agency_a.code, "xlsx"]),
        {"period": "2025-q1"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="tong-ket-00004-ubnd-xa-2025-Q1.xlsx"'
    )
    assert response.content.startswith(b"PK")


def test_without_a_period_the_report_is_of_this_year(year):
    response = Client().get(reverse("transparency_area_report", args=["00004", "xlsx"]))

    this_year = clock.today().year
    assert response.status_code == 200
    assert f'filename="tong-ket-00004-{this_year}.xlsx"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("transparency_area_report", ["99", "pdf"]),
        ("transparency_area_report", ["01", "docx"]),
        ("transparency_agency_report", ["khong-co-co-quan", "xlsx"]),
        ("transparency_agency_report", ["00004-ubnd-xa", "csv"]),
    ],
)
def test_an_unknown_unit_or_format_is_not_found(world, name, args):
    assert Client().get(reverse(name, args=args)).status_code == 404


def test_a_bad_period_is_a_bad_request_that_says_why_in_vietnamese(world):
    response = Client().get(
        reverse("transparency_area_report", args=["01", "pdf"]), {"period": "2025-Q7"}
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Kỳ không hợp lệ: “2025-Q7”" in response.content.decode()


def test_downloads_are_read_only(world):
    response = Client().post(reverse("transparency_area_report", args=["01", "pdf"]))

    assert response.status_code == 405


# --- open data ------------------------------------------------------------------------


def test_the_open_data_page_explains_the_datasets_and_the_licence(world):
    response = Client().get(reverse("open_data"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Giấy phép dữ liệu mở — Creative Commons Attribution 4.0" in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page
    assert "Đơn tố cáo chỉ có loại đơn, lĩnh vực, các mốc ngày và địa bàn" in page
    for field in ("public_title", "working_days", "on_time", "resolved_on_time", "rank_low"):
        assert f"<code>{field}</code>" in page
    for name, fmt in [("open_data_petitions", "csv"), ("open_data_indicators", "json")]:
        assert reverse(name, args=[fmt]) in page
    assert 'name="period"' in page and 'name="area"' in page and 'name="level"' in page


def test_petitions_stream_as_csv_for_excel(year):
    response = Client().get(
        reverse("open_data_petitions", args=["csv"]), {"period": "2025", "area": "01"}
    )

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="don-an-danh-01-2025.csv"'
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeffid,kind,topic,")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 5
    assert {row["kind"] for row in rows} == {"feedback", "denunciation"}


def test_indicators_stream_as_json_for_the_communes_of_a_province(year):
    response = Client().get(
        reverse("open_data_indicators", args=["json"]),
        {"period": "2025", "area": "01", "level": "commune"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert 'filename="chi-so-commune-01-2025.json"' in response["Content-Disposition"]
    rows = {row["code"]: row for row in json.loads(body(response))}
    assert rows["00004"]["received"] == 4
    assert rows["00070"]["received"] == 1
    assert rows["00004"]["name"] == "Phường Ba Đình"


@pytest.mark.parametrize(
    ("name", "fmt", "query", "status"),
    [
        ("open_data_petitions", "xml", {}, 404),
        ("open_data_indicators", "xlsx", {}, 404),
        ("open_data_petitions", "csv", {"area": "99"}, 404),
        ("open_data_petitions", "csv", {"period": "năm ngoái"}, 400),
        ("open_data_indicators", "csv", {"level": "officer"}, 400),
        ("open_data_indicators", "csv", {"area": "00004"}, 400),
    ],
)
def test_open_data_refuses_what_it_cannot_give(world, name, fmt, query, status):
    response = Client().get(reverse(name, args=[fmt]), query)

    assert response.status_code == status


def test_a_bad_level_says_why(world):
    response = Client().get(reverse("open_data_indicators", args=["csv"]), {"level": "officer"})

    assert "Cấp không hợp lệ" in response.content.decode()
