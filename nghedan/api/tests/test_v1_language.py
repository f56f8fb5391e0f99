"""The language pipeline over the REST API: suggestions for a draft, filing without a
topic, and the inbox's analysis and views."""

import pytest

from nghedan.api.tests.support import act_as, error_of
from nghedan.language.actions import petition_analyse
from nghedan.petitions.models import Petition, TopicSource
from nghedan.test import PERSONAS, submit

DRAFT = {
    "title": "Cây đổ",
    "body": "Cây xanh bật gốc đổ sập trên phố Đội Cấn, phường Ba Đình, dây điện đứt rơi xuống "
    "đường rất nguy hiểm.",
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_anyone_may_ask_for_suggestions_and_nothing_is_stored(world, api, persona):
    before = Petition.objects.count()

    response = act_as(api, world, persona).post("/api/v1/suggestions/", DRAFT, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["area"]["code"] == world.ba_dinh.code
    assert body["urgent"] is True
    assert {"category": "electricity", "words": ["dây điện đứt"]} in body["urgency"]
    assert Petition.objects.count() == before


def test_a_confident_topic_is_suggested_with_its_confidence(world, api):
    response = api.post(
        "/api/v1/suggestions/",
        {
            "body": "Trường mầm non thu thêm nhiều khoản ngoài quy định, học phí tăng, phụ huynh "
            "học sinh bức xúc, đề nghị phòng giáo dục kiểm tra."
        },
        format="json",
    )

    topic = response.json()["topic"]
    assert topic["code"] == "giao-duc"
    assert topic["confidence"] >= response.json()["threshold"]
    assert response.json()["agency"] is None  # no place named: no agency to predict


def test_with_a_topic_and_a_place_the_receiving_agency_is_predicted(world, api):
    response = api.post(
        "/api/v1/suggestions/",
        {
            "body": "Rác thải tồn đọng nhiều ngày ở đầu ngõ phố Đội Cấn, phường Ba Đình, bốc mùi "
            "hôi thối, đề nghị thu gom rác."
        },
        format="json",
    )

    assert response.json()["topic"]["code"] == "moi-truong"
    assert response.json()["agency"]["code"] == world.agency_a.code


def test_a_too_short_draft_is_refused_in_both_languages(world, api):
    response = api.post("/api/v1/suggestions/", {"body": "ngập"}, format="json")

    error = error_of(response, 400)
    assert error["fields"]["body"]
    assert error["fields_en"]["body"]


def test_a_petition_filed_without_a_topic_is_classified(world, api):
    response = api.post(
        "/api/v1/petitions/",
        {
            "area": world.ba_dinh.code,
            "title": "Ổ gà, đường ngập",
            "body": "Đường Đội Cấn nhiều ổ gà lớn, cống thoát nước tắc, mưa là ngập, xe máy "
            "ngã liên tục. Đề nghị sửa đường.",
            "is_anonymous": True,
        },
        format="json",
    )

    assert response.status_code == 201
    petition = Petition.objects.get(code=response.json()["code"])
    assert petition.topic_source == TopicSource.MODEL
    assert petition.topic.code == "giao-thong-ha-tang"


def test_the_inbox_carries_the_analysis_and_narrows_to_urgent_ones(world, api):
    urgent = submit(world, title="Cây đổ", body=DRAFT["body"]).petition
    calm = submit(
        world, title="Xin lắp đèn", body="Đề nghị lắp thêm đèn chiếu sáng ngõ 12."
    ).petition
    for petition in (urgent, calm):
        petition_analyse(petition_id=petition.pk)
    officer = act_as(api, world, "officer_a")

    everything = officer.get("/api/v1/inbox/").json()["results"]
    only_urgent = officer.get("/api/v1/inbox/", {"view": "urgent"}).json()["results"]

    by_code = {item["code"]: item for item in everything}
    assert by_code[urgent.code]["analysis"]["is_urgent"] is True
    assert by_code[urgent.code]["analysis"]["suggested_area"] == world.ba_dinh.code
    assert by_code[calm.code]["analysis"]["is_urgent"] is False
    assert by_code[calm.code]["topic_source"] == "petitioner"
    assert [item["code"] for item in only_urgent] == [urgent.code]


def test_an_unknown_inbox_view_is_refused(world, api):
    response = act_as(api, world, "officer_a").get("/api/v1/inbox/", {"view": "hot"})

    assert error_of(response, 400)["fields"]["view"]
