"""Participation actions: comments and replies, redaction, the abusive-language screen,
reactions, reports, moderation, statements, votes, the opinion groups, and verifying an
account.

`participation_scene` is the given of these tests, of the page tests and of the role
matrix rows for participation: an open consultation of agency A (Ba Đình) with a section,
an approved statement and a comment by the other citizen; the citizen is verified."""

from collections import Counter
from datetime import timedelta

import pytest

from nghedan.accounts.verification import (
    verification_confirm,
    verification_send,
)
from nghedan.consultations.actions import participation as actions
from nghedan.consultations.models import (
    AbuseReport,
    Comment,
    CommentReaction,
    Consultation,
    ConsultationEvent,
    ConsultationKind,
    ConsultationStatus,
    OpinionSnapshot,
    Section,
    SectionLevel,
    Statement,
    StatementStatus,
    StatementVote,
)
from nghedan.consultations.tasks_participation import recompute_groups
from nghedan.jobs.models import Job
from nghedan.lib import clock
from nghedan.lib.errors import ActionError

TITLE = "Dự thảo quy định về trật tự vỉa hè phường Ba Đình"
COMMENT = "Đề nghị dành một nửa vỉa hè cho người đi bộ."
STATEMENT = "Vỉa hè phải dành ít nhất một nửa cho người đi bộ."


def open_consultation(world, *, agency=None, **overrides) -> Consultation:
    now = clock.now()
    fields = {
        "agency": agency or world.agency_a,
        "kind": ConsultationKind.REGULATION,
        "title": TITLE,
        "summary": "Quy định việc sử dụng tạm thời một phần vỉa hè.",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        "status": ConsultationStatus.OPEN,
        "created_by": world.officer_a,
    }
    fields.update(overrides)
    consultation = Consultation.objects.create(**fields)
    consultation.areas.add(world.ba_dinh)
    return consultation


def participation_scene(world) -> dict:
    consultation = open_consultation(world)
    section = Section.objects.create(
        consultation=consultation,
        order=1,
        level=SectionLevel.ARTICLE,
        heading="Điều 1. Phạm vi điều chỉnh",
        text="Quy định này áp dụng cho các tuyến phố trên địa bàn phường.",
    )
    statement = Statement.objects.create(
        consultation=consultation,
        text=STATEMENT,
        author=world.officer_a,
        by_agency=True,
        status=StatementStatus.APPROVED,
    )
    comment = Comment.objects.create(
        consultation=consultation,
        section=section,
        author=world.other_citizen,
        text=COMMENT,
        public_text=COMMENT,
    )
    world.citizen.email = "nguoidan@example.vn"
    world.citizen.email_verified_at = clock.now()
    world.citizen.save(update_fields=["email", "email_verified_at"])
    return {
        "consultation": consultation,
        "section": section,
        "statement": statement,
        "comment": comment,
    }


# --- Tests of the actions ---------------------------------------------------------------


@pytest.fixture
def scene(world):
    return participation_scene(world)


def events(action: str | None = None) -> int:
    rows = ConsultationEvent.objects.all()
    return (rows.filter(action=action) if action else rows).count()


def test_a_citizen_comments_on_a_section_with_one_event(world, scene):
    comment = actions.comment_add(
        acting_user=world.citizen,
        consultation=scene["consultation"],
        section=scene["section"],
        text="  Nên   quy định rõ giờ được dùng vỉa hè.  ",
    )
    assert comment.text == "Nên quy định rõ giờ được dùng vỉa hè."
    assert comment.section == scene["section"]
    assert not comment.flagged
    assert events("comment_added") == 1


def test_a_comment_on_the_whole_draft_has_no_section(world, scene):
    comment = actions.comment_add(
        acting_user=world.citizen, consultation=scene["consultation"], text="Tôi đồng ý dự thảo."
    )
    assert comment.section is None and comment.parent is None


def test_a_reply_joins_the_thread_of_its_comment_on_the_same_section(world, scene):
    reply = actions.comment_add(
        acting_user=world.citizen,
        consultation=scene["consultation"],
        parent=scene["comment"],
        text="Tôi đồng ý với ý kiến này.",
    )
    reply_to_reply = actions.comment_add(
        acting_user=world.other_citizen,
        consultation=scene["consultation"],
        parent=reply,
        text="Cảm ơn bạn đã ủng hộ.",
    )
    assert reply.parent == scene["comment"] and reply.section == scene["section"]
    assert reply_to_reply.parent == scene["comment"]
    assert events("comment_reply") == 2


def test_personal_data_is_redacted_in_the_public_text_only(world, scene):
    comment = actions.comment_add(
        acting_user=world.citizen,
        consultation=scene["consultation"],
        text="Liên hệ tôi qua số 0912345678 hoặc an@example.vn để bàn thêm.",
    )
    assert "0912345678" in comment.text
    assert "0912345678" not in comment.public_text
    assert "an@example.vn" not in comment.public_text
    assert "[số điện thoại]" in comment.public_text


@pytest.mark.parametrize(
    "text",
    ["Cán bộ soạn dự thảo này đúng là đồ ngu.", "Bọn mất dạy", "dm cái quy định", "Vcl thật"],
)
def test_abusive_language_flags_the_comment(world, scene, text):
    comment = actions.comment_add(
        acting_user=world.citizen, consultation=scene["consultation"], text=text
    )
    assert comment.flagged
    assert not actions.comment_is_public(comment)


@pytest.mark.parametrize(
    "text",
    ["Quản lý chó nuôi trên vỉa hè", "Cho phép đỗ xe máy", "Đeo khẩu trang", "Danh mục đường"],
)
def test_ordinary_words_are_not_taken_for_abuse(text):
    assert actions.abusive_words(text) == []


def test_a_comment_too_short_or_on_a_closed_consultation_is_refused(world, scene):
    consultation = scene["consultation"]
    with pytest.raises(ActionError) as error:
        actions.comment_add(acting_user=world.citizen, consultation=consultation, text="ok")
    assert error.value.code == "too_short"
    consultation.status = "closed"
    consultation.save()
    with pytest.raises(ActionError) as error:
        actions.comment_add(acting_user=world.citizen, consultation=consultation, text="Ý kiến dài")
    assert error.value.code == "not_open"
    assert consultation.comments.count() == 1 and events() == 0


def test_one_reaction_per_person_which_may_change(world, scene):
    comment = scene["comment"]
    actions.comment_react(acting_user=world.citizen, comment=comment, value=1)
    actions.comment_react(acting_user=world.officer_a, comment=comment, value=1)
    comment.refresh_from_db()
    assert (comment.support, comment.oppose) == (2, 0)
    actions.comment_react(acting_user=world.citizen, comment=comment, value=-1)
    comment.refresh_from_db()
    assert (comment.support, comment.oppose) == (1, 1)
    actions.comment_react(acting_user=world.citizen, comment=comment, value=-1)
    comment.refresh_from_db()
    assert (comment.support, comment.oppose) == (1, 0)
    assert CommentReaction.objects.count() == 1
    assert events() == 4


def test_reacting_to_ones_own_comment_is_refused(world, scene):
    with pytest.raises(ActionError) as error:
        actions.comment_react(acting_user=world.other_citizen, comment=scene["comment"], value=1)
    assert error.value.code == "own_comment"
    assert CommentReaction.objects.count() == 0 and events() == 0


def test_a_report_is_kept_once_per_person(world, scene):
    actions.comment_report(acting_user=world.citizen, comment=scene["comment"], reason="Xúc phạm")
    with pytest.raises(ActionError) as error:
        actions.comment_report(acting_user=world.citizen, comment=scene["comment"], reason="Lại")
    assert error.value.code == "already_reported"
    assert AbuseReport.objects.count() == 1 and events("comment_reported") == 1
    with pytest.raises(ActionError) as error:
        actions.comment_report(
            acting_user=world.other_citizen, comment=scene["comment"], reason="Của tôi"
        )
    assert error.value.code == "own_comment" and AbuseReport.objects.count() == 1


def test_staff_of_the_agency_hide_a_comment_with_a_reason_and_it_is_kept(world, scene):
    actions.comment_report(acting_user=world.citizen, comment=scene["comment"], reason="Xúc phạm")
    comment = actions.comment_hide(
        acting_user=world.officer_a, comment=scene["comment"], reason="Ngôn từ xúc phạm"
    )
    comment.refresh_from_db()
    assert comment.hidden_reason == "Ngôn từ xúc phạm" and comment.hidden_by == world.officer_a
    assert AbuseReport.objects.get().resolved_at is not None
    assert events("comment_hidden") == 1


@pytest.mark.parametrize("persona", ["officer_b", "citizen", "supervisor"])
def test_others_may_not_hide_a_comment(world, scene, persona):
    with pytest.raises(ActionError) as error:
        actions.comment_hide(
            acting_user=getattr(world, persona), comment=scene["comment"], reason="Không thích"
        )
    assert error.value.code == "not_permitted"
    scene["comment"].refresh_from_db()
    assert scene["comment"].hidden_reason == "" and events() == 0


def test_a_moderator_clears_a_flagged_comment_and_it_shows(world, scene):
    flagged = actions.comment_add(
        acting_user=world.citizen, consultation=scene["consultation"], text="Đồ ngu mới nghĩ vậy"
    )
    actions.comment_clear(acting_user=world.leader_a, comment=flagged)
    flagged.refresh_from_db()
    assert actions.comment_is_public(flagged)
    assert events("comment_cleared") == 1


def test_the_agencys_statements_are_approved_and_participants_wait(world, scene):
    own = actions.statement_add(
        acting_user=world.officer_a, consultation=scene["consultation"], text="Cần thêm bãi đỗ xe."
    )
    theirs = actions.statement_add(
        acting_user=world.citizen, consultation=scene["consultation"], text="Cấm bán hàng rong."
    )
    assert (own.status, own.by_agency) == ("approved", True)
    assert (theirs.status, theirs.by_agency) == ("pending", False)
    actions.statement_moderate(acting_user=world.officer_a, statement=theirs, approve=True)
    theirs.refresh_from_db()
    assert theirs.status == "approved"
    assert events() == 3


def test_a_rejection_needs_a_reason_and_officer_b_cannot_moderate(world, scene):
    theirs = actions.statement_add(
        acting_user=world.citizen, consultation=scene["consultation"], text="Cấm bán hàng rong."
    )
    with pytest.raises(ActionError) as error:
        actions.statement_moderate(acting_user=world.officer_a, statement=theirs, approve=False)
    assert error.value.code == "reason_required"
    with pytest.raises(ActionError) as error:
        actions.statement_moderate(acting_user=world.officer_b, statement=theirs, approve=True)
    assert error.value.code == "not_permitted"
    theirs.refresh_from_db()
    assert theirs.status == "pending" and events() == 1


def test_voting_needs_a_verified_account(world, scene):
    with pytest.raises(ActionError) as error:
        actions.statement_vote(
            acting_user=world.other_citizen, statement=scene["statement"], value=1
        )
    assert error.value.code == "not_verified"
    assert "xác minh" in str(error.value.message)
    assert StatementVote.objects.count() == 0 and events() == 0 and Job.objects.count() == 0


def test_one_vote_per_person_a_new_one_replaces_it(world, scene):
    actions.statement_vote(acting_user=world.citizen, statement=scene["statement"], value=1)
    actions.statement_vote(acting_user=world.citizen, statement=scene["statement"], value=-1)
    assert list(StatementVote.objects.values_list("value", flat=True)) == [-1]
    assert events("statement_voted") == 2
    # A burst of votes in one minute recomputes the groups once.
    assert Job.objects.filter(name="consultations.recompute_groups").count() == 1


def test_a_pending_statement_cannot_be_voted_on(world, scene):
    pending = actions.statement_add(
        acting_user=world.other_citizen, consultation=scene["consultation"], text="Cấm đỗ ô tô."
    )
    with pytest.raises(ActionError) as error:
        actions.statement_vote(acting_user=world.citizen, statement=pending, value=1)
    assert error.value.code == "not_approved"


def test_recomputing_the_groups_stores_a_snapshot_with_two_groups(world, scene):
    from django.contrib.auth import get_user_model

    from nghedan.consultations.models import Statement

    consultation = scene["consultation"]
    statements = [scene["statement"]] + [
        Statement.objects.create(
            consultation=consultation,
            text=f"Nhận định số {n}",
            author=world.officer_a,
            by_agency=True,
            status="approved",
        )
        for n in range(2, 7)
    ]
    users = get_user_model().objects
    # Two camps of ten: each agrees with its half and disagrees with the other half;
    # six in each camp pass on one statement each.
    for camp, sign in (("a", 1), ("b", -1)):
        for n in range(10):
            person = users.create_user(username=f"cu_tri_{camp}{n}", password="x")
            for index, statement in enumerate(statements):
                value = 0 if index == n else sign if index < 3 else -sign
                StatementVote.objects.create(statement=statement, participant=person, value=value)
    recompute_groups(consultation_id=consultation.pk)
    snapshot = OpinionSnapshot.objects.get(consultation=consultation)
    assert snapshot.votes == 120
    assert snapshot.result["k"] == 2
    assert sorted(Counter(snapshot.result["groups"].values()).values()) == [10, 10]
    reps = [rep for group in snapshot.result["representative"].values() for rep in group]
    assert reps and all(rep["text"].startswith(("Nhận định", "Vỉa hè")) for rep in reps)
    # Running it again keeps one snapshot.
    recompute_groups(consultation_id=consultation.pk)
    assert OpinionSnapshot.objects.count() == 1


def test_a_code_sent_by_email_verifies_the_account(world, mailoutbox):
    verification_send(user=world.other_citizen, channel="email", address="Khac@Example.vn")
    code = next(w for w in mailoutbox[0].body.split() if w.isdigit() and len(w) == 6)
    assert verification_confirm(user=world.other_citizen, code=code) == "email"
    world.other_citizen.refresh_from_db()
    assert world.other_citizen.email == "khac@example.vn"
    assert world.other_citizen.email_verified_at is not None


def test_a_code_sent_by_sms_goes_through_the_gateway(world, monkeypatch):
    sent = []

    class Gateway:
        def send(self, *, to, text):
            sent.append((to, text))

    monkeypatch.setattr("nghedan.accounts.verification.gateway_for", lambda channel: Gateway())
    verification_send(user=world.other_citizen, channel="phone", address="+84 912 345 678")
    to, text = sent[0]
    assert to == "0912345678"
    code = next(w for w in text.split() if w.isdigit() and len(w) == 6)
    assert verification_confirm(user=world.other_citizen, code=code) == "phone"
    world.other_citizen.refresh_from_db()
    assert world.other_citizen.phone == "0912345678" and world.other_citizen.phone_verified_at


def test_five_wrong_codes_use_up_a_code(world, mailoutbox):
    verification_send(user=world.other_citizen, channel="email", address="k@example.vn")
    code = next(w for w in mailoutbox[0].body.split() if w.isdigit() and len(w) == 6)
    wrong = "000000" if code != "000000" else "111111"
    for _n in range(5):
        with pytest.raises(ActionError) as error:
            verification_confirm(user=world.other_citizen, code=wrong)
        assert error.value.code == "wrong_code"
    with pytest.raises(ActionError) as error:
        verification_confirm(user=world.other_citizen, code=code)
    assert error.value.code == "too_many_attempts"
    world.other_citizen.refresh_from_db()
    assert world.other_citizen.email_verified_at is None


def test_at_most_five_codes_an_hour(world, mailoutbox):
    for _n in range(5):
        verification_send(user=world.other_citizen, channel="email", address="k@example.vn")
    with pytest.raises(ActionError) as error:
        verification_send(user=world.other_citizen, channel="email", address="k@example.vn")
    assert error.value.code == "too_many_codes"
    assert len(mailoutbox) == 5
