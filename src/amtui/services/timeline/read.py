"""Reading timelines: milestones as plain results, by account, project, team, status or lateness.

Read as plain SQL (:mod:`amtui.store.sql`) on a session or a sqlite3 connection, so listing a whole
book's
milestones stays fast and ``report status`` never loads SQLAlchemy; the dependencies of every listed milestone
come in one more query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from amtui.core import clock
from amtui.core.config import settings
from amtui.core.errors import NotFoundError
from amtui.services.base.common import check_choice
from amtui.services.base.refs import MILESTONE, account_id, scope
from amtui.services.timeline.schedule import Edge, Span, critical_path
from amtui.services.timeline.workdays import calendar_for
from amtui.store.models.choices import MILESTONE_STATUSES, MILESTONE_TEAMS
from amtui.store.sql import Db, day, marks, rows

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.store.models import Milestone

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
    fixed: bool = False  # a date that must not move
    critical: bool = False  # on the chain that sets the project's end (only when asked: list_milestones)


# ---------------------------------------------------------------------------------------------- lookups


def label(milestone_id: int) -> str:
    return f"M{milestone_id}"


def default_approval_days() -> int:
    """Working days a client takes to approve unless told otherwise (``[timeline] approval_days``)."""
    return settings().approval_days


def get_milestone(session: Session, ref: str | int) -> Milestone:
    from amtui.store.models import Milestone

    mid = MILESTONE.parse(ref)
    ms = session.get(Milestone, mid)
    if ms is None:
        raise NotFoundError(f"no milestone {label(mid)}")
    return ms


def today_or_now(today: date | None) -> date:
    return today or clock.today()


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
    "fixed",
    "created_at",
    "updated_at",
)


def _when(value: Any) -> datetime:
    """A stored timestamp (text on SQLite) as SQLModel's ``UTCDateTime`` reads it: aware, in UTC."""
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return dt.replace(tzinfo=UTC) if dt.utcoffset() is None else dt.astimezone(UTC)


_DATES = frozenset({"start_on", "due_on", "started_on", "blocked_on", "done_on"})
_FROM = "FROM milestone m JOIN project p ON p.id = m.project_id JOIN account a ON a.id = p.account_id"
_SELECT = ", ".join(f"m.{f}" for f in _FIELDS) + f", p.slug, p.name, a.slug {_FROM}"


_ORDER = "ORDER BY a.slug, p.slug, m.due_on, m.id"


def _infos(
    session: Db, where: Sequence[str], params: Sequence[Any], today: date, limit: int | None = None
) -> list[MilestoneInfo]:
    cond = " AND ".join(where) or "1 = 1"
    page = "" if limit is None else f" LIMIT {int(limit)}"
    deps: dict[int, list[Dependency]] = {}
    for succ, pred, lag in rows(
        session,
        "SELECT d.successor_id, d.predecessor_id, d.lag_days FROM milestone_dependency d "
        f"WHERE d.successor_id IN (SELECT m.id {_FROM} WHERE {cond} {_ORDER}{page}) "
        "ORDER BY d.successor_id, d.predecessor_id",
        params,
    ):
        deps.setdefault(succ, []).append(Dependency(pred, label(pred), lag))
    out: list[MilestoneInfo] = []
    n = len(_FIELDS)
    for row in rows(session, f"SELECT {_SELECT} WHERE {cond} {_ORDER}{page}", params):
        f = dict(zip(_FIELDS, row[:n], strict=True))
        for k in _DATES:
            f[k] = day(f[k])
        f["client_approval"], f["fixed"] = bool(f["client_approval"]), bool(f["fixed"])
        f["created_at"], f["updated_at"] = _when(f["created_at"]), _when(f["updated_at"])
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


def milestone_info(session: Db, ref: str | int, *, today: date | None = None) -> MilestoneInfo:
    mid = MILESTONE.parse(ref)
    found = _infos(session, ["m.id = ?"], [mid], today_or_now(today))
    if not found:
        raise NotFoundError(f"no milestone {label(mid)}")
    return found[0]


def list_milestones(
    session: Db,
    ref: str | None = None,
    *,
    account: str | None = None,
    team: str | None = None,
    status: str | None = None,
    overdue: bool = False,
    today: date | None = None,
    limit: int | None = None,
    critical: bool = False,
) -> list[MilestoneInfo]:
    """Milestones by account, project and due date. ``ref`` is a project, or an account slug; ``limit``
    keeps the first so many in that order (the Timeline screen shows what fits, not 20,000 rows). With
    ``critical``, each says whether it is on its project's critical path (:func:`critical_ids`)."""
    today = today_or_now(today)
    where, params = _filters(session, ref, account, team, status, overdue, today)
    found = _infos(session, where, params, today, limit)
    if critical and found:
        on_path = critical_ids(session, [m.id for m in found])
        found = [replace(m, critical=m.id in on_path) for m in found]
    return found


def critical_ids(session: Db, milestone_ids: Sequence[int]) -> set[int]:
    """The milestones on the critical path of the projects of ``milestone_ids``: in each, the chain of
    binding dependencies that ends at its latest due date (``schedule.critical_path``, in working days)."""
    project_ids: list[int] = []
    for i in range(0, len(milestone_ids), 500):
        part = list(milestone_ids[i : i + 500])
        project_ids += [
            int(r[0])
            for r in rows(
                session, f"SELECT DISTINCT project_id FROM milestone WHERE id IN ({marks(part)})", part
            )
        ]
    project_ids = sorted(set(project_ids))
    spans: dict[int, dict[int, Span]] = {}
    home: dict[int, int] = {}
    for i in range(0, len(project_ids), 500):
        part = list(project_ids[i : i + 500])
        for mid, pid, start, due in rows(
            session,
            f"SELECT id, project_id, start_on, due_on FROM milestone WHERE project_id IN ({marks(part)})",
            part,
        ):
            spans.setdefault(pid, {})[mid] = Span(day(start), day(due) or date.min)
            home[mid] = pid
    edges: dict[int, list[Edge]] = {}
    for pred, succ, lag in rows(
        session, "SELECT predecessor_id, successor_id, lag_days FROM milestone_dependency"
    ):
        if pred in home and home.get(succ) == home[pred]:
            edges.setdefault(home[pred], []).append(Edge(pred, succ, lag))
    cal = calendar_for(session)
    out: set[int] = set()
    for pid, project_spans in spans.items():
        out |= critical_path(project_spans, edges.get(pid, []), cal)
    return out


def count_milestones(
    session: Db,
    ref: str | None = None,
    *,
    account: str | None = None,
    team: str | None = None,
    status: str | None = None,
    overdue: bool = False,
    today: date | None = None,
) -> int:
    """How many milestones :func:`list_milestones` would list with the same filters (one ``count(*)``)."""
    today = today_or_now(today)
    where, params = _filters(session, ref, account, team, status, overdue, today)
    cond = " AND ".join(where) or "1 = 1"
    return int(rows(session, f"SELECT count(*) {_FROM} WHERE {cond}", params)[0][0])


def _filters(
    session: Db,
    ref: str | None,
    account: str | None,
    team: str | None,
    status: str | None,
    overdue: bool,
    today: date,
) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if ref is not None:
        chosen = scope(session, ref)
        if chosen.account_id is not None:
            where.append("p.account_id = ?")
            params.append(chosen.account_id)
        else:
            where.append("m.project_id = ?")
            params.append(chosen.ids[0])
    if account:
        where.append("p.account_id = ?")
        params.append(account_id(session, account))
    if team:
        where.append("m.team = ?")
        params.append(check_choice(team, MILESTONE_TEAMS, "team"))
    if status:
        where.append("m.status = ?")
        params.append(check_choice(status, MILESTONE_STATUSES, "status"))
    if overdue:
        where += ["m.status != 'done'", "m.due_on < ?"]
        params.append(today.isoformat())
    return where, params


# ---------------------------------------------------------------------------------------------- the screen


@dataclass(frozen=True)
class TimelineView:
    """What the Timeline screen shows for one choice of filters: the first ``limit`` milestones, how many
    there are in all, and the choices its account and project filters offer."""

    milestones: tuple[MilestoneInfo, ...]
    total: int
    accounts: tuple[str, ...]  # account slugs, by name
    projects: tuple[str, ...]  # account/project refs under the account filter (all accounts without one)
    project: str | None  # the project filter, dropped when it is not among ``projects``


def timeline_view(
    session: Db,
    *,
    account: str | None = None,
    project: str | None = None,
    team: str | None = None,
    today: date | None = None,
    limit: int,
) -> TimelineView:
    """The Timeline screen's read: milestones under the filters (first ``limit`` + a count past that) and
    the filters' choices, in plain SQL (archived accounts and projects are not offered)."""
    accounts = tuple(
        r[0] for r in rows(session, "SELECT slug FROM account WHERE status != 'archived' ORDER BY name")
    )
    where, params = ["p.status != 'archived'"], []
    if account:
        where.append("p.account_id = ?")
        params.append(account_id(session, account))
    projects = tuple(
        r[0]
        for r in rows(
            session,
            "SELECT a.slug || '/' || p.slug FROM project p JOIN account a ON a.id = p.account_id"
            f" WHERE {' AND '.join(where)} ORDER BY a.slug, p.slug",
            params,
        )
    )
    if project not in projects:
        project = None
    milestones = list_milestones(
        session, project, account=account, team=team, today=today, limit=limit, critical=True
    )
    total = len(milestones)
    if total == limit:
        total = count_milestones(session, project, account=account, team=team, today=today)
    return TimelineView(tuple(milestones), total, accounts, projects, project)


# ---------------------------------------------------------------------------------------------- progress


def complete_bp_from_milestones(
    n: int, with_minutes: int, total_min: int, done_min: int, total_w: int, done_w: int
) -> int:
    """Milestone progress in basis points: by estimated minutes when all milestones have them, else weight."""
    total, part = (total_min, done_min) if with_minutes == n and total_min > 0 else (total_w, done_w)
    return (part * 10_000 + total // 2) // total if total else 0


def milestone_complete_bps(
    db: Db, project_ids: Sequence[int] | None = None, *, as_of: date | None = None
) -> dict[int, int]:
    """How far each project's milestones are done, in basis points (one GROUP BY query for all of them);
    with ``as_of``, as they stood that day (done on or before it; a milestone done without a date counts).

    Weighted by estimated minutes when every milestone of the project has them, otherwise by weight (1 when
    not set). Projects without milestones are absent. Budget health's % complete
    (:func:`amtui.services.money.budget.budget_complete_bps`) falls back on this figure.
    """
    where, params = (
        ("", []) if project_ids is None else (f" AND project_id IN ({marks(project_ids)})", [*project_ids])
    )
    done = "status = 'done'"
    done_ps: list[Any] = []
    if as_of is not None:
        done, done_ps = "status = 'done' AND (done_on IS NULL OR done_on <= ?)", [as_of.isoformat()]
    sql = (
        "SELECT project_id, count(*), count(estimated_minutes), coalesce(sum(estimated_minutes), 0), "
        f"coalesce(sum(CASE WHEN {done} THEN estimated_minutes ELSE 0 END), 0), "
        "coalesce(sum(coalesce(weight, 1)), 0), "
        f"coalesce(sum(CASE WHEN {done} THEN coalesce(weight, 1) ELSE 0 END), 0) "
        f"FROM milestone WHERE 1 = 1{where} GROUP BY project_id"
    )
    return {
        int(pid): complete_bp_from_milestones(*(int(x) for x in rest))
        for pid, *rest in rows(db, sql, [*done_ps, *done_ps, *params])
    }
