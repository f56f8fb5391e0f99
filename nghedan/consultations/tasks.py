"""Background work of consultations: telling followers, and recomputing the opinion
groups as votes arrive. Each part registers its tasks in its own module."""

from nghedan.consultations import (  # noqa: F401 - imported to register the tasks
    tasks_drafts,
    tasks_participation,
)
