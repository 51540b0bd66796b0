"""Late and at-risk milestones, as small results the Today screen and the CLI can show as one line each.

Four signals, all relative to ``today``: overdue; due within a few days and not started; waiting on a
dependency that is late; a client approval out longer than the client agreed (in working days). SQL text on
the store's runner (a session or a plain connection); importing this module loads no ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from amtui.core import clock
from amtui.services.base.refs import find_project
from amtui.services.timeline.read import default_approval_days, label
from amtui.services.timeline.workdays import calendar_for
from amtui.store.sql import Db, day, rows


@dataclass(frozen=True)
class TimelineAlert:
    """Something late or at risk, small enough for the Today screen to show as one line."""

    kind: str  # overdue | not-started | late-dependency | approval-waiting
    severity: str  # late | at-risk
    milestone_id: int
    label: str
    name: str
    project: str
    account: str
    due_on: date
    days: int  # days overdue / until due / the dependency is late / waiting for the client
    message: str


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


#: The open milestones of live projects: id, name, due date, account and project slugs (then what a query
#: adds).
_OPEN = (
    "SELECT m.id, m.name, m.due_on, a.slug, p.slug{more} FROM milestone m "
    "JOIN project p ON p.id = m.project_id JOIN account a ON a.id = p.account_id{join} "
    "WHERE m.status != 'done' AND p.status != 'archived'{where} ORDER BY m.id{order}"
)


def timeline_alerts(
    db: Db,
    *,
    today: date | None = None,
    within_days: int = 3,
    project_ref: str | None = None,
) -> list[TimelineAlert]:
    """Late and at-risk milestones: overdue; due within ``within_days`` and not started; waiting on a late
    dependency; a client approval out longer than agreed. Late first, then the worst first."""
    today = today or clock.today()
    mine = ""
    params: list[Any] = []
    if project_ref:
        mine, params = " AND m.project_id = ?", [find_project(db, project_ref)[0].id]

    def open_(where: str, args: list[Any], more: str = "", join: str = "", order: str = "") -> list[Any]:
        sql = _OPEN.format(more=more, join=join, where=mine + where, order=order)
        return rows(db, sql, [*params, *args])

    alerts: list[TimelineAlert] = []

    def add(kind: str, severity: str, row: Any, days: int, message: str) -> None:
        mid, name, due, acc, proj = row[:5]
        due_on = day(due)
        assert due_on is not None
        alerts.append(
            TimelineAlert(
                kind, severity, int(mid), label(int(mid)), name, f"{acc}/{proj}", acc, due_on, days, message
            )
        )

    for r in open_(" AND m.due_on < ?", [today.isoformat()]):
        late = (today - day(r[2])).days  # type: ignore[operator]
        add("overdue", "late", r, late, f"{label(int(r[0]))} {r[1]} is {_days(late)} overdue")
    soon = " AND m.status = 'planned' AND m.due_on >= ? AND m.due_on <= ?"
    for r in open_(soon, [today.isoformat(), (today + timedelta(days=within_days)).isoformat()]):
        left = (day(r[2]) - today).days  # type: ignore[operator]
        when = "today" if left == 0 else f"in {_days(left)}"
        add("not-started", "at-risk", r, left, f"{label(int(r[0]))} {r[1]} is due {when}, not started")
    waiting = open_(
        " AND pred.status != 'done' AND pred.due_on < ?",
        [today.isoformat()],
        more=", pred.id, pred.due_on",
        join=" JOIN milestone_dependency d ON d.successor_id = m.id "
        "JOIN milestone pred ON pred.id = d.predecessor_id",
        order=", pred.id",
    )
    for r in waiting:
        late = (today - day(r[6])).days  # type: ignore[operator]
        text = f"{label(int(r[0]))} {r[1]} waits on {label(int(r[5]))}, {_days(late)} late"
        add("late-dependency", "at-risk", r, late, text)
    approvals = open_(
        " AND m.client_approval AND m.status IN (?, ?)",
        ["in-progress", "blocked"],  # with the client: started or blocked on them
        more=", coalesce(m.started_on, m.blocked_on), m.approval_days",
    )
    cal = calendar_for(db)
    for r in approvals:
        since = day(r[5])
        if since is None:
            continue
        waited = cal.working_days_between(since, today)
        agreed = r[6] or default_approval_days()
        if waited > agreed:
            text = f"{label(int(r[0]))} {r[1]}: with the client {waited} working days (agreed {agreed})"
            add("approval-waiting", "late", r, waited, text)
    alerts.sort(key=lambda a: (a.severity != "late", -a.days, a.label))
    return alerts
