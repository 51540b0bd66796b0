"""``amtui add-change-order`` and ``amtui co …``: scope changes as records with states and consequences.

Longer than 400 lines because a one-liner builds only its own command module (``cli/main.py`` ``COMMANDS``):
``add-change-order`` and the ``co`` group share the impact line they print, and splitting them would make
``amtui co …`` build two modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from amtui.cli._common import date_echo, emit_json, money, out, pdate, reading, writing
from amtui.core import clock
from amtui.services.money.rules import CO_APPROVED

if TYPE_CHECKING:
    from amtui.services.money.change_order_impact import (
        ChangeOrderInfo,
        ChangeOrderView,
        Impact,
        TimelineShift,
    )

co_app = typer.Typer(
    help="Change orders: list, show, send, approve, reject, void, export.", no_args_is_help=True
)
Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
CoRef = Annotated[str, typer.Argument(help="Change order number, e.g. CO-7.")]
Billing = Annotated[
    str | None,
    typer.Option(
        "--billing",
        help="How this change order bills: with (joins the fee; not on retainers) | on-approval | "
        "on-completion (default: the project's --co-billing).",
    ),
]


def register(app: typer.Typer) -> None:
    app.command(
        "add-change-order",
        help='Draft a change order: amtui add-change-order REF "Six extra banner sizes" --amount 4500.',
    )(add_change_order)
    app.add_typer(co_app, name="co")
    app.command(
        "scope",
        help="Unapproved scope per project and the change order that would cover it: amtui scope [REF].",
    )(scope)


# ---------------------------------------------------------------------------------------------- wording


def pct(burn: float | None) -> str:
    return "—" if burn is None else f"{round(burn * 100)}%"


def _days(n: int) -> str:
    return f"{n:+d} day{'s' if abs(n) != 1 else ''}"


def shift_text(shift: TimelineShift | None) -> str:
    if shift is None:
        return ""
    n = shift.milestones_moved
    moved = f" · {n} milestone{'s' if n != 1 else ''} moved" if n else ""
    return (
        f" · {shift.what} {shift.before.isoformat()} → {shift.after.isoformat()} ({_days(shift.days)}){moved}"
    )


def if_approved(i: Impact) -> str:
    """``budget $52,500.00 (+$4,500.00) · burn 91% → 80% · end 2027-01-10 → 2027-01-15 (+5 days)``."""
    from amtui.core.money import format_money

    parts = [
        f"budget {money(i.budget_with_cents, i.currency)} "
        f"({format_money(i.delta_cents, i.currency, signed=True)})",
        f"burn {pct(i.burn_without)} → {pct(i.burn_with)}",
    ]
    if i.days:
        if i.end_without and i.end_with:
            parts.append(f"end {i.end_without.isoformat()} → {i.end_with.isoformat()} ({_days(i.days)})")
        else:
            parts.append(f"timeline {_days(i.days)} (the project has no end date)")
    if i.milestones_moving:
        n = i.milestones_moving
        parts.append(f"{n} milestone{'s' if n != 1 else ''} move")
    return " · ".join(parts)


def _billing_text(c: ChangeOrderInfo) -> str:
    """``billed on approval (its own rule)`` or ``joins the fee (the project's rule)``."""
    from amtui.services.money.terms import CO_BILLING_TEXT

    whose = "its own rule" if c.billing else "the project's rule"
    return f"{CO_BILLING_TEXT[c.billing_effective]} ({whose})"


def _hours(minutes: int | None) -> str:
    from amtui.core.dates import format_hours

    if not minutes:
        return ""
    return f" · {'-' if minutes < 0 else ''}{format_hours(abs(minutes))}"


# ---------------------------------------------------------------------------------------------- commands


def add_change_order(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Project: account/project, or the project slug alone.")],
    title: Annotated[str, typer.Argument(help="What changes, e.g. 'Six extra banner sizes'.")],
    amount: Annotated[str, typer.Option(help="Fee change, e.g. 4500 (removals: the amount removed).")],
    hours: Annotated[str | None, typer.Option(help="Hours it adds (or removes), e.g. 30 or 1h30m.")] = None,
    days: Annotated[int | None, typer.Option(help="Timeline shift in days (negative pulls it in).")] = None,
    reason: Annotated[str | None, typer.Option(help="Why the scope changes.")] = None,
    requested_by: Annotated[str | None, typer.Option("--requested-by", help="Who asked for it.")] = None,
    kind: Annotated[str, typer.Option("--type", help="add | remove | modify")] = "add",
    billing: Billing = None,
    team: Annotated[
        str | None,
        typer.Option(help="The team whose estimate line it adds to, once approved (budget --lines)."),
    ] = None,
    json: Json = False,
) -> None:
    """Draft a change order and show its impact if approved."""
    from amtui.core.dates import parse_hours
    from amtui.core.money import format_money, parse_money
    from amtui.services.money import change_orders

    amount_cents = parse_money(amount, allow_negative=True)
    minutes = parse_hours(hours) if hours else None
    with writing(ctx) as uow:
        v = change_orders.add_change_order(
            uow,
            ref,
            title,
            amount_cents=amount_cents,
            minutes=minutes,
            days=days,
            reason=reason,
            requested_by=requested_by,
            kind=kind,
            billing=billing,
            team=team,
        )
    if json:
        emit_json(v)
        return
    c = v.change_order
    billed = f" · {_billing_text(c)}" if c.billing else ""
    out(
        f"{c.number} drafted for {c.project}: {c.title} · "
        f"{format_money(c.amount_cents, c.currency, signed=True)}{_hours(c.minutes)}{billed}"
    )
    out(f"If approved: {if_approved(v.impact)}")
    out(f"Next: amtui co send {c.number}")


@co_app.command("list")
def co_list(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="An account or a project.")] = None,
    status: Annotated[
        str | None, typer.Option(help="draft | sent | approved | rejected | invoiced | void")
    ] = None,
    json: Json = False,
) -> None:
    """List change orders, newest first."""

    from amtui.core.money import format_money
    from amtui.services.money import change_orders

    with reading(ctx) as s:
        rows = change_orders.list_change_orders(s, ref, status=status)
    if json:
        emit_json(rows)
        return
    if not rows:
        out('No change orders: amtui add-change-order REF "what changes" --amount 4500')
        return
    from amtui.cli._plain import print_table

    today = clock.today()
    table = []
    for c in rows:
        since = {
            "sent": c.sent_on,
            "approved": c.decided_on,
            "rejected": c.decided_on,
            "invoiced": c.invoiced_on,
            "void": c.voided_on,
        }.get(c.status) or c.created_on
        waiting = f" ({(today - since).days}d waiting)" if c.status == "sent" else ""
        table.append(
            (
                c.number,
                c.project,
                c.title,
                format_money(c.amount_cents, c.currency, signed=True),
                _days(c.days) if c.days else "",
                c.status,
                since.isoformat() + waiting,
            )
        )
    print_table(
        ("CO", "Project", "Title", "Amount", "Days", "Status", "Since"), table, right=("Amount", "Days")
    )


@co_app.command("show")
def co_show(ctx: typer.Context, ref: CoRef, json: Json = False) -> None:
    """One change order: what it changes, its state history and its impact."""
    from amtui.core.money import format_money
    from amtui.services.money import change_orders

    with reading(ctx) as s:
        v = change_orders.show(s, ref)
    if json:
        emit_json(v)
        return
    c, i = v.change_order, v.impact
    out(f"{c.number} · {c.status} · {c.project} ({c.project_name})")
    out(f"{c.title} ({c.kind}) · {format_money(c.amount_cents, c.currency, signed=True)}{_hours(c.minutes)}")
    if c.reason:
        out(f"Why: {c.reason}")
    if c.requested_by:
        out(f"Requested by {c.requested_by}")
    out(f"Billing: {_billing_text(c)}")
    out(f"Drafted {c.created_on.isoformat()}")
    if c.sent_on:
        out(f"Sent {c.sent_on.isoformat()}" + (f" to {c.sent_to}" if c.sent_to else ""))
    if c.decided_on:
        verb = "Rejected" if c.status == "rejected" else "Approved"
        out(f"{verb} {c.decided_on.isoformat()}" + (f" by {c.decided_by}" if c.decided_by else ""))
    if c.invoiced_on:
        out(f"Invoiced {c.invoiced_on.isoformat()}" + (f" ({c.invoice})" if c.invoice else ""))
    if c.voided_on:
        out(f"Void {c.voided_on.isoformat()}" + (f": {c.void_reason}" if c.void_reason else ""))
    counted = c.status in CO_APPROVED
    out(
        f"Budget: original {money(i.original_budget_cents, i.currency)} + approved change orders "
        f"{money(i.approved_change_orders_cents, i.currency)} = {money(i.current_budget_cents, i.currency)}"
    )
    out(("Impact (approved): " if counted else "If approved: ") + if_approved(i))


def _answer(v: ChangeOrderView, head: str, tail: str) -> None:
    out(f"{head}: {tail}{shift_text(v.shift)}")


@co_app.command("send")
def co_send(
    ctx: typer.Context,
    ref: CoRef,
    to: Annotated[str | None, typer.Option(help="Who at the client (default: the primary contact).")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="When it was sent (default: today).")] = None,
) -> None:
    """Mark a draft as sent to the client."""
    from amtui.services.money import change_orders

    on = pdate(date_)
    with writing(ctx) as uow:
        v = change_orders.send(uow, ref, on=on, to=to)
    c, i = v.change_order, v.impact
    assert c.sent_on is not None
    who = f" to {c.sent_to}" if c.sent_to else ""
    _answer(
        v,
        f"{c.number} sent{who} on {date_echo(date_, c.sent_on)}",
        f"waiting for a decision; if approved {if_approved(i)}",
    )


@co_app.command("approve")
def co_approve(
    ctx: typer.Context,
    ref: CoRef,
    by: Annotated[str | None, typer.Option(help="Who approved it (default: whom it was sent to).")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="When (default: today).")] = None,
) -> None:
    """Record the client's approval: the amount joins the budget, the days move the end date."""
    from amtui.core.money import format_money
    from amtui.services.money import change_orders

    on = pdate(date_)
    with writing(ctx) as uow:
        v = change_orders.approve(uow, ref, by=by, on=on)
    c, i = v.change_order, v.impact
    assert c.decided_on is not None
    who = f" by {c.decided_by}" if c.decided_by else ""
    _answer(
        v,
        f"{c.number} approved{who} on {date_echo(date_, c.decided_on)}",
        f"budget now {money(i.budget_with_cents, i.currency)} "
        f"({format_money(i.delta_cents, i.currency, signed=True)}) · burn {pct(i.burn_without)} → "
        f"{pct(i.burn_with)}",
    )


@co_app.command("reject")
def co_reject(
    ctx: typer.Context,
    ref: CoRef,
    by: Annotated[str | None, typer.Option(help="Who rejected it (default: whom it was sent to).")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="When (default: today).")] = None,
) -> None:
    """Record the client's rejection: the budget stays as it is."""
    from amtui.services.money import change_orders

    on = pdate(date_)
    with writing(ctx) as uow:
        v = change_orders.reject(uow, ref, by=by, on=on)
    c, i = v.change_order, v.impact
    assert c.decided_on is not None
    who = f" by {c.decided_by}" if c.decided_by else ""
    _answer(
        v,
        f"{c.number} rejected{who} on {date_echo(date_, c.decided_on)}",
        f"budget stays {money(i.budget_without_cents, i.currency)} · burn stays {pct(i.burn_without)}",
    )


@co_app.command("void")
def co_void(
    ctx: typer.Context,
    ref: CoRef,
    reason: Annotated[str | None, typer.Option(help="Why it is void.")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="When (default: today).")] = None,
) -> None:
    """Void a change order that is not final (an approved one leaves the budget again)."""
    from amtui.core.money import format_money
    from amtui.services.money import change_orders

    on = pdate(date_)
    with writing(ctx) as uow:
        v = change_orders.void(uow, ref, on=on, reason=reason)
    c, i = v.change_order, v.impact
    if v.shift is not None or c.decided_on is not None:
        tail = (
            f"budget back to {money(i.budget_without_cents, i.currency)} "
            f"({format_money(-i.delta_cents, i.currency, signed=True)}) · burn {pct(i.burn_with)} → "
            f"{pct(i.burn_without)}"
        )
    else:
        tail = f"the budget is unchanged ({money(i.budget_without_cents, i.currency)})"
    _answer(v, f"{c.number} void", tail)


@co_app.command("edit")
def co_edit(
    ctx: typer.Context,
    ref: CoRef,
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    amount: Annotated[str | None, typer.Option(help="New fee change.")] = None,
    hours: Annotated[str | None, typer.Option(help="New hours.")] = None,
    days: Annotated[int | None, typer.Option(help="New timeline shift in days.")] = None,
    reason: Annotated[str | None, typer.Option(help="New reason.")] = None,
    billing: Annotated[
        str | None,
        typer.Option(
            "--billing",
            help="with | on-approval | on-completion, or project to follow the project's rule again.",
        ),
    ] = None,
) -> None:
    """Correct a draft or sent change order (approved ones are locked: draft a new one)."""
    from amtui.core.dates import parse_hours
    from amtui.core.money import parse_money
    from amtui.services.money import change_orders

    amount_cents = parse_money(amount, allow_negative=True) if amount is not None else None
    minutes = parse_hours(hours) if hours is not None else None
    with writing(ctx) as uow:
        v = change_orders.edit(
            uow,
            ref,
            title=title,
            amount_cents=amount_cents,
            minutes=minutes,
            days=days,
            reason=reason,
            billing=billing,
        )
    billed = f" · {_billing_text(v.change_order)}" if billing is not None else ""
    out(f"{v.change_order.number} updated{billed} · if approved: {if_approved(v.impact)}")


@co_app.command("export")
def co_export(
    ctx: typer.Context,
    ref: CoRef,
    fmt: Annotated[str, typer.Option("--format", help="md (Markdown).")] = "md",
    out_file: Annotated[str | None, typer.Option("--out", help="Write to this file (0600).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")] = False,
    date_: Annotated[
        str | None, typer.Option("--date", help="Date on the document (default: today).")
    ] = None,
) -> None:
    """The client-facing change order document (to stdout unless --out)."""

    from amtui.core.config import settings
    from amtui.core.errors import InputError
    from amtui.exporters.change_order_md import render, write_private
    from amtui.services.money import change_orders

    if fmt.strip().lower() not in ("md", "markdown"):
        raise InputError(f"unknown format {fmt!r}; choose md")
    on = pdate(date_) or clock.today()
    with reading(ctx) as s:
        v = change_orders.show(s, ref)
    agency = settings().raw.get("agency") or {}
    name = str(agency.get("name") or "") if isinstance(agency, dict) else ""
    text = render(v, agency=name or None, on=on)
    if out_file is None:
        typer.echo(text, nl=False)
        return
    path = write_private(out_file, text, force=force)
    out(f"Wrote {v.change_order.number} to {path}")


def scope(
    ctx: typer.Context,
    ref: Annotated[
        str | None, typer.Argument(help="An account or a project (default: the whole book).")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="As of this date (default: today).")] = None,
    json: Json = False,
) -> None:
    """Unapproved scope per project, and the add-change-order command that would cover it."""
    from amtui.core.dates import format_hours
    from amtui.services.money import scope as scope_service

    on = pdate(as_of)
    with reading(ctx) as s:
        rows = scope_service.scope(s, ref, as_of=on)
    if json:
        emit_json(rows)
        return
    if not rows:
        out("No unapproved scope: every hour and cost is in scope or covered by an approved change order.")
        return
    for p in rows:
        cur = p.currency
        if not p.unapproved_scope_cents:
            out(
                f"{p.project}: no unapproved scope (actual {money(p.actual_cents, cur)} of "
                f"{money(p.current_budget_cents, cur)})"
            )
            continue
        out(f"{p.project} ({p.name}): {money(p.unapproved_scope_cents, cur)} unapproved scope")
        if p.out_of_scope_time_cents or p.out_of_scope_minutes:
            hours = format_hours(p.out_of_scope_minutes)
            out(f"  out-of-scope time {hours} · {money(p.out_of_scope_time_cents, cur)}")
        for it in p.items:
            what = f"{it.team or 'no team'} time {format_hours(it.minutes)}" if it.kind == "time" else "costs"
            entries = f"{it.entries} entr{'y' if it.entries == 1 else 'ies'}"
            span = f"{it.first_on.isoformat()} → {it.last_on.isoformat()}"
            out(f"    {what} · {money(it.amount_cents, cur)} · {entries} {span}")
        if p.out_of_scope_cost_cents:
            out(f"  out-of-scope costs {money(p.out_of_scope_cost_cents, cur)}")
        if p.over_estimate_cents:
            out(
                f"  in-scope actuals {money(p.over_estimate_cents, cur)} beyond the original budget "
                f"{money(p.original_budget_cents, cur)}"
            )
        if p.approved_change_orders_cents:
            out(f"  approved change orders cover {money(p.approved_change_orders_cents, cur)}")
        if p.pending_change_orders:
            out(
                f"  pending {', '.join(p.pending_change_orders)} would cover "
                f"{money(p.pending_change_orders_cents, cur)} once approved"
            )
        if p.command:
            out(f"  cover it: {p.command}")
        else:
            out("  the pending change orders cover it: get them approved")
