"""Background work of participation: the opinion groups, recomputed as votes arrive.

`statement_vote` enqueues one job per consultation and minute; this task recomputes from
all the votes, so it is idempotent and a late or repeated run is harmless."""

from nghedan.consultations.models import Consultation
from nghedan.jobs.registry import task


@task("consultations.recompute_groups")
def recompute_groups(*, consultation_id: int) -> None:
    from nghedan.consultations.actions.participation import opinion_recompute

    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return
    opinion_recompute(consultation=consultation)
