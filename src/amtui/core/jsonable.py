"""Plain data for ``--json``: dataclasses become dicts, dates ISO text. Free of database imports."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

#: Values JSON takes as they are (checked by exact type first: a whole book's reconcile is ~60,000 values).
_PLAIN = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def to_jsonable(obj: Any) -> Any:
    """Dataclasses → dicts with ISO dates; leaves other values alone."""
    if type(obj) in _PLAIN:
        return obj
    if is_dataclass(obj) and not isinstance(obj, type):
        return {name: to_jsonable(getattr(obj, name)) for name in _field_names(type(obj))}
    if isinstance(obj, list | tuple):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    return obj
