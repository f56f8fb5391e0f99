"""Agencies: the standard agencies of each province and commune, lookup and search."""

from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db.models import Count

from nghedan.agencies.admin import AgencyAdmin, AgencyTypeAdmin
from nghedan.agencies.models import Agency, AgencyType
from nghedan.agencies.selectors import agency_for_area, agency_search
from nghedan.agencies.services import agencies_load
from nghedan.areas.models import Area
from nghedan.areas.services import areas_load

HA_NOI, CAO_BANG = "01", "04"
# Communes: Hà Nội 126, Cao Bằng 56; 14 province-level and 2 commune-level types.
AGENCIES_OF_TWO = 2 * 14 + (126 + 56) * 2
PROVINCE_TYPES = {
    "ubnd-tinh",
    "so-xay-dung",
    "so-nong-nghiep-moi-truong",
    "so-y-te",
    "so-giao-duc-dao-tao",
    "so-cong-thuong",
    "so-tai-chinh",
    "so-noi-vu",
    "so-tu-phap",
    "so-van-hoa-the-thao-du-lich",
    "so-khoa-hoc-cong-nghe",
    "so-dan-toc-ton-giao",
    "thanh-tra-tinh",
    "cong-an-tinh",
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_provinces():
    areas_load(province_codes=[HA_NOI, CAO_BANG])
    return agencies_load(province_codes=[HA_NOI, CAO_BANG])


def _snapshot() -> list[tuple]:
    return list(
        Agency.objects.order_by("code").values_list(
            "code",
            "name",
            "agency_type__code",
            "area__code",
            "parent__code",
            "requires_answer_approval",
            "is_active",
        )
    )


def test_agency_types_are_loaded_with_their_names_and_levels(two_provinces):
    assert dict(AgencyType.objects.values_list("code", "level")) == {
        **dict.fromkeys(PROVINCE_TYPES, "province"),
        "ubnd-xa": "commune",
        "cong-an-xa": "commune",
    }
    ubnd_xa = AgencyType.objects.get(code="ubnd-xa")
    assert (ubnd_xa.name, ubnd_xa.name_en) == (
        "Ủy ban nhân dân xã, phường, đặc khu",
        "Commune People's Committee",
    )
    culture = AgencyType.objects.get(code="so-van-hoa-the-thao-du-lich")
    assert (culture.name, culture.name_en) == (
        "Sở Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
    )


def test_a_two_province_load_gives_each_area_one_agency_of_each_type_of_its_level(two_provinces):
    assert two_provinces == {
        "types_created": 16,
        "types_updated": 0,
        "created": AGENCIES_OF_TWO,
        "updated": 0,
        "unchanged": 0,
    }
    per_area = Agency.objects.values("area__level", "area__code").annotate(n=Count("pk"))
    assert {(row["area__level"], row["n"]) for row in per_area} == {
        ("province", 14),
        ("commune", 2),
    }
    assert (
        set(Agency.objects.filter(area__code=HA_NOI).values_list("agency_type__code", flat=True))
        == PROVINCE_TYPES
    )
    assert Agency.objects.get(code="00004-ubnd-xa").area.code == "00004"


def test_parents_follow_the_chain_of_command_within_the_province(two_provinces):
    ubnd_tinh = Agency.objects.get(code="01-ubnd-tinh")
    assert ubnd_tinh.parent is None
    assert Agency.objects.get(code="01-so-xay-dung").parent == ubnd_tinh
    assert Agency.objects.get(code="01-cong-an-tinh").parent == ubnd_tinh
    assert Agency.objects.get(code="00004-ubnd-xa").parent == ubnd_tinh
    assert Agency.objects.get(code="00004-cong-an-xa").parent.code == "01-cong-an-tinh"
    # No agency answers to another province.
    assert (
        not Agency.objects.filter(area__parent__code=CAO_BANG)
        .exclude(parent__area__code=CAO_BANG)
        .exists()
    )


def test_agency_names_read_as_officials_write_them(two_provinces):
    names = dict(Agency.objects.values_list("code", "name"))

    assert names["00004-ubnd-xa"] == "Ủy ban nhân dân Phường Ba Đình"
    assert names["00004-cong-an-xa"] == "Công an Phường Ba Đình"
    assert names["01-ubnd-tinh"] == "Ủy ban nhân dân Thành phố Hà Nội"
    assert names["01-so-xay-dung"] == "Sở Xây dựng Thành phố Hà Nội"
    assert names["04-cong-an-tinh"] == "Công an Tỉnh Cao Bằng"
    assert names["04-thanh-tra-tinh"] == "Thanh tra Tỉnh Cao Bằng"


def test_loading_agencies_twice_changes_nothing(two_provinces, django_assert_max_num_queries):
    before = _snapshot()

    with django_assert_max_num_queries(8):
        counts = agencies_load(province_codes=[HA_NOI, CAO_BANG])

    assert counts == {
        "types_created": 0,
        "types_updated": 0,
        "created": 0,
        "updated": 0,
        "unchanged": AGENCIES_OF_TWO,
    }
    assert _snapshot() == before


def test_loading_again_restores_a_name_but_keeps_the_flags_an_administrator_set(two_provinces):
    Agency.objects.filter(code="00004-ubnd-xa").update(
        name="Sai",
        is_active=False,
        requires_answer_approval=False,
    )
    AgencyType.objects.filter(code="so-y-te").update(name="Sai", requires_answer_approval=False)

    counts = agencies_load(province_codes=[HA_NOI, CAO_BANG])

    assert (counts["types_updated"], counts["updated"]) == (1, 1)
    agency = Agency.objects.get(code="00004-ubnd-xa")
    assert (agency.name, agency.is_active, agency.requires_answer_approval) == (
        "Ủy ban nhân dân Phường Ba Đình",
        False,
        False,
    )
    agency_type = AgencyType.objects.get(code="so-y-te")
    assert (agency_type.name, agency_type.requires_answer_approval) == ("Sở Y tế", False)


def test_a_province_whose_areas_are_not_loaded_is_refused_and_nothing_is_written():
    areas_load(province_codes=[HA_NOI])

    with pytest.raises(ValueError, match="79"):
        agencies_load(province_codes=[HA_NOI, "79"])

    assert not AgencyType.objects.exists()
    assert not Agency.objects.exists()


def test_the_whole_country_loads_in_batches_not_row_by_row(django_assert_max_num_queries):
    areas_load()

    # SQLite takes 999 parameters a statement, so rows go in ~160 at a time.
    with django_assert_max_num_queries(70):
        counts = agencies_load()

    assert counts["created"] == 34 * 14 + 3321 * 2 == Agency.objects.count()


def test_the_command_prints_a_one_line_summary_in_vietnamese():
    areas_load(province_codes=[CAO_BANG])
    out = StringIO()

    call_command("load_agencies", "--province", CAO_BANG, stdout=out)

    assert out.getvalue() == (
        "Loại cơ quan: tạo mới 16, cập nhật 0; cơ quan: tạo mới 126, cập nhật 0, giữ nguyên 0.\n"
    )


def test_the_command_refuses_a_province_that_is_not_loaded():
    with pytest.raises(CommandError, match="load_areas"):
        call_command("load_agencies", "--province", CAO_BANG, stdout=StringIO())


# --- Selectors -------------------------------------------------------------------------


def test_the_agency_of_a_type_in_an_area_is_found_while_it_is_active(two_provinces):
    ba_dinh = Area.objects.get(code="00004")

    assert agency_for_area(area=ba_dinh, agency_type_code="ubnd-xa").code == "00004-ubnd-xa"
    assert agency_for_area(area=ba_dinh, agency_type_code="so-y-te") is None

    Agency.objects.filter(code="00004-ubnd-xa").update(is_active=False)
    assert agency_for_area(area=ba_dinh, agency_type_code="ubnd-xa") is None


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("xay dung ha noi", "01-so-xay-dung"),
        ("Sở Xây dựng Hà Nội", "01-so-xay-dung"),
        ("ubnd ba dinh", "00004-ubnd-xa"),
        ("UBND P. Ba Đình", "00004-ubnd-xa"),
        ("cong an cao bang", "04-cong-an-tinh"),
        ("thanh tra hn", "01-thanh-tra-tinh"),
    ],
)
def test_search_finds_an_agency_typed_with_or_without_diacritics(two_provinces, query, code):
    assert agency_search(query=query)[0].code == code


def test_search_leaves_out_inactive_agencies_and_respects_the_limit(two_provinces):
    Agency.objects.filter(code="01-so-xay-dung").update(is_active=False)

    assert agency_search(query="so xay dung ha noi") == []
    assert len(agency_search(query="cong an", limit=5)) == 5
    assert agency_search(query=" - ") == []


def test_search_results_carry_their_type_area_and_parent_in_two_queries(
    two_provinces,
    django_assert_num_queries,
):
    with django_assert_num_queries(2):
        results = agency_search(query="ubnd cao bang")
        labels = [(a.agency_type.code, a.area.code, a.parent_id) for a in results]

    assert labels[0] == ("ubnd-tinh", CAO_BANG, None)


# --- Admin -----------------------------------------------------------------------------


def test_the_agency_admin_passes_djangos_checks():
    assert AgencyAdmin(Agency, admin.site).check() == []
    assert AgencyTypeAdmin(AgencyType, admin.site).check() == []
