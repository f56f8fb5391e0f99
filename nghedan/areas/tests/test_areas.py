"""Areas: loading the official list, searching it, and finding the commune an address names."""

from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db.models import Count

from nghedan.areas.admin import AreaAdmin
from nghedan.areas.models import Area, AreaLevel
from nghedan.areas.places import commune_resolve, province_resolve
from nghedan.areas.selectors import (
    area_get_by_code,
    area_search,
    communes_of,
)
from nghedan.areas.services import areas_load
from nghedan.lib.text import fold

HA_NOI, TUYEN_QUANG, CAO_BANG, QUANG_NINH = "01", "08", "04", "22"
PHU_THO, QUANG_NGAI, HO_CHI_MINH, DONG_THAP = "25", "51", "79", "82"

pytestmark = pytest.mark.django_db


def _snapshot() -> list[tuple]:
    return list(
        Area.objects.order_by("code").values_list(
            "code",
            "level",
            "unit_type",
            "name",
            "full_name",
            "name_en",
            "search_key",
            "parent__code",
        )
    )


# --- Loading ---------------------------------------------------------------------------


def test_a_full_load_creates_34_provinces_and_3321_communes_of_each_unit_type():
    counts = areas_load()

    assert counts == {"created": 3355, "updated": 0, "unchanged": 0}
    provinces = Area.objects.filter(level=AreaLevel.PROVINCE)
    assert provinces.count() == 34
    assert dict(provinces.values_list("unit_type").annotate(n=Count("pk"))) == {
        "municipality": 7,
        "province": 27,
    }
    communes = Area.objects.filter(level=AreaLevel.COMMUNE)
    assert communes.count() == 3321
    assert dict(communes.values_list("unit_type").annotate(n=Count("pk"))) == {
        "ward": 697,
        "commune": 2611,
        "special_zone": 13,
    }
    assert not communes.exclude(parent__level=AreaLevel.PROVINCE).exists()


def test_loading_twice_changes_nothing():
    areas_load()
    before = _snapshot()

    counts = areas_load()

    assert counts == {"created": 0, "updated": 0, "unchanged": 3355}
    assert _snapshot() == before


def test_loading_again_restores_a_name_changed_by_hand(django_assert_max_num_queries):
    areas_load(province_codes=[HA_NOI])
    Area.objects.filter(code="00004").update(name="Sai", search_key="sai")

    with django_assert_max_num_queries(8):
        counts = areas_load(province_codes=[HA_NOI])

    assert counts == {"created": 0, "updated": 1, "unchanged": 126}
    assert Area.objects.get(code="00004").search_key == "ba dinh"


def test_a_province_filter_loads_only_those_provinces_and_their_communes():
    counts = areas_load(province_codes=[HA_NOI, CAO_BANG])

    assert counts == {"created": 2 + 126 + 56, "updated": 0, "unchanged": 0}
    assert set(Area.objects.filter(level=AreaLevel.PROVINCE).values_list("code", flat=True)) == {
        HA_NOI,
        CAO_BANG,
    }
    assert dict(
        Area.objects.filter(parent__code=HA_NOI).values_list("unit_type").annotate(n=Count("pk"))
    ) == {"ward": 51, "commune": 75}


def test_an_unknown_province_code_is_refused_and_nothing_is_written():
    with pytest.raises(ValueError, match="99"):
        areas_load(province_codes=[HA_NOI, "99"])

    assert not Area.objects.exists()


def test_codes_stay_zero_padded_text_and_every_name_is_filled():
    areas_load(province_codes=[HA_NOI])

    ward = Area.objects.select_related("parent").get(code="00004")
    assert (
        ward.level,
        ward.unit_type,
        ward.name,
        ward.full_name,
        ward.name_en,
        ward.search_key,
    ) == ("commune", "ward", "Ba Đình", "Phường Ba Đình", "Ba Dinh", "ba dinh")
    assert (ward.parent.code, ward.parent.unit_type, ward.parent.full_name) == (
        HA_NOI,
        "municipality",
        "Thành phố Hà Nội",
    )
    assert str(ward) == "Phường Ba Đình, Thành phố Hà Nội"


def test_a_full_name_written_in_lower_case_by_the_source_is_capitalised():
    areas_load(province_codes=["20"])

    assert Area.objects.get(code="06325").full_name == "Xã Bắc Sơn"


def test_the_command_prints_a_one_line_summary_in_vietnamese():
    out = StringIO()

    call_command("load_areas", "--province", CAO_BANG, stdout=out)

    assert out.getvalue() == (
        "Địa bàn (danh mục 2026-04-30): tạo mới 57, cập nhật 0, giữ nguyên 0.\n"
    )


def test_the_command_refuses_an_unknown_province():
    with pytest.raises(CommandError, match="99"):
        call_command("load_areas", "--province", "99", stdout=StringIO())

    assert not Area.objects.exists()


# --- Lookup and search -----------------------------------------------------------------


def test_an_area_is_found_by_its_code_only_as_written():
    areas_load(province_codes=[HA_NOI])

    assert area_get_by_code(code="00004").name == "Ba Đình"
    assert area_get_by_code(code="4") is None


def test_communes_of_a_province_come_in_alphabetical_order_of_their_plain_letters():
    areas_load(province_codes=[HA_NOI, QUANG_NINH])

    keys = [area.search_key for area in communes_of(province_code=QUANG_NINH)]

    assert len(keys) == 54
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    "query",
    ["ba dinh", "Ba Đình", "phuong ba dinh", "P. Ba Đình", "PHƯỜNG BA ĐÌNH", "  ba   đình "],
)
def test_search_finds_a_commune_typed_with_or_without_diacritics_or_unit_words(query):
    areas_load(province_codes=[HA_NOI, QUANG_NGAI])

    codes = [area.code for area in area_search(query=query)]

    # Xã Ba Dinh (Quảng Ngãi) is written without diacritics in the official list.
    assert codes[:2] == ["00004", "21499"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("TP Hồ Chí Minh", HO_CHI_MINH),
        ("tp hcm", HO_CHI_MINH),
        ("tphcm", HO_CHI_MINH),
        ("TP. HCM", HO_CHI_MINH),
        ("Sài Gòn", HO_CHI_MINH),
        ("thành phố hồ chí minh", HO_CHI_MINH),
        ("hn", HA_NOI),
        ("Hà Nội", HA_NOI),
        ("tinh quang ngai", QUANG_NGAI),
    ],
)
def test_search_understands_province_names_and_their_abbreviations(query, code):
    areas_load(province_codes=[HA_NOI, QUANG_NGAI, HO_CHI_MINH])

    assert area_search(query=query)[0].code == code


def test_search_keeps_a_name_that_begins_with_a_unit_word():
    areas_load(province_codes=[QUANG_NGAI])

    assert area_search(query="Tịnh Khê")[0].code == "21211"


def test_search_ranks_exact_names_then_prefixes_then_names_that_contain_the_query():
    areas_load(province_codes=[HO_CHI_MINH])

    results = area_search(query="An Phú", limit=50)

    def rank(key: str) -> int:
        return 0 if key == "an phu" else 1 if key.startswith("an phu") else 2

    ranks = [rank(area.search_key) for area in results]
    assert ranks == sorted(ranks)
    assert set(ranks) == {0, 1, 2}
    assert all("an phu" in area.search_key for area in results)


def test_search_can_be_limited_to_a_level_a_province_and_a_count():
    areas_load(province_codes=[HA_NOI, QUANG_NGAI])

    assert [a.code for a in area_search(query="ba dinh", province_code=QUANG_NGAI)] == ["21499"]
    assert area_search(query="ha noi", level=AreaLevel.COMMUNE) == []
    assert len(area_search(query="a", limit=3)) == 3


def test_search_for_nothing_finds_nothing():
    areas_load(province_codes=[HA_NOI])

    assert area_search(query=" .,- ") == []


def test_search_results_carry_their_province_in_one_query(django_assert_num_queries):
    areas_load(province_codes=[HA_NOI, QUANG_NGAI])

    with django_assert_num_queries(1):
        labels = [str(area) for area in area_search(query="ba dinh")]

    assert labels[:2] == ["Phường Ba Đình, Thành phố Hà Nội", "Xã Ba Dinh, Tỉnh Quảng Ngãi"]


# --- Gazetteer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("123 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh", "26743"),
        ("12 Xa lộ Hà Nội, phường Thủ Đức, TP.HCM", "26824"),
        ("Phường Hoàn Kiếm, Hà Nội", "00070"),
        ("số 5 ngõ 10, p.Ba Đình, HN", "00004"),
        ("phuong hoan kiem", "00070"),
        # A province's name after a commune word is the commune's name.
        ("Phường Phú Thọ, TP HCM", "27226"),
        # The longest name written wins over the shorter one inside it.
        ("Phường Phú Thọ Hoà, Hồ Chí Minh", "27022"),
        # The unit word tells Phường Mỹ Tho from Xã Mỹ Thọ.
        ("phuong my tho, dong thap", "28261"),
    ],
)
def test_an_address_resolves_to_the_one_commune_it_names(text, code):
    areas_load(province_codes=[HA_NOI, PHU_THO, HO_CHI_MINH, DONG_THAP])

    area = commune_resolve(text=text)

    assert area is not None and area.code == code


def test_a_commune_name_shared_by_two_provinces_needs_the_province():
    areas_load(province_codes=[HA_NOI, QUANG_NINH])

    assert commune_resolve(text="Phường Việt Hưng") is None
    assert commune_resolve(text="Phường Việt Hưng, Hà Nội").code == "00127"
    assert commune_resolve(text="phuong viet hung, tinh quang ninh").code == "06661"


def test_names_that_differ_only_by_diacritics_in_one_province_need_the_diacritics():
    areas_load(province_codes=[QUANG_NGAI])

    assert commune_resolve(text="xa son ha, quang ngai") is None
    assert commune_resolve(text="Xã Sơn Hà, Quảng Ngãi").code == "21289"
    assert commune_resolve(text="Xã Sơn Hạ, Quảng Ngãi").code == "21292"


def test_a_bare_province_name_is_not_read_as_a_commune():
    areas_load(province_codes=[PHU_THO, HO_CHI_MINH])

    # "Phú Thọ" is a province and a ward of Hồ Chí Minh: without "phường" it is unclear.
    assert commune_resolve(text="Phú Thọ, Hồ Chí Minh") is None


@pytest.mark.parametrize("text", ["Hà Nội", "xa tan hoa, tinh tuyen quang", "", "Việt Nam"])
def test_an_address_without_a_commune_of_its_province_resolves_to_nothing(text):
    areas_load(province_codes=[HA_NOI, TUYEN_QUANG, HO_CHI_MINH, DONG_THAP])

    assert commune_resolve(text=text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("xa tan hoa, tinh tuyen quang", TUYEN_QUANG),
        ("12 Xa lộ Hà Nội, phường Thủ Đức, TP.HCM", HO_CHI_MINH),
        ("Phường Phú Thọ, TP HCM", HO_CHI_MINH),
        ("Sài Gòn", HO_CHI_MINH),
        ("nhà văn hoá thôn 3", None),
    ],
)
def test_an_address_resolves_to_the_province_it_names(text, code):
    areas_load(province_codes=[HA_NOI, TUYEN_QUANG, PHU_THO, HO_CHI_MINH])

    province = province_resolve(text=text)

    assert (province.code if province else None) == code


def test_the_gazetteer_is_built_once_and_then_costs_two_queries(django_assert_num_queries):
    areas_load(province_codes=[HA_NOI])
    commune_resolve(text="Phường Ba Đình")

    with django_assert_num_queries(2):
        area = commune_resolve(text="Phường Hoàn Kiếm")

    assert area.code == "00070"


def test_the_gazetteer_sees_provinces_loaded_after_it_was_built():
    areas_load(province_codes=[HA_NOI])
    assert commune_resolve(text="Phường Việt Hưng").code == "00127"

    areas_load(province_codes=[QUANG_NINH])

    assert commune_resolve(text="Phường Việt Hưng") is None


def test_the_gazetteer_sees_a_commune_written_without_the_loader():
    areas_load(province_codes=[HA_NOI])
    assert commune_resolve(text="Phường Thử Nghiệm, Hà Nội") is None

    Area.objects.create(
        code="99999",
        level=AreaLevel.COMMUNE,
        unit_type="ward",
        name="Thử Nghiệm",
        full_name="Phường Thử Nghiệm",
        parent=Area.objects.get(code=HA_NOI),
        search_key=fold("Thử Nghiệm"),
    )

    assert commune_resolve(text="Phường Thử Nghiệm, Hà Nội").code == "99999"


# --- Admin -----------------------------------------------------------------------------


def test_areas_can_only_be_viewed_in_the_admin(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    area_admin = AreaAdmin(Area, admin.site)

    assert area_admin.has_view_permission(request)
    assert not area_admin.has_add_permission(request)
    assert not area_admin.has_change_permission(request)
    assert not area_admin.has_delete_permission(request)
    assert area_admin.check() == []
