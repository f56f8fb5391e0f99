"""What people read: no code word (`auto_closed`, `long_overdue`…) on any page, in either
language, English plurals right, and a menu that leads every person to the pages they
may open — never to a refusal.

Every page of the role matrix is opened by a person who may see it, in Vietnamese and in
English, and its visible text (not attributes, scripts or styles) is read."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from nghedan.test import PERSONAS
from nghedan.web.navigation import GROUPS, menu_for
from nghedan.web.tests.scenes import GIVEN, log_in
from nghedan.web.tests.test_role_matrix import QUERY, ROWS, _url

CODE_WORD = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
# "1 people", "1 signatories": a count of one with a plural noun.
ONE_PLURAL = re.compile(
    r"(?<![\d.,])1 (people|signatories|petitions|days|votes|comments|replies|commitments|"
    r"articles|participants|hours|months|turns)\b"
)
# Persons tried first: staff see the most of a page.
SEEING_ORDER = ("leader_a", "admin", "officer_a", "supervisor", "citizen", "anonymous")


class _VisibleText(HTMLParser):
    """The text a person reads on the page. `<code>` is left out: the open-data page names
    the columns of its files there, on purpose."""

    HIDDEN = {"script", "style", "template", "noscript", "title", "code"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _pages():
    """One GET row per page and given, with the first person in SEEING_ORDER who sees it."""
    seen = set()
    for row in ROWS:
        if row.method != "GET" or (row.name, row.given) in seen:
            continue
        for persona in SEEING_ORDER:
            if row.outcomes[persona] in ("SEE", "200"):
                seen.add((row.name, row.given))
                yield pytest.param(row, persona, id=f"{row.name}-{row.given}-{persona}")
                break


@pytest.mark.parametrize(("row", "persona"), list(_pages()))
def test_no_code_word_on_any_page_in_either_language(world, row, persona):
    scene = GIVEN[row.given](world)
    for language in ("vi", "en"):
        client = Client()
        log_in(client, world, persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(_url(row.name, scene), QUERY.get(row.name, {}))
        assert response.status_code == 200
        if "text/html" not in response.get("Content-Type", ""):
            continue
        text = visible_text(response.content.decode())
        assert CODE_WORD.findall(text) == [], f"{row.name} ({language})"
        if language == "en":
            assert ONE_PLURAL.findall(text) == [], f"{row.name}: a count of one in the plural"


def test_the_history_of_a_grouped_and_relabelled_petition_reads_as_words(world):
    scene = GIVEN["grouped"](world)
    client = Client()
    log_in(client, world, "officer_a")
    client.post(
        reverse("staff_relabel", args=[scene.petition.code]),
        {"topic": world.topic("giao-thong-ha-tang").pk},
    )
    for language, words in (("vi", "Gộp"), ("en", "rouped")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        text = visible_text(
            client.get(reverse("staff_detail", args=[scene.petition.code])).content.decode()
        )
        assert words in text
        assert CODE_WORD.findall(text) == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_link_in_a_persons_menu_opens_for_them(world, persona):
    client = Client()
    log_in(client, world, persona)
    user = getattr(world, persona) if persona != "anonymous" else _anonymous()
    links = [link for _label, group in menu_for(user) for link in group]
    assert links, persona
    for link in links:
        assert client.get(link.url).status_code == 200, f"{persona}: {link.url}"


def test_every_page_without_parameters_is_in_someones_menu_or_linked_from_one(world):
    in_menus = {item.url_name for group in GROUPS for item in group.items}
    # Reached from their lists by the people allowed, or part of a flow.
    from_lists = {
        "reception_day_new": "reception_calendar",
        "dialogue_new": "dialogues",
        "commitment_new": "commitments",
        "consultation_new": "consultations",
        "practice_new": "practices",
    }
    flows = {"home", "login", "register", "notifications", "account_verify"}
    pages = {
        row.name
        for row in ROWS
        if row.method == "GET"
        and any(outcome in ("SEE", "200") for outcome in row.outcomes.values())
        and "<" not in _pattern(row.name)
        and not row.name.endswith("_json")
    }
    assert sorted(pages - in_menus - set(from_lists) - flows) == []
    leader = Client()
    log_in(leader, world, "leader_a")
    for page, listing in from_lists.items():
        assert reverse(page) in leader.get(reverse(listing)).content.decode(), page


def test_staff_land_on_their_inbox_and_citizens_on_their_petitions(world):
    for persona, landing in (
        ("officer_a", "inbox"),
        ("leader_a", "inbox"),
        ("supervisor", "dashboard"),
        ("citizen", "my_petitions"),
    ):
        user = getattr(world, persona)
        user.set_password("mật khẩu đủ dài 2026")
        user.save()
        response = Client().post(
            reverse("login"), {"username": user.username, "password": "mật khẩu đủ dài 2026"}
        )
        assert response.status_code == 302, persona
        assert response["Location"] == reverse(landing), persona
    asked = Client().post(
        f"{reverse('login')}?next={reverse('alerts')}",
        {"username": world.leader_a.username, "password": "mật khẩu đủ dài 2026"},
    )
    assert asked["Location"] == reverse("alerts")


def _pattern(name: str) -> str:
    from nghedan.web import urls

    return str(next(p for p in urls.urlpatterns if p.name == name).pattern)


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_the_admin_site_carries_the_product_s_name_in_both_languages(world):
    client = Client()
    log_in(client, world, "admin")
    for language, header, django_word in (
        ("vi", "Nghe Dân — Quản trị hệ thống", "Hoạt động gần đây"),
        ("en", "Nghe Dân — System administration", "Recent actions"),
    ):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get("/admin/").content.decode()
        assert header in page
        assert django_word in page
        assert "Django administration" not in page
