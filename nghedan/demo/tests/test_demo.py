"""`nghedan demo` loads the country, the demo accounts and petitions, and a second run
adds nothing."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from nghedan.agencies.models import Agency
from nghedan.areas.models import Area
from nghedan.consultations.models import Consultation
from nghedan.petitions.models import Petition, PetitionEvent
from nghedan.reception.models import Commitment, Dialogue, ReceptionDay
from nghedan.scorecards.models import MonthlyCell, Practice


def _counts() -> tuple[int, ...]:
    return (
        Area.objects.count(),
        Agency.objects.count(),
        get_user_model().objects.count(),
        Petition.objects.count(),
        PetitionEvent.objects.count(),
    )


def test_the_demo_loads_once_and_prints_the_logins(db):
    out = StringIO()
    call_command("demo", petitions=12, stdout=out)
    first = _counts()

    call_command("demo", petitions=12, stdout=StringIO())

    assert _counts() == first
    assert first[0] == 34 + 3321
    # The demo petitions, and the matter of the citizen received at the demo reception day.
    assert first[3] == 12 + 1
    assert Petition.objects.filter(reception_bookings__isnull=False).count() == 1
    assert ReceptionDay.objects.count() == 3
    assert Commitment.objects.count() == 1
    assert Dialogue.objects.count() == 1
    assert Consultation.objects.get().sections.count() >= 4
    # A good practice of Ba Đình replicated by Hoàn Kiếm, and the scorecards' cells built.
    practice = Practice.objects.get()
    assert practice.adoptions.get().agency.code == "00070-ubnd-xa"
    assert MonthlyCell.objects.filter(unit_kind="nation", topic_id=0).exists()
    printed = out.getvalue()
    for username in (
        "nguoidan",
        "canbo",
        "lanhdao",
        "canbo.hoankiem",
        "lanhdao.hoankiem",
        "giamsat",
        "quantri",
    ):
        assert f"  {username} " in printed
    # Demo petitions were taken through the lifecycle by the actions, so each has history.
    assert not Petition.objects.filter(events__isnull=True).exists()
    assert Petition.objects.exclude(status="received").exists()
