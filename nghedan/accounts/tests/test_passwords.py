"""Changing a password when signed in, and choosing a new one through a link sent by
e-mail when it is forgotten."""

import re

from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from rest_framework.authtoken.models import Token

from nghedan.audit.models import AuditEntry
from nghedan.test import PASSWORD, sign_in

NEW = "Mot-mat-khau-moi-2026!"
SITE = "https://nghedan.example.gov.vn"


def _password_ok(user, password: str) -> bool:
    user.refresh_from_db()
    return user.check_password(password)


def test_a_signed_in_person_changes_their_password_and_stays_signed_in(client, world):
    sign_in(client, world.citizen)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("account_security"), 302)]
    assert "Đã đổi mật khẩu." in response.content.decode()
    assert _password_ok(world.citizen, NEW)
    assert client.session["_auth_user_id"] == str(world.citizen.pk)
    entry = AuditEntry.objects.get(action="account.password_change")
    assert (entry.actor_id, entry.target_id) == (world.citizen.pk, str(world.citizen.pk))


def test_a_wrong_old_password_changes_nothing(client, world):
    sign_in(client, world.citizen)

    response = client.post(
        reverse("password_change"),
        {"old_password": "khong-dung", "new_password1": NEW, "new_password2": NEW},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    assert _password_ok(world.citizen, PASSWORD)
    assert not AuditEntry.objects.filter(action__startswith="account.password").exists()


def test_anonymous_visitors_are_sent_to_sign_in_to_change_a_password(client, world):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('password_change')}"


def test_the_sign_in_page_and_the_menu_lead_to_the_password_pages(client, world):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()
    sign_in(client, world.citizen)
    home = client.get(reverse("home")).content.decode()
    assert reverse("account_security") in home
    assert reverse("password_change") in client.get(reverse("account_security")).content.decode()


def _reset_link(message) -> str:
    return re.search(r"(https?://\S+/accounts/password/reset/\S+/\S+/)", message.body).group(1)


def test_a_forgotten_password_is_reset_through_a_link_sent_by_email(client, world, settings):
    # Given a citizen with an e-mail address, locked out by wrong passwords
    settings.NGHEDAN_SITE_URL = SITE
    world.citizen.email = "an.nguyen@example.vn"
    world.citizen.save()
    for _ in range(5):
        client.post(reverse("login"), {"username": world.citizen.username, "password": "x"})
    assert AccessAttempt.objects.filter(username=world.citizen.username).exists()

    # When they ask for a link, whatever Host the request named
    response = client.post(
        reverse("password_reset"), {"email": "An.Nguyen@example.vn"}, HTTP_HOST="localhost"
    )

    # Then one message goes to their address, with a link to the site's own address
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an.nguyen@example.vn"]
    assert message.subject == "Đặt lại mật khẩu Nghe Dân"
    link = _reset_link(message)
    assert link.startswith(f"{SITE}/accounts/password/reset/")
    assert "hết hạn sau 24 giờ" in message.body

    # When they follow it and choose a new password
    opened = client.get(link.removeprefix(SITE), follow=True)
    assert opened.context["validlink"] is True
    form_url = opened.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})

    # Then the new password works, the lockout is lifted, and the reset is in the audit log
    assert done["Location"] == reverse("password_reset_complete")
    assert _password_ok(world.citizen, NEW)
    assert not AccessAttempt.objects.filter(username=world.citizen.username).exists()
    signed = client.post(reverse("login"), {"username": world.citizen.username, "password": NEW})
    assert signed.status_code == 302
    assert AuditEntry.objects.filter(
        action="account.password_reset", target_id=str(world.citizen.pk)
    ).exists()
    # And the link does not work a second time
    again = client.get(link.removeprefix(SITE))
    assert again.status_code == 200
    assert again.context["validlink"] is False
    assert "không hợp lệ" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_message(client, world):
    response = client.post(reverse("password_reset"), {"email": "khong-ai@example.vn"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_asking_for_links_again_and_again_is_refused(client, world):
    world.citizen.email = "an.nguyen@example.vn"
    world.citizen.save()
    for _ in range(5):
        client.post(reverse("password_reset"), {"email": world.citizen.email})

    response = client.post(reverse("password_reset"), {"email": world.citizen.email})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Bạn đã yêu cầu đặt lại mật khẩu quá nhiều lần. Vui lòng thử lại sau."
    ]
    assert len(mail.outbox) == 5


def test_a_tampered_link_is_refused(client, world):
    response = client.get(
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "sai-ma"})
    )

    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert "form" not in response.context or response.context["form"] is None


def test_a_new_password_signs_the_api_out_of_the_old_one(client, world):
    # Given an officer signed in to the API with their old password
    Token.objects.create(user=world.officer_a)
    sign_in(client, world.officer_a)

    # When they change their password
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )

    # Then the API token made with the old one no longer works, and the audit says so
    assert response.status_code == 302
    assert not Token.objects.filter(user=world.officer_a).exists()
    entry = AuditEntry.objects.filter(action="account.password_change").get()
    assert entry.data["api_tokens_revoked"] == 1
