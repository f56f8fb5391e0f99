"""Demo data: reference data for the whole country, demo accounts, and a few hundred
petitions taken through their lifecycle by the same actions people use.

Idempotent: accounts are looked up by username and petitions by their intake key, so a
second run adds nothing.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from nghedan.agencies.models import Agency
from nghedan.agencies.services import agencies_load
from nghedan.areas.models import Area
from nghedan.areas.services import areas_load
from nghedan.deadlines.services import due_dates
from nghedan.demo import samples
from nghedan.demo.consultations import load_consultation
from nghedan.demo.practices import load_practices
from nghedan.demo.reception import load_reception
from nghedan.lib import clock
from nghedan.petitions import actions
from nghedan.petitions.actions import PetitionerInfo
from nghedan.petitions.lifecycle import EventAction
from nghedan.petitions.models import Channel, Petition, PetitionEvent, Topic
from nghedan.petitions.reference import routing_rules_load, topics_load
from nghedan.scorecards.cells import cells_rebuild

DEMO_PASSWORD = "nghedan-demo"
# Communes where demo petitions happen: wards of Hà Nội, Hồ Chí Minh and Đà Nẵng.
DEMO_COMMUNES = [
    "00004",
    "00070",
    "00008",
    "00025",
    "00166",
    "00235",
    "26743",
    "26740",
    "26737",
    "20242",
    "20209",
]
SCENARIOS = [  # (name, weight)
    ("received", 15),
    ("accepted", 10),
    ("pending_approval", 10),
    ("answered", 10),
    ("closed", 35),
    ("reopened", 8),
    ("transferred", 5),
    ("declined", 4),
    ("withdrawn", 3),
]
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ"]
GIVEN_NAMES = [
    "Văn An",
    "Thị Bình",
    "Minh Châu",
    "Quốc Dũng",
    "Thu Hà",
    "Đức Hùng",
    "Thị Lan",
    "Văn Nam",
    "Ngọc Oanh",
    "Thanh Tùng",
    "Hải Yến",
    "Văn Phúc",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str


def _user(username: str, role: str, full_name: str, **extra):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_user(
            username=username, password=DEMO_PASSWORD, role=role, full_name=full_name, **extra
        )
    return user


def _staff_of(agency: Agency) -> tuple:
    officer = _user(f"cb-{agency.code}", "officer", f"Cán bộ {agency.name}", agency=agency)
    leader = _user(f"ld-{agency.code}", "leader", f"Lãnh đạo {agency.name}", agency=agency)
    return officer, leader


def load_accounts() -> list[DemoLogin]:
    ba_dinh = Agency.objects.get(code="00004-ubnd-xa")
    hoan_kiem = Agency.objects.get(code="00070-ubnd-xa")
    hanoi = Area.objects.get(code="01")
    _user("quantri", "admin", "Quản trị hệ thống", is_staff=True, is_superuser=True)
    _user("canbo", "officer", "Nguyễn Thị Hoa", agency=ba_dinh)
    _user("lanhdao", "leader", "Trần Văn Quang", agency=ba_dinh)
    _user("canbo.hoankiem", "officer", "Lê Minh Tuấn", agency=hoan_kiem)
    _user("lanhdao.hoankiem", "leader", "Đỗ Thị Lan", agency=hoan_kiem)
    _user("giamsat", "supervisor", "Ủy ban MTTQ Việt Nam Thành phố Hà Nội", supervised_area=hanoi)
    _user("nguoidan", "citizen", "Phạm Thu Trang", phone="0987654321")
    return [
        DemoLogin("nguoidan", "citizen", "—"),
        DemoLogin("canbo", "officer", ba_dinh.name),
        DemoLogin("lanhdao", "leader", ba_dinh.name),
        DemoLogin("canbo.hoankiem", "officer", hoan_kiem.name),
        DemoLogin("lanhdao.hoankiem", "leader", hoan_kiem.name),
        DemoLogin("giamsat", "supervisor", hanoi.full_name),
        DemoLogin("quantri", "admin", "—"),
    ]


_TIMESTAMP_OF_ACTION: dict[str, str] = {
    EventAction.ACCEPTED: "accepted_at",
    EventAction.ANSWER_PUBLISHED: "answered_at",
    EventAction.RATED_CLOSED: "closed_at",
    EventAction.DECLINED: "closed_at",
    EventAction.WITHDRAWN: "closed_at",
}


def _backdate(petition: Petition, days_ago: float) -> None:
    """Spread the petition's history over the past: demo data only, never real petitions."""
    received_at = clock.now() - timedelta(days=days_ago)
    events = list(PetitionEvent.objects.filter(petition=petition).order_by("id"))
    # Its steps follow within a few weeks of receipt, as in a working office.
    step = timedelta(days=min(days_ago, 21)) / (len(events) + 1)
    dates = due_dates(kind=petition.kind, received_on=clock.local_date(received_at))
    times = {
        "received_at": received_at,
        "acceptance_due": dates.acceptance_due,
        "resolution_due": dates.resolution_due,
    }
    for index, event in enumerate(events):
        event.at = received_at + step * index
        event.save(update_fields=["at"])
        if event.action in _TIMESTAMP_OF_ACTION:
            times[_TIMESTAMP_OF_ACTION[event.action]] = event.at
    Petition.objects.filter(pk=petition.pk).update(**times)
    if events:
        petition.answers.update(created_at=events[-1].at)
    if "answered_at" in times:
        petition.answers.filter(published_at__isnull=False).update(
            created_at=times["answered_at"], published_at=times["answered_at"]
        )


def _play(scenario: str, petition: Petition, rng: random.Random, secret: str, citizen) -> None:
    officer, leader = _staff_of(petition.agency)
    if scenario == "received":
        return
    if scenario == "transferred":
        target = Agency.objects.filter(
            area=petition.area.province, agency_type__code="so-xay-dung"
        ).first()
        actions.petition_transfer(
            acting_user=officer,
            petition=petition,
            to_agency=target,
            reason="Nội dung thuộc thẩm quyền quản lý của Sở Xây dựng.",
        )
        return
    if scenario == "declined":
        actions.petition_decline(
            acting_user=officer,
            petition=petition,
            reason="Vụ việc đã được giải quyết bằng quyết định có hiệu lực; "
            "không có tình tiết mới.",
        )
        return
    if scenario == "withdrawn":
        actions.petition_withdraw(
            acting_user=citizen,
            petition=petition,
            secret=secret,
            reason="Vấn đề đã được tổ dân phố xử lý.",
        )
        return
    actions.petition_accept(acting_user=officer, petition=petition)
    if scenario == "accepted":
        return
    answer_text = samples.ANSWERS.get(petition.kind, samples.ANSWERS["default"]).format(
        date=clock.today().strftime("%d/%m/%Y")
    )
    answer = actions.answer_submit(acting_user=officer, petition=petition, body=answer_text)
    if scenario == "pending_approval":
        return
    if answer.status == "pending_approval":
        actions.answer_approve(acting_user=leader, answer=answer)
    if scenario == "answered":
        return
    stars = rng.choice([1, 2]) if scenario == "reopened" else rng.choice([3, 4, 4, 5, 5, 5])
    reasons = (
        ["not_solved"] if stars < 3 else rng.sample(["solved", "timely", "clear", "respectful"], 2)
    )
    actions.petition_rate(
        acting_user=citizen,
        petition=petition,
        secret=secret,
        stars=stars,
        reasons=reasons,
        comment=samples.RATING_COMMENTS[stars],
    )


def load_petitions(count: int = 300, seed: int = 2026) -> int:
    rng = random.Random(seed)
    communes = list(Area.objects.filter(code__in=DEMO_COMMUNES).select_related("parent"))
    topics = {topic.code: topic for topic in Topic.objects.all()}
    citizen = get_user_model().objects.get(username="nguoidan")
    names, weights = zip(*SCENARIOS, strict=True)
    created = 0
    for index in range(count):
        intake_key = f"demo:{index}"
        topic_code, kind, title, body = rng.choice(samples.PETITIONS)
        area = rng.choice(communes)
        scenario = rng.choices(names, weights)[0]
        # Fourteen months of history, most of it recent: the scorecards compare a period
        # with the one before it.
        days_ago = 0.5 + 420 * rng.random() ** 2
        person = f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}"
        # The demo citizen owns some petitions in every state, answered ones to rate among them.
        owner = citizen if index % 10 == 0 or (scenario == "answered" and index % 3 == 0) else None
        if Petition.objects.filter(intake_key=intake_key).exists():
            continue
        with transaction.atomic():
            result = actions.petition_submit(
                acting_user=owner,
                channel=rng.choice(
                    [Channel.WEB] * 6 + [Channel.API, Channel.HOTLINE, Channel.RECEPTION]
                ),
                kind=kind,
                topic=topics[topic_code],
                area=area,
                title=title,
                body=body.format(street=rng.choice(samples.STREETS), place=area.full_name),
                address=f"{rng.randint(1, 200)} {rng.choice(samples.STREETS)}",
                signatories=rng.choice([1] * 12 + [5, 23, 48]),
                is_anonymous=kind in ("feedback", "proposal") and rng.random() < 0.1,
                publish_consent=rng.random() < 0.85,
                petitioner=PetitionerInfo(
                    name=person,
                    phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                    address=f"{area.full_name}, {area.parent.full_name}",
                ),
                intake_key=intake_key,
            )
            _play(scenario, result.petition, rng, result.secret, owner)
            result.petition.refresh_from_db()
            _backdate(result.petition, days_ago)
        created += 1
    return created


def load_demo(*, petitions: int = 300, stdout=None) -> list[DemoLogin]:
    say = stdout.write if stdout else (lambda _text: None)
    say("Nạp địa bàn hành chính (34 tỉnh/thành, 3.321 xã/phường/đặc khu)…")
    areas_load()
    say("Nạp cơ quan, lĩnh vực, quy tắc chuyển đơn…")
    agencies_load()
    topics_load()
    routing_rules_load()
    say("Tạo tài khoản mẫu…")
    logins = load_accounts()
    say(f"Tạo {petitions} đơn mẫu (lần chạy sau không tạo thêm)…")
    created = load_petitions(petitions)
    say(f"Đã tạo {created} đơn mới.")
    say("Tạo lịch tiếp công dân, buổi đối thoại và cam kết mẫu…")
    load_reception()
    say("Tạo một dự thảo lấy ý kiến nhân dân mẫu…")
    load_consultation()
    say("Ghi một mô hình Dân vận khéo và tính số liệu đánh giá…")
    load_practices()
    cells_rebuild()
    return logins
