"""The reply pages over the test client: who sees the report before and after it is
published, the PDF and Excel downloads, the disposition form, and the ballot pages.

`report_scene` is the given for the role matrix rows of these URLs."""

import io
from datetime import timedelta

import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from nghedan.consultations.models import (
    Ballot,
    BallotVote,
    Comment,
    Consultation,
    ConsultationEvent,
    Section,
)
from nghedan.lib import clock
from nghedan.test import PERSONAS, sign_in

TITLE = "Dự thảo Quy định đóng góp xây dựng nhà văn hóa tổ dân phố"
COMMENT = "Mức 200.000 đồng mỗi hộ là quá cao với hộ cận nghèo."
QUESTION = "Mỗi hộ đóng góp 150.000 đồng để sửa nhà văn hóa tổ dân phố số 5?"


def report_scene(world, *, published: bool = False) -> dict:
    """An open consultation of agency A about Ba Đình with one section, the citizen's
    comment on it, and a ballot by household open for a day; the citizen has a verified
    phone. `published`: the consultation is closed, the comment disposed of, and the
    report published. Returns the URL arguments and the marker (the title, on the report
    page and the ballot page)."""
    now = clock.now()
    consultation = Consultation.objects.create(
        agency=world.agency_a,
        kind="regulation",
        title=TITLE,
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=25),
        status="closed" if published else "open",
        created_by=world.leader_a,
        report_published_at=now if published else None,
    )
    consultation.areas.add(world.ba_dinh)
    section = Section.objects.create(
        consultation=consultation, order=1, level="article", heading="Điều 3. Mức đóng góp"
    )
    comment = Comment.objects.create(
        consultation=consultation,
        section=section,
        author=world.citizen,
        text=COMMENT,
        public_text=COMMENT,
        disposition="partly" if published else "",
        disposition_reason="Giảm còn 150.000 đồng; hộ cận nghèo được miễn." if published else "",
    )
    ballot = Ballot.objects.create(
        consultation=consultation,
        question=QUESTION,
        unit="household",
        eligible=120,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
    )
    type(world.citizen).objects.filter(pk=world.citizen.pk).update(phone_verified_at=now)
    world.citizen.refresh_from_db()
    return {
        "consultation_id": consultation.pk,
        "comment_id": comment.pk,
        "ballot_id": ballot.pk,
        "marker": TITLE,
    }


# What each action is sent (valid for the allowed persona).
POST_DATA = {
    "comment_dispose": lambda world: {
        "disposition": "partly",
        "reason": "Giảm còn 150.000 đồng; hộ cận nghèo được miễn.",
    },
    "ballot_new": lambda world: {
        "question": "Làm mái che sân nhà văn hóa bằng tiền quỹ tổ dân phố?",
        "unit": "voter",
        "eligible": 300,
        "quorum_percent": 50,
        "majority_percent": 50,
        "opens_at": clock.local_now().strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (clock.local_now() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
    },
    "ballot_vote": lambda world: {"choice": "yes", "household": "Hộ ông Nguyễn Văn An, số 12"},
}
ARGS = {
    "comment_dispose": "comment_id",
    "consultation_report": "consultation_id",
    "ballot_new": "consultation_id",
    "ballot_vote": "ballot_id",
    "ballot_result": "ballot_id",
}

# ruff: noqa: E501 — one row per line, as in web/tests/test_role_matrix.py.
# An unpublished report is seen by the agency's staff and administrators, like a draft
# (consultations.policy.sees_unpublished); it used to be the staff only, admin 404.
MATRIX = """
url name             method given        citizen other  off_a  lead_a off_b  sup    sup_dn admin  anon
comment_dispose      POST   unpublished  403     403    DONE   DONE   403    403    403    403    LOGIN
comment_dispose      GET    unpublished  405     405    405    405    405    405    405    405    LOGIN
consultation_report  GET    unpublished  404     404    SEE    SEE    404    404    404    SEE    404
consultation_report  GET    published    SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
consultation_report  POST   published    405     405    405    405    405    405    405    405    405
ballot_new           POST   unpublished  403     403    403    DONE   403    403    403    403    LOGIN
ballot_new           GET    unpublished  405     405    405    405    405    405    405    405    LOGIN
ballot_vote          POST   unpublished  DONE    403    403    403    403    403    403    403    LOGIN
ballot_vote          GET    unpublished  405     405    405    405    405    405    405    405    LOGIN
ballot_result        GET    unpublished  SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
ballot_result        POST   unpublished  405     405    405    405    405    405    405    405    405
"""
ROWS = [line.split() for line in MATRIX.strip().splitlines()[1:]]


def client_for(world, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        sign_in(client, getattr(world, persona))
    return client


def state() -> tuple:
    return (
        ConsultationEvent.objects.count(),
        list(Comment.objects.values_list("disposition", "disposition_reason")),
        Ballot.objects.count(),
        BallotVote.objects.count(),
        list(Consultation.objects.values_list("status", "report_published_at")),
    )


def outcome(world, scene: dict, name: str, method: str, persona: str) -> str:
    client = client_for(world, persona)
    url = reverse(name, kwargs={ARGS[name]: scene[ARGS[name]]})
    before = state()
    if method == "POST":
        response = client.post(url, POST_DATA.get(name, lambda world: {})(world))
    else:
        response = client.get(url)
    after = state()
    written = after[0] - before[0]
    if response.status_code == 302 and written == 1:
        return "DONE"
    if after != before:
        return f"{response.status_code} but it wrote {before} -> {after}"
    if response.status_code == 302:
        login = f"{reverse('login')}?next={url}"
        return "LOGIN" if response["Location"] == login else f"302 to {response['Location']}"
    shown = scene["marker"].encode() in response.content
    if response.status_code == 200:
        return "SEE" if shown else "200"
    return str(response.status_code) + (" showing the consultation" if shown else "")


@pytest.mark.parametrize("row", ROWS, ids=lambda row: "-".join(row[:3]))
def test_role_matrix_of_the_reply_pages(world, row):
    name, method, given, *cells = row
    # Given the scene, with or without a published report
    scene = report_scene(world, published=given == "published")

    # When each persona, from that same state, opens the page or posts the action
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            got[persona] = outcome(world, scene, name, method, persona)
            transaction.set_rollback(True)

    # Then each gets what the row says
    assert got == dict(zip(PERSONAS, cells, strict=True))


def test_the_officer_disposes_of_a_comment_from_the_form(world):
    scene = report_scene(world)
    client = client_for(world, "officer_a")

    response = client.post(
        reverse("comment_dispose", args=[scene["comment_id"]]),
        {"disposition": "explained", "reason": "Mức đóng góp do hội nghị tổ dân phố quyết định."},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("consultation_detail", args=[scene["consultation_id"]])
    comment = Comment.objects.get()
    assert (comment.disposition, comment.disposed_by) == ("explained", world.officer_a)


def test_a_short_reason_is_refused_with_a_message_and_nothing_changes(world):
    scene = report_scene(world)
    client = client_for(world, "officer_a")
    before = state()

    response = client.post(
        reverse("comment_dispose", args=[scene["comment_id"]]),
        {"disposition": "accepted", "reason": "ok"},
        follow=False,
    )

    assert response.status_code == 302
    assert state() == before
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Lý do quá ngắn (tối thiểu 5 ký tự)."]


def test_the_officer_of_another_agency_is_refused(world):
    scene = report_scene(world)
    client = client_for(world, "officer_b")
    before = state()

    dispose = client.post(
        reverse("comment_dispose", args=[scene["comment_id"]]),
        POST_DATA["comment_dispose"](world),
    )
    report = client.get(reverse("consultation_report", args=[scene["consultation_id"]]))
    pdf = client.get(
        reverse("consultation_report", args=[scene["consultation_id"]]), {"format": "pdf"}
    )

    assert (dispose.status_code, report.status_code, pdf.status_code) == (403, 404, 404)
    assert state() == before


def test_the_include_shows_a_form_per_comment_without_a_disposition_to_staff_only(world):
    scene = report_scene(world)
    consultation = Consultation.objects.get()
    section = Section.objects.get()
    Comment.objects.create(
        consultation=consultation,
        section=section,
        author=world.other_citizen,
        text="Đã trả lời",
        public_text="Đã trả lời",
        disposition="accepted",
        disposition_reason="Tiếp thu.",
    )
    Comment.objects.create(
        consultation=consultation,
        author=world.other_citizen,
        text="Một phản hồi",
        public_text="Một phản hồi",
        parent=Comment.objects.get(pk=scene["comment_id"]),
    )

    def render(persona):
        return render_to_string(
            "web/_consultation_replies.html",
            {"consultation": consultation, "user": getattr(world, persona)},
        )

    html = render("officer_a")
    action = reverse("comment_dispose", args=[scene["comment_id"]])
    assert html.count('name="disposition"') == 1
    assert f'action="{action}"' in html
    assert COMMENT in html and "Đã trả lời" not in html and "Một phản hồi" not in html
    for persona in ("officer_b", "citizen", "supervisor"):
        assert "<form" not in render(persona)


@pytest.mark.parametrize("persona", ["officer_a", "anonymous"])
def test_the_files_download_with_their_types_and_a_vietnamese_name(world, persona):
    scene = report_scene(world, published=persona == "anonymous")
    client = client_for(world, persona)
    url = reverse("consultation_report", args=[scene["consultation_id"]])

    pdf = client.get(url, {"format": "pdf"})
    xlsx = client.get(url, {"format": "xlsx"})

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"].startswith("attachment; filename*=utf-8''B%E1%BA%A3ng")
    assert pdf["Content-Disposition"].endswith(".pdf")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book["Tổng hợp"]["C2"].value == COMMENT


def test_the_published_report_shows_the_table_and_counts_to_anyone(world):
    scene = report_scene(world, published=True)

    response = Client().get(reverse("consultation_report", args=[scene["consultation_id"]]))

    html = response.content.decode()
    assert COMMENT in html
    assert "Tiếp thu một phần" in html
    assert "Giảm còn 150.000 đồng; hộ cận nghèo được miễn." in html
    assert "?format=pdf" in html and "?format=xlsx" in html
    assert 'data-testid="ballot-form"' not in html


def test_the_leader_creates_a_ballot_from_the_report_page(world):
    scene = report_scene(world)
    client = client_for(world, "leader_a")
    page = client.get(reverse("consultation_report", args=[scene["consultation_id"]]))
    assert 'data-testid="ballot-form"' in page.content.decode()

    response = client.post(
        reverse("ballot_new", args=[scene["consultation_id"]]), POST_DATA["ballot_new"](world)
    )

    ballot = Ballot.objects.latest("pk")
    assert response["Location"] == reverse("ballot_result", args=[ballot.pk])
    assert (ballot.unit, ballot.eligible) == ("voter", 300)


def test_a_bad_ballot_form_is_refused_without_a_change(world):
    scene = report_scene(world)
    client = client_for(world, "leader_a")
    data = {**POST_DATA["ballot_new"](world), "eligible": "không"}

    response = client.post(reverse("ballot_new", args=[scene["consultation_id"]]), data)

    assert response.status_code == 302
    assert Ballot.objects.count() == 1


def test_a_household_votes_once_and_the_page_says_so(world):
    scene = report_scene(world)
    client = client_for(world, "citizen")
    url = reverse("ballot_result", args=[scene["ballot_id"]])
    assert 'data-testid="ballot-vote-form"' in client.get(url).content.decode()

    client.post(reverse("ballot_vote", args=[scene["ballot_id"]]), POST_DATA["ballot_vote"](world))
    again = client.post(
        reverse("ballot_vote", args=[scene["ballot_id"]]), POST_DATA["ballot_vote"](world)
    )

    assert BallotVote.objects.count() == 1
    assert again.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-testid="ballot-voted"' in page
    # The result stays hidden from the public until the ballot closes.
    assert 'data-testid="ballot-result"' not in page


def test_the_result_is_public_once_the_ballot_closes(world):
    scene = report_scene(world)
    Ballot.objects.update(eligible=2, closes_at=clock.now() - timedelta(minutes=1))
    BallotVote.objects.create(
        ballot_id=scene["ballot_id"], voter=world.citizen, household="Hộ 1", choice="yes"
    )

    page = Client().get(reverse("ballot_result", args=[scene["ballot_id"]])).content.decode()

    assert 'data-testid="ballot-result"' in page
    assert "Được thông qua" in page
    assert 'data-testid="ballot-vote-form"' not in page
