"""``amtui history``, ``amtui undo``, ``amtui redo``: what changed, and taking it back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from amtui.cli._common import emit_json, out, reading, writing

if TYPE_CHECKING:
    from amtui.services.trust.history import BatchInfo, RowChange

MAX_LINES = 8


def register(app: typer.Typer) -> None:
    app.command("history", help="What changed, when, by which command: before → after.")(history)
    app.command("undo", help="Take back the last action as a whole (repeat to step further back).")(undo)
    app.command("redo", help="Re-apply the last undone action (until a new action is taken).")(redo)


def _when(b: BatchInfo) -> str:
    return b.created_at.astimezone().strftime("%Y-%m-%d %H:%M")


def _tag(b: BatchInfo) -> str:
    if b.kind == "undo":
        return f"  (undid #{b.target_id})"
    if b.kind == "redo":
        return f"  (redid #{b.target_id})"
    return "  (undone)" if b.undone_at else ""


def _changes(changes: list[RowChange], indent: str = "    ") -> None:
    for c in changes[:MAX_LINES]:
        out(f"{indent}{c.text}")
        if c.op in ("insert", "delete") and c.fields:
            details = ", ".join(f.text for f in c.fields[:6])
            out(f"{indent}    {details if len(details) <= 100 else details[:99] + '…'}")
    if len(changes) > MAX_LINES:
        out(f"{indent}… and {len(changes) - MAX_LINES} more")


def history(
    ctx: typer.Context,
    ref: Annotated[
        str | None, typer.Argument(help="Only this account or project (and what belongs to it).")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many actions.", min=1)] = 20,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    from amtui.services.trust import history as svc

    with reading(ctx) as s:
        rows = svc.history(s, ref, limit=limit)
    if json:
        emit_json(rows)
        return
    if not rows:
        out("No history yet" + (f" for {ref}" if ref else ""))
        return
    for b in rows:
        out(f"#{b.id}  {_when(b)}  {b.command}{_tag(b)}")
        _changes(b.changes)


def _parse_batch(value: str | None) -> int | None:
    from amtui.core.errors import InputError

    if value is None:
        return None
    text = value.strip().lstrip("#")
    if not text.isdigit():
        raise InputError(f"not an action number: {value!r}; use the #N that amtui history shows")
    return int(text)


def undo(
    ctx: typer.Context,
    action: Annotated[
        str | None, typer.Argument(help="An earlier action's #N from amtui history (default: the last).")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    from amtui.services.trust import undo as svc

    batch = _parse_batch(action)
    with writing(ctx, "amtui undo" + (f" #{batch}" if batch else "")) as uow:
        result = svc.undo(uow, batch)
    if json:
        emit_json(result)
        return
    out(f"Undid #{result.action.id} {result.action.command} ({_when(result.action)}):")
    _changes(result.changes, "  ")
    out("amtui redo puts it back")


def redo(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    from amtui.services.trust import undo as svc

    with writing(ctx, "amtui redo") as uow:
        result = svc.redo(uow)
    if json:
        emit_json(result)
        return
    out(f"Redid #{result.action.id} {result.action.command}:")
    _changes(result.changes, "  ")
