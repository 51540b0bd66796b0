"""Writes: one user action is one unit of work — one ``BEGIN IMMEDIATE`` transaction and its audit batch,
with every row the ORM inserts, updates or deletes recorded (before and after, as JSON) for history and undo.

:func:`write_connection` is the one write path without an audit batch, for whole-book loads.

Services import :class:`UnitOfWork` at module level, read one-liners included: SQLAlchemy, SQLModel and the
audit tables are imported inside the functions that write, never here.
"""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.store.engine import Store


def _json_value(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def row_dict(obj: Any) -> dict[str, Any]:
    """An ORM row as a JSON-ready dict of its columns (dates as ISO strings): what the audit stores."""
    from sqlalchemy import inspect

    mapper = inspect(obj).mapper
    return {c.key: _json_value(getattr(obj, c.key)) for c in mapper.column_attrs}


def _before_dict(obj: Any) -> dict[str, Any]:
    from sqlalchemy import inspect

    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if hist.deleted:
            out[attr.key] = _json_value(hist.deleted[0])
        elif hist.unchanged:
            out[attr.key] = _json_value(hist.unchanged[0])
        else:
            out[attr.key] = _json_value(getattr(obj, attr.key))
    return out


def id_ranges(ids: Any) -> list[list[int]]:
    """Sorted ids folded into inclusive ``[first, last]`` ranges: [1, 2, 3, 7] → [[1, 3], [7, 7]]."""
    out: list[list[int]] = []
    for i in sorted(set(map(int, ids))):
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def _dumps(d: dict[str, Any] | None) -> str | None:
    return None if d is None else json.dumps(d, sort_keys=True, default=str)


def _compact(d: dict[str, Any]) -> str:
    """A bulk event's JSON: no spaces after separators (20,000 rows of six values: a fifth smaller)."""
    return json.dumps(d, separators=(",", ":"), default=str)


@dataclass
class UnitOfWork:
    """One user action: one ``BEGIN IMMEDIATE`` transaction and its audit batch."""

    session: Session
    command: str
    batch_id: int | None = None
    events: int = 0
    # "action" for what a user does; "undo"/"redo" (with the batch they revert or re-apply) for
    # amtui.services.trust.history, so that undoing never becomes an undoable action itself.
    kind: str = "action"
    target_id: int | None = None
    _pending: list[dict[str, Any]] = field(default_factory=list)
    #: The tables this unit of work wrote to (what the guards check before it commits).
    touched: set[str] = field(default_factory=set)

    def _ensure_batch(self) -> int:
        if self.batch_id is None:
            from sqlalchemy import insert

            from amtui.store.dialect import actor
            from amtui.store.models.audit import AuditBatch
            from amtui.store.models.base import utcnow

            conn = self.session.connection()
            res = conn.execute(
                insert(AuditBatch.__table__).values(  # type: ignore[attr-defined]
                    command=self.command[:500],
                    created_at=utcnow(),
                    kind=self.kind,
                    target_id=self.target_id,
                    actor=actor(conn),
                )
            )
            self.batch_id = int(res.inserted_primary_key[0])  # type: ignore[index]
        return self.batch_id

    def record(self, entity: str, entity_id: int | None, op: str, before: Any, after: Any) -> None:
        """Record an event by hand, for writes the ORM hook cannot see (Core statements).

        ``before``/``after`` are full rows (dicts, stored as JSON) so that ``amtui undo`` can revert them:
        ``insert`` (before None), ``update`` (both), ``delete`` (after None), keyed by table name and id.

        Bulk Core inserts record ONE event with op ``bulk`` instead of one per row — call
        :meth:`record_bulk_insert`, which writes the convention undo understands::

            entity = table name, entity_id = None, op = "bulk", before = None,
            after = {"op": "insert", "count": N, "ids": [[first, last], ...]}   # inclusive id ranges

        Undo deletes exactly those ids (keeping a copy of the rows in the undo batch, so redo can put them
        back). Bulk deletes go through :meth:`record_bulk_delete` (with copies of the rows). Anything else
        recorded as ``bulk`` is shown in history but refused by undo.
        """
        from sqlalchemy import insert

        from amtui.store.models.audit import AuditEvent

        batch = self._ensure_batch()
        self.session.connection().execute(
            insert(AuditEvent.__table__),  # type: ignore[attr-defined]
            [
                {
                    "batch_id": batch,
                    "entity": entity,
                    "entity_id": entity_id,
                    "op": op,
                    "before": before if isinstance(before, str | None) else _dumps(before),
                    "after": after if isinstance(after, str | None) else _dumps(after),
                }
            ],
        )
        self.events += 1
        self.touched.add(entity)

    def record_updates(self, table: str, changes: list[tuple[int, dict[str, Any], dict[str, Any]]]) -> None:
        """Record many rows updated with one Core statement (a reschedule): ``(id, before, after)`` full-row
        images, one ``update`` event each, written in one insert; undo reverts them like any update."""
        if not changes:
            return
        from sqlalchemy import insert

        from amtui.store.models.audit import AuditEvent

        batch = self._ensure_batch()
        self.session.connection().execute(
            insert(AuditEvent.__table__),  # type: ignore[attr-defined]
            [
                {
                    "batch_id": batch,
                    "entity": table,
                    "entity_id": i,
                    "op": "update",
                    "before": _dumps(before),
                    "after": _dumps(after),
                }
                for i, before, after in changes
            ],
        )
        self.events += len(changes)

    def record_bulk_update(
        self,
        table: str,
        columns: list[str],
        before: list[list[Any]],
        after: list[list[Any]],
        **info: Any,
    ) -> None:
        """Record many rows updated with one statement (a reschedule) as ONE compact event: the values of
        ``columns`` as stored, before and after, one list ``[id, value, …]`` per row in the same order.

        ``before = {"op": "update", "columns": [...], "rows": [[id, …], …]}``, ``after`` the same with
        ``count`` and ``ids`` (inclusive ranges, as for bulk inserts) and ``info`` (e.g. ``note=`` for
        history). Undo checks every row still holds the ``after`` values and writes the ``before`` values
        back exactly; redo the other way round.
        """
        if not before:
            return
        ids = id_ranges(r[0] for r in before)
        self.record(
            table,
            None,
            "bulk",
            _compact({"op": "update", "columns": columns, "rows": before}),
            _compact(
                {**info, "op": "update", "count": len(before), "ids": ids, "columns": columns, "rows": after}
            ),
        )

    def record_bulk_insert(self, table: str, ids: Any, **info: Any) -> None:
        """Record rows inserted with Core ``insert()`` (an import): history shows them, undo removes them.

        ``ids`` are the new rows' primary keys (any iterable of ints, e.g. ``range(first, last + 1)``);
        they are stored as inclusive ranges, so 100,000 consecutive rows cost a few bytes. ``info`` (e.g.
        ``source="harvest", file="week.csv"``) is kept beside them for history.
        """
        ranges = id_ranges(ids)
        count = sum(b - a + 1 for a, b in ranges)
        if count:
            self.record(table, None, "bulk", None, {**info, "op": "insert", "count": count, "ids": ranges})

    def record_bulk_delete(self, table: str, rows: list[dict[str, Any]], **info: Any) -> None:
        """Record rows deleted with Core ``delete()`` (an import replacing rows), with full copies of them.

        Stored as one ``bulk`` event per 5,000 rows: ``before = {"rows": [row, ...]}``, ``after = {"op":
        "delete", "count": N, "ids": [[first, last], ...]}``; undo puts the rows back with their ids. Pass
        ``row_dict(obj)`` of the loaded rows (or Core row mappings as dicts).
        """
        for i in range(0, len(rows), 5000):
            part = rows[i : i + 5000]
            ids = id_ranges(r["id"] for r in part)
            after = {**info, "op": "delete", "count": len(part), "ids": ids}
            self.record(
                table,
                None,
                "bulk",
                {"rows": [{k: _json_value(v) for k, v in r.items()} for r in part]},
                after,
            )

    def _after_flush(self, session: Session, _ctx: Any) -> None:
        from sqlalchemy import insert

        from amtui.store.models.audit import AuditBatch, AuditEvent

        rows: list[dict[str, Any]] = []
        for obj in session.new:
            if isinstance(obj, AuditBatch | AuditEvent):
                continue
            d = row_dict(obj)
            rows.append(
                {
                    "entity": obj.__tablename__,
                    "entity_id": d.get("id"),
                    "op": "insert",
                    "before": None,
                    "after": _dumps(d),
                }
            )
        for obj in session.dirty:
            if isinstance(obj, AuditBatch | AuditEvent) or not session.is_modified(obj):
                continue
            before, after = _before_dict(obj), row_dict(obj)
            if before == after:
                continue
            rows.append(
                {
                    "entity": obj.__tablename__,
                    "entity_id": after.get("id"),
                    "op": "update",
                    "before": _dumps(before),
                    "after": _dumps(after),
                }
            )
        for obj in session.deleted:
            if isinstance(obj, AuditBatch | AuditEvent):
                continue
            d = _before_dict(obj)
            rows.append(
                {
                    "entity": obj.__tablename__,
                    "entity_id": d.get("id"),
                    "op": "delete",
                    "before": _dumps(d),
                    "after": None,
                }
            )
        if not rows:
            return
        batch = self._ensure_batch()
        for r in rows:
            r["batch_id"] = batch
        session.connection().execute(insert(AuditEvent.__table__), rows)  # type: ignore[attr-defined]
        self.events += len(rows)
        self.touched.update(r["entity"] for r in rows)


#: Checks every unit of work runs before it commits (the book's invariants on the tables it touched; they
#: raise to roll it back). The services register theirs (:mod:`amtui.services`): the store knows no rule.
GUARDS: list[Callable[[UnitOfWork], None]] = []


def add_guard(guard: Callable[[UnitOfWork], None]) -> None:
    """Run ``guard`` inside every unit of work that wrote something, before it commits."""
    if guard not in GUARDS:
        GUARDS.append(guard)


_PAUSE_LOCK = threading.Lock()
_paused = {"depth": 0, "was": False}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the length of a unit of work, then on again as it was.

    A big write (a reschedule of 20,000 milestones, an import) allocates hundreds of thousands of small
    objects that live until it ends; each allocation threshold would otherwise start a collection, and the
    oldest generation's walk of the whole heap (SQLAlchemy's, the TUI's) cost a third of a reschedule's
    time. Reference counting still frees what the unit of work drops; cycles wait for the next collection.
    Units of work may overlap (the TUI's worker threads): a depth count under a lock turns the collector
    off on the first one in and back on, as it was before the first, when the last one leaves.
    """
    with _PAUSE_LOCK:
        if _paused["depth"] == 0:
            _paused["was"] = gc.isenabled()
            gc.disable()
        _paused["depth"] += 1
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _paused["depth"] -= 1
            if _paused["depth"] == 0 and _paused["was"]:
                gc.enable()


@contextmanager
def unit_of_work(store: Store, command: str) -> Iterator[UnitOfWork]:
    """Run one user action: everything commits together with its audit trail, or nothing does.

    Python's cycle collector is paused while it runs (:func:`_collector_paused`)."""
    with _collector_paused(), store.engine.connect() as raw:
        conn = raw.execution_options(amtui_write=True)
        from sqlalchemy import event
        from sqlmodel import Session

        session = Session(bind=conn, expire_on_commit=False, autoflush=True)
        uow = UnitOfWork(session=session, command=command)
        event.listen(session, "after_flush", uow._after_flush)
        try:
            yield uow
            session.flush()
            if uow.touched:
                for guard in GUARDS:
                    guard(uow)
            if uow.touched or uow.batch_id is not None:
                from amtui.store.dialect import announce_write

                announce_write(session.connection())  # other people's TUIs refresh (PostgreSQL)
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


@contextmanager
def write_connection(store: Store, *, defer_foreign_keys: bool = False) -> Iterator[Any]:
    """A Core connection in one ``BEGIN IMMEDIATE`` transaction with NO audit batch: for whole-book loads
    (``amtui import book``), which bring their own history. Foreign keys may be checked at commit only."""
    with store.engine.connect() as raw:
        conn = raw.execution_options(amtui_write=True)
        with conn.begin():
            if defer_foreign_keys:
                from amtui.store.dialect import defer_foreign_keys as defer

                defer(conn)
            yield conn
            from amtui.store.dialect import announce_write

            announce_write(conn)
