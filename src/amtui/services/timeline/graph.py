"""The dependency graph as stored: which milestones a change reaches, and applying the shifts it needs.

The rules themselves are pure (:mod:`amtui.services.timeline.schedule`); this module loads just the part of
the graph
a change can reach (a recursive SQL query downstream, plus those milestones' predecessors) and writes back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import literal, union
from sqlmodel import Session, col, select

from amtui.core.errors import ConflictError
from amtui.services.timeline.read import label
from amtui.services.timeline.schedule import (
    Dates,
    DoneWouldMove,
    Edge,
    Outcome,
    Span,
    earliest_start,
    reschedule,
)
from amtui.services.timeline.workdays import Calendar
from amtui.store.models import Milestone, MilestoneDependency
from amtui.store.models.base import utcnow
from amtui.store.uow import UnitOfWork


@dataclass(frozen=True)
class Shift:
    """A milestone that moved (or would move) and by how many days."""

    id: int
    label: str
    name: str
    old_due: date
    new_due: date
    days: int


def span(ms: Milestone) -> Span:
    return Span(ms.start_on, ms.due_on, ms.status == "done", ms.plan_start, ms.plan_due, bool(ms.fixed))


def downstream(session: Session, ids: Iterable[int]) -> set[int]:
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


def subgraph(session: Session, moving: set[int]) -> tuple[dict[int, Milestone], list[Edge]]:
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


def plan(session: Session, changes: dict[int, Dates], cal: Calendar) -> tuple[dict[int, Milestone], Outcome]:
    """Set the planned dates in ``changes`` and schedule their dependents again; (rows, outcome).
    Refuses moving done work."""
    rows, edges = subgraph(session, downstream(session, changes))
    try:
        outcome = reschedule({i: span(m) for i, m in rows.items()}, edges, changes, cal)
    except DoneWouldMove as exc:
        m = rows[exc.milestone_id]
        raise ConflictError(
            f"{label(exc.milestone_id)} {m.name} is done ({m.done_on or m.due_on}) and would have to move "
            f"{exc.days:+d}d; nothing moved"
        ) from exc
    return rows, outcome


def shift_rows(rows: dict[int, Milestone], outcome: Outcome) -> list[Shift]:
    """The milestones whose due date changes, in the order of their old due dates."""
    moved = [(i, d) for i, d in outcome.dates.items() if d[1] != rows[i].due_on]
    moved.sort(key=lambda x: (rows[x[0]].due_on, x[0]))
    return [
        Shift(i, label(i), rows[i].name, rows[i].due_on, due, (due - rows[i].due_on).days)
        for i, (_, due) in moved
    ]


def apply(uow: UnitOfWork, rows: dict[int, Milestone], changes: dict[int, Dates], outcome: Outcome) -> None:
    """Write the outcome: the new scheduled dates, and the new plan of the milestones in ``changes``."""
    stamp = utcnow()
    for i in set(outcome.dates) | set(changes):
        m = rows[i]
        if i in changes:
            m.plan_start, m.plan_due = changes[i]
        elif i in outcome.dates and m.plan_due is None:
            m.plan_start, m.plan_due = m.start_on, m.due_on  # pushed: what it was is its plan
        if i in outcome.dates:
            m.start_on, m.due_on = outcome.dates[i]
        if uow.session.is_modified(m):
            m.updated_at = stamp
        uow.session.add(m)
    uow.session.flush()


def blocking_predecessor(session: Session, ms: Milestone, begins: date, cal: Calendar) -> str | None:
    """Why ``ms`` cannot begin on ``begins``: the first predecessor it would start before, or None."""
    q = (
        select(MilestoneDependency, Milestone)
        .join(Milestone, col(MilestoneDependency.predecessor_id) == Milestone.id)
        .where(MilestoneDependency.successor_id == ms.id)
    )
    for dep, pred in session.exec(q):
        first = earliest_start(pred.due_on, dep.lag_days, cal)
        if begins < first:
            lag = f" + {dep.lag_days} working days' lag" if dep.lag_days else ""
            return (
                f"{label(pred.id or 0)} {pred.name} is due {pred.due_on}{lag}, so {label(ms.id or 0)} "
                f"can start {first} at the earliest"
            )
    return None
