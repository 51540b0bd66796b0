"""``amtui log``: the interaction log, written mid-call in one line."""

from __future__ import annotations

from typing import Annotated

import typer

from amtui.cli._common import console, date_echo, emit_json, out, pdate, reading, writing


def register(app: typer.Typer) -> None:
    app.command(
        "log",
        help=(
            'Log a touchpoint: amtui log ACCOUNT "what happened" [--kind call]. '
            "List them: amtui log list ACCOUNT [--since DATE] [--json]."
        ),
    )(log)


def log(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account slug (or 'list').")],
    text: Annotated[str | None, typer.Argument(help="What happened (or, after 'list', the account).")] = None,
    kind: Annotated[str, typer.Option(help="call | meeting | email | presentation | qbr | note")] = "note",
    date_: Annotated[str | None, typer.Option("--date", help="When (default: today).")] = None,
    contact: Annotated[str | None, typer.Option(help="Who it was with.")] = None,
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
        for c in ("Date", "Kind", "With", "Summary"):
            t.add_column(c)
        for i in rows:
            t.add_row(i.occurred_on.isoformat(), i.kind, i.contact or "", i.summary)
        console().print(t)
        return
    if text is None:
        raise InputError('what happened? amtui log ACCOUNT "summary" [--kind call]')
    on = pdate(date_)
    with writing(ctx) as uow:
        it = accounts.log_interaction(uow, account, text, kind=kind, on=on, contact=contact)
    if json:
        emit_json(it)
        return
    out(f"Logged {it.kind} with {account.lower()} on {date_echo(date_, it.occurred_on)}")
