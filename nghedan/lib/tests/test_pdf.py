"""PDFs are parsed, not searched as bytes: whatever runs code, posts data, opens another
file or carries files is refused however its names are written, wherever it is kept."""

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from nghedan.lib.files import clean_upload
from nghedan.lib.tests.samples import PDF, one_page_pdf, upload

JS = b"(app.alert\\(document.cookie\\))"


def _code(content: bytes) -> str | None:
    try:
        clean_upload(upload("van-ban.pdf", content))
    except ValidationError as error:
        return error.code
    return None


@pytest.mark.parametrize(
    ("catalog", "page", "more"),
    [
        # Names written with #hh escapes read the same to a viewer.
        pytest.param(
            b"/O#70enAction << /S /J#61vaScript /J#53 " + JS + b" >>", b"", (), id="open-js"
        ),
        pytest.param(
            b"/OpenAction 5 0 R", b"", (b"<< /S /L#61unch /F (cmd.exe) >>",), id="open-launch"
        ),
        pytest.param(b"/A#41 << /WC << /S /JavaScript /JS " + JS + b" >> >>", b"", (), id="doc-aa"),
        pytest.param(b"", b"/#41A << /O << /S /JavaScript /JS " + JS + b" >> >>", (), id="page-aa"),
        pytest.param(
            b"",
            b"/Annots [5 0 R]",
            (
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] /AA << /E 6 0 R >> >>",
                b"<< /S /SubmitForm /F (https://example.org/thu) >>",
            ),
            id="annotation-aa",
        ),
        pytest.param(
            b"",
            b"/Annots [5 0 R]",
            (
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] /A << /S /ImportData /F (x.fdf) >> >>",
            ),
            id="annotation-import",
        ),
        pytest.param(
            b"",
            b"/Annots [5 0 R]",
            (
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] /A << /S /GoToR /F (\\\\\\\\host\\\\share\\\\a.pdf) /D [0 /Fit] >> >>",
            ),
            id="annotation-remote-file",
        ),
        pytest.param(
            b"",
            b"/Annots [5 0 R]",
            (
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] /A << /S /URI /URI ( JavaScript:alert\\(1\\)) >> >>",
            ),
            id="javascript-link",
        ),
        pytest.param(
            b"",
            b"/Annots [5 0 R]",
            (
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] /A << /S /URI /URI (file:///etc/passwd) >> >>",
            ),
            id="file-link",
        ),
        pytest.param(
            b"/Names << /J#61vaScript << /Names [(a) 5 0 R] >> >>",
            b"",
            (b"<< /S /JavaScript /JS " + JS + b" >>",),
            id="name-tree",
        ),
        pytest.param(
            b"/AcroForm << /Fields [] /XF#41 5 0 R >>",
            b"",
            (b"<< /Length 0 >>\nstream\n\nendstream",),
            id="xfa",
        ),
        pytest.param(
            b"",
            b"/Annots [5 0 R]",
            (b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 99 99] >>",),
            id="rich-media",
        ),
        # Not referenced from anywhere: a viewer that repairs the file may still find it.
        pytest.param(b"", b"", (b"<< /S /JavaScript /JS " + JS + b" >>",), id="unreferenced"),
    ],
)
def test_a_pdf_with_active_content_is_refused(catalog, page, more):
    assert _code(one_page_pdf(catalog, page, *more)) == "pdf_active_content"


def test_active_content_packed_in_a_compressed_object_stream_is_found():
    pdf = pikepdf.open(io.BytesIO(PDF))
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(
            Names=pikepdf.Array(
                [
                    pikepdf.String("mo"),
                    pdf.make_indirect(
                        pikepdf.Dictionary(
                            S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
                        )
                    ),
                ]
            )
        )
    )
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    content = out.getvalue()
    assert b"JavaScript" not in content  # given: no byte of it is readable as written

    assert _code(content) == "pdf_active_content"


def test_a_pdf_carrying_a_file_is_refused():
    pdf = pikepdf.open(io.BytesIO(PDF))
    pdf.attachments["hoa-don.exe"] = pikepdf.AttachedFileSpec(
        pdf, b"MZ\x90\x00", mime_type="application/octet-stream"
    )
    out = io.BytesIO()
    pdf.save(out)

    assert _code(out.getvalue()) == "pdf_active_content"


def test_the_refusal_says_what_to_do_in_both_languages():
    with pytest.raises(ValidationError) as caught:
        clean_upload(
            upload("hoa-don.pdf", one_page_pdf(b"/AA << /WC << /S /JavaScript /JS (1) >> >>"))
        )

    rendered = []
    for language in ("vi", "en"):
        with override(language):
            rendered.append(caught.value.messages[0])
    assert rendered == [
        "Tệp PDF “hoa-don.pdf” chứa mã lệnh, liên kết mở tệp khác hoặc tệp nhúng, không được "
        "chấp nhận. Hãy in ra PDF (Print to PDF) rồi gửi lại.",
        "PDF file “hoa-don.pdf” contains scripts, links that open other files, or embedded "
        "files, and cannot be accepted. Print it to a new PDF (Print to PDF) and send it again.",
    ]


@pytest.mark.parametrize(
    ("catalog", "page", "more"),
    [
        # Word and most printers open the document at its first page this way.
        pytest.param(b"/OpenAction [3 0 R /XYZ null null 0]", b"", (), id="open-at-page"),
        pytest.param(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>", b"", (), id="open-goto"),
        pytest.param(
            b"",
            b"/Annots [5 0 R]",
            (
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] /A << /S /URI /URI (https://thuvienphapluat.vn/van-ban) >> >>",
            ),
            id="web-link",
        ),
        pytest.param(b"/PageLabels << /Nums [0 << /S /D >>] >>", b"", (), id="page-labels"),
    ],
)
def test_a_pdf_with_only_harmless_navigation_and_links_is_kept_byte_for_byte(catalog, page, more):
    content = one_page_pdf(catalog, page, *more)

    cleaned = clean_upload(upload("van-ban.pdf", content))

    assert cleaned.content == content


def test_a_password_protected_pdf_is_refused_with_its_own_reason():
    pdf = pikepdf.open(io.BytesIO(PDF))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="mat-khau", owner="chu-so-huu"))

    assert _code(out.getvalue()) == "pdf_encrypted"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n%%EOF\n",
        b"%PDF-1.7\n" + b"\x00" * 500 + b"\n%%EOF\n",
        PDF[: len(PDF) // 2] + b"\n%%EOF\n",
    ],
    ids=["empty", "garbage", "cut-in-half"],
)
def test_a_pdf_the_parser_cannot_read_is_refused_as_damaged(content):
    assert _code(content) == "bad_pdf"
