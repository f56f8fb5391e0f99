"""redact() removes personal data from a petition's body before it is shown publicly;
find_personal_data() says what it found and where.

The many written forms of each kind are in test_redact_forms.py.
"""

import dataclasses
import unicodedata

import pytest

from nghedan.lib.redact import PLACEHOLDERS, Finding, find_personal_data, redact

PHONE, ID, EMAIL, ACCOUNT, NAME = (
    "[số điện thoại]",
    "[số giấy tờ]",
    "[email]",
    "[số tài khoản]",
    "[họ tên]",
)
PLATE, HOUSE = "[biển số xe]", "[số nhà]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gọi cho tôi số 0912345678 nhé", f"Gọi cho tôi số {PHONE} nhé"),
        ("Gọi cho tôi số 0912 345 678 nhé", f"Gọi cho tôi số {PHONE} nhé"),
        ("SĐT 0912.345.678", f"SĐT {PHONE}"),
        ("SĐT 0912-345-678", f"SĐT {PHONE}"),
        ("liên hệ +84 912 345 678", f"liên hệ {PHONE}"),
        ("liên hệ +84912345678", f"liên hệ {PHONE}"),
        ("số 84912345678 (Zalo)", f"số {PHONE} (Zalo)"),
        ("zalo:0987654321.", f"zalo:{PHONE}."),
        ("0912345678,0987654321", f"{PHONE},{PHONE}"),
    ],
)
def test_redact_replaces_mobile_phone_numbers_in_any_common_format(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("number", ["024 3825 1234", "028.3829.1234", "(024) 3825 1234"])
def test_redact_replaces_landline_phone_numbers(number):
    assert redact(f"Điện thoại nhà: {number}") == f"Điện thoại nhà: {PHONE}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CCCD 001085012345 cấp ngày 10/5/2021", f"CCCD {ID} cấp ngày 10/5/2021"),
        ("Căn cước công dân số: 079190001234.", f"Căn cước công dân số: {ID}."),
        ("CMND số 012345678", f"CMND số {ID}"),
        ("CMND 171234567 do CA Thanh Hoá cấp", f"CMND {ID} do CA Thanh Hoá cấp"),
    ],
)
def test_redact_replaces_citizen_id_and_old_identity_card_numbers(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email nguyen.van.an@gmail.com", f"email {EMAIL}"),
        ("Thư gửi an+nd@mail.hanoi.gov.vn, cảm ơn", f"Thư gửi {EMAIL}, cảm ơn"),
        ("<tran_thi.binh@yahoo.com.vn>", f"<{EMAIL}>"),
    ],
)
def test_redact_replaces_email_addresses(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("chuyển khoản stk 0011004123456 Vietcombank", f"chuyển khoản stk {ACCOUNT} Vietcombank"),
        ("số tài khoản: 1903 5555 6666 77", f"số tài khoản: {ACCOUNT}"),
        ("STK: 123-456-789-0", f"STK: {ACCOUNT}"),
        ("so tai khoan 19035555666677 tai Techcombank", f"so tai khoan {ACCOUNT} tai Techcombank"),
        ("TK 19035555666677 tại Techcombank", f"TK {ACCOUNT} tại Techcombank"),
    ],
)
def test_redact_replaces_bank_account_numbers_after_their_label(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ông Nguyễn Văn An ở số 5", f"Ông {NAME} ở số 5"),
        ("bà Trần Thị Bình bán hàng", f"bà {NAME} bán hàng"),
        ("anh Lê Minh kể lại", f"anh {NAME} kể lại"),
        ("chị Hoa nói", f"chị {NAME} nói"),
        ("Tổ trưởng ông Hùng đã biết.", f"Tổ trưởng ông {NAME} đã biết."),
        ("gặp Bà Nguyễn Thị Minh Khai", f"gặp Bà {NAME}"),
        ("ÔNG LÊ VĂN TÁM", f"ÔNG {NAME}"),
        ("ông Nguyễn Văn An, bà Trần Thị Bình", f"ông {NAME}, bà {NAME}"),
    ],
)
def test_redact_replaces_names_after_a_form_of_address(text, expected):
    assert redact(text) == expected


def test_redact_replaces_two_names_in_one_short_sentence():
    assert redact("Hôm qua anh Tuấn và chị Mai đến") == f"Hôm qua anh {NAME} và chị {NAME} đến"


@pytest.mark.parametrize(
    "text",
    [
        "Tôi gặp ông ấy hôm qua, bà ấy cũng biết.",
        "bà con trong khu phố bức xúc",
        "anh em trong tổ dân phố",
        "Ông bà ta nói",
        "cô giáo dạy thêm",
        "Từ năm 2024 đến năm 2025",
        "Ngày 12/05/2025 lúc 8 giờ",
        "số tiền 1.500.000 đồng",
        "phạt 150.000.000 đồng",
        "giá 2.000.000đ",
        "tài khoản Zalo của tôi bị khoá",
        "gọi tổng đài 1022",
        "",
    ],
)
def test_redact_leaves_text_without_personal_data_unchanged(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    "text",
    ["ngõ 120 Đội Cấn, phường Ba Đình", "huyện Ba Vì, Hà Nội", "đặc khu Cô Tô", "thành phố Bà Rịa"],
)
def test_redact_leaves_place_names_unchanged(text):
    assert redact(text) == text


def test_redact_leaves_a_large_money_amount_unchanged():
    text = "thiệt hại 84.500.000.000 đồng"

    assert redact(text) == text


def test_redact_handles_a_whole_petition_body():
    body = (
        "Tôi ở tổ 5, CCCD 001085012345, ĐT 0912 345 678, email an@gmail.com. "
        "Ông Trần Văn Bình tổ trưởng thu 500.000 đồng mỗi hộ, chuyển vào stk 0011004123456."
    )

    assert redact(body) == (
        f"Tôi ở tổ 5, CCCD {ID}, ĐT {PHONE}, email {EMAIL}. "
        f"Ông {NAME} tổ trưởng thu 500.000 đồng mỗi hộ, chuyển vào stk {ACCOUNT}."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Both were once examples of text left alone, before plates and house numbers
        # became kinds of personal data.
        ("Số nhà 120 Đội Cấn", f"{HOUSE} Đội Cấn"),
        ("biển số 29A-123.45", f"biển số {PLATE}"),
    ],
)
def test_redact_now_replaces_house_numbers_and_plates_it_once_left(text, expected):
    assert redact(text) == expected


def test_the_placeholders_of_the_first_kinds_are_unchanged_and_every_kind_has_one():
    assert PLACEHOLDERS == {
        "email": EMAIL,
        "phone": PHONE,
        "id": ID,
        "account": ACCOUNT,
        "plate": PLATE,
        "house_number": HOUSE,
        "name": NAME,
    }


def test_find_personal_data_gives_kind_position_and_text_of_each_finding():
    text = "Ông Lê Văn Tám, ĐT 0912345678, xe 29A-123.45"

    assert find_personal_data(text) == [
        Finding("name", 4, 14, "Lê Văn Tám"),
        Finding("phone", 19, 29, "0912345678"),
        Finding("plate", 34, 44, "29A-123.45"),
    ]


def test_a_finding_is_frozen():
    [finding] = find_personal_data("gọi 0912345678")

    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.kind = "email"  # type: ignore[misc]


PETITION = (
    "Kính gửi: Ủy ban nhân dân phường Hoàn Kiếm.\n"
    "Tôi tên là Nguyễn Văn An, CCCD số 001 085 012 345, ở số 25 ngõ 3 phố Hàng Bông, "
    "điện thoại 0912 345 678, email nguyen.van.an@gmail.com.\n"
    "Từ ngày 10/5/2021 ông TRẦN VĂN BÌNH ở căn hộ 1205 tòa B thường đỗ ô tô biển số "
    "30E-123.45 chắn lối đi ngõ 3. Theo Điều 17 Nghị định 100/2019/NĐ-CP thì mức phạt là "
    "1.500.000 đồng, tăng 20% so với năm 2019. Tổ trưởng là bà Lê Thị Hoa đã thu của mỗi hộ "
    "200.000 đồng, chuyển vào tài khoản ngân hàng Vietcombank 0011004123456.\n"
    "Đề nghị ông Chủ tịch UBND phường xử lý. Mã tra cứu: ND-4F7K-92QM.\n"
    "Người làm đơn\nNguyễn Văn An"
)


def test_redact_handles_a_realistic_petition_with_every_kind_mixed():
    assert redact(PETITION) == (
        "Kính gửi: Ủy ban nhân dân phường Hoàn Kiếm.\n"
        f"Tôi tên là {NAME}, CCCD số {ID}, ở {HOUSE} ngõ 3 phố Hàng Bông, "
        f"điện thoại {PHONE}, email {EMAIL}.\n"
        f"Từ ngày 10/5/2021 ông {NAME} ở căn hộ {HOUSE} tòa B thường đỗ ô tô biển số "
        f"{PLATE} chắn lối đi ngõ 3. Theo Điều 17 Nghị định 100/2019/NĐ-CP thì mức phạt là "
        f"1.500.000 đồng, tăng 20% so với năm 2019. Tổ trưởng là bà {NAME} đã thu của mỗi hộ "
        f"200.000 đồng, chuyển vào tài khoản ngân hàng Vietcombank {ACCOUNT}.\n"
        "Đề nghị ông Chủ tịch UBND phường xử lý. Mã tra cứu: ND-4F7K-92QM.\n"
        f"Người làm đơn\n{NAME}"
    )


def test_findings_are_sorted_do_not_overlap_and_point_at_their_text():
    findings = find_personal_data(PETITION)

    assert [f.kind for f in findings] == [
        "name", "id", "house_number", "phone", "email", "name", "house_number", "plate",
        "name", "account", "name",
    ]  # fmt: skip
    for before, after in zip(findings, findings[1:], strict=False):
        assert before.end <= after.start
    for finding in findings:
        assert PETITION[finding.start : finding.end] == finding.text


def test_redact_is_the_text_with_each_finding_replaced_by_its_placeholder():
    findings = find_personal_data(PETITION)
    rebuilt, position = "", 0
    for finding in findings:
        rebuilt += PETITION[position : finding.start] + PLACEHOLDERS[finding.kind]
        position = finding.end

    assert redact(PETITION) == rebuilt + PETITION[position:]


def test_redacting_twice_changes_nothing_more():
    once = redact(PETITION)

    assert redact(once) == once
    assert find_personal_data(once) == []


def test_redact_finds_the_same_data_in_decomposed_unicode_and_keeps_the_rest_as_typed():
    decomposed = unicodedata.normalize("NFD", PETITION)

    redacted = redact(decomposed)

    assert unicodedata.normalize("NFC", redacted) == redact(PETITION)
    assert redacted.startswith(unicodedata.normalize("NFD", "Kính gửi: Ủy ban"))
    for finding in find_personal_data(decomposed):
        assert decomposed[finding.start : finding.end] == finding.text
    names = [f.text for f in find_personal_data(decomposed) if f.kind == "name"]
    assert unicodedata.normalize("NFC", names[0]) == "Nguyễn Văn An"


@pytest.mark.parametrize("text", ["", " ", "   \n\t  \n", "\u00a0\u3000"])
def test_redact_returns_empty_and_blank_text_unchanged(text):
    assert redact(text) == text
    assert find_personal_data(text) == []


def test_redact_works_through_a_very_long_text():
    text = PETITION * (200_000 // len(PETITION) + 1)

    redacted = redact(text)

    assert len(text) > 200_000
    assert "0912 345 678" not in redacted
    assert "TRẦN VĂN BÌNH" not in redacted
    assert redacted.count(PLATE) == text.count("30E-123.45")


@pytest.mark.parametrize(
    "text",
    [
        "ông " * 10000,
        "Ông " * 10000,
        "ÔNG " * 10000,
        "0" * 10000,
        "0 " * 10000,
        "a@" * 5000,
        "a." * 50000,
        "a" * 100000 + "@",
        "1/" * 20000,
        "stk " * 10000,
        "tài khoản " + "12 " * 20000,
        "số nhà " * 10000,
        "biển số " * 10000,
        "NGUYỄN VĂN " * 10000,
        "tôi là " * 10000,
        "e" + "\u0301" * 50000,
    ],
    ids=lambda text: repr(text[:12]),
)
def test_redact_finishes_on_pathological_input(text):
    # No timing assertion: a catastrophically backtracking pattern would hang here.
    redacted = redact(text)

    assert isinstance(redacted, str)
