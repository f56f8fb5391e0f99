"""Checking, cleaning and serving uploaded files: only images and PDF.

Images are decoded within a pixel budget and re-encoded with nothing but their pixels (no
EXIF, GPS, comment, XMP or ICC block survives). PDFs are parsed (qpdf, through pikepdf)
and refused when anything in them runs code, submits data, opens other files or carries
files. Uploads are always served as downloads the browser cannot sniff.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass
from urllib.parse import urlsplit

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

from nghedan.lib.errors import ActionError

# Output format of each accepted input format: (extension, content type).
_IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "MPO": ("jpg", "image/jpeg"),  # a JPEG with more pictures after it (phone cameras)
    "PNG": ("png", "image/png"),
    "WEBP": ("jpg", "image/jpeg"),
    "GIF": ("png", "image/png"),
}
# JPEG decoders can scale by 1/2, 1/4 or 1/8 while decoding (DCT scaling): a large photo
# is decoded already reduced, within the pixel budget.
_JPEG_SCALES = (1, 2, 4, 8)
_JPEG_FORMATS = frozenset({"JPEG", "MPO"})
# The decoders tried (the JPEG one also reads MPO).
_DECODERS = ["JPEG", "PNG", "WEBP", "GIF"]

# --- PDF active content ------------------------------------------------------------------
# Keys whose presence means code, triggers, forms that post, or carried files.
_PDF_ACTIVE_KEYS = frozenset(
    {
        "/AA",  # additional actions: run on open, close, page view, mouse, keystroke …
        "/JS",  # the script of a JavaScript action
        "/JavaScript",  # the document's JavaScript name tree
        "/EmbeddedFiles",  # the document's attached files
        "/EF",  # a file specification carrying the file itself
        "/XFA",  # XML forms, with their own scripts
        "/RichMediaContent",
        "/RichMediaSettings",
    }
)
# Action types (/S) that run code, post data, open other files or play media.
_PDF_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/RichMediaExecute",
        "/Rendition",
        "/Movie",
        "/Sound",
    }
)
# Object types (/Type or /Subtype) that carry files or media players.
_PDF_ACTIVE_TYPES = frozenset(
    {"/EmbeddedFile", "/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"}
)
# Links (URI actions) may only lead to web pages, mail and phone numbers.
_PDF_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# An action that only moves within the document (GoTo) may open it at a page.
_PDF_OPEN_ACTIONS = frozenset({"/GoTo"})


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    file_kind: str  # "image" or "pdf"
    content_type: str
    extension: str
    sha256: str
    original_name: str


def _too_large(name: str) -> ValidationError:
    return ValidationError(
        _("Tệp “%(name)s” quá lớn: tối đa %(mb)d MB."),
        code="file_too_large",
        params={"name": name, "mb": settings.NGHEDAN_ATTACHMENT_MAX_BYTES // (1024 * 1024)},
    )


def _read_limited(uploaded: UploadedFile, name: str) -> bytes:
    """The file's bytes, refusing one over the limit without reading it (its size is known
    from the upload; one cut off by `SizeLimitedUploadHandler` is a byte over the limit)."""
    limit = settings.NGHEDAN_ATTACHMENT_MAX_BYTES
    if uploaded.size is not None and uploaded.size > limit:
        raise _too_large(name)
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise _too_large(name)
    return data


# --- images --------------------------------------------------------------------------------


def _bad_image(name: str) -> ValidationError:
    return ValidationError(
        _("Tệp “%(name)s” không phải ảnh hợp lệ."), code="bad_image", params={"name": name}
    )


def _image_too_large(name: str) -> ValidationError:
    return ValidationError(
        _(
            "Ảnh “%(name)s” quá lớn: tối đa %(megapixels)d triệu điểm ảnh. Hãy thu nhỏ ảnh "
            "rồi gửi lại."
        ),
        code="image_too_large",
        params={"name": name, "megapixels": settings.NGHEDAN_IMAGE_MAX_PIXELS // 1_000_000},
    )


def _open_image(data: bytes, name: str) -> Image.Image:
    """The image, not yet decoded: Pillow reads only the header until `load()`."""
    with warnings.catch_warnings():
        # Pillow warns of large images at open; the pixel budget below decides instead.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data), formats=_DECODERS)
        except Image.DecompressionBombError as exc:
            raise _image_too_large(name) from exc


def _decoded_within_budget(data: bytes, name: str) -> Image.Image:
    """Decode the image without ever holding more pixels than NGHEDAN_IMAGE_MAX_PIXELS:
    refuse from the header what is larger, except a JPEG, which is decoded reduced."""
    budget = settings.NGHEDAN_IMAGE_MAX_PIXELS
    probe = _open_image(data, name)
    width, height = probe.size
    if width < 1 or height < 1:
        raise _bad_image(name)
    if width * height > budget and probe.format not in _JPEG_FORMATS:
        raise _image_too_large(name)
    probe.verify()  # checksums and structure, without decoding the pixels
    image = _open_image(data, name)
    if width * height > budget:
        scale = next((s for s in _JPEG_SCALES if -(-width // s) * -(-height // s) <= budget), None)
        if scale is None:
            raise _image_too_large(name)
        image.draft(image.mode, (width // scale, height // scale))
        if image.size[0] * image.size[1] > budget:
            raise _image_too_large(name)
    image.load()
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """Colours as the camera meant them, in sRGB, so that its colour profile can go."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        # Not in place, so an image comes back (the signature says `Image | None` for both).
        return ImageCms.profileToProfile(  # type: ignore[return-value]
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(profile)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # an unusable profile: the pixels as they are


def _pixels_only(data: bytes, name: str) -> tuple[bytes, str]:
    """The image re-encoded with nothing but its pixels, upright, at most
    NGHEDAN_IMAGE_MAX_SIDE on its longest side; and the format it came in."""
    image = _decoded_within_budget(data, name)
    source_format = image.format or ""
    image = ImageOps.exif_transpose(image)
    image = _to_srgb(image)
    side = settings.NGHEDAN_IMAGE_MAX_SIDE
    image.thumbnail((side, side))
    if _IMAGE_FORMATS[source_format][0] == "jpg":
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA") or "transparency" in image.info:
        image = image.convert("RGBA")
    # No EXIF, GPS, XMP, comment, colour profile or text block is written.
    image.info = {}
    out = io.BytesIO()
    if _IMAGE_FORMATS[source_format][0] == "jpg":
        image.save(out, format="JPEG", quality=85, optimize=True, exif=b"")
    else:
        image.save(out, format="PNG", optimize=True)
    return out.getvalue(), source_format


def _clean_image(data: bytes, name: str) -> CleanFile:
    try:
        content, source_format = _pixels_only(data, name)
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - a decoder fed hostile bytes may fail anyhow
        raise _bad_image(name) from exc
    extension, content_type = _IMAGE_FORMATS[source_format]
    return CleanFile(
        content, "image", content_type, extension, hashlib.sha256(content).hexdigest(), name
    )


# --- PDF -----------------------------------------------------------------------------------


_CONTAINERS = (pikepdf.Array, pikepdf.Dictionary, pikepdf.Stream)


def _children(obj):
    """The direct objects inside a dictionary, stream or array (an indirect one is
    visited on its own, as one of the file's objects)."""
    if isinstance(obj, pikepdf.Array):
        items: list[pikepdf.Object | None] = list(obj)
    elif isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        items = [obj.get(key) for key in obj.keys()]
    else:
        return []
    return [item for item in items if isinstance(item, _CONTAINERS) and not item.is_indirect]


def _link_allowed(action: pikepdf.Dictionary | pikepdf.Stream) -> bool:
    uri = action.get("/URI")
    if not isinstance(uri, pikepdf.String):
        return False
    # Viewers ignore spaces and control characters a scheme is padded with.
    text = "".join(ch for ch in bytes(uri).decode("latin-1") if ch > " ").lower()
    return urlsplit(text).scheme in _PDF_LINK_SCHEMES


def _active_in(obj: pikepdf.Object) -> str | None:
    """What in this dictionary (or stream's dictionary) runs, posts, opens or carries."""
    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        return None
    keys = set(obj.keys())
    found = keys & _PDF_ACTIVE_KEYS
    if found:
        return min(found)
    for key in ("/Type", "/Subtype"):
        value = obj.get(key)
        if isinstance(value, pikepdf.Name) and str(value) in _PDF_ACTIVE_TYPES:
            return str(value)
    action = obj.get("/S")
    if isinstance(action, pikepdf.Name):
        if str(action) in _PDF_ACTIVE_ACTIONS:
            return str(action)
        if str(action) == "/URI" and not _link_allowed(obj):
            return "/URI"
    opening = obj.get("/OpenAction")
    # Opening at a page (a destination, or a GoTo action) is harmless; any other is not.
    if isinstance(opening, pikepdf.Dictionary):
        kind = opening.get("/S")
        if not (isinstance(kind, pikepdf.Name) and str(kind) in _PDF_OPEN_ACTIONS):
            return "/OpenAction"
    elif opening is not None and not isinstance(opening, pikepdf.Array):
        return "/OpenAction"
    return None


def pdf_active_content(pdf: pikepdf.Pdf) -> str | None:
    """The first active feature found in any object of the document, else None.

    Every object the file holds is read (unreferenced ones and those packed in object
    streams included); names are compared decoded, so `/J#61vaScript` is `/JavaScript`.
    """
    roots = [pdf.trailer, *pdf.objects]
    for root in roots:
        stack = [root]
        while stack:
            obj = stack.pop()
            found = _active_in(obj)
            if found:
                return found
            stack.extend(_children(obj))
    return None


def _pdf_refused(name: str, code: str) -> ValidationError:
    messages = {
        "pdf_active_content": _(
            "Tệp PDF “%(name)s” chứa mã lệnh, liên kết mở tệp khác hoặc tệp nhúng, không được "
            "chấp nhận. Hãy in ra PDF (Print to PDF) rồi gửi lại."
        ),
        "pdf_encrypted": _(
            "Tệp PDF “%(name)s” có mật khẩu, không đọc được. Hãy gỡ mật khẩu rồi gửi lại."
        ),
        "bad_pdf": _("Tệp PDF “%(name)s” bị hỏng hoặc không đầy đủ."),
    }
    return ValidationError(messages[code], code=code, params={"name": name})


def _clean_pdf(data: bytes, name: str) -> CleanFile:
    if b"%%EOF" not in data[-2048:]:
        raise _pdf_refused(name, "bad_pdf")
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            active = pdf_active_content(pdf)
    except pikepdf.PasswordError as exc:
        raise _pdf_refused(name, "pdf_encrypted") from exc
    except Exception as exc:  # noqa: BLE001 - the parser fed hostile bytes may fail anyhow
        raise _pdf_refused(name, "bad_pdf") from exc
    if active:
        raise _pdf_refused(name, "pdf_active_content")
    return CleanFile(data, "pdf", "application/pdf", "pdf", hashlib.sha256(data).hexdigest(), name)


# --- entry points --------------------------------------------------------------------------


def clean_upload(uploaded: UploadedFile) -> CleanFile:
    """Accept an image (JPEG, PNG, WebP, GIF) or a PDF; anything else is refused with a
    ValidationError whose code says why."""
    name = (uploaded.name or "file")[-200:]
    data = _read_limited(uploaded, name)
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


def upload_accept(uploaded: UploadedFile, *, field: str) -> CleanFile:
    """`clean_upload` for an action: a refused file is an ActionError on the form's `field`."""
    try:
        return clean_upload(uploaded)
    except ValidationError as exc:
        message = exc.messages[0] if exc.messages else _("Tệp không hợp lệ.")
        raise ActionError(exc.code or "bad_file", message, field=field) from exc


def upload_store(file_field: FieldFile, *, stem: str, cleaned: CleanFile) -> None:
    """Put the cleaned bytes (never the upload's) into a model's file field, named
    `stem.extension`; the caller saves the model."""
    file_field.save(f"{stem}.{cleaned.extension}", ContentFile(cleaned.content), save=False)


class SizeLimitedUploadHandler(FileUploadHandler):
    """Keeps at most NGHEDAN_ATTACHMENT_MAX_BYTES + 1 bytes of any uploaded file, whether
    or not the request declared its length: the handlers after it store no more, and the
    file they make is one byte over the limit, so that the form or the serializer refuses
    it as too large (`clean_upload`) instead of storing the rest."""

    def receive_data_chunk(self, raw_data, start):
        room = settings.NGHEDAN_ATTACHMENT_MAX_BYTES + 1 - start
        if room <= 0:
            return None
        return raw_data[:room]

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) makes the file


def attachment_response(file: File, *, content_type: str, filename: str) -> FileResponse:
    """A stored upload, served so that no browser runs or sniffs it in the site's origin:
    always as a download, never as another type than the one it was checked as."""
    response = FileResponse(
        file,
        content_type=content_type or "application/octet-stream",
        as_attachment=True,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def image_thumbnail(data: bytes, *, side: int = 480) -> bytes:
    """A small JPEG of a stored image (already cleaned, so within the pixel budget), at
    most `side` pixels on its longest side."""
    image: Image.Image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])
    image.thumbnail((side, side))
    if image.mode != "RGB":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.convert("RGBA").getchannel("A"))
        image = background
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80, optimize=True)
    return out.getvalue()
