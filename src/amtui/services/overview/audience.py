"""Who a report is for, and the one rule that decides what each audience sees.

A report is built once, with everything the account manager knows. A field that only the agency may see —
internal notes, escalations and risks, the opportunity pipeline, cost, margin, internal actuals and burn,
the budget's internal status — is declared with :func:`internal` where the report's dataclass declares
it. :func:`for_audience` is the only function that removes them: for the client it empties every such
field (a list becomes empty, anything else ``None``), however deep; for the internal audience it keeps all.
:func:`as_json` writes the client version without the internal keys at all. Headlines, decisions and next
steps are derived afterwards from what the chosen version contains, so they never mention what it left out.
"""

from __future__ import annotations

from dataclasses import Field, field, fields, is_dataclass, replace
from datetime import date, datetime
from typing import Any, TypeVar

from amtui.core.errors import InputError

CLIENT = "client"
INTERNAL = "internal"
AUDIENCES = (CLIENT, INTERNAL)
# Files a client is sent: a report written to one of these is the client version unless told otherwise.
DOCUMENT_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".pdf", ".pptx", ".docx", ".txt")

T = TypeVar("T")


def internal() -> Any:
    """A dataclass field the client never sees (no default: declare it like any other field)."""
    return field(metadata={"audience": INTERNAL})


def is_internal(f: Field[Any]) -> bool:
    return f.metadata.get("audience") == INTERNAL


def check_audience(value: str) -> str:
    key = value.strip().lower()
    if key not in AUDIENCES:
        raise InputError(f"--for must be client or internal, not {value!r}")
    return key


def default_audience(out_name: str | None) -> str:
    """``client`` when the report is written to a document a client could be sent, else ``internal``
    (the account manager reading it on screen, or JSON for scripts)."""
    if out_name is not None and out_name.lower().endswith(DOCUMENT_SUFFIXES):
        return CLIENT
    return INTERNAL


def _redact(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {}
        for f in fields(value):
            current = getattr(value, f.name)
            if is_internal(f):
                changes[f.name] = [] if isinstance(current, list) else None
            else:
                inner = _redact(current)
                if inner is not current:
                    changes[f.name] = inner
        return replace(value, **changes) if changes else value
    if isinstance(value, list) and value and is_dataclass(value[0]):
        return [_redact(v) for v in value]
    return value


def for_audience(report: T, audience: str) -> T:
    """The report as ``audience`` may see it: everything for ``internal``; for ``client``, every field
    declared :func:`internal` emptied."""
    audience = check_audience(audience)
    if audience == INTERNAL:
        return report
    redacted: T = _redact(report)
    return redacted


def as_json(value: Any, audience: str) -> Any:
    """Plain data for JSON; the client version has no internal keys at all (not even empty ones)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: as_json(getattr(value, f.name), audience)
            for f in fields(value)
            if audience == INTERNAL or not is_internal(f)
        }
    if isinstance(value, list | tuple):
        return [as_json(x, audience) for x in value]
    if isinstance(value, dict):
        return {k: as_json(v, audience) for k, v in value.items()}
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
