"""Petitions take their due dates from the deadline rules: for the level of the handling
agency, the longer limits of remote areas, and they keep the rules they started under."""

from datetime import timedelta

from nghedan.deadlines.defaults import default_rule_fields
from nghedan.deadlines.models import DeadlineRule
from nghedan.deadlines.services import due_dates
from nghedan.lib import clock
from nghedan.petitions.actions import PetitionerInfo, petition_accept
from nghedan.petitions.models import Kind
from nghedan.test import submit

COMPLAINANT = PetitionerInfo(name="Phạm Văn Cường", phone="0912345678")


def test_a_petition_records_the_rules_its_clocks_run_under(world):
    petition = submit(world, kind=Kind.COMPLAINT, petitioner=COMPLAINANT).petition

    assert petition.acceptance_rule.stage == "acceptance"
    assert petition.resolution_rule.stage == "resolution"
    assert "Khiếu nại" in petition.resolution_rule.citation


def test_a_complaint_in_a_remote_area_gets_the_longer_limit_when_accepted(world):
    world.ba_dinh.is_remote = True
    world.ba_dinh.save()
    petition = submit(world, kind=Kind.COMPLAINT, petitioner=COMPLAINANT).petition

    petition = petition_accept(acting_user=world.officer_a, petition=petition)

    today = clock.today()
    expected = due_dates(kind=Kind.COMPLAINT, received_on=today, accepted_on=today, remote=True)
    assert petition.resolution_due == expected.resolution_due
    # Law on Complaints Art. 28: 45 days in remote areas instead of 30.
    assert petition.resolution_due >= today + timedelta(days=45)


def test_changing_a_rule_later_does_not_change_a_petition_already_filed(world):
    petition = submit(world, kind=Kind.COMPLAINT, petitioner=COMPLAINANT).petition
    due_before, rule_before = petition.acceptance_due, petition.acceptance_rule

    tomorrow = clock.today() + timedelta(days=1)
    DeadlineRule.objects.create(
        **default_rule_fields(
            {
                "kind": Kind.COMPLAINT,
                "stage": "acceptance",
                "days": 5,
                "working_days": False,
                "citation": "Luật sửa đổi (giả định)",
                "valid_from": tomorrow,
            }
        )
    )

    petition.refresh_from_db()
    assert (petition.acceptance_due, petition.acceptance_rule) == (due_before, rule_before)
