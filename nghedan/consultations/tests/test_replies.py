"""The agency's reply (tiếp thu, giải trình): dispositions with reasons, the summary rows
and counts, the PDF and Excel files, and publishing the report."""

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from nghedan.consultations import reports
from nghedan.consultations.actions.replies import (
    NOTIFY_TASK,
    comment_dispose,
    report_publish,
    report_rows,
    report_summary,
)
from nghedan.consultations.models import (
    Comment,
    Consultation,
    ConsultationEvent,
    Disposition,
    Section,
    Statement,
    StatementStatus,
    StatementVote,
)
from nghedan.jobs.models import Job
from nghedan.jobs.registry import TASKS
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, NotPermitted

TITLE = "Dự thảo Quy định đóng góp xây dựng nhà văn hóa tổ dân phố"


def consultation_of(world, *, status="open", **fields) -> Consultation:
    now = clock.now()
    consultation = Consultation.objects.create(
        agency=world.agency_a,
        kind="regulation",
        title=TITLE,
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=10),
        status=status,
        created_by=world.leader_a,
        **fields,
    )
    consultation.areas.add(world.ba_dinh)
    return consultation


def comment_on(consultation, author, text, *, section=None, **fields) -> Comment:
    return Comment.objects.create(
        consultation=consultation,
        section=section,
        author=author,
        text=text,
        public_text=text,
        **fields,
    )


@pytest.fixture
def scene(world):
    consultation = consultation_of(world)
    section = Section.objects.create(
        consultation=consultation, order=1, level="article", heading="Điều 3. Mức đóng góp"
    )
    comment = comment_on(
        consultation, world.citizen, "Mức 200.000 đồng mỗi hộ là quá cao.", section=section
    )
    return consultation, section, comment


def snapshot(comment):
    comment.refresh_from_db()
    return (
        comment.disposition,
        comment.disposition_reason,
        comment.disposed_by_id,
        ConsultationEvent.objects.count(),
    )


@pytest.mark.parametrize("persona", ["officer_a", "leader_a"])
def test_staff_of_the_agency_dispose_of_a_comment_with_a_reason(world, scene, persona):
    consultation, _section, comment = scene

    done = comment_dispose(
        acting_user=getattr(world, persona),
        comment=comment,
        disposition=Disposition.PARTLY,
        reason="  Giảm còn 150.000 đồng;   hộ nghèo được miễn. ",
    )

    assert (done.disposition, done.disposition_reason, done.disposed_by) == (
        "partly",
        "Giảm còn 150.000 đồng; hộ nghèo được miễn.",
        getattr(world, persona),
    )
    assert done.disposed_at is not None
    event = ConsultationEvent.objects.get()
    assert (event.action, event.data) == (
        "comment_disposed",
        {"comment": comment.pk, "disposition": "partly", "previous": ""},
    )


def test_a_disposition_may_be_revised_and_the_event_keeps_the_previous_one(world, scene):
    _consultation, _section, comment = scene
    comment_dispose(
        acting_user=world.officer_a, comment=comment, disposition="explained", reason="Lý do một"
    )
    comment_dispose(
        acting_user=world.leader_a, comment=comment, disposition="accepted", reason="Lý do hai"
    )

    comment.refresh_from_db()
    assert (comment.disposition, comment.disposed_by) == ("accepted", world.leader_a)
    assert [e.data["previous"] for e in ConsultationEvent.objects.all()] == ["", "explained"]


@pytest.mark.parametrize(
    "persona", ["citizen", "other_citizen", "officer_b", "supervisor", "admin"]
)
def test_only_staff_of_the_agency_may_dispose_and_a_refusal_changes_nothing(world, scene, persona):
    _consultation, _section, comment = scene
    before = snapshot(comment)

    with pytest.raises(NotPermitted):
        comment_dispose(
            acting_user=getattr(world, persona),
            comment=comment,
            disposition="accepted",
            reason="Đồng ý tiếp thu.",
        )

    assert snapshot(comment) == before


def test_bad_input_reply_and_finished_consultation_are_refused_without_a_change(world, scene):
    consultation, _section, comment = scene
    reply = comment_on(consultation, world.other_citizen, "Tôi đồng ý.", parent=comment)
    before = snapshot(comment)
    cases = [
        (comment, "accepted", "ok", "too_short"),
        (comment, "maybe", "Lý do đủ dài.", "bad_disposition"),
        (reply, "accepted", "Lý do đủ dài.", "not_top_level"),
    ]
    for target, disposition, reason, code in cases:
        with pytest.raises(ActionError) as refused:
            comment_dispose(
                acting_user=world.officer_a, comment=target, disposition=disposition, reason=reason
            )
        assert refused.value.code == code

    for status in ("draft", "done"):
        Consultation.objects.filter(pk=consultation.pk).update(status=status)
        with pytest.raises(ActionError) as refused:
            comment_dispose(
                acting_user=world.officer_a,
                comment=comment,
                disposition="accepted",
                reason="Được tiếp thu.",
            )
        assert refused.value.code == "bad_status"

    assert snapshot(comment) == before
    reply.refresh_from_db()
    assert reply.disposition == ""


def test_a_closed_consultation_still_takes_dispositions(world, scene):
    consultation, _section, comment = scene
    Consultation.objects.filter(pk=consultation.pk).update(status="closed")

    comment_dispose(
        acting_user=world.officer_a, comment=comment, disposition="accepted", reason="Tiếp thu."
    )

    assert snapshot(comment)[0] == "accepted"


def hand_built_report(world):
    """Sections 1 and 2; a comment on the whole draft, two on section 2 and one on section
    1; a reply, a hidden and a flagged comment (left out); two approved statements with
    three votes, one rejected statement with a vote (left out)."""
    consultation = consultation_of(world, status="closed")
    first = Section.objects.create(
        consultation=consultation, order=1, level="article", heading="Điều 1. Phạm vi"
    )
    second = Section.objects.create(
        consultation=consultation, order=2, level="article", heading="Điều 2. Mức đóng góp"
    )
    on_second = comment_on(
        consultation, world.citizen, "Mức đóng góp quá cao.", section=second, support=5, oppose=1
    )
    whole = comment_on(consultation, world.other_citizen, "Cần công khai chi tiêu.")
    on_first = comment_on(consultation, world.citizen, "Phạm vi chưa rõ.", section=first)
    later_second = comment_on(consultation, world.officer_b, "Nên chia hai đợt.", section=second)
    comment_on(consultation, world.other_citizen, "Đồng ý.", parent=on_second, section=second)
    comment_on(consultation, world.supervisor, "Bị ẩn.", hidden_reason="Xúc phạm")
    comment_on(consultation, world.supervisor, "Chờ duyệt.", flagged=True)
    for comment, disposition in [(on_second, "partly"), (whole, "accepted"), (on_first, "")]:
        Comment.objects.filter(pk=comment.pk).update(
            disposition=disposition,
            disposition_reason=f"Lý do {disposition}" if disposition else "",
        )
    one = Statement.objects.create(
        consultation=consultation, text="A", author=world.citizen, status=StatementStatus.APPROVED
    )
    two = Statement.objects.create(
        consultation=consultation, text="B", author=world.citizen, status=StatementStatus.APPROVED
    )
    rejected = Statement.objects.create(
        consultation=consultation, text="C", author=world.citizen, status=StatementStatus.REJECTED
    )
    StatementVote.objects.create(statement=one, participant=world.citizen, value=1)
    StatementVote.objects.create(statement=two, participant=world.citizen, value=-1)
    StatementVote.objects.create(statement=one, participant=world.admin, value=0)
    StatementVote.objects.create(statement=rejected, participant=world.leader_a, value=1)
    return consultation, (whole, on_first, on_second, later_second)


def test_report_rows_follow_the_draft_and_show_only_visible_top_level_comments(world):
    consultation, (whole, on_first, on_second, later_second) = hand_built_report(world)

    rows = report_rows(consultation)

    assert [
        (
            r["number"],
            r["comment_id"],
            r["section"],
            r["text"],
            r["support"],
            r["oppose"],
            r["disposition"],
            r["disposition_label"],
            r["reason"],
        )
        for r in rows
    ] == [
        (
            1,
            whole.pk,
            "Toàn văn",
            "Cần công khai chi tiêu.",
            0,
            0,
            "accepted",
            "Tiếp thu",
            "Lý do accepted",
        ),
        (
            2,
            on_first.pk,
            "Điều 1. Phạm vi",
            "Phạm vi chưa rõ.",
            0,
            0,
            "",
            "Chưa tiếp thu, giải trình",
            "",
        ),
        (
            3,
            on_second.pk,
            "Điều 2. Mức đóng góp",
            "Mức đóng góp quá cao.",
            5,
            1,
            "partly",
            "Tiếp thu một phần",
            "Lý do partly",
        ),
        (
            4,
            later_second.pk,
            "Điều 2. Mức đóng góp",
            "Nên chia hai đợt.",
            0,
            0,
            "",
            "Chưa tiếp thu, giải trình",
            "",
        ),
    ]


def test_report_summary_counts_by_disposition_people_statements_and_votes(world):
    consultation, _comments = hand_built_report(world)

    summary = report_summary(consultation)

    assert summary["by_disposition"] == {
        "": 2,
        "accepted": 1,
        "partly": 1,
        "explained": 0,
        "not_accepted": 0,
    }
    # citizen, other_citizen, officer_b (comments) and admin (a vote); the hidden and
    # flagged author and the vote on the rejected statement do not count.
    assert (
        summary["comments"],
        summary["replies"],
        summary["participants"],
        summary["statements"],
        summary["votes"],
    ) == (4, 1, 4, 2, 3)
    assert [(i["value"], i["count"]) for i in summary["disposition_rows"]] == [
        ("accepted", 1),
        ("partly", 1),
        ("explained", 0),
        ("not_accepted", 0),
        ("", 2),
    ]


def test_the_pdf_is_an_a4_document_with_pages_for_every_row(world):
    consultation, _comments = hand_built_report(world)

    data = reports.report_pdf(consultation)
    document = reports.report_document(consultation)

    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(data) > 10_000  # the embedded Vietnamese font subset
    assert document.pages_count == 1
    assert b"/MediaBox [0 0 595.28 841.89]" in data  # A4 portrait
    assert b"/Count 1\n" in data
    assert b"DejaVu" in data


def test_a_long_table_runs_over_several_pages(world):
    consultation = consultation_of(world, status="closed")
    for n in range(60):
        comment_on(
            consultation,
            world.citizen,
            f"Ý kiến số {n}: " + "đề nghị làm rõ mức đóng góp của hộ gia đình chính sách. " * 4,
            disposition="explained",
            disposition_reason="Giải trình: mức đóng góp theo nghị quyết của hội nghị. " * 3,
        )

    document = reports.report_document(consultation)

    assert document.pages_count >= 3
    assert f"/Count {document.pages_count}\n".encode() in bytes(document.output())
    assert reports.report_pdf(consultation).startswith(b"%PDF-")


def test_the_workbook_has_the_table_and_the_counts(world):
    consultation, (whole, *_rest) = hand_built_report(world)

    book = load_workbook(io.BytesIO(reports.report_xlsx(consultation)))

    assert book.sheetnames == ["Tổng hợp", "Số liệu"]
    table = book["Tổng hợp"]
    assert [c.value for c in table[1]] == list(reports.HEADINGS)
    assert all(c.font.bold for c in table[1])
    assert table.freeze_panes == "A2"
    assert table.max_row == 5
    assert [c.value for c in table[2]] == [
        1,
        "Toàn văn",
        "Cần công khai chi tiêu.",
        "0 / 0",
        "Tiếp thu",
        "Lý do accepted",
    ]
    assert table["F2"].alignment.wrap_text
    assert table.column_dimensions["C"].width == 60
    counts = {row[0]: row[1] for row in book["Số liệu"].iter_rows(values_only=True) if row[0]}
    assert counts["Dự thảo"] == TITLE
    assert counts["Cơ quan"] == world.agency_a.name
    assert (counts["Số ý kiến"], counts["Số người tham gia"], counts["Tiếp thu"]) == (4, 4, 1)
    assert counts["Chưa tiếp thu, giải trình"] == 2


@pytest.fixture
def notify_task(monkeypatch):
    """The drafts module registers the followers' task; stand in for it if it has not."""
    if NOTIFY_TASK not in TASKS:
        monkeypatch.setitem(TASKS, NOTIFY_TASK, lambda **payload: None)


def test_the_leader_publishes_the_report_and_followers_are_told_in_the_background(
    world, notify_task
):
    consultation = consultation_of(world, status="closed")
    comment_on(consultation, world.citizen, "Ý kiến.", disposition="accepted")

    report_publish(acting_user=world.leader_a, consultation=consultation)

    consultation.refresh_from_db()
    assert consultation.report_published_at is not None
    assert list(ConsultationEvent.objects.values_list("action", flat=True)) == ["report_published"]
    job = Job.objects.get(key=f"consultation-report:{consultation.pk}")
    assert (job.name, job.payload) == (
        NOTIFY_TASK,
        {"consultation_id": consultation.pk, "what": "report_published"},
    )


def test_publishing_is_refused_to_others_while_open_twice_or_with_comments_unanswered(
    world, notify_task
):
    consultation = consultation_of(world, status="open")
    comment = comment_on(consultation, world.citizen, "Ý kiến.")

    def refused(user) -> str:
        with pytest.raises(ActionError) as error:
            report_publish(acting_user=user, consultation=consultation)
        return error.value.code

    assert refused(world.officer_a) == "not_permitted"
    assert refused(world.citizen) == "not_permitted"
    assert refused(world.leader_a) == "bad_status"
    Consultation.objects.filter(pk=consultation.pk).update(status="closed")
    assert refused(world.leader_a) == "undisposed"
    assert (ConsultationEvent.objects.count(), Job.objects.count()) == (0, 0)
    consultation.refresh_from_db()
    assert consultation.report_published_at is None

    Comment.objects.filter(pk=comment.pk).update(disposition="not_accepted")
    report_publish(acting_user=world.leader_a, consultation=consultation)
    assert refused(world.leader_a) == "already_published"
    assert (ConsultationEvent.objects.count(), Job.objects.count()) == (1, 1)
