"""Each detector fires on its clear case, with the numbers and petitions behind it, and
stays silent on a quiet stream; a later scan grows the alert instead of opening another."""

from datetime import timedelta

import numpy as np
import pytest
from django.contrib.auth import get_user_model

from nghedan.agencies.models import Agency
from nghedan.alerts.actions import alert_record, alerts_scan, articles_import
from nghedan.alerts.detectors import (
    mass_findings,
    prolonged_findings,
    sentiment_findings,
    skipped_level_findings,
    surge_findings,
)
from nghedan.alerts.models import Alert, AlertEvent
from nghedan.areas.models import Area
from nghedan.jobs.models import Job
from nghedan.language.actions import petition_analyse
from nghedan.lib import clock
from nghedan.petitions.actions import (
    answer_submit,
    petition_accept,
    petition_decline,
    petition_rate,
    petition_reopen,
    petition_transfer,
)
from nghedan.petitions.models import Petition
from nghedan.test import submit

pytestmark = pytest.mark.django_db

LAND = (
    "Chúng tôi là các hộ dân tổ 5 phường Ba Đình, phản đối mức bồi thường khi thu hồi đất "
    "làm đường, giá đền bù quá thấp so với giá thị trường, đề nghị xem xét lại."
)


def _filed(world, *, body=LAND, user=None, days_ago=0, **extra):
    petition = submit(
        world,
        title="Bồi thường thu hồi đất",
        body=body,
        user=user,
        topic=extra.pop("topic", "dat-dai"),
        **extra,
    ).petition
    if days_ago:
        when = clock.now() - timedelta(days=days_ago)
        Petition.objects.filter(pk=petition.pk).update(received_at=when)
        petition.refresh_from_db()
    petition_analyse(petition_id=petition.pk)
    return petition


def _citizens(n):
    return [
        get_user_model().objects.create_user(username=f"dan{i}", role="citizen") for i in range(n)
    ]


def test_many_people_on_one_issue_in_one_commune_is_a_mass_alert(world):
    petitions = [_filed(world, user=person) for person in _citizens(5)]

    findings = mass_findings()

    assert len(findings) == 1
    finding = findings[0]
    assert finding.numbers == {"people": 5, "petitions": 5, "threshold": 5}
    assert finding.petition_ids == {p.pk for p in petitions}
    assert finding.area_id == world.ba_dinh.pk


def test_one_petition_signed_by_many_is_a_mass_alert(world):
    petition = _filed(world, signatories=40)

    (finding,) = mass_findings()

    assert finding.numbers["people"] == 40
    assert finding.petition_ids == {petition.pk}


def test_the_same_person_filing_five_times_is_not_a_crowd(world):
    for _ in range(5):
        _filed(world, user=world.citizen)

    assert mass_findings() == []


def test_petitions_sent_down_from_the_province_are_skipped_level(world):
    # Health feedback goes to the province's Department of Health, which sends it down.
    department = Agency.objects.get(code=f"{world.hanoi.code}-so-y-te")
    health_officer = get_user_model().objects.create_user(
        username="so_y_te", role="officer", agency=department
    )
    petitions = []
    for person in _citizens(3):
        petition = submit(world, user=person, topic="y-te", title="Trạm y tế", body=LAND).petition
        assert petition.agency == department
        petitions.append(
            petition_transfer(
                acting_user=health_officer,
                petition=petition,
                to_agency=world.agency_a,
                reason="Thuộc thẩm quyền của UBND phường.",
            )
        )

    (finding,) = skipped_level_findings()

    assert finding.kind == "skipped_level"
    assert finding.numbers["petitions"] == 3
    assert finding.petition_ids == {p.pk for p in petitions}


def test_reopened_and_long_overdue_petitions_are_prolonged(world):
    answered = _filed(world, user=world.citizen)
    petition_accept(acting_user=world.officer_a, petition=answered)
    answer_submit(acting_user=world.leader_a, petition=answered, body="Đã giải quyết xong việc.")
    petition_reopen(
        acting_user=world.citizen, petition=answered, reason="Chưa giải quyết.", secret=None
    )
    overdue = _filed(world, user=world.other_citizen)
    Petition.objects.filter(pk=overdue.pk).update(resolution_due=clock.today() - timedelta(days=45))

    (finding,) = prolonged_findings()

    assert finding.numbers["petitions"] == 2
    assert finding.numbers["reopen"] == 1
    assert finding.numbers["long_overdue"] == 1


def test_a_declined_or_answered_petition_past_its_old_deadline_is_not_long_overdue(world):
    # Given a petition declined at intake and one answered, both with deadlines long past
    declined = _filed(world, user=world.citizen)
    petition_decline(
        acting_user=world.officer_a, petition=declined, reason="Không thuộc thẩm quyền giải quyết."
    )
    answered = _filed(world, user=world.other_citizen)
    petition_accept(acting_user=world.officer_a, petition=answered)
    answer_submit(acting_user=world.leader_a, petition=answered, body="Đã giải quyết xong việc.")
    Petition.objects.filter(pk__in=[declined.pk, answered.pk]).update(
        resolution_due=clock.today() - timedelta(days=45)
    )

    # Then no clock runs on either: nothing drags on
    assert prolonged_findings() == []


def test_an_answer_reopened_by_a_low_rating_drags_on_like_one_reopened_on_request(world):
    # Given two answers sent back to work: one rated 1 star, one reopened on request
    by_rating, by_request = _filed(world, user=world.citizen), _filed(world, user=world.citizen)
    for petition in (by_rating, by_request):
        petition_accept(acting_user=world.officer_a, petition=petition)
        answer_submit(acting_user=world.leader_a, petition=petition, body="Đã giải quyết xong.")
        petition.refresh_from_db()
    petition_rate(acting_user=world.citizen, petition=by_rating, stars=1)
    petition_reopen(
        acting_user=world.citizen, petition=by_request, reason="Chưa giải quyết.", secret=None
    )

    (finding,) = prolonged_findings()

    assert finding.numbers["petitions"] == 2
    assert finding.numbers["reopen"] == 2


def test_a_quiet_stream_raises_no_mass_skipped_or_prolonged_alert(world):
    for person, topic in zip(
        _citizens(4), ["dat-dai", "moi-truong", "y-te", "giao-duc"], strict=True
    ):
        _filed(world, user=person, topic=topic, body=f"Phản ánh số {person.pk} về {topic}.")

    assert mass_findings() == []
    assert skipped_level_findings() == []
    assert prolonged_findings() == []


def test_a_surge_in_one_commune_is_found_by_the_scan(world, settings):
    settings.NGHEDAN_ALERT_SCAN_SIMULATIONS = 199
    settings.NGHEDAN_ALERT_SCAN_P = 0.05
    communes = list(Area.objects.filter(parent=world.hanoi).order_by("code")[:12])
    rng = np.random.default_rng(3)
    # A quiet background: about one petition every few days in each commune…
    for commune in communes:
        for day in range(1, 60):
            for _ in range(rng.poisson(0.3)):
                _stamp(
                    submit(world, area=commune, title="Rác", body="Rác thải tồn đọng.").petition,
                    day,
                )
    # …and in Ba Đình, the last four days, many more.
    for day in range(0, 4):
        for _ in range(6):
            _stamp(submit(world, title="Rác", body="Rác thải tồn đọng ngõ 5.").petition, day)

    findings = surge_findings(rng=np.random.default_rng(1))

    surge = next(f for f in findings if f.area_id == world.ba_dinh.pk)
    assert surge.numbers["observed"] >= 24
    assert surge.numbers["relative_risk"] > 2
    assert surge.numbers["p_value"] <= 0.05
    assert world.ba_dinh.code in surge.numbers["communes"]


def test_a_quiet_stream_has_no_surge(world, settings):
    settings.NGHEDAN_ALERT_SCAN_SIMULATIONS = 199
    communes = list(Area.objects.filter(parent=world.hanoi).order_by("code")[:12])
    rng = np.random.default_rng(5)
    for commune in communes:
        for day in range(0, 60):
            for _ in range(rng.poisson(0.3)):
                _stamp(
                    submit(world, area=commune, title="Rác", body="Rác thải tồn đọng.").petition,
                    day,
                )

    assert surge_findings(rng=np.random.default_rng(2)) == []


def _stamp(petition, days_ago: int) -> None:
    when = clock.now() - timedelta(days=days_ago, hours=1)
    Petition.objects.filter(pk=petition.pk).update(received_at=when)


def test_a_jump_in_angry_and_urgent_petitions_is_a_sentiment_alert(world):
    for day in range(10, 90, 4):
        _filed(
            world, body=f"Đề nghị sửa đèn đường số {day}.", topic="giao-thong-ha-tang", days_ago=day
        )
    angry = "Lần thứ 5 gửi đơn vẫn không ai giải quyết, cán bộ vô trách nhiệm, rất bức xúc!!!"
    for i in range(4):
        _filed(world, body=f"{angry} Hộ số {i}.", topic="giao-thong-ha-tang", days_ago=1)

    (finding,) = sentiment_findings()

    assert finding.numbers["recent_heated"] == 4
    assert finding.numbers["p_value"] < 0.01


def test_calm_petitions_raise_no_sentiment_alert(world):
    for day in range(0, 60, 3):
        _filed(world, body=f"Đề nghị lắp thêm đèn ngõ {day}.", days_ago=day)

    assert sentiment_findings() == []


def test_distinct_stories_about_one_place_and_topic_are_a_press_alert(world):
    from nghedan.alerts.press import ArticleIn

    now = clock.now()
    stories = [
        ArticleIn(
            url=f"https://bao.example/{i}",
            source="Báo A",
            title=title,
            text=text,
            published=now - timedelta(days=i),
            kind="article",
            external_id="",
        )
        for i, (title, text) in enumerate(
            [
                ("Dân phường Ba Đình bức xúc vì giá đền bù", LAND + " Nhiều hộ kéo lên phường."),
                (
                    "Hàng chục hộ dân phường Ba Đình chưa nhận tiền bồi thường",
                    "Hàng chục hộ ở phường Ba Đình, Hà Nội chưa nhận tiền bồi thường thu hồi đất làm "
                    "đường dù dự án đã khởi công; người dân đề nghị thành phố vào cuộc.",
                ),
            ]
        )
    ]
    articles_import(articles=stories)
    petition = _filed(world)

    (finding,) = [f for f in alerts_scan(detectors=["press"]).opened]

    assert finding.kind == "press"
    assert finding.articles.count() == 2
    assert petition in finding.petitions.all()


def test_a_finding_again_grows_the_open_alert_instead_of_opening_another(world):
    people = _citizens(7)
    for person in people[:5]:
        _filed(world, user=person)
    first = alerts_scan(detectors=["mass"])
    for person in people[5:]:
        _filed(world, user=person)

    second = alerts_scan(detectors=["mass"])
    third = alerts_scan(detectors=["mass"])

    assert len(first.opened) == 1 and not second.opened and not third.opened
    alert = Alert.objects.get()
    assert second.grown == [alert]
    assert third.unchanged == 1
    assert alert.numbers["people"] == 7
    assert alert.petitions.count() == 7
    assert list(AlertEvent.objects.filter(alert=alert).values_list("action", flat=True)) == [
        "opened",
        "grew",
    ]
    assert Job.objects.filter(name="alerts.notify").count() == 1


def test_a_closed_alert_is_not_reopened_by_the_same_finding_but_a_new_one_opens(world):
    for person in _citizens(5):
        _filed(world, user=person)
    (finding,) = mass_findings()
    alert, _ = alert_record(finding=finding)
    Alert.objects.filter(pk=alert.pk).update(status="closed")

    again, outcome = alert_record(finding=finding)

    assert outcome == "opened"
    assert again.pk != alert.pk
