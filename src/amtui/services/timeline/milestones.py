"""Timelines: milestones across teams, finish-to-start dependencies that shift, lateness, % complete.

Milestones are referenced as ``M12`` (or ``12``). Every write keeps the dependency rules of
:mod:`amtui.services.timeline.schedule`: moving a milestone pushes its dependents by the minimum needed and
says so,
a move that would break a dependency (or move done work) is refused, and so is a dependency loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from amtui.core.errors import ConflictError, InputError, NotFoundError, StateError
from amtui.services.base.common import check_choice, check_text
from amtui.services.base.refs import get_project
from amtui.services.timeline.graph import (
    Shift,
    apply_shifts,
    blocking_predecessor,
    downstream,
    label,
    plan,
    shift_rows,
    subgraph,
)
from amtui.services.timeline.read import (
    MILESTONE_TEAMS,
    Dependency,
    MilestoneInfo,
    count_milestones,
    get_milestone,
    list_milestones,
    milestone_complete_bps,
    milestone_info,
    today_or_now,
)
from amtui.services.timeline.schedule import cycle_if_added, earliest_start
from amtui.store.models import Milestone, MilestoneDependency
from amtui.store.models.base import utcnow
from amtui.store.uow import UnitOfWork

__all__ = [
    "Dependency",
    "MilestoneInfo",
    "MoveResult",
    "Shift",
    "add_milestone",
    "block_milestone",
    "count_milestones",
    "done_milestone",
    "edit_milestone",
    "get_milestone",
    "label",
    "link_milestones",
    "list_milestones",
    "milestone_info",
    "move_milestone",
    "milestone_complete_bp",
    "milestone_complete_bps",
    "preview_project_shift",
    "shift_project_for_change_order",
    "start_milestone",
    "unlink_milestones",
]

DEFAULT_APPROVAL_DAYS = 5
MAX_LAG_DAYS = 365


@dataclass(frozen=True)
class MoveResult:
    milestone: Shift
    dependents: tuple[Shift, ...]  # those pushed to keep their dependencies, in schedule order
    applied: bool  # False for a dry run


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


def edit_milestone(
    uow: UnitOfWork,
    ref: str | int,
    *,
    name: str | None = None,
    team: str | None = None,
    owner: str | None = None,
    start_on: date | None = None,
    no_start: bool = False,
    weight: int | None = None,
    estimated_minutes: int | None = None,
    approval_days: int | None = None,
) -> MilestoneInfo:
    """Change what a milestone is and who owns it. Its due date moves only with :func:`move_milestone`,
    so dependents are never shifted silently; a new start must still respect its predecessors."""
    s = uow.session
    ms = get_milestone(s, ref)
    if name is not None:
        ms.name = check_text(name, "milestone name")
    if team is not None:
        ms.team = check_choice(team, MILESTONE_TEAMS, "team")
    if owner is not None:
        ms.owner = _check_owner(owner) if owner.strip() else None
    if weight is not None:
        if not 1 <= weight <= 10_000:
            raise InputError(f"weight must be between 1 and 10000, not {weight}")
        ms.weight = weight
    if estimated_minutes is not None:
        ms.estimated_minutes = estimated_minutes
    if approval_days is not None:
        if not 1 <= approval_days <= 365:
            raise InputError(f"approval days must be between 1 and 365, not {approval_days}")
        ms.client_approval, ms.approval_days = True, approval_days
    if no_start:
        ms.start_on = None
    elif start_on is not None:
        if start_on > ms.due_on:
            raise InputError(f"start date {start_on} is after the due date {ms.due_on}")
        why = blocking_predecessor(s, ms, start_on)
        if why:
            raise ConflictError(f"cannot start {label(ms.id or 0)} on {start_on}: {why}")
        ms.start_on = start_on
    if s.is_modified(ms):
        ms.updated_at = utcnow()
    s.add(ms)
    s.flush()
    return milestone_info(s, ms.id or 0)


def _set_status(ms: Milestone, status: str) -> None:
    ms.status = status
    ms.updated_at = utcnow()


def start_milestone(uow: UnitOfWork, ref: str | int, *, on: date | None = None) -> MilestoneInfo:
    """Work has begun (for a client approval: it is with the client, and the agreed days start counting)."""
    ms = get_milestone(uow.session, ref)
    if ms.status in ("in-progress", "done"):
        raise StateError(f"{label(ms.id or 0)} is {ms.status} already")
    _set_status(ms, "in-progress")
    ms.started_on = on or ms.started_on or today_or_now(on)
    uow.session.add(ms)
    uow.session.flush()
    return milestone_info(uow.session, ms.id or 0)


def done_milestone(uow: UnitOfWork, ref: str | int, *, on: date | None = None) -> MilestoneInfo:
    ms = get_milestone(uow.session, ref)
    if ms.status == "done":
        raise StateError(f"{label(ms.id or 0)} is done already (on {ms.done_on})")
    _set_status(ms, "done")
    ms.done_on = today_or_now(on)
    ms.started_on = ms.started_on or ms.done_on
    uow.session.add(ms)
    uow.session.flush()
    return milestone_info(uow.session, ms.id or 0)


def block_milestone(
    uow: UnitOfWork, ref: str | int, *, reason: str | None = None, on: date | None = None
) -> MilestoneInfo:
    ms = get_milestone(uow.session, ref)
    if ms.status in ("blocked", "done"):
        raise StateError(f"{label(ms.id or 0)} is {ms.status} already")
    _set_status(ms, "blocked")
    ms.blocked_on = today_or_now(on)
    if reason is not None:
        ms.note = check_text(reason, "reason", max_len=500)
    uow.session.add(ms)
    uow.session.flush()
    return milestone_info(uow.session, ms.id or 0)


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
    why = blocking_predecessor(s, ms, begins)
    if why:
        raise ConflictError(f"cannot move {label(ms.id)} to {ms.due_on + timedelta(days=days)}: {why}")
    rows, shifts = plan(s, {ms.id: days})
    moved = shift_rows(rows, shifts)
    own = next(x for x in moved if x.id == ms.id)
    if not dry_run:
        apply_shifts(uow, rows, shifts)
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
        down = downstream(s, [succ.id])
        if pred.id in down:
            _, edges = subgraph(s, down)
            loop = cycle_if_added(edges, pred.id, succ.id) or [pred.id, succ.id, pred.id]
            raise ConflictError(
                f"{label(succ.id)} after {label(pred.id)} would make a loop: "
                + " → ".join(label(i) for i in loop)
            )
        s.add(MilestoneDependency(predecessor_id=pred.id, successor_id=succ.id, lag_days=lag_days))
    s.flush()
    rows, shifts = plan(s, {succ.id: 0})
    moved = shift_rows(rows, shifts)
    apply_shifts(uow, rows, shifts)
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
    return plan(session, dict.fromkeys(ids, days))


def preview_project_shift(
    session: Session, project_id: int, days: int, *, today: date | None = None
) -> list[Shift]:
    """What :func:`shift_project_for_change_order` would move, without moving anything."""
    rows, shifts = _project_shift(session, project_id, days, today_or_now(today))
    return shift_rows(rows, shifts)


def shift_project_for_change_order(
    uow: UnitOfWork, project_id: int, days: int, *, today: date | None = None
) -> list[Shift]:
    """An approved change order adds ``days``: the project's open milestones after today shift with it.

    Milestones due today or earlier stay where they are (they are late or due now, not rescheduled);
    dependents elsewhere are pushed as far as their dependencies need. A negative ``days`` pulls the
    milestones earlier, but never before what their predecessors allow.
    """
    rows, shifts = _project_shift(uow.session, project_id, days, today_or_now(today))
    moved = shift_rows(rows, shifts)
    apply_shifts(uow, rows, shifts)
    return moved


# ---------------------------------------------------------------------------------------------- health


def milestone_complete_bp(session: Session, project_id: int) -> int | None:
    """How far one project's milestones are done, in basis points (5000 = 50%), None when it has none
    (:func:`amtui.services.timeline.read.milestone_complete_bps` of one project)."""
    return milestone_complete_bps(session, [project_id]).get(project_id)
