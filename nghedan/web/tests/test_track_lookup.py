"""Looking a petition up by its code and secret keeps the secret out of every address:
it travels in the body of a POST and stays in the session, so no server log, browser
history or Referer header ever holds it. Old links that carry it as ?secret= still work,
once, and lead on to an address without it."""

import re
from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.urls import reverse

from nghedan.jobs.runner import run_pending
from nghedan.petitions.actions import PetitionerInfo, petition_accept
from nghedan.test import submit
from nghedan.web.tests.scenes import TITLE, filed

NOT_FOUND = "Không tìm thấy đơn với mã tra cứu và mã bí mật này."


def _form_asking_for_the_secret(html: str) -> str:
    [form] = [
        form
        for form in re.findall(r"<form\b.*?</form>", html, flags=re.DOTALL)
        if 'name="secret"' in form
    ]
    return form


def test_the_tracking_forms_send_the_secret_in_the_body_of_a_post(client, world):
    for page in ("home", "track"):
        # When a visitor opens the page
        form = _form_asking_for_the_secret(client.get(reverse(page)).content.decode())

        # Then the form posts (with its CSRF token) and the field hides what is typed
        opening = form[: form.index(">") + 1]
        assert 'method="post"' in opening, page
        assert "csrfmiddlewaretoken" in form, page
        assert re.search(r'<input type="password" name="secret"', form), page
    assert f'action="{reverse("track")}"' in _form_asking_for_the_secret(
        client.get(reverse("home")).content.decode()
    )


def test_a_lookup_by_post_opens_the_petition_with_no_secret_in_any_address(client, world):
    # Given feedback filed without an account
    scene = filed(world, user=None)

    # When the visitor types the code and the secret into the form
    response = client.post(
        reverse("track"), {"code": scene.petition.code, "secret": scene.secret}, follow=True
    )

    # Then the petition opens, at its tracking address
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("track_detail", args=[scene.petition.code]), 302)]
    assert TITLE in response.content.decode()
    # And the secret is in no address the browser went to, nor in the page it shows
    assert all(scene.secret not in url for url, _status in response.redirect_chain)
    assert scene.secret not in response.request["PATH_INFO"]
    assert scene.secret not in response.request.get("QUERY_STRING", "")
    assert scene.secret not in response.content.decode()
    # And this browser keeps following it without typing the secret again
    again = client.get(reverse("track_detail", args=[scene.petition.code]))
    assert again.status_code == 200


def test_an_old_link_with_the_secret_opens_once_and_moves_to_an_address_without_it(client, world):
    # Given a link written before lookups were POSTs, with the secret in its address
    scene = filed(world, user=None)
    link = f"{reverse('track')}?{urlencode({'code': scene.petition.code, 'secret': scene.secret})}"

    # When the visitor follows it
    response = client.get(link)

    # Then the browser is sent on at once to the tracking address, without the secret
    assert response.status_code == 302
    assert response["Location"] == reverse("track_detail", args=[scene.petition.code])
    # And the petition opens in this browser from the session
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert TITLE in page.content.decode()
    assert scene.secret not in page.content.decode()


def test_an_old_link_with_a_wrong_secret_goes_back_to_the_form_without_it(client, world):
    scene = filed(world, user=None)

    response = client.get(reverse("track"), {"code": scene.petition.code, "secret": "doan-bua"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('track')}?code={scene.petition.code}"
    assert "doan-bua" not in response["Location"]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [NOT_FOUND]
    # And the petition stays locked in this browser
    locked = client.get(reverse("track_detail", args=[scene.petition.code]))
    assert locked["Location"] == f"{reverse('track')}?code={scene.petition.code}"


def test_a_lookup_without_a_code_is_an_error_on_the_form_and_opens_nothing(client, world):
    scene = filed(world, user=None)

    response = client.post(reverse("track"), {"code": "", "secret": scene.secret})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert scene.secret not in response.content.decode()
    locked = client.get(reverse("track_detail", args=[scene.petition.code]))
    assert locked.status_code == 302


def test_the_messages_to_an_anonymous_petitioner_carry_no_secret(world, mailoutbox):
    # Given feedback filed without an account by a visitor who asked to be told
    result = submit(
        world,
        petitioner=PetitionerInfo(name="Nguyễn Văn An", email="an.nguyen@example.vn"),
        notify_updates=True,
    )
    run_pending()

    # When it is accepted and the petitioner is told
    petition_accept(acting_user=world.officer_a, petition=result.petition)
    run_pending()

    # Then every message links to the tracking page by code only
    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        assert f"/track/{result.petition.code}/" in mail.body
        assert result.secret not in mail.body and result.secret not in mail.subject
        assert "secret" not in mail.body
