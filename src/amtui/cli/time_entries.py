"""``amtui time list|edit|delete`` and ``amtui cost list|edit|delete``: the timesheet, and corrections of one
entry (registered by :mod:`amtui.cli.time`, beside logging)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from amtui.cli._common import (
    Csv,
    emit_csv,
    emit_json,
    err,
    money,
    one_format,
    out,
    pdate,
    reading_sql,
    writing,
)

if TYPE_CHECKING:
    from amtui.services.money.entry_edits import CostChanged, TimeChanged

Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
EntryId = Annotated[str, typer.Argument(help="The entry's id, as the list shows it (#12 or 12).")]
Ref = Annotated[str | None, typer.Argument(help="An account, or a project (default: the whole book).")]
From = Annotated[str | None, typer.Option("--from", help="First day (default: the 7 days to today).")]
To = Annotated[str | None, typer.Option("--to", help="Last day (default: today).")]
Week = Annotated[bool, typer.Option("--week", help="The 7 days to today.")]
Month = Annotated[bool, typer.Option("--month", help="This month to today.")]
Billable = Annotated[
    bool | None,
    typer.Option("--billable/--non-billable", help="Billable to the client, or not.", show_default=False),
]
InScope = Annotated[
    bool | None,
    typer.Option(
        "--in-scope/--out-of-scope", help="Inside the agreed scope, or outside it.", show_default=False
    ),
]
Force = Annotated[bool, typer.Option("--force", help="Delete even what an issued invoice already billed.")]


def warn(warnings: tuple[str, ...]) -> None:
    """Saved, but unlikely: one line each on stderr (stdout stays the answer, and ``--json`` stays JSON)."""
    for w in warnings:
        err(f"Warning: {w}")


# ---------------------------------------------------------------------------------------------- the timesheet


def _flags_of(billable: bool, out_of_scope: bool) -> str:
    return ", ".join(f for f, on in (("non-billable", not billable), ("out of scope", out_of_scope)) if on)


def time_list(
    ctx: typer.Context,
    ref: Ref = None,
    start: From = None,
    end: To = None,
    week: Week = False,
    month: Month = False,
    person: Annotated[
        str | None, typer.Option(help="Only this person's time (case and spacing ignored).")
    ] = None,
    team: Annotated[str | None, typer.Option(help="Only this team's time.")] = None,
    json: Json = False,
    csv: Csv = False,
) -> None:
    """The timesheet of a period: every entry with its id, then totals by day and by project."""
    from amtui.cli._period import resolve_period
    from amtui.core.dates import format_hours
    from amtui.services.money.timesheet import TimeRow, time_sheet

    one_format(json, csv)
    first, last = resolve_period(start, end, week, month, default_days=7)
    with reading_sql(ctx) as con:
        sheet = time_sheet(con, ref, first, last, person=person, team=team)
    if json:
        emit_json(sheet)
        return
    if csv:
        emit_csv(sheet.entries, TimeRow)
        return
    span = f"{first.isoformat()} … {last.isoformat()}"
    if not sheet.entries:
        out(f"No time logged {span}: amtui time REF 2.5")
        return
    from amtui.cli._plain import print_table

    print_table(
        ("ID", "Date", "Project", "Hours", "Amount", "Person", "Team", "Flags", "Note"),
        (
            (
                f"#{e.id}",
                e.entry_date.isoformat(),
                e.project,
                format_hours(e.minutes),
                money(e.amount_cents, e.currency),
                e.person or "",
                e.team or "",
                _flags_of(e.billable, e.out_of_scope),
                e.note or "",
            )
            for e in sheet.entries
        ),
        right=("Hours", "Amount"),
        title=f"Time {span}",
    )
    out()
    print_table(
        ("Day", "Hours", "Billable"),
        (
            (
                f"{d.entry_date.isoformat()} {d.entry_date.strftime('%a').lower()}",
                format_hours(d.minutes),
                format_hours(d.billable_minutes),
            )
            for d in sheet.by_day
        ),
        right=("Hours", "Billable"),
        title="By day",
    )
    out()
    print_table(
        ("Project", "Hours", "Billable", "Amount"),
        (
            (
                p.project,
                format_hours(p.minutes),
                format_hours(p.billable_minutes),
                money(p.amount_cents, p.currency),
            )
            for p in sheet.by_project
        ),
        right=("Hours", "Billable", "Amount"),
        title="By project",
    )
    amounts = " + ".join(money(a.amount_cents, a.currency) for a in sheet.amounts)
    hours = f"{format_hours(sheet.minutes)} ({format_hours(sheet.billable_minutes)} billable)"
    out(f"\nTotal: {hours} · {amounts} · {len(sheet.entries)} entries")


def _changed(what: str, c: TimeChanged | CostChanged, done: str, json: bool) -> None:
    from amtui.services.money.budget_health import describe

    warn(c.warnings)
    if json:
        emit_json(c)
        return
    e = c.entry
    how = f": {'; '.join(c.changes)}" if c.changes else ""
    out(f"{done} {what} #{e.id} ({e.project}, {e.entry_date.isoformat()}){how} · {describe(c.health)}")
    out("Undo: amtui undo")


def time_edit(
    ctx: typer.Context,
    entry: EntryId,
    hours: Annotated[str | None, typer.Option(help="Hours: 2.5, 1h30m, 45m or 1:30.")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="The day the work was done.")] = None,
    rate: Annotated[
        str | None, typer.Option(help="Hourly rate, e.g. 150 (the amount is valued again).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="What the time was for ('' clears it).")] = None,
    team: Annotated[
        str | None, typer.Option(help="creative | media | strategy | analytics | production | account")
    ] = None,
    person: Annotated[str | None, typer.Option(help="Who did the work.")] = None,
    billable: Billable = None,
    in_scope: InScope = None,
    json: Json = False,
) -> None:
    """Correct one time entry; the amount and cost are valued again."""
    from amtui.core.dates import parse_hours
    from amtui.core.money import parse_money
    from amtui.services.money import entry_edits

    minutes = parse_hours(hours) if hours is not None else None
    rate_cents = parse_money(rate) if rate is not None else None
    on = pdate(date_)
    with writing(ctx) as uow:
        c = entry_edits.edit_time(
            uow,
            entry,
            minutes=minutes,
            on=on,
            rate_cents=rate_cents,
            note=note,
            team=team,
            person=person,
            billable=billable,
            out_of_scope=None if in_scope is None else not in_scope,
        )
    _changed("time entry", c, "Edited", json)


def time_delete(ctx: typer.Context, entry: EntryId, force: Force = False, json: Json = False) -> None:
    """Delete one time entry (``amtui undo`` puts it back)."""
    _delete(ctx, "time entry", entry, force, json)


def _delete(ctx: typer.Context, what: str, entry: str, force: bool, json: bool) -> None:
    """``time delete`` and ``cost delete``: one path, saying what was deleted (hours and amount, or amount
    and note)."""
    from amtui.core.dates import format_hours
    from amtui.services.money import entry_edits
    from amtui.services.money.timesheet import TimeRow

    with writing(ctx) as uow:
        if what == "cost":
            c: TimeChanged | CostChanged = entry_edits.delete_cost(uow, entry, force=force)
        else:
            c = entry_edits.delete_time(uow, entry, force=force)
    e = c.entry
    if isinstance(e, TimeRow):
        said = f"{format_hours(e.minutes)} ({money(e.amount_cents, e.currency)})"
    else:
        said = money(e.amount_cents, e.currency) + (f" {e.note}" if e.note else "")
    _changed(what, _with_changes(c, [said]), "Deleted", json)


def _with_changes(c: TimeChanged | CostChanged, changes: list[str]) -> TimeChanged | CostChanged:
    from dataclasses import replace

    return replace(c, changes=changes)


def cost_list(
    ctx: typer.Context,
    ref: Ref = None,
    start: From = None,
    end: To = None,
    week: Week = False,
    month: Month = False,
    json: Json = False,
    csv: Csv = False,
) -> None:
    """Costs of a period: every cost with its id, then totals by day and by project."""
    from amtui.cli._period import resolve_period
    from amtui.services.money.timesheet import CostRow, cost_sheet

    one_format(json, csv)
    first, last = resolve_period(start, end, week, month, default_days=7)
    with reading_sql(ctx) as con:
        sheet = cost_sheet(con, ref, first, last)
    if json:
        emit_json(sheet)
        return
    if csv:
        emit_csv(sheet.entries, CostRow)
        return
    span = f"{first.isoformat()} … {last.isoformat()}"
    if not sheet.entries:
        out(f'No costs logged {span}: amtui cost REF 1200 --note "what"')
        return
    from amtui.cli._plain import print_table

    print_table(
        ("ID", "Date", "Project", "Amount", "Flags", "Note"),
        (
            (
                f"#{e.id}",
                e.entry_date.isoformat(),
                e.project,
                money(e.amount_cents, e.currency),
                _flags_of(e.billable, e.out_of_scope),
                e.note or "",
            )
            for e in sheet.entries
        ),
        right=("Amount",),
        title=f"Costs {span}",
    )
    out()
    print_table(
        ("Project", "Costs", "Amount"),
        ((p.project, str(p.count), money(p.amount_cents, p.currency)) for p in sheet.by_project),
        right=("Costs", "Amount"),
        title="By project",
    )
    amounts = " + ".join(money(a.amount_cents, a.currency) for a in sheet.amounts)
    out(f"\nTotal: {amounts} · {len(sheet.entries)} costs")


def cost_edit(
    ctx: typer.Context,
    entry: EntryId,
    amount: Annotated[str | None, typer.Option(help="Amount, e.g. 1350 or 1,350.00.")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="The day of the cost.")] = None,
    note: Annotated[str | None, typer.Option(help="What it was ('' clears it).")] = None,
    billable: Billable = None,
    in_scope: InScope = None,
    json: Json = False,
) -> None:
    """Correct one cost."""
    from amtui.core.money import parse_money
    from amtui.services.money import entry_edits

    cents = parse_money(amount, allow_zero=False) if amount is not None else None
    on = pdate(date_)
    with writing(ctx) as uow:
        c = entry_edits.edit_cost(
            uow,
            entry,
            amount_cents=cents,
            on=on,
            note=note,
            billable=billable,
            out_of_scope=None if in_scope is None else not in_scope,
        )
    _changed("cost", c, "Edited", json)


def cost_delete(ctx: typer.Context, entry: EntryId, force: Force = False, json: Json = False) -> None:
    """Delete one cost (``amtui undo`` puts it back)."""
    _delete(ctx, "cost", entry, force, json)
