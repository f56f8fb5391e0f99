"""The consultation pages (drafts): who sees what, and the agency's forms."""

import io
from datetime import timedelta

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from nghedan.consultations.actions.drafts import (
    consultation_create,
    consultation_publish,
    draft_import,
    final_text_set,
)
from nghedan.consultations.models import (
    Comment,
    Consultation,
    ConsultationEvent,
    ConsultationKind,
    ConsultationStatus,
    Section,
)
from nghedan.lib import clock
from nghedan.lib.tests.samples import PDF
from nghedan.test import sign_in

pytestmark = pytest.mark.django_db
TITLE = "Quy định thu gom rác thải sinh hoạt"
DRAFT = "# Chương I. Quy định chung\n\n## Điều 1. Giờ thu gom\n\nTừ 18 giờ đến 21 giờ.\n"


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        sign_in(client, user)
    return client


def draft_of_agency_a(world) -> Consultation:
    now = clock.now()
    return consultation_create(
        acting_user=world.officer_a,
        title=TITLE,
        kind=ConsultationKind.REGULATION,
        areas=[world.ba_dinh],
        opens_at=now,
        closes_at=now + timedelta(days=30),
    )


def consultation_scene(world) -> dict:
    """An open consultation of agency A in Ba Đình with two sections and one comment by
    the citizen."""
    consultation = draft_of_agency_a(world)
    draft_import(
        acting_user=world.officer_a,
        consultation=consultation,
        name="du-thao.md",
        content="## Điều 1. Giờ thu gom\n\nTừ 18 giờ đến 21 giờ.\n".encode(),
    )
    consultation_publish(acting_user=world.leader_a, consultation=consultation)
    section = consultation.sections.order_by("order").last()
    Comment.objects.create(
        consultation=consultation,
        section=section,
        author=world.citizen,
        text="Đề nghị thu gom đến 22 giờ.",
        public_text="Đề nghị thu gom đến 22 giờ.",
    )
    consultation.refresh_from_db()
    return {"consultation": consultation, "section": section, "marker": TITLE}


def consultation_draft_scene(world) -> dict:
    """The same consultation before the leader publishes it (for publishing)."""
    consultation = draft_of_agency_a(world)
    draft_import(
        acting_user=world.officer_a,
        consultation=consultation,
        name="du-thao.md",
        content=DRAFT.encode(),
    )
    return {"consultation": consultation, "marker": TITLE}


# Public pages ----------------------------------------------------------------------------


def test_the_list_shows_published_consultations_to_anyone(world):
    consultation_scene(world)

    response = Client().get(reverse("consultations"))

    assert response.status_code == 200
    assert TITLE in response.content.decode()


def test_the_list_filters_by_status(world):
    consultation_scene(world)

    response = Client().get(reverse("consultations"), {"status": "closed"})

    assert TITLE not in response.content.decode()


def test_the_list_keeps_its_query_count(world, django_assert_max_num_queries):
    for _ in range(3):
        consultation_scene(world)
    client = client_for(world.officer_a)
    client.get(reverse("consultations"))  # session, user

    with django_assert_max_num_queries(8):
        response = client.get(reverse("consultations"))

    assert response.content.decode().count('data-testid="consultation-row"') == 3


def test_the_detail_shows_sections_with_comment_counts(world):
    scene = consultation_scene(world)

    response = Client().get(reverse("consultation_detail", args=[scene["consultation"].pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-testid="section"') == 2
    assert f'id="s-{scene["section"].pk}"' in page
    assert "1 ý kiến" in page
    assert "Đang lấy ý kiến" in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 404),
        ("citizen", 404),
        ("officer_b", 404),
        ("supervisor", 404),
        ("officer_a", 200),
        ("leader_a", 200),
        ("admin", 200),
    ],
)
def test_a_draft_is_hidden_from_the_public(world, who, status):
    consultation = draft_of_agency_a(world)
    user = getattr(world, who) if who else None

    detail = client_for(user).get(reverse("consultation_detail", args=[consultation.pk]))
    listed = client_for(user).get(reverse("consultations"))

    assert detail.status_code == status
    # Listed for whoever may open it: the administrator too, who used to open a draft
    # without finding it in the list.
    assert (TITLE in listed.content.decode()) == (status == 200)


def test_the_changes_view_marks_words_added_and_removed(world):
    scene = consultation_scene(world)
    final_text_set(
        acting_user=world.officer_a,
        consultation=scene["consultation"],
        section=scene["section"],
        final_text="Từ 18 giờ đến 22 giờ <hằng ngày>.",
    )

    response = Client().get(reverse("consultation_changes", args=[scene["consultation"].pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Từ 18 giờ đến <del>21</del><ins>22</ins> <del>giờ.</del><ins>giờ &lt;hằng ngày&gt;.</ins>"
        in page
    )
    assert "<hằng" not in page
    assert page.count('data-testid="diff"') == 1


# Staff forms ------------------------------------------------------------------------------


def test_an_officer_creates_a_consultation(world):
    response = client_for(world.officer_a).post(
        reverse("consultation_new"),
        {
            "title": TITLE,
            "kind": "plan",
            "areas": [world.ba_dinh.pk],
            "opens_at": "2030-01-01T08:00",
            "closes_at": "2030-02-01T17:00",
            "audience": "Người dân phường",
        },
    )

    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultation_edit", args=[consultation.pk])
    assert consultation.kind == "plan"
    assert consultation.status == ConsultationStatus.DRAFT


def test_bad_dates_show_a_vietnamese_error(world):
    response = client_for(world.officer_a).post(
        reverse("consultation_new"),
        {
            "title": TITLE,
            "kind": "plan",
            "areas": [world.ba_dinh.pk],
            "opens_at": "2030-02-01T08:00",
            "closes_at": "2030-01-01T17:00",
        },
    )

    assert response.status_code == 200
    assert "Thời điểm kết thúc phải sau thời điểm bắt đầu." in response.content.decode()
    assert Consultation.objects.count() == 0


@pytest.mark.parametrize(("who", "status"), [("citizen", 403), ("supervisor", 403)])
def test_only_staff_open_the_new_form(world, who, status):
    assert client_for(getattr(world, who)).get(reverse("consultation_new")).status_code == status


def test_anonymous_is_sent_to_log_in(world):
    response = Client().get(reverse("consultation_new"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_import_a_docx_draft(world):
    consultation = draft_of_agency_a(world)
    document = docx.Document()
    document.add_heading("Điều 1. Giờ thu gom", level=2)
    document.add_paragraph("Từ 18 giờ đến 21 giờ.")
    out = io.BytesIO()
    document.save(out)

    response = client_for(world.officer_a).post(
        reverse("consultation_edit", args=[consultation.pk]),
        {"what": "import", "file": SimpleUploadedFile("du-thao.docx", out.getvalue())},
    )

    assert response.status_code == 302
    assert list(consultation.sections.values_list("level", flat=True)) == [
        "article",
        "paragraph",
    ]


def test_an_unreadable_draft_shows_a_vietnamese_error_and_changes_nothing(world):
    consultation = draft_of_agency_a(world)
    events = ConsultationEvent.objects.count()

    response = client_for(world.officer_a).post(
        reverse("consultation_edit", args=[consultation.pk]),
        {"what": "import", "file": SimpleUploadedFile("du-thao.xlsx", b"PK\x03\x04")},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="import-form"' in page
    assert "Chỉ nhận dự thảo dạng Markdown (.md)" in page
    assert Section.objects.count() == 0
    assert ConsultationEvent.objects.count() == events


def test_staff_attach_a_pdf(world):
    consultation = draft_of_agency_a(world)

    response = client_for(world.officer_a).post(
        reverse("consultation_edit", args=[consultation.pk]),
        {
            "what": "attachment",
            "file": SimpleUploadedFile("to-trinh.pdf", PDF),
        },
    )

    assert response.status_code == 302
    assert consultation.attachments.get().original_name == "to-trinh.pdf"


def test_staff_set_a_final_text(world):
    scene = consultation_scene(world)

    response = client_for(world.officer_a).post(
        reverse("consultation_edit", args=[scene["consultation"].pk]),
        {"what": "final_text", "section": scene["section"].pk, "final_text": "Đến 22 giờ."},
    )

    assert response.status_code == 302
    scene["section"].refresh_from_db()
    assert scene["section"].final_text == "Đến 22 giờ."


@pytest.mark.parametrize(("who", "status"), [("officer_b", 403), ("citizen", 403)])
def test_others_may_not_edit_a_published_consultation(world, who, status):
    scene = consultation_scene(world)
    url = reverse("consultation_edit", args=[scene["consultation"].pk])
    client = client_for(getattr(world, who))

    assert client.get(url).status_code == status
    response = client.post(
        url, {"what": "final_text", "section": scene["section"].pk, "final_text": "X"}
    )
    assert response.status_code == status
    scene["section"].refresh_from_db()
    assert scene["section"].final_text == ""


def test_officer_b_does_not_see_another_agencys_draft_editor(world):
    consultation = draft_of_agency_a(world)

    response = client_for(world.officer_b).get(reverse("consultation_edit", args=[consultation.pk]))

    assert response.status_code == 404


# Publishing, closing, following ------------------------------------------------------------


def test_the_leader_publishes_from_the_detail_page(world):
    consultation = consultation_draft_scene(world)["consultation"]

    response = client_for(world.leader_a).post(
        reverse("consultation_publish", args=[consultation.pk])
    )

    consultation.refresh_from_db()
    assert response.status_code == 302
    assert consultation.status == ConsultationStatus.OPEN


def test_publishing_an_empty_draft_shows_why(world):
    consultation = draft_of_agency_a(world)

    response = client_for(world.leader_a).post(
        reverse("consultation_publish", args=[consultation.pk]), follow=True
    )

    assert "Cần nhập nội dung dự thảo trước khi công bố" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.DRAFT


def test_closing_as_done_with_comments_left_shows_how_many(world):
    scene = consultation_scene(world)
    consultation = scene["consultation"]
    client = client_for(world.leader_a)
    client.post(reverse("consultation_close", args=[consultation.pk]))

    response = client.post(
        reverse("consultation_close", args=[consultation.pk]), {"done": "1"}, follow=True
    )

    assert "còn 1 ý kiến chưa được tiếp thu" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED


@pytest.mark.parametrize(
    ("who", "status"), [("officer_a", 403), ("officer_b", 403), ("citizen", 403)]
)
def test_only_the_leader_closes(world, who, status):
    scene = consultation_scene(world)

    response = client_for(getattr(world, who)).post(
        reverse("consultation_close", args=[scene["consultation"].pk])
    )

    assert response.status_code == status
    scene["consultation"].refresh_from_db()
    assert scene["consultation"].status == ConsultationStatus.OPEN


def test_a_citizen_follows_and_unfollows(world):
    scene = consultation_scene(world)
    url = reverse("consultation_follow", args=[scene["consultation"].pk])
    client = client_for(world.citizen)

    assert client.post(url).status_code == 302
    assert scene["consultation"].followers.filter(pk=world.citizen.pk).exists()
    client.post(url, {"follow": "0"})
    assert not scene["consultation"].followers.exists()


def test_posts_need_a_login_and_gets_are_refused(world):
    scene = consultation_scene(world)
    url = reverse("consultation_follow", args=[scene["consultation"].pk])

    assert Client().post(url)["Location"].startswith(reverse("login"))
    assert client_for(world.citizen).get(url).status_code == 405
