"""Given steps shared by the web tests: a petition in the state a page or an action needs,
the people who look at it, and the rows a refused request must leave as they were."""

import io
from dataclasses import dataclass, field
from datetime import time, timedelta
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from nghedan.agencies.models import Agency
from nghedan.alerts.models import AlertEvent
from nghedan.areas.models import Area
from nghedan.audit.models import AuditEntry
from nghedan.consultations.models import ConsultationEvent
from nghedan.lib import clock
from nghedan.petitions import actions
from nghedan.petitions.actions import PetitionerInfo
from nghedan.petitions.models import Answer, Attachment, Kind, Petition, PetitionEvent, Rating
from nghedan.reception.models import ReceptionEvent
from nghedan.test import World, sign_in, submit

# What nghedan.test.submit files unless told otherwise.
TITLE = "Rác thải tồn đọng trên phố Đội Cấn"
PETITIONER = PetitionerInfo(name="Nguyễn Văn An", phone="0912345678", address="12 Đội Cấn")
ANSWER = "UBND phường đã chỉ đạo thu gom rác tại ngõ 120 Đội Cấn trong ngày."


@dataclass
class Scene:
    petition: Petition
    secret: str = ""
    answer: Answer | None = None
    attachment: Attachment | None = None
    alert: object = None
    # URL arguments of scenes that are not about a petition (reception, dialogues…).
    ids: dict = field(default_factory=dict)
    # What on the page shows the scene's subject, when it is not the petition's title.
    marker: str = ""


def log_in(client, world: World, persona: str) -> None:
    """The client acts as `persona`; "anonymous" stays logged out."""
    if persona != "anonymous":
        sign_in(client, getattr(world, persona))


def jpeg(name: str = "ngap-duong.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (120, 160, 200)).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def filed(world: World, *, kind: str = Kind.FEEDBACK, **overrides) -> Scene:
    """Filed by the logged-in citizen (unless `user` says otherwise) about Ba Đình, routed
    to agency A, with a photo."""
    overrides.setdefault("user", world.citizen)
    overrides.setdefault("petitioner", PETITIONER)
    overrides.setdefault("files", [jpeg()])
    result = submit(world, kind=kind, **overrides)
    return Scene(result.petition, result.secret, attachment=result.petition.attachments.first())


def accepted(world: World, **overrides) -> Scene:
    scene = filed(world, **overrides)
    scene.petition = actions.petition_accept(acting_user=world.officer_a, petition=scene.petition)
    return scene


def answered(world: World, **overrides) -> Scene:
    """The leader answers it herself, so the answer is published at once."""
    scene = accepted(world, **overrides)
    scene.answer = actions.answer_submit(
        acting_user=world.leader_a, petition=scene.petition, body=ANSWER
    )
    scene.petition.refresh_from_db()
    return scene


def pending_answer(world: World, **overrides) -> Scene:
    """The officer's draft waits for the leader."""
    scene = accepted(world, **overrides)
    scene.answer = actions.answer_submit(
        acting_user=world.officer_a, petition=scene.petition, body=ANSWER
    )
    scene.petition.refresh_from_db()
    return scene


def pair(world: World, **overrides) -> Scene:
    """Two petitions about the same rubbish, both at agency A; the scene's is the first."""
    scene = filed(world, **overrides)
    submit(world, user=world.other_citizen, title="Rác tồn đọng nhiều ngày ở phố Đội Cấn")
    return scene


def grouped(world: World, **overrides) -> Scene:
    """The pair, grouped by the officer as one issue."""
    from nghedan.language.actions import petitions_group

    scene = pair(world, **overrides)
    petitions_group(acting_user=world.officer_a, petitions=list(Petition.objects.all()))
    return scene


def alerted(world: World, **overrides) -> Scene:
    """The filed petition behind an open mass alert in Ba Đình (agency A's commune)."""
    from nghedan.alerts.actions import alert_record
    from nghedan.alerts.detectors import Finding

    scene = filed(world, **overrides)
    scene.alert, _outcome = alert_record(
        finding=Finding(
            kind="mass",
            key=f"mass:petition:{scene.petition.pk}",
            area_id=world.ba_dinh.pk,
            topic_id=scene.petition.topic_id,
            title=f"Đơn 40 người ký: {TITLE}",
            numbers={"people": 40, "petitions": 1, "threshold": 5},
            severity=8.0,
            petition_ids={scene.petition.pk},
        )
    )
    return scene


def reception_day(world: World) -> Scene:
    """Leader A receives citizens today; the citizen has booked a turn."""

    from nghedan.reception.actions.days import booking_make, reception_day_schedule

    day = reception_day_schedule(
        acting_user=world.leader_a,
        leader=world.leader_a,
        date=clock.today(),
        starts_at=time(7, 30),
        ends_at=time(11, 30),
        place="Phòng tiếp công dân số 1, UBND phường Ba Đình",
    )
    matter = "Ngõ 120 Đội Cấn ngập nước mỗi khi mưa, đề nghị khơi thông cống."
    booking = booking_make(acting_user=world.citizen, day=day, matter=matter, phone="0987654321")
    petition = submit(world, user=world.citizen).petition
    return Scene(petition, ids={"day_id": day.pk, "booking_id": booking.pk}, marker=matter)


DIALOGUE_TITLE = "Đối thoại với nhân dân phường Ba Đình về ngập úng"


def dialogue(world: World, *, started: bool = False) -> Scene:
    """A dialogue hosted by leader A in Ba Đình a week ahead, with the citizen's question;
    `started`: it began an hour ago (questions closed; it may be recorded)."""

    from nghedan.reception.actions.dialogues import dialogue_schedule, question_ask
    from nghedan.reception.models import Dialogue

    starts = clock.now() + timedelta(days=7)
    planned = dialogue_schedule(
        acting_user=world.leader_a,
        host=world.leader_a,
        title=DIALOGUE_TITLE,
        audience="residents",
        area=world.ba_dinh,
        starts_at=starts,
        place="Hội trường UBND phường Ba Đình",
        agenda="1. Báo cáo tình hình ngập úng.\n2. Trả lời câu hỏi của nhân dân.",
        questions_close_at=starts - timedelta(days=1),
    )
    question = question_ask(
        acting_user=world.citizen,
        dialogue=planned,
        text="Khi nào phường nạo vét cống thoát nước trên phố Đội Cấn để hết ngập?",
    )
    if started:
        now = clock.now()
        Dialogue.objects.filter(pk=planned.pk).update(
            starts_at=now - timedelta(hours=1), questions_close_at=now - timedelta(days=1)
        )
    petition = submit(world, user=world.citizen).petition
    return Scene(
        petition,
        ids={"dialogue_id": planned.pk, "question_id": question.pk},
        marker=DIALOGUE_TITLE,
    )


COMMITMENT_TEXT = "Thu gom rác đầu ngõ 120 Đội Cấn trong tuần"


def commitment(world: World, *, kept: bool = False) -> Scene:
    """Leader A's commitment on the citizen's petition, due in a week, with one evidence
    note; `kept`: resolved as kept."""

    from nghedan.reception.actions.commitments import (
        commitment_add_evidence,
        commitment_make,
        commitment_resolve,
    )

    petition = submit(world, user=world.citizen).petition
    made = commitment_make(
        acting_user=world.leader_a,
        text=COMMITMENT_TEXT,
        due_date=clock.today() + timedelta(days=7),
        petition=petition,
    )
    commitment_add_evidence(acting_user=world.officer_a, commitment=made, note="Ảnh hiện trường")
    if kept:
        commitment_resolve(
            acting_user=world.leader_a, commitment=made, kept=True, note="Đã thu gom"
        )
    return Scene(petition, ids={"commitment_id": made.pk}, marker=COMMITMENT_TEXT)


CONSULTATION_TITLE = "Dự thảo quy định mức đóng góp xây dựng nhà văn hoá tổ dân phố"
CONSULTATION_COMMENT = "Đề nghị giảm mức đóng góp cho hộ cận nghèo."


def consultation(
    world: World,
    *,
    status: str = "open",
    answered: bool = False,
    published: bool = False,
    pending: bool = False,
) -> Scene:
    """A consultation of agency A about Ba Đình with a section, the other citizen's comment
    on it, an approved statement and a ballot by household open for a day; the citizen has
    a verified phone. `answered`: closed, with the comment answered; `published`: and the
    report published; `pending`: the scene's statement is one the other citizen proposed,
    waiting for moderation."""
    answered = answered or published
    from django.core.files.base import ContentFile

    from nghedan.consultations.models import (
        Ballot,
        Comment,
        Consultation,
        ConsultationAttachment,
        Section,
        Statement,
    )

    now = clock.now()
    made = Consultation.objects.create(
        agency=world.agency_a,
        kind="regulation",
        title=CONSULTATION_TITLE,
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=25),
        status="closed" if answered else status,
        created_by=world.leader_a,
        report_published_at=now if published else None,
    )
    made.areas.add(world.ba_dinh)
    section = Section.objects.create(
        consultation=made, order=1, level="article", heading="Điều 3. Mức đóng góp"
    )
    comment = Comment.objects.create(
        consultation=made,
        section=section,
        author=world.other_citizen,
        text=CONSULTATION_COMMENT,
        public_text=CONSULTATION_COMMENT,
        disposition="partly" if answered else "",
        disposition_reason="Giảm còn 150.000 đồng; hộ cận nghèo được miễn." if answered else "",
    )
    statement = Statement.objects.create(
        consultation=made,
        text="Mức đóng góp 200.000 đồng mỗi hộ là hợp lý.",
        author=world.leader_a,
        by_agency=True,
        status="approved",
    )
    if pending:
        statement = Statement.objects.create(
            consultation=made, text="Cấm bán hàng rong trên vỉa hè.", author=world.other_citizen
        )
    ballot = Ballot.objects.create(
        consultation=made,
        question="Làm mái che sân nhà văn hoá bằng tiền quỹ tổ dân phố?",
        unit="household",
        eligible=120,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
    )
    attachment = ConsultationAttachment(
        consultation=made, original_name="to-trinh.pdf", content_type="application/pdf"
    )
    attachment.file.save(
        "to-trinh.pdf", ContentFile(f"%PDF-1.4 {CONSULTATION_TITLE}".encode()), save=True
    )
    type(world.citizen).objects.filter(pk=world.citizen.pk).update(phone_verified_at=now)
    world.citizen.refresh_from_db()
    petition = submit(world, user=world.other_citizen).petition
    return Scene(
        petition,
        ids={
            "consultation_id": made.pk,
            "comment_id": comment.pk,
            "statement_id": statement.pk,
            "ballot_id": ballot.pk,
            "file_id": attachment.pk,
        },
        marker=CONSULTATION_TITLE,
    )


GIVEN = {
    # Defined further down, beside leader_of.
    "practice": lambda world: practice(world),
    "consultation": consultation,
    "consultation-draft": lambda world: consultation(world, status="draft"),
    "consultation-answered": lambda world: consultation(world, answered=True),
    "consultation-pending": lambda world: consultation(world, pending=True),
    "consultation-published": lambda world: consultation(world, published=True),
    "reception-day": reception_day,
    "dialogue": dialogue,
    "started": lambda world: dialogue(world, started=True),
    "commitment": commitment,
    "commitment-kept": lambda world: commitment(world, kept=True),
    "alert": alerted,
    "pair": pair,
    "grouped": grouped,
    "filed": filed,
    "accepted": accepted,
    "answered": answered,
    "pending-answer": pending_answer,
    "complaint-accepted": lambda world: accepted(world, kind=Kind.COMPLAINT),
    "complaint-answered": lambda world: answered(world, kind=Kind.COMPLAINT),
    "denunciation": lambda world: filed(world, kind=Kind.DENUNCIATION),
}


def rows() -> dict[str, object]:
    """What a refused request must leave as it was (and an allowed one changes)."""
    return {
        "petitions": Petition.objects.count(),
        "statuses": sorted(Petition.objects.values_list("status", flat=True)),
        # Petition, alert, reception and consultation events: every write records one.
        "events": PetitionEvent.objects.count()
        + AlertEvent.objects.count()
        + ReceptionEvent.objects.count()
        + ConsultationEvent.objects.count()
        # The good-practice register writes no events; its audit rows stand for them.
        + AuditEntry.objects.filter(action__startswith="scorecards.").count(),
        "answers": sorted(Answer.objects.values_list("status", flat=True)),
        "ratings": Rating.objects.count(),
        "identity_reads": AuditEntry.objects.filter(action="identity.read").count(),
    }


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("file", "hidden", "submit"):
            if attrs.get("type") in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.values.setdefault(name, []).append(attrs.get("value", "on"))
            else:
                self.values.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # Browsers drop the newline that Django writes after <textarea>.
            text = self.values[self._textarea][-1]
            self.values[self._textarea][-1] = text.removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += data


def form_values(html: str) -> dict[str, list[str]]:
    """What a person sees filled in on the page: each field's typed text, ticked boxes and
    chosen options (file inputs, hidden inputs and buttons left out)."""
    reader = _FormReader()
    reader.feed(html)
    return reader.values


def leader_of(agency: Agency):
    """A leader of any agency, for givens outside agency A (the world has one leader)."""
    user, _created = get_user_model().objects.get_or_create(
        username=f"lanhdao-{agency.code}",
        defaults={"role": "leader", "agency": agency, "full_name": f"Lãnh đạo {agency.code}"},
    )
    return user


def published(
    world: World,
    *,
    title: str = TITLE,
    area: Area | None = None,
    topic: str = "moi-truong",
    kind: str = Kind.FEEDBACK,
    consent: bool = True,
    **overrides,
) -> Scene:
    """Filed by a visitor and answered by the leader of whichever agency it went to."""
    overrides.setdefault("petitioner", PETITIONER)
    result = submit(
        world, kind=kind, area=area, topic=topic, title=title, publish_consent=consent, **overrides
    )
    leader = leader_of(result.petition.agency)
    petition = actions.petition_accept(acting_user=leader, petition=result.petition)
    answer = actions.answer_submit(acting_user=leader, petition=petition, body=ANSWER)
    petition.refresh_from_db()
    return Scene(petition, result.secret, answer=answer)


PRACTICE_TITLE = "Tối thứ Năm nghe dân nói"


def practice(world: World) -> Scene:
    """A good practice of agency B, led by its officer for a month, which leader A may
    take up; the citizen's filed petition stands beside it."""

    from nghedan.scorecards.actions import practice_register

    made = practice_register(
        acting_user=leader_of(world.agency_b),
        agency=world.agency_b,
        title=PRACTICE_TITLE,
        summary=(
            "Mỗi tối thứ Năm, cán bộ phường cùng tổ trưởng dân phố đến từng ngõ nghe "
            "người dân phản ánh và trả lời ngay tại chỗ."
        ),
        started_on=clock.today() - timedelta(days=30),
        lead=world.officer_b,
        topic=world.topic(),
    )
    petition = submit(world, user=world.citizen).petition
    return Scene(petition, ids={"practice_id": made.pk}, marker=PRACTICE_TITLE)


def flashed(response) -> list[str]:
    """The messages flashed to the person by the request that gave `response`."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def unlock(client, scene: Scene) -> None:
    """The visitor types the code and secret into the tracking form in this browser."""
    response = client.post(reverse("track"), {"code": scene.petition.code, "secret": scene.secret})
    assert response.status_code == 302


def status_of(petition) -> str:
    petition.refresh_from_db()
    return petition.status


def track_url(code: str) -> str:
    return reverse("track_detail", args=[code])


def staff_url(code: str) -> str:
    return reverse("staff_detail", args=[code])
