"""The agency's handling pages: accepting, declining and transferring a petition, answers
and their approval, and who may read who filed it. Each test says given / when / then;
who may reach which page at all is in test_role_matrix.py."""

import pytest
from django.urls import reverse

from nghedan.audit.models import AuditEntry
from nghedan.petitions.models import Answer, AnswerStatus, Kind, Status
from nghedan.web.tests.scenes import (
    ANSWER,
    PETITIONER,
    accepted,
    filed,
    flashed,
    pending_answer,
    rows,
    staff_url,
    status_of,
    track_url,
)

# --- staff: accept, decline, transfer ------------------------------------------------


def test_the_officer_accepts_a_petition(client, world):
    scene = filed(world)
    client.force_login(world.officer_a)

    response = client.post(reverse("staff_accept", args=[scene.petition.code]))

    assert response.status_code == 302 and response["Location"] == staff_url(scene.petition.code)
    assert flashed(response) == ["Đã thụ lý đơn."]
    assert status_of(scene.petition) == Status.ACCEPTED
    assert scene.petition.accepted_at is not None


def test_accepting_twice_is_refused_with_the_status_named(client, world):
    scene = accepted(world)
    client.force_login(world.officer_a)
    before = rows()

    response = client.post(reverse("staff_accept", args=[scene.petition.code]))

    assert response.status_code == 302
    assert flashed(response) == [
        "Không thể thực hiện thao tác này khi đơn đang ở trạng thái “Đã thụ lý”."
    ]
    assert rows() == before


def test_the_officer_declines_a_petition_with_a_reason(client, world):
    scene = filed(world)
    client.force_login(world.officer_a)

    response = client.post(
        reverse("staff_decline", args=[scene.petition.code]),
        {"reason": "Nội dung đã được giải quyết tại đơn trước."},
    )

    assert response.status_code == 302
    assert flashed(response) == ["Đã ghi nhận không thụ lý."]
    assert status_of(scene.petition) == Status.DECLINED
    assert scene.petition.events.last().reason == "Nội dung đã được giải quyết tại đơn trước."


def test_declining_without_a_reason_is_refused(client, world):
    scene = filed(world)
    client.force_login(world.officer_a)
    before = rows()

    response = client.post(reverse("staff_decline", args=[scene.petition.code]), {"reason": ""})

    assert response.status_code == 302
    assert flashed(response) == ["Trường này là bắt buộc."]
    assert rows() == before


def test_the_officer_transfers_a_petition_and_it_leaves_his_inbox(client, world):
    # Given a petition about a street that belongs to Hoàn Kiếm
    scene = filed(world)
    client.force_login(world.officer_a)

    # When officer A transfers it to agency B
    response = client.post(
        reverse("staff_transfer", args=[scene.petition.code]),
        {"to_agency": world.agency_b.code, "reason": "Thuộc phường Hoàn Kiếm."},
    )

    # Then it is agency B's, and officer A is sent back to his inbox, where it is gone
    assert response.status_code == 302 and response["Location"] == reverse("inbox")
    assert flashed(response) == ["Đã chuyển đơn."]
    scene.petition.refresh_from_db()
    assert (scene.petition.agency, scene.petition.status) == (world.agency_b, Status.TRANSFERRED)
    assert client.get(staff_url(scene.petition.code)).status_code == 404
    # And officer B finds it in his
    client.force_login(world.officer_b)
    inbox = client.get(reverse("inbox"))
    assert [p.code for p in inbox.context["page"]] == [scene.petition.code]


@pytest.mark.parametrize(
    ("to_agency", "message"),
    [
        ("99-khong-co-co-quan-nay", "Không tìm thấy cơ quan có mã này."),
        ("00004-ubnd-xa", "Vui lòng chọn một cơ quan khác, đang hoạt động, để chuyển đơn."),
    ],
)
def test_a_transfer_to_an_unknown_or_the_same_agency_shows_an_error(
    client, world, to_agency, message
):
    scene = filed(world)
    client.force_login(world.officer_a)
    before = rows()

    response = client.post(
        reverse("staff_transfer", args=[scene.petition.code]),
        {"to_agency": to_agency, "reason": "Thuộc phường khác."},
    )

    assert response.status_code == 302 and response["Location"] == staff_url(scene.petition.code)
    assert flashed(response) == [message]
    assert rows() == before


# --- staff: answer, approvals, approve, return ------------------------------------------


def test_an_officers_answer_waits_for_the_leader_who_approves_it(client, world):
    # Given an accepted petition filed by the citizen
    scene = accepted(world)

    # When the officer answers it
    client.force_login(world.officer_a)
    response = client.post(reverse("staff_answer", args=[scene.petition.code]), {"body": ANSWER})

    # Then the draft waits for the leader, and the citizen does not see it yet
    assert response.status_code == 302
    assert flashed(response) == ["Đã lưu câu trả lời."]
    answer = Answer.objects.get()
    assert (answer.status, status_of(scene.petition)) == (
        AnswerStatus.PENDING_APPROVAL,
        Status.IN_PROGRESS,
    )
    client.force_login(world.citizen)
    assert ANSWER not in client.get(track_url(scene.petition.code)).content.decode()

    # When the leader opens her approvals, then the draft is there, and in her inbox too
    client.force_login(world.leader_a)
    approvals = client.get(reverse("approvals"))
    assert list(approvals.context["answers"]) == [answer]
    assert client.get(reverse("inbox")).context["pending_approvals"] == 1

    # When she approves it
    response = client.post(reverse("answer_approve", args=[answer.pk]), {"note": ""})

    # Then it is published, and the citizen reads it
    assert response.status_code == 302 and response["Location"] == staff_url(scene.petition.code)
    assert flashed(response) == ["Đã duyệt và ban hành câu trả lời."]
    answer.refresh_from_db()
    assert (answer.status, answer.decided_by) == (AnswerStatus.PUBLISHED, world.leader_a)
    assert status_of(scene.petition) == Status.ANSWERED
    client.force_login(world.citizen)
    assert ANSWER in client.get(track_url(scene.petition.code)).content.decode()


def test_the_leader_returns_a_draft_with_a_note_the_citizen_never_sees(client, world):
    scene = pending_answer(world)
    client.force_login(world.leader_a)

    response = client.post(
        reverse("answer_return", args=[scene.answer.pk]), {"note": "Cần nêu rõ thời gian thu gom."}
    )

    assert response.status_code == 302
    assert flashed(response) == ["Đã trả lại dự thảo cho cán bộ."]
    scene.answer.refresh_from_db()
    assert (scene.answer.status, scene.answer.decision_note) == (
        AnswerStatus.RETURNED,
        "Cần nêu rõ thời gian thu gom.",
    )
    assert status_of(scene.petition) == Status.IN_PROGRESS
    # And the officer reads the note and may answer again
    client.force_login(world.officer_a)
    page = client.get(staff_url(scene.petition.code)).content.decode()
    assert "Cần nêu rõ thời gian thu gom." in page
    assert reverse("staff_answer", args=[scene.petition.code]) in page
    # But the citizen sees neither the draft nor the note
    client.force_login(world.citizen)
    tracking = client.get(track_url(scene.petition.code)).content.decode()
    assert ANSWER not in tracking and "Cần nêu rõ thời gian thu gom." not in tracking


def test_returning_a_draft_without_a_note_is_refused(client, world):
    scene = pending_answer(world)
    client.force_login(world.leader_a)
    before = rows()

    response = client.post(reverse("answer_return", args=[scene.answer.pk]), {"note": ""})

    assert response.status_code == 302
    assert flashed(response) == ["Vui lòng nêu rõ lý do."]
    assert rows() == before


# --- staff: who filed it --------------------------------------------------------------


def test_reading_a_denouncers_identity_is_audited(client, world):
    scene = filed(world, kind=Kind.DENUNCIATION)
    client.force_login(world.officer_a)

    response = client.get(reverse("staff_identity", args=[scene.petition.code]))

    html = response.content.decode()
    assert response.status_code == 200
    assert PETITIONER.name in html and PETITIONER.phone in html
    assert "Luật Tố cáo 2018, Điều 47" in html
    entry = AuditEntry.objects.get(action="identity.read")
    assert (entry.actor, entry.data) == (
        world.officer_a,
        {"code": scene.petition.code, "kind": "denunciation", "purpose": "web"},
    )


def test_the_supervisor_reads_a_feedback_petitioners_identity_but_not_a_denouncers(client, world):
    feedback, denunciation = filed(world), filed(world, kind=Kind.DENUNCIATION)
    client.force_login(world.supervisor)

    shown = client.get(reverse("staff_identity", args=[feedback.petition.code]))
    refused = client.get(reverse("staff_identity", args=[denunciation.petition.code]))

    assert shown.status_code == 200 and PETITIONER.phone in shown.content.decode()
    assert refused.status_code == 403 and PETITIONER.phone not in refused.content.decode()
    reads = AuditEntry.objects.filter(action="identity.read")
    assert [(entry.actor, entry.data["code"]) for entry in reads] == [
        (world.supervisor, feedback.petition.code)
    ]


def test_an_anonymous_petition_is_not_tied_to_the_same_accounts_other_petitions(client, world):
    # Given a citizen who filed one petition with her name and one anonymously
    named = filed(world, title="Đèn đường hỏng ở phố Kim Mã")
    anonymous = filed(world, title="Quán karaoke hát đến 2 giờ sáng", is_anonymous=True)
    client.force_login(world.officer_a)

    # When the officer opens either, then the other is not listed as "this person's"
    anonymous_page = client.get(staff_url(anonymous.petition.code)).content.decode()
    named_page = client.get(staff_url(named.petition.code)).content.decode()

    assert named.petition.code not in anonymous_page
    assert anonymous.petition.code not in named_page


def test_a_supervisor_cannot_tie_a_denunciation_to_its_denouncers_other_petitions(client, world):
    # Given a citizen who filed a feedback (whose identity a supervisor may read) and a
    # denunciation (whose identity he may not)
    feedback = filed(world, title="Đèn đường hỏng ở phố Kim Mã")
    denunciation = filed(world, kind=Kind.DENUNCIATION, title="Cán bộ địa chính nhận tiền")
    client.force_login(world.supervisor)

    # When the supervisor opens either, then the other is not listed as "this person's"
    denunciation_page = client.get(staff_url(denunciation.petition.code)).content.decode()
    feedback_page = client.get(staff_url(feedback.petition.code)).content.decode()

    assert feedback.petition.code not in denunciation_page
    assert denunciation.petition.code not in feedback_page
    # While the handling officer, who may read both identities, sees them together
    client.force_login(world.officer_a)
    assert denunciation.petition.code in client.get(staff_url(feedback.petition.code)).content.decode()


def test_the_identity_page_of_an_anonymous_petition_names_no_account(client, world):
    # Given a logged-in citizen who sends feedback anonymously
    scene = filed(world, is_anonymous=True)

    # When the handling officer opens who filed it
    client.force_login(world.officer_a)
    response = client.get(reverse("staff_identity", args=[scene.petition.code]))

    # Then neither her name nor her account is there
    html = response.content.decode()
    assert response.status_code == 200
    assert world.citizen.username not in html and PETITIONER.name not in html
