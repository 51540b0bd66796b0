"""Dates at the edges: ISO dates and a small, documented set of words.

Accepted: ``2026-11-28`` (ISO), ``today``, ``yesterday``, ``tomorrow``, weekday names or their three-letter
abbreviations (the next such day, never today), ``+3d`` / ``-2w`` / ``+1m`` offsets (days, weeks, months),
``eom`` (end of this month), ``som`` (start of this month). Slash or dot forms such as ``03/04/2026`` are
ambiguous between countries and are refused.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from amtui.core import clock
from amtui.core.errors import InputError
from amtui.core.inputs import check_date

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_OFFSET = re.compile(r"^([+-])(\d{1,4})([dwm])$", re.ASCII)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
HELP = "use YYYY-MM-DD, today, yesterday, tomorrow, a weekday (fri), +3d, -2w, +1m or eom"


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, d: date) -> int:
    """The largest ``n`` with ``add_months(start, n) <= d`` (0 when ``d`` is before ``start + 1 month``), in
    arithmetic, not a loop: whole months from ``start`` to ``d``."""
    n = (d.year - start.year) * 12 + d.month - start.month
    return max(0, n - 1 if add_months(start, n) > d else n)


def end_of_month(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def parse_date(text: str, *, today: date | None = None) -> date:
    """Resolve a date typed by a person; raise :class:`InputError` with the accepted forms otherwise. The
    result is within the years 1900–2100 (:func:`amtui.core.inputs.check_date`)."""
    try:
        return check_date(_resolve(text, today or clock.today()))
    except (OverflowError, ValueError):
        raise InputError(f"date {text.strip()!r} is out of range: use a year from 1900 to 2100") from None


def _resolve(text: str, today: date) -> date:
    s = text.strip().lower()
    if not s:
        raise InputError(f"date is empty: {HELP}")
    if _ISO.match(s):
        try:
            return date.fromisoformat(s)
        except ValueError as exc:
            raise InputError(f"not a real date: {text.strip()!r}") from exc
    if s == "today":
        return today
    if s == "yesterday":
        return today - timedelta(days=1)
    if s == "tomorrow":
        return today + timedelta(days=1)
    if s == "eom":
        return end_of_month(today)
    if s == "som":
        return today.replace(day=1)
    for i, name in enumerate(WEEKDAYS):
        if s == name or s == name[:3]:
            ahead = (i - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    m = _OFFSET.match(s)
    if m:
        n = int(m.group(2)) * (1 if m.group(1) == "+" else -1)
        if m.group(3) == "d":
            return today + timedelta(days=n)
        if m.group(3) == "w":
            return today + timedelta(weeks=n)
        return add_months(today, n)
    if re.match(r"^\d{1,4}[/.]\d{1,2}[/.]\d{1,4}$", s):
        raise InputError(f"ambiguous date {text.strip()!r}: {HELP}")
    raise InputError(f"not a date: {text.strip()!r}; {HELP}")


def parse_month(text: str) -> tuple[date, date]:
    """``YYYY-MM`` → (first day, last day)."""
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise InputError(f"not a month: {text.strip()!r}; expected YYYY-MM such as 2026-11")
    first = date(int(m.group(1)), int(m.group(2)), 1)
    return first, end_of_month(first)


def parse_hours(text: str) -> int:
    """Hours typed by a person → whole minutes. ``2.5``, ``2``, ``1h30m``, ``1h``, ``45m``, ``1:30``."""
    s = text.strip().lower()
    m = re.fullmatch(r"(?:(\d{1,4})h)?\s*(?:(\d{1,4})m)?", s)
    if s and m and (m.group(1) or m.group(2)):
        minutes = int(m.group(1) or 0) * 60 + int(m.group(2) or 0)
    elif re.fullmatch(r"\d{1,4}:\d{2}", s):
        h, mm = s.split(":")
        if int(mm) >= 60:
            raise InputError(f"not hours: {text.strip()!r}; minutes must be under 60")
        minutes = int(h) * 60 + int(mm)
    elif re.fullmatch(r"\d{1,4}(?:\.\d{1,2})?", s):
        whole, _, frac = s.partition(".")
        hundredths = int(whole) * 100 + int((frac + "00")[:2])
        q, r = divmod(hundredths * 60, 100)
        minutes = q + (1 if r * 2 >= 100 else 0)
    else:
        raise InputError(f"not hours: {text.strip()!r}; expected e.g. 2.5, 1h30m, 45m or 1:30")
    if minutes <= 0:
        raise InputError(f"hours must be more than zero: {text.strip()!r}")
    return minutes


def format_hours(minutes: int) -> str:
    """Minutes → ``2.5h`` style text (two decimals at most)."""
    h, m = divmod(minutes, 60)
    if m == 0:
        return f"{h}h"
    frac = str((Decimal(m) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).split(".")[1].rstrip("0")
    return f"{h}.{frac}h"
