"""The book's holidays: days off imported from an iCalendar file (a country's or the agency's calendar).

They join the config's ``[calendar] holidays`` in the working calendar
(:func:`amtui.services.timeline.workdays.calendar_for`). An event that spans several days makes each of them a
holiday; importing the same file again adds nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from amtui.core.errors import InputError
from amtui.store.models import Holiday
from amtui.store.sql import Db, day, rows
from amtui.store.uow import UnitOfWork

MAX_BYTES = 5_000_000
MAX_SPAN_DAYS = 31


@dataclass(frozen=True)
class HolidayInfo:
    on_date: date
    name: str


@dataclass(frozen=True)
class HolidayImport:
    added: int
    already: int  # days the book had already
    first: date | None
    last: date | None


def _day(value: object) -> date:
    return value.date() if isinstance(value, datetime) else value  # type: ignore[return-value]


def parse_ics(data: bytes, source: str = "the file") -> list[HolidayInfo]:
    """The days of every event in an iCalendar file; refused (one line) when it is not one."""
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise InputError(f"{source} is not an iCalendar file ({str(exc).splitlines()[0][:80]})") from None
    if getattr(cal, "name", "") != "VCALENDAR":
        raise InputError(f"{source} is not an iCalendar file (no VCALENDAR)")
    out: list[HolidayInfo] = []
    for ev in cal.walk("VEVENT"):
        if ev.get("dtstart") is None:
            continue
        start = _day(ev.decoded("dtstart"))
        end = _day(ev.decoded("dtend")) if ev.get("dtend") is not None else start + timedelta(days=1)
        if not isinstance(start, date) or not isinstance(end, date):
            continue
        name = str(ev.get("summary", "") or "")[:200]
        days = max(1, min((end - start).days, MAX_SPAN_DAYS))  # all-day events end the day after
        out += [HolidayInfo(start + timedelta(days=i), name) for i in range(days)]
    if not out:
        raise InputError(f"{source} has no events: no holiday to import")
    return out


def import_holidays(uow: UnitOfWork, path: Path) -> HolidayImport:
    """Add the days of an .ics file to the book's holidays (days it has already are kept as they are)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(f"{path} is larger than {MAX_BYTES // 1_000_000} MB: not a holiday calendar")
    found = parse_ics(path.read_bytes(), str(path))
    have = {h.on_date for h in uow.session.exec(select(Holiday))}
    added: dict[date, str] = {}
    for h in found:
        if h.on_date not in have and h.on_date not in added:
            added[h.on_date] = h.name
    for on, name in sorted(added.items()):
        uow.session.add(Holiday(on_date=on, name=name))
    uow.session.flush()
    days = sorted({h.on_date for h in found})
    return HolidayImport(len(added), len(set(days)) - len(added), days[0], days[-1])


def list_holidays(db: Db) -> list[HolidayInfo]:
    """The book's holidays by date (the config's are listed by the command beside them)."""
    return [
        HolidayInfo(d, name)
        for on, name in rows(db, "SELECT on_date, name FROM holiday ORDER BY on_date")
        if (d := day(on)) is not None
    ]
