"""``amtui project …``: scope, billing type, budget and dates."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from amtui.cli._common import console, emit_json, money, out, pdate, reading, writing

if TYPE_CHECKING:
    from amtui.services.money.schedule import ProjectTerms

project_app = typer.Typer(help="Projects under accounts.", no_args_is_help=True)
Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
# Billing terms (amtui.services.money.terms): not given = the default for the billing type.
Timing = Annotated[
    str | None,
    typer.Option("--timing", help="Retainers: bill each month in advance (default) or arrears."),
]
Schedule = Annotated[
    str | None,
    typer.Option(
        "--schedule",
        help="Fixed fee billed by: progress (% complete, default) | deposit | instalments | milestones.",
    ),
]
Deposit = Annotated[
    str | None, typer.Option("--deposit", help="With --schedule deposit: its share of the fee, e.g. 50%.")
]
Lines = Annotated[
    str | None,
    typer.Option(
        "--lines",
        help="Schedule lines WHEN:SHARE[:LABEL], comma-separated, adding up to 100%: instalments "
        "2027-01-15:50%,2027-03-01:50% or milestones M12:30%,M14:70%. Replaces the lines.",
    ),
]
CoBilling = Annotated[
    str | None,
    typer.Option(
        "--co-billing",
        help="Change orders: with (join the fee; default, not for retainers) | on-approval (retainer "
        "default) | on-completion.",
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(project_app, name="project")


def _span(start: date | None, end: date | None) -> str:
    return f"{start.isoformat() if start else '?'} → {end.isoformat() if end else '?'}"


@project_app.command("add")
def project_add(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="account/slug, e.g. northwind/spring-launch.")],
    name: Annotated[str, typer.Argument(help="Project name.")],
    budget: Annotated[str, typer.Option(help="Original budget, e.g. 48000 or 48,000.00.")],
    hours: Annotated[str | None, typer.Option(help="Estimated hours, e.g. 320 or 320.5.")] = None,
    billing: Annotated[str, typer.Option(help="fixed | tm | retainer")] = "fixed",
    start: Annotated[str | None, typer.Option(help="Start date.")] = None,
    end: Annotated[str | None, typer.Option(help="End date.")] = None,
    rate: Annotated[str | None, typer.Option(help="Default hourly rate, e.g. 150.")] = None,
    cap: Annotated[str | None, typer.Option(help="Time & materials cap.")] = None,
    monthly_fee: Annotated[str | None, typer.Option("--monthly-fee", help="Retainer fee per month.")] = None,
    monthly_hours: Annotated[
        str | None, typer.Option("--monthly-hours", help="Retainer hours per month.")
    ] = None,
    code: Annotated[str | None, typer.Option(help="Project code (matches Harvest exports).")] = None,
    complete: Annotated[
        str | None, typer.Option(help="% complete today, e.g. 40% (kept in the project's dated history).")
    ] = None,
    timing: Timing = None,
    schedule: Schedule = None,
    deposit: Deposit = None,
    lines: Lines = None,
    co_billing: CoBilling = None,
    json: Json = False,
) -> None:
    """Add a project to an account, with its billing terms (defaults: see --help of each option)."""
    from amtui.core.dates import parse_hours
    from amtui.core.money import parse_money
    from amtui.services.clients import projects
    from amtui.services.money import terms

    budget_cents = parse_money(budget)
    minutes = parse_hours(hours) if hours else None
    rate_cents = parse_money(rate, allow_zero=False) if rate else None
    cap_cents = parse_money(cap, allow_zero=False) if cap else None
    fee_cents = parse_money(monthly_fee, allow_zero=False) if monthly_fee else None
    monthly_minutes = parse_hours(monthly_hours) if monthly_hours else None
    start_on, end_on = pdate(start), pdate(end)
    complete_bp = projects.parse_percent_bp(complete) if complete is not None else None
    deposit_bp = terms.parse_deposit(deposit) if deposit is not None else None
    line_specs = terms.parse_lines(lines) if lines is not None else None
    with writing(ctx) as uow:
        p = projects.add_project(
            uow,
            ref,
            name,
            budget_cents=budget_cents,
            budget_minutes=minutes,
            billing=billing,
            start_on=start_on,
            end_on=end_on,
            rate_cents=rate_cents,
            cap_cents=cap_cents,
            retainer_fee_cents=fee_cents,
            retainer_minutes=monthly_minutes,
            code=code,
            complete_bp=complete_bp,
            bill_timing=timing,
            fee_schedule=schedule,
            deposit_bp=deposit_bp,
            co_billing=co_billing,
            lines=line_specs,
        )
    if json:
        emit_json(p)
        return
    dates = f" · {_span(p.start_on, p.end_on)}" if p.start_on or p.end_on else ""
    out(f"Added project {p.ref} ({p.name}) · {p.billing} · budget {money(p.budget_cents, p.currency)}{dates}")
    if any(v is not None for v in (timing, schedule, deposit, lines, co_billing)):
        with reading(ctx) as s:
            _, t = projects.project_details(s, p.ref)
        _print_terms(t)


def _print_terms(t: ProjectTerms) -> None:
    """``Terms fixed fee · by instalments · change orders join the fee`` and the schedule's lines."""
    from amtui.services.money.terms import percent_text

    out(f"Terms {t.text}")
    for ln in t.lines:
        if ln.milestone_number:
            when = f"{ln.milestone_number} {ln.milestone_name or ''}".rstrip()
            if ln.milestone_done_on:
                when += f" (done {ln.milestone_done_on.isoformat()})"
        else:
            when = ln.due_on.isoformat() if ln.due_on else "?"
        out(f"  {ln.seq}. {when} · {percent_text(ln.share_bp)}" + (f" · {ln.label}" if ln.label else ""))


@project_app.command("list")
def project_list(
    ctx: typer.Context,
    account: Annotated[str | None, typer.Argument(help="Only this account.")] = None,
    archived: Annotated[bool, typer.Option("--archived", help="Include archived projects.")] = False,
    json: Json = False,
) -> None:
    """List projects."""
    from amtui.services.clients import projects

    with reading(ctx) as s:
        rows = projects.list_projects(s, account, include_archived=archived)
    if json:
        emit_json(rows)
        return
    if not rows:
        out('No projects yet: amtui project add ACCOUNT/SLUG "Name" --budget 10000')
        return
    from rich.table import Table

    t = Table(box=None, header_style="bold")
    for c in ("Project", "Name", "Billing", "Budget", "Start", "End", "Status"):
        t.add_column(c, justify="right" if c == "Budget" else "left")
    for p in rows:
        t.add_row(
            p.ref,
            p.name,
            p.billing,
            money(p.budget_cents, p.currency),
            p.start_on.isoformat() if p.start_on else "—",
            p.end_on.isoformat() if p.end_on else "—",
            p.status,
        )
    console().print(t)


@project_app.command("show")
def project_show(ctx: typer.Context, ref: str, json: Json = False) -> None:
    """One project's details: budget (original, approved change orders, current), dates, % complete and
    its history."""
    from amtui.core import clock
    from amtui.core.dates import format_hours
    from amtui.core.jsonable import to_jsonable
    from amtui.services.base.refs import get_project
    from amtui.services.clients import projects
    from amtui.services.clients.project_changes import show_value
    from amtui.services.money.budget import current_budget

    with reading(ctx) as s:
        p, t = projects.project_details(s, ref)
        row = get_project(s, p.ref)
        b = current_budget(s, row, as_of=clock.today())
        history = projects.progress_history(s, row.id or 0)
    if json:
        from amtui.services.money.schedule import terms_json

        emit_json(
            {
                **to_jsonable(p),
                "original_budget_cents": b.original_cents,
                "approved_change_orders_cents": b.approved_change_orders_cents,
                "current_budget_cents": b.current_cents,
                "progress": [
                    {
                        "on": h.on.isoformat(),
                        "complete_pct": None if h.complete_bp is None else h.complete_bp / 100,
                    }
                    for h in history
                ],
                "terms": terms_json(t),
            }
        )
        return
    out(f"{p.name} ({p.ref}) · {p.billing} · {p.status}")
    out(
        f"Budget {money(b.current_cents, p.currency)}"
        + (f" · {format_hours(p.budget_minutes)}" if p.budget_minutes else "")
    )
    cos = money(b.approved_change_orders_cents, p.currency)
    out(f"  original {money(b.original_cents, p.currency)} · approved change orders {cos} (as of today)")
    if p.rate_cents:
        out(f"Rate {money(p.rate_cents, p.currency)}/h")
    if p.start_on or p.end_on:
        out(f"Dates {_span(p.start_on, p.end_on)}")
    if p.complete_bp is not None:
        out(f"Complete {show_value('complete_bp', p.complete_bp, p.currency)}")
    if history:
        said = [f"{h.on.isoformat()} {show_value('complete_bp', h.complete_bp, p.currency)}" for h in history]
        out("Progress " + " · ".join(said))
    _print_terms(t)


@project_app.command("edit")
def project_edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="account/project, or the project slug alone.")],
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    budget: Annotated[str | None, typer.Option(help="Original budget (change orders stay apart).")] = None,
    hours: Annotated[str | None, typer.Option(help="Estimated hours.")] = None,
    start: Annotated[str | None, typer.Option(help="Start date.")] = None,
    end: Annotated[str | None, typer.Option(help="End date.")] = None,
    rate: Annotated[str | None, typer.Option(help="Default hourly rate.")] = None,
    cap: Annotated[str | None, typer.Option(help="Time & materials cap.")] = None,
    monthly_fee: Annotated[str | None, typer.Option("--monthly-fee", help="Retainer fee per month.")] = None,
    monthly_hours: Annotated[
        str | None, typer.Option("--monthly-hours", help="Retainer hours per month.")
    ] = None,
    code: Annotated[str | None, typer.Option(help="Project code ('' clears it).")] = None,
    status: Annotated[str | None, typer.Option(help="active | paused | completed | archived")] = None,
    billing: Annotated[str | None, typer.Option(help="fixed | tm | retainer")] = None,
    complete: Annotated[
        str | None,
        typer.Option(help="% complete, e.g. 40% (EAC by earned value from then on); '' clears it."),
    ] = None,
    media_budget: Annotated[
        str | None,
        typer.Option("--media-budget", help="Media budget the pacing plans against ('' clears it)."),
    ] = None,
    complete_on: Annotated[
        str | None,
        typer.Option(
            "--complete-on", help="The date of that % complete (default today; not before the start)."
        ),
    ] = None,
    timing: Timing = None,
    schedule: Schedule = None,
    deposit: Deposit = None,
    lines: Lines = None,
    co_billing: CoBilling = None,
    json: Json = False,
) -> None:
    """Change a project's name, budget, hours, dates, rate, cap, code, status, % complete (each % complete
    is kept, dated, in the project's history) or billing terms.

    A new --billing type resets the terms it cannot keep to their defaults (and says so)."""
    from amtui.core.dates import parse_hours
    from amtui.core.money import parse_money
    from amtui.services.clients import projects
    from amtui.services.clients.project_changes import describe_changes
    from amtui.services.money import terms

    args = {
        "name": name,
        "budget_cents": parse_money(budget) if budget is not None else None,
        "budget_minutes": parse_hours(hours) if hours is not None else None,
        "start_on": pdate(start),
        "end_on": pdate(end),
        "rate_cents": parse_money(rate, allow_zero=False) if rate is not None else None,
        "cap_cents": parse_money(cap, allow_zero=False) if cap is not None else None,
        "retainer_fee_cents": parse_money(monthly_fee, allow_zero=False) if monthly_fee is not None else None,
        "retainer_minutes": parse_hours(monthly_hours) if monthly_hours is not None else None,
        "code": code,
        "status": status,
        "billing": billing,
        "complete_bp": projects.parse_percent_bp(complete) if complete and complete.strip() else None,
        "clear_complete": complete is not None and not complete.strip(),
        "complete_on": pdate(complete_on),
        "bill_timing": timing,
        "fee_schedule": schedule,
        "deposit_bp": terms.parse_deposit(deposit) if deposit is not None else None,
        "co_billing": co_billing,
        "lines": terms.parse_lines(lines) if lines is not None else None,
        "media_budget_cents": parse_money(media_budget) if media_budget and media_budget.strip() else None,
        "clear_media_budget": media_budget is not None and not media_budget.strip(),
    }
    with writing(ctx) as uow:
        p, changes = projects.edit_project(uow, ref, **args)  # type: ignore[arg-type]
    if json:
        emit_json(p)
        return
    if not changes:
        out(f"Nothing changed on {p.ref}")
        return
    out(f"Updated {p.ref}: {describe_changes(changes, p.currency, complete_on=pdate(complete_on))}")
