"""Urgency and strong feeling are flagged with the words that show them."""

import pytest

from nghedan.language.normalize import expand_abbreviations, has_diacritics, normalize
from nghedan.language.signals import signals_read


@pytest.mark.parametrize(
    ("text", "category", "word"),
    [
        ("Xưởng gỗ đầu ngõ đang bốc cháy, khói đen mù mịt", "fire", "bốc cháy"),
        ("Nhà số 5 có nguy cơ sập vì tường nứt toác", "collapse", "có nguy cơ sập"),
        ("Đất sạt lở sát nhà dân sau mưa lớn", "collapse", "sạt lở"),
        ("Lũ quét qua thôn, nhiều hộ bị cô lập", "flood", "lũ quét"),
        ("Hơn 30 học sinh bị ngộ độc sau bữa trưa", "poisoning", "ngộ độc"),
        ("Nhóm thanh niên hành hung người bán hàng", "violence", "hành hung"),
        ("Dây điện đứt rơi xuống đường, rất nguy hiểm", "electricity", "dây điện đứt"),
        ("Xuất hiện ổ dịch sốt xuất huyết trong tổ dân phố", "disease", "sốt xuất huyết"),
        ("xuong go dau ngo bi chay lon, khoi den", "fire", "bi chay"),
        ("tuong nha ben canh sap do roi", "collapse", "sap do"),
        ("30 chau hoc sinh bi ngo doc sau bua trua", "poisoning", "ngo doc"),
    ],
)
def test_danger_to_life_health_or_property_is_urgent_with_its_words(text, category, word):
    signals = signals_read(text)

    assert signals.is_urgent
    assert word in dict(signals.urgency)[category]


# A flood reported without diacritics or in mobile shorthand, and one typed half with them.
FLOODS_TYPED_ANY_WAY = [
    ("duong ngap nuoc sau mua, nha dan bi vao nuoc, de nghi xu ly gap", "bi vao nuoc"),
    ("Đường ngập nước sau mưa, nhà dân bị vào nước, đề nghị xử lý gấp", "bị vào nước"),
    ("mua to ngap het duong, nuoc vao nha k co cho thoat, de nghi phuong xu ly", "nuoc vao nha"),
    ("mưa to ngập hết đường, nước vào nhà ko thoát dc, đề nghị phường xử lý", "nước vào nhà"),
    ("đg ngập sâu, nhà bị ngập, ko ai xử lý, đề nghị hút nước gấp", "nhà bị ngập"),
    ("Ngập quá! nuoc vao nha het roi, de nghi phuong xu ly", "nuoc vao nha"),
    ("NHA DAN BI NUOC VAO HET, DUONG NGAP SAU", "bi nuoc vao"),
]


@pytest.mark.parametrize(("text", "word"), FLOODS_TYPED_ANY_WAY)
def test_a_flood_typed_without_diacritics_or_in_shorthand_is_urgent(text, word):
    signals = signals_read(text)

    assert signals.is_urgent
    assert word in dict(signals.urgency)["flood"]


@pytest.mark.parametrize(
    "text",
    [
        "duong ngap nhe sau mua, ko co nuoc vao nha, de nghi nao vet cong",
        "duong ngap nhe sau mua, k co nuoc vao nha dc",
        "nam ngoai nha bi ngap, nay da nao vet cong xong",
        "Năm ngoái nước vào nhà, nay đã nạo vét cống xong",
        "ngap nhe sau mua, de nghi nao vet cong",
    ],
)
def test_a_flood_denied_or_past_is_not_urgent_however_typed(text):
    assert not signals_read(text).is_urgent


@pytest.mark.parametrize(
    "text",
    [
        "Khu vực này không có cháy nổ gì, chỉ xin lắp thêm đèn đường",
        "Đề nghị phường sắp xếp lại chỗ đỗ xe trước chợ",
        "sap toi phuong co ke hoach sua duong khong a",  # "sắp tới", not "sập"
        "Chúng tôi đâm đơn đề nghị cấp lại giấy chứng nhận",
        "Lũ trẻ trong xóm cần sân chơi",
        "Nhà hàng ở phường Bãi Cháy xả nước thải ra biển",  # a place, not a fire
        "Xin hỏi thủ tục thẩm duyệt phòng cháy chữa cháy cho quán karaoke",
        "Năm ngoái khu này từng bị điện giật chết một con trâu, nay đã sửa xong",
        "Ho so thay doi dia chi do sap nhap don vi hanh chinh van chua xong",  # "do sáp nhập"
        "",
    ],
)
def test_calm_texts_and_negated_dangers_are_not_urgent(text):
    assert not signals_read(text).is_urgent


def test_a_repeated_angry_complaint_is_strongly_negative_with_its_words():
    signals = signals_read(
        "Đây là lần thứ 5 tôi gửi đơn! Cán bộ vô trách nhiệm, thờ ơ, rất bức xúc!!!"
    )

    assert signals.is_negative
    assert {"lần thứ", "vô trách nhiệm", "thờ ơ", "bức xúc"} <= set(signals.negative_words)


def test_a_polite_request_is_not_negative():
    signals = signals_read(
        "Kính đề nghị phường xem xét lắp thêm đèn chiếu sáng ngõ 12. Trân trọng."
    )

    assert not signals.is_negative
    assert signals.negative_words == ()


def test_strong_feeling_is_read_in_text_typed_without_diacritics():
    signals = signals_read(
        "lan thu 4 gui don ma van khong ai giai quyet, qua buc xuc, vo trach nhiem"
    )

    assert signals.is_negative


@pytest.mark.parametrize(
    ("typed", "spelled"),
    [
        ("ko dc sửa đg", "không được sửa đường"),
        ("P.Bến Nghé Q.1 TP.HCM", "phường Bến Nghé quận 1 thành phố HCM"),
        ("UBND xã", "uỷ ban nhân dân xã"),
        ("CA phường", "công an phường"),
        ("Ca làm việc", "Ca làm việc"),
        ("sđt 0912", "số điện thoại 0912"),
    ],
)
def test_abbreviations_and_mobile_shorthand_are_spelled_out(typed, spelled):
    assert expand_abbreviations(typed) == spelled


def test_normal_form_is_nfc_lower_case_with_one_tone_convention():
    assert normalize("  Đường  HÒA BÌNH ngập!!!  ") == "đường hoà bình ngập!"


def test_text_without_diacritics_is_recognised():
    assert has_diacritics("Đường bị ngập")
    assert not has_diacritics("duong bi ngap sau moi tran mua")
