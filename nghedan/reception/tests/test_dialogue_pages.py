"""The dialogue pages: public to everyone, asking and voting for those signed in, the
host's forms for the agency's leaders only; each refusal changes nothing."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from nghedan.accounts.models import DisciplineRecord
from nghedan.lib import clock
from nghedan.reception.actions.dialogues import dialogue_schedule, question_ask
from nghedan.reception.models import Dialogue, DialogueQuestion, DialogueStatus, ReceptionEvent
from nghedan.test import PERSONAS, sign_in

pytestmark = pytest.mark.django_db
TITLE = "Đối thoại với nhân dân phường Ba Đình về ngập úng"
QUESTION = "Khi nào phường nạo vét cống thoát nước trên phố Đội Cấn để hết ngập?"


def dialogue_scene(world, *, started: bool = False) -> dict:
    """A planned dialogue hosted by leader_a in Ba Đình, a week ahead, with one question by
    the citizen. `started`: it began an hour ago (questions closed; it may be recorded)."""
    starts = clock.now() + timedelta(days=7)
    dialogue = dialogue_schedule(
        acting_user=world.leader_a,
        host=world.leader_a,
        title=TITLE,
        audience="residents",
        area=world.ba_dinh,
        starts_at=starts,
        place="Hội trường UBND phường Ba Đình",
        agenda="1. Báo cáo tình hình ngập úng.\n2. Trả lời câu hỏi của nhân dân.",
        questions_close_at=starts - timedelta(days=1),
    )
    question = question_ask(acting_user=world.citizen, dialogue=dialogue, text=QUESTION)
    if started:
        now = clock.now()
        Dialogue.objects.filter(pk=dialogue.pk).update(
            starts_at=now - timedelta(hours=1), questions_close_at=now - timedelta(days=1)
        )
        dialogue.refresh_from_db()
    return {"dialogue": dialogue, "question": question, "marker": TITLE}


def _new_dialogue_data(world) -> dict:
    starts = clock.local_now() + timedelta(days=10)
    return {
        "title": "Đối thoại với doanh nghiệp phường Ba Đình",
        "audience": "businesses",
        "host": world.leader_a.pk,
        "area": world.ba_dinh.code,
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "questions_close_at": (starts - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Hội trường UBND phường Ba Đình",
        "agenda": "Tháo gỡ khó khăn về thủ tục hành chính cho doanh nghiệp.",
    }


POST_DATA = {
    "dialogue_new": _new_dialogue_data,
    "dialogue_ask": lambda world: {"text": "Đề nghị phường công khai kế hoạch cải tạo vỉa hè."},
    "dialogue_vote": lambda world: {},
    "dialogue_answer": lambda world: {"answer": "Phường sẽ nạo vét cống trong tháng 12."},
    "dialogue_record": lambda world: {
        "record": "Buổi đối thoại có 80 người dự; lãnh đạo phường trả lời 12 câu hỏi."
    },
}

# ruff: noqa: E501 — one line per row, as in nghedan/web/tests/test_role_matrix.py.
MATRIX = """
dialogues        GET  dialogue SEE   SEE   SEE   SEE   SEE   SEE   SEE   SEE   SEE
dialogue_new     GET  dialogue 403   403   403   200   403   403   403   200   LOGIN
dialogue_new     POST dialogue 403   403   403   DONE  403   403   403   DONE  LOGIN
dialogue_detail  GET  dialogue SEE   SEE   SEE   SEE   SEE   SEE   SEE   SEE   SEE
dialogue_detail  POST dialogue 405   405   405   405   405   405   405   405   405
dialogue_ask     POST dialogue DONE  DONE  DONE  DONE  DONE  DONE  DONE  DONE  LOGIN
dialogue_ask     GET  dialogue 405   405   405   405   405   405   405   405   LOGIN
dialogue_vote    POST dialogue DONE  DONE  DONE  DONE  DONE  DONE  DONE  DONE  LOGIN
dialogue_vote    GET  dialogue 405   405   405   405   405   405   405   405   LOGIN
dialogue_answer  POST dialogue 403   403   403   DONE  403   403   403   DONE  LOGIN
dialogue_answer  GET  dialogue 405   405   405   405   405   405   405   405   LOGIN
dialogue_record  POST started  403   403   403   DONE  403   403   403   DONE  LOGIN
dialogue_record  GET  started  405   405   405   405   405   405   405   405   LOGIN
"""
ROWS = [
    (name, method, given, persona, outcome)
    for name, method, given, *cells in (line.split() for line in MATRIX.strip().splitlines())
    for persona, outcome in zip(PERSONAS, cells, strict=True)
]


def _url(name: str, scene: dict) -> str:
    if name in ("dialogues", "dialogue_new"):
        return reverse(name)
    if name in ("dialogue_vote", "dialogue_answer"):
        return reverse(name, kwargs={"question_id": scene["question"].pk})
    return reverse(name, kwargs={"dialogue_id": scene["dialogue"].pk})


def _state():
    return (
        list(Dialogue.objects.values_list("pk", "status", "record")),
        list(DialogueQuestion.objects.values_list("pk", "votes", "answered", "hidden_reason")),
        ReceptionEvent.objects.count(),
    )


@pytest.mark.parametrize(("name", "method", "given", "persona", "outcome"), ROWS)
def test_who_may_open_which_dialogue_page(world, name, method, given, persona, outcome):
    scene = dialogue_scene(world, started=given == "started")
    client = Client()
    if persona != "anonymous":
        sign_in(client, getattr(world, persona))
    before = _state()
    data = POST_DATA.get(name, lambda world: {})(world)

    response = getattr(client, method.lower())(_url(name, scene), data)

    if outcome == "DONE":
        assert response.status_code == 302, response.content.decode()[:2000]
        assert ReceptionEvent.objects.count() == before[2] + 1
        return
    if outcome == "LOGIN":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == (200 if outcome == "SEE" else int(outcome))
        if outcome == "SEE":
            assert scene["marker"] in response.content.decode()
    assert _state() == before


def test_the_public_page_shows_questions_by_votes_without_personal_data(world):
    scene = dialogue_scene(world)
    dialogue = scene["dialogue"]
    client = Client()
    client.force_login(world.other_citizen)
    client.post(
        reverse("dialogue_ask", kwargs={"dialogue_id": dialogue.pk}),
        {"text": "Tôi ở số nhà 12 ngõ 3 phố Huế, số 0912345678: bao giờ sửa đường?"},
    )
    newer = DialogueQuestion.objects.latest("pk")
    client.post(reverse("dialogue_vote", kwargs={"question_id": newer.pk}))

    page = Client().get(reverse("dialogue_detail", kwargs={"dialogue_id": dialogue.pk}))

    html = page.content.decode()
    assert "0912345678" not in html
    assert "[số điện thoại]" in html
    assert html.index(f'data-question="{newer.pk}"') < html.index(
        f'data-question="{scene["question"].pk}"'
    )
    assert html.count('data-testid="question-item"') == 2
    assert 'data-testid="vote-button"' not in html
    assert "Đăng nhập để gửi và ủng hộ câu hỏi." in html


def test_a_signed_in_visitor_sees_vote_buttons_and_the_ask_form(world):
    scene = dialogue_scene(world)
    client = Client()
    client.force_login(world.other_citizen)

    html = client.get(
        reverse("dialogue_detail", kwargs={"dialogue_id": scene["dialogue"].pk})
    ).content.decode()

    assert html.count('data-testid="vote-button"') == 1
    assert 'data-testid="ask-form"' in html
    assert 'data-testid="answer-form"' not in html


def test_voting_twice_keeps_one_vote(world):
    scene = dialogue_scene(world)
    client = Client()
    client.force_login(world.other_citizen)
    url = reverse("dialogue_vote", kwargs={"question_id": scene["question"].pk})

    client.post(url)
    client.post(url)

    scene["question"].refresh_from_db()
    assert scene["question"].votes == 1


@pytest.mark.parametrize(
    ("persona", "forms"),
    [("leader_a", True), ("admin", True), ("officer_a", False), ("officer_b", False)],
)
def test_host_forms_are_for_the_agency_s_leaders(world, persona, forms):
    scene = dialogue_scene(world, started=True)
    client = Client()
    sign_in(client, getattr(world, persona))

    html = client.get(
        reverse("dialogue_detail", kwargs={"dialogue_id": scene["dialogue"].pk})
    ).content.decode()

    for testid in ("answer-form", "hide-form", "record-form"):
        assert (f'data-testid="{testid}"' in html) is forms


def test_hidden_questions_are_not_public_but_leaders_see_the_reason(world):
    scene = dialogue_scene(world)
    leader = Client()
    leader.force_login(world.leader_a)
    url = reverse("dialogue_answer", kwargs={"question_id": scene["question"].pk})

    response = leader.post(url, {"action": "hide", "reason": "Trùng với câu hỏi khác."})

    assert response.status_code == 302
    detail = reverse("dialogue_detail", kwargs={"dialogue_id": scene["dialogue"].pk})
    public = Client().get(detail).content.decode()
    assert 'data-testid="question-item"' not in public
    assert "Trùng với câu hỏi khác." in leader.get(detail).content.decode()
    voter = Client()
    voter.force_login(world.other_citizen)
    assert (
        voter.post(
            reverse("dialogue_vote", kwargs={"question_id": scene["question"].pk})
        ).status_code
        == 403
    )


def test_the_answer_and_the_record_are_public(world):
    scene = dialogue_scene(world, started=True)
    leader = Client()
    leader.force_login(world.leader_a)
    leader.post(
        reverse("dialogue_answer", kwargs={"question_id": scene["question"].pk}),
        {"answer": "Phường sẽ nạo vét cống trong tháng 12."},
    )
    leader.post(
        reverse("dialogue_record", kwargs={"dialogue_id": scene["dialogue"].pk}),
        {"record": "Buổi đối thoại có 80 người dự; lãnh đạo phường trả lời 12 câu hỏi."},
    )

    html = (
        Client()
        .get(reverse("dialogue_detail", kwargs={"dialogue_id": scene["dialogue"].pk}))
        .content.decode()
    )

    assert "Phường sẽ nạo vét cống trong tháng 12." in html
    assert "Buổi đối thoại có 80 người dự" in html
    assert "Đã tổ chức" in html
    listing = Client().get(reverse("dialogues")).content.decode()
    assert listing.index(TITLE) > listing.index("Đã diễn ra")


def test_a_short_question_shows_a_vietnamese_error_and_keeps_the_text(world):
    scene = dialogue_scene(world)
    client = Client()
    client.force_login(world.other_citizen)
    before = _state()

    response = client.post(
        reverse("dialogue_ask", kwargs={"dialogue_id": scene["dialogue"].pk}),
        {"text": "Ngắn quá"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nội dung quá ngắn (tối thiểu 10 ký tự)." in html
    assert "Ngắn quá</textarea>" in html
    assert _state() == before


def test_a_short_record_is_refused_with_a_message(world):
    scene = dialogue_scene(world, started=True)
    client = Client()
    client.force_login(world.leader_a)
    before = _state()

    response = client.post(
        reverse("dialogue_record", kwargs={"dialogue_id": scene["dialogue"].pk}),
        {"record": "Đã họp."},
        follow=True,
    )

    assert "Nội dung quá ngắn (tối thiểu 20 ký tự)." in response.content.decode()
    assert _state() == before


def test_the_discipline_refusal_is_shown_on_the_form(world):
    DisciplineRecord.objects.create(
        user=world.leader_a,
        kind="warning",
        reason="Vi phạm quy định tiếp công dân.",
        valid_from=clock.today() - timedelta(days=1),
    )
    client = Client()
    client.force_login(world.leader_a)

    response = client.post(reverse("dialogue_new"), _new_dialogue_data(world))

    assert response.status_code == 200
    assert "không được phân công chủ trì đối thoại" in response.content.decode()
    assert not Dialogue.objects.exists()
    assert not ReceptionEvent.objects.exists()


def test_a_dialogue_in_the_past_is_refused_on_the_form(world):
    client = Client()
    client.force_login(world.leader_a)
    data = _new_dialogue_data(world)
    data["starts_at"] = (clock.local_now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    data["questions_close_at"] = (clock.local_now() - timedelta(days=2)).strftime(
        "%Y-%m-%dT%H:%M"
    )

    response = client.post(reverse("dialogue_new"), data)

    assert response.status_code == 200
    assert "Thời gian đối thoại phải ở tương lai." in response.content.decode()
    assert not Dialogue.objects.exists()


def test_the_list_page_makes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for _ in range(3):
        dialogue_scene(world)
    Dialogue.objects.filter(pk=Dialogue.objects.first().pk).update(status=DialogueStatus.HELD)

    with django_assert_max_num_queries(6):
        response = Client().get(reverse("dialogues"))

    assert response.content.decode().count('data-testid="dialogue-item"') == 3


def test_the_place_is_a_field_to_type_in_not_a_list_of_every_commune(world):
    client = Client()
    sign_in(client, world.admin)

    page = client.get(reverse("dialogue_new")).content.decode()

    # An administrator may pick any of the country's communes: none is sent as an option.
    assert page.count("<option") < 100
    assert f'data-area-search="{reverse("areas_search_json")}"' in page
    assert 'name="area"' in page


@pytest.mark.parametrize(
    ("typed", "made"),
    [
        ("00004", True),  # the code
        ("Phường Ba Đình, Thành phố Hà Nội (00004)", True),  # a suggestion as shown
        ("00127", False),  # a commune outside the leader's province
        ("Ba Đình", False),  # a name alone is ambiguous: the suggestions give its code
    ],
)
def test_the_place_is_read_from_its_code_and_refused_outside_the_leader_s_area(
    world, typed, made
):
    client = Client()
    client.force_login(world.leader_a)
    data = _new_dialogue_data(world) | {"area": typed}

    response = client.post(reverse("dialogue_new"), data)

    assert Dialogue.objects.exists() == made
    if not made:
        assert response.status_code == 200
        assert "Không tìm thấy địa bàn này trong phạm vi của bạn." in response.content.decode()
