"""Timelines: milestones across teams, finish-to-start dependencies that shift, lateness, % complete.

Milestones are referenced as ``M12`` (or ``12``). Every write keeps the dependency rules of
:mod:`amtui.services.timeline.schedule`: moving a milestone pushes its dependents by the minimum needed and
says so,
a move that would break a dependency (or move done work) is refused, and so is a dependency loop.
Dates the scheduler sets are working days (:mod:`amtui.services.timeline.workdays`).

Longer than 400 lines because every write of a milestone keeps the schedule's rules, and they are kept in
one module so that no write path (add, edit, move, link, a change order's days) grows its own copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from amtui.core.errors import ConflictError, InputError, NotFoundError, StateError
from amtui.services.base.common import check_choice, check_text
from amtui.services.base.refs import get_project
from amtui.services.timeline.edges import PlanEdge, plan_edges, plan_edges_after
from amtui.services.timeline.graph import (
    Row,
    Shift,
    apply,
    blocking_predecessor,
    downstream,
    label,
    plan,
    shift_rows,
    span,
    subgraph,
)
from amtui.services.timeline.read import (
    MILESTONE_TEAMS,
    Dependency,
    MilestoneInfo,
    count_milestones,
    default_approval_days,
    get_milestone,
    list_milestones,
    milestone_complete_bps,
    milestone_info,
    today_or_now,
)
from amtui.services.timeline.schedule import (
    Dates,
    Outcome,
    cycle_if_added,
    earliest_start,
    ending_on,
    shifted,
)
from amtui.services.timeline.workdays import Calendar, calendar_for
from amtui.store.models import Milestone, MilestoneDependency
from amtui.store.models.base import utcnow
from amtui.store.sql import Db
from amtui.store.uow import UnitOfWork

__all__ = [
    "Dependency",
    "MilestoneInfo",
    "MoveResult",
    "PlanEdge",
    "Relinked",
    "Shift",
    "add_milestone",
    "block_milestone",
    "check_days",
    "check_lag",
    "change_milestone",
    "count_milestones",
    "date_notes",
    "default_approval_days",
    "done_milestone",
    "edit_milestone",
    "get_milestone",
    "label",
    "link_milestones",
    "list_milestones",
    "milestone_edges",
    "milestone_info",
    "move_milestone",
    "resize_milestone",
    "milestone_complete_bp",
    "milestone_complete_bps",
    "preview_project_shift",
    "shift_end_date",
    "shift_project_for_change_order",
    "split_refs",
    "start_milestone",
    "unlink_milestones",
]

MAX_LAG_DAYS = 365
MAX_DAYS = 1000


@dataclass(frozen=True)
class MoveResult:
    milestone: Shift
    dependents: tuple[Shift, ...]  # those pushed (or back to plan), in schedule order
    applied: bool  # False for a dry run
    edges: tuple[PlanEdge, ...] = ()  # what now ends past the project's end or a fixed date
    notes: tuple[str, ...] = ()  # a date the user gave that is not a working day


@dataclass(frozen=True)
class Relinked:
    """A dependency added or removed: the milestone as it is now, what moved (it included), what crosses an
    edge of the plan."""

    milestone: MilestoneInfo
    moved: tuple[Shift, ...]
    edges: tuple[PlanEdge, ...] = ()


def split_refs(value: str | None) -> list[str]:
    """``M3, M4`` (as ``--after`` takes it) → ``["M3", "M4"]``."""
    return [v.strip() for v in (value or "").split(",") if v.strip()]


# ---------------------------------------------------------------------------------------------- writes


def _check_owner(owner: str | None) -> str | None:
    return check_text(owner, "owner", max_len=120) if owner is not None else None


def check_days(days: int | None, what: str = "--days") -> None:
    """A length in working days (``--days``, ``--approval-days``): 1 to MAX_DAYS."""
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise InputError(f"{what} must be between 1 and {MAX_DAYS} working days, not {days}")


def check_lag(lag_days: int) -> None:
    """Working days between a predecessor's end and its successor's start (``--lag``): 0 to MAX_LAG_DAYS."""
    if not 0 <= lag_days <= MAX_LAG_DAYS:
        raise InputError(f"lag must be between 0 and {MAX_LAG_DAYS} working days, not {lag_days}")


def date_notes(db: Db, *dates: date | None) -> tuple[str, ...]:
    """A note for each date the user gave that is not a working day (kept as given)."""
    cal = calendar_for(db)
    return tuple(n for d in dict.fromkeys(dates) if d is not None and (n := cal.note(d)) is not None)


def _dates(
    cal: Calendar,
    *,
    start_on: date | None,
    due_on: date | None,
    days: int | None,
    earliest: date | None,
) -> Dates:
    """A new milestone's (start, due) from what was given: dates, a duration in working days, or the earliest
    day its predecessors allow. A date the user gives is kept as given."""
    if start_on is not None and due_on is not None:
        if due_on < start_on:
            raise InputError(f"due date {due_on} is before start date {start_on}")
        if days is not None and cal.duration(start_on, due_on) != days:
            raise InputError(
                f"--days {days} disagrees with --start {start_on} and --due {due_on} "
                f"({cal.duration(start_on, due_on)} working days); give two of the three"
            )
        return (start_on, due_on)
    if start_on is not None:
        if days is None:
            raise InputError("give --due or --days with --start")
        return (start_on, cal.span_from(start_on, days))
    if due_on is not None:
        if days is None:
            return (None, due_on)
        return _ending(cal, due_on, days)
    if earliest is None:
        raise InputError("when is it due? give --due, --days with --start, or --after to follow another")
    if days is None:
        return (None, earliest)
    return (earliest, cal.span_from(earliest, days))


def _ending(cal: Calendar, due_on: date, days: int) -> Dates:
    end = cal.previous_working_day(due_on, inclusive=True)
    return (cal.add_working_days(end, -(days - 1)), due_on)


def add_milestone(
    uow: UnitOfWork,
    project_ref: str,
    name: str,
    *,
    due_on: date | None,
    start_on: date | None = None,
    days: int | None = None,
    team: str = "account",
    owner: str | None = None,
    after: Sequence[str | int] = (),
    lag_days: int = 0,
    client_approval: bool = False,
    approval_days: int | None = None,
    fixed: bool = False,
    weight: int | None = None,
    estimated_minutes: int | None = None,
    today: date | None = None,
) -> MilestoneInfo:
    """Add a milestone: its dates given, or ``days`` working days long; with ``after`` it begins on the first
    working day its predecessors (plus lag) allow. A client approval lasts its agreed window
    (``approval_days``, default from the config) unless told otherwise."""
    s = uow.session
    proj = get_project(s, project_ref)
    name = check_text(name, "milestone name")
    team = check_choice(team, MILESTONE_TEAMS, "team")
    check_days(days)
    if weight is not None and not 1 <= weight <= 10_000:
        raise InputError(f"weight must be between 1 and 10000, not {weight}")
    check_lag(lag_days)
    if lag_days and not after:
        raise InputError("--lag needs --after: the lag is counted from the milestone it follows")
    if approval_days is not None:
        check_days(approval_days, "approval days")
        client_approval = True
    if client_approval and approval_days is None:
        approval_days = default_approval_days()
    if client_approval and days is None and start_on is None and due_on is None:
        days = approval_days  # scheduled by the plan: the client's window is its length
    preds = [get_milestone(s, ref) for ref in after]
    if len({p.id for p in preds}) != len(preds):
        raise InputError("the same milestone is named twice in --after")
    cal = calendar_for(s)
    earliest = max((earliest_start(p.due_on, lag_days, cal) for p in preds), default=None)
    begins_given = start_on or (due_on if days is None else None)
    start_on, due_on = _dates(cal, start_on=start_on, due_on=due_on, days=days, earliest=earliest)
    begins = start_on or due_on
    for p in preds:
        first = earliest_start(p.due_on, lag_days, cal)
        if begins < first:
            lag = f" + {lag_days} working days' lag" if lag_days else ""
            raise ConflictError(
                f"{label(p.id or 0)} {p.name} is due {p.due_on}{lag}: a milestone after it can start "
                f"{first} at the earliest, not {begins_given or begins}"
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
        fixed=fixed,
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
    fixed: bool | None = None,
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
        check_days(approval_days, "approval days")
        ms.client_approval, ms.approval_days = True, approval_days
    if fixed is not None:
        ms.fixed = fixed
    if no_start:
        ms.start_on = None
        ms.plan_start, ms.plan_due = None, None  # the dates are the plan again
    elif start_on is not None:
        if start_on > ms.due_on:
            raise InputError(f"start date {start_on} is after the due date {ms.due_on}")
        why = blocking_predecessor(s, ms, start_on, calendar_for(s))
        if why:
            raise ConflictError(f"cannot start {label(ms.id or 0)} on {start_on}: {why}")
        ms.start_on = start_on
        ms.plan_start, ms.plan_due = None, None
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
    ms.plan_start, ms.plan_due = None, None  # done work stays where it is: its dates are its plan
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
    """Move a milestone (``by_days`` working days, or to end on ``to``; its length is kept) and schedule its
    dependents again: pushed by the minimum needed, or back towards their plan when it moves earlier.

    Refused when the milestone is done, when it would start before one of its own predecessors allows, or
    when a done dependent would have to move: a dependency never breaks silently. The result names what now
    ends after the project's end date or after a fixed milestone's date.
    """
    s = uow.session
    ms = get_milestone(s, ref)
    assert ms.id is not None
    if (to is None) == (by_days is None):
        raise InputError("give the new due date (--to DATE) or a number of working days (--by 3 / --by -2)")
    if ms.status == "done":
        raise StateError(f"{label(ms.id)} is done (on {ms.done_on}); a done milestone does not move")
    cal = calendar_for(s)
    if to is not None:
        if to == ms.due_on:
            raise InputError(f"{label(ms.id)} is due {ms.due_on} already")
        new = ending_on(cal, (ms.start_on, ms.due_on), to)
    else:
        if not by_days:
            raise InputError(f"{label(ms.id)} is due {ms.due_on} already")
        new = shifted(cal, (ms.start_on, ms.due_on), int(by_days))
    why = blocking_predecessor(s, ms, new[0] or new[1], cal)
    if why:
        raise ConflictError(f"cannot move {label(ms.id)} to {new[1]}: {why}")
    return _reschedule(uow, ms, new, cal, dry_run=dry_run, notes=date_notes(s, to) if to is not None else ())


def resize_milestone(
    uow: UnitOfWork, ref: str | int, days: int, *, start_on: date | None = None, dry_run: bool = False
) -> MoveResult:
    """Make a milestone ``days`` working days long (``milestone edit --days``): it keeps its start (or begins
    on ``start_on``) and its due date follows; a point in time keeps its due date and gains a start. Its
    dependents are scheduled again, as for a move, and what now crosses an edge of the plan is named."""
    s = uow.session
    check_days(days)
    ms = get_milestone(s, ref)
    assert ms.id is not None
    if ms.status == "done":
        raise StateError(f"{label(ms.id)} is done (on {ms.done_on}); a done milestone keeps its dates")
    cal = calendar_for(s)
    begins = start_on or ms.start_on
    new = (begins, cal.span_from(begins, days)) if begins is not None else _ending(cal, ms.due_on, days)
    if (new[0], new[1]) == (ms.start_on, ms.due_on):
        raise InputError(f"{label(ms.id)} is {days} working days long already ({ms.start_on} → {ms.due_on})")
    why = blocking_predecessor(s, ms, new[0] or new[1], cal)
    if why:
        raise ConflictError(f"cannot make {label(ms.id)} {days} working days long from {new[0]}: {why}")
    return _reschedule(uow, ms, new, cal, dry_run=dry_run, notes=date_notes(s, start_on))


def change_milestone(
    uow: UnitOfWork,
    ref: str | int,
    *,
    name: str | None = None,
    team: str | None = None,
    owner: str | None = None,
    start_on: date | None = None,
    no_start: bool = False,
    due_on: date | None = None,
    days: int | None = None,
    weight: int | None = None,
    estimated_minutes: int | None = None,
    approval_days: int | None = None,
    fixed: bool | None = None,
) -> tuple[MilestoneInfo, MoveResult | None]:
    """``amtui milestone edit`` (and the Timeline's edit form): what it is and who owns it
    (:func:`edit_milestone`), a new due date (:func:`move_milestone`, its length kept) or a new length in
    working days (:func:`resize_milestone`); the dependents follow and the move is returned with them."""
    if days is not None and no_start:
        raise InputError("--days gives the milestone a length; it cannot go with --start none")
    if days is not None and due_on is not None:
        raise InputError("give --days (the due date follows) or --due, not both")
    moved = None
    if due_on is not None and due_on != get_milestone(uow.session, ref).due_on:
        moved = move_milestone(uow, ref, to=due_on)  # first: a new start is checked against the new due date
    m = edit_milestone(
        uow,
        ref,
        name=name,
        team=team,
        owner=owner,
        start_on=start_on if days is None else None,
        no_start=no_start,
        weight=weight,
        estimated_minutes=estimated_minutes,
        approval_days=approval_days,
        fixed=fixed,
    )
    if days is not None:
        moved = resize_milestone(uow, ref, days, start_on=start_on)
        m = milestone_info(uow.session, m.id)
    return m, moved


def milestone_edges(session: Session, m: MilestoneInfo) -> tuple[PlanEdge, ...]:
    """The edges of the plan one milestone crosses now: its project's end date, a fixed milestone after it
    (what ``milestone add`` reports, and the add form previews)."""
    project = get_project(session, m.project)
    return tuple(e for e in plan_edges(session, [project.id or 0]) if e.milestone_id == m.id)


def _plan_and_apply(
    uow: UnitOfWork, changes: dict[int, Dates], cal: Calendar, *, dry_run: bool = False
) -> tuple[list[Shift], tuple[PlanEdge, ...]]:
    """Set the planned dates in ``changes``, schedule their dependents again and (unless a dry run) write
    it all: what moves, in schedule order, and what now crosses an edge of the plan."""
    rows, outcome = plan(uow.session, changes, cal)
    moved = shift_rows(rows, outcome)
    edges = plan_edges_after(uow.session, rows, outcome, cal)
    if not dry_run:
        apply(uow, rows, changes, outcome)
    return moved, edges


def _reschedule(
    uow: UnitOfWork, ms: Milestone, new: Dates, cal: Calendar, *, dry_run: bool, notes: tuple[str, ...] = ()
) -> MoveResult:
    """The end of every move of one milestone (a move, a resize): give it ``new`` dates, its dependents
    follow, and the result names the milestone's own shift apart from theirs."""
    assert ms.id is not None
    moved, edges = _plan_and_apply(uow, {ms.id: new}, cal, dry_run=dry_run)
    own = next(
        (x for x in moved if x.id == ms.id),
        Shift(ms.id, label(ms.id), ms.name, ms.due_on, new[1], (new[1] - ms.due_on).days),
    )
    return MoveResult(own, tuple(x for x in moved if x.id != ms.id), not dry_run, edges, notes)


def link_milestones(
    uow: UnitOfWork, successor: str | int, after: Sequence[str | int], *, lag_days: int = 0
) -> Relinked:
    """Make ``successor`` follow each of ``after`` (finish-to-start); it and its dependents shift as needed,
    and the result names what now crosses an edge of the plan."""
    s = uow.session
    succ = get_milestone(s, successor)
    assert succ.id is not None
    if not after:
        raise InputError("which milestone does it come after? --after M3")
    check_lag(lag_days)
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
            _, links = subgraph(s, down)
            loop = cycle_if_added(links, pred.id, succ.id) or [pred.id, succ.id, pred.id]
            raise ConflictError(
                f"{label(succ.id)} after {label(pred.id)} would make a loop: "
                + " → ".join(label(i) for i in loop)
            )
        s.add(MilestoneDependency(predecessor_id=pred.id, successor_id=succ.id, lag_days=lag_days))
    s.flush()
    moved, crossed = _replan(uow, succ)
    return Relinked(milestone_info(s, succ.id), moved, crossed)


def _replan(uow: UnitOfWork, ms: Milestone) -> tuple[tuple[Shift, ...], tuple[PlanEdge, ...]]:
    """Schedule ``ms`` and its dependents again after its dependencies changed (its plan unchanged)."""
    assert ms.id is not None
    moved, edges = _plan_and_apply(uow, {ms.id: span(ms).planned}, calendar_for(uow.session))
    return tuple(moved), edges


def unlink_milestones(uow: UnitOfWork, successor: str | int, predecessor: str | int) -> Relinked:
    """Remove a dependency: the milestone (and its dependents) go back towards their plan if it held them."""
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
    moved, edges = _replan(uow, succ)  # no longer pushed by it: back towards its plan
    return Relinked(milestone_info(s, succ.id or 0), moved, edges)


def _project_shift(
    session: Session, project_id: int, days: int, today: date
) -> tuple[dict[int, Row], dict[int, Dates], Outcome]:
    found = session.exec(
        select(Milestone).where(
            Milestone.project_id == project_id, Milestone.status != "done", col(Milestone.due_on) > today
        )
    ).all()
    if not found or days == 0:
        return {}, {}, Outcome()
    cal = calendar_for(session)
    changes = {m.id: shifted(cal, (m.start_on, m.due_on), days) for m in found if m.id is not None}
    rows, outcome = plan(session, changes, cal)
    return rows, changes, outcome


def preview_project_shift(
    session: Session, project_id: int, days: int, *, today: date | None = None
) -> list[Shift]:
    """What :func:`shift_project_for_change_order` would move, without moving anything."""
    rows, _, outcome = _project_shift(session, project_id, days, today_or_now(today))
    return shift_rows(rows, outcome)


def shift_project_for_change_order(
    uow: UnitOfWork, project_id: int, days: int, *, today: date | None = None
) -> list[Shift]:
    """An approved change order adds ``days`` working days: the project's open milestones after today move
    by them (their plan with them), and dependents elsewhere follow as their dependencies need.

    Milestones due today or earlier stay where they are (they are late or due now, not rescheduled). A
    negative ``days`` (a voided change order) moves them earlier, never before what their predecessors allow.
    """
    rows, changes, outcome = _project_shift(uow.session, project_id, days, today_or_now(today))
    moved = shift_rows(rows, outcome)
    if changes:
        apply(uow, rows, changes, outcome)
    return moved


def shift_end_date(db: Db, end_on: date, days: int) -> date:
    """A project's end date moved by a change order's ``days`` working days (the one rule for every surface:
    approving, voiding, the impact preview)."""
    return calendar_for(db).add_working_days(end_on, days)


# ---------------------------------------------------------------------------------------------- health


def milestone_complete_bp(session: Session, project_id: int) -> int | None:
    """How far one project's milestones are done, in basis points (5000 = 50%), None when it has none
    (:func:`amtui.services.timeline.read.milestone_complete_bps` of one project)."""
    return milestone_complete_bps(session, [project_id]).get(project_id)
