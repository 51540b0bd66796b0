"""The dependency graph as stored: which milestones a change reaches, and applying the shifts it needs.

The rules themselves are pure (:mod:`amtui.services.timeline.schedule`); this module loads just the part of
the graph
a change can reach (a recursive SQL query downstream, plus those milestones' predecessors) and writes back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import literal, union
from sqlmodel import Session, col, select

from amtui.core.errors import ConflictError
from amtui.services.timeline.read import label
from amtui.services.timeline.schedule import DoneWouldMove, Edge, Span, earliest_start, propagate
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
    return Span(ms.start_on, ms.due_on, ms.status == "done")


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


def plan(session: Session, wanted: dict[int, int]) -> tuple[dict[int, Milestone], dict[int, int]]:
    """Shift the wanted milestones and push their dependents; (rows, shifts). Refuses moving done work."""
    rows, edges = subgraph(session, downstream(session, wanted))
    try:
        shifts = propagate({i: span(m) for i, m in rows.items()}, edges, wanted)
    except DoneWouldMove as exc:
        m = rows[exc.milestone_id]
        raise ConflictError(
            f"{label(exc.milestone_id)} {m.name} is done ({m.done_on or m.due_on}) and would have to move "
            f"{exc.days:+d}d; nothing moved"
        ) from exc
    return rows, shifts


def shift_rows(rows: dict[int, Milestone], shifts: dict[int, int]) -> list[Shift]:
    order = sorted(shifts, key=lambda i: (rows[i].due_on, i))
    return [
        Shift(i, label(i), rows[i].name, rows[i].due_on, rows[i].due_on + timedelta(days=d), d)
        for i in order
        if (d := shifts[i])
    ]


def apply_shifts(uow: UnitOfWork, rows: dict[int, Milestone], shifts: dict[int, int]) -> None:
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


def blocking_predecessor(session: Session, ms: Milestone, begins: date) -> str | None:
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
