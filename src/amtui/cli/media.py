"""``amtui media plan REF --month 2026-12 --amount 12000``: a project's media budget by month."""

from __future__ import annotations

from typing import Annotated

import typer

from amtui.cli._common import emit_json, money, out, writing

media_app = typer.Typer(
    help="Media budgets by month (what performance paces spend against).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(media_app, name="media")


@media_app.command("plan")
def media_plan(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="account/project.")],
    month: Annotated[str, typer.Option("--month", help="The month, e.g. 2026-12.")],
    amount: Annotated[str, typer.Option("--amount", help="Media budget for that month (0 removes it).")],
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Set a project's media budget for one month; pacing then plans month by month."""
    from amtui.core.money import parse_money
    from amtui.services.growth import metrics

    cents = 0 if amount.strip() in ("0", "0.00") else parse_money(amount)
    with writing(ctx) as uow:
        info = metrics.set_media_plan(uow, ref, month, cents)
    if json:
        emit_json(info)
        return
    what = f"{money(info.amount_cents, info.currency)}" if info.amount_cents else "removed"
    out(
        f"Media plan for {info.project} {info.month}: {what} "
        f"({info.months} month(s) planned, {money(info.total_cents, info.currency)} in all)"
    )
