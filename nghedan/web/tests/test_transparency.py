"""The public transparency pages: the national map and ranking, a province, a commune and
an agency, read by anyone without logging in.

The hand-made case: three petitions filed by the citizen at agency A (UBND Phường Ba
Đình, commune 00004, Hà Nội 01), each accepted, answered by the leader and rated 5, 4
and 2 stars; one petition at agency B (Phường Hoàn Kiếm) still waiting. So Ba Đình has
3 petitions, 2 of 3 ratings satisfied (67%), a mean of 11/3 = 3,7 stars; Hoàn Kiếm 1
petition and nothing rated; Hà Nội 4 petitions, 67% satisfied; Đà Nẵng one petition in
Hải Vân answered and rated 1 star; the nation 5 petitions, 2 of 4 satisfied (50%), a
mean of 12/4 = 3,0 stars.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from nghedan.areas.models import Area
from nghedan.lib import clock
from nghedan.petitions import actions
from nghedan.petitions.models import Petition, Rating
from nghedan.scorecards.cells import cells_rebuild
from nghedan.scorecards.periods import Period
from nghedan.test import PERSONAS, submit
from nghedan.web.templatetags.scorecards import change, number, shown, signed
from nghedan.web.tests.scenes import ANSWER, PETITIONER, leader_of, log_in

# Most of a page's queries are the scorecards' own: each period measured reads the cells
# and the live sources (commitments, reception days, consultations, alerts), for the unit
# and the nation, now and in the previous period. The bounds hold however many units a
# page lists (see the test with more communes at the bottom).
QUERIES = {"home": 18, "province": 24, "commune": 22, "agency": 21}


def rated(world, *, stars: int, area=None) -> Petition:
    """A petition filed by the citizen, accepted, answered by the leader and rated."""
    petition = submit(world, user=world.citizen, petitioner=PETITIONER, area=area).petition
    petition = actions.petition_accept(acting_user=world.officer_a, petition=petition)
    actions.answer_submit(acting_user=world.leader_a, petition=petition, body=ANSWER)
    petition.refresh_from_db()
    actions.petition_rate(acting_user=world.citizen, petition=petition, stars=stars)
    return petition


def rated_three(world) -> None:
    """The hand-made case of the module's docstring, with the cells rebuilt."""
    for stars in (5, 4, 2):
        rated(world, stars=stars)
    submit(world, user=world.other_citizen, petitioner=PETITIONER, area=world.hoan_kiem)
    # One answer rated 1 star in Đà Nẵng, so there are two provinces to rank.
    petition = submit(
        world, user=world.other_citizen, petitioner=PETITIONER, area=world.hai_van
    ).petition
    leader = leader_of(petition.agency)
    petition = actions.petition_accept(acting_user=leader, petition=petition)
    actions.answer_submit(acting_user=leader, petition=petition, body=ANSWER)
    actions.petition_rate(acting_user=world.other_citizen, petition=petition, stars=1)
    cells_rebuild()


@pytest.fixture
def case(world):
    rated_three(world)
    return world


def plain(html: str) -> str:
    """Visible text: tags and charts removed, spaces collapsed."""
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def text(response) -> str:
    return plain(response.content.decode())


def part(response, testid: str) -> str:
    """The HTML of the element with `data-testid=testid`, up to its closing tag."""
    html = response.content.decode()
    start = html.rindex("<", 0, html.index(f'data-testid="{testid}"'))
    tag = re.match(r"<(\w+)", html[start:])[1]
    depth, position = 0, start
    for match in re.finditer(rf"<(/?){tag}\b", html[start:]):
        depth += -1 if match[1] else 1
        if depth == 0:
            position = start + match.end()
            break
    return html[start : html.index(">", position) + 1]


def indicator(response, code: str) -> str:
    """The text of one indicator card."""
    html = response.content.decode()
    start = html.index(f'<article class="indicator" data-code="{code}">')
    card = html[start : html.index("</article>", start)]
    return plain(card).strip()


# --- the national page ----------------------------------------------------------------


def test_an_anonymous_visitor_sees_the_nation_s_numbers(client, case):
    # When anyone opens the national page
    response = client.get(reverse("transparency"))

    # Then the nation's cards show its five petitions and two satisfied ratings of four
    assert response.status_code == 200
    assert indicator(response, "received").startswith("Đơn tiếp nhận 5 ")
    assert "Kỳ trước: 0" in indicator(response, "received")
    assert indicator(response, "satisfied").startswith("Hài lòng (4–5 sao) 50% trên 4 lượt")
    assert "3,0/5" in indicator(response, "rating_mean")
    # And when the numbers were refreshed, and how they are computed
    page = text(response)
    assert "Số liệu cập nhật lúc" in page
    assert "Cách tính" in page
    assert "kéo về gần mức bình quân cả nước" in page
    assert "Tỷ lệ đánh giá 4 hoặc 5 sao trong các đánh giá của người dân trong kỳ" in page


def test_the_map_links_every_province_to_its_page(client, case):
    response = client.get(reverse("transparency"))

    map_html = part(response, "province-map")
    provinces = Area.objects.filter(level="province")
    assert provinces.count() == 2
    for province in provinces:
        assert f'href="{reverse("transparency_area", args=[province.code])}"' in map_html
    # Both have the index; a year before any petition has nothing to shade
    assert re.search(r'class="tile shade-[1-5]"[^>]*\n?[^>]*data-code="01"', map_html)
    assert re.search(r'class="tile shade-[1-5]"[^>]*\n?[^>]*data-code="48"', map_html)
    assert "chưa có dữ liệu" in part(response, "map-legend")
    empty = part(client.get(reverse("transparency"), {"period": "2020"}), "province-map")
    assert re.search(r'class="tile shade-0"[^>]*\n?[^>]*data-code="48"', empty)


def test_the_map_is_shaded_by_the_indicator_chosen_and_keeps_the_period(client, case):
    year = str(Period.last_months(1).start.year)  # the ratings were given this year
    response = client.get(reverse("transparency"), {"indicator": "satisfied", "period": year})

    assert response.status_code == 200
    assert "Hài lòng (4–5 sao)" in part(response, "map-legend")
    tile = re.search(r'data-code="01">(.*?)</a>', part(response, "province-map"), re.S)[1]
    assert plain(tile).split() == ["Hà", "Nội", "67%"]
    assert f'href="{reverse("transparency_area", args=["01"])}?period={year}"' in part(
        response, "province-map"
    )
    # And the period form keeps the indicator
    assert 'name="indicator" value="satisfied"' in part(response, "period-form")


def test_an_unknown_map_indicator_falls_back_to_the_index(client, case):
    response = client.get(reverse("transparency"), {"indicator": "received<script>"})

    assert response.status_code == 200
    assert "<script>" not in part(response, "map-form")
    assert '<option value="index" selected>' in part(response, "map-form")


# The answers are given on 25 November and their deadlines fall in December, after the
# default period (the last 12 months up to November): resolved-on-time has no figure yet.
@pytest.mark.clock("2026-11-25 10:00")
def test_the_provinces_are_ranked_with_their_plausible_ranks(client, case):
    response = client.get(reverse("transparency"))

    table = part(response, "province-table")
    row = re.search(r'<tr data-code="01">.*?</tr>', table, re.S)[0]
    cells = plain(row)
    assert re.match(r" ?1 \(1–2\) Thành phố Hà Nội ít dữ liệu \d+,\d \(\d+,\d–\d+,\d\) ", cells)
    assert cells.strip().endswith("4 – 67%")
    # Đà Nẵng: one answer, rated 1 star, ranked below
    danang = plain(re.search(r'<tr data-code="48">.*?</tr>', table, re.S)[0])
    assert re.match(r" ?2 \(1–2\) Thành phố Đà Nẵng ít dữ liệu ", danang)


# --- a province and a commune ---------------------------------------------------------


def test_a_province_page_ranks_its_communes_and_lists_its_agencies(client, case):
    response = client.get(reverse("transparency_area", args=["01"]))

    assert response.status_code == 200
    page = text(response)
    assert "Thành phố Hà Nội" in page
    assert "Hạng 1 (1–2) trong 2 tỉnh, thành phố" in page
    assert indicator(response, "received").startswith("Đơn tiếp nhận 4 ")
    # Its communes: Ba Đình and Hoàn Kiếm ranked, the others with no data yet
    table = part(response, "commune-table")
    ba_dinh = re.search(r'<tr data-code="00004">.*?</tr>', table, re.S)[0]
    assert reverse("transparency_area", args=["00004"]) in ba_dinh
    assert "67%" in ba_dinh
    assert 'data-code="00070"' in table
    no_data = part(response, "commune-table-no-data")
    assert "chưa có dữ liệu" in no_data
    assert reverse("transparency_area", args=["00008"]) in no_data  # Phường Ngọc Hà
    assert 'data-code="00004"' not in no_data
    # And its provincial agencies link to their pages
    agencies = part(response, "agencies")
    assert reverse("transparency_agency", args=[case.hanoi_ubnd.code]) in agencies
    assert case.agency_a.code not in agencies  # a commune's agency is on the commune's page
    # And the monthly trends are drawn
    assert response.content.count(b'<svg class="chart"') >= 4


# The answers are given on 25 November and their deadlines fall in December, after the
# default period (the last 12 months up to November): resolved-on-time has no figure yet.
@pytest.mark.clock("2026-11-25 10:00")
def test_a_commune_page_shows_its_cards_topics_backlog_agencies_and_downloads(client, case):
    response = client.get(reverse("transparency_area", args=["00004"]))

    assert response.status_code == 200
    assert indicator(response, "received").startswith("Đơn tiếp nhận 3 ")
    assert "↑ +3" in indicator(response, "received")
    assert indicator(response, "satisfied").startswith("Hài lòng (4–5 sao) 67% trên 3 lượt")
    assert "3,7/5" in indicator(response, "rating_mean")
    # The 2-star rating sent its answer back to work: one reopening in three answers.
    assert "Tỷ lệ mở lại 33% trên 3 đơn được trả lời" in indicator(response, "reopen_rate")
    # Ranked among the communes of Hà Nội
    assert "xã, phường của Thành phố Hà Nội" in part(response, "rank")
    # Topics: Môi trường, 3 petitions, 67% satisfied
    topics = plain(part(response, "topics"))
    assert "Môi trường 3 – 67%" in topics
    assert "Đơn quá hạn chưa giải quyết (0)" in text(response)
    # Its agencies, and the downloads for the same period
    agencies = part(response, "agencies")
    assert reverse("transparency_agency", args=[case.agency_a.code]) in agencies
    assert reverse("transparency_agency", args=[case.police_a.code]) in agencies
    downloads = part(response, "downloads")
    assert reverse("transparency_area_report", args=["00004", "pdf"]) in downloads
    assert reverse("transparency_area_report", args=["00004", "xlsx"]) in downloads
    assert reverse("open_data") in downloads


def test_an_open_petition_long_past_its_deadline_is_in_the_backlog(client, case):
    # Given a petition of agency A accepted, then left 60 days past its deadline
    petition = submit(case, user=case.citizen).petition
    actions.petition_accept(acting_user=case.officer_a, petition=petition)
    Petition.objects.filter(pk=petition.pk).update(
        resolution_due=clock.today() - timedelta(days=60)
    )
    cells_rebuild()

    response = client.get(reverse("transparency_agency", args=[case.agency_a.code]))

    # Then it is the one overdue petition, more than 20 working days late
    ageing = part(response, "ageing")
    assert "Đơn quá hạn chưa giải quyết (1)" in plain(ageing)
    assert re.search(r'&gt; 20</th>\s*<td class="num">1</td>', ageing)
    assert indicator(response, "overdue_backlog").startswith("Đơn quá hạn chưa giải quyết 1 ")


def test_the_period_chosen_is_kept_in_the_links(client, case):
    response = client.get(reverse("transparency_area", args=["00004"]), {"period": "2025-q3"})

    assert response.status_code == 200
    assert "Quý III/2025" in text(response)
    assert '<option value="2025-Q3" selected>' in part(response, "period-form")
    pdf = reverse("transparency_area_report", args=["00004", "pdf"])
    assert f'href="{pdf}?period=2025-Q3"' in part(response, "downloads")
    # Nothing was received in that quarter
    assert indicator(response, "received").startswith("Đơn tiếp nhận 0 ")
    assert "Chưa có dữ liệu trong kỳ này." in part(response, "index")


def test_a_period_of_any_months_is_offered_in_the_selector(client, case):
    response = client.get(reverse("transparency"), {"period": "2026-01..2026-06"})

    assert '<option value="2026-01..2026-06" selected>01/2026–06/2026</option>' in part(
        response, "period-form"
    )


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("transparency", []),
        ("transparency_area", ["01"]),
        ("transparency_area", ["00004"]),
        ("transparency_agency", ["00004-ubnd-xa"]),
    ],
)
@pytest.mark.parametrize(
    "period", ["2026-13", "tháng trước", "2030-01..2020-01", "9999", "0001-Q1", "1999"]
)
def test_a_bad_period_is_explained_and_the_last_12_months_shown(client, case, name, args, period):
    response = client.get(reverse(name, args=args), {"period": period})

    assert response.status_code == 200
    error = part(response, "period-error")
    assert f"Kỳ không hợp lệ: “{period}”" in error
    assert "Đang hiển thị 12 tháng qua." in error
    assert Period.last_months(12).label in text(response)
    assert '<option value="" selected>' in part(response, "period-form")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("transparency_area", "99"),
        ("transparency_area", "99999"),
        ("transparency_area", "ha-noi"),
        ("transparency_agency", "00004-khong-co"),
    ],
)
def test_an_unknown_code_is_not_found(client, case, name, code):
    assert client.get(reverse(name, args=[code])).status_code == 404


def test_a_post_is_refused(client, case):
    assert client.post(reverse("transparency")).status_code == 405


# --- an agency ------------------------------------------------------------------------


def test_an_agency_page_shows_its_scorecard_and_rank_among_its_peers(client, case):
    response = client.get(reverse("transparency_agency", args=[case.agency_a.code]))

    assert response.status_code == 200
    page = text(response)
    assert "Ủy ban nhân dân Phường Ba Đình" in page
    assert indicator(response, "received").startswith("Đơn tiếp nhận 3 ")
    assert indicator(response, "satisfied").startswith("Hài lòng (4–5 sao) 67%")
    # Ranked among the commune people's committees of Hà Nội, shown beside it
    rank = part(response, "rank")
    # Only agencies with petitions are ranked: Ba Đình and Hoàn Kiếm.
    assert re.search(r"Hạng 1 \(\d+–\d+\) trong 2", rank)
    peers = part(response, "peer-table")
    assert reverse("transparency_agency", args=[case.agency_b.code]) in peers
    # Breadcrumbs back to the commune and the province, and the downloads
    assert reverse("transparency_area", args=["00004"]) in response.content.decode()
    downloads = part(response, "downloads")
    assert reverse("transparency_agency_report", args=[case.agency_a.code, "pdf"]) in downloads
    assert reverse("transparency_agency_report", args=[case.agency_a.code, "xlsx"]) in downloads


def test_a_provincial_agency_with_no_peers_shows_no_rank(client, case):
    response = client.get(reverse("transparency_agency", args=[case.hanoi_ubnd.code]))

    assert response.status_code == 200
    assert 'data-testid="rank"' not in response.content.decode()
    assert 'data-testid="peers"' not in response.content.decode()
    assert "Chưa có dữ liệu trong kỳ này." in part(response, "index")
    assert "Cả nước › Thành phố Hà Nội" in text(response)


def test_a_change_against_the_previous_period_is_marked_better_or_worse(client, case):
    # Given the 2-star rating moved back into last month
    this_month = Period.last_months(1)
    last_month = this_month.previous()
    low = Rating.objects.get(stars=2)
    Rating.objects.filter(pk=low.pk).update(
        created_at=low.created_at.replace(
            year=last_month.start.year, month=last_month.start.month, day=15
        )
    )
    cells_rebuild()

    # When this month is shown
    response = client.get(reverse("transparency_area", args=["00004"]), {"period": this_month.code})

    # Then satisfaction went from 0% (0 of 1) to 100% (2 of 2): better, in green
    card = indicator(response, "satisfied")
    assert card.startswith("Hài lòng (4–5 sao) 100% trên 2 lượt đánh giá Kỳ trước: 0%")
    assert card.endswith("↑ +100 điểm % (tốt hơn)")
    html = response.content.decode()
    start = html.index('data-code="satisfied"')
    assert '<p class="change better">' in html[start : html.index("</article>", start)]
    # And the mean rating went from 2 to 4,5 stars
    assert indicator(response, "rating_mean").endswith("↑ +2,5 sao (tốt hơn)")


# --- for everyone, and nobody's personal data -----------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_sees_the_same_public_pages(client, case, persona):
    log_in(client, case, persona)
    for url in (
        reverse("transparency"),
        reverse("transparency_area", args=["01"]),
        reverse("transparency_area", args=["00004"]),
        reverse("transparency_agency", args=[case.agency_a.code]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "67%" in text(response), url


def test_no_petitioner_s_name_phone_or_petition_appears(client, case):
    secrets = [
        PETITIONER.name,
        PETITIONER.phone,
        PETITIONER.address,
        case.citizen.full_name,
        case.citizen.username,
        case.leader_a.full_name,
        "Đội Cấn",
    ]
    secrets += list(Petition.objects.values_list("code", flat=True))
    for url in (
        reverse("transparency"),
        reverse("transparency_area", args=["01"]),
        reverse("transparency_area", args=["00004"]),
        reverse("transparency_agency", args=[case.agency_a.code]),
    ):
        html = client.get(url).content.decode()
        assert [s for s in secrets if s in html] == [], url


# --- what a page costs ----------------------------------------------------------------


@pytest.mark.parametrize("communes", [1, 6])
def test_each_page_costs_the_same_queries_however_many_units_have_data(
    client, world, django_assert_max_num_queries, communes
):
    # Given the hand-made case, and petitions in `communes` more communes of Hà Nội and
    # in Đà Nẵng
    rated_three(world)
    for area in Area.objects.filter(parent=world.hanoi).order_by("-code")[:communes]:
        submit(world, user=world.citizen, area=area)
    submit(world, user=world.citizen, area=world.hai_van)
    cells_rebuild()
    pages = {
        "home": reverse("transparency"),
        "province": reverse("transparency_area", args=["01"]),
        "commune": reverse("transparency_area", args=["00004"]),
        "agency": reverse("transparency_agency", args=[world.agency_a.code]),
    }
    for page, url in pages.items():
        with django_assert_max_num_queries(QUERIES[page]):
            response = client.get(url)
        assert response.status_code == 200


# --- how numbers read -----------------------------------------------------------------


def test_numbers_are_rounded_half_up_and_grouped_the_vietnamese_way():
    assert shown(2 / 3, "share") == "67%"
    assert shown(0.125, "share") == "13%"
    assert shown(1204, "count") == "1.204"
    assert shown(11 / 3, "stars") == "3,7/5"
    assert shown(4.0, "days") == "4 ngày"
    assert shown(4.25, "days") == "4,3 ngày"
    assert shown(None, "share") == "–"
    assert number(1234567.891, 1) == "1.234.567,9"


def test_changes_carry_their_sign_and_unit():
    assert change(0.05, "share") == "+5 điểm %"
    assert change(-0.051, "share") == "−5 điểm %"
    assert change(0.001, "share") == "±0 điểm %"
    assert change(-2.0, "count") == "−2"
    assert change(1.5, "days") == "+1,5 ngày"
    assert change(None, "count") == ""
    assert signed(2.26) == "+2,3"
    assert signed(-0.04) == "±0,0"
