"""The administrator changes rules and calendar days in the admin when the law changes."""

import pytest
from django.urls import reverse

from nghedan.deadlines.models import CalendarException, DeadlineRule
from nghedan.test import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [DeadlineRule, CalendarException])
def test_the_admin_lists_and_opens_rules_and_calendar_days(client, world, model):
    sign_in(client, world.admin)  # an administrator past the second sign-in step
    CalendarException.objects.create(day="2026-05-09", is_working_day=True, note="Làm bù")
    row = model.objects.first()
    meta = model._meta

    listing = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    change = client.get(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
    )

    assert (listing.status_code, change.status_code) == (200, 200)


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:deadlines_deadlinerule_changelist"))

    assert response.status_code == 302
