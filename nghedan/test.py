"""The base of the test suite: a small world and the people who live in it.

Every view and endpoint test uses these personas: the citizen who filed, another citizen,
an officer and a leader of agency A (who handle the petition), an officer of agency B
(who must be refused), a supervisor of the area, a supervisor elsewhere (refused), an
administrator, and an anonymous visitor.
"""

from dataclasses import dataclass
from typing import Any

import django_otp
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.http import HttpRequest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from nghedan.accounts.twofactor import authenticator_of, second_factor_required
from nghedan.agencies.models import Agency
from nghedan.agencies.services import agencies_load
from nghedan.areas.models import Area
from nghedan.areas.services import areas_load
from nghedan.deadlines.defaults import DEFAULT_RULES, default_rule_fields
from nghedan.deadlines.models import DeadlineRule
from nghedan.language.intake import petition_file
from nghedan.petitions.actions import PetitionerInfo, SubmitResult, petition_accept
from nghedan.petitions.models import Channel, Kind, Petition, Topic
from nghedan.petitions.reference import routing_rules_load, topics_load

PASSWORD = "mat-khau-thu-nghiem-2026"
# Every persona of World, and "anonymous" for a visitor who is not signed in.
PERSONAS = (
    "citizen",
    "other_citizen",
    "officer_a",
    "leader_a",
    "officer_b",
    "supervisor",
    "supervisor_elsewhere",
    "admin",
    "anonymous",
)
HANOI, DANANG = "01", "48"
BA_DINH, HOAN_KIEM, HAI_VAN = "00004", "00070", "20194"


def cache_clear() -> None:
    """Forget what the cache holds (rate-limit counters among it). The database cache, the
    default, needs nothing: its table is rolled back or flushed with the test's database."""
    if not isinstance(caches["default"], BaseDatabaseCache):
        caches["default"].clear()


@dataclass
class World:
    hanoi: Area
    ba_dinh: Area
    hoan_kiem: Area
    danang: Area
    hai_van: Area
    agency_a: Agency  # Ủy ban nhân dân Phường Ba Đình
    agency_b: Agency  # Ủy ban nhân dân Phường Hoàn Kiếm
    police_a: Agency  # Công an Phường Ba Đình
    hanoi_ubnd: Agency
    citizen: object
    other_citizen: object
    officer_a: object
    leader_a: object
    officer_b: object
    supervisor: object  # Mặt trận Tổ quốc, Hà Nội
    supervisor_elsewhere: object  # Mặt trận Tổ quốc, Đà Nẵng
    admin: object

    def topic(self, code: str = "moi-truong") -> Topic:
        return Topic.objects.get(code=code)


def _user(username: str, role: str, **extra):
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, role=role, full_name=username.title(), **extra
    )


def _ensure_deadline_rules() -> None:
    # Migrations seed the rules; tests over real HTTP empty every table after them.
    if not DeadlineRule.objects.exists():
        for spec in DEFAULT_RULES:
            DeadlineRule.objects.create(**default_rule_fields(spec))


def build_world() -> World:
    _ensure_deadline_rules()
    areas_load(province_codes=[HANOI, DANANG])
    agencies_load(province_codes=[HANOI, DANANG])
    topics_load()
    routing_rules_load()
    area = {
        area.code: area
        for area in Area.objects.filter(code__in=[HANOI, DANANG, BA_DINH, HOAN_KIEM, HAI_VAN])
    }
    agency_a = Agency.objects.get(code=f"{BA_DINH}-ubnd-xa")
    agency_b = Agency.objects.get(code=f"{HOAN_KIEM}-ubnd-xa")
    admin = _user("quantri", "admin", is_staff=True, is_superuser=True)
    return World(
        hanoi=area[HANOI],
        ba_dinh=area[BA_DINH],
        hoan_kiem=area[HOAN_KIEM],
        danang=area[DANANG],
        hai_van=area[HAI_VAN],
        agency_a=agency_a,
        agency_b=agency_b,
        police_a=Agency.objects.get(code=f"{BA_DINH}-cong-an-xa"),
        hanoi_ubnd=Agency.objects.get(code=f"{HANOI}-ubnd-tinh"),
        citizen=_user("nguoidan", "citizen"),
        other_citizen=_user("nguoikhac", "citizen"),
        officer_a=_user("canbo_a", "officer", agency=agency_a),
        leader_a=_user("lanhdao_a", "leader", agency=agency_a),
        officer_b=_user("canbo_b", "officer", agency=agency_b),
        supervisor=_user("giamsat", "supervisor", supervised_area=area[HANOI]),
        supervisor_elsewhere=_user("giamsat_dn", "supervisor", supervised_area=area[DANANG]),
        admin=admin,
    )


def submit(
    world: World,
    *,
    user=None,
    kind: str = Kind.FEEDBACK,
    topic: str | None = "moi-truong",
    area: Area | None = None,
    **overrides,
) -> SubmitResult:
    """A petition about Ba Đình, routed to agency A unless the arguments say otherwise.
    `topic=None` files it without a topic, as a citizen who leaves the choice open."""
    fields: dict[str, Any] = {
        "channel": Channel.WEB,
        "title": "Rác thải tồn đọng trên phố Đội Cấn",
        "body": "Rác thải tồn đọng nhiều ngày ở đầu ngõ 120 Đội Cấn, bốc mùi hôi, đề nghị thu gom.",
        "petitioner": PetitionerInfo(name="Nguyễn Văn An", phone="0912345678"),
        "publish_consent": True,
    }
    fields.update(overrides)
    return petition_file(
        acting_user=user,
        kind=kind,
        topic=world.topic(topic) if topic else None,
        area=area or world.ba_dinh,
        **fields,
    )


# A denunciation whose own words name the denouncer: for the tests of who may read them.
class Denouncer:
    NAME, PHONE, CCCD = "Nguyễn Văn An", "0912345678", "001085012345"
    TITLE = f"Tố cáo cán bộ địa chính nhận tiền, người tố cáo ông {NAME}"
    BODY = f"Tôi là {NAME}, CCCD {CCCD}, điện thoại {PHONE}, tố cáo cán bộ địa chính nhận tiền."
    ADDRESS = f"nhà ông {NAME}, số nhà 12 ngõ 3 phố Huế"
    PERSONAL = (NAME, PHONE, CCCD)


def denunciation_accepted(world: World, *, by) -> Petition:
    """A denunciation filed by the citizen in their own name, accepted by `by`."""
    petition = submit(
        world,
        user=world.citizen,
        kind=Kind.DENUNCIATION,
        title=Denouncer.TITLE,
        body=Denouncer.BODY,
        address=Denouncer.ADDRESS,
        petitioner=PetitionerInfo(name=Denouncer.NAME, phone=Denouncer.PHONE),
        publish_consent=False,
    ).petition
    return petition_accept(acting_user=by, petition=petition)


def authenticator(user) -> TOTPDevice:
    """The person's confirmed authenticator (an app on their phone, in real life); made
    for them the first time it is asked for."""
    return authenticator_of(user) or TOTPDevice.objects.create(
        user=user, name="Ứng dụng xác thực", confirmed=True
    )


def totp_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now (the test's pinned clock)."""
    return (
        f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    )


def sign_in(client, user) -> None:
    """The test client, signed in as `user`. An administrator must pass the second step
    before any page is served: they get an authenticator, and the session records it as
    verified exactly as `django_otp.login` does after a right code (the tests of the step
    itself, in accounts/tests/test_two_factor.py, type the code)."""
    client.force_login(user)
    if second_factor_required(user):
        request = HttpRequest()
        request.session = client.session
        request.user = user
        django_otp.login(request, authenticator(user))
        request.session.save()
