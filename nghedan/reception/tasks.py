"""Background work of reception, dialogues and commitments: reminders of booked turns and
coming dialogues, commitments falling due, and overdue commitments escalated. Each part
registers its tasks in its own module."""

from nghedan.reception import (  # noqa: F401 - imported to register the tasks
    tasks_commitments,
    tasks_days,
    tasks_dialogues,
)
