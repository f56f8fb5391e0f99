"""Commitment keeping, counted for the scorecards and the compliance view.

A commitment counts in the period in which it falls due (`since` ≤ due date ≤ `until`,
either bound optional), so a period's figures do not change as later promises are made.
"""

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from nghedan.lib import clock
from nghedan.reception.models import Commitment, CommitmentStatus

if TYPE_CHECKING:
    from nghedan.accounts.models import User
    from nghedan.agencies.models import Agency


def commitment_indicators(
    *,
    agency: "Agency | None" = None,
    owner: "User | None" = None,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
) -> dict:
    """made, kept, broken, open, overdue (open past its due date), kept_on_time (kept on
    or before the due date, local time), agreed (kept, with more of the responses agreeing
    than disagreeing and at least one response)."""
    today = today or clock.today()
    commitments = Commitment.objects.all()
    if agency is not None:
        commitments = commitments.filter(agency=agency)
    if owner is not None:
        commitments = commitments.filter(owner=owner)
    if since is not None:
        commitments = commitments.filter(due_date__gte=since)
    if until is not None:
        commitments = commitments.filter(due_date__lte=until)
    counts = commitments.aggregate(
        made=Count("pk"),
        kept=Count("pk", filter=Q(status=CommitmentStatus.KEPT)),
        broken=Count("pk", filter=Q(status=CommitmentStatus.BROKEN)),
        open=Count("pk", filter=Q(status=CommitmentStatus.OPEN)),
        overdue=Count("pk", filter=Q(status=CommitmentStatus.OPEN, due_date__lt=today)),
    )
    kept_rows = (
        commitments.filter(status=CommitmentStatus.KEPT)
        .annotate(
            yes=Count("responses", filter=Q(responses__agrees=True)),
            no=Count("responses", filter=Q(responses__agrees=False)),
        )
        .values_list("due_date", "resolved_at", "yes", "no")
    )
    kept_on_time = agreed = 0
    for due, resolved_at, yes, no in kept_rows:
        if resolved_at is not None and clock.local_date(resolved_at) <= due:
            kept_on_time += 1
        if yes > no:
            agreed += 1
    return {**counts, "kept_on_time": kept_on_time, "agreed": agreed}
