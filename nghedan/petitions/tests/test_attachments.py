"""Files attached at intake: images re-encoded without metadata, active or foreign files
refused before anything is written."""

import io

import pytest
from PIL import Image

from nghedan.lib.errors import ActionError
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
from nghedan.petitions.models import Attachment
from nghedan.petitions.tests.helpers import row_counts
from nghedan.test import submit


def _stored(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return handle.read()


def test_a_phone_photo_is_stored_re_encoded_without_exif_or_gps(world):
    original = jpeg_bytes_with_gps()
    assert gps_of(original)  # given: the photo carries where it was taken

    petition = submit(world, files=[upload("IMG_2041.jpg", original, "image/jpeg")]).petition

    attachment = Attachment.objects.get()
    content = _stored(attachment)
    assert attachment.petition == petition
    assert (attachment.file_kind, attachment.content_type, attachment.original_name) == (
        "image",
        "image/jpeg",
        "IMG_2041.jpg",
    )
    assert attachment.file.name.endswith(f"{petition.code}-1.jpg")
    assert attachment.size == len(content)
    assert content != original
    assert exif_of(content) == {}
    assert gps_of(content) == {}
    with Image.open(io.BytesIO(content)) as image:
        assert (image.format, image.size) == ("JPEG", (64, 48))


def test_a_png_and_a_pdf_are_stored_in_the_order_given(world):
    petition = submit(
        world,
        files=[
            upload("so-do.png", image_bytes("PNG"), "image/png"),
            upload("quyet-dinh.pdf", PDF, "application/pdf"),
        ],
    ).petition

    png, pdf = Attachment.objects.order_by("id")
    assert (png.file_kind, png.content_type) == ("image", "image/png")
    assert png.file.name.endswith(f"{petition.code}-1.png")
    assert (pdf.file_kind, pdf.content_type, pdf.size) == ("pdf", "application/pdf", len(PDF))
    assert pdf.file.name.endswith(f"{petition.code}-2.pdf")
    assert _stored(pdf) == PDF


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("hoa-don.pdf", PDF_WITH_JAVASCRIPT, "pdf_active_content"),
        ("setup.exe", EXE, "file_type"),
        ("anh.jpg", EXE, "file_type"),
        ("rac.bin", b"\x00\x01garbage" * 40, "file_type"),
        ("hong.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200, "bad_image"),
    ],
)
def test_a_petition_with_a_refused_file_is_not_filed_at_all(world, name, content, code):
    before = row_counts()

    with pytest.raises(ActionError) as caught:
        submit(world, files=[upload("ok.pdf", PDF), upload(name, content)])

    assert (caught.value.code, caught.value.field) == (code, "attachments")
    assert name in str(caught.value.message)
    assert row_counts() == before


def test_a_file_over_the_size_limit_is_refused(world, settings):
    settings.NGHEDAN_ATTACHMENT_MAX_BYTES = 1024
    big = jpeg_bytes_with_gps((400, 400))
    assert len(big) > 1024
    before = row_counts()

    with pytest.raises(ActionError) as caught:
        submit(world, files=[upload("big.jpg", big, "image/jpeg")])

    assert (caught.value.code, caught.value.field) == ("file_too_large", "attachments")
    assert row_counts() == before
