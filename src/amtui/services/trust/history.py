"""History: what changed, when, by which command — read from the audit trail every unit of work writes.

Generic over ``SQLModel.metadata``: a change to any table shows up with a readable field diff (money as money,
minutes as hours), and ``REF`` (an account or a project) follows the foreign keys of every table to the rows
that belong to it, including rows deleted since (found through their images in the trail).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, case, func, or_, select
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from amtui.core.errors import NotFoundError
from amtui.store.dialect import json_text
from amtui.store.models import AuditBatch, AuditEvent
from amtui.store.rows import AUDIT_TABLES, label, metadata_tables, pk_column

CHUNK = 5000
EVENTS: Table = AuditEvent.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any
    text: str  # "name 'Acme' → 'Acme Corp'"


@dataclass(frozen=True)
class RowChange:
    entity: str
    entity_id: int | None
    op: str  # insert | update | delete | bulk
    label: str
    fields: list[FieldChange]
    count: int | None  # rows in a bulk event
    text: str  # one readable line


@dataclass(frozen=True)
class BatchInfo:
    id: int
    created_at: datetime
    command: str
    kind: str  # action | undo | redo
    target_id: int | None
    undone_at: datetime | None
    changes: list[RowChange]


# ---------------------------------------------------------------------------------------------- formatting


def show_value(field: str, value: Any, image: dict[str, Any] | None = None) -> str:
    """A stored value as a person reads it: $4,500.00, 2h30m, yes/no, quoted text."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and field.endswith("_cents"):
        from amtui.core.money import format_money

        return format_money(value, str((image or {}).get("currency") or "USD"))
    if isinstance(value, int) and field.endswith("minutes"):
        from amtui.core.dates import format_hours

        return format_hours(value)
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:59] + "…"
        return json.dumps(text, ensure_ascii=False)
    return str(value)


def field_name(field: str) -> str:
    return field.removesuffix("_cents")


def describe(
    entity: str, entity_id: int | None, op: str, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> RowChange:
    """One event as a readable change: ``~ account 'acme': name "Acme" → "Acme Corp"``."""
    if op == "bulk" and (after or {}).get("op") == "update":
        info = after or {}
        count = int(info.get("count") or 0)
        what = info.get("note") or "updated in bulk: " + ", ".join(info.get("columns") or [])
        return RowChange(entity, None, op, entity, [], count, f"~ {count} {entity} rows ({what})")
    if op == "bulk":
        info = after or {}
        count = int(info.get("count") or 0)
        sign = "+" if info.get("op") == "insert" else "-"
        verb = "inserted" if sign == "+" else "removed"
        return RowChange(
            entity, None, op, entity, [], count, f"{sign} {count} {entity} rows ({verb} in bulk)"
        )
    image = after if after is not None else before
    name = label(entity, entity_id, image)
    fields: list[FieldChange] = []
    if op == "update" and before is not None and after is not None:
        for key in sorted(set(before) | set(after)):
            a, b = before.get(key), after.get(key)
            if _norm(a) == _norm(b):
                continue
            if a != b:
                text = f"{field_name(key)} {show_value(key, a, before)} → {show_value(key, b, after)}"
                fields.append(FieldChange(key, a, b, text))
        return RowChange(
            entity, entity_id, op, name, fields, None, f"~ {name}: " + "; ".join(f.text for f in fields)
        )
    for key, value in (image or {}).items():
        if value is None or key in ("id", "created_at") or key.endswith("_id"):
            continue
        fields.append(
            FieldChange(
                key,
                value if op == "delete" else None,
                value if op == "insert" else None,
                f"{field_name(key)} {show_value(key, value, image)}",
            )
        )
    sign = "+" if op == "insert" else "-"
    return RowChange(entity, entity_id, op, name, fields, None, f"{sign} {name}")


def _norm(value: Any) -> Any:
    # Timestamps written by the ORM carry "+00:00"; rows restored by undo are spelled without it.
    return value[:-6] if isinstance(value, str) and value.endswith("+00:00") else value


def _load(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)


# ---------------------------------------------------------------------------------------------- reading


def batch_changes(session: Session, batch_ids: list[int]) -> dict[int, list[RowChange]]:
    """The readable changes of these batches (bulk row copies are not loaded)."""
    out: dict[int, list[RowChange]] = {b: [] for b in batch_ids}
    e = EVENTS.c
    before = case((e.op == "bulk", None), else_=e.before)
    for i in range(0, len(batch_ids), CHUNK):
        q = (
            select(e.batch_id, e.entity, e.entity_id, e.op, before, e.after)
            .where(e.batch_id.in_(batch_ids[i : i + CHUNK]))
            .order_by(e.id)
        )
        for bid, entity, eid, op, b, a in session.execute(q):
            out[bid].append(describe(entity, eid, op, _load(b), _load(a)))
    return out


def _batch_info(b: AuditBatch, changes: list[RowChange]) -> BatchInfo:
    assert b.id is not None
    return BatchInfo(b.id, b.created_at, b.command, b.kind, b.target_id, b.undone_at, changes)


def get_batch(session: Session, batch_id: int) -> BatchInfo:
    b = session.get(AuditBatch, batch_id)
    if b is None:
        raise NotFoundError(f"no action #{batch_id} in the history")
    return _batch_info(b, batch_changes(session, [batch_id])[batch_id])


def history(session: Session, ref: str | None = None, *, limit: int = 20) -> list[BatchInfo]:
    """The last ``limit`` actions (undo and redo included), newest first; with ``ref``, only theirs."""
    if ref is None:
        batches = list(session.exec(orm_select(AuditBatch).order_by(col(AuditBatch.id).desc()).limit(limit)))
        changes = batch_changes(session, [b.id or 0 for b in batches])
        return [_batch_info(b, changes[b.id or 0]) for b in batches]
    owned = owned_rows(session, ref)
    out: list[BatchInfo] = []
    for b in _batches_desc(session):
        assert b.id is not None
        kept = [c for c in batch_changes(session, [b.id])[b.id] if _belongs(session, c, b.id, owned)]
        if kept:
            out.append(_batch_info(b, kept))
            if len(out) >= limit:
                break
    return out


def _batches_desc(session: Session, page: int = 200) -> Iterator[AuditBatch]:
    last: int | None = None
    while True:
        q = orm_select(AuditBatch).order_by(col(AuditBatch.id).desc()).limit(page)
        if last is not None:
            q = q.where(col(AuditBatch.id) < last)
        rows = list(session.exec(q))
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def _belongs(session: Session, change: RowChange, batch_id: int, owned: dict[str, set[int]]) -> bool:
    ids = owned.get(change.entity)
    if not ids:
        return False
    if change.op != "bulk":
        return change.entity_id in ids
    e = EVENTS.c
    for (after,) in session.execute(
        select(e.after).where(e.batch_id == batch_id, e.entity == change.entity, e.op == "bulk")
    ):
        for first, last in (_load(after) or {}).get("ids", []):
            if any(first <= i <= last for i in ids):
                return True
    return False


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    items = sorted(ids)
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def resolve_ref(session: Session, ref: str) -> tuple[str, int]:
    """An account slug or a project reference → (table, id)."""
    from amtui.services.base.refs import scope

    chosen = scope(session, ref)
    if chosen.account_id is not None:
        return "account", chosen.account_id
    return "project", chosen.ids[0]


def owned_rows(session: Session, ref: str) -> dict[str, set[int]]:
    """Every row that belongs to the account/project ``ref``, following foreign keys of every table.

    Rows are found both in the tables (what exists now) and in the trail's row images (what was deleted),
    until nothing new turns up — so a payment of an invoice of a project of the account belongs to it.
    """
    root, root_id = resolve_ref(session, ref)
    owned: dict[str, set[int]] = {root: {root_id}}
    tables = [t for name, t in metadata_tables().items() if name not in AUDIT_TABLES]
    e = EVENTS.c
    image = json_text(func.coalesce(e.after, e.before), session.get_bind().dialect.name)
    changed = True
    while changed:
        changed = False
        for t in tables:
            pk = pk_column(t)
            for fk in t.foreign_keys:
                parents = owned.get(fk.column.table.name)
                if not parents:
                    continue
                found: set[int] = set()
                for ids in _chunks(parents):
                    found.update(session.execute(select(pk).where(fk.parent.in_(ids))).scalars())
                    ref_value = image[fk.parent.name].as_integer()
                    found.update(
                        i
                        for i in session.execute(
                            select(e.entity_id).where(
                                and_(
                                    e.entity == t.name,
                                    or_(e.op == "insert", e.op == "delete"),
                                    ref_value.in_(ids),
                                )
                            )
                        ).scalars()
                        if i is not None
                    )
                new = found - owned.get(t.name, set())
                if new:
                    owned.setdefault(t.name, set()).update(new)
                    changed = True
    return owned
