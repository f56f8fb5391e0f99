"""The internal dashboards, the cadre roster and the register of good practice, through
the web: who may open what, the numbers shown on a case worked out by hand, and the
practice register's refusals."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from nghedan.accounts.models import DisciplineRecord
from nghedan.audit.models import AuditEntry
from nghedan.lib import clock
from nghedan.petitions import actions
from nghedan.petitions.models import Petition
from nghedan.scorecards.actions import practice_adopt, practice_register
from nghedan.scorecards.cells import cells_rebuild
from nghedan.scorecards.models import Practice, PracticeAdoption
from nghedan.scorecards.periods import Period
from nghedan.test import BA_DINH, DANANG, HANOI, PASSWORD, sign_in, submit
from nghedan.web.tests.scenes import ANSWER, leader_of

COMMENT = "Rác vẫn còn nguyên ở đầu ngõ, không thấy ai đến thu gom."
SUMMARY = (
    "Mỗi tối thứ Năm, cán bộ phường cùng tổ trưởng dân phố đến từng ngõ nghe người dân "
    "phản ánh về rác và trả lời ngay tại chỗ."
)


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        sign_in(client, user)
    return client


def _text(html: str) -> str:
    """The page's words, tags removed and spaces squeezed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _part(response, pattern: str) -> str:
    """The words of the first piece of the page matching `pattern`."""
    found = re.search(pattern, response.content.decode(), re.S)
    assert found, pattern
    return _text(re.sub(r"^[^<>]*>", "", found.group(0)))


def _rated(world, *, stars: int, comment: str = "", reasons=(), topic: str = "moi-truong"):
    """Filed by the citizen, answered by leader A on the day it falls due, then rated."""
    petition = submit(world, user=world.citizen, topic=topic).petition
    petition = actions.petition_accept(acting_user=world.officer_a, petition=petition)
    actions.answer_submit(acting_user=world.leader_a, petition=petition, body=ANSWER)
    Petition.objects.filter(pk=petition.pk).update(resolution_due=clock.today())
    petition.refresh_from_db()
    actions.petition_rate(
        acting_user=world.citizen,
        petition=petition,
        stars=stars,
        reasons=list(reasons),
        comment=comment,
    )
    return petition


def _disciplined(user, *, kind: str = "warning", days: int = 90) -> DisciplineRecord:
    today = clock.today()
    return DisciplineRecord.objects.create(
        user=user,
        kind=kind,
        reason="Vi phạm quy định tiếp công dân",
        valid_from=today - timedelta(days=10),
        valid_to=today + timedelta(days=days),
    )


def _practice(world, **overrides) -> Practice:
    fields = {
        "acting_user": world.leader_a,
        "agency": world.agency_a,
        "title": "Tối thứ Năm nghe dân nói",
        "summary": SUMMARY,
        "started_on": clock.today() - timedelta(days=40),
        "lead": world.officer_a,
        "topic": world.topic(),
    }
    fields.update(overrides)
    return practice_register(**fields)


def _leader_b(world):
    return type(world.leader_a).objects.create_user(
        username="lanhdao_b",
        password=PASSWORD,
        role="leader",
        agency=world.agency_b,
        full_name="Trần Thị Bình",
    )


# --- who may open the dashboard -------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("officer_a", "Ủy ban nhân dân Phường Ba Đình"),
        ("leader_a", "Ủy ban nhân dân Phường Ba Đình"),
        ("officer_b", "Ủy ban nhân dân Phường Hoàn Kiếm"),
        ("supervisor", "Hà Nội"),
        ("supervisor_elsewhere", "Đà Nẵng"),
        ("admin", "Cả nước"),
    ],
)
def test_staff_supervisors_and_admins_open_their_own_dashboard(world, persona, unit):
    response = _client(getattr(world, persona)).get(reverse("dashboard"))

    assert response.status_code == 200
    assert unit in _part(response, r'data-testid="unit-name">.*?</span>')
    assert 'class="chart"' in response.content.decode()


def test_a_citizen_is_refused_and_an_anonymous_visitor_sent_to_log_in(world):
    assert _client(world.citizen).get(reverse("dashboard")).status_code == 403
    response = _client().get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('dashboard')}"


@pytest.mark.parametrize(
    ("persona", "query", "status"),
    [
        ("officer_b", {"agency": f"{BA_DINH}-ubnd-xa"}, 404),
        ("leader_a", {"area": BA_DINH}, 404),
        ("leader_a", {"agency": f"{BA_DINH}-ubnd-xa"}, 200),
        ("supervisor", {"area": BA_DINH}, 200),
        ("supervisor", {"agency": f"{BA_DINH}-ubnd-xa"}, 200),
        ("supervisor", {"area": DANANG}, 404),
        ("supervisor_elsewhere", {"area": BA_DINH}, 404),
        ("supervisor_elsewhere", {"agency": f"{BA_DINH}-ubnd-xa"}, 404),
        ("admin", {"area": DANANG}, 200),
        ("admin", {"agency": f"{BA_DINH}-ubnd-xa"}, 200),
        ("admin", {"area": "99999"}, 404),
        ("admin", {"agency": "khong-co"}, 404),
    ],
)
def test_an_area_or_agency_outside_ones_scope_does_not_exist(world, persona, query, status):
    response = _client(getattr(world, persona)).get(reverse("dashboard"), query)
    assert response.status_code == status


def test_a_supervisor_picks_a_commune_and_then_an_agency_seated_in_it(world):
    client = _client(world.supervisor)

    province = client.get(reverse("dashboard"))
    places = _part(province, r'data-testid="places".*?</nav>')
    assert "Phường Ba Đình" in places

    commune = client.get(reverse("dashboard"), {"area": BA_DINH})
    assert "Ba Đình" in _part(commune, r'data-testid="unit-name">.*?</span>')
    assert f'value="{BA_DINH}-ubnd-xa"' in commune.content.decode()
    assert reverse("transparency_area", args=[BA_DINH]) in commune.content.decode()


# --- what the dashboard shows ---------------------------------------------------------


def test_the_leader_sees_topic_numbers_and_the_worst_rated_answer_with_its_comment(world):
    # Given two answers about the environment, one rated 1 star with a comment, one 5
    bad = _rated(world, stars=1, comment=COMMENT, reasons=["not_solved", "late"])
    _rated(world, stars=5, reasons=["solved"])
    cells_rebuild()

    # When leader A opens the dashboard
    response = _client(world.leader_a).get(reverse("dashboard"))

    # Then the environment row says 2 received, 50% satisfied, all on time, 3,0 stars
    assert response.status_code == 200
    row = _part(response, r'<tr id="topic-moi-truong".*?</tr>')
    assert row == "Môi trường 2 50% 100% 3,0/5"
    # And the 1-star answer is listed with its code, reasons and the citizen's comment
    worst = _part(response, r'data-testid="worst-rated".*?</section>')
    assert bad.code in worst
    assert COMMENT in worst
    assert "Trả lời chậm; Vấn đề chưa được giải quyết" in worst
    assert "1/5 sao" in worst
    assert reverse("staff_detail", args=[bad.code]) in response.content.decode()
    # And the satisfaction-by-topic chart and the three monthly trends are drawn
    assert response.content.decode().count('<svg class="chart') == 5
    assert _part(response, r'data-code="received".*?class="value">.*?</p>').endswith("2")


def test_the_comment_stays_on_the_dashboard_of_the_agency_it_concerns(world):
    _rated(world, stars=2, comment=COMMENT)
    cells_rebuild()

    other = _client(world.officer_b).get(reverse("dashboard"))
    supervisor = _client(world.supervisor).get(reverse("dashboard"))
    elsewhere = _client(world.supervisor_elsewhere).get(reverse("dashboard"))

    assert COMMENT not in other.content.decode()
    assert COMMENT in supervisor.content.decode()
    assert COMMENT not in elsewhere.content.decode()


def test_the_dashboard_links_to_the_roster_and_the_public_page(world):
    leader = _client(world.leader_a).get(reverse("dashboard")).content.decode()
    officer = _client(world.officer_a).get(reverse("dashboard")).content.decode()

    assert reverse("transparency_agency", args=[world.agency_a.code]) in leader
    assert 'data-testid="roster-link"' in leader
    assert 'data-testid="roster-link"' not in officer


def test_a_bad_period_is_explained_and_the_last_12_months_shown(world):
    response = _client(world.leader_a).get(reverse("dashboard"), {"period": "2026-Q7"})

    assert response.status_code == 200
    error = _part(response, r'data-testid="period-error".*?</p>')
    assert "Kỳ không hợp lệ: “2026-Q7”" in error
    assert _part(response, r'data-testid="period-label">.*?</strong>') == (
        Period.last_months(12).label
    )


def test_a_quarter_is_shown_by_its_name(world):
    response = _client(world.supervisor).get(reverse("dashboard"), {"period": "2026-Q1"})

    assert response.status_code == 200
    assert _part(response, r'data-testid="period-label">.*?</strong>') == "Quý I/2026"


@pytest.mark.parametrize("count", [1, 6])
def test_the_dashboard_costs_the_same_queries_for_1_or_6_rated_answers(
    world, django_assert_max_num_queries, count
):
    topics = [
        "moi-truong",
        "giao-thong-ha-tang",
        "dat-dai",
        "trat-tu-xay-dung-do-thi",
        "thu-tuc-hanh-chinh",
        "an-sinh-xa-hoi",
    ]
    for i in range(count):
        _rated(world, stars=1 + i % 5, comment=f"Ý kiến số {i}", topic=topics[i])
    cells_rebuild()
    client = _client(world.leader_a)

    with django_assert_max_num_queries(26):
        response = client.get(reverse("dashboard"))

    assert len(response.context["topics"]) == count


# --- the roster -----------------------------------------------------------------------


def test_the_leader_sees_the_agencys_officers_and_a_discipline_in_force(world):
    record = _disciplined(world.officer_a)
    _rated(world, stars=4)
    cells_rebuild()

    response = _client(world.leader_a).get(reverse("roster"))

    assert response.status_code == 200
    names = re.findall(r'data-username="([^"]+)"', response.content.decode())
    assert sorted(names) == ["canbo_a", "lanhdao_a"]
    badge = _part(response, r'data-testid="discipline".*?</span>')
    assert badge == (
        f"Kỷ luật: Cảnh cáo từ {record.valid_from:%d/%m/%Y} đến {record.valid_to:%d/%m/%Y} "
        "— không được phân công tiếp dân, đối thoại, công tác dân vận"
    )
    leader_row = _part(response, r'data-username="lanhdao_a".*?</tr>')
    assert "Lanhdao_A Lãnh đạo" in leader_row
    assert "100%" in leader_row  # one answer, on time and rated 4 stars
    assert "discipline" not in leader_row


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "citizen"])
def test_officers_and_citizens_do_not_open_the_roster(world, persona):
    assert _client(getattr(world, persona)).get(reverse("roster")).status_code == 403


def test_the_roster_of_a_supervisor_covers_the_area_and_stops_at_its_edge(world):
    query = {"agency": world.agency_a.code}

    mine = _client(world.supervisor).get(reverse("roster"), query)
    other = _client(world.supervisor_elsewhere).get(reverse("roster"), query)
    province = _client(world.supervisor).get(reverse("roster"))
    anonymous = _client().get(reverse("roster"))

    assert mine.status_code == 200
    assert set(re.findall(r'data-username="([^"]+)"', mine.content.decode())) == {
        "canbo_a",
        "lanhdao_a",
    }
    assert other.status_code == 404
    assert "canbo_b" in province.content.decode()
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("count", [2, 8])
def test_the_roster_costs_the_same_queries_for_2_or_8_officers(
    world, django_assert_max_num_queries, count
):
    for i in range(count - 2):
        type(world.officer_a).objects.create_user(
            username=f"canbo_a{i}", role="officer", agency=world.agency_a
        )
    client = _client(world.leader_a)

    with django_assert_max_num_queries(21):
        response = client.get(reverse("roster"))

    assert len(response.context["page"]) == count


# --- registering a practice -----------------------------------------------------------


def _practice_data(world, **overrides) -> dict:
    data = {
        "title": "Tối thứ Năm nghe dân nói",
        "summary": SUMMARY,
        "topic": world.topic().pk,
        "started_on": (clock.today() - timedelta(days=30)).isoformat(),
        "lead": world.officer_a.pk,
    }
    data.update(overrides)
    return data


def test_a_leader_registers_a_practice_led_by_an_officer(world):
    client = _client(world.leader_a)
    assert client.get(reverse("practice_new")).status_code == 200

    response = client.post(reverse("practice_new"), _practice_data(world), follow=True)

    practice = Practice.objects.get()
    assert response.redirect_chain == [(reverse("practice_detail", args=[practice.pk]), 302)]
    assert (practice.agency, practice.lead, practice.topic) == (
        world.agency_a,
        world.officer_a,
        world.topic(),
    )
    assert "Đã ghi nhận mô hình “Tối thứ Năm nghe dân nói”." in response.content.decode()
    assert AuditEntry.objects.filter(action="scorecards.practice_registered").count() == 1


def test_a_lead_under_discipline_is_refused_on_the_form_and_nothing_is_created(world):
    _disciplined(world.officer_a)

    response = _client(world.leader_a).post(reverse("practice_new"), _practice_data(world))

    assert response.status_code == 200
    assert response.context["form"].errors["lead"] == [
        f"Canbo_A đang chịu hình thức kỷ luật Cảnh cáo (hiệu lực từ "
        f"{(clock.today() - timedelta(days=10)):%d/%m/%Y}), "
        "không được phân công công tác dân vận."
    ]
    assert "không được phân công công tác dân vận" in response.content.decode()
    assert "Tối thứ Năm nghe dân nói" in response.content.decode()  # what was typed stays
    assert Practice.objects.count() == 0
    assert AuditEntry.objects.filter(action__startswith="scorecards.").count() == 0


def test_a_short_title_and_a_start_in_the_future_are_refused_on_their_fields(world):
    client = _client(world.leader_a)
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()

    short = client.post(reverse("practice_new"), _practice_data(world, title="Hay"))
    future = client.post(reverse("practice_new"), _practice_data(world, started_on=tomorrow))

    assert short.context["form"].errors["title"] == ["Tên mô hình cần từ 5 đến 200 ký tự."]
    assert future.context["form"].errors["started_on"] == [
        "Ngày bắt đầu áp dụng không được ở tương lai."
    ]
    assert Practice.objects.count() == 0


def test_a_leader_may_not_name_an_officer_of_another_agency_as_lead(world):
    response = _client(world.leader_a).post(
        reverse("practice_new"), _practice_data(world, lead=world.officer_b.pk)
    )

    assert response.status_code == 200
    assert "lead" in response.context["form"].errors
    assert Practice.objects.count() == 0


def test_an_administrator_chooses_the_agency_and_a_lead_of_it(world):
    client = _client(world.admin)
    form = client.get(reverse("practice_new")).content.decode()
    assert 'name="agency"' in form

    mismatched = client.post(
        reverse("practice_new"),
        _practice_data(world, agency=world.agency_b.code, lead=world.officer_a.pk),
    )
    done = client.post(
        reverse("practice_new"),
        _practice_data(world, agency=world.agency_b.code, lead=world.officer_b.pk),
    )

    assert mismatched.context["form"].errors["lead"] == [
        "Cán bộ phụ trách phải là cán bộ của cơ quan."
    ]
    practice = Practice.objects.get()
    assert done.status_code == 302
    assert (practice.agency, practice.lead) == (world.agency_b, world.officer_b)


@pytest.mark.parametrize("persona", ["officer_a", "supervisor", "citizen"])
def test_only_leaders_and_admins_open_the_practice_form(world, persona):
    client = _client(getattr(world, persona))
    assert client.get(reverse("practice_new")).status_code == 403
    assert client.post(reverse("practice_new"), _practice_data(world)).status_code == 403
    assert Practice.objects.count() == 0
    anonymous = _client().get(reverse("practice_new"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))


# --- the public register and its replication ------------------------------------------


def test_anyone_reads_the_register_and_a_practice_with_its_before_and_after(world):
    practice = _practice(world)
    practice_adopt(
        acting_user=leader_of(world.agency_b),
        practice=practice,
        started_on=clock.today() - timedelta(days=5),
        note="Áp dụng cho các tổ dân phố ven hồ.",
    )

    listing = _client().get(reverse("practices"))
    detail = _client().get(reverse("practice_detail", args=[practice.pk]))

    item = _part(listing, r'data-testid="practice".*?</li>')
    assert "Tối thứ Năm nghe dân nói" in item
    assert "Ủy ban nhân dân Phường Ba Đình" in item
    assert "1 cơ quan đã nhân rộng" in item
    assert detail.status_code == 200
    assert _part(detail, r'data-testid="practice-lead">.*?</dd>') == "Canbo_A"
    effect = _part(detail, r'data-testid="effect".*?</section>')
    assert "Đơn tiếp nhận" in effect and "Hài lòng (4–5 sao)" in effect
    adoption = _part(detail, r'data-testid="adoption".*?</table>')
    assert "Ủy ban nhân dân Phường Hoàn Kiếm" in adoption
    assert "Áp dụng cho các tổ dân phố ven hồ." in adoption
    assert 'data-testid="adopt-form"' not in detail.content.decode()


def test_a_missing_practice_is_not_found(world):
    assert _client().get(reverse("practice_detail", args=[999])).status_code == 404


def test_only_a_leader_of_another_agency_is_offered_the_replication_form(world):
    practice = _practice(world)
    leader_b = _leader_b(world)
    url = reverse("practice_detail", args=[practice.pk])

    assert 'data-testid="adopt-form"' in _client(leader_b).get(url).content.decode()
    assert 'data-testid="adopt-form"' not in _client(world.leader_a).get(url).content.decode()
    assert 'data-testid="adopt-form"' not in _client(world.officer_b).get(url).content.decode()


def test_a_leader_of_another_agency_marks_the_practice_replicated_once(world):
    practice = _practice(world)
    client = _client(_leader_b(world))
    url = reverse("practice_adopt", args=[practice.pk])
    data = {"started_on": clock.today().isoformat(), "note": "Làm ở 3 tổ dân phố."}

    done = client.post(url, data, follow=True)
    again = client.post(url, data, follow=True)

    adoption = PracticeAdoption.objects.get()
    assert (adoption.practice, adoption.agency, adoption.note) == (
        practice,
        world.agency_b,
        "Làm ở 3 tổ dân phố.",
    )
    assert done.redirect_chain == [(reverse("practice_detail", args=[practice.pk]), 302)]
    assert "Đã ghi nhận cơ quan bạn nhân rộng mô hình này." in done.content.decode()
    assert "Cơ quan bạn đã đăng ký nhân rộng mô hình này." in again.content.decode()
    assert 'data-testid="adopted"' in again.content.decode()


def test_a_leader_may_not_replicate_the_own_agencys_practice(world):
    practice = _practice(world)

    response = _client(world.leader_a).post(
        reverse("practice_adopt", args=[practice.pk]),
        {"started_on": clock.today().isoformat()},
        follow=True,
    )

    assert "Đây là mô hình của chính cơ quan bạn." in response.content.decode()
    assert PracticeAdoption.objects.count() == 0


def test_replication_needs_a_start_date_and_a_leader(world):
    practice = _practice(world)
    url = reverse("practice_adopt", args=[practice.pk])

    undated = _client(_leader_b(world)).post(url, {"note": "Sẽ làm"}, follow=True)
    officer = _client(world.officer_b).post(url, {"started_on": "2026-01-05"})
    anonymous = _client().post(url, {"started_on": "2026-01-05"})
    looked = _client(world.leader_a).get(url)

    assert "Cơ quan tôi áp dụng từ ngày:" in undated.content.decode()
    assert officer.status_code == 403
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert looked.status_code == 405
    assert PracticeAdoption.objects.count() == 0


@pytest.mark.parametrize("count", [2, 8])
def test_the_register_costs_the_same_queries_for_2_or_8_practices(
    world, django_assert_max_num_queries, count
):
    leader_b = leader_of(world.agency_b)
    for i in range(count):
        practice = _practice(world, title=f"Mô hình số {i} của phường")
        practice_adopt(acting_user=leader_b, practice=practice, started_on=clock.today())

    with django_assert_max_num_queries(4):
        response = _client().get(reverse("practices"))

    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [1, 4])
def test_a_practice_costs_the_same_queries_for_1_or_4_replicating_agencies(
    world, django_assert_max_num_queries, count
):
    practice = _practice(world)
    agencies = list(
        type(world.agency_a).objects.filter(area__parent__code=HANOI).exclude(pk=world.agency_a.pk)
    )[:count]
    for agency in agencies:
        practice_adopt(
            acting_user=leader_of(agency), practice=practice, started_on=clock.today()
        )

    with django_assert_max_num_queries(8):
        response = _client().get(reverse("practice_detail", args=[practice.pk]))

    assert len(response.context["adoptions"]) == count
