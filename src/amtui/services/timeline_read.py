"""Reading timelines: milestones as plain results, by account, project, team, status or lateness.

Read through Core columns rather than ORM entities, so listing a whole book's milestones stays fast; the
dependencies of every listed milestone come in one more query.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from amtui.errors import InputError, NotFoundError
from amtui.models import Account, Milestone, MilestoneDependency, Project
from amtui.models.timeline import MILESTONE_STATUSES, MILESTONE_TEAMS
from amtui.services.common import check_choice, get_account, get_project
from amtui.services.timeline_graph import label

# ---------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Dependency:
    """One predecessor of a milestone: ``M3`` with a lag of 2 days."""

    id: int
    label: str
    lag_days: int


@dataclass(frozen=True)
class MilestoneInfo:
    id: int
    label: str
    project: str  # account/project
    project_name: str
    account: str
    name: str
    team: str
    owner: str | None
    start_on: date | None
    due_on: date
    status: str
    weight: int | None
    estimated_minutes: int | None
    client_approval: bool
    approval_days: int | None
    started_on: date | None
    blocked_on: date | None
    done_on: date | None
    note: str | None
    after: tuple[Dependency, ...]
    overdue_days: int  # 0 unless not done and past due
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------------------------------------- lookups

_REF = re.compile(r"^m?(\d{1,9})$")


def parse_milestone_ref(ref: str | int) -> int:
    m = _REF.match(str(ref).strip().lower())
    if not m:
        raise InputError(f"not a milestone reference: {str(ref)!r}; expected e.g. M12 or 12")
    return int(m.group(1))


def get_milestone(session: Session, ref: str | int) -> Milestone:
    mid = parse_milestone_ref(ref)
    ms = session.get(Milestone, mid)
    if ms is None:
        raise NotFoundError(f"no milestone {label(mid)}")
    return ms


def today_or_now(today: date | None) -> date:
    return today or date.today()


_FIELDS = (
    "id",
    "name",
    "team",
    "owner",
    "start_on",
    "due_on",
    "status",
    "weight",
    "estimated_minutes",
    "client_approval",
    "approval_days",
    "started_on",
    "blocked_on",
    "done_on",
    "note",
    "created_at",
    "updated_at",
)


def _tables() -> tuple[Any, Any, Any, Any]:
    return (
        Milestone.__table__,  # type: ignore[attr-defined]
        Project.__table__,  # type: ignore[attr-defined]
        Account.__table__,  # type: ignore[attr-defined]
        MilestoneDependency.__table__,  # type: ignore[attr-defined]
    )


def _infos(session: Session, filters: Sequence[Any], today: date) -> list[MilestoneInfo]:
    m, p, a, d = _tables()
    q = (
        sa_select(*[m.c[f] for f in _FIELDS], p.c.slug, p.c.name, a.c.slug)
        .join_from(m, p, m.c.project_id == p.c.id)
        .join(a, p.c.account_id == a.c.id)
        .where(*filters)
    )
    ids = q.with_only_columns(m.c.id)
    deps: dict[int, list[Dependency]] = {}
    dq = (
        sa_select(d.c.successor_id, d.c.predecessor_id, d.c.lag_days)
        .where(d.c.successor_id.in_(ids))
        .order_by(d.c.successor_id, d.c.predecessor_id)
    )
    for succ, pred, lag in session.execute(dq):
        deps.setdefault(succ, []).append(Dependency(pred, label(pred), lag))
    out: list[MilestoneInfo] = []
    q = q.order_by(a.c.slug, p.c.slug, m.c.due_on, m.c.id)
    n = len(_FIELDS)
    for row in session.execute(q):
        f = dict(zip(_FIELDS, row[:n], strict=True))
        project_slug, project_name, account_slug = row[n:]
        late = (today - f["due_on"]).days if f["status"] != "done" and f["due_on"] < today else 0
        out.append(
            MilestoneInfo(
                label=label(f["id"]),
                project=f"{account_slug}/{project_slug}",
                project_name=project_name,
                account=account_slug,
                after=tuple(deps.get(f["id"], ())),
                overdue_days=late,
                **f,
            )
        )
    return out


def milestone_info(session: Session, ref: str | int, *, today: date | None = None) -> MilestoneInfo:
    mid = parse_milestone_ref(ref)
    m = _tables()[0]
    found = _infos(session, [m.c.id == mid], today_or_now(today))
    if not found:
        raise NotFoundError(f"no milestone {label(mid)}")
    return found[0]


def list_milestones(
    session: Session,
    ref: str | None = None,
    *,
    account: str | None = None,
    team: str | None = None,
    status: str | None = None,
    overdue: bool = False,
    today: date | None = None,
) -> list[MilestoneInfo]:
    """Milestones by account, project and due date. ``ref`` is a project, or an account slug."""
    today = today_or_now(today)
    m, p, a, _ = _tables()
    filters: list[Any] = []
    if ref:
        key = ref.strip().lower()
        if "/" not in key and session.exec(select(Account.id).where(Account.slug == key)).first():
            filters.append(a.c.slug == key)
        else:
            filters.append(m.c.project_id == get_project(session, ref).id)
    if account:
        filters.append(p.c.account_id == get_account(session, account).id)
    if team:
        filters.append(m.c.team == check_choice(team, MILESTONE_TEAMS, "team"))
    if status:
        filters.append(m.c.status == check_choice(status, MILESTONE_STATUSES, "status"))
    if overdue:
        filters += [m.c.status != "done", m.c.due_on < today]
    return _infos(session, filters, today)
