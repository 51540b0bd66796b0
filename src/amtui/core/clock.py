"""The one clock: what day (and moment) it is for amtui.

Nothing else in amtui reads the system date. ``AMTUI_TODAY=YYYY-MM-DD`` sets the day for a demo, a test or the
reproduction of a user's report; the time of day still comes from the system, so timestamps written under it
fall on that day and keep their order. A lint test (``tests/core/test_clock.py``) forbids ``date.today()`` and
``datetime.now()`` anywhere else under ``src/``.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from amtui.core.errors import InputError

ENV = "AMTUI_TODAY"


def pinned() -> date | None:
    """The day ``AMTUI_TODAY`` sets, or None when the system date is in force."""
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InputError(f"{ENV}={raw!r} is not a date: use YYYY-MM-DD") from None


def today() -> date:
    """Today's date, local to the user (or ``AMTUI_TODAY``)."""
    return pinned() or date.today()


def local_now() -> datetime:
    """The local wall-clock moment (naive), on the pinned day when ``AMTUI_TODAY`` is set: for file names."""
    now = datetime.now()
    day = pinned()
    return datetime.combine(day, now.time()) if day else now


def utc_now() -> datetime:
    """An aware UTC moment to the second, on the pinned day when ``AMTUI_TODAY`` is set: for stored stamps."""
    now = datetime.now(UTC).replace(microsecond=0)
    day = pinned()
    return datetime.combine(day, now.time(), tzinfo=UTC) if day else now
