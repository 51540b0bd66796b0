"""Undo and redo of whole user actions, generic over every table through the audit trail.

An action (an audit batch of kind ``action``) is undone by reverting its events in reverse order with Core
statements on the metadata tables: inserts are deleted, deletes re-inserted with the same id, updates
restored; bulk inserts (see :meth:`amtui.store.uow.UnitOfWork.record_bulk_insert`) are deleted by id range,
with a
copy of their rows kept in the undo batch so that redo can put them back.

The undo itself runs in the caller's unit of work and is recorded as a batch of kind ``undo`` pointing at the
action (``target_id``); the action gets ``undone_at``. Undo/redo batches are never undone themselves, so
``amtui undo`` repeated steps further back through the actions, and ``amtui redo`` re-applies them in the
opposite order until a new action is taken.

Longer than 400 lines because choosing, the conflict checks (derived rows and the restore barrier
included) and the row steps share one reading of the audit events; split, each part would re-read them.

Before touching anything, undo and redo refuse (naming the clash) when a later action that is not undone
touched the same rows, and when a row is no longer as the action left it. :func:`undo_target` and
:func:`redo_target` name the action the next undo or redo would take, without touching it (the TUI asks
before it undoes).

Longer than 400 lines because undo, redo and the two look-ups of what they would take share the private
choosing and conflict helpers; split, each half would import the other's privates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from amtui.core.errors import ConflictError, StateError
from amtui.services.money.rules import DERIVED_LINKS
from amtui.services.trust.history import BatchInfo, RowChange, batch_changes, get_batch
from amtui.store.models import AuditBatch, AuditEvent
from amtui.store.models.base import utcnow
from amtui.store.rows import (
    AUDIT_TABLES,
    bind_values,
    canonical,
    label,
    metadata_tables,
    pk_column,
    row_image,
    same_row,
    table,
)
from amtui.store.sql import bulk_rows, execute_many
from amtui.store.uow import UnitOfWork, id_ranges

CHUNK = 5000
#: The history batch ``amtui restore`` writes into the restored book: undo and redo stop at it.
RESTORE = "restore"


@dataclass(frozen=True)
class UndoResult:
    """What undo (or redo) did: the action it reverted/re-applied and the changes it made, readable."""

    action: BatchInfo
    batch_id: int  # the undo/redo batch recorded for it
    changes: list[RowChange]


@dataclass(frozen=True)
class _Event:
    id: int
    entity: str
    entity_id: int | None
    op: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _events(conn: Connection, batch_id: int) -> list[_Event]:
    et = AuditEvent.__table__.c  # type: ignore[attr-defined]
    q = (
        select(et.id, et.entity, et.entity_id, et.op, et.before, et.after)
        .where(et.batch_id == batch_id)
        .order_by(et.id)
    )
    return [
        _Event(i, e, eid, op, None if b is None else json.loads(b), None if a is None else json.loads(a))
        for i, e, eid, op, b, a in conn.execute(q)
    ]


def _batch(conn: Connection, batch_id: int) -> Any:
    b = conn.execute(select(AuditBatch.__table__).where(AuditBatch.__table__.c.id == batch_id)).first()  # type: ignore[attr-defined]
    if b is None:
        from amtui.core.errors import NotFoundError

        raise NotFoundError(f"no action #{batch_id} in the history")
    return b


def _name(b: Any) -> str:
    return f"#{b.id} ({b.command})"


# ---------------------------------------------------------------------------------------------- choosing


def _last_action(conn: Connection) -> Any:
    t = AuditBatch.__table__  # type: ignore[attr-defined]
    b = conn.execute(
        select(t).where(t.c.kind == "action", t.c.undone_at.is_(None)).order_by(t.c.id.desc()).limit(1)
    ).first()
    if b is None:
        raise StateError("nothing to undo")
    return b


def _not_before_restore(conn: Connection, action: Any, verb: str) -> None:
    """History before a restore is the backup's: it is kept and shown, never undone or redone."""
    t = AuditBatch.__table__  # type: ignore[attr-defined]
    r = conn.execute(
        select(t.c.id, t.c.command).where(t.c.kind == RESTORE, t.c.id > action.id).order_by(t.c.id.desc())
    ).first()
    if r is not None:
        raise StateError(
            f"cannot {verb} {_name(action)}: the book was restored after it (#{r.id} {r.command}); "
            "restore another backup instead"
        )


def record_restore(uow: UnitOfWork) -> int:
    """Mark in the history that the book was just restored (``uow.command`` names the file): undo and redo
    never cross it."""
    _start(uow, RESTORE, None)
    return uow._ensure_batch()


def _redo_target(conn: Connection) -> Any:
    """The action the latest undo reverted, as long as no new action came after that undo."""
    t = AuditBatch.__table__  # type: ignore[attr-defined]
    for b in conn.execute(select(t).order_by(t.c.id.desc())):
        if b.kind == RESTORE:
            raise StateError(f"nothing to redo: the book was restored since (#{b.id} {b.command})")
        if b.kind == "action":
            if b.undone_at is not None:
                continue  # undone by an undo we will meet further down
            raise StateError(f"nothing to redo: {_name(b)} came after the last undo")
        if b.kind == "undo":
            target = _batch(conn, b.target_id)
            if target.undone_at is not None:
                return target
    raise StateError("nothing to redo")


def undo_target(session: Any) -> BatchInfo:
    """The action ``undo`` would take back now (StateError when there is none); nothing is changed."""
    return get_batch(session, _last_action(session.connection()).id)


def redo_target(session: Any) -> BatchInfo:
    """The action ``redo`` would re-apply now (StateError when there is none); nothing is changed."""
    return get_batch(session, _redo_target(session.connection()).id)


# ---------------------------------------------------------------------------------------------- conflicts


def _linked(entity: str, *images: dict[str, Any] | None) -> set[tuple[str, int]]:
    """The rows whose state derives from this one (an invoice from its payments and credit notes, a change
    order from the invoice that bills it): undo treats them as touched too (:data:`DERIVED_LINKS`)."""
    out: set[tuple[str, int]] = set()
    for source, column, target in DERIVED_LINKS:
        if source == entity:
            out.update((target, int(im[column])) for im in images if im and im.get(column) is not None)
    return out


def _touched(events: list[_Event]) -> tuple[set[tuple[str, int]], dict[str, list[list[int]]]]:
    rows: set[tuple[str, int]] = set()
    ranges: dict[str, list[list[int]]] = {}
    for e in events:
        if e.op == "bulk":
            ranges.setdefault(e.entity, []).extend((e.after or {}).get("ids", []))
        elif e.entity_id is not None:
            rows.add((e.entity, e.entity_id))
            rows |= _linked(e.entity, e.before, e.after)
    return rows, ranges


def _in(ranges: list[list[int]], i: int) -> bool:
    return any(a <= i <= b for a, b in ranges)


def _check_later(conn: Connection, action: Any, events: list[_Event], verb: str) -> None:
    """Refuse when a later action, not undone, touched a row this one touched."""
    rows, ranges = _touched(events)
    entities = {e for e, _ in rows} | set(ranges)
    entities |= {source for source, _, target in DERIVED_LINKS if target in entities}
    bt, et = AuditBatch.__table__, AuditEvent.__table__  # type: ignore[attr-defined]
    q = (
        select(bt.c.id, bt.c.command, et.c.entity, et.c.entity_id, et.c.op, et.c.after, et.c.before)
        .join(bt, bt.c.id == et.c.batch_id)
        .where(
            bt.c.id > action.id, bt.c.kind == "action", bt.c.undone_at.is_(None), et.c.entity.in_(entities)
        )
        .order_by(bt.c.id)
    )
    for bid, command, entity, eid, op, after, before in conn.execute(q):
        hit = None
        if op == "bulk":
            theirs = (json.loads(after) if after else {}).get("ids", [])
            for e_name, e_id in rows:
                if e_name == entity and _in(theirs, e_id):
                    hit = f"{entity} #{e_id}"
            for a, b in ranges.get(entity, []):
                if any(a <= y and x <= b for x, y in theirs):
                    hit = f"{entity} rows {a}–{b}"
        else:
            a_img, b_img = json.loads(after or "null"), json.loads(before or "null")
            theirs_rows = {(entity, eid), *_linked(entity, a_img, b_img)}
            if theirs_rows & rows or _in(ranges.get(entity, []), eid):
                hit = label(entity, eid, a_img or b_img)
        if hit:
            raise ConflictError(
                f"cannot {verb} {_name(action)}: {hit} was changed later by #{bid} ({command}); "
                "undo that first"
            )


def _check_no_references(
    conn: Connection, t: Table, ids: list[int], what: str, verb: str, action: Any
) -> None:
    """Refuse to delete rows other rows still point at (named), instead of a bare foreign-key error."""
    for other in metadata_tables().values():
        if other.name in AUDIT_TABLES:
            continue
        for fk in other.foreign_keys:
            if fk.column.table.name != t.name:
                continue
            for i in range(0, len(ids), CHUNK):
                n = conn.execute(
                    select(func.count()).select_from(other).where(fk.parent.in_(ids[i : i + CHUNK]))
                ).scalar_one()
                if n:
                    raise ConflictError(
                        f"cannot {verb} {_name(action)}: {n} {other.name} row(s) still refer to {what}; "
                        "undo the action that added them first"
                    )


# ---------------------------------------------------------------------------------------------- row steps


def _current(conn: Connection, t: Table, eid: int) -> Any:
    return conn.execute(select(t).where(pk_column(t) == eid)).first()


def _expect(
    conn: Connection, t: Table, e: _Event, image: dict[str, Any] | None, verb: str, action: Any
) -> None:
    """The row must be exactly as the action left it (or absent), else someone else changed it."""
    assert e.entity_id is not None
    row = _current(conn, t, e.entity_id)
    what = label(e.entity, e.entity_id, image or e.before or e.after)
    if image is None and row is not None:
        raise ConflictError(f"cannot {verb} {_name(action)}: {what} exists again (added later)")
    if image is not None and row is None:
        raise ConflictError(f"cannot {verb} {_name(action)}: {what} was deleted since")
    if image is not None and not same_row(t, image, row):
        raise ConflictError(f"cannot {verb} {_name(action)}: {what} was changed since, outside this history")


def _put(
    uow: UnitOfWork,
    t: Table,
    eid: int,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    verb: str,
    action: Any,
) -> None:
    """Move one row from ``old`` (None: absent) to ``new`` (None: absent), recording the event."""
    conn = uow.session.connection()
    pk = pk_column(t)
    what = label(t.name, eid, old or new)
    try:
        if new is None:
            _check_no_references(conn, t, [eid], what, verb, action)
            conn.execute(delete(t).where(pk == eid))
            op = "delete"
        elif old is None:
            conn.execute(insert(t).values(**bind_values(t, new)))
            op = "insert"
        else:
            values = bind_values(t, new)
            values.pop(pk.name, None)
            conn.execute(update(t).where(pk == eid).values(**values))
            op = "update"
    except IntegrityError as exc:
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        raise ConflictError(
            f"cannot {verb} {_name(action)}: {what} clashes with the book as it is now ({reason})"
        ) from None
    after = None if new is None else row_image(t, _current(conn, t, eid))
    if op == "update" and old is not None and after is not None:
        # An action that recorded some columns only (a reschedule) is reverted on those: the undo's event
        # holds the same columns on both sides, so history shows no "— →" for the others.
        after = {k: v for k, v in after.items() if k in old}
    uow.record(t.name, eid, op, None if old is None else canonical(t, old), after)


def _bulk_remove(uow: UnitOfWork, t: Table, ranges: list[list[int]], verb: str, action: Any) -> None:
    conn = uow.session.connection()
    pk = pk_column(t)
    where = or_(*[and_(pk >= a, pk <= b) for a, b in ranges]) if ranges else pk.is_(None)
    rows = [row_image(t, r) for r in conn.execute(select(t).where(where).order_by(pk))]
    expected = sum(b - a + 1 for a, b in ranges)
    if len(rows) != expected:
        raise ConflictError(
            f"cannot {verb} {_name(action)}: {expected - len(rows)} of its {expected} {t.name} rows "
            "were deleted since"
        )
    ids = [r[pk.name] for r in rows]
    _check_no_references(conn, t, ids, f"{t.name} rows it added", verb, action)
    for a, b in ranges:
        conn.execute(delete(t).where(pk >= a, pk <= b))
    for i in range(0, len(rows), CHUNK):
        part = rows[i : i + CHUNK]
        info = {"op": "delete", "count": len(part), "ids": id_ranges(r[pk.name] for r in part)}
        uow.record(t.name, None, "bulk", {"rows": part}, info)


def _bulk_put_back(uow: UnitOfWork, t: Table, rows: list[dict[str, Any]], verb: str, action: Any) -> None:
    """Insert copies of rows (with their ids) in bulk, refusing if any id is taken again."""
    conn = uow.session.connection()
    pk = pk_column(t)
    ids = [r[pk.name] for r in rows]
    for i in range(0, len(ids), CHUNK):
        n = conn.execute(select(func.count()).select_from(t).where(pk.in_(ids[i : i + CHUNK]))).scalar_one()
        if n:
            raise ConflictError(f"cannot {verb} {_name(action)}: {n} {t.name} rows with its ids exist again")
    try:
        for i in range(0, len(rows), CHUNK):
            conn.execute(insert(t), [bind_values(t, r) for r in rows[i : i + CHUNK]])
    except IntegrityError as exc:
        raise ConflictError(
            f"cannot {verb} {_name(action)}: its {t.name} rows clash with the book now ({exc.orig})"
        ) from None
    uow.record_bulk_insert(t.name, ids)


def _known_bulk(e: _Event) -> bool:
    op = (e.after or {}).get("op")
    if op == "update":
        return isinstance((e.before or {}).get("rows"), list) and isinstance(
            (e.after or {}).get("rows"), list
        )
    return op == "insert" or (op == "delete" and isinstance((e.before or {}).get("rows"), list))


def _bulk_set(uow: UnitOfWork, t: Table, e: _Event, *, forward: bool, verb: str, action: Any) -> None:
    """Revert (``forward=False``) or re-apply a bulk update (:meth:`UnitOfWork.record_bulk_update`): every
    row must still hold the values the action left (or found), as stored; then one statement writes the
    other side back exactly, recorded as one bulk update again."""
    columns = list((e.after or {}).get("columns") or [])
    if not columns or any(c not in t.c or c == pk_column(t).name for c in columns):
        raise StateError(f"cannot {verb} {_name(action)}: its bulk update names columns {t.name} lacks")
    old_rows = (e.before or {}).get("rows") or []
    new_rows = (e.after or {}).get("rows") or []
    now, want = (old_rows, new_rows) if forward else (new_rows, old_rows)
    pk = pk_column(t).name
    stored: dict[int, list[Any]] = {}
    ids = [int(r[0]) for r in now]
    for i in range(0, len(ids), CHUNK):
        part = ids[i : i + CHUNK]
        for r in bulk_rows(
            uow.session,
            f"SELECT {pk}, {', '.join(columns)} FROM {t.name} WHERE {pk} IN ({', '.join('?' * len(part))})",
            part,
        ):
            # as the bulk event spells them (SQLite gives the text it stores; PostgreSQL dates and stamps)
            stored[int(r[0])] = [
                v if v is None or isinstance(v, str | int | float) else str(v) for v in r[1:]
            ]
    for r in now:
        if int(r[0]) not in stored:
            raise ConflictError(
                f"cannot {verb} {_name(action)}: {label(t.name, r[0], None)} was deleted since"
            )
        if stored[int(r[0])] != list(r[1:]):
            raise ConflictError(
                f"cannot {verb} {_name(action)}: {label(t.name, r[0], None)} was changed since, "
                "outside this history"
            )
    execute_many(
        uow.session,
        f"UPDATE {t.name} SET {', '.join(f'{c} = ?' for c in columns)} WHERE {pk} = ?",
        [(*r[1:], r[0]) for r in want],
    )
    note = (e.after or {}).get("note")
    info = {"note": f"{verb} of #{action.id}: {note}"} if note else {}
    uow.record_bulk_update(t.name, columns, now, want, **info)


def _undo_copies(conn: Connection, t: Table, action: Any) -> list[dict[str, Any]]:
    """The rows the latest undo of ``action`` removed from ``t`` (kept in its bulk events)."""
    bt, et = AuditBatch.__table__, AuditEvent.__table__  # type: ignore[attr-defined]
    undo_id = conn.execute(
        select(func.max(bt.c.id)).where(bt.c.kind == "undo", bt.c.target_id == action.id)
    ).scalar_one()
    rows: list[dict[str, Any]] = []
    for (before,) in conn.execute(
        select(et.c.before)
        .where(et.c.batch_id == undo_id, et.c.entity == t.name, et.c.op == "bulk")
        .order_by(et.c.id)
    ):
        rows.extend((json.loads(before) if before else {}).get("rows", []))
    return rows


# ---------------------------------------------------------------------------------------------- undo / redo


def _start(uow: UnitOfWork, kind: str, action: Any) -> None:
    if uow.batch_id is not None:
        raise StateError("undo/redo must be the only thing a unit of work does")
    uow.kind, uow.target_id = kind, None if action is None else action.id


def _finish(uow: UnitOfWork, action: Any, undone: bool) -> UndoResult:
    conn = uow.session.connection()
    t = AuditBatch.__table__  # type: ignore[attr-defined]
    conn.execute(update(t).where(t.c.id == action.id).values(undone_at=utcnow() if undone else None))
    batch_id = uow._ensure_batch()
    info = get_batch(uow.session, action.id)
    return UndoResult(
        action=info, batch_id=batch_id, changes=batch_changes(uow.session, [batch_id])[batch_id]
    )


def undo(uow: UnitOfWork, batch_id: int | None = None) -> UndoResult:
    """Revert an action as a whole (default: the last one not undone). See the module docstring."""
    conn = uow.session.connection()
    action = _last_action(conn) if batch_id is None else _batch(conn, batch_id)
    if action.kind != "action":
        raise StateError(
            f"#{action.id} is an {action.kind} of #{action.target_id}; undo or redo that action instead"
        )
    if action.undone_at is not None:
        raise StateError(f"{_name(action)} is undone already; amtui redo puts it back")
    _not_before_restore(conn, action, "undo")
    events = _events(conn, action.id)
    unknown = [e for e in events if e.op == "bulk" and not _known_bulk(e)]
    if unknown:
        raise StateError(
            f"cannot undo {_name(action)}: it recorded a bulk change undo does not know how to revert"
        )
    _check_later(conn, action, events, "undo")
    _start(uow, "undo", action)
    for e in reversed(events):
        t = table(e.entity)
        if e.op == "bulk" and (e.after or {}).get("op") == "insert":
            _bulk_remove(uow, t, (e.after or {}).get("ids", []), "undo", action)
            continue
        if e.op == "bulk" and (e.after or {}).get("op") == "update":
            _bulk_set(uow, t, e, forward=False, verb="undo", action=action)
            continue
        if e.op == "bulk":
            _bulk_put_back(uow, t, (e.before or {}).get("rows", []), "undo", action)
            continue
        _expect(conn, t, e, e.after, "undo", action)
        assert e.entity_id is not None
        _put(uow, t, e.entity_id, e.after, e.before, "undo", action)
    return _finish(uow, action, undone=True)


def redo(uow: UnitOfWork) -> UndoResult:
    """Re-apply the action the latest undo reverted, if no new action was taken since."""
    conn = uow.session.connection()
    action = _redo_target(conn)
    events = _events(conn, action.id)
    _check_later(conn, action, events, "redo")
    _start(uow, "redo", action)
    restored: set[str] = set()
    for e in events:
        t = table(e.entity)
        if e.op == "bulk" and (e.after or {}).get("op") == "delete":
            _bulk_remove(uow, t, (e.after or {}).get("ids", []), "redo", action)
            continue
        if e.op == "bulk" and (e.after or {}).get("op") == "update":
            _bulk_set(uow, t, e, forward=True, verb="redo", action=action)
            continue
        if e.op == "bulk":
            if t.name not in restored:
                # The rows the undo removed (its bulk events keep copies); the action's own bulk deletes
                # were redone above through their events.
                _bulk_put_back(uow, t, _undo_copies(conn, t, action), "redo", action)
                restored.add(t.name)
            continue
        _expect(conn, t, e, e.before, "redo", action)
        assert e.entity_id is not None
        _put(uow, t, e.entity_id, e.before, e.after, "redo", action)
    return _finish(uow, action, undone=False)


# The names the TUI calls (one key on every screen).
undo_last = undo
redo_last = redo
