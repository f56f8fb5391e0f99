"""Files attached to a form that goes back to its sender for correction, held for an hour
so that they need not be attached again.

A held file is the cleaned content (`lib.files.clean_upload`: pixels only, or a checked
PDF) written under NGHEDAN_HELD_UPLOADS_DIR with a random name that begins with the
instant it was written. The page sent back carries a signed token naming the file, the
name it was attached under and its kind; the token is good for an hour and names nothing
but a file written here. Each hold sweeps away the files held longer than that.
"""

import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from nghedan.lib import clock
from nghedan.lib.files import CleanFile

HOLD_SECONDS = 3600
_SALT = "nghedan.lib.held_uploads"
# <seconds since the epoch>-<random>.<extension>, as `upload_hold` writes them.
_NAME = re.compile(r"^(\d{1,12})-[A-Za-z0-9_-]{22,64}\.(jpg|png|pdf)$")
_CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}


@dataclass(frozen=True)
class HeldUpload:
    token: str
    stored_name: str
    original_name: str
    file_kind: str  # "image" or "pdf"

    @property
    def content_type(self) -> str:
        return _CONTENT_TYPES[self.stored_name.rsplit(".", 1)[1]]

    def read(self) -> bytes:
        return (settings.NGHEDAN_HELD_UPLOADS_DIR / self.stored_name).read_bytes()

    def as_upload(self) -> SimpleUploadedFile:
        """The file as if attached again, for the form's action to check and store."""
        return SimpleUploadedFile(self.original_name, self.read(), self.content_type)


def _sweep(now: int) -> None:
    folder = settings.NGHEDAN_HELD_UPLOADS_DIR
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and int(match.group(1)) < now - HOLD_SECONDS:
            path.unlink(missing_ok=True)


def upload_hold(cleaned: CleanFile) -> HeldUpload:
    """Keep a cleaned file for an hour; the token names it to whoever was sent it."""
    folder = settings.NGHEDAN_HELD_UPLOADS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    now = int(clock.now().timestamp())
    _sweep(now)
    stored_name = f"{now}-{secrets.token_urlsafe(24)}.{cleaned.extension}"
    (folder / stored_name).write_bytes(cleaned.content)
    original_name = cleaned.original_name[-200:]
    token = signing.dumps(
        {"f": stored_name, "n": original_name, "k": cleaned.file_kind}, salt=_SALT, compress=True
    )
    return HeldUpload(token, stored_name, original_name, cleaned.file_kind)


def held_upload(token: str) -> HeldUpload | None:
    """The file a token names, while it is held; None for a bad, old or spent token."""
    try:
        data = signing.loads(token[:1000], salt=_SALT, max_age=HOLD_SECONDS)
    except signing.BadSignature:  # a SignatureExpired too
        return None
    if not isinstance(data, dict):
        return None
    stored_name, original_name, file_kind = data.get("f"), data.get("n"), data.get("k")
    if not (
        isinstance(stored_name, str)
        and _NAME.match(stored_name)
        and isinstance(original_name, str)
        and file_kind in ("image", "pdf")
    ):
        return None
    if not (settings.NGHEDAN_HELD_UPLOADS_DIR / stored_name).is_file():
        return None
    return HeldUpload(token, stored_name, original_name, file_kind)


def held_upload_release(held: HeldUpload) -> None:
    """Forget a held file once it is attached for good."""
    (settings.NGHEDAN_HELD_UPLOADS_DIR / held.stored_name).unlink(missing_ok=True)
