"""The one place the product reads the clock.

Everything that asks "what time is it?" or "what day is it?" calls `now()` or `today()`
here, so that tests pin one instant for the code they call (time-machine moves the clock
underneath) and so that "today" is always the day in Việt Nam — the day a legal deadline
counts — whatever time zone the machine or the request has activated.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    """The current instant, time-zone aware (UTC)."""
    return datetime.now(UTC)


def local_now() -> datetime:
    """The current instant on the clocks in Việt Nam."""
    return now().astimezone(VIETNAM)


def today() -> date:
    """Today's date in Việt Nam."""
    return local_now().date()


def local_date(moment: datetime) -> date:
    """The date in Việt Nam of an aware instant."""
    return moment.astimezone(VIETNAM).date()


def start_of(day: date) -> datetime:
    """Midnight at the start of a Vietnamese day, as an aware instant."""
    return datetime.combine(day, time.min, tzinfo=VIETNAM)
