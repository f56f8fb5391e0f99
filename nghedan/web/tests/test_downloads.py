"""Uploaded files are served as downloads the browser neither opens in the site nor takes
for another type: a PDF with a script never runs in the site's origin."""

from datetime import timedelta

import pytest
from django.urls import reverse

from nghedan.lib import clock
from nghedan.lib.tests.samples import PDF, upload
from nghedan.reception.actions.commitments import commitment_add_evidence, commitment_make
from nghedan.test import submit
from nghedan.web.tests.scenes import consultation, filed, log_in


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("files", "content_type", "disposition"),
    [
        ([upload("quyet-dinh.pdf", PDF)], "application/pdf", "attachment; filename="),
        (None, "image/jpeg", "attachment; filename="),
    ],
)
def test_a_petitions_file_is_downloaded_never_shown_inline(
    client, world, files, content_type, disposition
):
    scene = filed(world, **({"files": files} if files else {}))
    log_in(client, world, "officer_a")

    response = client.get(reverse("attachment", args=[scene.attachment.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'{disposition}"{scene.attachment.file.name.rsplit("/", 1)[-1]}"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    with scene.attachment.file.open("rb") as stored:
        assert _body(response) == stored.read()


def test_a_commitments_evidence_is_downloaded_never_shown_inline(client, world):
    petition = submit(world, user=world.citizen).petition
    commitment = commitment_make(
        acting_user=world.leader_a,
        text="Thu gom rác ở ngõ 120 Đội Cấn trong tuần.",
        due_date=clock.today() + timedelta(days=7),
        petition=petition,
    )
    evidence = commitment_add_evidence(
        acting_user=world.officer_a, commitment=commitment, file=upload("bien-ban.pdf", PDF)
    )
    log_in(client, world, "citizen")

    response = client.get(
        reverse("commitment_detail", args=[commitment.pk]), {"evidence": evidence.pk}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == PDF


def test_a_consultations_attachment_is_downloaded_with_its_name(client, world):
    scene = consultation(world)

    response = client.get(reverse("consultation_attachment", args=[scene.ids["file_id"]]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="to-trinh.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("officer_a", 200),
        ("leader_a", 200),
        ("citizen", 200),
        ("supervisor", 404),
        ("admin", 404),
        ("officer_b", 404),
    ],
)
def test_a_denunciations_file_is_opened_only_by_its_handlers_and_its_petitioner(
    client, world, persona, status
):
    # A denouncer's own document can name them (a PDF keeps its author): like its text,
    # only the handling officer and leader and the petitioner open it.
    scene = filed(world, kind="denunciation", files=[upload("to-cao.pdf", PDF)])
    log_in(client, world, persona)

    response = client.get(reverse("attachment", args=[scene.attachment.pk]))

    assert response.status_code == status
