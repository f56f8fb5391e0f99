"""Whatever bytes are uploaded, clean_upload either returns a clean file or refuses with its
own ValidationError: a hostile file never escapes as another exception (a 500)."""

import io

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from nghedan.lib.files import CleanFile, clean_upload
from nghedan.lib.tests.samples import PDF, PDF_WITH_JAVASCRIPT, image_bytes, upload

FUZZ = hypothesis_settings(
    database=None,
    deadline=None,
    derandomize=True,
    max_examples=400,
    suppress_health_check=[HealthCheck.too_slow],
)
CODES = {"file_too_large", "file_type", "bad_image", "image_too_large", "bad_pdf"}
CODES |= {"pdf_active_content", "pdf_encrypted"}


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (12, 9), 3).save(out, format="GIF", transparency=3)
    return out.getvalue()


SEEDS = [
    image_bytes("JPEG", size=(24, 16)),
    image_bytes("PNG", size=(24, 16)),
    image_bytes("WEBP", size=(24, 16)),
    image_bytes("JPEG", size=(24, 16), mode="CMYK"),
    image_bytes("PNG", size=(24, 16), mode="I;16"),
    image_bytes("PNG", size=(24, 16), mode="LA"),
    image_bytes("PNG", size=(24, 16), mode="1"),
    _gif(),
    PDF,
    PDF_WITH_JAVASCRIPT,
]
MAGIC = [b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBP"]


@st.composite
def mutated(draw) -> bytes:
    """A real image or PDF with some bytes changed, cut short or lengthened."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        data[at] = draw(st.integers(min_value=0, max_value=255))
    cut = draw(st.integers(min_value=1, max_value=len(data)))
    return bytes(data[:cut]) + draw(st.binary(max_size=20))


UPLOADS = st.one_of(
    st.binary(max_size=300),
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=300)).map(b"".join),
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=300)).map(
        lambda p: b"".join(p) + b"%%EOF"
    ),
    mutated(),
)


def _check(content: bytes) -> None:
    try:
        cleaned = clean_upload(upload("tep", content))
    except ValidationError as error:
        assert error.code in CODES
        return
    assert isinstance(cleaned, CleanFile)
    assert cleaned.file_kind in ("image", "pdf")
    if cleaned.file_kind == "image":
        with Image.open(io.BytesIO(cleaned.content)) as image:
            image.load()
            assert image.format in ("JPEG", "PNG")


@FUZZ
@given(content=UPLOADS)
def test_any_bytes_are_cleaned_or_refused_with_the_modules_own_error(content):
    _check(content)
