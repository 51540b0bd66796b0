"""``amtui rate …``: the rate card, each team's bill and cost rate per hour from a date (a project may
override)."""

from __future__ import annotations

from typing import Annotated

import typer

from amtui.cli._common import date_echo, emit_json, money, out, pdate, reading_sql, writing
from amtui.core import clock

rate_app = typer.Typer(help="The rate card: bill and cost rates per team, by date.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(rate_app, name="rate")


@rate_app.command("set")
def rate_set(
    ctx: typer.Context,
    team: Annotated[
        str, typer.Argument(help="creative | media | strategy | analytics | production | account")
    ],
    bill: Annotated[str, typer.Option("--bill", help="What an hour bills the client, e.g. 165.")],
    cost: Annotated[str, typer.Option("--cost", help="What an hour costs the agency, e.g. 70.")],
    from_: Annotated[
        str | None, typer.Option("--from", help="Valid from this date on (default today).")
    ] = None,
    project: Annotated[
        str | None, typer.Option("--project", help="Only for this project (account/project): an override.")
    ] = None,
) -> None:
    """Set a team's rates from a date; an earlier rate stays valid until then."""
    from amtui.core.money import parse_money
    from amtui.services.estimates import rates

    bill_cents = parse_money(bill, allow_zero=False)
    cost_cents = parse_money(cost)
    on = pdate(from_) or clock.today()
    with writing(ctx) as uow:
        r, replaced = rates.set_rate(
            uow, team, bill_cents=bill_cents, cost_cents=cost_cents, valid_from=on, project=project
        )
    where = f" for {r.project}" if r.project else ""
    verb = "replaced" if replaced else "set"
    margin = "" if r.margin_pct is None else f" · margin {round(r.margin_pct * 100)}%"
    out(
        f"Rate {verb}: {r.team}{where} from {date_echo(from_, on)}: bill {money(r.bill_cents)}/h, "
        f"cost {money(r.cost_cents)}/h{margin}"
    )


@rate_app.command("list")
def rate_list(
    ctx: typer.Context,
    project: Annotated[str | None, typer.Option("--project", help="Only this project's overrides.")] = None,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """The rate card: every team's rates by date, then the projects' overrides."""
    from amtui.services.estimates import rates

    with reading_sql(ctx) as con:
        found = rates.list_rates(con, project=project)
    if json:
        emit_json(found)
        return
    if not found:
        out("No rates yet: amtui rate set creative --bill 165 --cost 70")
        return
    from amtui.cli._grid import Cell, grid

    table: list[list[Cell]] = []
    for r in found:
        margin = "—" if r.margin_pct is None else f"{round(r.margin_pct * 100)}%"
        texts = [
            r.team,
            r.project or "book",
            r.valid_from.isoformat(),
            money(r.bill_cents),
            money(r.cost_cents),
        ]
        table.append([(x, None) for x in [*texts, margin]])
    grid("Rate card", ["Team", "For", "From", "Bill/h", "Cost/h", "Margin"], table, right={3, 4, 5})
