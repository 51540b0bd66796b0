"""``amtui opp …``: the growth pipeline inside existing accounts."""

from __future__ import annotations

from typing import Annotated

import typer

from amtui.cli._common import (
    Csv,
    console,
    date_echo,
    emit_csv,
    emit_json,
    money,
    one_format,
    out,
    pdate,
    reading_sql,
    writing,
)

opp_app = typer.Typer(help="Growth opportunities in existing accounts.", no_args_is_help=True)
Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def register(app: typer.Typer) -> None:
    app.add_typer(opp_app, name="opp")


def _pipeline_line(ctx: typer.Context, account: str) -> str:
    from amtui.services.growth import pipeline

    with reading_sql(ctx) as s:
        p = pipeline.pipeline(s, account)
    return ", ".join(
        f"{money(a.weighted_cents, a.currency)} weighted of {money(a.value_cents, a.currency)}"
        for a in p.accounts
    )


@opp_app.command("add")
def opp_add(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account slug.")],
    title: Annotated[str, typer.Argument(help="What the opportunity is.")],
    value: Annotated[str, typer.Option(help="Expected value, e.g. 24000.")],
    probability: Annotated[str, typer.Option(help="Chance of winning, 0–100 (e.g. 40 or 40%).")],
    type_: Annotated[
        str,
        typer.Option(
            "--type", help="expanded-scope | new-channel | additional-service | new-brand-or-market"
        ),
    ] = "expanded-scope",
    stage: Annotated[
        str, typer.Option(help="identified | qualified | proposal | negotiation")
    ] = "identified",
    next_step: Annotated[str | None, typer.Option("--next-step", help="The next action.")] = None,
    next_date: Annotated[str | None, typer.Option("--next-date", help="When the next action is due.")] = None,
    close_by: Annotated[
        str | None, typer.Option("--close-by", help="When the deal is expected to close.")
    ] = None,
) -> None:
    """Add an opportunity to an account's pipeline."""
    from amtui.core.money import parse_money
    from amtui.services.growth import pipeline

    value_cents = parse_money(value, allow_zero=False)
    prob = pipeline.parse_probability(probability)
    next_on, expected_close = pdate(next_date), pdate(close_by)
    with writing(ctx) as uow:
        o = pipeline.add_opportunity(
            uow,
            account,
            title,
            value_cents=value_cents,
            probability=prob,
            kind=type_,
            stage=stage,
            next_step=next_step,
            next_on=next_on,
            expected_close=expected_close,
        )
    nxt = f" · next: {o.next_step or 'step'} {date_echo(next_date, next_on)}" if next_on else ""
    out(
        f"{o.ref} added to {o.account}: {o.title} · {money(o.value_cents, o.currency)} at {o.probability}% "
        f"= {money(o.weighted_cents, o.currency)} weighted{nxt}"
    )
    out(f"  {o.account} pipeline now {_pipeline_line(ctx, o.account)}")


@opp_app.command("list")
def opp_list(
    ctx: typer.Context,
    account: Annotated[str | None, typer.Argument(help="Account slug (default: the whole book).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include won and lost opportunities.")] = False,
    json: Json = False,
    csv: Csv = False,
) -> None:
    """The pipeline: open opportunities with weighted value per account and in total."""
    from amtui.services.growth import pipeline

    one_format(json, csv)
    with reading_sql(ctx) as s:
        p = pipeline.pipeline(s, account, include_closed=all_)
    if json:
        emit_json(p)
        return
    if csv:  # the JSON's opportunity rows
        emit_csv(p.opportunities, pipeline.OpportunityInfo)
        return
    if not p.opportunities:
        out('No open opportunities: amtui opp add ACCOUNT "title" --value 24000 --probability 40')
        return
    from rich.table import Table

    t = Table(box=None, header_style="bold")
    for c in pipeline.LIST_COLUMNS:
        t.add_column(c, justify="right" if c in pipeline.RIGHT_ALIGNED else "left")
    for o in p.opportunities:
        nxt = f"{o.next_on.isoformat()} {o.next_step or ''}".strip() if o.next_on else (o.next_step or "—")
        t.add_row(
            o.ref,
            o.account,
            o.title,
            o.type,
            o.stage,
            money(o.value_cents, o.currency),
            f"{o.probability}%",
            money(o.weighted_cents, o.currency),
            nxt,
            o.status + (f" → {o.project}" if o.project else ""),
            o.expected_close.isoformat() if o.expected_close else "—",
        )
    c = console()
    c.print(t)
    for a in p.accounts:
        c.print(
            f"{a.account}: {a.open} open · {money(a.value_cents, a.currency)} · "
            f"{money(a.weighted_cents, a.currency)} weighted"
        )
    for tot in p.totals:
        c.print(
            f"[bold]Total[/]: {tot.open} open · {money(tot.value_cents, tot.currency)} · "
            f"{money(tot.weighted_cents, tot.currency)} weighted"
        )


@opp_app.command("move")
def opp_move(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="OPP-3 or 3.")],
    stage: Annotated[str | None, typer.Option(help="identified | qualified | proposal | negotiation")] = None,
    probability: Annotated[str | None, typer.Option(help="New chance of winning, 0–100.")] = None,
    next_step: Annotated[str | None, typer.Option("--next-step")] = None,
    next_date: Annotated[str | None, typer.Option("--next-date")] = None,
) -> None:
    """Move an opportunity to another stage, or update its probability and next step."""
    from amtui.services.growth import pipeline

    prob = pipeline.parse_probability(probability) if probability is not None else None
    next_on = pdate(next_date)
    with writing(ctx) as uow:
        o, old = pipeline.move_opportunity(
            uow, ref, stage=stage, probability=prob, next_step=next_step, next_on=next_on
        )
    moved = f"{old} → {o.stage}" if old != o.stage else f"still {o.stage}"
    out(
        f"{o.ref} {o.title}: {moved} · {o.probability}% = {money(o.weighted_cents, o.currency)} weighted"
        + (f" · next {date_echo(next_date, next_on)}" if next_on else "")
    )


@opp_app.command("won")
def opp_won(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="OPP-3 or 3.")],
    create_project: Annotated[
        str | None,
        typer.Option("--create-project", help="Make the won work a project: SLUG or ACCOUNT/SLUG."),
    ] = None,
    budget: Annotated[str | None, typer.Option(help="The new project's budget (default: the value).")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="When it was won (default: today).")] = None,
) -> None:
    """Mark an opportunity won (optionally creating its project)."""
    from amtui.core.money import parse_money
    from amtui.services.growth import pipeline

    budget_cents = parse_money(budget) if budget is not None else None
    on = pdate(date_)
    with writing(ctx) as uow:
        o = pipeline.win_opportunity(
            uow, ref, create_project=create_project, budget_cents=budget_cents, on=on
        )
    extra = f" · project {o.project} created" if o.project else ""
    out(f"{o.ref} won: {o.title} · {money(o.value_cents, o.currency)} for {o.account}{extra}")


@opp_app.command("lost")
def opp_lost(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="OPP-3 or 3.")],
    reason: Annotated[str | None, typer.Option(help="Why it was lost.")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="When (default: today).")] = None,
) -> None:
    """Mark an opportunity lost (it leaves the weighted pipeline)."""
    from amtui.services.growth import pipeline

    on = pdate(date_)
    with writing(ctx) as uow:
        o = pipeline.lose_opportunity(uow, ref, reason=reason, on=on)
    out(
        f"{o.ref} lost: {o.title}"
        + (f" ({o.reason})" if o.reason else "")
        + f" · {o.account} pipeline updated"
    )


@opp_app.command("edit")
def opp_edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="OPP-3 or 3.")],
    title: Annotated[str | None, typer.Option(help="The title, corrected.")] = None,
    value: Annotated[str | None, typer.Option(help="Its value, e.g. 24000.")] = None,
    probability: Annotated[str | None, typer.Option(help="Chance of winning, 0–100.")] = None,
    next_step: Annotated[
        str | None, typer.Option("--next-step", help="The next step ('' clears it).")
    ] = None,
    next_date: Annotated[str | None, typer.Option("--next-date", help="When the next step is due.")] = None,
    closed_on: Annotated[
        str | None, typer.Option("--closed-on", help="A won or lost one: the day it closed.")
    ] = None,
    close_by: Annotated[
        str | None, typer.Option("--close-by", help="An open one: when it is expected to close.")
    ] = None,
) -> None:
    """Correct an opportunity: title, value, probability, next step, close date (undoable)."""
    from amtui.core.money import parse_money
    from amtui.services.growth import opp_edit as edits

    cents = parse_money(value, allow_zero=False) if value is not None else None
    next_on, closed, expected_close = pdate(next_date), pdate(closed_on), pdate(close_by)
    with writing(ctx) as uow:
        o, changes = edits.edit_opportunity(
            uow,
            ref,
            title=title,
            value_cents=cents,
            probability=probability,
            next_step=next_step,
            next_on=next_on,
            closed_on=closed,
            expected_close=expected_close,
        )
    out(f"Edited {o.ref} ({o.account}): {'; '.join(changes)}")
    out(_pipeline_line(ctx, o.account))
