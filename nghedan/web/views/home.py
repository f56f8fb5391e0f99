"""The home page: what people can do, and what is happening — recent public answers,
consultations open for comment, the next reception days and a few national figures of
the last 12 months."""

from django.shortcuts import render

from nghedan.consultations.models import ConsultationStatus
from nghedan.consultations.selectors import consultations_visible_to
from nghedan.lib import clock
from nghedan.petitions.public import public_petition
from nghedan.petitions.selectors import public_petitions
from nghedan.reception.selectors import days_upcoming
from nghedan.scorecards import selectors as cards
from nghedan.scorecards.periods import Period
from nghedan.web.forms.petitions import TrackForm

RECENT = 5
FIGURES = ("received", "resolved_on_time", "satisfied")


def home(request):
    period = Period.last_months(12)
    nation = cards.scorecard(cards.nation_unit(), period)
    consultations = (
        consultations_visible_to(user=request.user)
        .filter(status=ConsultationStatus.OPEN, closes_at__gte=clock.now())
        .select_related("agency")
        .order_by("closes_at")[:3]
    )
    return render(
        request,
        "web/home.html",
        {
            "track_form": TrackForm(),
            "answered": [
                public_petition(petition, with_answers=False)
                for petition in public_petitions()[:RECENT]
            ],
            "consultations": consultations,
            "reception_days": days_upcoming()[:3],
            "figures": [nation.value(code) for code in FIGURES],
            "period": period,
        },
    )
