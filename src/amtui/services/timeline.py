"""Timelines: milestones across teams, finish-to-start dependencies that shift, lateness, % complete.

Milestones are referenced as ``M12`` (or ``12``). Every write keeps the dependency rules of
:mod:`amtui.services.schedule`: moving a milestone pushes its dependents by the minimum needed and says so,
a move that would break a dependency (or move done work) is refused, and so is a dependency loop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, literal, union
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from amtui.db import UnitOfWork
from amtui.errors import ConflictError, InputError, NotFoundError, StateError
from amtui.models import Account, Milestone, MilestoneDependency, Project
from amtui.models.base import utcnow
from amtui.models.timeline import MILESTONE_STATUSES, MILESTONE_TEAMS
from amtui.services.common import check_choice, check_text, get_account, get_project
from amtui.services.schedule import DoneWouldMove, Edge, Span, cycle_if_added, earliest_start, propagate

DEFAULT_APPROVAL_DAYS = 5
MAX_LAG_DAYS = 365

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


@dataclass(frozen=True)
class Shift:
    """A milestone that moved (or would move) and by how many days."""

    id: int
    label: str
    name: str
    old_due: date
    new_due: date
    days: int


@dataclass(frozen=True)
class MoveResult:
    milestone: Shift
    dependents: tuple[Shift, ...]  # those pushed to keep their dependencies, in schedule order
    applied: bool  # False for a dry run


# ---------------------------------------------------------------------------------------------- lookups

_REF = re.compile(r"^m?(\d{1,9})$")


def label(milestone_id: int) -> str:
    return f"M{milestone_id}"


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


def _today(today: date | None) -> date:
    return today or date.today()


def _span(ms: Milestone) -> Span:
    return Span(ms.start_on, ms.due_on, ms.status == "done")


def _deps_of(session: Session, ids: Iterable[int]) -> dict[int, list[Dependency]]:
    ids = list(ids)
    out: dict[int, list[Dependency]] = {i: [] for i in ids}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        q = (
            select(MilestoneDependency)
            .where(col(MilestoneDependency.successor_id).in_(chunk))
            .order_by(col(MilestoneDependency.predecessor_id))
        )
        for d in session.exec(q):
            out[d.successor_id].append(Dependency(d.predecessor_id, label(d.predecessor_id), d.lag_days))
    return out


def _info(ms: Milestone, proj: Project, acc: Account, deps: list[Dependency], today: date) -> MilestoneInfo:
    assert ms.id is not None
    late = (today - ms.due_on).days if ms.status != "done" and ms.due_on < today else 0
    return MilestoneInfo(
        id=ms.id,
        label=label(ms.id),
        project=f"{acc.slug}/{proj.slug}",
        project_name=proj.name,
        account=acc.slug,
        name=ms.name,
        team=ms.team,
        owner=ms.owner,
        start_on=ms.start_on,
        due_on=ms.due_on,
        status=ms.status,
        weight=ms.weight,
        estimated_minutes=ms.estimated_minutes,
        client_approval=ms.client_approval,
        approval_days=ms.approval_days,
        started_on=ms.started_on,
        blocked_on=ms.blocked_on,
        done_on=ms.done_on,
        note=ms.note,
        after=tuple(deps),
        overdue_days=late,
        created_at=ms.created_at,
        updated_at=ms.updated_at,
    )


def milestone_info(session: Session, ref: str | int, *, today: date | None = None) -> MilestoneInfo:
    ms = get_milestone(session, ref)
    proj = session.get(Project, ms.project_id)
    assert proj is not None and ms.id is not None
    acc = session.get(Account, proj.account_id)
    assert acc is not None
    return _info(ms, proj, acc, _deps_of(session, [ms.id])[ms.id], _today(today))


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
    today = _today(today)
    q = (
        select(Milestone, Project, Account)
        .join(Project, col(Milestone.project_id) == Project.id)
        .join(Account, col(Project.account_id) == Account.id)
    )
    if ref:
        key = ref.strip().lower()
        if "/" not in key and session.exec(select(Account.id).where(Account.slug == key)).first():
            q = q.where(Account.slug == key)
        else:
            q = q.where(Milestone.project_id == get_project(session, ref).id)
    if account:
        q = q.where(Project.account_id == get_account(session, account).id)
    if team:
        q = q.where(Milestone.team == check_choice(team, MILESTONE_TEAMS, "team"))
    if status:
        q = q.where(Milestone.status == check_choice(status, MILESTONE_STATUSES, "status"))
    if overdue:
        q = q.where(Milestone.status != "done", col(Milestone.due_on) < today)
    q = q.order_by(Account.slug, Project.slug, col(Milestone.due_on), col(Milestone.id))
    rows = list(session.exec(q))
    deps = _deps_of(session, [m.id for m, _, _ in rows if m.id is not None])
    return [_info(m, p, a, deps[m.id], today) for m, p, a in rows if m.id is not None]


# ---------------------------------------------------------------------------------------------- graph


def _downstream(session: Session, ids: Iterable[int]) -> set[int]:
    """Every milestone reachable from ``ids`` along dependencies (recursive SQL), ``ids`` included."""
    ids = list(ids)
    if not ids:
        return set()
    seeds = union(*[select(literal(i).label("id")) for i in ids]) if len(ids) > 1 else None
    base = select(literal(ids[0]).label("id")) if seeds is None else select(seeds.subquery().c.id)
    down = base.cte("down", recursive=True)
    dep = MilestoneDependency.__table__.alias("d")  # type: ignore[attr-defined]
    down = down.union(select(dep.c.successor_id).where(dep.c.predecessor_id == down.c.id))
    return {int(r[0]) for r in session.connection().execute(select(down.c.id))}


def _subgraph(session: Session, moving: set[int]) -> tuple[dict[int, Milestone], list[Edge]]:
    """The milestones in ``moving``, their predecessors, and the edges into ``moving``."""
    edges: list[Edge] = []
    ids = sorted(moving)
    for i in range(0, len(ids), 500):
        q = select(MilestoneDependency).where(col(MilestoneDependency.successor_id).in_(ids[i : i + 500]))
        edges += [Edge(d.predecessor_id, d.successor_id, d.lag_days) for d in session.exec(q)]
    need = sorted(moving | {e.predecessor for e in edges})
    rows: dict[int, Milestone] = {}
    for i in range(0, len(need), 500):
        for m in session.exec(select(Milestone).where(col(Milestone.id).in_(need[i : i + 500]))):
            assert m.id is not None
            rows[m.id] = m
    return rows, edges


def _plan(session: Session, wanted: dict[int, int]) -> tuple[dict[int, Milestone], dict[int, int]]:
    """Shift the wanted milestones and push their dependents; (rows, shifts). Refuses moving done work."""
    rows, edges = _subgraph(session, _downstream(session, wanted))
    try:
        shifts = propagate({i: _span(m) for i, m in rows.items()}, edges, wanted)
    except DoneWouldMove as exc:
        m = rows[exc.milestone_id]
        raise ConflictError(
            f"{label(exc.milestone_id)} {m.name} is done ({m.done_on or m.due_on}) and would have to move "
            f"{exc.days:+d}d; nothing moved"
        ) from exc
    return rows, shifts


def _shift_rows(rows: dict[int, Milestone], shifts: dict[int, int]) -> list[Shift]:
    order = sorted(shifts, key=lambda i: (rows[i].due_on, i))
    return [
        Shift(i, label(i), rows[i].name, rows[i].due_on, rows[i].due_on + timedelta(days=d), d)
        for i in order
        if (d := shifts[i])
    ]


def _apply(uow: UnitOfWork, rows: dict[int, Milestone], shifts: dict[int, int]) -> None:
    stamp = utcnow()
    for i, days in shifts.items():
        m = rows[i]
        d = timedelta(days=days)
        m.due_on = m.due_on + d
        if m.start_on:
            m.start_on = m.start_on + d
        m.updated_at = stamp
        uow.session.add(m)
    uow.session.flush()


def _blocking_predecessor(session: Session, ms: Milestone, begins: date) -> str | None:
    """Why ``ms`` cannot begin on ``begins``: the first predecessor it would start before, or None."""
    q = (
        select(MilestoneDependency, Milestone)
        .join(Milestone, col(MilestoneDependency.predecessor_id) == Milestone.id)
        .where(MilestoneDependency.successor_id == ms.id)
    )
    for dep, pred in session.exec(q):
        first = earliest_start(pred.due_on, dep.lag_days)
        if begins < first:
            lag = f" + {dep.lag_days}d lag" if dep.lag_days else ""
            return (
                f"{label(pred.id or 0)} {pred.name} is due {pred.due_on}{lag}, so {label(ms.id or 0)} "
                f"can start {first} at the earliest"
            )
    return None


# ---------------------------------------------------------------------------------------------- writes


def _check_owner(owner: str | None) -> str | None:
    return check_text(owner, "owner", max_len=120) if owner is not None else None


def add_milestone(
    uow: UnitOfWork,
    project_ref: str,
    name: str,
    *,
    due_on: date | None,
    start_on: date | None = None,
    team: str = "account",
    owner: str | None = None,
    after: Sequence[str | int] = (),
    lag_days: int = 0,
    client_approval: bool = False,
    approval_days: int | None = None,
    weight: int | None = None,
    estimated_minutes: int | None = None,
    today: date | None = None,
) -> MilestoneInfo:
    """Add a milestone. With ``after`` and no due date it lands on the earliest day its dependencies allow."""
    s = uow.session
    proj = get_project(s, project_ref)
    name = check_text(name, "milestone name")
    team = check_choice(team, MILESTONE_TEAMS, "team")
    if weight is not None and not 1 <= weight <= 10_000:
        raise InputError(f"weight must be between 1 and 10000, not {weight}")
    if not 0 <= lag_days <= MAX_LAG_DAYS:
        raise InputError(f"lag must be between 0 and {MAX_LAG_DAYS} days, not {lag_days}")
    if lag_days and not after:
        raise InputError("--lag needs --after: the lag is counted from the milestone it follows")
    if approval_days is not None:
        if not 1 <= approval_days <= 365:
            raise InputError(f"approval days must be between 1 and 365, not {approval_days}")
        client_approval = True
    if client_approval and approval_days is None:
        approval_days = DEFAULT_APPROVAL_DAYS
    preds = [get_milestone(s, ref) for ref in after]
    if len({p.id for p in preds}) != len(preds):
        raise InputError("the same milestone is named twice in --after")
    if due_on is None:
        if not preds:
            raise InputError("when is it due? give --due (or --after to place it after another milestone)")
        if start_on is not None:
            raise InputError("give --due with --start")
        due_on = max(earliest_start(p.due_on, lag_days) for p in preds)
    if start_on and due_on < start_on:
        raise InputError(f"due date {due_on} is before start date {start_on}")
    begins = start_on or due_on
    for p in preds:
        first = earliest_start(p.due_on, lag_days)
        if begins < first:
            lag = f" + {lag_days}d lag" if lag_days else ""
            raise ConflictError(
                f"{label(p.id or 0)} {p.name} is due {p.due_on}{lag}: a milestone after it can start "
                f"{first} at the earliest, not {begins}"
            )
    assert proj.id is not None
    ms = Milestone(
        project_id=proj.id,
        name=name,
        team=team,
        owner=_check_owner(owner),
        start_on=start_on,
        due_on=due_on,
        client_approval=client_approval,
        approval_days=approval_days,
        weight=weight,
        estimated_minutes=estimated_minutes,
    )
    s.add(ms)
    s.flush()
    for p in preds:
        assert p.id is not None and ms.id is not None
        s.add(MilestoneDependency(predecessor_id=p.id, successor_id=ms.id, lag_days=lag_days))
    s.flush()
    return milestone_info(s, ms.id or 0, today=today)


def _set_status(ms: Milestone, status: str) -> None:
    ms.status = status
    ms.updated_at = utcnow()


def start_milestone(uow: UnitOfWork, ref: str | int, *, on: date | None = None) -> MilestoneInfo:
    """Work has begun (for a client approval: it is with the client, and the agreed days start counting)."""
    ms = get_milestone(uow.session, ref)
    if ms.status in ("in-progress", "done"):
        raise StateError(f"{label(ms.id or 0)} is {ms.status} already")
    _set_status(ms, "in-progress")
    ms.started_on = on or ms.started_on or _today(on)
    uow.session.add(ms)
    uow.session.flush()
    return milestone_info(uow.session, ms.id or 0, today=on)


def done_milestone(uow: UnitOfWork, ref: str | int, *, on: date | None = None) -> MilestoneInfo:
    ms = get_milestone(uow.session, ref)
    if ms.status == "done":
        raise StateError(f"{label(ms.id or 0)} is done already (on {ms.done_on})")
    _set_status(ms, "done")
    ms.done_on = _today(on)
    ms.started_on = ms.started_on or ms.done_on
    uow.session.add(ms)
    uow.session.flush()
    return milestone_info(uow.session, ms.id or 0, today=on)


def block_milestone(
    uow: UnitOfWork, ref: str | int, *, reason: str | None = None, on: date | None = None
) -> MilestoneInfo:
    ms = get_milestone(uow.session, ref)
    if ms.status in ("blocked", "done"):
        raise StateError(f"{label(ms.id or 0)} is {ms.status} already")
    _set_status(ms, "blocked")
    ms.blocked_on = _today(on)
    if reason is not None:
        ms.note = check_text(reason, "reason", max_len=500)
    uow.session.add(ms)
    uow.session.flush()
    return milestone_info(uow.session, ms.id or 0, today=on)


def move_milestone(
    uow: UnitOfWork,
    ref: str | int,
    *,
    to: date | None = None,
    by_days: int | None = None,
    dry_run: bool = False,
) -> MoveResult:
    """Move a milestone's due date (its start follows) and push its dependents by the minimum needed.

    Refused when the milestone is done, when it would start before one of its own predecessors allows, or
    when a done dependent would have to move: a dependency never breaks silently.
    """
    s = uow.session
    ms = get_milestone(s, ref)
    assert ms.id is not None
    if (to is None) == (by_days is None):
        raise InputError("give the new due date (--to DATE) or a number of days (--by 3 / --by -2)")
    if ms.status == "done":
        raise StateError(f"{label(ms.id)} is done (on {ms.done_on}); a done milestone does not move")
    days = (to - ms.due_on).days if to is not None else int(by_days or 0)
    if days == 0:
        raise InputError(f"{label(ms.id)} is due {ms.due_on} already")
    begins = (ms.start_on or ms.due_on) + timedelta(days=days)
    why = _blocking_predecessor(s, ms, begins)
    if why:
        raise ConflictError(f"cannot move {label(ms.id)} to {ms.due_on + timedelta(days=days)}: {why}")
    rows, shifts = _plan(s, {ms.id: days})
    moved = _shift_rows(rows, shifts)
    own = next(x for x in moved if x.id == ms.id)
    if not dry_run:
        _apply(uow, rows, shifts)
    return MoveResult(own, tuple(x for x in moved if x.id != ms.id), applied=not dry_run)


def link_milestones(
    uow: UnitOfWork, successor: str | int, after: Sequence[str | int], *, lag_days: int = 0
) -> tuple[MilestoneInfo, tuple[Shift, ...]]:
    """Make ``successor`` follow each of ``after`` (finish-to-start); dependents shift as needed."""
    s = uow.session
    succ = get_milestone(s, successor)
    assert succ.id is not None
    if not after:
        raise InputError("which milestone does it come after? --after M3")
    if not 0 <= lag_days <= MAX_LAG_DAYS:
        raise InputError(f"lag must be between 0 and {MAX_LAG_DAYS} days, not {lag_days}")
    for ref in after:
        pred = get_milestone(s, ref)
        assert pred.id is not None
        existing = s.exec(
            select(MilestoneDependency).where(
                MilestoneDependency.predecessor_id == pred.id, MilestoneDependency.successor_id == succ.id
            )
        ).first()
        if existing is not None:
            existing.lag_days = lag_days
            s.add(existing)
            continue
        down = _downstream(s, [succ.id])
        if pred.id in down:
            _, edges = _subgraph(s, down)
            loop = cycle_if_added(edges, pred.id, succ.id) or [pred.id, succ.id, pred.id]
            raise ConflictError(
                f"{label(succ.id)} after {label(pred.id)} would make a loop: "
                + " → ".join(label(i) for i in loop)
            )
        s.add(MilestoneDependency(predecessor_id=pred.id, successor_id=succ.id, lag_days=lag_days))
    s.flush()
    rows, shifts = _plan(s, {succ.id: 0})
    moved = _shift_rows(rows, shifts)
    _apply(uow, rows, shifts)
    return milestone_info(s, succ.id), tuple(moved)


def unlink_milestones(uow: UnitOfWork, successor: str | int, predecessor: str | int) -> MilestoneInfo:
    s = uow.session
    succ, pred = get_milestone(s, successor), get_milestone(s, predecessor)
    dep = s.exec(
        select(MilestoneDependency).where(
            MilestoneDependency.predecessor_id == pred.id, MilestoneDependency.successor_id == succ.id
        )
    ).first()
    if dep is None:
        raise NotFoundError(f"{label(succ.id or 0)} does not come after {label(pred.id or 0)}")
    s.delete(dep)
    s.flush()
    return milestone_info(s, succ.id or 0)


def _project_shift(
    session: Session, project_id: int, days: int, today: date
) -> tuple[dict[int, Milestone], dict[int, int]]:
    ids = [
        i
        for i in session.exec(
            select(Milestone.id).where(
                Milestone.project_id == project_id, Milestone.status != "done", col(Milestone.due_on) > today
            )
        )
        if i is not None
    ]
    if not ids or days == 0:
        return {}, {}
    return _plan(session, dict.fromkeys(ids, days))


def preview_project_shift(
    session: Session, project_id: int, days: int, *, today: date | None = None
) -> list[Shift]:
    """What :func:`shift_project_for_change_order` would move, without moving anything."""
    rows, shifts = _project_shift(session, project_id, days, _today(today))
    return _shift_rows(rows, shifts)


def shift_project_for_change_order(
    uow: UnitOfWork, project_id: int, days: int, *, today: date | None = None
) -> list[Shift]:
    """An approved change order adds ``days``: the project's open milestones after today shift with it.

    Milestones due today or earlier stay where they are (they are late or due now, not rescheduled);
    dependents elsewhere are pushed as far as their dependencies need. A negative ``days`` pulls the
    milestones earlier, but never before what their predecessors allow.
    """
    rows, shifts = _project_shift(uow.session, project_id, days, _today(today))
    moved = _shift_rows(rows, shifts)
    _apply(uow, rows, shifts)
    return moved


# ---------------------------------------------------------------------------------------------- health


def percent_complete_bp(session: Session, project_id: int) -> int | None:
    """% complete in basis points (5000 = 50%), None for a project without milestones.

    Weighted by estimated minutes when every milestone has them, otherwise by weight (1 when not set).
    """
    done = col(Milestone.status) == "done"
    minutes = col(Milestone.estimated_minutes)
    weight = func.coalesce(col(Milestone.weight), 1)
    row = session.execute(
        sa_select(
            func.count(),
            func.count(minutes),
            func.coalesce(func.sum(minutes), 0),
            func.coalesce(func.sum(case((done, minutes), else_=0)), 0),
            func.coalesce(func.sum(weight), 0),
            func.coalesce(func.sum(case((done, weight), else_=0)), 0),
        ).where(col(Milestone.project_id) == project_id)
    ).one()
    n, with_minutes, total_min, done_min, total_w, done_w = (int(x) for x in row)
    if n == 0:
        return None
    total, part = (total_min, done_min) if with_minutes == n and total_min > 0 else (total_w, done_w)
    return (part * 10_000 + total // 2) // total if total else 0
