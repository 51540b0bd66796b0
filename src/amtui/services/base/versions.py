"""Changed since you opened it": the one check every edit form makes before it saves.

A form remembers the fields it showed when it opened (:func:`seen`: label → value, as the user saw them).
Its save reads the same fields again *inside the unit of work that writes* (``BEGIN IMMEDIATE``, so no other
writer can slip in between) and calls :func:`check_unchanged`: when any differs, the save is refused with a
:class:`~amtui.core.errors.ConflictError` naming each change, and nothing is written. The form keeps what the
user typed on screen, so no write is lost either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from amtui.core.errors import ConflictError

Seen = dict[str, str]


def _text(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def seen(**fields: object) -> Seen:
    """The fields as shown (``None`` and ``""`` both read ``—``), to compare with later."""
    return {name: _text(value) for name, value in fields.items()}


def changes(opened: Mapping[str, str], now: Mapping[str, str]) -> list[str]:
    """``owner: Sam → Pat`` for every field that differs (a field only one side has counts as changed)."""
    out = []
    for name in dict.fromkeys([*opened, *now]):
        before, after = opened.get(name, "—"), now.get(name, "—")
        if before != after:
            out.append(f"{name}: {_short(before)} → {_short(after)}")
    return out


def check_unchanged(what: str, opened: Mapping[str, str], now: Mapping[str, str]) -> None:
    """Refuse (ConflictError) when ``now`` differs from what the form ``opened`` with."""
    diff = changes(opened, now)
    if diff:
        raise ConflictError(
            f"{what} changed since you opened it ({'; '.join(diff)}); nothing saved — "
            "your input is kept: close the form and open it again to start from the new values"
        )


def text_diff(
    theirs: str, yours: str, *, theirs_label: str = "saved elsewhere", yours_label: str = "yours"
) -> str:
    """A unified diff of a text saved elsewhere against the one the user wrote (``-`` theirs, ``+`` yours):
    what a refused save of a long text shows, so the user can carry their changes over."""
    import difflib

    lines = difflib.unified_diff(
        theirs.splitlines(), yours.splitlines(), fromfile=theirs_label, tofile=yours_label, lineterm=""
    )
    return "\n".join(lines)


def _short(text: str, limit: int = 40) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
