"""``amtui log``: the interaction log, written mid-call in one line."""

from __future__ import annotations

from typing import Annotated

import typer

from amtui.cli._common import console, date_echo, default_group, emit_json, out, pdate, reading, writing


def register(app: typer.Typer) -> None:
    group = default_group(
        app,
        "log",
        'The interaction log: amtui log ACCOUNT "what happened", log list ACCOUNT, log edit|delete ID.',
        "add",
    )
    group.command(
        "add",
        help=(
            'Log a touchpoint: amtui log ACCOUNT "what happened" [--kind call]. '
            "List them: amtui log list ACCOUNT [--since DATE] [--json]."
        ),
    )(log)
    group.command(
        "edit", help='Correct one log entry: amtui log edit 7 --text "…" [--kind] [--date] [--contact].'
    )(log_edit)
    group.command("delete", help="Delete one log entry (undoable).")(log_delete)
    group.command("list", help="Read an account's log back, newest first, with each entry's id.")(log_list)


def log(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account slug (or 'list').")],
    text: Annotated[str | None, typer.Argument(help="What happened (or, after 'list', the account).")] = None,
    kind: Annotated[str, typer.Option(help="call | meeting | email | presentation | qbr | note")] = "note",
    date_: Annotated[str | None, typer.Option("--date", help="When (default: today).")] = None,
    contact: Annotated[str | None, typer.Option(help="Who it was with.")] = None,
    next_: Annotated[
        str | None, typer.Option("--next", help="The follow-up it leads to (a T-n, due --due).")
    ] = None,
    due: Annotated[
        str | None, typer.Option(help="With --next: when the follow-up is due (thu, +3d …).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="With 'list': only from this date.")] = None,
    limit: Annotated[int, typer.Option(help="With 'list': at most this many.", min=1)] = 50,
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from amtui.core.errors import InputError
    from amtui.services.clients import accounts

    if account == "list":
        if text is None:
            raise InputError("which account? amtui log list ACCOUNT")
        since_on = pdate(since)
        with reading(ctx) as s:
            rows = accounts.list_interactions(s, text, since=since_on, limit=limit)
        if json:
            emit_json(rows)
            return
        from rich.table import Table

        t = Table(box=None, header_style="bold")
        for c in ("ID", "Date", "Kind", "With", "Summary"):
            t.add_column(c)
        for i in rows:
            t.add_row(f"#{i.id}", i.occurred_on.isoformat(), i.kind, i.contact or "", i.summary)
        console().print(t)
        return
    if text is None:
        raise InputError('what happened? amtui log ACCOUNT "summary" [--kind call]')
    on = pdate(date_)
    due_on = pdate(due)
    with writing(ctx) as uow:
        logged = accounts.log_interaction_and_next(
            uow, account, text, kind=kind, on=on, contact=contact, next_step=next_, due_on=due_on
        )
    it, follow_up = logged.interaction, logged.follow_up
    if json:
        emit_json(it if follow_up is None else {"interaction": it, "follow_up": follow_up})
        return
    out(f"Logged {it.kind} with {account.lower()} on {date_echo(date_, it.occurred_on)}")
    if follow_up is not None:
        out(f"Next: {follow_up.ref} {follow_up.title} · due {date_echo(due, follow_up.due_on)}")


EntryId = Annotated[str, typer.Argument(help="The entry's id, as amtui log list shows it (#7 or 7).")]


def log_edit(
    ctx: typer.Context,
    entry: EntryId,
    text: Annotated[str | None, typer.Option("--text", help="What happened, corrected.")] = None,
    kind: Annotated[
        str | None, typer.Option(help="call | meeting | email | presentation | qbr | note")
    ] = None,
    date_: Annotated[str | None, typer.Option("--date", help="When it happened.")] = None,
    contact: Annotated[str | None, typer.Option(help="Who it was with ('' clears it).")] = None,
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Correct one entry of the interaction log (undoable)."""
    from amtui.services.clients import corrections

    on = pdate(date_)
    with writing(ctx) as uow:
        c = corrections.edit_interaction(uow, entry, summary=text, kind=kind, on=on, contact=contact)
    if json:
        emit_json(c)
        return
    out(f"Edited log entry #{c.interaction.id} ({c.account}): {'; '.join(c.changes)}")


def log_delete(
    ctx: typer.Context, entry: EntryId, json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Delete one entry of the interaction log (``amtui undo`` puts it back)."""
    from amtui.services.clients import corrections

    with writing(ctx) as uow:
        c = corrections.delete_interaction(uow, entry)
    if json:
        emit_json(c)
        return
    i = c.interaction
    out(f"Deleted log entry #{i.id} ({c.account}, {i.occurred_on.isoformat()} {i.kind}): {i.summary}")
    out("Undo: amtui undo")


def log_list(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account slug.")],
    since: Annotated[str | None, typer.Option(help="Only from this date.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.", min=1)] = 50,
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """An account's interaction log, newest first (what ``amtui log list ACCOUNT`` always answered)."""
    log(ctx, "list", account, since=since, limit=limit, json=json)
