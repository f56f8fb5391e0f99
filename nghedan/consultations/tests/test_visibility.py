"""Who sees a consultation, in one rule (`consultations.policy.can_see`) that every page
and API endpoint reading a consultation goes through: a published one, everyone; a draft,
the staff of the agency that runs it and administrators; to anyone else it is a 404.
The API's side is in api/tests/test_v1_consultations.py."""

import pytest
from django.test import Client
from django.urls import reverse

from nghedan.consultations import policy
from nghedan.consultations.models import Consultation, ConsultationEvent, ConsultationStatus
from nghedan.consultations.selectors import consultation_visible_get, consultations_visible_to
from nghedan.test import PERSONAS
from nghedan.web.tests.scenes import CONSULTATION_TITLE, consultation, log_in

SEE_A_DRAFT = {"admin", "officer_a", "leader_a"}
# The pages that read a consultation, and the scene id each takes.
PAGES = {
    "consultation_detail": "consultation_id",
    "consultation_changes": "consultation_id",
    "consultation_groups": "consultation_id",
    "consultation_report": "consultation_id",
    "consultation_attachment": "file_id",
    "ballot_result": "ballot_id",
}
# The writes that reach a consultation through its page, a comment, a statement or a
# ballot: on a draft the user may not see, each is a 404 before any action runs.
WRITES = {
    "consultation_publish": "consultation_id",
    "consultation_close": "consultation_id",
    "consultation_follow": "consultation_id",
    "consultation_comment": "consultation_id",
    "statement_add": "consultation_id",
    "comment_react": "comment_id",
    "comment_report": "comment_id",
    "comment_hide": "comment_id",
    "comment_dispose": "comment_id",
    "statement_moderate": "statement_id",
    "statement_vote": "statement_id",
    "consultation_report_publish": "consultation_id",
    "ballot_new": "consultation_id",
    "ballot_vote": "ballot_id",
}


def _user(world, persona: str):
    return None if persona == "anonymous" else getattr(world, persona)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _seen(world, persona: str, url: str) -> str:
    client = Client()
    log_in(client, world, persona)
    response = client.get(url)
    if response.status_code == 200:
        return "SEE" if CONSULTATION_TITLE.encode() in _body(response) else "200 without it"
    return str(response.status_code)


# The rule itself -------------------------------------------------------------------------


@pytest.mark.parametrize("status", ConsultationStatus.values)
def test_can_see_and_the_visible_filter_give_the_same_answer_to_every_persona(world, status):
    # Given a consultation of agency A in each status
    made = Consultation.objects.get(pk=consultation(world, status=status).ids["consultation_id"])

    for persona in PERSONAS:
        user = _user(world, persona)
        # When the rule is asked in Python and as a query
        one = policy.can_see(user, made)
        listed = consultations_visible_to(user=user).filter(pk=made.pk).exists()

        # Then both agree: public statuses for all, a draft for its agency and admins
        expected = status in policy.PUBLIC_STATUSES or persona in SEE_A_DRAFT
        assert (persona, one, listed) == (persona, expected, expected)


def test_the_public_statuses_are_every_status_but_draft():
    assert set(policy.PUBLIC_STATUSES) == set(ConsultationStatus.values) - {"draft"}


def test_a_deactivated_officer_no_longer_sees_the_agencys_draft(world):
    made = Consultation.objects.get(pk=consultation(world, status="draft").ids["consultation_id"])
    type(world.officer_a).objects.filter(pk=world.officer_a.pk).update(is_active=False)
    world.officer_a.refresh_from_db()

    assert policy.can_see(world.officer_a, made) is False
    assert not consultations_visible_to(user=world.officer_a).filter(pk=made.pk).exists()


@pytest.mark.parametrize("persona", ["officer_b", "citizen", "anonymous"])
def test_the_selector_answers_404_for_a_draft_the_user_may_not_see(world, persona):
    from django.http import Http404

    draft_id = consultation(world, status="draft").ids["consultation_id"]

    with pytest.raises(Http404):
        consultation_visible_get(user=_user(world, persona), consultation_id=draft_id)


def test_the_selector_answers_404_for_a_consultation_that_does_not_exist(world):
    from django.http import Http404

    with pytest.raises(Http404):
        consultation_visible_get(user=world.admin, consultation_id=999_999)


def test_the_selector_gives_the_draft_to_its_agency_and_to_an_administrator(world):
    draft_id = consultation(world, status="draft").ids["consultation_id"]

    for user in (world.officer_a, world.leader_a, world.admin):
        assert consultation_visible_get(user=user, consultation_id=draft_id).pk == draft_id


# The web pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_a_draft_page_is_seen_by_its_agency_and_administrators_and_is_404_for_others(world, name):
    # Given a draft of agency A (its report, like any draft's, is not published)
    scene = consultation(world, status="draft")
    url = reverse(name, args=[scene.ids[PAGES[name]]])

    # When each persona opens the page
    got = {persona: _seen(world, persona, url) for persona in PERSONAS}

    # Then the agency's staff and the administrator see it; nobody else learns it exists
    assert got == {p: "SEE" if p in SEE_A_DRAFT else "404" for p in PERSONAS}


@pytest.mark.parametrize("name", PAGES)
def test_a_published_consultations_page_is_seen_by_everyone(world, name):
    # Given a consultation whose summary report is published too
    scene = consultation(world, published=True)
    url = reverse(name, args=[scene.ids[PAGES[name]]])

    got = {persona: _seen(world, persona, url) for persona in PERSONAS}

    assert got == dict.fromkeys(PERSONAS, "SEE")


def test_the_list_shows_a_draft_to_whoever_may_open_it(world):
    consultation(world, status="draft")

    shown = {}
    for persona in PERSONAS:
        client = Client()
        log_in(client, world, persona)
        shown[persona] = CONSULTATION_TITLE in client.get(reverse("consultations")).content.decode()

    assert shown == {p: p in SEE_A_DRAFT for p in PERSONAS}


def test_the_list_names_the_agency_of_each_draft_for_an_administrator(world):
    consultation(world, status="draft")
    client = Client()
    log_in(client, world, "admin")

    page = client.get(reverse("consultations")).content.decode()

    assert "Đang soạn" in page
    assert f"{CONSULTATION_TITLE}</a> – {world.agency_a.name}" in page


@pytest.mark.parametrize("name", WRITES)
@pytest.mark.parametrize("persona", ["officer_b", "citizen"])
def test_a_write_on_a_draft_the_user_may_not_see_is_404_and_changes_nothing(world, name, persona):
    scene = consultation(world, status="draft")
    client = Client()
    log_in(client, world, persona)
    before = ConsultationEvent.objects.count()

    response = client.post(reverse(name, args=[scene.ids[WRITES[name]]]), {"text": "Đồng ý."})

    assert response.status_code == 404
    assert ConsultationEvent.objects.count() == before


@pytest.mark.parametrize("name", WRITES)
def test_a_write_on_a_draft_reaches_the_action_for_an_administrator(world, name):
    # The administrator sees the draft, so what comes back is the action's answer (it
    # refuses: 403, or a message and a redirect), never the 404 of a hidden consultation.
    scene = consultation(world, status="draft")
    client = Client()
    log_in(client, world, "admin")

    response = client.post(reverse(name, args=[scene.ids[WRITES[name]]]), {})

    assert response.status_code in (302, 403)
