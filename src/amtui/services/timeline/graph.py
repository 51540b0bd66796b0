"""The dependency graph as stored: which milestones a change reaches, and applying the shifts it needs.

The rules themselves are pure (:mod:`amtui.services.timeline.schedule`); this module loads just the part of
the graph
a change can reach (a recursive SQL query downstream, plus those milestones' predecessors) and writes back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

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
    as_planned,
    begins_on,
    earliest_start,
    reschedule,
)
from amtui.services.timeline.workdays import Calendar
from amtui.store.models import Milestone, MilestoneDependency
from amtui.store.models.base import utcnow
from amtui.store.rows import from_json_value, to_json_value
from amtui.store.sql import bulk_rows, day, execute_many, marks, rows
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


class Row(NamedTuple):
    """A milestone as the scheduler reads it (plain SQL and a named tuple: a reschedule of 20,000 builds no
    ORM object)."""

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
    #: start_on, due_on, plan_start, plan_due as the audit spells them (ISO text, as SQLite stores them)
    stored: tuple[str | None, ...] = ()

    @property
    def done(self) -> bool:
        return self.status == "done"

    # The engine reads a row as it reads a span (:class:`~amtui.services.timeline.schedule.Scheduled`).
    @property
    def begins(self) -> date:
        return begins_on(self.start_on, self.due_on)

    @property
    def planned(self) -> Dates:
        return as_planned(self.start_on, self.due_on, self.plan_start, self.plan_due)


_ROW = "id, project_id, name, start_on, due_on, status, plan_start, plan_due, fixed, done_on, updated_at"


def _rows(found: list[tuple[Any, ...]]) -> dict[int, Row]:
    """Rows as read (:data:`_ROW`) by id. Each distinct stored date is parsed once, by C loops where the
    driver gives ISO text (a reschedule reads 20,000 rows, and neighbours share dates)."""
    if not found:
        return {}
    cols = list(zip(*found, strict=True))
    distinct = set().union(cols[3], cols[4], cols[6], cols[7], cols[9])
    distinct.discard(None)
    try:  # SQLite: ISO text; the text is what the audit keeps
        days: dict[Any, date | None] = dict(zip(distinct, map(date.fromisoformat, distinct), strict=True))
        texts: dict[Any, str | None] = dict(zip(distinct, distinct, strict=True))
    except (TypeError, ValueError):  # another driver's dates
        days = {v: day(v) for v in distinct}
        texts = {v: v if isinstance(v, str) else _iso(days[v]) for v in distinct}
    days[None] = texts[None] = None
    new = tuple.__new__
    return {
        i: new(
            Row,
            (
                i,
                pid,
                name,
                days[start],
                days[due] or date.min,
                status,
                days[ps],
                days[pd],
                bool(fixed),
                days[done],
                stamp,
                (texts[start], texts[due], texts[ps], texts[pd]),
            ),
        )
        for i, pid, name, start, due, status, ps, pd, fixed, done, stamp in found
    }


def span(ms: Row | Milestone) -> Span:
    done = ms.done if isinstance(ms, Row) else ms.status == "done"
    return Span(ms.start_on, ms.due_on, done, ms.plan_start, ms.plan_due, bool(ms.fixed))


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
        found.update(_rows(rows(session, f"SELECT {_ROW} FROM milestone WHERE id IN ({marks(part)})", part)))
    return found, edges


_REACH = (
    "WITH RECURSIVE down(id) AS (SELECT value FROM json_each(?) UNION "
    "SELECT d.successor_id FROM milestone_dependency d JOIN down ON d.predecessor_id = down.id) "
)


def reach(session: Session, seeds: Iterable[int]) -> tuple[dict[int, Row], list[Edge]]:
    """:func:`subgraph` of everything downstream of ``seeds`` in two statements (a recursive query each):
    the edges into it, then its milestones and their predecessors."""
    param = json.dumps(sorted(set(seeds)))
    new = tuple.__new__  # ids and lags come back as ints from every driver
    edges = [
        new(Edge, r)
        for r in bulk_rows(
            session,
            _REACH + "SELECT predecessor_id, successor_id, lag_days FROM milestone_dependency "
            "WHERE successor_id IN (SELECT id FROM down)",
            [param],
        )
    ]
    need = json.dumps(
        sorted(set(json.loads(param)) | {e.successor for e in edges} | {e.predecessor for e in edges}),
        separators=(",", ":"),
    )
    found = _rows(
        bulk_rows(
            session, f"SELECT {_ROW} FROM milestone WHERE id IN (SELECT value FROM json_each(?))", [need]
        )
    )
    return found, edges


def plan(session: Session, changes: dict[int, Dates], cal: Calendar) -> tuple[dict[int, Row], Outcome]:
    """Set the planned dates in ``changes`` and schedule their dependents again; (rows, outcome).
    Refuses moving done work."""
    rows, edges = reach(session, changes)
    try:
        outcome = reschedule(rows, edges, changes, cal)
    except DoneWouldMove as exc:
        m = rows[exc.milestone_id]
        raise ConflictError(
            f"{label(exc.milestone_id)} {m.name} is done ({m.done_on or m.due_on}) and would have to move "
            f"{exc.days:+d}d; nothing moved"
        ) from exc
    return rows, outcome


def shift_rows(rows: dict[int, Row], outcome: Outcome) -> list[Shift]:
    """The milestones whose due date changes, in the order of their old due dates."""
    moved = sorted(
        (m.due_on, i, m.name, due) for i, (_, due) in outcome.dates.items() if due != (m := rows[i]).due_on
    )
    return [Shift(i, label(i), name, old, due, (due - old).days) for old, i, name, due in moved]


_WRITTEN = ("start_on", "due_on", "plan_start", "plan_due", "updated_at")
#: A reschedule that moves more milestones than this is recorded as one compact audit event (the values
#: before and after, as stored), not one event per milestone: history names each milestone up to here.
BULK_AT = 50


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def apply(uow: UnitOfWork, rows: dict[int, Row], changes: dict[int, Dates], outcome: Outcome) -> None:
    """Write the outcome: the new scheduled dates, and the new plan of the milestones in ``changes`` (a
    milestone pushed for the first time keeps its old dates as its plan).

    One ``UPDATE`` executed for all of them, with the values as SQLite stores them (ISO dates), and the
    audit: one event per milestone (the columns a reschedule writes, before and after) up to
    :data:`BULK_AT`, else ONE compact event holding every row's stored values before and after
    (:meth:`~amtui.store.uow.UnitOfWork.record_bulk_update`), which undo writes back exactly. Rescheduling
    20,000 milestones builds no ORM object and no per-row audit image.
    """
    session = uow.session
    stamp = utcnow()
    t = Milestone.__table__  # type: ignore[attr-defined]
    session.flush()
    conn = session.connection()
    to_db = t.c.updated_at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    raw_stamp = to_db(stamp) if to_db is not None else stamp
    before: list[list[Any]] = []
    after: list[list[Any]] = []
    params: list[tuple[Any, ...]] = []
    days: set[int] = set()
    dates = outcome.dates
    for i in sorted(dates.keys() | changes.keys()):  # 20,000 times for a big move: plain tuples, no helper
        m = rows[i]
        start_on, due_on = dates[i] if i in dates else (m.start_on, m.due_on)
        old_start, old_due, old_plan_start, old_plan_due = m.stored
        if i in changes:
            plan_start, plan_due = changes[i]
            ps, pd = _iso(plan_start), _iso(plan_due)
        elif m.plan_due is None:  # pushed: what it was is its plan
            plan_start, plan_due, ps, pd = m.start_on, m.due_on, old_start, old_due
        else:
            plan_start, plan_due, ps, pd = m.plan_start, m.plan_due, old_plan_start, old_plan_due
        if (start_on, due_on, plan_start, plan_due) == (m.start_on, m.due_on, m.plan_start, m.plan_due):
            continue
        start = None if start_on is None else start_on.isoformat()
        due = due_on.isoformat()
        before.append([i, old_start, old_due, old_plan_start, old_plan_due, m.updated_at])
        after.append([i, start, due, ps, pd, raw_stamp])
        params.append((start, due, ps, pd, raw_stamp, i))
        days.add((due_on - m.due_on).days)
    if not before:
        return
    execute_many(
        session, "UPDATE milestone SET " + ", ".join(f"{c} = ?" for c in _WRITTEN) + " WHERE id = ?", params
    )
    if len(before) > BULK_AT:
        uow.record_bulk_update("milestone", list(_WRITTEN), before, after, note=_note(before, days))
    else:
        events = []
        for b, a in zip(before, after, strict=True):
            m = rows[b[0]]
            old = {"id": m.id, "name": m.name, **dict(zip(_WRITTEN, b[1:], strict=True))}
            new = {**old, **dict(zip(_WRITTEN, a[1:], strict=True))}
            events.append((m.id, _image(t, old), _image(t, new)))
        uow.record_updates("milestone", events)
    changed = {b[0] for b in before}
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Milestone) and obj.id in changed:
            session.expire(obj)  # an ORM copy read before reads the new dates


def _note(before: list[list[Any]], days: set[int]) -> str:
    """What a bulk reschedule did, for history: ``rescheduled M2 … M20000: due dates +3 to +5 days``."""
    low, high = min(days), max(days)
    spread = f"{low:+d}" if low == high else f"{low:+d} to {high:+d}"
    first, last = before[0][0], before[-1][0]
    return f"rescheduled {label(first)} … {label(last)}: due dates {spread} days"


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
