"""``amtui budget``: budget health of every active project, and the monthly check-in (``--month``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from amtui.cli._common import AmOption, Csv, emit_csv, emit_json, one_format, out, pdate, reading_sql
from amtui.cli._grid import Cell, grid
from amtui.core import clock

if TYPE_CHECKING:
    from amtui.services.money.budget_health import ProjectHealth
    from amtui.services.money.checkin import MonthMove

STATUS_STYLE = {"on-track": "green", "watch": "yellow", "at-risk": "bold dark_orange", "over": "bold red"}


def register(app: typer.Typer) -> None:
    app.command(
        "budget",
        help="Budget health of every active project (or one account / project); --month for the check-in.",
    )(budget)


def budget(
    ctx: typer.Context,
    target: Annotated[str | None, typer.Argument(help="An account slug or a project ref.")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Health as of this date (default today).")
    ] = None,
    month: Annotated[
        str | None, typer.Option("--month", help="Monthly check-in for YYYY-MM: variance now vs a month ago.")
    ] = None,
    lines: Annotated[
        bool,
        typer.Option(
            "--lines", help="One project by its accepted estimate's lines: estimate vs actual vs EAC."
        ),
    ] = False,
    am: AmOption = None,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    csv: Csv = False,
) -> None:
    """Budget health: burn, schedule, EAC (and how), variance and status per project."""
    one_format(json, csv)
    when = pdate(as_of) or clock.today()
    if am is not None and (lines or month is not None):
        from amtui.core.errors import InputError

        raise InputError("--am filters the budget list: not with --month or --lines")
    if lines:
        _lines(ctx, target, when, month, json, csv)
        return
    if month is not None:
        from amtui.core.dates import parse_month
        from amtui.services.money.checkin import month_checkin

        parse_month(month)
        with reading_sql(ctx) as con:
            moves = month_checkin(con, month, target=target, as_of=when)
        if json:
            emit_json(moves)
            return
        if csv:
            from amtui.services.money.checkin import MonthMove

            emit_csv(moves, MonthMove)
            return
        _month_table(moves, month)
        return
    from amtui.services.money.budget import healths_for, select_projects, started_by

    with reading_sql(ctx) as con:
        chosen = select_projects(con, target, am=am)
        rows = healths_for(con, chosen, as_of=when)
    if json:
        emit_json(rows)
        return
    if csv:
        from amtui.services.money.budget_health import ProjectHealth

        emit_csv(rows, ProjectHealth)
        return
    _health_table(
        rows, when, [(f"{slug}/{p.slug}", p.start_on) for p, slug in chosen if not started_by(p, when)]
    )


def _lines(
    ctx: typer.Context, target: str | None, when: date, month: str | None, json: bool, csv: bool
) -> None:
    """``budget REF --lines``: the project's budget by estimate line (amtui.services.estimates.lines);
    ``--csv`` the same lines as ``--json``'s, one row each."""
    from amtui.core.dates import format_hours
    from amtui.core.errors import InputError
    from amtui.core.money import format_money
    from amtui.services.estimates.lines import CHANGE_ORDERS, BudgetLine, budget_lines
    from amtui.services.money.budget_health import pct

    if target is None or month is not None:
        raise InputError("--lines shows one project: amtui budget ACCOUNT/PROJECT --lines (without --month)")
    with reading_sql(ctx) as con:
        b = budget_lines(con, target, as_of=when)
    if json:
        emit_json(b)
        return
    if csv:
        emit_csv(b.lines, BudgetLine)
        return
    table: list[list[Cell]] = []
    for ln in b.lines:
        est_h = format_hours(ln.estimate_minutes) if ln.estimate_minutes else ""
        act_h = format_hours(ln.actual_minutes) if ln.actual_minutes else ""
        texts = [
            ln.name,
            est_h,
            format_money(ln.estimate_cents, b.currency, whole=True),
            act_h,
            format_money(ln.actual_cents, b.currency, whole=True),
            format_money(ln.eac_cents, b.currency, whole=True),
            pct(ln.burn),
        ]
        note = "not in the estimate" if ln.unplanned else ""
        if ln.change_orders_cents and ln.name != CHANGE_ORDERS:
            note = f"incl. {format_money(ln.change_orders_cents, b.currency, whole=True)} of change orders"
        table.append([(x, None) for x in texts] + [_status(ln.status), (note, "dim")])
    total = [
        "total",
        "",
        format_money(b.estimate_cents, b.currency, whole=True),
        "",
        format_money(b.actual_cents, b.currency, whole=True),
        format_money(b.eac_cents, b.currency, whole=True),
        "",
    ]
    table.append([(x, "bold") for x in total] + [_status(b.project_status), ("the project", "dim")])
    headers = ["Line", "Est. hours", "Estimate", "Hours", "Actual", "EAC", "Burn", "Status", ""]
    title = (
        f"{b.project} by line of estimate {b.estimate_id} v{b.version} as of {when.isoformat()} "
        f"(EAC by {b.eac_method}; project {b.project_status})"
    )
    grid(title, headers, table, right={1, 2, 3, 4, 5, 6})
    risky = b.hidden_risks
    if risky:
        names = ", ".join(f"{ln.name} ({ln.status})" for ln in risky)
        out(f"Watch: {names}, though the project as a whole is {b.project_status}")


def _status(status: str) -> Cell:
    return status, STATUS_STYLE.get(status)


def _notes(h: ProjectHealth) -> str:
    from amtui.core.money import format_money

    notes = ["no budget set"] if h.no_budget else []
    if h.rollover_cents is not None:
        word = "surplus" if h.rollover_cents >= 0 else "deficit"
        notes.append(f"{word} {format_money(abs(h.rollover_cents), h.currency, whole=True)}")
    if h.over_cap:
        notes.append("EAC past the cap")
    if h.unapproved_scope_cents:
        notes.append(f"unapproved scope {format_money(h.unapproved_scope_cents, h.currency, whole=True)}")
    if h.pending_change_orders_cents:
        notes.append(f"pending COs {format_money(h.pending_change_orders_cents, h.currency, whole=True)}")
    return " · ".join(notes)


def _not_started(later: list[tuple[str, date | None]], when: date) -> None:
    """The projects left out because they had not started by ``when`` (no figure before a start)."""
    if later:
        said = ", ".join(f"{ref} (starts {on.isoformat() if on else '?'})" for ref, on in later[:5])
        more = f" and {len(later) - 5} more" if len(later) > 5 else ""
        out(f"Not started by {when.isoformat()}, so no figures: {said}{more}")


def _health_table(rows: list[ProjectHealth], when: date, later: list[tuple[str, date | None]]) -> None:
    from amtui.core.money import format_money
    from amtui.services.money.budget_health import pct

    if not rows:
        if later:
            _not_started(later, when)
            return
        out('No active projects: amtui project add ACCOUNT/SLUG "Name" --budget 10000')
        return
    headers = [
        "Project",
        "Billing",
        "Budget",
        "Actual",
        "Burn",
        "Elapsed",
        "EAC",
        "by",
        "Variance",
        "Margin",
        "Status",
        "",
    ]
    table: list[list[Cell]] = []
    for h in rows:
        budget_text = format_money(h.current_budget_cents, h.currency, whole=True)
        if h.approved_change_orders_cents:
            cos = format_money(h.approved_change_orders_cents, h.currency, whole=True, signed=True)
            budget_text += f" (COs {cos})"
        eac = "—" if h.eac_cents is None else format_money(h.eac_cents, h.currency, whole=True)
        texts = [
            h.project,
            h.billing,
            budget_text,
            format_money(h.actual_cents, h.currency, whole=True),
            pct(h.burn),
            pct(h.elapsed),
            eac,
            h.eac_method,
            pct(h.variance_pct, signed=True, decimals=1),
            ("~" if h.uncosted_minutes and h.margin_pct is not None else "") + pct(h.margin_pct),
        ]
        table.append([(x, None) for x in texts] + [_status(h.status), (_notes(h), "dim")])
    grid(f"Budget health as of {when.isoformat()}", headers, table, right={2, 3, 4, 5, 6, 8, 9})
    counts = {s: sum(1 for h in rows if h.status == s) for s in ("over", "at-risk", "watch", "on-track")}
    out(f"{len(rows)} project(s): " + " · ".join(f"{n} {s}" for s, n in counts.items() if n))
    _not_started(later, when)


def _month_table(moves: list[MonthMove], month: str) -> None:
    from amtui.core.dates import format_hours
    from amtui.core.money import format_money
    from amtui.services.money.budget_health import pct

    if not moves:
        out("No active projects to check in on.")
        return
    headers = [
        "Project",
        "Variance then",
        "Variance now",
        "Moved",
        "Status",
        "Logged in month",
        "COs approved",
    ]
    table: list[list[Cell]] = []
    for mv in moves:
        moved = "—" if mv.variance_change_pp is None else f"{mv.variance_change_pp:+.1f} pp"
        status = mv.status if mv.previous_status == mv.status else f"{mv.previous_status} → {mv.status}"
        logged = format_money(mv.actual_in_month_cents, mv.currency, whole=True)
        if mv.minutes_in_month:
            logged += f" ({format_hours(mv.minutes_in_month)})"
        cos = ", ".join(
            f"{c.number} {format_money(c.amount_cents, mv.currency, whole=True, signed=True)}"
            for c in mv.change_orders_approved
        )
        table.append(
            [
                (mv.project, None),
                (pct(mv.previous_variance_pct, signed=True, decimals=1), None),
                (pct(mv.variance_pct, signed=True, decimals=1), None),
                (moved, None),
                (status, STATUS_STYLE.get(mv.status)),
                (logged, None),
                (cos or "—", None),
            ]
        )
    m = moves[0]
    title = f"Check-in {month}: {m.previous_as_of.isoformat()} → {m.as_of.isoformat()}"
    grid(title, headers, table, right={1, 2, 3, 5})
