"""Dialogues: a leader schedules a session with an agenda; people ask questions before
the deadline and vote them up, once each; the host hides, answers and records it; a
leader under discipline may not host; those asking are reminded the day before."""

from datetime import timedelta

import pytest

from nghedan.accounts.models import DisciplineRecord
from nghedan.audit.models import AuditEntry
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, NotPermitted
from nghedan.notifications.models import Notification
from nghedan.reception.actions.dialogues import (
    dialogue_record,
    dialogue_schedule,
    question_answer,
    question_ask,
    question_hide,
    question_vote,
)
from nghedan.reception.models import (
    Dialogue,
    DialogueQuestion,
    DialogueStatus,
    QuestionVote,
    ReceptionEvent,
)
from nghedan.reception.tasks_dialogues import dialogue_reminders

pytestmark = pytest.mark.django_db
QUESTION = "Khi nào phường nạo vét cống thoát nước trên phố Đội Cấn để hết ngập?"


def schedule(world, *, acting_user=None, host=None, days: int = 7, **overrides) -> Dialogue:
    starts = clock.now() + timedelta(days=days)
    fields = {
        "title": "Đối thoại với nhân dân phường Ba Đình về ngập úng",
        "audience": "residents",
        "area": world.ba_dinh,
        "starts_at": starts,
        "place": "Hội trường UBND phường Ba Đình",
        "agenda": "1. Báo cáo tình hình ngập úng.\n2. Trả lời câu hỏi của nhân dân.",
        "questions_close_at": starts - timedelta(days=1),
    }
    fields.update(overrides)
    return dialogue_schedule(
        acting_user=acting_user or world.leader_a, host=host or world.leader_a, **fields
    )


def counts() -> tuple[int, int, int, int, int]:
    return (
        Dialogue.objects.count(),
        DialogueQuestion.objects.count(),
        QuestionVote.objects.count(),
        ReceptionEvent.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_leader_schedules_a_dialogue_in_the_agency_s_area(world):
    dialogue = schedule(world)

    assert dialogue.agency == world.agency_a
    assert dialogue.host == world.leader_a
    assert dialogue.status == DialogueStatus.PLANNED
    event = ReceptionEvent.objects.get()
    assert (event.action, event.dialogue, event.actor) == (
        "dialogue_scheduled",
        dialogue,
        world.leader_a,
    )
    assert AuditEntry.objects.filter(action="reception.dialogue_scheduled").count() == 1


def test_an_admin_schedules_a_dialogue_for_a_leader(world):
    dialogue = schedule(world, acting_user=world.admin)

    assert dialogue.host == world.leader_a
    assert ReceptionEvent.objects.get().actor == world.admin


@pytest.mark.parametrize("persona", ["citizen", "officer_a", "officer_b", "supervisor"])
def test_only_leaders_and_admins_schedule(world, persona):
    before = counts()

    with pytest.raises(NotPermitted):
        schedule(world, acting_user=getattr(world, persona))

    assert counts() == before


def test_the_host_must_be_a_leader_of_the_agency_and_the_area_within_it(world):
    before = counts()

    with pytest.raises(ActionError) as officer:
        schedule(world, host=world.officer_a)
    with pytest.raises(ActionError) as elsewhere:
        schedule(world, area=world.hoan_kiem)
    with pytest.raises(ActionError) as province:
        schedule(world, area=world.hanoi)

    assert (officer.value.field, elsewhere.value.field, province.value.field) == (
        "host",
        "area",
        "area",
    )
    assert counts() == before


def test_a_province_agency_may_hold_a_dialogue_in_one_of_its_communes(world):
    from django.contrib.auth import get_user_model

    leader = get_user_model().objects.create_user(
        username="lanhdao_hn", role="leader", agency=world.hanoi_ubnd
    )

    dialogue = schedule(world, acting_user=leader, host=leader, area=world.ba_dinh)

    assert (dialogue.agency, dialogue.area) == (world.hanoi_ubnd, world.ba_dinh)


def test_the_dialogue_starts_in_the_future_and_questions_close_before_it(world):
    now = clock.now()
    before = counts()

    with pytest.raises(ActionError) as past:
        schedule(
            world, starts_at=now - timedelta(hours=1), questions_close_at=now - timedelta(days=1)
        )
    with pytest.raises(ActionError) as late:
        schedule(world, questions_close_at=now + timedelta(days=8))

    assert (past.value.code, late.value.code) == ("starts_in_past", "questions_close_late")
    assert counts() == before


def test_a_leader_under_discipline_may_not_host_and_nothing_is_written(world):
    starts = clock.now() + timedelta(days=7)
    DisciplineRecord.objects.create(
        user=world.leader_a,
        kind="warning",
        reason="Vi phạm quy định tiếp công dân.",
        valid_from=clock.today() - timedelta(days=30),
    )
    before = counts()

    with pytest.raises(ActionError) as refused:
        schedule(world, starts_at=starts, questions_close_at=starts - timedelta(days=1))

    assert refused.value.code == "under_discipline"
    assert str(refused.value.message) == (
        "Lanhdao_A đang chịu hình thức kỷ luật Cảnh cáo (hiệu lực từ "
        f"{(clock.today() - timedelta(days=30)):%d/%m/%Y}), "
        "không được phân công chủ trì đối thoại."
    )
    assert counts() == before


def test_discipline_ended_before_the_day_does_not_stop_the_dialogue(world):
    today = clock.today()
    DisciplineRecord.objects.create(
        user=world.leader_a,
        kind="reprimand",
        reason="Chậm trả lời đơn.",
        valid_from=today - timedelta(days=60),
        valid_to=today + timedelta(days=2),
    )

    dialogue = schedule(world, days=7)

    assert dialogue.pk


def test_people_ask_questions_shown_without_personal_data(world):
    dialogue = schedule(world)

    question = question_ask(
        acting_user=world.citizen,
        dialogue=dialogue,
        text="  Nhà tôi ở   số nhà 12 ngõ 3 phố Huế, gọi 0912345678. Khi nào hết ngập?  ",
    )

    assert question.text == "Nhà tôi ở số nhà 12 ngõ 3 phố Huế, gọi 0912345678. Khi nào hết ngập?"
    assert "0912345678" not in question.public_text
    assert "[số điện thoại]" in question.public_text
    assert "12" not in question.public_text
    assert ReceptionEvent.objects.filter(action="question_asked").count() == 1


@pytest.mark.parametrize("text", ["Ngắn quá", "x" * 2001, "   "])
def test_a_question_is_ten_to_two_thousand_characters(world, text):
    dialogue = schedule(world)
    before = counts()

    with pytest.raises(ActionError) as refused:
        question_ask(acting_user=world.citizen, dialogue=dialogue, text=text)

    assert refused.value.field == "text"
    assert counts() == before


def test_questions_close_at_the_deadline(world):
    dialogue = schedule(world)
    Dialogue.objects.filter(pk=dialogue.pk).update(
        questions_close_at=clock.now() - timedelta(minutes=1)
    )
    dialogue.refresh_from_db()
    before = counts()

    with pytest.raises(ActionError) as refused:
        question_ask(acting_user=world.citizen, dialogue=dialogue, text=QUESTION)

    assert refused.value.code == "questions_closed"
    assert str(refused.value.message) == "Buổi đối thoại đã hết hạn nhận câu hỏi."
    assert counts() == before


def test_anonymous_visitors_may_not_ask(world):
    from django.contrib.auth.models import AnonymousUser

    dialogue = schedule(world)

    with pytest.raises(NotPermitted):
        question_ask(acting_user=AnonymousUser(), dialogue=dialogue, text=QUESTION)


def test_each_person_votes_once_and_votes_order_the_questions(world):
    dialogue = schedule(world)
    first = question_ask(acting_user=world.citizen, dialogue=dialogue, text=QUESTION)
    second = question_ask(
        acting_user=world.other_citizen,
        dialogue=dialogue,
        text="Đề nghị phường công khai kế hoạch cải tạo vỉa hè phố Đội Cấn.",
    )

    question_vote(acting_user=world.citizen, question=second)
    again = question_vote(acting_user=world.citizen, question=second)
    question_vote(acting_user=world.officer_a, question=second)
    question_vote(acting_user=world.other_citizen, question=first)

    assert again.votes == 1
    second.refresh_from_db()
    assert second.votes == 2
    assert QuestionVote.objects.filter(question=second).count() == 2
    assert list(dialogue.questions.all()) == [second, first]
    assert ReceptionEvent.objects.filter(action="question_voted").count() == 3


def test_hidden_questions_and_held_dialogues_take_no_votes(world):
    dialogue = schedule(world)
    question = question_ask(acting_user=world.citizen, dialogue=dialogue, text=QUESTION)
    visible = question_ask(
        acting_user=world.other_citizen,
        dialogue=dialogue,
        text="Đề nghị phường công khai kế hoạch cải tạo vỉa hè phố Đội Cấn.",
    )
    question_hide(acting_user=world.leader_a, question=question, reason="Trùng câu hỏi khác.")
    before = counts()

    with pytest.raises(ActionError) as hidden:
        question_vote(acting_user=world.other_citizen, question=question)
    Dialogue.objects.filter(pk=dialogue.pk).update(status=DialogueStatus.HELD)
    with pytest.raises(ActionError) as held:
        question_vote(acting_user=world.citizen, question=visible)

    assert (hidden.value.code, held.value.code) == ("question_hidden", "dialogue_over")
    assert counts() == before


def test_the_host_hides_a_question_which_is_kept_with_the_reason(world):
    dialogue = schedule(world)
    question = question_ask(acting_user=world.citizen, dialogue=dialogue, text=QUESTION)

    question_hide(acting_user=world.leader_a, question=question, reason="Lời lẽ xúc phạm.")

    question.refresh_from_db()
    assert question.hidden_reason == "Lời lẽ xúc phạm."
    event = ReceptionEvent.objects.get(action="question_hidden")
    assert event.data == {"question": question.pk, "reason": "Lời lẽ xúc phạm."}
    assert AuditEntry.objects.filter(action="reception.question_hidden").count() == 1


@pytest.mark.parametrize("persona", ["citizen", "officer_a", "officer_b", "supervisor"])
def test_others_may_not_hide_answer_or_record(world, persona):
    dialogue = schedule(world)
    question = question_ask(acting_user=world.citizen, dialogue=dialogue, text=QUESTION)
    user = getattr(world, persona)
    before = counts()

    with pytest.raises(NotPermitted):
        question_hide(acting_user=user, question=question, reason="Không phù hợp.")
    with pytest.raises(NotPermitted):
        question_answer(acting_user=user, question=question, answer="Đã có kế hoạch nạo vét.")
    with pytest.raises(NotPermitted):
        dialogue_record(acting_user=user, dialogue=dialogue, record="Biên bản buổi đối thoại.")

    question.refresh_from_db()
    assert (question.hidden_reason, question.answered) == ("", False)
    assert counts() == before


def test_the_host_answers_and_records_the_held_dialogue(world):
    dialogue = schedule(world)
    question = question_ask(acting_user=world.citizen, dialogue=dialogue, text=QUESTION)
    Dialogue.objects.filter(pk=dialogue.pk).update(starts_at=clock.now() - timedelta(hours=1))
    dialogue.refresh_from_db()

    question_answer(
        acting_user=world.leader_a,
        question=question,
        answer="Phường sẽ nạo vét cống trong tháng 12, xong trước Tết.",
    )
    dialogue_record(
        acting_user=world.leader_a,
        dialogue=dialogue,
        record="Buổi đối thoại có 80 người dự; lãnh đạo phường trả lời 12 câu hỏi.",
    )

    question.refresh_from_db()
    dialogue.refresh_from_db()
    assert question.answered is True
    assert question.answer == "Phường sẽ nạo vét cống trong tháng 12, xong trước Tết."
    assert dialogue.status == DialogueStatus.HELD
    assert dialogue.record.startswith("Buổi đối thoại có 80 người dự")
    assert ReceptionEvent.objects.get(action="dialogue_held").data == {"answered": 1}


def test_the_record_is_twenty_characters_and_only_once_the_dialogue_began(world):
    dialogue = schedule(world)
    before = counts()

    with pytest.raises(ActionError) as early:
        dialogue_record(
            acting_user=world.leader_a,
            dialogue=dialogue,
            record="Buổi đối thoại có 80 người dự, đã trả lời.",
        )
    Dialogue.objects.filter(pk=dialogue.pk).update(starts_at=clock.now() - timedelta(hours=1))
    with pytest.raises(ActionError) as short:
        dialogue_record(acting_user=world.leader_a, dialogue=dialogue, record="Đã họp.")

    assert (early.value.code, short.value.code) == ("not_started", "too_short")
    dialogue.refresh_from_db()
    assert (dialogue.status, dialogue.record) == (DialogueStatus.PLANNED, "")
    assert counts() == before


def test_those_who_asked_or_voted_are_reminded_once_the_day_before(world):
    dialogue = schedule(world, days=7)
    later = schedule(world, days=3)
    question = question_ask(acting_user=world.citizen, dialogue=dialogue, text=QUESTION)
    question_vote(acting_user=world.other_citizen, question=question)
    question_vote(acting_user=world.citizen, question=question)
    question_ask(acting_user=world.officer_a, dialogue=later, text=QUESTION)
    Dialogue.objects.filter(pk=dialogue.pk).update(starts_at=clock.now() + timedelta(hours=20))

    dialogue_reminders()
    dialogue_reminders()

    reminders = Notification.objects.filter(kind="dialogue_reminder")
    assert sorted(reminders.values_list("recipient__username", flat=True)) == [
        "nguoidan",
        "nguoikhac",
    ]
    assert reminders.first().title.startswith("Nhắc lịch: đối thoại")
    assert "Hội trường UBND phường Ba Đình" in reminders.first().body
