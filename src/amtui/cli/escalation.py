"""``amtui escalation …`` and ``amtui risks``: client escalations and the risk register."""

from __future__ import annotations

from typing import Annotated

import typer

from amtui.cli._common import console, date_echo, emit_json, out, pdate, reading_sql, writing

esc_app = typer.Typer(help="Client escalations and risks.", no_args_is_help=True)
Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def register(app: typer.Typer) -> None:
    app.add_typer(esc_app, name="escalation")
    app.command("risks", help="The risk register: open escalations and risks by probability × impact.")(risks)


def _scale(value: str | None, what: str) -> int | None:
    from amtui.services.clients.escalations import parse_scale

    return parse_scale(value, what)


@esc_app.command("add")
def esc_add(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account slug.")],
    summary: Annotated[str, typer.Argument(help="What the client raised.")],
    severity: Annotated[str, typer.Option(help="low | medium | high | critical")] = "medium",
    owner: Annotated[str | None, typer.Option(help="Who owns the response.")] = None,
    due: Annotated[str | None, typer.Option(help="When it must be resolved.")] = None,
    plan: Annotated[str | None, typer.Option(help="The resolution plan.")] = None,
    risk: Annotated[bool, typer.Option("--risk", help="A risk that may happen, not an escalation.")] = False,
    probability: Annotated[str | None, typer.Option(help="Risks: likelihood 1–5 (default 3).")] = None,
    impact: Annotated[str | None, typer.Option(help="Impact 1–5 (default: from the severity).")] = None,
) -> None:
    """Record a client escalation (or, with --risk, a risk) with its owner, due date and plan."""
    from amtui.services.clients import escalations

    due_on = pdate(due)
    p, i = _scale(probability, "probability"), _scale(impact, "impact")
    with writing(ctx) as uow:
        e = escalations.add_escalation(
            uow,
            account,
            summary,
            severity=severity,
            owner=owner,
            due_on=due_on,
            plan=plan,
            kind="risk" if risk else "escalation",
            probability=p,
            impact=i,
        )
    due_txt = f" · due {date_echo(due, due_on)}" if due_on else " · no due date"
    out(
        f"{e.ref} opened for {e.account}: {e.severity} {e.kind} · owner {e.owner or 'unassigned'}{due_txt}"
        f" · risk score {e.score}/25"
    )


@esc_app.command("list")
def esc_list(
    ctx: typer.Context,
    account: Annotated[str | None, typer.Argument(help="Account slug (default: all).")] = None,
    open_: Annotated[bool, typer.Option("--open", help="Only open ones.")] = False,
    risks_: Annotated[
        bool, typer.Option("--risks", help="The risk register (probability × impact).")
    ] = False,
    json: Json = False,
) -> None:
    """Escalations with age and overdue days (open first, most severe first)."""
    from amtui.services.clients import escalations

    with reading_sql(ctx) as s:
        rows = (
            escalations.risk_register(s, account)
            if risks_
            else escalations.list_escalations(s, account, open_only=open_)
        )
    if json:
        emit_json(rows)
        return
    _table(rows, register=risks_)


def risks(
    ctx: typer.Context,
    account: Annotated[str | None, typer.Argument(help="Account slug (default: all).")] = None,
    json: Json = False,
) -> None:
    from amtui.services.clients import escalations

    with reading_sql(ctx) as s:
        rows = escalations.risk_register(s, account)
    if json:
        emit_json(rows)
        return
    _table(rows, register=True)


def _table(rows: list, *, register: bool) -> None:
    if not rows:
        out(
            "Nothing open."
            if register
            else 'No escalations: amtui escalation add ACCOUNT "…" --severity high'
        )
        return
    from rich.table import Table

    t = Table(box=None, header_style="bold")
    cols = ["Ref", "Account", "Kind", "Severity"]
    cols += ["P×I", "Score"] if register else []
    cols += ["Summary", "Owner", "Age", "Due", "Status"]
    for c in cols:
        t.add_column(c)
    for e in rows:
        due = "—"
        if e.due_on:
            due = e.due_on.isoformat() + (f" [red]({e.days_overdue}d overdue)[/]" if e.overdue else "")
        cells = [e.ref, e.account, e.kind, e.severity]
        cells += [f"{e.probability}×{e.impact}", str(e.score)] if register else []
        cells += [e.summary, e.owner or "—", f"{e.age_days}d", due, e.status]
        t.add_row(*cells)
    console().print(t)


@esc_app.command("resolve")
def esc_resolve(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="ESC-2 or 2.")],
    resolution: Annotated[str, typer.Option(help="How it was resolved.")],
    date_: Annotated[str | None, typer.Option("--date", help="When (default: today).")] = None,
) -> None:
    """Resolve an escalation with how it was resolved."""
    from amtui.services.clients import escalations

    on = pdate(date_)
    with writing(ctx) as uow:
        e = escalations.resolve_escalation(uow, ref, resolution, on=on)
    out(f"{e.ref} resolved after {e.age_days} day(s): {e.summary}")


@esc_app.command("edit")
def esc_edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="ESC-2 or 2.")],
    severity: Annotated[str | None, typer.Option(help="low | medium | high | critical")] = None,
    owner: Annotated[str | None, typer.Option(help="Who owns the response ('' clears it).")] = None,
    due: Annotated[str | None, typer.Option(help="When it must be resolved.")] = None,
    plan: Annotated[str | None, typer.Option(help="The resolution plan, rewritten ('' clears it).")] = None,
    note: Annotated[
        str | None, typer.Option(help="A dated update note (escalation show lists them).")
    ] = None,
) -> None:
    """Correct an escalation or risk, or add a dated update to it (undoable; history shows each)."""
    from amtui.services.clients import corrections

    due_on = pdate(due)
    with writing(ctx) as uow:
        e, changes = corrections.edit_escalation(
            uow, ref, severity=severity, owner=owner, due_on=due_on, plan=plan, note=note
        )
    out(f"Edited {e.ref} ({e.account}): {'; '.join(changes)}")


@esc_app.command("show")
def esc_show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="ESC-2 or 2.")],
    json: Json = False,
) -> None:
    """One escalation or risk: severity, owner, due date, plan, and its dated update notes."""
    from amtui.cli._common import reading
    from amtui.services.clients.escalations import escalation_detail

    with reading(ctx) as session:
        d = escalation_detail(session, ref)
    if json:
        emit_json(d)
        return
    e = d.escalation
    due = e.due_on.isoformat() if e.due_on else "—"
    late = f" ({e.days_overdue}d overdue)" if e.overdue else ""
    out(f"{e.ref} {e.kind} · {e.account} · {e.status} · {e.severity} (p{e.probability} × i{e.impact})")
    out(f"  {e.summary}")
    out(f"  Owner: {e.owner or '—'} · due {due}{late} · opened {e.opened_on.isoformat()} ({e.age_days}d)")
    if e.plan:
        out("  Plan: " + e.plan.replace("\n", "\n        "))
    if e.resolution:
        out(f"  Resolved {e.resolved_on}: {e.resolution}")
    if not d.updates:
        out(f'  No updates yet: amtui escalation edit {e.ref} --note "what happened"')
        return
    out("  Updates:")
    for u in d.updates:
        out(f"    {u.on_date.isoformat()}  {u.note}" + (f" ({u.author})" if u.author else ""))
