"""Rows of any table as plain JSON values, and back: the generic codec undo, history and export share.

Everything here works from ``SQLModel.metadata``, so a table another capability adds is covered without a
line of code here: its rows can be undone, diffed, exported and imported as soon as its model is imported.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

from amtui.core.errors import InputError

# Bookkeeping tables: exported with the book, but never "rows an action touched".
AUDIT_TABLES = ("audit_batch", "audit_event")
# Fields that say which row it is, in order of preference, for one-line descriptions.
LABEL_FIELDS = ("slug", "number", "name", "title", "summary", "note", "command")


def metadata_tables() -> dict[str, Table]:
    """Every table the app knows (importing the models registers them)."""
    from amtui.store.models import load_all

    load_all()
    return dict(SQLModel.metadata.tables)


def table(name: str) -> Table:
    t = metadata_tables().get(name)
    if t is None:
        raise InputError(f"unknown table {name!r}")
    return t


def pk_column(t: Table) -> Column[Any]:
    cols = list(t.primary_key.columns)
    if len(cols) != 1:  # pragma: no cover - every amtui table has one integer id
        raise InputError(f"table {t.name!r} has no single-column primary key")
    return cols[0]


def _kind(col: Column[Any]) -> type | None:
    """The Python type a column holds, looking through TypeDecorators (SQLModel's AutoString, UTCDateTime)."""
    typ: Any = col.type
    while isinstance(typ, TypeDecorator):
        typ = typ.impl_instance
    try:
        kind = typ.python_type
    except NotImplementedError:  # pragma: no cover - exotic types
        return None
    return kind if kind is not object else None


def to_json_value(col: Column[Any], value: Any) -> Any:
    """A stored value as JSON: ISO dates, datetimes in UTC without offset noise, ints, bools, strings."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if _kind(col) is bool:
        return bool(value)
    return value


def from_json_value(col: Column[Any], value: Any, *, strict: bool = False) -> Any:
    """A JSON value as the Python value the column's type binds. ``strict`` refuses wrong JSON types."""
    if value is None:
        if strict and not col.nullable and not col.primary_key:
            raise InputError(f"{col.name} must not be null")
        return None
    kind = _kind(col)
    try:
        if kind is datetime:
            if not isinstance(value, str):
                raise ValueError("expected an ISO timestamp")
            dt = datetime.fromisoformat(value)
            return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)
        if kind is date:
            if not isinstance(value, str):
                raise ValueError("expected an ISO date")
            return date.fromisoformat(value)
        if kind is bool:
            if strict and not isinstance(value, bool):
                raise ValueError("expected true or false")
            return bool(value)
        if kind is int:
            if strict and (isinstance(value, bool) or not isinstance(value, int)):
                raise ValueError("expected a whole number")
            return int(value)
        if kind is str:
            if strict and not isinstance(value, str):
                raise ValueError("expected text")
            length = getattr(col.type, "length", None)
            if strict and length is not None and len(value) > length:
                raise ValueError(f"longer than {length} characters")
            return value
    except (ValueError, TypeError) as exc:
        raise InputError(f"{col.name}: {exc}") from exc
    return value


def row_image(t: Table, row: Any) -> dict[str, Any]:
    """A fetched row (Core mapping) as a JSON-ready dict with every column, keys in column order."""
    m = row._mapping if hasattr(row, "_mapping") else row
    return {c.name: to_json_value(c, m[c.name]) for c in t.columns}


def bind_values(t: Table, image: dict[str, Any], *, strict: bool = False) -> dict[str, Any]:
    """A JSON image (from the audit trail or an export) as values for insert()/update().

    Keys that are no longer columns (a column dropped by a later migration) are left out; missing keys take
    the column's default.
    """
    return {c.name: from_json_value(c, image[c.name], strict=strict) for c in t.columns if c.name in image}


def canonical(t: Table, image: dict[str, Any]) -> dict[str, Any]:
    """An image in the export's spelling (UTC timestamps without offset), so diffs compare like with like."""
    return {k: to_json_value(t.c[k], from_json_value(t.c[k], v)) if k in t.c else v for k, v in image.items()}


def same_row(t: Table, image: dict[str, Any], row: Any) -> bool:
    """Whether the stored row still holds what ``image`` says (comparing only the image's columns)."""
    stored = row_image(t, row)
    for c in t.columns:
        if c.name not in image:
            continue
        want = to_json_value(c, from_json_value(c, image[c.name]))
        if want != stored[c.name]:
            return False
    return True


def label(entity: str, entity_id: int | None, image: dict[str, Any] | None) -> str:
    """``account 'helios'``, ``change_order CO-14``, ``interaction #7 'Weekly status: …'``."""
    image = image or {}
    for key in LABEL_FIELDS:
        value = image.get(key)
        if value in (None, ""):
            continue
        if key == "number" and entity == "change_order":
            return f"{entity} CO-{value}"
        if key == "number" and entity == "follow_up":
            return f"{entity} T-{value}"
        text = str(value)
        text = text if len(text) <= 40 else text[:39] + "…"
        if key == "slug":
            return f"{entity} {text!r}"
        return f"{entity} #{entity_id} {text!r}"
    return f"{entity} #{entity_id}"
