"""Officers and leaders handling a petition through the REST API, and everyone else refused.

A worked example, for newcomers: each test sets up a petition in the state it needs
(given), makes one request as one persona (when), and checks the response and the
database (then). A refused write must leave the petition exactly as it was.
"""

import pytest

from nghedan.api.tests.support import act_as, error_of, state_of
from nghedan.petitions.actions import answer_submit, petition_accept
from nghedan.petitions.models import Answer, AnswerStatus, Petition, Status
from nghedan.test import submit

# Who is refused what, for every staff action on a petition of agency A filed by `citizen`:
# those who cannot see it get 404, those who can see it but may not act get 403.
REFUSED = {
    "citizen": 403,
    "other_citizen": 404,
    "officer_b": 404,
    "supervisor": 403,
    "supervisor_elsewhere": 404,
    "admin": 403,
    "anonymous": 401,
}
ANSWER_BODY = "Ủy ban nhân dân phường đã chỉ đạo thu gom toàn bộ rác thải tại ngõ 120 Đội Cấn."


def _received(world) -> Petition:
    return submit(world, user=world.citizen).petition


def _accepted(world) -> Petition:
    return petition_accept(acting_user=world.officer_a, petition=_received(world))


def _pending(world) -> tuple[Petition, Answer]:
    petition = _accepted(world)
    answer = answer_submit(acting_user=world.officer_a, petition=petition, body=ANSWER_BODY)
    return Petition.objects.get(pk=petition.pk), answer


def _request(world, action: str):
    """(petition, url, payload) for a staff action, its petition in the state it needs."""
    if action in ("approve", "return"):
        petition, answer = _pending(world)
        url = f"/api/v1/petitions/{petition.code}/answers/{answer.pk}/{action}/"
        note = "Bổ sung căn cứ pháp lý cho câu trả lời."
        return petition, url, {"note": note}
    if action == "extend":
        complaint = submit(world, user=world.citizen, kind="complaint").petition
        petition = petition_accept(acting_user=world.officer_a, petition=complaint)
        return petition, f"/api/v1/petitions/{petition.code}/extend/", {"reason": EXTEND_REASON}
    petition = _accepted(world) if action in ("start", "answer") else _received(world)
    payload = {
        "accept": {},
        "decline": {"reason": "Nội dung không thuộc thẩm quyền giải quyết của phường."},
        "transfer": {
            "to_agency": world.agency_b.code,
            "reason": "Địa điểm thuộc phường Hoàn Kiếm.",
        },
        "start": {},
        "answer": {"body": ANSWER_BODY},
    }[action]
    return petition, f"/api/v1/petitions/{petition.code}/{action}/", payload


STAFF_ACTIONS = [
    "accept",
    "decline",
    "transfer",
    "start",
    "answer",
    "approve",
    "return",
    "extend",
]
EXTEND_REASON = "Vụ việc phức tạp, cần xác minh thêm tại nhiều cơ quan."


def test_the_leader_extends_a_complex_complaint_and_its_officer_may_not(world, api):
    petition, url, payload = _request(world, "extend")
    before = state_of(petition)

    refused = act_as(api, world, "officer_a").post(url, payload, format="json")
    error_of(refused, 403)
    assert state_of(petition) == before

    response = act_as(api, world, "leader_a").post(url, payload, format="json")
    assert response.status_code == 200, response.content
    petition.refresh_from_db()
    assert petition.is_complex
    assert response.json()["resolution_due"] == petition.resolution_due.isoformat()


@pytest.mark.parametrize("action", STAFF_ACTIONS)
@pytest.mark.parametrize("persona", sorted(REFUSED))
def test_a_staff_action_is_refused_to_those_who_do_not_handle_the_petition(
    world, api, action, persona
):
    # Given a petition of agency A in the state the action needs
    petition, url, payload = _request(world, action)
    before = state_of(petition)

    # When someone who does not handle it tries the action
    response = act_as(api, world, persona).post(url, payload, format="json")

    # Then they are refused, and nothing changed
    error_of(response, REFUSED[persona])
    assert state_of(petition) == before


@pytest.mark.parametrize("action", ["approve", "return"])
def test_an_officer_cannot_approve_or_return_a_draft_only_a_leader_can(world, api, action):
    petition, url, payload = _request(world, action)
    before = state_of(petition)

    response = act_as(api, world, "officer_a").post(url, payload, format="json")

    assert error_of(response, 403)["code"] == "not_permitted"
    assert state_of(petition) == before


def test_an_officer_of_the_agency_accepts_a_received_petition(world, api):
    petition = _received(world)

    response = act_as(api, world, "officer_a").post(f"/api/v1/petitions/{petition.code}/accept/")

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == petition.code
    assert body["status"] == Status.ACCEPTED
    assert [event["action"] for event in body["events"]] == ["submitted", "accepted"]
    assert body["events"][-1]["actor"] == world.officer_a.display_name
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED
    assert petition.accepted_at is not None


def test_accepting_twice_is_a_conflict_that_changes_nothing(world, api):
    petition = _accepted(world)
    before = state_of(petition)

    response = act_as(api, world, "officer_a").post(f"/api/v1/petitions/{petition.code}/accept/")

    error = error_of(response, 409)
    assert error["code"] == "transition_not_allowed"
    assert "Đã thụ lý" in error["message"]
    assert state_of(petition) == before


def test_a_leader_declines_with_the_reason_the_petitioner_will_read(world, api):
    petition = _received(world)
    reason = "Nội dung đã được giải quyết dứt điểm tại văn bản số 12/UBND."

    response = act_as(api, world, "leader_a").post(
        f"/api/v1/petitions/{petition.code}/decline/", {"reason": reason}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == Status.DECLINED
    petition.refresh_from_db()
    assert petition.status == Status.DECLINED
    assert petition.events.get(action="declined").reason == reason


@pytest.mark.parametrize(
    ("payload", "field"),
    [({}, "reason"), ({"reason": "abc"}, "reason"), ({"reason": ["a", "b"]}, "reason")],
)
def test_declining_without_a_real_reason_is_refused(world, api, payload, field):
    petition = _received(world)
    before = state_of(petition)

    response = act_as(api, world, "officer_a").post(
        f"/api/v1/petitions/{petition.code}/decline/", payload, format="json"
    )

    error = error_of(response, 400)
    assert list(error["fields"]) == [field]
    assert list(error["fields_en"]) == [field]
    assert state_of(petition) == before


def test_a_transfer_moves_the_petition_out_of_the_officers_sight(world, api):
    petition = _received(world)

    response = act_as(api, world, "officer_a").post(
        f"/api/v1/petitions/{petition.code}/transfer/",
        {"to_agency": world.agency_b.code, "reason": "Địa điểm thuộc phường Hoàn Kiếm."},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["agency"] == {"code": world.agency_b.code, "name": world.agency_b.name}
    assert response.json()["status"] == Status.TRANSFERRED
    assert (
        act_as(api, world, "officer_a").get(f"/api/v1/petitions/{petition.code}/").status_code
        == 404
    )
    assert (
        act_as(api, world, "officer_b").get(f"/api/v1/petitions/{petition.code}/").status_code
        == 200
    )


@pytest.mark.parametrize(
    ("to_agency", "code"), [("khong-co-co-quan-nay", "invalid"), (None, "bad_transfer_target")]
)
def test_a_transfer_to_an_unknown_or_the_same_agency_is_refused(world, api, to_agency, code):
    petition = _received(world)
    before = state_of(petition)

    response = act_as(api, world, "officer_a").post(
        f"/api/v1/petitions/{petition.code}/transfer/",
        {"to_agency": to_agency or world.agency_a.code, "reason": "Chuyển cho đúng nơi."},
        format="json",
    )

    error = error_of(response, 400)
    assert error["code"] == code
    assert list(error["fields"]) == ["to_agency"]
    assert state_of(petition) == before


def test_starting_before_acceptance_is_a_conflict(world, api):
    petition = _received(world)
    before = state_of(petition)

    response = act_as(api, world, "officer_a").post(f"/api/v1/petitions/{petition.code}/start/")

    assert error_of(response, 409)["code"] == "transition_not_allowed"
    assert state_of(petition) == before


def test_an_officers_answer_waits_for_the_leader(world, api):
    petition = _accepted(world)

    response = act_as(api, world, "officer_a").post(
        f"/api/v1/petitions/{petition.code}/answer/", {"body": ANSWER_BODY}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == AnswerStatus.PENDING_APPROVAL
    assert body["petition"] == petition.code
    petition.refresh_from_db()
    assert petition.status == Status.IN_PROGRESS
    assert petition.answers.get().status == AnswerStatus.PENDING_APPROVAL


def test_a_leaders_own_answer_is_published_at_once(world, api):
    petition = _accepted(world)

    response = act_as(api, world, "leader_a").post(
        f"/api/v1/petitions/{petition.code}/answer/", {"body": ANSWER_BODY}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["status"] == AnswerStatus.PUBLISHED
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED


def test_a_too_short_answer_is_refused_in_both_languages(world, api):
    petition = _accepted(world)
    before = state_of(petition)

    response = act_as(api, world, "officer_a").post(
        f"/api/v1/petitions/{petition.code}/answer/", {"body": "Đã xử lý"}, format="json"
    )

    error = error_of(response, 400)
    assert error["code"] == "answer_too_short"
    assert error["fields"] == {"body": [error["message"]]}
    assert error["fields_en"] == {"body": [error["message_en"]]}
    assert state_of(petition) == before


def test_the_leader_approves_a_pending_draft_and_it_is_published(world, api):
    petition, answer = _pending(world)

    response = act_as(api, world, "leader_a").post(
        f"/api/v1/petitions/{petition.code}/answers/{answer.pk}/approve/",
        {"note": "Đồng ý ban hành."},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == AnswerStatus.PUBLISHED
    assert response.json()["decision_note"] == "Đồng ý ban hành."
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED


def test_the_leader_returns_a_draft_and_the_petitioner_does_not_see_that_step(world, api):
    petition, answer = _pending(world)

    response = act_as(api, world, "leader_a").post(
        f"/api/v1/petitions/{petition.code}/answers/{answer.pk}/return/",
        {"note": "Bổ sung căn cứ pháp lý."},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == AnswerStatus.RETURNED
    staff_view = act_as(api, world, "officer_a").get(f"/api/v1/petitions/{petition.code}/").json()
    own_view = act_as(api, world, "citizen").get(f"/api/v1/petitions/{petition.code}/").json()
    assert "answer_returned" in [event["action"] for event in staff_view["events"]]
    assert staff_view["drafts"][0]["decision_note"] == "Bổ sung căn cứ pháp lý."
    assert "answer_returned" not in [event["action"] for event in own_view["events"]]
    assert "answer_submitted" not in [event["action"] for event in own_view["events"]]
    assert own_view["drafts"] == []


def test_approving_an_answer_that_is_not_this_petitions_is_not_found(world, api):
    petition, answer = _pending(world)
    other = _received(world)
    before = state_of(petition)

    response = act_as(api, world, "leader_a").post(
        f"/api/v1/petitions/{other.code}/answers/{answer.pk}/approve/", {}, format="json"
    )

    error_of(response, 404)
    assert state_of(petition) == before


def test_approving_an_answer_twice_is_a_conflict(world, api):
    petition, answer = _pending(world)
    url = f"/api/v1/petitions/{petition.code}/answers/{answer.pk}/approve/"
    act_as(api, world, "leader_a").post(url, {}, format="json")
    before = state_of(petition)

    response = api.post(url, {}, format="json")

    assert error_of(response, 409)["code"] == "answer_not_pending"
    assert state_of(petition) == before


def test_the_inbox_lists_the_agencys_open_petitions_nearest_deadline_first(
    world, api, django_assert_max_num_queries
):
    complaint = submit(
        world, user=world.citizen, kind="complaint", title="Khiếu nại quyết định xử phạt"
    ).petition
    feedback = [submit(world, user=world.citizen).petition for _ in range(4)]
    submit(world, area=world.hoan_kiem)  # agency B's
    act_as(api, world, "officer_a")

    with django_assert_max_num_queries(3):
        response = api.get("/api/v1/inbox/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    codes = [item["code"] for item in body["results"]]
    assert set(codes) == {complaint.code, *(p.code for p in feedback)}
    dues = [item["next_due"] for item in body["results"]]
    assert dues == sorted(dues)


def test_the_inbox_filters_by_status(world, api):
    accepted = _accepted(world)
    _received(world)

    response = act_as(api, world, "officer_a").get("/api/v1/inbox/", {"status": "accepted"})

    assert [item["code"] for item in response.json()["results"]] == [accepted.code]


def test_the_inbox_narrowed_to_a_group_lists_only_its_petitions(world, api):
    from nghedan.language.actions import petitions_group

    first, second = _received(world), _received(world)
    submit(
        world,
        user=world.other_citizen,
        title="Đèn chiếu sáng phố Kim Mã bị hỏng",
        body="Cả dãy đèn chiếu sáng trên phố Kim Mã tắt đã một tuần, đi đêm rất nguy hiểm.",
    )
    group = petitions_group(acting_user=world.officer_a, petitions=[first, second])

    response = act_as(api, world, "officer_a").get("/api/v1/inbox/", {"group": group.pk})

    assert response.status_code == 200
    assert {item["code"] for item in response.json()["results"]} == {first.code, second.code}


@pytest.mark.parametrize("group", [str(2**63), "9" * 30])
def test_the_inbox_narrowed_to_a_group_no_id_can_name_is_empty(world, api, group):
    # Found by the fuzz run (test_fuzz_openapi.py): such a number reached the database
    # and the inbox answered 500.
    _received(world)

    response = act_as(api, world, "officer_a").get("/api/v1/inbox/", {"group": group})

    assert response.status_code == 200
    assert (response.json()["count"], response.json()["results"]) == (0, [])


@pytest.mark.parametrize(
    ("persona", "status"),
    [("citizen", 403), ("supervisor", 403), ("admin", 403), ("anonymous", 401)],
)
def test_the_inbox_is_for_agency_staff_only(world, api, persona, status):
    _received(world)

    response = act_as(api, world, persona).get("/api/v1/inbox/")

    error_of(response, status)


def test_the_approvals_queue_shows_the_leader_the_drafts_waiting(world, api):
    petition, answer = _pending(world)

    response = act_as(api, world, "leader_a").get("/api/v1/approvals/")

    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["id"] == answer.pk
    assert item["petition"]["code"] == petition.code
    assert item["author"] == world.officer_a.display_name


def test_the_approvals_queue_costs_the_same_few_queries_however_many_drafts(
    world, api, django_assert_max_num_queries
):
    for _ in range(4):
        _pending(world)
    act_as(api, world, "leader_a")

    with django_assert_max_num_queries(2):
        response = api.get("/api/v1/approvals/")

    assert response.json()["count"] == 4


@pytest.mark.parametrize(
    ("persona", "status"),
    [("officer_a", 403), ("citizen", 403), ("supervisor", 403), ("anonymous", 401)],
)
def test_the_approvals_queue_is_for_leaders_only(world, api, persona, status):
    _pending(world)

    response = act_as(api, world, persona).get("/api/v1/approvals/")

    error_of(response, status)


def test_the_approvals_queue_of_another_agency_is_empty(world, api):
    _pending(world)
    leader_b = type(world.leader_a).objects.create_user(
        username="lanhdao_b", password="x", role="leader", agency=world.agency_b
    )

    api.force_authenticate(user=leader_b)
    response = api.get("/api/v1/approvals/")

    assert response.status_code == 200
    assert response.json()["results"] == []
