"""Open data: anonymised petition records (nothing personal, public text only where the
site shows it, denunciations reduced to kind, topic, dates and area), indicators per unit,
and the CSV and JSON writers."""

import csv
import io
import json
from datetime import date

import pytest

from nghedan.areas.models import Area
from nghedan.lib import clock
from nghedan.petitions.actions import PetitionerInfo, answer_submit, petition_accept
from nghedan.petitions.models import Kind
from nghedan.scorecards import opendata
from nghedan.scorecards.cells import cells_rebuild
from nghedan.scorecards.opendata import (
    PETITION_FIELDS,
    indicators_rows,
    petitions_rows,
    pseudonym,
    write_csv,
    write_json,
)
from nghedan.scorecards.periods import Period
from nghedan.scorecards.tests.cases import NOW, march_2026
from nghedan.test import submit

MARCH = Period.month(2026, 3)
TODAY = date(2026, 4, 15)  # the day the hand-built case is read
PERSON = PetitionerInfo(
    name="Trần Thị Bình",
    phone="0912345678",
    email="binh.tran@example.vn",
    address="Số 7 ngõ Núi Trúc",
)
OTHER_PHONE = "0987654321"
PUBLIC_BODY = (
    f"Cống thoát nước ở ngõ Núi Trúc bị tắc nhiều ngày, gọi chị Bình số {OTHER_PHONE} "
    "để được chỉ chỗ."
)


def _as_csv(rows) -> str:
    out = io.StringIO()
    write_csv(rows, out)
    return out.getvalue()


def _as_json(rows) -> list[dict]:
    out = io.StringIO()
    write_json(rows, out)
    return json.loads(out.getvalue())


def _by_id(records) -> dict[str, dict]:
    return {record["id"]: record for record in records}


def _answered(world, **fields):
    result = submit(world, petitioner=PERSON, **fields)
    petition_accept(acting_user=world.officer_a, petition=result.petition)
    answer_submit(acting_user=world.leader_a, petition=result.petition, body="Đã thông cống.")
    result.petition.refresh_from_db()
    return result


@pytest.fixture
def filed(world):
    """Five petitions filed today by one person, each with its own title."""
    return {
        "public": _answered(world, title="Cống tắc ở ngõ Núi Trúc", body=PUBLIC_BODY),
        "private": _answered(
            world,
            title="Đèn đường hỏng trước nhà",
            body="Đèn đường hỏng đã lâu.",
            publish_consent=False,
        ),
        "complaint": _answered(
            world,
            kind=Kind.COMPLAINT,
            title="Khiếu nại quyết định xử phạt",
            body="Khiếu nại quyết định xử phạt.",
        ),
        "unanswered": submit(
            world, petitioner=PERSON, title="Vỉa hè bị lấn chiếm", body="Vỉa hè bị lấn chiếm."
        ),
        "denunciation": submit(
            world,
            kind=Kind.DENUNCIATION,
            petitioner=PERSON,
            title="Tố cáo cán bộ nhận tiền",
            body="Tố cáo cán bộ địa chính nhận tiền của người dân.",
        ),
    }


def _this_year() -> Period:
    return Period.year(clock.today().year)


# --- nothing personal -----------------------------------------------------------------


def test_no_personal_data_nor_tracking_code_leaks_into_csv_or_json(filed):
    # Given five petitions by a person with a name, phone, e-mail and address, one of
    # them with another phone number in its body
    # When the year's petitions are exported in both formats
    text = _as_csv(petitions_rows(_this_year())) + json.dumps(
        _as_json(petitions_rows(_this_year())), ensure_ascii=False
    )

    # Then none of it is there: no name, phone, e-mail, address, code, uuid or secret
    for result in filed.values():
        petition = result.petition
        assert petition.code not in text
        assert str(petition.uuid) not in text and petition.uuid.hex not in text
        assert result.secret not in text
    for personal in (
        PERSON.name,
        PERSON.phone,
        PERSON.email,
        PERSON.address,
        OTHER_PHONE,
        "Bình",
    ):
        assert personal not in text
    # and the bodies of petitions that are not public are not either
    for private in ("Đèn đường hỏng", "Khiếu nại quyết định", "Vỉa hè bị lấn", "nhận tiền"):
        assert private not in text


def test_public_text_appears_only_for_consented_feedback_that_the_site_publishes(filed):
    records = _by_id(_as_json(petitions_rows(_this_year())))

    public = records[pseudonym(filed["public"].petition.uuid)]
    assert public["public_title"] == "Cống tắc ở ngõ Núi Trúc"
    assert "[số điện thoại]" in public["public_body"]
    assert OTHER_PHONE not in public["public_body"]
    for name in ("private", "complaint", "unanswered", "denunciation"):
        record = records[pseudonym(filed[name].petition.uuid)]
        assert record["public_title"] is None and record["public_body"] is None, name


def test_a_denunciation_gives_only_its_kind_topic_dates_and_area(filed, world):
    petition = filed["denunciation"].petition
    record = _by_id(petitions_rows(_this_year()))[pseudonym(petition.uuid)]

    shown = {name for name, value in record.items() if value is not None}
    assert shown == {"id", "kind", "topic", "province", "commune", "received_date"}
    assert record["kind"] == "denunciation"
    assert record["topic"] == "moi-truong"
    assert (record["province"], record["commune"]) == ("01", "00004")
    assert record["received_date"] == clock.local_date(petition.received_at)


def test_the_id_is_a_stable_pseudonym_not_the_petition_itself(filed, settings):
    petition = filed["public"].petition
    first = pseudonym(petition.uuid)

    assert first == pseudonym(petition.uuid)
    assert len(first) == 16 and int(first, 16) >= 0
    assert first not in (petition.code, str(petition.uuid))
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert pseudonym(petition.uuid) != first


# --- the values -----------------------------------------------------------------------


@pytest.fixture
def march(world):
    return march_2026(world)


def test_each_record_carries_the_dates_days_and_outcomes_worked_out_by_hand(march, world):
    records = _by_id(petitions_rows(MARCH, today=TODAY))
    got = {name: records[pseudonym(p.uuid)] for name, p in march.items()}

    p1 = got["p1"]
    assert p1["kind"] == "feedback" and p1["status"] == "answered"
    assert p1["agency"] == "00004-ubnd-xa" and p1["channel"] == "web"
    assert (p1["province"], p1["commune"]) == ("01", "00004")
    assert p1["received_date"] == date(2026, 3, 2)
    assert p1["accepted_date"] == date(2026, 3, 3)
    assert p1["answered_date"] == date(2026, 3, 6)
    assert (p1["working_days"], p1["on_time"], p1["rating_stars"]) == (4, True, 5)
    assert (p1["reopened"], p1["appealed"]) == (False, False)
    # Answered late, rated 2, then reopened.
    assert (got["p2"]["working_days"], got["p2"]["on_time"]) == (14, False)
    assert (got["p2"]["rating_stars"], got["p2"]["reopened"]) == (2, True)
    # Never answered, past its deadline on 15 April.
    assert (got["p3"]["working_days"], got["p3"]["on_time"]) == (None, False)
    # The complaint answered on time and appealed.
    assert (got["p4"]["on_time"], got["p4"]["appealed"], got["p4"]["rating_stars"]) == (
        True,
        True,
        4,
    )
    assert got["p4"]["public_title"] is None
    # Withdrawn before its deadline: neither on time nor late.
    assert got["p5"]["on_time"] is None and got["p5"]["status"] == "withdrawn"
    assert len(records) == 6  # and the appeal, at agency B


def test_rows_are_chosen_by_the_month_received_and_the_area(march, world):
    assert len(list(petitions_rows(MARCH, area=world.hanoi))) == 6
    assert [r["commune"] for r in petitions_rows(MARCH, area=world.hoan_kiem)] == ["00070"]
    assert list(petitions_rows(MARCH, area=world.danang)) == []
    assert list(petitions_rows(Period.month(2026, 4))) == []


def test_petitions_are_read_a_batch_at_a_time_and_only_when_asked(
    march, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(opendata, "BATCH", 2)
    with django_assert_num_queries(0):
        rows = petitions_rows(MARCH, today=TODAY)

    ids = [record["id"] for record in rows]

    assert len(ids) == len(set(ids)) == 6


@pytest.fixture
def built(march):
    cells_rebuild(now=NOW)
    return march


def test_commune_indicators_are_the_scorecard_values_with_index_and_rank(built, world):
    rows = {r["code"]: r for r in indicators_rows(MARCH, level="commune", province=world.hanoi)}

    ba_dinh = rows["00004"]
    assert (ba_dinh["level"], ba_dinh["province"], ba_dinh["commune"]) == (
        "commune",
        "01",
        "00004",
    )
    assert ba_dinh["name"] == "Phường Ba Đình"
    assert ba_dinh["period"] == "2026-03"
    assert ba_dinh["received"] == 5
    assert ba_dinh["resolved_on_time"] == pytest.approx(1 / 3, abs=1e-4)
    assert ba_dinh["satisfied"] == pytest.approx(2 / 3, abs=1e-4)
    assert ba_dinh["answer_days_median"] == 14
    assert ba_dinh["index_low"] <= ba_dinh["index"] <= ba_dinh["index_high"]
    # Ranked with Hoàn Kiếm; the communes with no petitions stay unranked.
    assert len(rows) == Area.objects.filter(parent=world.hanoi).count()
    assert ba_dinh["ranked_of"] == rows["00070"]["ranked_of"] == 2
    assert 1 <= ba_dinh["rank_low"] <= ba_dinh["rank"] <= ba_dinh["rank_high"] <= 2
    assert rows["00070"]["received"] == 1
    quiet = rows["00008"]
    assert quiet["received"] == 0 and quiet["rank"] is None and quiet["ranked_of"] is None


def test_agency_and_province_indicators(built, world):
    agencies = {r["code"]: r for r in indicators_rows(MARCH, level="agency", province=world.hanoi)}
    provinces = {r["code"]: r for r in indicators_rows(MARCH, level="province")}
    only_hanoi = list(indicators_rows(MARCH, level="province", province=world.hanoi))

    assert agencies["00004-ubnd-xa"]["received"] == 5
    assert agencies["00004-ubnd-xa"]["commune"] == "00004"
    assert agencies["01-ubnd-tinh"]["commune"] is None
    assert agencies["01-ubnd-tinh"]["province"] == "01"
    assert set(provinces) == {"01", "48"}
    assert provinces["01"]["received"] == 6  # with the appeal at Hoàn Kiếm
    assert provinces["48"]["received"] == 0 and provinces["48"]["satisfied"] is None
    assert provinces["01"]["rank"] is None  # the only province with petitions
    assert [r["code"] for r in only_hanoi] == ["01"]
    with pytest.raises(ValueError):
        indicators_rows(MARCH, level="officer")


# --- writers --------------------------------------------------------------------------


def test_csv_starts_with_a_byte_order_mark_and_writes_booleans_and_blanks(march):
    text = _as_csv(petitions_rows(MARCH, today=TODAY))

    assert text.startswith("\ufeffid,kind,topic,")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == [name for name, _label in PETITION_FIELDS]
    p1 = next(r for r in rows if r["id"] == pseudonym(march["p1"].uuid))
    assert (p1["received_date"], p1["on_time"], p1["reopened"]) == ("2026-03-02", "true", "false")
    p3 = next(r for r in rows if r["id"] == pseudonym(march["p3"].uuid))
    assert p3["answered_date"] == "" and p3["rating_stars"] == ""


def test_an_empty_export_still_has_its_header_or_brackets(db):
    april = Period.month(2026, 4)

    assert (
        _as_csv(petitions_rows(april))
        == "\ufeff" + ",".join(name for name, _label in PETITION_FIELDS) + "\r\n"
    )
    assert _as_json(petitions_rows(april)) == []


def test_json_is_an_array_of_records_with_iso_dates(march):
    records = _by_id(_as_json(petitions_rows(MARCH, today=TODAY)))

    p1 = records[pseudonym(march["p1"].uuid)]
    assert p1["received_date"] == "2026-03-02"
    assert p1["on_time"] is True and p1["rating_stars"] == 5
