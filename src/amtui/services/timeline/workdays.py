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
from itertools import accumulate, compress

from amtui.core.config import MON_FRI, settings
from amtui.core.errors import InputError
from amtui.store.sql import Db, day, rows

_ONE = timedelta(days=1)


#: The first and last ordinals a ``date`` can have.
_MIN, _MAX = date.min.toordinal(), date.max.toordinal()


class _Index:
    """The working days of a stretch of ordinals, counted once, so that counting in working days is a lookup
    (a reschedule of 20,000 milestones counts 40,000 times): ``days`` the working days' ordinals in order,
    ``upto[k]`` how many of them are ``<= lo + k``. Grown by doubling when a count leaves it; replaced whole
    (one assignment of a tuple), so a reader never sees half of one."""

    __slots__ = ("span",)

    def __init__(self) -> None:
        self.span: tuple[int, int, list[int], list[int]] = (1, 0, [], [0])  # lo, hi, days, upto (empty)


@dataclass(frozen=True)
class Calendar:
    """A working week (weekday numbers, Monday = 0) and the holidays off it.

    Counting (:meth:`add_working_days`, :meth:`working_days_between`, …) looks the days up in an index of
    the working days built on first use (:class:`_Index`); :meth:`is_working` is the one definition it is
    built from.
    """

    weekdays: frozenset[int] = MON_FRI
    holidays: frozenset[date] = field(default_factory=frozenset)
    _index: _Index = field(default_factory=_Index, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.weekdays:
            raise InputError("the working week has no working day")

    def is_working(self, d: date) -> bool:
        return d.weekday() in self.weekdays and d not in self.holidays

    # ------------------------------------------------------------------------------------------ the index

    def _grow(self, lo: int, hi: int) -> tuple[int, int, list[int], list[int]]:
        """The index, grown (at least doubled) to cover ordinals ``lo..hi``."""
        old_lo, old_hi, _, _ = self._index.span
        if old_hi >= old_lo:
            size = old_hi - old_lo + 1
            lo = min(lo, old_lo - size) if lo < old_lo else old_lo
            hi = max(hi, old_hi + size) if hi > old_hi else old_hi
        else:
            lo, hi = lo - 400, hi + 400
        lo, hi = max(lo, _MIN), min(hi, _MAX)
        # One flag a day (1: a working day), a week's pattern repeated, then the holidays taken out; ordinal
        # 1 (0001-01-01) is a Monday.
        n = hi - lo + 1
        week = [1 if (lo - 1 + k) % 7 in self.weekdays else 0 for k in range(7)]
        flags = (week * (n // 7 + 1))[:n]
        for h in self.holidays:
            if lo <= (o := h.toordinal()) <= hi:
                flags[o - lo] = 0
        days = list(compress(range(lo, hi + 1), flags))
        upto = list(accumulate(flags))
        span = (lo, hi, days, upto)
        self._index.span = span
        return span

    def _upto(self, o: int) -> tuple[int, list[int], int]:
        """(how many working days are ``<= o``, the index's working days, the offset into them): a count
        relative to the index, so ``days[count - 1]`` is the last working day ``<= o``."""
        lo, hi, days, upto = self._index.span
        if not lo <= o <= hi:
            if not _MIN <= o <= _MAX:
                raise OverflowError("date value out of range")
            lo, hi, days, upto = self._grow(o, o)
        return upto[o - lo], days, lo

    def _nth(self, o: int, n: int) -> date:
        """The working day ``n`` places on from the count of working days ``<= o`` (0: the first after
        ``o``; -1: the last on or before it)."""
        lo, hi, days, upto = self._index.span
        if lo <= o <= hi and 0 <= (k := upto[o - lo] + n) < len(days):  # the common case, inline
            return date.fromordinal(days[k])
        while True:
            count, days, lo = self._upto(o)
            k = count + n
            if 0 <= k < len(days):
                return date.fromordinal(days[k])
            _, hi, _, _ = self._index.span
            if (k < 0 and lo == _MIN) or (k >= 0 and hi == _MAX):
                raise OverflowError("date value out of range")
            self._grow(lo - 1 if k < 0 else lo, hi + 1 if k >= 0 else hi)

    # ------------------------------------------------------------------------------------------ counting

    def next_working_day(self, d: date, *, inclusive: bool = False) -> date:
        """The first working day after ``d`` (on or after it with ``inclusive``)."""
        o = d.toordinal()
        return self._nth(o - 1 if inclusive else o, 0)

    def previous_working_day(self, d: date, *, inclusive: bool = False) -> date:
        o = d.toordinal()
        return self._nth(o if inclusive else o - 1, -1)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` (n < 0: before it); ``d`` itself for n = 0."""
        if n == 0:
            return d
        o = d.toordinal()
        return self._nth(o, n - 1) if n > 0 else self._nth(o - 1, n)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; when b < a, minus those in [b, a): the steps of :meth:`add_working_days`
        either way, so ``add_working_days(a, working_days_between(a, b)) == b`` for a working ``b``."""
        oa, ob = a.toordinal(), b.toordinal()
        if ob < oa:
            oa, ob = oa - 1, ob - 1  # [b, a) = (b - 1, a - 1]
        first, last = min(oa, ob), max(oa, ob)
        if first < _MIN or last > _MAX:
            raise OverflowError("date value out of range")
        lo, hi, _, upto = self._index.span
        if not (lo <= first and last <= hi):
            lo, hi, _, upto = self._grow(first, last)
        return upto[ob - lo] - upto[oa - lo]

    def duration(self, start: date | None, due: date) -> int:
        """A milestone's length in working days: those in [start, due], at least 1 (a point in time is 1)."""
        if start is None or start >= due:
            return 1
        return max(1, self.working_days_between(start - _ONE, due))

    def span_from(self, begins: date, days: int) -> date:
        """The due date of a milestone of ``days`` working days beginning ``begins``: the ``days``-th
        working day from the first on or after ``begins``."""
        return self._nth(begins.toordinal() - 1, max(1, days) - 1)

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
    key = (frozenset(cfg.working_days), frozenset(holidays))
    cal = _CALENDARS.get(key)
    if cal is None:
        if len(_CALENDARS) >= 8:
            _CALENDARS.clear()
        cal = _CALENDARS[key] = Calendar(*key)
    return cal


#: The calendars in force lately, kept with their index of working days (a calendar is immutable: the same
#: week and holidays are the same calendar), so successive writes do not count the days again.
_CALENDARS: dict[tuple[frozenset[int], frozenset[date]], Calendar] = {}
