"""`nghedan scorecards …`: refresh, rebuild, show, report and opendata, and the errors a
mistyped option gets, in Vietnamese and English."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from nghedan.scorecards.models import MonthlyCell, RefreshState
from nghedan.scorecards.tests.test_reports import year_2025


def run(*args) -> str:
    out = io.StringIO()
    call_command("scorecards", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def year(world):
    return year_2025(world)


# --- refresh, rebuild -----------------------------------------------------------------


def test_rebuild_builds_every_province_and_says_what_it_did(world):
    year_2025(world)
    MonthlyCell.objects.all().delete()

    out = run("rebuild")

    assert out.startswith("Đã tính lại / rebuilt: 2 tỉnh / provinces, 5 đơn / petitions, ")
    assert MonthlyCell.objects.exists()


def test_refresh_rebuilds_only_what_changed_since_the_last_refresh(world):
    first = run("refresh")  # no refresh yet: everything
    assert first.startswith("Đã cập nhật / refreshed: 2 tỉnh / provinces")
    assert RefreshState.objects.count() == 1

    again = run("refresh")

    assert again.startswith("Đã cập nhật / refreshed: 0 tỉnh / provinces, 0 đơn / petitions")


# --- show -----------------------------------------------------------------------------


def test_show_prints_the_scorecard_as_a_table(year):
    out = run("show", "--area", "01", "--period", "2025")

    assert out.startswith("Thành phố Hà Nội — Năm 2025 (2025)\n")
    assert "Số liệu cập nhật / data as of: 12:00 15/01/2026" in out
    lines = {line.split("  ")[0]: line.split() for line in out.splitlines()}
    assert lines["Đơn tiếp nhận"][-3:] == ["5", "0", "+5"]
    assert lines["Giải quyết đúng hạn"][-3:] == ["50%", "–", "–"]
    assert "Chỉ số tổng hợp (0–100): " in out


def test_show_gives_the_rank_among_the_communes_with_petitions(year):
    out = run("show", "--area", "00004", "--period", "2025")

    assert "/2 xã, phường của Thành phố Hà Nội" in out


def test_show_gives_json_for_an_agency(year, world):
    data = json.loads(run("show", "--agency", "00004-ubnd-xa", "--period", "2025-Q1", "--json"))
    year = json.loads(run("show", "--agency", "00004-ubnd-xa", "--period", "2025", "--json"))

    assert data["unit"] == {
        "kind": "agency",
        "code": "00004-ubnd-xa",
        "name": "Ủy ban nhân dân Phường Ba Đình",
        "level": "commune",
    }
    assert data["period"] == {"code": "2025-Q1", "label": "Quý I/2025"}
    values = {item["code"]: item for item in data["indicators"]}
    assert values["received"]["value"] == 2
    assert values["resolved_on_time"]["value"] == 0.5
    assert values["resolved_on_time"]["trials"] == 2
    assert data["index"]["low"] <= data["index"]["score"] <= data["index"]["high"]
    # Alone with petitions in the first quarter, ranked with Hoàn Kiếm's over the year.
    assert data["rank"] == {"rank": None, "low": None, "high": None, "of": None}
    assert year["rank"]["of"] == 2


# --- report ---------------------------------------------------------------------------


def test_report_writes_the_pdf_of_a_province_year(year, tmp_path):
    target = tmp_path / "tong-ket-01-2025.pdf"

    out = run("report", "--area", "01", "--year", "2025", "--format", "pdf", "--output", target)

    assert target.read_bytes().startswith(b"%PDF-")
    assert out.startswith(f"Đã ghi / written: {target} — Thành phố Hà Nội, Năm 2025 (")


def test_report_writes_the_workbook_of_a_commune_quarter(year, tmp_path):
    target = tmp_path / "q1.xlsx"

    out = run(
        "report", "--area", "00004", "--year", "2025", "--quarter", "1", "--format", "xlsx",
        "--output", target,
    )  # fmt: skip

    assert target.read_bytes().startswith(b"PK")
    assert "Phường Ba Đình, Quý I/2025" in out


# --- opendata -------------------------------------------------------------------------


def test_opendata_writes_petitions_as_csv_with_a_byte_order_mark(year, tmp_path):
    target = tmp_path / "don.csv"

    out = run(
        "opendata", "petitions", "--format", "csv", "--output", target, "--year", "2025",
        "--area", "00004",
    )  # fmt: skip

    text = target.read_text(encoding="utf-8")
    assert text.startswith("\ufeffid,kind,")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 4  # Ba Đình's four; Hoàn Kiếm's is left out
    assert out.startswith(f"Đã ghi / written: {target} — 4 dòng / rows, Năm 2025")


def test_opendata_writes_indicators_as_json_or_to_the_screen(year, tmp_path):
    target = tmp_path / "chi-so.json"
    run(
        "opendata", "indicators", "--format", "json", "--output", target, "--period", "2025",
        "--level", "agency", "--area", "01",
    )  # fmt: skip
    screen = run("opendata", "indicators", "--format", "json", "--output", "-", "--year", "2025")

    agencies = {row["code"]: row for row in json.loads(target.read_text(encoding="utf-8"))}
    assert agencies["00004-ubnd-xa"]["received"] == 4
    assert agencies["00070-ubnd-xa"]["received"] == 1
    provinces = {row["code"]: row for row in json.loads(screen)}
    assert set(provinces) == {"01", "48"} and provinces["01"]["received"] == 5


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "vietnamese", "english"),
    [
        (["show", "--area", "99"], "Không có địa bàn mã “99”", "No area with the code “99”"),
        (["show", "--area", "1"], "Mã địa bàn “1” không hợp lệ", "Invalid area code “1”"),
        (["show", "--agency", "khong-co"], "Không có cơ quan mã", "No agency with the code"),
        (["show"], "Hãy chọn một địa bàn (--area)", "Give either an area"),
        (["show", "--area", "01", "--agency", "00004-ubnd-xa"], "Hãy chọn", "Give either"),
        (["show", "--area", "01", "--period", "2025-Q5"], "Kỳ không hợp lệ", "Invalid period"),
        (
            ["report", "--area", "01", "--year", "20x5", "--format", "pdf", "--output", "r.pdf"],
            "Năm “20x5” không hợp lệ",
            "Invalid year “20x5”",
        ),
        (
            ["report", "--area", "01", "--year", "2025", "--quarter", "5", "--format", "pdf"],
            "Quý “5” không hợp lệ",
            "Invalid quarter “5”",
        ),
        (
            ["report", "--area", "01", "--year", "2025", "--format", "doc", "--output", "r.doc"],
            "Định dạng “doc” không hợp lệ: chọn pdf, xlsx",
            "Invalid format “doc”: choose pdf, xlsx",
        ),
        (["report", "--area", "01", "--format", "pdf"], "Thiếu --year", "--year is required"),
        (
            ["report", "--area", "01", "--year", "2025", "--format", "pdf"],
            "Thiếu --output",
            "--output is required",
        ),
        (
            ["opendata", "complaints", "--format", "csv", "--output", "x.csv"],
            "Bộ dữ liệu “complaints” không có",
            "Unknown dataset “complaints”",
        ),
        (
            ["opendata", "petitions", "--format", "xml", "--output", "x.xml"],
            "Định dạng “xml” không hợp lệ: chọn csv, json",
            "Invalid format “xml”",
        ),
        (
            [
                "opendata",
                "petitions",
                "--format",
                "csv",
                "--output",
                "x",
                "--year",
                "2025",
                "--period",
                "2025",
            ],
            "Chọn --year hoặc --period",
            "Give --year or --period, not both",
        ),  # fmt: skip
        (
            ["opendata", "indicators", "--format", "csv", "--output", "x", "--level", "ward"],
            "Cấp “ward” không hợp lệ",
            "Invalid level “ward”",
        ),
        (
            ["opendata", "indicators", "--format", "csv", "--output", "x", "--area", "00004"],
            "Với bộ chỉ số, --area là mã tỉnh",
            "For indicators, --area is a province code",
        ),
    ],
)
def test_bad_input_is_refused_in_both_languages(
    world, args, vietnamese, english, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # where the relative outputs would go

    with pytest.raises(CommandError) as refused:
        run(*args)

    message = str(refused.value)
    assert vietnamese in message and english in message
    assert " / " in message
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_output_is_refused_and_nothing_is_left_behind(world, tmp_path):
    target = tmp_path / "missing-folder" / "r.pdf"

    with pytest.raises(CommandError) as refused:
        run("report", "--area", "01", "--year", "2025", "--format", "pdf", "--output", target)

    assert f"Không ghi được tệp “{target}”" in str(refused.value)
    assert f"Cannot write “{target}”" in str(refused.value)
    assert not target.exists()
