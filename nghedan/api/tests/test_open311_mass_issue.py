"""Many people report one issue through Open311 in their own words: the pipeline puts them in
one group and the "many people on one issue" alert opens, without waiting for the scan."""

import unicodedata
from datetime import timedelta
from urllib.parse import urlencode

import time_machine

from nghedan.alerts.models import Alert
from nghedan.jobs.models import Job, JobStatus
from nghedan.jobs.runner import run_pending
from nghedan.language.models import PetitionAnalysis, PetitionGroup
from nghedan.lib import clock
from nghedan.petitions.models import Petition

# One flooding of one street, told six ways.
PHRASINGS = [
    "Phố Đội Cấn đoạn gần ngõ 210 đang ngập sâu, nước tràn vào nhà dân, đề nghị phường hỗ trợ gấp.",
    "Mưa lớn từ 3 giờ chiều, đường Đội Cấn ngập thành sông, xe máy chết máy hàng loạt.",
    "ngập quá rồi, Đội Cấn nước lên tới đầu gối, ko đi lại đc, mong p. cho ng xuống hút nước",
    "Cống trên phố Đội Cấn bị tắc, nước mưa không thoát được nên cả đoạn đường ngập úng.",
    "Khẩn cấp: nước ngập vào nhà ở số 190 Đội Cấn, đồ đạc bị ngâm, người già trẻ nhỏ mắc kẹt.",
    "Đề nghị phường Ba Đình xử lý ngay tình trạng ngập lụt trên phố Đội Cấn chiều nay.",
]
# Other issues of the same commune at the same time, which must stay out of the group.
OTHERS = [
    "Mặt đường Đội Cấn trước chợ có ổ gà to, tối qua hai người đi xe máy bị ngã.",
    "Quán karaoke ở số 60 Ngọc Hà hát đến 1 giờ sáng, người già và trẻ nhỏ không ngủ được.",
]


def _without_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _report(api, key, description: str, person: int) -> str:
    response = api.post(
        "/open311/v2/requests.json",
        urlencode(
            {
                "api_key": key,
                "service_code": "moi-truong",
                "description": description,
                "address_id": "00004",
                "first_name": f"Người {person}",
                "last_name": "Trần",
                "phone": f"09120000{person:02d}",
                "device_id": f"thiet-bi-{person}",
            }
        ),
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR=f"203.0.113.{person}",
    )
    assert response.status_code == 201, response.content
    return response.json()[0]["service_request_id"]


def test_twenty_four_people_reporting_one_flood_in_six_phrasings_raise_the_mass_alert(
    world, api, client_key
):
    # Given 24 people reporting over half an hour, four per phrasing (two of them typing
    # without diacritics), and two reports of other issues in the same commune
    start = clock.now()
    codes = []
    for person in range(24):
        text = PHRASINGS[person % 6]
        typed = _without_marks(text) if person % 4 >= 2 else text
        with time_machine.travel(start + timedelta(seconds=75 * person), tick=False):
            codes.append(_report(api, client_key, typed, person))
    with time_machine.travel(start + timedelta(minutes=30), tick=True):
        others = [_report(api, client_key, text, 30 + n) for n, text in enumerate(OTHERS)]

        # When the workers run
        run_pending()

    # Then one group holds the 24 reports and nothing else
    (group,) = PetitionGroup.objects.all()
    members = set(
        PetitionAnalysis.objects.filter(group=group).values_list("petition__code", flat=True)
    )
    assert members == set(codes)
    assert group.size == 24
    assert not PetitionAnalysis.objects.filter(petition__code__in=others, group__isnull=False)
    # And the "many people on one issue" alert is open for that group, raised by the check
    # the growing group asked for (the periodic scan did not run)
    assert Job.objects.filter(name="alerts.group_check", status=JobStatus.DONE).exists()
    assert not Job.objects.filter(name="alerts.scan").exists()
    (alert,) = Alert.objects.all()
    assert (alert.kind, alert.key, alert.status) == ("mass", f"mass:group:{group.pk}", "open")
    assert alert.numbers == {"people": 24, "petitions": 24, "threshold": 5}
    assert alert.area == world.ba_dinh
    assert set(alert.petitions.values_list("code", flat=True)) == set(codes)
    assert Petition.objects.count() == 26
    received = sorted(Petition.objects.filter(code__in=codes).values_list("received_at", flat=True))
    assert received[-1] - received[0] == timedelta(seconds=75 * 23)
