"""The working calendar: which days work happens on, and counting in working days.

Every date the scheduler sets comes through here (durations, lags, approval windows, a change order's days,
``milestone move --by``), so a scheduled date never lands on a weekend or a holiday. The working week and the
holidays come from the config (``[calendar] working_days``, ``holidays``) and from the book (``amtui holidays
import FILE.ics``); :func:`calendar_for` joins them.

Counting conventions (one place, so every path agrees):

- :func:`add_working_days` ``(d, n)`` is the n-th working day after ``d`` (before it when n < 0); n = 0 is
  ``d`` itself, working or not.
- :func:`working_days_between` ``(a, b)`` is how many working days lie in (a, b]: elapsed working days
  (negative when b < a); ``add_working_days(a, working_days_between(a, b)) == b`` for a working ``b``.
- :func:`duration` ``(start, due)`` is the working days in [start, due], at least 1: a milestone's length.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from amtui.core.config import MON_FRI, settings
from amtui.core.errors import InputError
from amtui.store.sql import Db, day, rows

_ONE = timedelta(days=1)


@dataclass(frozen=True)
class Calendar:
    """A working week (weekday numbers, Monday = 0) and the holidays off it."""

    weekdays: frozenset[int] = MON_FRI
    holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.weekdays:
            raise InputError("the working week has no working day")

    def is_working(self, d: date) -> bool:
        return d.weekday() in self.weekdays and d not in self.holidays

    def next_working_day(self, d: date, *, inclusive: bool = False) -> date:
        """The first working day after ``d`` (on or after it with ``inclusive``)."""
        d = d if inclusive else d + _ONE
        while not self.is_working(d):
            d += _ONE
        return d

    def previous_working_day(self, d: date, *, inclusive: bool = False) -> date:
        d = d if inclusive else d - _ONE
        while not self.is_working(d):
            d -= _ONE
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` (n < 0: before it); ``d`` itself for n = 0."""
        step = _ONE if n > 0 else -_ONE
        left = abs(n)
        # Whole weeks first when there are no holidays in the way: a week holds len(weekdays) working days.
        per_week = len(self.weekdays)
        if left > 2 * per_week and not self.holidays:
            weeks = left // per_week - 1
            d += step * 7 * weeks
            left -= weeks * per_week
        while left:
            d += step
            if self.is_working(d):
                left -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; when b < a, minus those in [b, a): the steps of :meth:`add_working_days`
        either way, so ``add_working_days(a, working_days_between(a, b)) == b`` for a working ``b``."""
        if b < a:
            return -sum(1 for k in range((a - b).days) if self.is_working(b + timedelta(days=k)))
        n, d = 0, a
        while d < b:
            d += _ONE
            if self.is_working(d):
                n += 1
        return n

    def duration(self, start: date | None, due: date) -> int:
        """A milestone's length in working days: those in [start, due], at least 1 (a point in time is 1)."""
        if start is None or start >= due:
            return 1
        return max(1, self.working_days_between(start - _ONE, due))

    def span_from(self, begins: date, days: int) -> date:
        """The due date of a milestone of ``days`` working days beginning ``begins``."""
        return self.add_working_days(self.next_working_day(begins, inclusive=True), max(1, days) - 1)

    def note(self, d: date, what: str = "") -> str | None:
        """Why ``d`` is not a working day, as a note for a date the user gave, or None when it is one."""
        if self.is_working(d):
            return None
        why = "a holiday" if d in self.holidays else f"a {d.strftime('%A')}"
        return f"{what or d.isoformat()} is {why}, not a working day (kept as given)"


def calendar_for(db: Db | None = None) -> Calendar:
    """The calendar in force: the config's working week and holidays, plus the book's imported holidays."""
    cfg = settings()
    holidays = set(cfg.holidays)
    if db is not None:
        holidays |= {d for r in rows(db, "SELECT on_date FROM holiday") if (d := day(r[0])) is not None}
    return Calendar(cfg.working_days, frozenset(holidays))
