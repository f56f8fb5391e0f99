"""Places in petitions: current and pre-2025 names, abbreviations, ambiguity, suggestions."""

import csv
import threading
import unicodedata

import pytest
from django.db import connection

from nghedan.areas.places import (
    OLD_NAME_NOTE,
    OLD_UNITS_CSV,
    PlaceMention,
    place_suggest,
    places_find,
    places_index_clear,
)
from nghedan.areas.services import areas_load

HA_NOI, QUANG_NINH, HAI_PHONG, DA_NANG = "01", "22", "31", "48"
QUANG_NGAI, HO_CHI_MINH = "51", "79"
BA_DINH, NGOC_HA, HOAN_KIEM, CAU_GIAY, NGHIA_DO = "00004", "00008", "00070", "00166", "00160"
YEN_HOA, VIET_HUNG_HN, VIET_HUNG_QN, PHUC_THINH = "00175", "00127", "06661", "00466"
BAN_CO, AN_HOI_TAY, SAI_GON, VAN_DON, HOANG_SA = "27154", "26882", "26740", "06994", "20333"

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_provinces():
    areas_load(province_codes=[HA_NOI, HO_CHI_MINH, DA_NANG, QUANG_NINH])


def _only(text: str) -> PlaceMention:
    mentions = places_find(text=text)
    assert len(mentions) == 1, mentions
    return mentions[0]


# --- Current names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Phường Hoàn Kiếm",
        "phuong hoan kiem",
        "PHƯỜNG HOÀN KIẾM",
        "P. Hoàn Kiếm",
        "Ph.Hoàn Kiếm",
        "p hoan kiem",
    ],
)
def test_a_current_commune_is_found_with_or_without_diacritics_and_abbreviations(
    four_provinces, text
):
    mention = _only(text)

    assert (mention.level, mention.area_code, mention.candidates) == (
        "commune",
        HOAN_KIEM,
        (HOAN_KIEM,),
    )
    assert mention.text == text and mention.note == ""
    suggestion = place_suggest(text=text)
    assert (suggestion.area.code, suggestion.confidence) == (HOAN_KIEM, "high")
    assert suggestion.reason == "Theo tên xã/phường hiện hành: Phường Hoàn Kiếm, Thành phố Hà Nội"


@pytest.mark.parametrize(
    ("text", "level", "code"),
    [
        ("TP. Hà Nội", "province", HA_NOI),
        ("Tp Đà Nẵng", "province", DA_NANG),
        ("T.P Hồ Chí Minh", "province", HO_CHI_MINH),
        ("TP.HCM", "province", HO_CHI_MINH),
        ("tphcm", "province", HO_CHI_MINH),
        ("Thủ đô Hà Nội", "province", HA_NOI),
        ("Q.1", "old_district", HO_CHI_MINH),
        ("Q1", "old_district", HO_CHI_MINH),
        ("quận 1", "old_district", HO_CHI_MINH),
        ("H. Đông Anh", "old_district", HA_NOI),
        ("tx Sơn Tây", "old_district", HA_NOI),
        ("thị xã Sơn Tây", "old_district", HA_NOI),
        ("X. Vân Nội", "old_commune", PHUC_THINH),
        ("TT. Đông Anh", "old_commune", PHUC_THINH),
        ("đặc khu Vân Đồn", "commune", VAN_DON),
    ],
)
def test_unit_abbreviations_say_what_a_name_is(four_provinces, text, level, code):
    mention = _only(text)

    assert (mention.level, mention.area_code, mention.text) == (level, code, text)


def test_a_longer_current_name_wins_over_the_shorter_old_name_inside_it(four_provinces):
    # "Văn Miếu" alone was an old ward of Đống Đa.
    mention = _only("Phường Văn Miếu - Quốc Tử Giám")

    assert (mention.level, mention.area_code) == ("commune", "00226")


def test_the_current_name_wins_over_an_old_name_on_the_same_words(four_provinces):
    # Old Phường Ngọc Hà (Ba Đình) was divided; a current Phường Ngọc Hà exists too.
    mention = places_find(text="Phường Ngọc Hà, quận Ba Đình")[0]

    assert (mention.level, mention.area_code, mention.note) == ("commune", NGOC_HA, "")
    assert place_suggest(text="Phường Ngọc Hà, quận Ba Đình").area.code == NGOC_HA


def test_a_bare_name_is_the_current_commune_but_after_quan_it_is_the_old_district(
    four_provinces,
):
    assert _only("Tôi sống ở Cầu Giấy").level == "commune"
    assert _only("Tôi sống ở Cầu Giấy").area_code == CAU_GIAY
    assert _only("Tôi sống ở quận Cầu Giấy").level == "old_district"


def test_a_district_level_city_is_not_taken_for_the_current_ward_of_that_name(four_provinces):
    city = _only("TP Thủ Đức")
    ward = _only("phường Thủ Đức")

    assert (city.level, city.area_code) == ("old_district", HO_CHI_MINH)
    assert len(city.candidates) > 5
    assert (ward.level, ward.area_code) == ("commune", "26824")


def test_sai_gon_alone_is_the_city_and_after_phuong_it_is_the_ward(four_provinces):
    assert (_only("Sài Gòn").level, _only("Sài Gòn").area_code) == ("province", HO_CHI_MINH)
    assert _only("phường Sài Gòn").area_code == SAI_GON


@pytest.mark.parametrize(
    ("text", "code"), [("Phường Yên Hòa", YEN_HOA), ("Phường Yên Hoà", YEN_HOA)]
)
def test_tone_mark_placement_does_not_matter_hoa(four_provinces, text, code):
    assert _only(text).area_code == code


@pytest.mark.parametrize("text", ["phường Thủy Nguyên", "phường Thuỷ Nguyên", "Thủy Nguyên"])
def test_tone_mark_placement_does_not_matter_thuy(text):
    areas_load(province_codes=[HAI_PHONG])

    mention = _only(text)

    # A bare "Thủy Nguyên" is also the old city; the current ward wins.
    assert (mention.level, mention.area_code) == ("commune", "11560")


def test_typed_diacritics_settle_names_that_fold_alike():
    areas_load(province_codes=[QUANG_NGAI])

    assert _only("Xã Sơn Hà").area_code == "21289"
    assert _only("Xã Sơn Hạ").area_code == "21292"
    plain = _only("xa son ha")
    # Without diacritics both remain; they share a province.
    assert (plain.area_code, set(plain.candidates)) == (QUANG_NGAI, {"21289", "21292"})
    suggestion = place_suggest(text="xa son ha")
    assert (suggestion.area.code, suggestion.confidence) == (QUANG_NGAI, "low")


# --- Old names ----------------------------------------------------------------------------


def test_an_old_ward_and_its_district_map_to_the_current_ward(four_provinces):
    commune, district = places_find(text="phường Trúc Bạch, quận Ba Đình")

    assert (commune.level, commune.area_code, commune.candidates) == (
        "old_commune",
        BA_DINH,
        (BA_DINH,),
    )
    assert commune.note == f"{OLD_NAME_NOTE}: Phường Trúc Bạch, Quận Ba Đình, Thành phố Hà Nội"
    assert (district.level, district.area_code) == ("old_district", HA_NOI)
    suggestion = place_suggest(text="phường Trúc Bạch, quận Ba Đình")
    assert (suggestion.area.code, suggestion.confidence) == (BA_DINH, "high")
    assert suggestion.reason == "Theo tên cũ: Phường Trúc Bạch, Quận Ba Đình → Phường Ba Đình"
    assert suggestion.mentions == [commune, district]


def test_an_old_ward_typed_without_diacritics_or_commas_is_found(four_provinces):
    suggestion = place_suggest(text="phuong truc bach quan ba dinh ha noi")

    assert (suggestion.area.code, suggestion.confidence) == (BA_DINH, "high")
    assert [m.level for m in suggestion.mentions] == ["old_commune", "old_district", "province"]


def test_an_old_district_gives_its_province_and_the_communes_it_went_into(four_provinces):
    mention = _only("Đề nghị xử lý tại quận Cầu Giấy")

    assert (mention.level, mention.area_code) == ("old_district", HA_NOI)
    assert {CAU_GIAY, NGHIA_DO} <= set(mention.candidates)
    suggestion = place_suggest(text="Đề nghị xử lý tại quận Cầu Giấy")
    assert (suggestion.area.code, suggestion.confidence) == (HA_NOI, "high")
    assert suggestion.reason == "Theo tên cũ: Quận Cầu Giấy → Thành phố Hà Nội"


def test_q1_tphcm_is_district_1_of_ho_chi_minh_city(four_provinces):
    district, city = places_find(text="Q.1 TP.HCM")

    assert (district.text, district.level, district.area_code) == ("Q.1", "old_district", "79")
    assert set(district.candidates) == {"26737", "26740", "26743", "26758"}
    assert (city.text, city.level, city.area_code) == ("TP.HCM", "province", "79")
    assert place_suggest(text="Q.1 TP.HCM").area.code == HO_CHI_MINH


def test_q10_is_district_10_and_not_district_1(four_provinces):
    mention = _only("Q10")

    assert mention.note.endswith("Quận 10, Thành phố Hồ Chí Minh")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("phường 1 quận 3 TP HCM", BAN_CO),
        ("Phường 12, Quận Gò Vấp", AN_HOI_TAY),
        ("P12 Gò Vấp", AN_HOI_TAY),
        ("F12, Q. Gò Vấp, Sài Gòn", AN_HOI_TAY),
    ],
)
def test_a_numeric_ward_is_read_in_the_district_named_with_it(four_provinces, text, code):
    suggestion = place_suggest(text=text)

    assert (suggestion.area.code, suggestion.confidence) == (code, "high")
    assert suggestion.reason.startswith("Theo tên cũ: Phường ")


def test_a_numeric_ward_without_its_district_stays_ambiguous(four_provinces):
    mention = _only("phường 1")

    assert mention.level == "old_commune"
    assert mention.area_code is None
    assert len(mention.candidates) > 10
    assert place_suggest(text="phường 1") is None


def test_a_number_without_a_unit_word_is_not_a_place(four_provinces):
    assert places_find(text="Nhà số 12, ngõ 3, tổ 1") == []


def test_a_divided_old_ward_lists_every_successor_with_the_default_first(four_provinces):
    mention = places_find(text="Phường Điện Biên, Quận Ba Đình")[0]

    assert mention.candidates == (BA_DINH, HOAN_KIEM, "00190", "00226")
    assert mention.area_code == BA_DINH
    assert "đã chia cho 4 xã/phường" in mention.note
    suggestion = place_suggest(text="Phường Điện Biên, Quận Ba Đình")
    assert (suggestion.area.code, suggestion.confidence) == (BA_DINH, "low")
    assert suggestion.reason.endswith("(đã chia cho 4 xã/phường; chọn nơi nhận chính)")


def test_a_current_ward_named_in_the_text_settles_a_divided_old_ward(four_provinces):
    # Old Đội Cấn went mostly to Ngọc Hà (its default) and partly to Ba Đình.
    text = "Kính gửi UBND Phường Ba Đình. Nhà tôi ở phường Đội Cấn cũ, quận Ba Đình."

    suggestion = place_suggest(text=text)

    assert (suggestion.area.code, suggestion.confidence) == (BA_DINH, "high")


def test_thi_tran_reads_the_old_township_rather_than_the_current_commune(four_provinces):
    township = _only("thị trấn Đông Anh")
    commune = _only("xã Đông Anh")

    assert (township.level, township.area_code) == ("old_commune", PHUC_THINH)
    assert (commune.level, commune.area_code) == ("commune", "00454")


def test_an_old_province_maps_to_the_province_it_joined(four_provinces):
    mention = _only("tỉnh Quảng Nam")

    assert (mention.level, mention.area_code, mention.candidates) == ("old_province", "48", ())
    suggestion = place_suggest(text="Quê tôi ở tỉnh Quảng Nam")
    assert (suggestion.area.code, suggestion.confidence) == (DA_NANG, "high")
    assert suggestion.reason == "Theo tên cũ: Tỉnh Quảng Nam → Thành phố Đà Nẵng"
    assert _only("Bình Dương").area_code == HO_CHI_MINH


def test_an_old_island_district_names_the_special_zone_it_became(four_provinces):
    suggestion = place_suggest(text="huyện Vân Đồn, Quảng Ninh")

    assert (suggestion.area.code, suggestion.confidence) == (VAN_DON, "high")
    assert suggestion.reason == "Theo tên cũ: Huyện Vân Đồn → Đặc khu Vân Đồn"
    assert place_suggest(text="huyện Hoàng Sa").area.code == HOANG_SA


# --- Narrowing ----------------------------------------------------------------------------


def test_a_name_shared_by_two_provinces_is_narrowed_by_the_province_named(four_provinces):
    shared = _only("Phường Việt Hưng")

    assert shared.candidates == (VIET_HUNG_HN, VIET_HUNG_QN)
    assert shared.area_code is None and shared.note == "trùng tên 2 nơi"
    assert place_suggest(text="Phường Việt Hưng") is None
    assert place_suggest(text="Phường Việt Hưng, Hà Nội").area.code == VIET_HUNG_HN
    assert place_suggest(text="phuong viet hung, tinh quang ninh").area.code == VIET_HUNG_QN


def test_a_province_named_after_the_commune_also_narrows_it(four_provinces):
    suggestion = place_suggest(text="Phường Việt Hưng. Tôi đang ở Quảng Ninh.")

    assert (suggestion.area.code, suggestion.confidence) == (VIET_HUNG_QN, "high")


def test_the_unit_word_narrows_a_name_shared_by_a_ward_and_a_commune(four_provinces):
    assert _only("xã Tây Hồ").area_code == "20380"
    assert _only("phường Tây Hồ").area_code == "00103"


def test_an_old_commune_name_found_across_the_country_is_narrowed_by_its_old_district(
    four_provinces,
):
    assert _only("xã Tam Thanh").area_code is None
    by_district = places_find(text="xã Tam Thanh, TP Tam Kỳ")[0]
    by_province = places_find(text="xã Tam Thanh, tỉnh Quảng Nam")[0]

    assert by_district.candidates == ("20356",)
    assert by_province.candidates == ("20356",)
    assert by_district.note.endswith("Xã Tam Thanh, Thành phố Tam Kỳ, Tỉnh Quảng Nam")


def test_an_old_district_name_of_two_provinces_is_narrowed_by_the_province(four_provinces):
    # Huyện Thanh Trì (Hà Nội) and Huyện Thạnh Trị (Sóc Trăng) fold alike.
    assert _only("huyen thanh tri").area_code is None
    assert _only("huyện Thanh Trì").area_code == HA_NOI
    assert places_find(text="huyen thanh tri, ha noi")[0].area_code == HA_NOI
    # The unit word alone tells Quận Tân Phú (Hồ Chí Minh) from Huyện Tân Phú (Đồng Nai).
    assert _only("quận Tân Phú").area_code == HO_CHI_MINH


def test_a_bare_old_commune_name_needs_its_district_or_province(four_provinces):
    assert places_find(text="Tôi ở Trúc Bạch") == []
    assert places_find(text="Trúc Bạch, Ba Đình")[0].area_code == BA_DINH
    assert places_find(text="Trúc Bạch, Hà Nội")[0].area_code == BA_DINH


# --- What is not a place -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Đề nghị sửa đèn chiếu sáng bị hỏng từ lâu.",
        "hn tôi đi làm muộn vì tắc đường",
        "Rác thải tồn đọng nhiều ngày ở đầu ngõ 120 Đội Cấn, bốc mùi hôi.",
        "Xe tải chạy trên đường Trần Phú và phố Hàng Bông",
        "Nhà hàng ở đường Hà Nội bị mất điện",
        "Hoàn Kiếmxyz",
    ],
)
def test_a_text_without_places_gives_no_mention_and_no_suggestion(four_provinces, text):
    assert places_find(text=text) == []
    assert place_suggest(text=text) is None


def test_the_national_motto_heading_a_petition_names_no_place():
    # Xã Độc Lập and Xã Hạnh Phúc exist; in capitals they look like names.
    areas_load()
    text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐỘC LẬP - TỰ DO - HẠNH PHÚC\nĐƠN KIẾN NGHỊ"

    assert places_find(text=text) == []


@pytest.mark.parametrize(
    "text",
    ["Ông Hoàng Mai đã phản ánh", "chị Lê Thanh Xuân gọi điện", "ông Trần Phú", "Bác Hồ Chí Minh"],
)
def test_a_person_named_like_a_place_is_not_a_place(four_provinces, text):
    assert places_find(text=text) == []


def test_the_unit_word_makes_the_same_name_a_place(four_provinces):
    assert _only("phường Hoàng Mai").area_code == "00331"


def test_a_bare_commune_name_needs_capitals_but_a_province_does_not(four_provinces):
    assert places_find(text="toi song o cau giay") == []
    assert _only("toi song o ha noi").area_code == HA_NOI


def test_a_name_in_a_province_not_loaded_gives_no_suggestion():
    areas_load(province_codes=[HA_NOI])
    text = "phường Bến Nghé, quận 1, TP HCM"

    levels = [(m.level, m.area_code) for m in places_find(text=text)]

    assert levels == [
        ("old_commune", SAI_GON),
        ("old_district", HO_CHI_MINH),
        ("old_province", HO_CHI_MINH),
    ]
    assert place_suggest(text=text) is None


# --- Suggestions -----------------------------------------------------------------------------


def test_two_communes_of_one_province_suggest_the_province_with_low_confidence(four_provinces):
    suggestion = place_suggest(text="phường Ba Đình và phường Hoàn Kiếm")

    assert (suggestion.area.code, suggestion.confidence) == (HA_NOI, "low")
    assert len(suggestion.mentions) == 2


def test_a_commune_outside_the_province_named_is_suggested_with_low_confidence(
    four_provinces,
):
    suggestion = place_suggest(text="phường Hoàn Kiếm, TP Đà Nẵng")

    assert (suggestion.area.code, suggestion.confidence) == (HOAN_KIEM, "low")


def test_of_two_provinces_the_last_one_named_is_suggested(four_provinces):
    suggestion = place_suggest(text="Quê ở tỉnh Quảng Nam, hiện cư trú tại Hà Nội")

    assert (suggestion.area.code, suggestion.confidence) == (HA_NOI, "low")


def test_a_bare_commune_with_its_province_is_confident(four_provinces):
    suggestion = place_suggest(text="Tôi ở Hòa Vang, Đà Nẵng")

    assert (suggestion.area.code, suggestion.confidence) == ("20320", "high")
    assert suggestion.area.full_name == "Xã Hoà Vang"


# --- Offsets --------------------------------------------------------------------------------


def test_offsets_point_at_the_words_as_written(four_provinces):
    text = "Kính gửi: UBND phường Trúc Bạch (Q. Ba Đình), Hà Nội."

    mentions = places_find(text=text)

    assert [(m.text, m.start, m.end) for m in mentions] == [
        ("phường Trúc Bạch", 15, 31),
        ("Q. Ba Đình", 33, 43),
        ("Hà Nội", 46, 52),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_offsets_count_characters_of_decomposed_input(four_provinces):
    text = unicodedata.normalize("NFD", "Tại Phường Hoàn Kiếm.")

    mention = _only(text)

    assert mention.start == len(unicodedata.normalize("NFD", "Tại "))
    assert mention.text == unicodedata.normalize("NFD", "Phường Hoàn Kiếm")
    assert mention.area_code == HOAN_KIEM


# --- Index and data ----------------------------------------------------------------------------


def test_the_index_sees_provinces_loaded_after_it_was_built():
    areas_load(province_codes=[HA_NOI])
    assert place_suggest(text="Đặc khu Vân Đồn") is None

    areas_load(province_codes=[QUANG_NINH])

    assert place_suggest(text="Đặc khu Vân Đồn").area.code == VAN_DON


def test_a_suggestion_costs_two_queries_once_the_index_is_built(
    four_provinces, django_assert_num_queries
):
    place_suggest(text="phường Trúc Bạch")

    with django_assert_num_queries(2):
        assert place_suggest(text="phường Hàng Bông, Hoàn Kiếm").area.code == HOAN_KIEM


@pytest.mark.django_db(transaction=True)
def test_threads_asking_at_once_all_read_the_loaded_areas():
    # Committed, so that the other threads' connections see the areas.
    areas_load(province_codes=[HA_NOI, HO_CHI_MINH])
    places_index_clear()
    barrier = threading.Barrier(4)
    results: list[list[tuple[str, str | None]]] = []

    def work() -> None:
        try:
            barrier.wait()
            mentions = places_find(text="phường 1 quận 3 TP.HCM, Phường Hoàn Kiếm")
            results.append([(m.level, m.area_code) for m in mentions])
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (
        results
        == [
            [
                ("old_commune", BAN_CO),
                ("old_district", HO_CHI_MINH),
                ("province", HO_CHI_MINH),
                ("commune", HOAN_KIEM),
            ]
        ]
        * 4
    )


def test_a_text_of_2000_characters_is_read_whole_and_the_same_each_time(four_provinces):
    # Speed is measured in bench/language.py; here, a long text gives its places every time.
    sentence = (
        "Tôi là Nguyễn Văn An, ở số 12 ngõ 45 phố Đội Cấn (phường Đội Cấn cũ, quận Ba Đình), "
        "phản ánh công trình tại đường Liễu Giai thi công ban đêm gây ồn, bụi; xe chở vật liệu "
        "làm rơi đất trên đường Hoàng Hoa Thám, đề nghị UBND Phường Ngọc Hà kiểm tra, xử lý. "
    )
    text = (sentence * 20)[:2000]

    first = places_find(text=text)

    assert len(first) >= 3
    assert places_find(text=text) == first
    assert place_suggest(text=text) == place_suggest(text=text)


def test_old_units_csv_covers_every_pre_2025_unit_with_codes_as_text():
    with OLD_UNITS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    levels = [row["level"] for row in rows]
    assert (levels.count("province"), levels.count("district"), levels.count("commune")) == (
        63,
        696,
        10035,
    )
    widths = {"province": 2, "district": 3, "commune": 5}
    assert all(len(row["code"]) == widths[row["level"]] for row in rows)
    communes = [row for row in rows if row["level"] == "commune"]
    assert all(len(code) == 5 for row in communes for code in row["new_codes"].split())
    assert sum(row["divided"] == "1" for row in communes) == 471
