"""Milestones as an iCalendar file (through the icalendar library): one all-day event each.

UIDs are built from the milestone's id and creation time, so exporting again updates the same events in
the AM's calendar instead of adding copies; SEQUENCE grows with every change to the milestone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from amtui import __version__
from amtui.core import clock
from amtui.services.timeline.read import MilestoneInfo
from amtui.store.files import write_private as private_file


def uid(row: MilestoneInfo) -> str:
    return f"amtui-milestone-{row.id}-{row.created_at:%Y%m%dT%H%M%S}@amtui"


def _sequence(row: MilestoneInfo) -> int:
    # Monotonic with every update: seconds between creation and the last change.
    return max(0, int((row.updated_at - row.created_at).total_seconds()))


def calendar_for(rows: Sequence[MilestoneInfo], *, now: datetime | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//amtui//amtui {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "amtui milestones")
    stamp = now or clock.utc_now()
    for r in rows:
        ev = Event()
        ev.add("uid", uid(r))
        ev.add("dtstamp", stamp)
        ev.add("summary", f"{r.label} {r.name} ({r.project})")
        ev.add("dtstart", r.start_on or r.due_on)
        ev.add("dtend", r.due_on + timedelta(days=1))  # all-day events end the day after (exclusive)
        ev.add("sequence", _sequence(r))
        ev.add("last-modified", r.updated_at)
        ev.add("categories", [r.team])
        ev.add("status", "CONFIRMED" if r.status == "done" else "TENTATIVE")
        ev.add("transp", "TRANSPARENT")
        lines = [
            f"{r.project_name} · team {r.team} · {r.status}",
            f"owner: {r.owner}" if r.owner else "",
            "after " + ", ".join(d.label + (f" +{d.lag_days}d" if d.lag_days else "") for d in r.after)
            if r.after
            else "",
            f"client approval ({r.approval_days} days agreed)" if r.client_approval else "",
            f"done {r.done_on}" if r.done_on else "",
        ]
        ev.add("description", "\n".join(x for x in lines if x))
        cal.add_component(ev)
    return cal


def is_amtui_calendar(path: Path) -> bool:
    """``path`` is a regular file amtui wrote (re-exporting onto it updates the same events)."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with open(path, "rb") as f:
            head = f.read(400)
    except OSError:
        return False
    return head.startswith(b"BEGIN:VCALENDAR") and b"amtui" in head


def write_ics(
    rows: Sequence[MilestoneInfo], path: Path, *, now: datetime | None = None, force: bool = False
) -> int:
    """Write the calendar to ``path`` (0600: a client's schedule is private; through
    :func:`amtui.store.files.write_private`, never through a link). Returns the event count."""
    private_file(path, calendar_for(rows, now=now).to_ical(), force=force)
    return len(rows)
