"""What a petition shows to those who may not read its own words.

`public_petition()` builds `PublicPetition`, the redacted projection of a petition: the
one thing public outputs (Open311, the public pages of answered petitions, open data)
read, never the stored fields themselves. It holds the public reference data (code, kind,
topic, area, agency, status, dates) and only redacted text:

- title and body: `public_title` and `public_body`, redacted at intake with the
  petitioner's own name, phone and e-mail removed wherever the text repeats them (see
  `actions/intake.py`); where they are empty (an appeal copies no public text), the same
  redaction is made now from the petitioner's words;
- the address of the problem, the published answers and the reason of the last public
  step: redacted here, as they are written by people after intake, with the petitioner's
  own details removed as well;
- coordinates only for a petition that is published (consented feedback or proposal).

`reader_text()` gives the same redacted words to a reader inside the system who may see a
petition but not read its words as written: a denunciation read by anyone but its handlers
and its petitioner (`policy.can_read_text`).

`notice_title()` is how a message (notification, e-mail, alert) names a petition: a
denunciation by its kind and code only, anything else by its redacted title.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from nghedan.lib.redact import PLACEHOLDERS, redact
from nghedan.petitions import policy
from nghedan.petitions.models import Answer, AnswerStatus, Kind, Petition, Status, Topic

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from nghedan.accounts.models import User
    from nghedan.agencies.models import Agency
    from nghedan.areas.models import Area

ADDRESS_PLACEHOLDER = "[địa chỉ]"
# Shorter values would be replaced inside ordinary words.
_MIN_DETAIL_LENGTH = 3


def _petitioner_details(petition: Petition) -> list[tuple[str, str]]:
    """The petitioner's own details and what replaces each, longest first."""
    details = [
        (petition.petitioner_address, ADDRESS_PLACEHOLDER),
        (petition.petitioner_name, PLACEHOLDERS["name"]),
        (petition.petitioner_email, PLACEHOLDERS["email"]),
        (petition.petitioner_phone, PLACEHOLDERS["phone"]),
    ]
    details = [
        (value.strip(), placeholder)
        for value, placeholder in details
        if value and len(value.strip()) >= _MIN_DETAIL_LENGTH
    ]
    return sorted(details, key=lambda item: len(item[0]), reverse=True)


def redacted(petition: Petition, text: str) -> str:
    """`text` about `petition` with personal data removed: the petitioner's own name,
    address, e-mail and phone wherever it repeats them, then whatever `redact` finds."""
    if not text:
        return ""
    for value, placeholder in _petitioner_details(petition):
        text = text.replace(value, placeholder)
    return redact(text)


def redacted_title(petition: Petition) -> str:
    return petition.public_title or redacted(petition, petition.title)[:200]


def redacted_body(petition: Petition) -> str:
    return petition.public_body or redacted(petition, petition.body)


def redacted_address(petition: Petition) -> str:
    """Where the problem is, without personal data; the area when nothing is left."""
    address = redacted(petition, petition.address).strip()
    return address or str(petition.area)


@dataclass(frozen=True)
class PublicAnswer:
    body: str
    published_at: datetime | None


@dataclass(frozen=True)
class PublicPetition:
    """A petition as anyone may see it: reference data and redacted text only."""

    code: str
    kind: str
    status: str
    topic: Topic
    area: "Area"
    agency: "Agency"
    title: str
    body: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    signatories: int
    received_at: datetime
    updated_at: datetime | None
    accepted_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    resolution_due: date | None
    answers: tuple[PublicAnswer, ...]
    # The reason of the last step shown to the petitioner (a decline, a transfer…).
    status_reason: str

    def get_kind_display(self) -> "StrOrPromise":
        return Kind(self.kind).label

    def get_status_display(self) -> "StrOrPromise":
        return Status(self.status).label


def _published_answers(petition: Petition) -> Iterable[Answer]:
    prefetched = getattr(petition, "published_answers", None)
    if prefetched is not None:
        return prefetched
    return petition.answers.filter(status=AnswerStatus.PUBLISHED).order_by("published_at", "id")


def public_petition(petition: Petition, *, with_answers: bool = True) -> PublicPetition:
    """The redacted projection of `petition`. Its published answers are read from the
    `published_answers` prefetch when there is one; `with_answers=False` reads none. The
    status reason comes from the `public_reasons` prefetch (`api.selectors`) if present."""
    answers: tuple[PublicAnswer, ...] = ()
    if with_answers:
        answers = tuple(
            PublicAnswer(body=redacted(petition, answer.body), published_at=answer.published_at)
            for answer in _published_answers(petition)
        )
    reasons = getattr(petition, "public_reasons", None) or ()
    located = petition.is_public
    return PublicPetition(
        code=petition.code,
        kind=petition.kind,
        status=petition.status,
        topic=petition.topic,
        area=petition.area,
        agency=petition.agency,
        title=redacted_title(petition),
        body=redacted_body(petition),
        address=redacted_address(petition),
        latitude=petition.latitude if located else None,
        longitude=petition.longitude if located else None,
        signatories=petition.signatories,
        received_at=petition.received_at,
        updated_at=petition.updated_at,
        accepted_at=petition.accepted_at,
        answered_at=petition.answered_at,
        closed_at=petition.closed_at,
        resolution_due=petition.resolution_due,
        answers=answers,
        status_reason=redacted(petition, reasons[-1].reason) if reasons else "",
    )


@dataclass(frozen=True)
class ReaderText:
    """A petition's words as one reader inside the system may read them."""

    title: str
    body: str
    address: str
    is_redacted: bool
    petition: Petition

    def of(self, text: str) -> str:
        """Other words about the petition (an answer, a note, a reason) for this reader."""
        return redacted(self.petition, text) if self.is_redacted else text


def reader_text(
    petition: Petition, *, user: "User | AnonymousUser | None", as_petitioner: bool = False
) -> ReaderText:
    """The title, body and address as written for those `policy.can_read_text` allows,
    redacted for the others."""
    if policy.can_read_text(user, petition, as_petitioner=as_petitioner):
        return ReaderText(
            title=petition.title,
            body=petition.body,
            address=petition.address,
            is_redacted=False,
            petition=petition,
        )
    return ReaderText(
        title=redacted_title(petition),
        body=redacted_body(petition),
        address=redacted(petition, petition.address),
        is_redacted=True,
        petition=petition,
    )


def reader_title(
    petition: Petition, *, user: "User | AnonymousUser | None", as_petitioner: bool = False
) -> str:
    """Only the title of `reader_text`, for lists."""
    if policy.can_read_text(user, petition, as_petitioner=as_petitioner):
        return petition.title
    return redacted_title(petition)


def reader_words(
    petition: Petition,
    text: str,
    *,
    user: "User | AnonymousUser | None",
    as_petitioner: bool = False,
) -> str:
    """Other words about the petition (an answer, a note, a rating's comment) for `user`."""
    if policy.can_read_text(user, petition, as_petitioner=as_petitioner):
        return text
    return redacted(petition, text)


def notice_title(petition: Petition) -> str:
    """How a message names the petition: a denunciation by its kind and code only (its
    words, even redacted, can point at whoever made it), anything else by its redacted
    title. In the site's language, as messages are."""
    if petition.protects_identity:
        with translation.override(settings.LANGUAGE_CODE):
            return f"{Kind(petition.kind).label} {petition.code}"
    return redacted_title(petition)
