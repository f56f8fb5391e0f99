"""clean_upload() accepts images and PDFs only, and re-encodes images without metadata."""

import hashlib
import io
import warnings

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from nghedan.lib.files import clean_upload
from nghedan.lib.tests.samples import (
    EXE,
    PDF,
    PDF_WITH_JAVASCRIPT,
    exif_of,
    gps_of,
    image_bytes,
    jpeg_bytes_with_gps,
    upload,
)


def test_a_camera_jpeg_is_re_encoded_without_exif_or_gps_position():
    original = jpeg_bytes_with_gps()
    assert gps_of(original)  # given: the phone wrote where the photo was taken

    cleaned = clean_upload(upload("IMG_2041.jpg", original, "image/jpeg"))

    assert (cleaned.file_kind, cleaned.content_type, cleaned.extension) == (
        "image",
        "image/jpeg",
        "jpg",
    )
    assert exif_of(cleaned.content) == {}
    assert gps_of(cleaned.content) == {}
    assert b"Canon" not in cleaned.content
    assert cleaned.content != original
    assert cleaned.sha256 == hashlib.sha256(cleaned.content).hexdigest()
    assert cleaned.original_name == "IMG_2041.jpg"


def test_a_rotated_camera_jpeg_is_stored_upright():
    # Orientation 6: the sensor image must be turned 90° clockwise to be seen upright.
    cleaned = clean_upload(upload("doc.jpg", jpeg_bytes_with_gps((64, 48), orientation=6)))

    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.size == (48, 64)


def test_a_large_image_is_scaled_down_to_the_longest_side_allowed(settings):
    settings.NGHEDAN_IMAGE_MAX_SIDE = 100

    cleaned = clean_upload(upload("big.png", image_bytes("PNG", size=(400, 200))))

    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.size == (100, 50)


@pytest.mark.parametrize(
    ("format", "content_type", "extension"),
    [("PNG", "image/png", "png"), ("GIF", "image/png", "png"), ("WEBP", "image/jpeg", "jpg")],
)
def test_png_gif_and_webp_images_are_accepted_and_re_encoded(format, content_type, extension):
    cleaned = clean_upload(upload(f"anh.{format.lower()}", image_bytes(format)))

    assert (cleaned.file_kind, cleaned.content_type, cleaned.extension) == (
        "image",
        content_type,
        extension,
    )
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.format == {"png": "PNG", "jpg": "JPEG"}[extension]


def test_a_plain_pdf_is_kept_byte_for_byte():
    cleaned = clean_upload(upload("quyet-dinh.pdf", PDF, "application/pdf"))

    assert (cleaned.file_kind, cleaned.content_type, cleaned.extension) == (
        "pdf",
        "application/pdf",
        "pdf",
    )
    assert cleaned.content == PDF


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("hoa-don.pdf", PDF_WITH_JAVASCRIPT, "pdf_active_content"),
        ("cut.pdf", PDF.replace(b"%%EOF", b""), "bad_pdf"),
        ("setup.exe", EXE, "file_type"),
        ("anh.jpg", EXE, "file_type"),
        ("note.txt", "Xin chào".encode(), "file_type"),
        ("broken.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "bad_image"),
        ("empty.png", b"", "file_type"),
    ],
)
def test_files_that_are_not_clean_images_or_pdfs_are_refused(name, content, code):
    with pytest.raises(ValidationError) as caught:
        clean_upload(upload(name, content))

    assert caught.value.code == code


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.NGHEDAN_ATTACHMENT_MAX_BYTES = len(PDF) - 1

    with pytest.raises(ValidationError) as caught:
        clean_upload(upload("quyet-dinh.pdf", PDF))

    assert caught.value.code == "file_too_large"


def test_a_file_exactly_at_the_size_limit_is_accepted(settings):
    settings.NGHEDAN_ATTACHMENT_MAX_BYTES = len(PDF)

    assert clean_upload(upload("quyet-dinh.pdf", PDF)).content == PDF


def test_an_image_over_fifty_megapixels_is_refused_as_a_decompression_bomb():
    out = io.BytesIO()
    Image.new("1", (8000, 7000)).save(out, format="PNG")  # 56 Mpx, 7 kB on disk

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # as in production
        with pytest.raises(ValidationError) as caught:
            clean_upload(upload("bomb.png", out.getvalue()))

    assert caught.value.code == "bad_image"
