"""Who a report is for, and the one rule that decides what each audience sees.

A report is built once, with everything the account manager knows. A field that only the agency may see —
internal notes, escalations and risks, the opportunity pipeline, cost, margin, internal actuals and burn,
the budget's internal status — is declared with :func:`internal` where the report's dataclass declares
it. :func:`for_audience` is the only function that removes them: for the client it empties every such
field (a list becomes empty, anything else ``None``), however deep; for the internal audience it keeps all.
A field declared ``internal("burn")`` belongs to an optional section an account may open to its client
(``amtui account edit ACCOUNT --client-sees burn,actuals``, stored in ``account.client_sees``): the client
version then keeps it. :func:`as_json` writes the client version without the hidden keys at all.
Headlines, decisions and next steps are derived afterwards from what the chosen version contains, so they
never mention what it left out.
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

#: The optional sections an account may let its client see, and what each opens.
CLIENT_SECTIONS: dict[str, str] = {
    "burn": "budget status, burn, EAC and variance",
    "actuals": "actual spend to date and pending change orders",
    "margin": "cost and margin",
    "risks": "open risks",
    "escalations": "open escalations",
    "pipeline": "the opportunity pipeline",
    "notes": "the account manager's notes and contact log",
    "health": "the health trend (QBR)",
}

T = TypeVar("T")


def internal(section: str | None = None) -> Any:
    """A dataclass field the client does not see (no default: declare it like any other field); with
    ``section`` (a :data:`CLIENT_SECTIONS` name) the account's settings may show it to the client."""
    assert section is None or section in CLIENT_SECTIONS, section
    return field(metadata={"audience": INTERNAL, "section": section})


def is_internal(f: Field[Any]) -> bool:
    return f.metadata.get("audience") == INTERNAL


def hidden(f: Field[Any], sees: frozenset[str]) -> bool:
    """Whether the client version leaves ``f`` out, given the sections the account lets its client see."""
    return is_internal(f) and f.metadata.get("section") not in sees


def parse_client_sees(text: str) -> frozenset[str]:
    """``burn,actuals`` → the sections; an unknown name is refused with the list."""
    names = {n.strip().lower() for n in text.split(",") if n.strip()}
    unknown = sorted(names - set(CLIENT_SECTIONS))
    if unknown:
        raise InputError(
            f"--client-sees: unknown section {unknown[0]!r}; choose from {', '.join(CLIENT_SECTIONS)} "
            "(or 'none')"
        )
    return frozenset(names)


def stored_client_sees(value: str | None) -> frozenset[str]:
    """The account's stored setting (names no longer known are ignored)."""
    return frozenset(n for n in (value or "").split(",") if n in CLIENT_SECTIONS)


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


def _redact(value: Any, sees: frozenset[str]) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {}
        for f in fields(value):
            current = getattr(value, f.name)
            if hidden(f, sees):
                changes[f.name] = [] if isinstance(current, list) else None
            else:
                inner = _redact(current, sees)
                if inner is not current:
                    changes[f.name] = inner
        return replace(value, **changes) if changes else value
    if isinstance(value, list) and value and is_dataclass(value[0]):
        return [_redact(v, sees) for v in value]
    return value


def for_audience(report: T, audience: str, sees: frozenset[str] = frozenset()) -> T:
    """The report as ``audience`` may see it: everything for ``internal``; for ``client``, every field
    declared :func:`internal` emptied, except those of the sections in ``sees`` (the account's
    ``client_sees``)."""
    audience = check_audience(audience)
    if audience == INTERNAL:
        return report
    redacted: T = _redact(report, sees)
    return redacted


def as_json(value: Any, audience: str, sees: frozenset[str] | None = None) -> Any:
    """Plain data for JSON; the client version has no hidden keys at all (not even empty ones). ``sees``
    defaults to the report's own ``client_sees`` (what the account lets its client see)."""
    if sees is None:
        sees = frozenset(getattr(value, "client_sees", ()) or ())
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: as_json(getattr(value, f.name), audience, sees)
            for f in fields(value)
            if audience == INTERNAL or not hidden(f, sees)
        }
    if isinstance(value, list | tuple):
        return [as_json(x, audience, sees) for x in value]
    if isinstance(value, dict):
        return {k: as_json(v, audience, sees) for k, v in value.items()}
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
