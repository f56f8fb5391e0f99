"""clean_upload() accepts images and PDFs only, and re-encodes images without metadata."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override
from PIL import Image, ImageCms, PngImagePlugin

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


def test_a_7000_by_7000_png_is_refused_from_its_header_with_a_clear_message():
    out = io.BytesIO()
    Image.new("1", (7000, 7000)).save(out, format="PNG")  # 49 Mpx, 6 kB on disk

    with pytest.raises(ValidationError) as caught:
        clean_upload(upload("so-do.png", out.getvalue()))

    assert caught.value.code == "image_too_large"
    assert _messages(caught.value) == (
        "Ảnh “so-do.png” quá lớn: tối đa 25 triệu điểm ảnh. Hãy thu nhỏ ảnh rồi gửi lại.",
        "Image “so-do.png” is too large: at most 25 megapixels. Please make it smaller and "
        "send it again.",
    )


def test_an_image_beyond_pillows_own_bomb_limit_is_refused_as_too_large():
    out = io.BytesIO()
    Image.new("1", (20_000, 10_000)).save(out, format="PNG")  # 200 Mpx

    with pytest.raises(ValidationError) as caught:
        clean_upload(upload("bomb.png", out.getvalue()))

    assert caught.value.code == "image_too_large"


def test_a_jpeg_photo_over_the_pixel_budget_is_decoded_reduced_and_kept(settings):
    settings.NGHEDAN_IMAGE_MAX_PIXELS = 1_000_000
    photo = image_bytes("JPEG", size=(2000, 1500))  # 3 Mpx

    cleaned = clean_upload(upload("anh-chup.jpg", photo))

    # Decoded at half size by the JPEG decoder: never 3 Mpx in memory.
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert (image.format, image.size) == ("JPEG", (1000, 750))


def test_a_jpeg_too_large_even_at_an_eighth_of_its_size_is_refused(settings):
    settings.NGHEDAN_IMAGE_MAX_PIXELS = 1_000
    photo = image_bytes("JPEG", size=(400, 300))  # 50×38 at an eighth: still over 1,000

    with pytest.raises(ValidationError) as caught:
        clean_upload(upload("anh-chup.jpg", photo))

    assert caught.value.code == "image_too_large"


def test_a_png_over_the_pixel_budget_is_refused_before_it_is_decoded(settings):
    settings.NGHEDAN_IMAGE_MAX_PIXELS = 1_000_000

    with pytest.raises(ValidationError) as caught:
        clean_upload(upload("so-do.png", image_bytes("PNG", size=(2000, 1500))))

    assert caught.value.code == "image_too_large"


def _segments(jpeg: bytes) -> list[int]:
    """The markers of a JPEG's segments before its image data (0xE0–0xEF: APPn, 0xFE: COM)."""
    markers, at = [], 2
    while at + 4 <= len(jpeg) and jpeg[at] == 0xFF:
        marker = jpeg[at + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: the compressed image follows
            break
        at += 2 + int.from_bytes(jpeg[at + 2 : at + 4], "big")
    return markers


def test_a_jpeg_keeps_no_comment_exif_xmp_or_colour_profile_segment():
    original = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(
        original,
        format="JPEG",
        comment=b"Chup tai nha ong Nguyen Van An, so 12 ngo 34",
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>Nguyen Van An</x:xmpmeta>",
        exif=Image.Exif(),
    )
    assert {0xFE, 0xE1, 0xE2} <= set(_segments(original.getvalue()))  # given: all of them

    cleaned = clean_upload(upload("anh.jpg", original.getvalue())).content

    assert [m for m in _segments(cleaned) if m == 0xFE or 0xE1 <= m <= 0xEF] == []
    assert b"Nguyen Van An" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert not {"comment", "icc_profile", "exif", "xmp"} & set(image.info)


def test_a_png_keeps_no_text_exif_or_colour_profile_chunk():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Nguyen Van An")
    info.add_itxt("Comment", "Số 12 ngõ 34", zip=True)
    original = io.BytesIO()
    Image.new("RGBA", (40, 30), (0, 0, 255, 128)).save(
        original,
        format="PNG",
        pnginfo=info,
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )

    cleaned = clean_upload(upload("so-do.png", original.getvalue())).content

    with Image.open(io.BytesIO(cleaned)) as image:
        assert (image.mode, image.size) == ("RGBA", (40, 30))
        assert not {"Author", "Comment", "icc_profile", "exif"} & set(image.info)
    assert b"tEXt" not in cleaned and b"iTXt" not in cleaned and b"iCCP" not in cleaned


def test_an_uploaded_file_is_cut_off_one_byte_past_the_limit(rf, settings):
    settings.NGHEDAN_ATTACHMENT_MAX_BYTES = 1000

    request = rf.post(
        "/petitions/new/",
        {"title": "Biên bản", "attachments": upload("bien-ban.pdf", b"x" * 50_000)},
    )

    stored = request.FILES["attachments"]
    assert (stored.size, len(stored.read())) == (1001, 1001)
    assert request.POST["title"] == "Biên bản"
    with pytest.raises(ValidationError) as caught:
        clean_upload(stored)
    assert caught.value.code == "file_too_large"


def test_a_file_within_the_limit_arrives_whole(rf, settings):
    settings.NGHEDAN_ATTACHMENT_MAX_BYTES = len(PDF)

    request = rf.post("/petitions/new/", {"attachments": upload("bien-ban.pdf", PDF)})

    assert request.FILES["attachments"].read() == PDF


def _messages(error: ValidationError) -> tuple[str, str]:
    rendered = []
    for language in ("vi", "en"):
        with override(language):
            rendered.append(" ".join(error.messages))
    return rendered[0], rendered[1]
