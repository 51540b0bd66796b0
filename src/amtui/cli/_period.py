"""Reporting periods typed on the command line: ``--from/--to``, ``--week``, ``--month``."""

from __future__ import annotations

from datetime import date, timedelta

from amtui.core import clock
from amtui.core.errors import InputError


def resolve_period(
    start: str | None,
    end: str | None,
    week: bool,
    month: bool,
    *,
    today: date | None = None,
    default_days: int = 30,
) -> tuple[date, date]:
    """(first day, last day). ``--week``: the 7 days to today; ``--month``: this month to today.

    Without any option: the ``default_days`` days to today.
    """
    from amtui.core.dates import parse_date

    today = today or clock.today()
    chosen = sum([week, month, start is not None or end is not None])
    if chosen > 1:
        raise InputError("choose one period: --week, --month, or --from/--to")
    if week:
        return today - timedelta(days=6), today
    if month:
        return today.replace(day=1), today
    if start is not None or end is not None:
        first = parse_date(start, today=today) if start else None
        last = parse_date(end, today=today) if end else today
        if first is None:
            first = last - timedelta(days=default_days - 1)
        if last < first:
            raise InputError(f"--to {last.isoformat()} is before --from {first.isoformat()}")
        if (last - first).days > 3660:
            raise InputError("the period is longer than ten years; choose a shorter one")
        return first, last
    return today - timedelta(days=default_days - 1), today
