"""The dependency graph as stored: which milestones a change reaches, and applying the shifts it needs.

The rules themselves are pure (:mod:`amtui.services.timeline.schedule`); this module loads just the part of
the graph
a change can reach (a recursive SQL query downstream, plus those milestones' predecessors) and writes back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, literal, union, update
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
from amtui.store.rows import from_json_value, to_json_value
from amtui.store.sql import day, marks, rows
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


@dataclass(frozen=True)
class Row:
    """A milestone as the scheduler reads it (plain SQL: a reschedule of 20,000 builds no ORM object)."""

    id: int
    project_id: int
    name: str
    start_on: date | None
    due_on: date
    status: str
    plan_start: date | None
    plan_due: date | None
    fixed: bool
    done_on: date | None
    updated_at: Any = None  # as stored: the audit's image of the row before


_ROW = "id, project_id, name, start_on, due_on, status, plan_start, plan_due, fixed, done_on, updated_at"


def _row(r: tuple[Any, ...]) -> Row:
    i, pid, name, start, due, status, ps, pd, fixed, done, stamp = r
    due_on = day(due) or date.min
    return Row(
        int(i), int(pid), name, day(start), due_on, status, day(ps), day(pd), bool(fixed), day(done), stamp
    )


def span(ms: Row | Milestone) -> Span:
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


def subgraph(session: Session, moving: set[int]) -> tuple[dict[int, Row], list[Edge]]:
    """The milestones in ``moving``, their predecessors, and the edges into ``moving``."""
    edges: list[Edge] = []
    ids = sorted(moving)
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        edges += [
            Edge(int(p), int(s), int(lag))
            for p, s, lag in rows(
                session,
                "SELECT predecessor_id, successor_id, lag_days FROM milestone_dependency "
                f"WHERE successor_id IN ({marks(part)})",
                part,
            )
        ]
    need = sorted(moving | {e.predecessor for e in edges})
    found: dict[int, Row] = {}
    for i in range(0, len(need), 500):
        part = need[i : i + 500]
        for r in rows(session, f"SELECT {_ROW} FROM milestone WHERE id IN ({marks(part)})", part):
            m = _row(r)
            found[m.id] = m
    return found, edges


def plan(session: Session, changes: dict[int, Dates], cal: Calendar) -> tuple[dict[int, Row], Outcome]:
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


def shift_rows(rows: dict[int, Row], outcome: Outcome) -> list[Shift]:
    """The milestones whose due date changes, in the order of their old due dates."""
    moved = [(i, d) for i, d in outcome.dates.items() if d[1] != rows[i].due_on]
    moved.sort(key=lambda x: (rows[x[0]].due_on, x[0]))
    return [
        Shift(i, label(i), rows[i].name, rows[i].due_on, due, (due - rows[i].due_on).days)
        for i, (_, due) in moved
    ]


_WRITTEN = ("start_on", "due_on", "plan_start", "plan_due", "updated_at")


def apply(uow: UnitOfWork, rows: dict[int, Row], changes: dict[int, Dates], outcome: Outcome) -> None:
    """Write the outcome: the new scheduled dates, and the new plan of the milestones in ``changes`` (a
    milestone pushed for the first time keeps its old dates as its plan).

    One Core ``UPDATE`` for all of them and one insert of their audit events (full rows before and after, so
    undo reverts them as usual): rescheduling 20,000 milestones builds no ORM object.
    """
    session = uow.session
    stamp = utcnow()
    params: list[dict[str, Any]] = []
    for i in sorted(set(outcome.dates) | set(changes)):
        m = rows[i]
        plan_start, plan_due = m.plan_start, m.plan_due
        if i in changes:
            plan_start, plan_due = changes[i]
        elif plan_due is None:
            plan_start, plan_due = m.start_on, m.due_on  # pushed: what it was is its plan
        start, due = outcome.dates.get(i, (m.start_on, m.due_on))
        if (start, due, plan_start, plan_due) == (m.start_on, m.due_on, m.plan_start, m.plan_due):
            continue
        params.append(
            {"_id": i, "start_on": start, "due_on": due, "plan_start": plan_start, "plan_due": plan_due,
             "updated_at": stamp}
        )  # fmt: skip
    if not params:
        return
    session.flush()
    t = Milestone.__table__  # type: ignore[attr-defined]
    conn = session.connection()
    ids = [p["_id"] for p in params]
    conn.execute(
        update(t).where(t.c.id == bindparam("_id")).values({c: bindparam(c) for c in _WRITTEN}), params
    )
    # The audit images hold the columns a reschedule writes (undo puts back exactly those, and checks them).
    events = []
    for p in params:
        m = rows[p["_id"]]
        old = {"id": m.id, "name": m.name, "start_on": m.start_on, "due_on": m.due_on,
               "plan_start": m.plan_start, "plan_due": m.plan_due, "updated_at": m.updated_at}  # fmt: skip
        new = {**old, **{c: p[c] for c in _WRITTEN}}
        events.append((m.id, _image(t, old), _image(t, new)))
    uow.record_updates("milestone", events)
    changed = set(ids)
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Milestone) and obj.id in changed:
            session.expire(obj)  # an ORM copy read before reads the new dates


def _image(t: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Values as the audit spells them (the export's canonical JSON)."""
    out: dict[str, Any] = {}
    for k, v in values.items():
        if isinstance(v, date):  # dates and timestamps
            v = v.isoformat()
        out[k] = None if v is None else to_json_value(t.c[k], from_json_value(t.c[k], v))
    return out


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
