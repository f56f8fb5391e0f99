"""Checking and cleaning uploaded files: only images and PDF, images re-encoded."""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Re-encoding drops every metadata block (EXIF GPS position included).
_IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("jpg", "image/jpeg"),
    "GIF": ("png", "image/png"),
}
MAX_IMAGE_PIXELS = 50_000_000
# PDF features that run code or open other files when the document is viewed.
_PDF_ACTIVE = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/OpenAction")


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    file_kind: str  # "image" or "pdf"
    content_type: str
    extension: str
    sha256: str
    original_name: str


def _read_limited(uploaded) -> bytes:
    limit = settings.NGHEDAN_ATTACHMENT_MAX_BYTES
    if uploaded.size is not None and uploaded.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn: tối đa %(mb)d MB."),
            code="file_too_large",
            params={"name": uploaded.name, "mb": limit // (1024 * 1024)},
        )
    uploaded.seek(0)
    return uploaded.read(limit + 1)


def _clean_image(data: bytes, name: str) -> CleanFile:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            # Refuse decompression bombs before decoding (Pillow alone only warns below 2x).
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            probe.verify()
        image = Image.open(io.BytesIO(data))
        source_format = image.format
        image = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("Tệp “%(name)s” không phải ảnh hợp lệ."), code="bad_image", params={"name": name}
        ) from exc
    extension, content_type = _IMAGE_FORMATS[source_format]
    side = settings.NGHEDAN_IMAGE_MAX_SIDE
    image.thumbnail((side, side))
    out = io.BytesIO()
    if extension == "jpg":
        image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
    content = out.getvalue()
    return CleanFile(
        content, "image", content_type, extension, hashlib.sha256(content).hexdigest(), name
    )


def _clean_pdf(data: bytes, name: str) -> CleanFile:
    if any(marker in data for marker in _PDF_ACTIVE):
        raise ValidationError(
            _("Tệp PDF “%(name)s” chứa mã lệnh hoặc tệp nhúng, không được chấp nhận."),
            code="pdf_active_content",
            params={"name": name},
        )
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(
            _("Tệp PDF “%(name)s” bị hỏng hoặc không đầy đủ."),
            code="bad_pdf",
            params={"name": name},
        )
    return CleanFile(data, "pdf", "application/pdf", "pdf", hashlib.sha256(data).hexdigest(), name)


def clean_upload(uploaded) -> CleanFile:
    """Accept an image (JPEG, PNG, WebP, GIF) or a PDF; anything else is refused."""
    name = (uploaded.name or "file")[-200:]
    data = _read_limited(uploaded)
    if len(data) > settings.NGHEDAN_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn: tối đa %(mb)d MB."),
            code="file_too_large",
            params={"name": name, "mb": settings.NGHEDAN_ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        )
    if data.startswith(b"%PDF-"):
        return _clean_pdf(data, name)
    if (
        data[:3] == b"\xff\xd8\xff"
        or data[:8] == b"\x89PNG\r\n\x1a\n"
        or data[:4] == b"GIF8"
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    ):
        return _clean_image(data, name)
    raise ValidationError(
        _("Tệp “%(name)s” không được chấp nhận: chỉ nhận ảnh (JPEG, PNG, WebP) hoặc PDF."),
        code="file_type",
        params={"name": name},
    )
