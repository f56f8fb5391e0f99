"""petition_submit: filing a petition, routing it, protecting the petitioner's data."""

import re
from unittest import mock

import pytest
from django.db import connection

from nghedan.audit.log import audit_pseudonym
from nghedan.audit.models import AuditEntry
from nghedan.lib.crypto import decrypt, readable_secret_key, secret_digest, secret_matches
from nghedan.lib.errors import ActionError
from nghedan.petitions.actions import PetitionerInfo, petition_submit
from nghedan.petitions.models import Channel, Kind, Petition, PetitionEvent, Status
from nghedan.petitions.policy import is_petitioner
from nghedan.petitions.tests.helpers import row_counts
from nghedan.test import submit

TRACKING_CODE = re.compile(r"ND-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")
IDENTIFIED = PetitionerInfo(name="Nguyễn Văn An", phone="0912345678", address="12 Đội Cấn")


@pytest.mark.parametrize("kind", Kind.values)
def test_a_citizen_files_a_petition_of_each_kind(world, kind):
    result = submit(world, user=world.citizen, kind=kind, petitioner=IDENTIFIED)

    petition = Petition.objects.get()
    assert result.created is True
    assert result.petition == petition
    assert (petition.kind, petition.status, petition.channel) == (kind, Status.RECEIVED, "web")
    assert petition.agency == world.agency_a
    assert petition.area == world.ba_dinh
    assert petition.citizen == world.citizen
    assert petition.title == "Rác thải tồn đọng trên phố Đội Cấn"
    assert petition.acceptance_due is not None and petition.resolution_due is not None
    assert petition.acceptance_due <= petition.resolution_due
    # Only feedback and proposals may be published.
    assert petition.publish_consent is (kind in (Kind.FEEDBACK, Kind.PROPOSAL))
    event = PetitionEvent.objects.get()
    assert (event.action, event.from_status, event.to_status) == ("submitted", "", Status.RECEIVED)
    assert (event.actor, event.to_agency, event.visible_to_petitioner) == (
        world.citizen,
        world.agency_a,
        True,
    )
    assert event.data == {
        "channel": "web",
        "kind": kind,
        "topic": "moi-truong",
        "topic_by": "petitioner",
    }
    audit = AuditEntry.objects.get()
    # The audit log never names a denouncer: a keyed pseudonym stands in for the account.
    if kind == Kind.DENUNCIATION:
        recorded = (None, audit_pseudonym(user=world.citizen, scope=petition))
    else:
        recorded = (world.citizen, str(world.citizen))
    assert (audit.action, audit.actor, audit.actor_label, audit.target_id) == (
        "petition.submitted",
        *recorded,
        str(petition.pk),
    )


def test_an_anonymous_visitor_files_feedback_without_an_account_or_a_name(world):
    result = submit(world, is_anonymous=True)

    petition = result.petition
    petition.refresh_from_db()
    assert petition.citizen is None
    assert petition.is_anonymous is True
    assert (petition.petitioner_name, petition.petitioner_phone) == ("", "")


def test_an_officer_entering_a_petition_at_reception_is_not_its_citizen(world):
    result = submit(world, user=world.officer_a, channel=Channel.RECEPTION)

    assert result.petition.citizen is None
    assert PetitionEvent.objects.get().actor == world.officer_a


@pytest.mark.parametrize(
    ("kind", "topic", "agency_code", "agency_name"),
    [
        (Kind.FEEDBACK, "moi-truong", "00004-ubnd-xa", "Ủy ban nhân dân Phường Ba Đình"),
        (Kind.FEEDBACK, "an-ninh-trat-tu", "00004-cong-an-xa", "Công an Phường Ba Đình"),
        (Kind.PROPOSAL, "an-ninh-trat-tu", "00004-cong-an-xa", "Công an Phường Ba Đình"),
        (Kind.FEEDBACK, "y-te", "01-so-y-te", "Sở Y tế Thành phố Hà Nội"),
        (Kind.COMPLAINT, "moi-truong", "00004-ubnd-xa", "Ủy ban nhân dân Phường Ba Đình"),
        (Kind.COMPLAINT, "y-te", "00004-ubnd-xa", "Ủy ban nhân dân Phường Ba Đình"),
        (Kind.DENUNCIATION, "dat-dai", "00004-ubnd-xa", "Ủy ban nhân dân Phường Ba Đình"),
        (Kind.DENUNCIATION, "thai-do-can-bo", "01-thanh-tra-tinh", "Thanh tra Thành phố Hà Nội"),
        (Kind.FEEDBACK, "dien-nuoc", "01-so-cong-thuong", "Sở Công Thương Thành phố Hà Nội"),
    ],
)
def test_a_petition_about_ba_dinh_is_routed_by_kind_and_topic(
    world, kind, topic, agency_code, agency_name
):
    petition = submit(world, kind=kind, topic=topic, petitioner=IDENTIFIED).petition

    assert (petition.agency.code, petition.agency.name) == (agency_code, agency_name)


def test_feedback_about_health_in_da_nang_goes_to_da_nang_department_of_health(world):
    petition = submit(world, topic="y-te", area=world.hai_van).petition

    assert petition.agency.name == "Sở Y tế Thành phố Đà Nẵng"


@pytest.mark.parametrize(
    ("kind", "topic", "agency_code"),
    [
        # No province rule for the environment: the province's People's Committee decides.
        (Kind.FEEDBACK, "moi-truong", "01-ubnd-tinh"),
        (Kind.FEEDBACK, "an-ninh-trat-tu", "01-ubnd-tinh"),
        (Kind.FEEDBACK, "y-te", "01-so-y-te"),
        (Kind.DENUNCIATION, "thai-do-can-bo", "01-thanh-tra-tinh"),
    ],
)
def test_a_petition_about_a_whole_province_never_goes_to_one_commune(
    world, kind, topic, agency_code
):
    petition = submit(
        world, kind=kind, topic=topic, area=world.hanoi, petitioner=IDENTIFIED
    ).petition

    assert petition.agency.code == agency_code
    assert petition.agency.area == world.hanoi


def test_an_inactive_agency_is_skipped_and_the_next_rule_applies(world):
    world.police_a.is_active = False
    world.police_a.save()

    petition = submit(world, topic="an-ninh-trat-tu").petition

    assert petition.agency == world.agency_a


def test_each_petition_gets_a_distinct_tracking_code_in_crockford_base32(world):
    codes = {submit(world).petition.code for _ in range(5)}

    assert len(codes) == 5
    assert all(TRACKING_CODE.fullmatch(code) for code in codes)


def test_the_secret_opens_the_petition_and_only_its_digest_is_stored(world):
    result = submit(world, is_anonymous=True)

    petition = Petition.objects.get()
    key = readable_secret_key(result.secret)
    assert len(key) == 16
    assert petition.secret_digest == secret_digest(key)
    assert result.secret not in petition.secret_digest
    assert secret_matches(key, petition.secret_digest)
    assert not secret_matches(key[:-1], petition.secret_digest)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM petitions_petition WHERE id = %s", [petition.pk])
        raw_row = cursor.fetchone()
    assert not any(
        isinstance(value, str) and (result.secret in value or key in value) for value in raw_row
    )


def test_the_secret_opens_the_petition_however_it_is_typed(world):
    result = submit(world, is_anonymous=True)
    petition = Petition.objects.get()
    typed = result.secret.lower().replace("-", " ")

    assert is_petitioner(None, petition, result.secret)
    assert is_petitioner(None, petition, typed)
    assert not is_petitioner(None, petition, typed[:-1])


def test_a_secret_given_before_secrets_became_readable_still_opens_its_petition(world):
    petition = submit(world, is_anonymous=True).petition
    legacy = "Xk3_a9LmQ0pT-ZrW"  # token_urlsafe: case matters
    Petition.objects.filter(pk=petition.pk).update(secret_digest=secret_digest(legacy))
    petition.refresh_from_db()

    assert is_petitioner(None, petition, legacy)
    assert not is_petitioner(None, petition, legacy.lower())


def test_two_petitions_get_two_different_secrets(world):
    assert submit(world).secret != submit(world).secret


def test_the_petitioners_personal_data_is_encrypted_in_the_database(world):
    petitioner = PetitionerInfo(
        name="Nguyễn Văn An",
        phone="0912345678",
        email="an@example.vn",
        address="12 Đội Cấn",
    )
    petition = submit(world, petitioner=petitioner).petition

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT petitioner_name, petitioner_phone, petitioner_email, petitioner_address "
            "FROM petitions_petition WHERE id = %s",
            [petition.pk],
        )
        raw = cursor.fetchone()
    plain = ("Nguyễn Văn An", "0912345678", "an@example.vn", "12 Đội Cấn")
    for stored, value in zip(raw, plain, strict=True):
        assert stored and value not in stored
        assert decrypt(stored) == value
    reloaded = Petition.objects.get(pk=petition.pk)
    assert (
        reloaded.petitioner_name,
        reloaded.petitioner_phone,
        reloaded.petitioner_email,
        reloaded.petitioner_address,
    ) == plain


def test_the_public_body_has_personal_data_removed_and_the_body_is_kept(world):
    body = "Ông Trần Văn Bình đổ rác ra ngõ 120 Đội Cấn. Liên hệ tôi: 0987 654 321."

    petition = submit(world, body=body).petition

    assert petition.body == body
    assert petition.public_body == (
        "Ông [họ tên] đổ rác ra ngõ 120 Đội Cấn. Liên hệ tôi: [số điện thoại]."
    )


def test_the_public_body_hides_the_petitioners_own_name_written_in_the_body(world):
    body = "Tôi là Nguyễn Văn An, cư trú tại ngõ 120 Đội Cấn, đề nghị thu gom rác."

    petition = submit(world, body=body).petition

    assert "Nguyễn Văn An" not in petition.public_body


def test_submitted_text_is_cleaned_before_it_is_stored(world):
    petition = submit(
        world, title="  Rác   thải  ", body="  Rác  thải\r\n\r\n\r\nbốc mùi hôi  "
    ).petition

    assert (petition.title, petition.body) == ("Rác thải", "Rác thải\n\nbốc mùi hôi")


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"body": "Rác quá"}, "body_too_short", "body"),
        ({"body": "x" * 20_001}, "body_too_long", "body"),
        ({"title": "   "}, "title_required", "title"),
        ({"title": "T" * 201}, "title_too_long", "title"),
        ({"kind": "rumour"}, "bad_kind", "kind"),
        ({"channel": "telegram"}, "bad_channel", "channel"),
        ({"signatories": 0}, "bad_signatories", "signatories"),
        ({"signatories": -3}, "bad_signatories", "signatories"),
        ({"signatories": 100_001}, "bad_signatories", "signatories"),
        ({"kind": Kind.COMPLAINT, "is_anonymous": True}, "identity_required", "is_anonymous"),
        ({"kind": Kind.DENUNCIATION, "is_anonymous": True}, "identity_required", "is_anonymous"),
        (
            {"kind": Kind.DENUNCIATION, "petitioner": PetitionerInfo(phone="0912345678")},
            "name_required",
            "petitioner_name",
        ),
        (
            {"kind": Kind.COMPLAINT, "petitioner": PetitionerInfo(name="   ", phone="0912345678")},
            "name_required",
            "petitioner_name",
        ),
        (
            {"kind": Kind.COMPLAINT, "petitioner": PetitionerInfo(name="Nguyễn Văn An")},
            "contact_required",
            "petitioner_phone",
        ),
    ],
)
def test_a_submission_the_rules_refuse_raises_with_its_code_and_field_and_creates_nothing(
    world, overrides, code, field
):
    before = row_counts()

    with pytest.raises(ActionError) as caught:
        submit(world, **overrides)

    assert (caught.value.code, caught.value.field, caught.value.status) == (code, field, 400)
    assert str(caught.value.message)
    assert row_counts() == before


def test_too_many_files_are_refused_before_any_is_read(world, settings):
    settings.NGHEDAN_ATTACHMENT_MAX_COUNT = 2
    before = row_counts()

    with pytest.raises(ActionError) as caught:
        submit(world, files=[object(), object(), object()])

    assert (caught.value.code, caught.value.field) == ("too_many_files", "attachments")
    assert row_counts() == before


def test_a_retried_intake_with_the_same_key_returns_the_first_petition_and_writes_nothing(world):
    first = submit(world, intake_key="zalo-mini-app:7f1c", intake_client="zalo-mini-app")
    before = row_counts()

    again = submit(world, intake_key="zalo-mini-app:7f1c", intake_client="zalo-mini-app")

    assert (again.created, again.secret) == (False, "")
    assert again.petition.pk == first.petition.pk
    assert again.petition.code == first.petition.code
    assert row_counts() == before


def test_a_retry_that_loses_the_race_to_its_twin_returns_the_twins_petition(world):
    first = submit(world, intake_key="app:race")
    before = row_counts()
    real_filter = Petition.objects.filter
    looked_up = []

    def filter_missing_the_twin_once(*args, **kwargs):
        # The twin commits between this retry's look-up and its insert.
        if "intake_key" in kwargs and not looked_up:
            looked_up.append(kwargs["intake_key"])
            return Petition.objects.none()
        return real_filter(*args, **kwargs)

    with mock.patch.object(Petition.objects, "filter", side_effect=filter_missing_the_twin_once):
        again = submit(world, intake_key="app:race")

    assert looked_up == ["app:race"]
    assert (again.created, again.secret, again.petition.pk) == (False, "", first.petition.pk)
    assert row_counts() == before


def test_a_tracking_code_collision_draws_another_code(world):
    taken = submit(world).petition.code
    drawn = iter([taken, "ND-2222-3333"])

    with mock.patch("nghedan.petitions.actions.common.new_tracking_code", lambda: next(drawn)):
        result = submit(world)

    assert result.created is True
    assert result.petition.code == "ND-2222-3333"
    assert Petition.objects.filter(code=taken).count() == 1
    assert PetitionEvent.objects.filter(petition=result.petition).count() == 1


def test_two_intakes_with_different_keys_make_two_petitions(world):
    first = submit(world, intake_key="app:1")
    second = submit(world, intake_key="app:2")

    assert first.petition.pk != second.petition.pk
    assert Petition.objects.count() == 2


def test_an_area_with_no_agency_at_all_is_refused_with_a_message_about_the_area(world):
    from nghedan.agencies.models import Agency

    Agency.objects.filter(area__in=[world.hai_van, world.danang]).update(is_active=False)
    before = row_counts()

    with pytest.raises(ActionError) as caught:
        petition_submit(
            acting_user=None,
            channel=Channel.WEB,
            kind=Kind.FEEDBACK,
            topic=world.topic(),
            area=world.hai_van,
            title="Đường hỏng",
            body="Đường Nguyễn Tất Thành hỏng nặng.",
        )

    assert (caught.value.code, caught.value.field) == ("no_agency", "area")
    assert row_counts() == before
