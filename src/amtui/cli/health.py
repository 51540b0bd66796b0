"""``amtui health [ACCOUNT]`` and ``amtui health snapshot``: account health, its factors and its trend; and
``amtui today``: the TUI's first screen as a list."""

from __future__ import annotations

from typing import Annotated

import typer

from amtui.cli._common import (
    AmOption,
    console,
    date_echo,
    emit_json,
    out,
    pdate,
    reading,
    reading_sql,
    writing,
)


def register(app: typer.Typer) -> None:
    app.command("health")(health)
    app.command("today")(today)


def today(
    ctx: typer.Context,
    am: AmOption = None,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """What needs you now, most urgent first (the TUI's Today), each line with its account's AM."""
    from dataclasses import asdict

    from amtui.core import clock
    from amtui.services.clients.am import ams
    from amtui.services.overview.today import attention

    with reading_sql(ctx) as db:  # every provider is on the SQL runner: no SQLAlchemy for a one-liner
        items = attention(db, today=clock.today(), am=am)
        by_am = ams(db)
    if json:
        emit_json([asdict(i) | {"am": by_am.get(i.account)} for i in items])
        return
    if not items:
        out(f"Nothing needs AM {am} today" if am else "Nothing needs you today")
        return
    from amtui.cli._plain import print_table

    print_table(
        ("Severity", "Account", "AM", "What", "Detail"),
        [(i.severity, i.account, by_am.get(i.account) or "—", i.title, i.detail) for i in items],
    )


def health(
    ctx: typer.Context,
    account: Annotated[
        str | None, typer.Argument(help="An account slug, or 'snapshot' to store today's scores.")
    ] = None,
    date_: Annotated[str | None, typer.Option("--date", help="As of this day (default: today).")] = None,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Account health 0–100: the score, what each factor cost, and the trend (least healthy first)."""
    from amtui.services.overview import health as svc

    on = pdate(date_)
    if account is not None and account.strip().lower() == "snapshot":
        with writing(ctx) as uow:
            rows = svc.snapshot(uow, on)
        if json:
            emit_json(rows)
            return
        day = rows[0].as_of if rows else on
        when = date_echo(date_, day) if day else "today"
        out(f"Stored health for {len(rows)} account(s) on {when}: " + ", ".join(
            f"{h.account} {h.score}" for h in rows
        ))  # fmt: skip
        return
    with reading(ctx) as s:
        rows = [svc.account_health(s, account, on)] if account else svc.book_health(s, on)
    if json:
        emit_json(rows if not account else rows[0])
        return
    if not rows:
        out('No accounts yet: amtui account add "Client name"')
        return
    from amtui.core.textchart import sparkline

    c = console()
    colour = {"healthy": "green", "watch": "yellow", "at-risk": "red"}
    for h in rows:
        change = "" if h.previous_on is None else f" ({h.change:+d} since {h.previous_on.isoformat()})"
        trend = sparkline([t.score for t in h.trend])
        c.print(f"[bold]{h.account}[/] [{colour[h.band]}]{h.score}[/] {h.band}{change} {trend}")
        if account or h.score < 100:
            for f in h.factors:
                if not account and f.cost == 0:
                    continue
                dim = "[dim]" if not f.measured else ""
                c.print(f"  {dim}{svc.factor_line(f)}{'[/]' if dim else ''}")
