"""The same figure read at different levels, or on different pages, agrees with itself and
with facts built by hand: counts add up from agencies to communes, provinces and the nation,
and the open alerts on a scorecard are the active alerts the alerts list shows for the
same place."""

from datetime import date

import pytest

from nghedan.agencies.models import Agency
from nghedan.alerts.models import Alert, AlertKind, AlertStatus
from nghedan.alerts.selectors import alerts_filtered
from nghedan.areas.models import AreaLevel
from nghedan.scorecards import selectors
from nghedan.scorecards.cells import cells_rebuild
from nghedan.scorecards.counts import FIELDS
from nghedan.scorecards.indicators import cells_of
from nghedan.scorecards.periods import Period
from nghedan.scorecards.tests.cases import NOW, at, march_2026, petition

MARCH = Period.month(2026, 3)


def _province_agency(world) -> Agency:
    return Agency.objects.filter(area=world.hanoi).order_by("pk").first()


def _danang_agency(world) -> Agency:
    return (
        Agency.objects.filter(area__parent=world.danang, area__level=AreaLevel.COMMUNE)
        .order_by("pk")
        .first()
    )


@pytest.fixture
def built(world):
    # Given agency A's five March petitions and the appeal at agency B (cases.py), one
    # petition at a Hà Nội province agency and one at a commune of Đà Nẵng
    march_2026(world)
    petition(world, agency=_province_agency(world), received=date(2026, 3, 10))
    petition(world, agency=_danang_agency(world), received=date(2026, 3, 11))
    cells_rebuild(now=NOW)


def _counts(unit) -> list[int]:
    return list(cells_of([unit], MARCH)[unit.key].values)


def _sum(*rows: list[int]) -> list[int]:
    return [sum(column) for column in zip(*rows, strict=True)]


def test_every_count_adds_up_from_agencies_to_communes_provinces_and_the_nation(built, world):
    # When each level's counts for March are read from the cells
    agency_a, agency_b = world.agency_a, world.agency_b
    province_agency, danang_agency = _province_agency(world), _danang_agency(world)
    ba_dinh = _counts(selectors.area_unit(world.ba_dinh))
    hoan_kiem = _counts(selectors.area_unit(world.hoan_kiem))
    hanoi = _counts(selectors.area_unit(world.hanoi))
    danang = _counts(selectors.area_unit(world.danang))
    nation = _counts(selectors.nation_unit())

    # Then a commune is the sum of its agencies, a province of its communes and its own
    # agencies, and the nation of its provinces, for every count (FIELDS)
    assert ba_dinh == _counts(selectors.agency_unit(agency_a))
    assert hoan_kiem == _counts(selectors.agency_unit(agency_b))
    assert hanoi == _sum(ba_dinh, hoan_kiem, _counts(selectors.agency_unit(province_agency)))
    assert danang == _counts(selectors.agency_unit(danang_agency))
    assert nation == _sum(hanoi, danang)
    # And the received counts are the hand-built ones: 5 + 1 + 1 in Hà Nội, 1 in Đà Nẵng
    received = FIELDS.index("received")
    assert (ba_dinh[received], hoan_kiem[received], hanoi[received]) == (5, 1, 7)
    assert (danang[received], nation[received]) == (1, 8)


def _alert(world, *, area, status=AlertStatus.OPEN, key: str) -> Alert:
    return Alert.objects.create(
        kind=AlertKind.MASS,
        status=status,
        key=key,
        area=area,
        province=area if area.level == AreaLevel.PROVINCE else area.parent,
        title=f"Cảnh báo {key}",
        opened_at=at(date(2026, 4, 1)),
        updated_at=at(date(2026, 4, 1)),
    )


def test_the_open_alerts_on_a_scorecard_are_the_active_alerts_listed_for_the_place(world):
    # Given alerts in Ba Đình (one acknowledged, one handled, one closed), one about Hà Nội
    # as a whole, one in Hoàn Kiếm and one in Đà Nẵng
    _alert(world, area=world.ba_dinh, status=AlertStatus.ACKNOWLEDGED, key="a")
    _alert(world, area=world.ba_dinh, status=AlertStatus.HANDLED, key="b")
    _alert(world, area=world.ba_dinh, status=AlertStatus.CLOSED, key="c")
    _alert(world, area=world.hanoi, key="d")
    _alert(world, area=world.hoan_kiem, key="e")
    _alert(world, area=world.danang.children.order_by("pk").first(), key="f")
    units = {
        world.ba_dinh.code: selectors.area_unit(world.ba_dinh),
        world.hoan_kiem.code: selectors.area_unit(world.hoan_kiem),
        world.hanoi.code: selectors.area_unit(world.hanoi),
        world.danang.code: selectors.area_unit(world.danang),
    }

    def on_scorecard(unit) -> float:
        card = selectors.scorecard(unit, Period.last_months(1))
        return next(v.value for v in card.values if v.indicator.code == "alerts_open")

    def listed(code: str = "") -> int:
        return alerts_filtered(user=world.admin, province=code, status="active").count()

    # Then each place's scorecard shows what the alerts list shows as active for it
    for code, unit in units.items():
        assert on_scorecard(unit) == listed(code), code
    assert on_scorecard(selectors.nation_unit()) == listed() == 5
    # And the hand-counted numbers: Ba Đình 2, Hoàn Kiếm 1, Hà Nội 4, Đà Nẵng 1
    assert [on_scorecard(u) for u in units.values()] == [2, 1, 4, 1]
    # And an agency shows those of its area: agency A those of Ba Đình
    assert on_scorecard(selectors.agency_unit(world.agency_a)) == 2
