"""Participation pages through the test client: anyone reads, signed-in people comment,
verified people vote, the agency's staff moderate, the officer of agency B is refused."""

import re

import pytest
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from nghedan.consultations.actions import participation as actions
from nghedan.consultations.models import (
    AbuseReport,
    Comment,
    ConsultationEvent,
    OpinionSnapshot,
    Statement,
    StatementVote,
)
from nghedan.consultations.tests.test_participation import COMMENT, STATEMENT, participation_scene
from nghedan.test import sign_in


@pytest.fixture
def scene(world):
    return participation_scene(world)


def client_for(world, persona: str | None) -> Client:
    client = Client()
    if persona:
        sign_in(client, getattr(world, persona))
    return client


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def back_to(scene, anchor: str) -> str:
    return f"{reverse('consultation_detail', args=[scene['consultation'].pk])}#{anchor}"


def render_participation(scene, user) -> str:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return Template('{% include "web/_consultation_participation.html" %}').render(
        Context({"consultation": scene["consultation"], "user": request.user, "request": request})
    )


def test_anyone_reads_the_comments_and_statements_without_signing_in(world, scene):
    html = render_participation(scene, None)
    assert COMMENT in html and STATEMENT in html
    assert 'action="/accounts/verify' not in html and "statement_vote" not in html
    assert reverse("statement_vote", args=[scene["statement"].pk]) not in html


def test_the_participation_block_loads_in_a_few_queries(
    world, scene, django_assert_max_num_queries
):
    for n in range(10):
        actions.comment_add(
            acting_user=world.citizen,
            consultation=scene["consultation"],
            parent=scene["comment"] if n % 2 else None,
            text=f"Ý kiến thứ {n} về dự thảo",
        )
    with django_assert_max_num_queries(8):
        html = render_participation(scene, world.officer_a)
    assert "Ý kiến thứ 9" in html


def test_hidden_and_flagged_comments_are_not_shown_to_the_public(world, scene):
    flagged = actions.comment_add(
        acting_user=world.citizen, consultation=scene["consultation"], text="Bọn mất dạy soạn luật"
    )
    actions.comment_hide(acting_user=world.officer_a, comment=scene["comment"], reason="Trùng lặp")
    public = render_participation(scene, world.other_citizen)
    assert COMMENT in public  # the author still sees their own, with the reason
    assert "Trùng lặp" in public
    assert flagged.public_text not in public
    anonymous = render_participation(scene, None)
    assert COMMENT not in anonymous and flagged.public_text not in anonymous
    staff = render_participation(scene, world.officer_a)
    assert flagged.public_text in staff and "Kiểm duyệt" in staff


def test_personal_data_is_not_shown_publicly(world, scene):
    actions.comment_add(
        acting_user=world.citizen,
        consultation=scene["consultation"],
        text="Gọi tôi số 0912345678 nhé, nhà tôi ở đầu phố.",
    )
    html = render_participation(scene, None)
    assert "0912345678" not in html and "[số điện thoại]" in html
    assert world.other_citizen.full_name not in html


def test_a_signed_in_citizen_comments_and_is_sent_back_to_the_comment(world, scene):
    response = client_for(world, "citizen").post(
        reverse("consultation_comment", args=[scene["consultation"].pk]),
        {"text": "Nên cấm đỗ xe trên vỉa hè.", "section": scene["section"].pk},
    )
    comment = Comment.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == back_to(scene, f"comment-{comment.pk}")
    assert comment.section == scene["section"] and comment.author == world.citizen
    assert ConsultationEvent.objects.filter(action="comment_added").count() == 1


def test_anonymous_visitors_are_asked_to_sign_in_to_comment_or_vote(world, scene):
    anonymous = client_for(world, None)
    for url in (
        reverse("consultation_comment", args=[scene["consultation"].pk]),
        reverse("statement_vote", args=[scene["statement"].pk]),
    ):
        response = anonymous.post(url, {"text": "Ý kiến ẩn danh", "value": "agree"})
        assert response.status_code == 302 and "/login" in response["Location"]
    assert Comment.objects.count() == 1 and StatementVote.objects.count() == 0


def test_a_too_short_comment_shows_a_vietnamese_error(world, scene):
    response = client_for(world, "citizen").post(
        reverse("consultation_comment", args=[scene["consultation"].pk]), {"text": "ok"}
    )
    assert response["Location"] == back_to(scene, "comment-form")
    assert flashed(response) == ["Ý kiến quá ngắn (ít nhất 5 ký tự)."]
    assert Comment.objects.count() == 1 and ConsultationEvent.objects.count() == 0


def test_an_abusive_comment_waits_for_a_moderator(world, scene):
    response = client_for(world, "citizen").post(
        reverse("consultation_comment", args=[scene["consultation"].pk]),
        {"text": "Đồ ngu mới soạn thế này"},
    )
    assert Comment.objects.latest("pk").flagged
    assert any("kiểm duyệt" in m for m in flashed(response))


def test_a_verified_citizen_votes_and_the_groups_will_be_recomputed(world, scene):
    response = client_for(world, "citizen").post(
        reverse("statement_vote", args=[scene["statement"].pk]), {"value": "disagree"}
    )
    assert response["Location"] == back_to(scene, f"statement-{scene['statement'].pk}")
    assert StatementVote.objects.get().value == -1


def test_an_unverified_account_is_refused_with_the_way_to_verify(world, scene):
    response = client_for(world, "other_citizen").post(
        reverse("statement_vote", args=[scene["statement"].pk]), {"value": "agree"}
    )
    assert response.status_code == 403
    assert "Xác minh tài khoản" in response.content.decode()
    assert StatementVote.objects.count() == 0


def test_a_bad_vote_value_shows_a_vietnamese_error(world, scene):
    response = client_for(world, "citizen").post(
        reverse("statement_vote", args=[scene["statement"].pk]), {"value": "maybe"}
    )
    assert flashed(response) == ["Chọn một lựa chọn."]
    assert StatementVote.objects.count() == 0


def test_react_and_report(world, scene):
    citizen = client_for(world, "citizen")
    citizen.post(reverse("comment_react", args=[scene["comment"].pk]), {"value": "1"})
    citizen.post(reverse("comment_report", args=[scene["comment"].pk]), {"reason": "Xúc phạm"})
    scene["comment"].refresh_from_db()
    assert scene["comment"].support == 1 and AbuseReport.objects.count() == 1
    own = client_for(world, "other_citizen").post(
        reverse("comment_react", args=[scene["comment"].pk]), {"value": "1"}
    )
    assert own.status_code == 403


@pytest.mark.parametrize("persona,status", [("officer_b", 403), ("citizen", 403), ("admin", 403)])
def test_only_the_agencys_staff_hide_comments(world, scene, persona, status):
    response = client_for(world, persona).post(
        reverse("comment_hide", args=[scene["comment"].pk]), {"reason": "Không phù hợp"}
    )
    assert response.status_code == status
    scene["comment"].refresh_from_db()
    assert scene["comment"].hidden_reason == "" and ConsultationEvent.objects.count() == 0


def test_the_agencys_officer_hides_a_comment_with_a_reason(world, scene):
    officer = client_for(world, "officer_a")
    empty = officer.post(reverse("comment_hide", args=[scene["comment"].pk]), {"reason": ""})
    assert flashed(empty) == ["Vui lòng nêu lý do."]
    response = officer.post(
        reverse("comment_hide", args=[scene["comment"].pk]), {"reason": "Ngôn từ xúc phạm"}
    )
    assert response["Location"] == back_to(scene, f"comment-{scene['comment'].pk}")
    scene["comment"].refresh_from_db()
    assert scene["comment"].hidden_reason == "Ngôn từ xúc phạm"
    # Hidden now: the public no longer finds it.
    assert (
        client_for(world, "citizen")
        .post(reverse("comment_react", args=[scene["comment"].pk]), {"value": "1"})
        .status_code
        == 404
    )


def test_the_agency_moderates_a_participants_statement_and_officer_b_cannot(world, scene):
    client_for(world, "citizen").post(
        reverse("statement_add", args=[scene["consultation"].pk]), {"text": "Cấm bán hàng rong."}
    )
    pending = Statement.objects.get(status="pending")
    url = reverse("statement_moderate", args=[pending.pk])
    assert client_for(world, "officer_b").post(url, {"decision": "approve"}).status_code == 404
    assert client_for(world, "other_citizen").post(url, {"decision": "approve"}).status_code == 404
    client_for(world, "leader_a").post(url, {"decision": "approve"})
    pending.refresh_from_db()
    assert pending.status == "approved"


def test_the_groups_page_is_public_and_shows_the_plot(world, scene, settings):
    settings.NGHEDAN_OPINION_MIN_PARTICIPANTS = 3
    empty = client_for(world, None).get(
        reverse("consultation_groups", args=[scene["consultation"].pk])
    )
    assert empty.status_code == 200 and "Chưa đủ phiếu" in empty.content.decode()
    OpinionSnapshot.objects.create(
        consultation=scene["consultation"],
        computed_at="2026-03-01T08:00:00+07:00",
        votes=12,
        result={
            "groups": {"1": 0, "2": 0, "3": 1},
            "k": 2,
            "points": {"1": [0.5, 1.0], "2": [0.6, 0.9], "3": [-1.0, -0.5]},
            "ungrouped": [],
            "representative": {
                "0": [
                    {
                        "statement": "9",
                        "direction": "agree",
                        "probability": 0.8,
                        "text": "Mở rộng vỉa hè",
                    }
                ],
                "1": [
                    {
                        "statement": "9",
                        "direction": "disagree",
                        "probability": 0.7,
                        "text": "Mở rộng vỉa hè",
                    }
                ],
            },
            "consensus": [
                {
                    "statement": "8",
                    "direction": "agree",
                    "probability_by_group": {"0": 0.9, "1": 0.6},
                    "text": "Trồng thêm cây",
                }
            ],
        },
    )
    html = (
        client_for(world, None)
        .get(reverse("consultation_groups", args=[scene["consultation"].pk]))
        .content.decode()
    )
    plot = re.search(r'<svg[^>]*data-testid="groups-plot".*?</svg>', html, re.S)[0]
    assert len(re.findall(r"<circle ", plot)) == 3  # one dot per participant
    assert "Nhóm 1 (2 người)" in html and "80% đồng ý" in html and "70% không đồng ý" in html
    assert "Trồng thêm cây" in html and "mỗi nhóm ít nhất 60%" in html
    assert "01/03/2026 08:00" in html


def test_verifying_an_account_by_email_then_voting(world, scene, mailoutbox):
    client = client_for(world, "other_citizen")
    url = reverse("account_verify")
    assert client.get(url).status_code == 200
    sent = client.post(url, {"step": "send", "channel": "email", "address": "khac@example.vn"})
    assert sent.status_code == 302
    code = re.search(r"\b(\d{6})\b", mailoutbox[0].body).group(1)
    wrong = client.post(url, {"step": "confirm", "code": "000000" if code != "000000" else "1"})
    assert "Mã không đúng" in wrong.content.decode()
    next_url = reverse("consultation_detail", args=[scene["consultation"].pk])
    done = client.post(url, {"step": "confirm", "code": code, "next": next_url})
    assert done["Location"] == next_url
    world.other_citizen.refresh_from_db()
    assert world.other_citizen.email_verified_at is not None
    client.post(reverse("statement_vote", args=[scene["statement"].pk]), {"value": "agree"})
    assert StatementVote.objects.filter(participant=world.other_citizen).count() == 1


def test_a_bad_address_shows_a_vietnamese_error(world, mailoutbox):
    response = client_for(world, "citizen").post(
        reverse("account_verify"), {"step": "send", "channel": "phone", "address": "12345"}
    )
    assert "Số điện thoại không hợp lệ" in response.content.decode()
    assert mailoutbox == []


def test_anonymous_visitors_are_asked_to_sign_in_to_verify(world):
    response = client_for(world, None).get(reverse("account_verify"))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_groups_of_fewer_participants_than_the_minimum_are_not_shown(world, scene, settings):
    settings.NGHEDAN_OPINION_MIN_PARTICIPANTS = 8
    OpinionSnapshot.objects.create(
        consultation=scene["consultation"],
        computed_at="2026-03-01T08:00:00+07:00",
        votes=4,
        result={
            "groups": {"1": 0},
            "k": 1,
            "points": {"1": [0.5, 1.0]},
            "ungrouped": [],
            "representative": {},
            "consensus": [
                {
                    "statement": "8",
                    "direction": "agree",
                    "probability_by_group": {"0": 1.0},
                    "text": "Trồng thêm cây",
                }
            ],
        },
    )
    html = (
        client_for(world, None)
        .get(reverse("consultation_groups", args=[scene["consultation"].pk]))
        .content.decode()
    )
    assert "Chưa đủ phiếu" in html and "Cần ít nhất 8 người biểu quyết." in html
    assert "Trồng thêm cây" not in html and "Điểm chung" not in html
    assert 'data-testid="groups-plot"' not in html

