"""Background refresh of the scorecards' cells: the provinces that changed, every few
minutes; all of them nightly, as deadlines pass and the backlog ages with no edit."""

from django.conf import settings

from nghedan.jobs.registry import periodic
from nghedan.scorecards.cells import cells_rebuild, cells_refresh


@periodic("scorecards.refresh", every_seconds=60 * settings.NGHEDAN_SCORECARD_REFRESH_MINUTES)
def scorecards_refresh() -> None:
    cells_refresh()


@periodic("scorecards.rebuild", every_seconds=24 * 3600)
def scorecards_rebuild() -> None:
    cells_rebuild()
