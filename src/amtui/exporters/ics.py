"""Milestones as an iCalendar file (through the icalendar library): one all-day event each; follow-ups, when
asked, as to-dos (VTODO) or as all-day events on their due date (for calendars that show no to-dos).

UIDs are built from the milestone's id and creation time (a follow-up's number and the day it was added), so
exporting again updates the same items in the AM's calendar instead of adding copies; SEQUENCE grows with
every change to the milestone or follow-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from icalendar import Calendar, Event, Todo

from amtui import __version__
from amtui.core import clock
from amtui.core.inputs import one_line
from amtui.services.timeline.read import MilestoneInfo
from amtui.store.files import write_private as private_file

if TYPE_CHECKING:
    from amtui.services.clients.followups import FollowUpInfo

#: How follow-ups go into the calendar: ``todo`` (VTODO) or ``event`` (an all-day VEVENT).
TodoAs = Literal["todo", "event"]


def uid(row: MilestoneInfo) -> str:
    return f"amtui-milestone-{row.id}-{row.created_at:%Y%m%dT%H%M%S}@amtui"


def _sequence(row: MilestoneInfo) -> int:
    # Monotonic with every update: seconds between creation and the last change.
    return max(0, int((row.updated_at - row.created_at).total_seconds()))


def follow_up_uid(f: FollowUpInfo) -> str:
    return f"amtui-followup-{f.number}-{f.created_on:%Y%m%d}@amtui"


def _follow_up(f: FollowUpInfo, stamp: datetime, todo_as: TodoAs) -> Todo | Event:
    about = ", ".join(x for x in (f.project, f.contact, f.escalation, f.change_order) if x)
    lines = [
        f"{f.account}" + (f" · {about}" if about else ""),
        f"snoozed from {f.set_for.isoformat()}" if f.snoozed_to else "",
        f"every {f.every}" if f.every else "",
        f"done {f.done_on.isoformat()}" if f.done_on else "",
    ]
    item: Todo | Event = Todo() if todo_as == "todo" else Event()
    item.add("uid", follow_up_uid(f))
    item.add("dtstamp", stamp)
    item.add("summary", one_line(f"{f.ref} {f.title} ({f.account})"))
    item.add("sequence", f.revision)
    item.add("categories", ["follow-up"])
    item.add("description", "\n".join(one_line(x) for x in lines if x))
    if isinstance(item, Todo):
        item.add("due", f.due_on)
        item.add("status", "COMPLETED" if f.done_on else "NEEDS-ACTION")
    else:
        item.add("dtstart", f.due_on)
        item.add("dtend", f.due_on + timedelta(days=1))
        item.add("status", "CONFIRMED")
        item.add("transp", "TRANSPARENT")
    return item


def calendar_for(
    rows: Sequence[MilestoneInfo],
    *,
    now: datetime | None = None,
    follow_ups: Sequence[FollowUpInfo] = (),
    todo_as: TodoAs = "todo",
) -> Calendar:
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
        ev.add("summary", one_line(f"{r.label} {r.name} ({r.project})"))
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
        ev.add("description", "\n".join(one_line(x) for x in lines if x))
        cal.add_component(ev)
    for f in follow_ups:
        cal.add_component(_follow_up(f, stamp, todo_as))
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
    rows: Sequence[MilestoneInfo],
    path: Path,
    *,
    now: datetime | None = None,
    follow_ups: Sequence[FollowUpInfo] = (),
    todo_as: TodoAs = "todo",
    force: bool = False,
) -> int:
    """Write the calendar to ``path`` (0600: a client's schedule is private; through
    :func:`amtui.store.files.write_private`, never through a link). Returns the item count."""
    data = calendar_for(rows, now=now, follow_ups=follow_ups, todo_as=todo_as).to_ical()
    private_file(path, data, force=force)
    return len(rows) + len(follow_ups)
