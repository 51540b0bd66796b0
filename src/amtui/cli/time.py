"""``amtui time`` and ``amtui cost``: actuals in one line, answered with what they did to the budget."""

from __future__ import annotations

from typing import Annotated

import typer

from amtui.cli._common import date_echo, default_group, emit_json, err, out, pdate, writing
from amtui.cli.time_entries import cost_delete, cost_edit, cost_list, time_delete, time_edit, time_list
from amtui.core import clock

Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
DateOpt = Annotated[str | None, typer.Option("--date", help="When (default: today).")]
NonBillable = Annotated[bool, typer.Option("--non-billable", help="Not billable to the client.")]
OutOfScope = Annotated[
    bool, typer.Option("--out-of-scope", help="Outside the agreed scope (shows as unapproved scope).")
]


def register(app: typer.Typer) -> None:
    t = default_group(
        app,
        "time",
        "Log time (amtui time REF 2.5), see it (time list), correct it (time edit ID, time delete ID).",
        "log",
    )
    t.command(
        "log",
        help="Log time: amtui time REF 2.5 [--team creative] [--person] [--rate 150] [--cost-rate 85].",
    )(time)
    t.command("list", help="The timesheet: entries with their ids, totals by day and by project.")(time_list)
    t.command("edit", help="Correct one time entry: amtui time edit 12 --hours 3 [--date] [--rate] ….")(
        time_edit
    )
    t.command("delete", help="Delete one time entry (undoable); invoiced time only with --force.")(
        time_delete
    )
    c = default_group(
        app,
        "cost",
        'Log a cost (amtui cost REF 1200 --note "…"), see them (cost list), correct one (cost edit|delete).',
        "log",
    )
    c.command("log", help='Log a cost: amtui cost REF 1200 --note "stock photo licence".')(cost)
    c.command("list", help="Costs with their ids, totals by day and by project.")(cost_list)
    c.command("edit", help="Correct one cost: amtui cost edit 4 --amount 1350 [--date] [--note] ….")(
        cost_edit
    )
    c.command("delete", help="Delete one cost (undoable); an invoiced one only with --force.")(cost_delete)


def _flags(billable: bool, out_of_scope: bool) -> str:
    flags = [f for f, on in (("non-billable", not billable), ("out of scope", out_of_scope)) if on]
    return f" ({', '.join(flags)})" if flags else ""


def _warn(warnings: tuple[str, ...]) -> None:
    """Saved, but unlikely: one line each on stderr (stdout stays the answer, and ``--json`` stays JSON)."""
    for w in warnings:
        err(f"Warning: {w}")


def time(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Project: account/project, or the project slug alone.")],
    hours: Annotated[str, typer.Argument(help="Hours: 2.5, 1h30m, 45m or 1:30.")],
    date_: DateOpt = None,
    team: Annotated[
        str | None, typer.Option(help="creative | media | strategy | analytics | production | account")
    ] = None,
    person: Annotated[str | None, typer.Option(help="Who did the work.")] = None,
    rate: Annotated[
        str | None,
        typer.Option(
            help="Hourly rate, e.g. 150 (default: the rate card's for --team on that date, else the "
            "project's)."
        ),
    ] = None,
    cost_rate: Annotated[
        str | None,
        typer.Option(
            "--cost-rate",
            help="What the hour costs the agency, e.g. 85 (default: the config's for the person, else the "
            "rate card's for --team, else the config's for the team).",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help="What the time was for.")] = None,
    non_billable: NonBillable = False,
    out_of_scope: OutOfScope = False,
    json: Json = False,
) -> None:
    """Log time to a project."""
    from amtui.core.dates import format_hours, parse_hours
    from amtui.core.money import format_money, parse_money
    from amtui.services.money import actuals
    from amtui.services.money.budget_health import describe

    minutes = parse_hours(hours)
    rate_cents = parse_money(rate) if rate is not None else None
    cost_rate_cents = parse_money(cost_rate) if cost_rate is not None else None
    on = pdate(date_) or clock.today()
    with writing(ctx) as uow:
        t = actuals.log_time(
            uow,
            ref,
            minutes,
            on=on,
            team=team,
            person=person,
            rate_cents=rate_cents,
            cost_rate_cents=cost_rate_cents,
            note=note,
            billable=not non_billable,
            out_of_scope=out_of_scope,
        )
    _warn(t.warnings)
    if json:
        emit_json(t)
        return
    value = format_money(t.amount_cents, t.currency)
    out(
        f"Logged {format_hours(t.minutes)} ({value}){_flags(t.billable, t.out_of_scope)} to {t.project}"
        f" on {date_echo(date_, t.entry_date)} · {describe(t.health)}"
    )


def cost(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Project: account/project, or the project slug alone.")],
    amount: Annotated[str, typer.Argument(help="Amount, e.g. 1200 or 1,200.00.")],
    note: Annotated[str | None, typer.Option(help="What it was, e.g. 'stock photo licence'.")] = None,
    date_: DateOpt = None,
    non_billable: NonBillable = False,
    out_of_scope: OutOfScope = False,
    json: Json = False,
) -> None:
    """Log a cost to a project."""
    from amtui.core.money import format_money, parse_money
    from amtui.services.money import actuals
    from amtui.services.money.budget_health import describe

    cents = parse_money(amount, allow_zero=False)
    on = pdate(date_) or clock.today()
    with writing(ctx) as uow:
        c = actuals.log_cost(
            uow,
            ref,
            cents,
            on=on,
            note=note,
            billable=not non_billable,
            out_of_scope=out_of_scope,
        )
    _warn(c.warnings)
    if json:
        emit_json(c)
        return
    what = f" ({c.note})" if c.note else ""
    out(
        f"Logged cost {format_money(c.amount_cents, c.currency)}{what}{_flags(c.billable, c.out_of_scope)}"
        f" to {c.project} on {date_echo(date_, c.entry_date)} · {describe(c.health)}"
    )
