"""redact() removes personal data from a petition's body before it is shown publicly."""

import pytest

from nghedan.lib.redact import redact

PHONE, ID, EMAIL, ACCOUNT, NAME = (
    "[số điện thoại]",
    "[số giấy tờ]",
    "[email]",
    "[số tài khoản]",
    "[họ tên]",
)


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
        "Số nhà 120 Đội Cấn",
        "tài khoản Zalo của tôi bị khoá",
        "biển số 29A-123.45",
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
