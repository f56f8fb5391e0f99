"""The written forms of each kind of personal data that redact() must find, and the look-alikes
(places, offices, dates, amounts, legal references) it must leave alone."""

import pytest

from nghedan.lib.redact import find_personal_data, redact

PHONE, ID, EMAIL, ACCOUNT, NAME = (
    "[số điện thoại]",
    "[số giấy tờ]",
    "[email]",
    "[số tài khoản]",
    "[họ tên]",
)
PLATE, HOUSE = "[biển số xe]", "[số nhà]"


def kinds(text: str) -> list[str]:
    return [finding.kind for finding in find_personal_data(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("xe ô tô 29A-123.45 đỗ trước cổng", f"xe ô tô {PLATE} đỗ trước cổng"),
        ("xe tải 51F1-123.45", f"xe tải {PLATE}"),
        ("xe con 30E 12345 chạy quá tốc độ", f"xe con {PLATE} chạy quá tốc độ"),
        ("xe máy 29-B1 234.56 nẹt pô", f"xe máy {PLATE} nẹt pô"),
        ("59X3-12345 đi ngược chiều", f"{PLATE} đi ngược chiều"),
        ("biển số 51G.123.45", f"biển số {PLATE}"),
        ("xe máy biển số 29B1-12345", f"xe máy biển số {PLATE}"),
        ("biển số 29a12345", f"biển số {PLATE}"),
        ("BKS 51g12345", f"BKS {PLATE}"),
        ("BS: 29b1 23456", f"BS: {PLATE}"),
        ("bien so xe 30a-12345", f"bien so xe {PLATE}"),
        ("biển kiểm soát 29MĐ1-123.45", f"biển kiểm soát {PLATE}"),
        ("Biển số xe: 29A-1234 (biển cũ)", f"Biển số xe: {PLATE} (biển cũ)"),
        ("hai xe 29A-123.45 và 30E-678.90.", f"hai xe {PLATE} và {PLATE}."),
    ],
)
def test_redact_replaces_licence_plates_in_vietnamese_formats(text, expected):
    assert redact(text) == expected
    assert set(kinds(text)) == {"plate"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("số nhà 12 ngõ 3", f"{HOUSE} ngõ 3"),
        ("nhà số 15 phố Huế", f"{HOUSE} phố Huế"),
        ("Số nhà: 12A, tổ 3", f"{HOUSE}, tổ 3"),
        ("SN 45 ngõ 6 Hoàng Hoa Thám", f"{HOUSE} ngõ 6 Hoàng Hoa Thám"),
        (
            "Tôi ở số 25 ngõ 3 phố Hàng Bông, phường Hoàn Kiếm",
            f"Tôi ở {HOUSE} ngõ 3 phố Hàng Bông, phường Hoàn Kiếm",
        ),
        ("nhà 15 ngõ 3 Kim Mã", f"{HOUSE} ngõ 3 Kim Mã"),
        ("số 5 đường số 7", f"{HOUSE} đường số 7"),
        ("ở số 5 Lê Lợi", f"ở {HOUSE} Lê Lợi"),
        ("12/3/4 đường Lê Lợi", f"{HOUSE} đường Lê Lợi"),
        ("Nhà tôi 12/3/4 Lê Lợi, quận 1", f"Nhà tôi {HOUSE} Lê Lợi, quận 1"),
        ("ở 12/5 Trần Phú", f"ở {HOUSE} Trần Phú"),
        ("K12/5 Trần Phú, Đà Nẵng", f"{HOUSE} Trần Phú, Đà Nẵng"),
        ("ngách 4/12 ngõ 120", f"ngách {HOUSE} ngõ 120"),
        ("số 9 ngách 4 ngõ 12 phố Vọng", f"{HOUSE} ngách {HOUSE} ngõ 12 phố Vọng"),
        ("số 7 hẻm 35 Nguyễn Trãi", f"{HOUSE} hẻm 35 Nguyễn Trãi"),
        ("hẻm 35/12 Lê Lợi", f"hẻm {HOUSE} Lê Lợi"),
        ("kiệt 12/3 Trần Phú", f"kiệt {HOUSE} Trần Phú"),
        ("căn hộ 1205 tòa B chung cư Sông Hồng", f"căn hộ {HOUSE} tòa B chung cư Sông Hồng"),
        ("căn hộ số A-1205 toà B", f"căn hộ {HOUSE} toà B"),
        ("căn hộ 12.05 tòa S1", f"căn hộ {HOUSE} tòa S1"),
        ("phòng 302 tòa nhà C", f"phòng {HOUSE} tòa nhà C"),
        ("phòng 302", f"phòng {HOUSE}"),
        ("phòng trọ số 5", f"phòng trọ {HOUSE}"),
        ("P.302 tòa B", f"P.{HOUSE} tòa B"),
        ("ki ốt số 12 chợ Đồng Xuân", f"ki ốt {HOUSE} chợ Đồng Xuân"),
        ("so nha 8 ngo 4", f"{HOUSE} ngo 4"),
    ],
)
def test_redact_replaces_the_numbers_that_pinpoint_a_home(text, expected):
    assert redact(text) == expected
    assert set(kinds(text)) == {"house_number"}


@pytest.mark.parametrize(
    "text",
    [
        "ngõ 120 Đội Cấn bị ngập",
        "hẻm 35 Nguyễn Trãi bị ngập",
        "kiệt 12 Trần Phú tối om",
        "tổ 5 phường Ba Đình",
        "tổ số 5 phường Bà Rịa",
        "đường số 7 khu dân cư Trung Sơn",
        "thửa đất số 123 tờ bản đồ số 4",
        "Ông ấy ở số 5",
        "nhà 3 tầng xây trái phép",
        "căn hộ 2 phòng ngủ",
        "phòng 302 UBND phường",
        "phòng 302 Sở Tài nguyên",
        "Trưởng phòng 3 năm nay",
        "P.5, Q.3",
        "ngày 12/3 Lê Văn Tám đến",
        "tỷ lệ 3/4 số hộ",
        "người đàn ông (SN 1970) trú tại tổ 5",
        "tòa B chung cư",
    ],
)
def test_redact_keeps_lanes_groups_plots_and_offices_that_do_not_pinpoint_a_home(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("số TK 0123456789 Vietcombank", f"số TK {ACCOUNT} Vietcombank"),
        (
            "tài khoản ngân hàng Vietcombank 0123456789",
            f"tài khoản ngân hàng Vietcombank {ACCOUNT}",
        ),
        ("STK: 1903 5678 9012 34 Techcombank", f"STK: {ACCOUNT} Techcombank"),
        ("tài khoản của tôi tại ACB là 12345678", f"tài khoản của tôi tại ACB là {ACCOUNT}"),
        ("tài khoản 0123456789 tại MB", f"tài khoản {ACCOUNT} tại MB"),
        (
            "chuyển 2.000.000 đồng vào tài khoản 190 3555 666 677",
            f"chuyển 2.000.000 đồng vào tài khoản {ACCOUNT}",
        ),
        (
            "tài khoản ngân hàng Agribank số 1234567890123, chủ tài khoản Lê Văn Bình",
            f"tài khoản ngân hàng Agribank số {ACCOUNT}, chủ tài khoản {NAME}",
        ),
        ("Ngân hàng BIDV số 21510001234567", f"Ngân hàng BIDV số {ACCOUNT}"),
    ],
)
def test_redact_replaces_bank_accounts_in_their_other_written_forms(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "tài khoản bị trừ 500.000 đồng",
        "tài khoản bị trừ 1.500.000",
        "tài khoản Zalo của tôi bị khoá 3 lần",
        "tài khoản facebook bị khóa năm 2024",
        "ngân hàng cho vay 50 triệu",
    ],
)
def test_redact_keeps_amounts_and_numbers_that_only_follow_the_word_account(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CCCD 001 085 012 345", f"CCCD {ID}"),
        ("CCCD số: 001.085.012.345", f"CCCD số: {ID}"),
        ("CMND/CCCD: 0010 8501 2345", f"CMND/CCCD: {ID}"),
        ("căn cước 001-085-012-345", f"căn cước {ID}"),
        ("số định danh cá nhân 001085012345", f"số định danh cá nhân {ID}"),
        ("mã định danh 079190001234", f"mã định danh {ID}"),
        ("hộ chiếu số C1234567", f"hộ chiếu số {ID}"),
        ("hộ chiếu: B7654321 cấp ngày 1/1/2020", f"hộ chiếu: {ID} cấp ngày 1/1/2020"),
        ("passport C1234567", f"passport {ID}"),
        ("chứng minh nhân dân 171 234 567", f"chứng minh nhân dân {ID}"),
        ("001 085 012 345 là số CCCD của tôi", f"{ID} là số CCCD của tôi"),
    ],
)
def test_redact_replaces_identity_numbers_with_separators_and_other_labels(text, expected):
    assert redact(text) == expected
    assert set(kinds(text)) == {"id"}


@pytest.mark.parametrize(
    "text",
    [
        "mã hồ sơ C1234567",
        "thiệt hại 150000000 đồng",
        "150.000.000.000 đồng",
        "dân số 123 456 789 người",
    ],
)
def test_redact_keeps_codes_and_amounts_shaped_like_identity_numbers(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("liên hệ +84 (0) 912 345 678", f"liên hệ {PHONE}"),
        ("SĐT: 0912.345.678 hoặc 0987-654-321", f"SĐT: {PHONE} hoặc {PHONE}"),
        ("liên hệ 0912 xxx 678", "liên hệ 0912 xxx 678"),
        ("gọi 09** *** 678", "gọi 09** *** 678"),
    ],
)
def test_redact_handles_phone_number_variants_and_leaves_partial_masks(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cô Lan, chú Ba, bác Tư", f"cô {NAME}, chú {NAME}, bác {NAME}"),
        ("em Nguyễn Văn Cường học lớp 5", f"em {NAME} học lớp 5"),
        ("cháu Lê Thị Dung", f"cháu {NAME}"),
        ("cụ Hoàng Văn Em năm nay 90 tuổi", f"cụ {NAME} năm nay 90 tuổi"),
        ("cậu Minh, dì Hai, mợ Ba, thím Tư", f"cậu {NAME}, dì {NAME}, mợ {NAME}, thím {NAME}"),
        ("ông bà Nguyễn Văn Ánh", f"ông bà {NAME}"),
        ("vợ chồng ông Phạm Văn Bảy", f"vợ chồng ông {NAME}"),
        ("vợ chồng anh Tuấn chị Mai", f"vợ chồng anh {NAME} chị {NAME}"),
        ("Tôi tên là Nguyễn Văn An", f"Tôi tên là {NAME}"),
        ("Tôi là Trần Thị Mai, trú tại tổ 5", f"Tôi là {NAME}, trú tại tổ 5"),
        ("Họ tên: Lê Văn Hùng", f"Họ tên: {NAME}"),
        ("Họ và tên: Lê Văn Hùng", f"Họ và tên: {NAME}"),
        ("Người gửi: Đỗ Thị Lan", f"Người gửi: {NAME}"),
        ("Người làm đơn\n\nNguyễn Văn An", f"Người làm đơn\n\n{NAME}"),
        (
            "Người làm đơn (ký, ghi rõ họ tên) Nguyễn Văn An",
            f"Người làm đơn (ký, ghi rõ họ tên) {NAME}",
        ),
        ("một thanh niên tên Tuấn", f"một thanh niên tên {NAME}"),
        ("Tên: Phạm Thị Hoa", f"Tên: {NAME}"),
        ("gia đình ông Nguyễn Văn Sáu", f"gia đình ông {NAME}"),
        ("hộ ông Trần Văn Bảo, hộ bà Lê Thị Cúc", f"hộ ông {NAME}, hộ bà {NAME}"),
        ("con tôi là Nguyễn Minh Khôi", f"con tôi là {NAME}"),
        ("em tôi là Lê Văn Dũng", f"em tôi là {NAME}"),
        ("NGUYỄN VĂN AN", NAME),
        ("ĐƠN KIẾN NGHỊ của ông NGUYỄN VĂN AN", f"ĐƠN KIẾN NGHỊ của ông {NAME}"),
        ("ÔNG LÊ VĂN TÁM và BÀ TRẦN THỊ HAI", f"ÔNG {NAME} và BÀ {NAME}"),
        ("ông Trưởng thôn Lê Văn Ba", f"ông Trưởng thôn {NAME}"),
        ("ông tổ trưởng Hùng", f"ông tổ trưởng {NAME}"),
        ("Bác sĩ Nguyễn Văn An khám", f"Bác sĩ {NAME} khám"),
        ("cô giáo Lan", f"cô giáo {NAME}"),
        ("đồng chí Nguyễn Văn An", f"đồng chí {NAME}"),
        ("chị H'Hen Niê", f"chị {NAME}"),
        ("Tôi ở xã, ông Nguyễn Văn Tư đến", f"Tôi ở xã, ông {NAME} đến"),
        ("nhờ cho ông Nguyễn Văn Tư", f"nhờ cho ông {NAME}"),
    ],
)
def test_redact_replaces_names_after_forms_of_address_and_introducing_phrases(text, expected):
    assert redact(text) == expected
    assert set(kinds(text)) == {"name"}


@pytest.mark.parametrize(
    "text",
    [
        "phường Bà Rịa",
        "tỉnh Bà Rịa - Vũng Tàu",
        "Bà Rịa - Vũng Tàu",
        "xã Ông Đình",
        "chợ Bà Chiểu",
        "cầu Ông Lãnh",
        "đường Bà Triệu",
        "quận Hai Bà Trưng",
        "Hai Bà Trưng",
        "quận Bình Thạnh",
        "Ba Đình",
        "Lăng Ông Bà Chiểu",
        "núi Bà Đen",
        "đặc khu Cô Tô",
        "ông Chủ tịch UBND xã",
        "Kính gửi ông Chủ tịch UBND phường Bà Rịa",
        "bà Trưởng thôn",
        "anh em trong xóm",
        "chị em phụ nữ",
        "cô chú trong tổ dân phố",
        "Tôi là Đảng viên",
        "Tôi là Cựu chiến binh",
        "tôi là người dân",
        "Bác Hồ kính yêu",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "HÀ NỘI, ngày 10 tháng 5 năm 2025",
        "THÀNH PHỐ HỒ CHÍ MINH",
        "ĐƯỜNG NGUYỄN THỊ MINH KHAI",
        "CẤM ĐỖ XE TRÁI PHÉP",
        "Ủy ban nhân dân Phường Ba Đình",
    ],
)
def test_redact_keeps_places_named_like_persons_offices_and_common_words(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Nghị định 100/2019/NĐ-CP",
        "Điều 17 Luật Khiếu nại năm 2011",
        "khoản 2 Điều 5 Thông tư 58/2020/TT-BCA",
        "Quyết định số 1234/QĐ-UBND ngày 12/3/2024 của UBND",
        "Quyết định số 12 Ủy ban",
        "công văn 45/UBND-TNMT",
        "Kết luận 45/KL-TTr năm 2023",
        "văn bản số 12/2024 về việc",
        "cấp ngày 10/5/2021",
        "Ngày 12/05/2025 lúc 8 giờ",
        "tháng 5/2024",
        "số tiền 1.500.000 đồng",
        "giá 2.000.000đ",
        "tăng 15% so với năm 2023",
        "Từ năm 2024 đến năm 2025",
        "mã tra cứu ND-4F7K-92QM",
        "mã tra cứu ND-51GK-1234",
        "gọi tổng đài 1022 hoặc 113",
        "QL1A km 12+500",
    ],
)
def test_redact_keeps_legal_references_and_dates(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ong Nguyen Van An da lan chiem", f"ong {NAME} da lan chiem"),
        ("Ong Nguyen Van An", f"Ong {NAME}"),
        ("toi ten la Nguyen Van An", f"toi ten la {NAME}"),
        ("ho ten: Tran Thi Binh", f"ho ten: {NAME}"),
        ("Gửi ông NGUYEN VAN AN", f"Gửi ông {NAME}"),
        ("so nha 12 ngo 5, bien so 29a12345", f"{HOUSE} ngo 5, bien so {PLATE}"),
        ("so tai khoan 0123456789, cccd 001085012345", f"so tai khoan {ACCOUNT}, cccd {ID}"),
        ("cau Ong Lanh, phuong Ba Dinh", "cau Ong Lanh, phuong Ba Dinh"),
    ],
)
def test_redact_handles_text_typed_without_diacritics(text, expected):
    assert redact(text) == expected
