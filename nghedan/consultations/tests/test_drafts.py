"""Drafts: reading a draft into sections, and the actions that create, import, publish,
close and follow a consultation."""

import io
from datetime import timedelta

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nghedan.consultations.actions.drafts import (
    attachment_add,
    consultation_close,
    consultation_create,
    consultation_follow,
    consultation_publish,
    draft_import,
    final_text_set,
)
from nghedan.consultations.drafts import (
    SectionIn,
    read_draft,
    sections_from_docx,
    sections_from_markdown,
    sections_from_text,
)
from nghedan.consultations.models import (
    Comment,
    Consultation,
    ConsultationEvent,
    ConsultationKind,
    ConsultationStatus,
    Disposition,
    Section,
)
from nghedan.jobs.models import Job
from nghedan.jobs.runner import run_pending
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, NotPermitted, TransitionNotAllowed
from nghedan.lib.tests.samples import PDF
from nghedan.notifications.models import Notification

LEGAL_TEXT = """Chương I
NHỮNG QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy định này quy định việc thu gom rác thải
sinh hoạt trên địa bàn phường.

Điều 2. Đối tượng áp dụng
1. Hộ gia đình, cá nhân cư trú trên địa bàn.
2. Tổ chức gồm:
a) Doanh nghiệp;
b) Hộ kinh doanh.

Chương II. TRÁCH NHIỆM
Điều 3. Trách nhiệm của Ủy ban nhân dân phường
"""

MARKDOWN = """# Chương I. Quy định chung

## Điều 1. Phạm vi điều chỉnh

Quy định này áp dụng cho **toàn phường**
và các tổ dân phố.

- Thu gom hằng ngày;
- Phân loại tại nguồn.

## Điều 2. Giờ thu gom

Từ 18 giờ đến 21 giờ.
"""


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("Chương I. Quy định chung", level=1)
    document.add_heading("Điều 1. Phạm vi điều chỉnh", level=2)
    document.add_paragraph("Quy định này áp dụng trên địa bàn phường.")
    document.add_paragraph("Điều 2. Đối tượng áp dụng")
    document.add_paragraph("1. Hộ gia đình.")
    document.add_paragraph("a) Hộ có đăng ký thường trú;")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_consultation(world, **overrides) -> Consultation:
    now = clock.now()
    fields = {
        "acting_user": world.officer_a,
        "title": "Quy định thu gom rác thải sinh hoạt",
        "kind": ConsultationKind.REGULATION,
        "areas": [world.ba_dinh],
        "opens_at": now,
        "closes_at": now + timedelta(days=30),
    }
    fields.update(overrides)
    return consultation_create(**fields)


def opened(world) -> Consultation:
    consultation = make_consultation(world)
    draft_import(
        acting_user=world.officer_a,
        consultation=consultation,
        name="du-thao.txt",
        content=LEGAL_TEXT.encode(),
    )
    return consultation_publish(acting_user=world.leader_a, consultation=consultation)


def comment(consultation, world, **fields) -> Comment:
    return Comment.objects.create(
        consultation=consultation,
        section=consultation.sections.first(),
        author=world.citizen,
        text="Nên thu gom muộn hơn.",
        public_text="Nên thu gom muộn hơn.",
        **fields,
    )


# Parsing ------------------------------------------------------------------------------


def test_plain_text_follows_the_legal_layout():
    sections = sections_from_text(LEGAL_TEXT)

    assert [(s.level, s.heading, s.text, s.parent_index) for s in sections] == [
        ("chapter", "Chương I. NHỮNG QUY ĐỊNH CHUNG", "", None),
        ("article", "Điều 1. Phạm vi điều chỉnh", "", 0),
        (
            "paragraph",
            "",
            "Quy định này quy định việc thu gom rác thải sinh hoạt trên địa bàn phường.",
            1,
        ),
        ("article", "Điều 2. Đối tượng áp dụng", "", 0),
        ("paragraph", "", "1. Hộ gia đình, cá nhân cư trú trên địa bàn.", 3),
        ("paragraph", "", "2. Tổ chức gồm:", 3),
        ("paragraph", "", "a) Doanh nghiệp;", 5),
        ("paragraph", "", "b) Hộ kinh doanh.", 5),
        ("chapter", "Chương II. TRÁCH NHIỆM", "", None),
        ("article", "Điều 3. Trách nhiệm của Ủy ban nhân dân phường", "", 8),
    ]


def test_plain_text_without_structure_is_one_paragraph_per_block():
    sections = sections_from_text("Đoạn một\nvẫn đoạn một.\n\nĐoạn hai.")

    assert sections == [
        SectionIn("paragraph", "", "Đoạn một vẫn đoạn một.", None),
        SectionIn("paragraph", "", "Đoạn hai.", None),
    ]


def test_markdown_headings_are_chapters_and_articles():
    sections = sections_from_markdown(MARKDOWN)

    assert [(s.level, s.heading, s.text, s.parent_index) for s in sections] == [
        ("chapter", "Chương I. Quy định chung", "", None),
        ("article", "Điều 1. Phạm vi điều chỉnh", "", 0),
        ("paragraph", "", "Quy định này áp dụng cho toàn phường và các tổ dân phố.", 1),
        ("paragraph", "", "Thu gom hằng ngày;", 1),
        ("paragraph", "", "Phân loại tại nguồn.", 1),
        ("article", "Điều 2. Giờ thu gom", "", 0),
        ("paragraph", "", "Từ 18 giờ đến 21 giờ.", 5),
    ]


def test_docx_reads_heading_styles_and_legal_patterns():
    sections = sections_from_docx(docx_bytes())

    assert [(s.level, s.heading, s.text, s.parent_index) for s in sections] == [
        ("chapter", "Chương I. Quy định chung", "", None),
        ("article", "Điều 1. Phạm vi điều chỉnh", "", 0),
        ("paragraph", "", "Quy định này áp dụng trên địa bàn phường.", 1),
        ("article", "Điều 2. Đối tượng áp dụng", "", 0),
        ("paragraph", "", "1. Hộ gia đình.", 3),
        ("paragraph", "", "a) Hộ có đăng ký thường trú;", 4),
    ]


def test_read_draft_chooses_the_reader_by_extension():
    assert len(read_draft(name="DU-THAO.DOCX", content=docx_bytes())) == 6
    assert len(read_draft(name="du-thao.md", content=MARKDOWN.encode())) == 7
    assert len(read_draft(name="du-thao.txt", content=LEGAL_TEXT.encode("utf-8-sig"))) == 10


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("du-thao.pdf", b"%PDF-1.4", "draft_type"),
        ("du-thao.txt", b"", "draft_empty"),
        ("du-thao.txt", b"  \n\n  ", "draft_empty"),
        ("du-thao.txt", b"\xd0i\xeau 1", "draft_encoding"),
        ("du-thao.docx", b"not a zip", "draft_unreadable"),
    ],
)
def test_read_draft_refuses_what_it_cannot_read(name, content, code):
    with pytest.raises(ActionError) as refused:
        read_draft(name=name, content=content)

    assert refused.value.code == code
    assert refused.value.field == "file"


# Creating and importing --------------------------------------------------------------


def test_an_officer_creates_a_draft_of_her_agency(world):
    consultation = make_consultation(world, summary="Tóm tắt", audience="Người dân")

    assert consultation.agency == world.agency_a
    assert consultation.status == ConsultationStatus.DRAFT
    assert list(consultation.areas.all()) == [world.ba_dinh]
    assert list(consultation.events.values_list("action", flat=True)) == ["created"]


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"title": "  "}, "title_required"),
        ({"kind": "poll"}, "bad_kind"),
        ({"areas": []}, "areas_required"),
        ({"areas": "hoan_kiem"}, "area_outside"),
        ({"closes_at": "before"}, "bad_dates"),
    ],
)
def test_a_bad_consultation_is_refused_and_nothing_is_written(world, overrides, code):
    if overrides.get("areas") == "hoan_kiem":
        overrides["areas"] = [world.ba_dinh, world.hoan_kiem]
    if overrides.get("closes_at") == "before":
        overrides["closes_at"] = clock.now() - timedelta(hours=1)

    with pytest.raises(ActionError) as refused:
        make_consultation(world, **overrides)

    assert refused.value.code == code
    assert Consultation.objects.count() == 0
    assert ConsultationEvent.objects.count() == 0


@pytest.mark.parametrize("who", ["citizen", "supervisor", "admin"])
def test_only_agency_staff_create_consultations(world, who):
    with pytest.raises(NotPermitted):
        make_consultation(world, acting_user=getattr(world, who))

    assert Consultation.objects.count() == 0


def test_a_province_agency_may_consult_one_of_its_communes(world):
    officer = type(world.officer_a).objects.create_user(
        username="canbo_hn", role="officer", agency=world.hanoi_ubnd
    )

    consultation = make_consultation(
        world, acting_user=officer, areas=[world.ba_dinh, world.hoan_kiem]
    )

    assert set(consultation.areas.all()) == {world.ba_dinh, world.hoan_kiem}


def test_importing_a_draft_replaces_its_sections(world):
    consultation = make_consultation(world)
    draft_import(
        acting_user=world.officer_a, consultation=consultation, name="a.md", content=b"# X\n"
    )

    count = draft_import(
        acting_user=world.officer_a,
        consultation=consultation,
        name="du-thao.docx",
        content=docx_bytes(),
    )

    assert count == 6
    sections = list(consultation.sections.all())
    assert [s.order for s in sections] == [1, 2, 3, 4, 5, 6]
    assert sections[1].parent == sections[0]
    assert sections[5].parent == sections[4]
    assert sections[4].text == "1. Hộ gia đình."
    actions = list(consultation.events.values_list("action", flat=True))
    assert actions == ["created", "draft_imported", "draft_imported"]


def test_officer_b_may_not_import_and_nothing_changes(world):
    consultation = make_consultation(world)

    with pytest.raises(NotPermitted):
        draft_import(
            acting_user=world.officer_b,
            consultation=consultation,
            name="a.txt",
            content=LEGAL_TEXT.encode(),
        )

    assert Section.objects.count() == 0
    assert consultation.events.count() == 1


def test_a_published_draft_cannot_be_reimported(world):
    consultation = opened(world)

    with pytest.raises(TransitionNotAllowed):
        draft_import(
            acting_user=world.officer_a, consultation=consultation, name="a.md", content=b"# X"
        )

    assert consultation.sections.count() == 10


def test_attachments_are_cleaned_and_recorded(world):
    consultation = make_consultation(world)
    pdf = SimpleUploadedFile("thuyet-minh.pdf", PDF)

    attachment = attachment_add(acting_user=world.officer_a, consultation=consultation, file=pdf)

    assert attachment.original_name == "thuyet-minh.pdf"
    assert attachment.content_type == "application/pdf"
    assert consultation.events.last().action == "attachment_added"


def test_a_file_that_is_not_a_document_is_refused(world):
    consultation = make_consultation(world)

    with pytest.raises(ActionError) as refused:
        attachment_add(
            acting_user=world.officer_a,
            consultation=consultation,
            file=SimpleUploadedFile("virus.exe", b"MZ\x90\x00"),
        )

    assert refused.value.field == "file"
    assert consultation.attachments.count() == 0


# Publishing and closing ---------------------------------------------------------------


def test_the_leader_publishes_a_draft_with_sections(world):
    consultation = opened(world)

    assert consultation.status == ConsultationStatus.OPEN
    assert consultation.events.last().action == "published"
    assert Job.objects.filter(name="consultations.notify_followers").count() == 1


def test_an_empty_draft_or_an_officer_cannot_publish(world):
    consultation = make_consultation(world)

    with pytest.raises(ActionError) as refused:
        consultation_publish(acting_user=world.leader_a, consultation=consultation)
    assert refused.value.code == "no_sections"
    draft_import(
        acting_user=world.officer_a, consultation=consultation, name="a.md", content=b"# X"
    )
    with pytest.raises(NotPermitted):
        consultation_publish(acting_user=world.officer_a, consultation=consultation)

    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.DRAFT
    assert not consultation.events.filter(action="published").exists()


def test_closing_as_done_waits_for_every_disposition(world):
    consultation = opened(world)
    first = comment(consultation, world)
    comment(consultation, world)
    comment(consultation, world, parent=first)  # a reply needs none
    comment(consultation, world, hidden_reason="Lăng mạ", hidden_by=world.officer_a)
    consultation_close(acting_user=world.leader_a, consultation=consultation)

    with pytest.raises(TransitionNotAllowed) as refused:
        consultation_close(acting_user=world.leader_a, consultation=consultation, done=True)

    assert "còn 2 ý kiến" in str(refused.value.message)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED
    Comment.objects.filter(parent__isnull=True, hidden_reason="").update(
        disposition=Disposition.ACCEPTED
    )
    consultation_close(acting_user=world.leader_a, consultation=consultation, done=True)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.DONE
    assert list(consultation.events.values_list("action", flat=True))[-2:] == ["closed", "done"]


def test_an_open_consultation_cannot_go_straight_to_done(world):
    consultation = opened(world)

    with pytest.raises(TransitionNotAllowed):
        consultation_close(acting_user=world.leader_a, consultation=consultation, done=True)

    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN


@pytest.mark.parametrize("who", ["officer_a", "officer_b", "citizen"])
def test_only_the_leader_closes(world, who):
    consultation = opened(world)

    with pytest.raises(NotPermitted):
        consultation_close(acting_user=getattr(world, who), consultation=consultation)

    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN


def test_final_text_is_set_after_publishing_only(world):
    consultation = make_consultation(world)
    draft_import(
        acting_user=world.officer_a,
        consultation=consultation,
        name="a.md",
        content="Một.\n".encode(),
    )
    section = consultation.sections.get()
    with pytest.raises(TransitionNotAllowed):
        final_text_set(
            acting_user=world.officer_a,
            consultation=consultation,
            section=section,
            final_text="Hai.",
        )
    consultation_publish(acting_user=world.leader_a, consultation=consultation)

    final_text_set(
        acting_user=world.officer_a, consultation=consultation, section=section, final_text="Hai."
    )

    section.refresh_from_db()
    assert section.final_text == "Hai."
    assert consultation.events.last().action == "final_text_set"


# Following and notifications -------------------------------------------------------------


def test_followers_hear_when_it_closes(world):
    consultation = opened(world)
    run_pending()
    assert consultation_follow(acting_user=world.citizen, consultation=consultation)
    assert not consultation_follow(acting_user=world.citizen, consultation=consultation)
    consultation_follow(acting_user=world.other_citizen, consultation=consultation)
    consultation_follow(acting_user=world.other_citizen, consultation=consultation, follow=False)

    consultation_close(acting_user=world.leader_a, consultation=consultation)
    run_pending()

    notes = Notification.objects.filter(kind="consultation_update")
    assert [(note.recipient, note.title) for note in notes] == [
        (world.citizen, f"Đã kết thúc lấy ý kiến: {consultation.title}")
    ]
    assert consultation.events.filter(action="followed").count() == 2
    assert consultation.events.filter(action="unfollowed").count() == 1


def test_the_report_job_notifies_followers_once(world):
    from nghedan.jobs.registry import enqueue

    consultation = opened(world)
    run_pending()  # the "opened" job, before anyone followed
    consultation_follow(acting_user=world.citizen, consultation=consultation)

    for _ in range(2):
        enqueue(
            "consultations.notify_followers",
            payload={"consultation_id": consultation.pk, "what": "report_published"},
        )
    run_pending()

    note = Notification.objects.get(recipient=world.citizen)
    assert note.title.startswith("Đã công bố báo cáo tiếp thu, giải trình")


def test_a_draft_cannot_be_followed(world):
    consultation = make_consultation(world)

    with pytest.raises(TransitionNotAllowed):
        consultation_follow(acting_user=world.citizen, consultation=consultation)

    assert consultation.followers.count() == 0
