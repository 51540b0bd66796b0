"""Late and at-risk milestones, as small results the Today screen and the CLI can show as one line each.

Four signals, all relative to ``today``: overdue; due within a few days and not started; waiting on a
dependency that is late; a client approval out longer than the client agreed (in working days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from amtui.core import clock
from amtui.services.base.refs import get_project
from amtui.services.timeline.milestones import default_approval_days, label
from amtui.services.timeline.workdays import calendar_for
from amtui.store.models import Account, Milestone, MilestoneDependency, Project


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


def timeline_alerts(
    session: Session,
    *,
    today: date | None = None,
    within_days: int = 3,
    project_ref: str | None = None,
) -> list[TimelineAlert]:
    """Late and at-risk milestones: overdue; due within ``within_days`` and not started; waiting on a late
    dependency; a client approval out longer than agreed. Late first, then the worst first."""
    today = today or clock.today()
    base = (
        select(Milestone, Project.slug, Account.slug)
        .join(Project, col(Milestone.project_id) == Project.id)
        .join(Account, col(Project.account_id) == Account.id)
        .where(Milestone.status != "done", Project.status != "archived")
    )
    project_id = get_project(session, project_ref).id if project_ref else None
    if project_id is not None:
        base = base.where(Milestone.project_id == project_id)
    alerts: list[TimelineAlert] = []

    def add(kind: str, severity: str, m: Milestone, proj: str, acc: str, days: int, message: str) -> None:
        alerts.append(
            TimelineAlert(
                kind,
                severity,
                m.id or 0,
                label(m.id or 0),
                m.name,
                f"{acc}/{proj}",
                acc,
                m.due_on,
                days,
                message,
            )
        )

    for m, proj, acc in session.exec(base.where(col(Milestone.due_on) < today)):
        late = (today - m.due_on).days
        add("overdue", "late", m, proj, acc, late, f"{label(m.id or 0)} {m.name} is {_days(late)} overdue")
    soon = base.where(
        Milestone.status == "planned",
        col(Milestone.due_on) >= today,
        col(Milestone.due_on) <= today + timedelta(days=within_days),
    )
    for m, proj, acc in session.exec(soon):
        left = (m.due_on - today).days
        when = "today" if left == 0 else f"in {_days(left)}"
        text = f"{label(m.id or 0)} {m.name} is due {when}, not started"
        add("not-started", "at-risk", m, proj, acc, left, text)
    pred = Milestone.__table__.alias("pred")  # type: ignore[attr-defined]
    waiting = (
        sa_select(Milestone, col(Project.slug), col(Account.slug), pred.c.id, pred.c.due_on)
        .join(Project, col(Milestone.project_id) == Project.id)
        .join(Account, col(Project.account_id) == Account.id)
        .join(MilestoneDependency, col(MilestoneDependency.successor_id) == Milestone.id)
        .join(pred, pred.c.id == MilestoneDependency.predecessor_id)
        .where(col(Milestone.status) != "done", col(Project.status) != "archived")
        .where(pred.c.status != "done", pred.c.due_on < today)
    )
    if project_id is not None:
        waiting = waiting.where(col(Milestone.project_id) == project_id)
    for m, proj, acc, pred_id, pred_due in session.execute(waiting):
        late = (today - pred_due).days
        add(
            "late-dependency",
            "at-risk",
            m,
            proj,
            acc,
            late,
            f"{label(m.id or 0)} {m.name} waits on {label(pred_id)}, {_days(late)} late",
        )
    approvals = base.where(
        col(Milestone.client_approval).is_(True), col(Milestone.status).in_(("in-progress", "blocked"))
    )
    cal = calendar_for(session)
    for m, proj, acc in session.exec(approvals):
        since = m.started_on or m.blocked_on
        if since is None:
            continue
        waited = cal.working_days_between(since, today)
        agreed = m.approval_days or default_approval_days()
        if waited > agreed:
            add(
                "approval-waiting",
                "late",
                m,
                proj,
                acc,
                waited,
                f"{label(m.id or 0)} {m.name}: with the client {waited} working days (agreed {agreed})",
            )
    alerts.sort(key=lambda a: (a.severity != "late", -a.days, a.label))
    return alerts
