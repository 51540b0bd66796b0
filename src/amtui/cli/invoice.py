"""``amtui invoice …``: raise, send, get paid, credit and void invoices (never edit an issued one)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from amtui.cli._common import (
    AmOption,
    Csv,
    date_echo,
    emit_csv,
    emit_json,
    money,
    one_format,
    out,
    pdate,
    reading,
    reading_sql,
    writing,
)
from amtui.core import clock
from amtui.services.money.rules import INVOICE_ISSUED, INVOICE_SETTLED

if TYPE_CHECKING:
    from amtui.services.money.invoices import InvoiceInfo

invoice_app = typer.Typer(
    help="Invoices: add, list, show, send, paid, credit, void. Issued invoices are never edited.",
    no_args_is_help=True,
)
Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
Number = Annotated[str, typer.Argument(help="Invoice number, e.g. INV-2026-0007.")]
When = Annotated[str | None, typer.Option("--date", help="When (default: today).")]


def register(app: typer.Typer) -> None:
    app.add_typer(invoice_app, name="invoice")
    app.command(
        "reconcile",
        help="Delivered vs invoiced vs paid per project: amtui reconcile [ACCOUNT|REF] [--as-of DATE].",
    )(reconcile)


def _left(i: InvoiceInfo) -> str:
    if i.status in INVOICE_SETTLED:
        return f"{i.number} is settled"
    due = f" (due {i.due_on.isoformat()})" if i.due_on else ""
    late = " · overdue" if i.overdue else ""
    return f"{money(i.balance_cents, i.currency)} still due on {i.number}{due}{late}"


def _bills(i: InvoiceInfo) -> str:
    """What an invoice bills, in a word (the Invoices screen's word too: one function)."""
    from amtui.services.money.invoice_book import bills

    return bills(i)


@invoice_app.command("add")
def invoice_add(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Project: account/project, or the project slug alone.")],
    amount: Annotated[str, typer.Argument(help="Amount, e.g. 9000 or 9,000.00.")],
    number: Annotated[str | None, typer.Option(help="Invoice number (default: INV-YYYY-NNNN).")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="Invoice date (default: today).")] = None,
    due: Annotated[
        str | None, typer.Option(help="Due date (default: 30 days after the invoice date).")
    ] = None,
    for_month: Annotated[str | None, typer.Option("--for-month", help="Month billed, YYYY-MM.")] = None,
    change_order: Annotated[
        str | None, typer.Option("--change-order", help="The approved change order it bills, e.g. CO-7.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A line of description.")] = None,
    through: Annotated[
        str | None,
        typer.Option(
            "--through",
            help="The last day of the work it bills, e.g. 2026-12-15 "
            "(not with --for-month or --change-order).",
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Raise a draft invoice for a project (send it with amtui invoice send)."""
    from amtui.core.money import parse_money
    from amtui.services.money import invoices

    amount_cents = parse_money(amount, allow_zero=False)
    issued_on, due_on, billed_through = pdate(date_), pdate(due), pdate(through)
    with writing(ctx) as uow:
        inv = invoices.add_invoice(
            uow,
            ref,
            amount_cents,
            number=number,
            issued_on=issued_on,
            due_on=due_on,
            for_month=for_month,
            change_order=change_order,
            note=note,
            billed_through=billed_through,
        )
    if json:
        emit_json(inv)
        return
    assert inv.due_on is not None
    extra = f" · bills {inv.change_order} (invoiced once sent)" if inv.change_order else ""
    month = f" for {inv.for_month}" if inv.for_month else ""
    if inv.billed_through:
        month = f" for work through {inv.billed_through.isoformat()}"
    out(
        f"{inv.number} drafted for {inv.project}{month}: {money(inv.amount_cents, inv.currency)} · "
        f"dated {date_echo(date_, inv.issued_on)} · due {inv.due_on.isoformat()}{extra}"
    )
    out(f"Next: amtui invoice send {inv.number}")


@invoice_app.command("list")
def invoice_list(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="An account or a project.")] = None,
    status: Annotated[
        str | None, typer.Option(help="draft | sent | partial | paid | credited | void | overdue")
    ] = None,
    json: Json = False,
    csv: Csv = False,
) -> None:
    """List invoices and credit notes, newest first, with what is still due."""
    from amtui.services.money import invoices

    one_format(json, csv)
    with reading(ctx) as s:
        rows = invoices.list_invoices(s, ref, status=status)
    if json:
        emit_json(rows)
        return
    if csv:
        emit_csv(rows, invoices.InvoiceInfo)
        return
    if not rows:
        out("No invoices: amtui invoice add REF AMOUNT")
        return
    from amtui.cli._plain import print_table

    table = []
    for i in rows:
        status_text = i.status + (" · overdue" if i.overdue else "")
        if i.credit_of:
            status_text += f" (credits {i.credit_of})"
        table.append(
            (
                i.number,
                i.project,
                i.issued_on.isoformat(),
                i.due_on.isoformat() if i.due_on else "—",
                _bills(i),
                money(i.amount_cents, i.currency),
                money(i.paid_cents, i.currency) if i.paid_cents else "",
                money(i.balance_cents, i.currency) if i.balance_cents else "",
                status_text,
            )
        )
    cols = ("Number", "Project", "Date", "Due", "Bills", "Amount", "Paid", "Balance", "Status")
    print_table(cols, table, right=("Amount", "Paid", "Balance"))


@invoice_app.command("show")
def invoice_show(ctx: typer.Context, number: Number, json: Json = False) -> None:
    """One invoice or credit note: what it bills, when it was issued and what is still due."""
    from amtui.services.money import invoices

    with reading(ctx) as s:
        i = invoices.invoice_info(s, number)
    if json:
        emit_json(i)
        return
    kind = f"credit note against {i.credit_of}" if i.credit_of else "invoice"
    out(f"{i.number} · {kind} · {i.status}{' · overdue' if i.overdue else ''} · {i.project}")
    out(f"Amount {money(i.amount_cents, i.currency)} · dated {i.issued_on.isoformat()}")
    if i.for_month:
        out(f"Bills the month {i.for_month}")
    if i.billed_through:
        out(f"Bills the work through {i.billed_through.isoformat()}")
    if i.change_order:
        out(f"Bills {i.change_order}")
    if i.due_on:
        out(f"Due {i.due_on.isoformat()}")
    if i.sent_on:
        out(f"Sent {i.sent_on.isoformat()}")
    if i.voided_on:
        out(f"Void {i.voided_on.isoformat()}" + (f": {i.void_reason}" if i.void_reason else ""))
    if not i.credit_of and i.status in INVOICE_ISSUED:
        out(
            f"Paid {money(i.paid_cents, i.currency)} · credited {money(i.credited_cents, i.currency)} · "
            f"{_left(i)}"
        )


@invoice_app.command("send")
def invoice_send(ctx: typer.Context, number: Number, date_: When = None) -> None:
    """Issue a draft invoice: from now on it is paid, credited or voided, never edited."""
    from amtui.services.money import invoices

    on = pdate(date_)
    with writing(ctx) as uow:
        inv = invoices.send(uow, number, on=on)
    assert inv.sent_on is not None
    billed = f" · {inv.change_order} now invoiced" if inv.change_order else ""
    out(f"{inv.number} sent on {date_echo(date_, inv.sent_on)}: {_left(inv)}{billed}")


@invoice_app.command("paid")
def invoice_paid(
    ctx: typer.Context,
    number: Number,
    date_: When = None,
    amount: Annotated[str | None, typer.Option(help="Amount received (default: the whole balance).")] = None,
) -> None:
    """Record a payment (partial payments add up; paying more than is due is refused)."""

    from amtui.core.money import parse_money
    from amtui.services.money import invoices

    on = pdate(date_)
    amount_cents = parse_money(amount, allow_zero=False) if amount is not None else None
    with writing(ctx) as uow:
        st = invoices.record_payment(uow, number, amount_cents=amount_cents, on=on)
    i = st.invoice
    out(
        f"Recorded {money(st.amount_cents, i.currency)} paid on {i.number} "
        f"({date_echo(date_, on or clock.today())}): {_left(i)}"
    )


@invoice_app.command("credit")
def invoice_credit(
    ctx: typer.Context,
    number: Number,
    amount: Annotated[str, typer.Argument(help="Amount to credit, e.g. 1200.")],
    date_: When = None,
    note: Annotated[str | None, typer.Option(help="Why it is credited.")] = None,
) -> None:
    """Issue a credit note against an invoice (the invoice itself is never edited)."""
    from amtui.core.money import parse_money
    from amtui.services.money import invoices

    on = pdate(date_)
    amount_cents = parse_money(amount, allow_zero=False)
    with writing(ctx) as uow:
        st = invoices.credit(uow, number, amount_cents, on=on, note=note)
    i = st.invoice
    amount_text = money(st.amount_cents, i.currency)
    out(f"Credit note {st.credit_note} for {amount_text} against {i.number}: {_left(i)}")


@invoice_app.command("void")
def invoice_void(
    ctx: typer.Context,
    number: Number,
    reason: Annotated[str | None, typer.Option(help="Why it is void.")] = None,
    date_: When = None,
) -> None:
    """Void an invoice nothing was paid on (credit it instead once money came in)."""
    from amtui.services.money import invoices

    on = pdate(date_)
    with writing(ctx) as uow:
        st = invoices.void(uow, number, on=on, reason=reason)
    i = st.invoice
    tail = f" · {st.change_order} is approved and not invoiced again" if st.change_order else ""
    out(f"{i.number} void: {money(abs(i.amount_cents), i.currency)} no longer invoiced{tail}")


def reconcile(
    ctx: typer.Context,
    ref: Annotated[
        str | None, typer.Argument(help="An account, or one project (default: the whole book).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Reconcile as of this date (default: today).")
    ] = None,
    am: AmOption = None,
    json: Json = False,
    csv: Csv = False,
) -> None:
    """Delivered vs invoiced vs paid per project: uninvoiced work, over-billing, overdue, unbilled COs."""
    from amtui.services.money import reconcile as rec

    one_format(json, csv)
    on = pdate(as_of)
    with reading_sql(ctx) as con:
        r = rec.reconcile(con, ref, as_of=on, am=am)
    if json:
        emit_json(r)
        return
    if csv:  # the JSON's project rows (its totals are sums of them)
        emit_csv(r.projects, rec.ProjectReconciliation)
        return
    if not r.projects:
        out("No projects to reconcile.")
        return
    from amtui.cli._plain import print_table
    from amtui.core.money import cents_to_decimal_str

    def cell(cents: int, cur: str) -> str:
        return money(cents, cur) if cents else "—"

    cols = ("Project", "Earned", "Billable", "Invoiced", "Paid", "Uninvoiced", "Billed ahead", "Overdue")
    table = [
        (
            p.project,
            money(p.delivered_cents, p.currency),
            money(p.billable_cents, p.currency),
            money(p.invoiced_cents, p.currency),
            money(p.paid_cents, p.currency),
            cell(p.uninvoiced_cents, p.currency),
            cell(p.billed_ahead_cents, p.currency),
            cell(p.overdue_cents, p.currency),
        )
        for p in r.projects
    ]
    table += [
        (
            f"Total {tot.currency}",
            money(tot.delivered_cents, tot.currency),
            money(tot.billable_cents, tot.currency),
            money(tot.invoiced_cents, tot.currency),
            money(tot.paid_cents, tot.currency),
            cell(tot.uninvoiced_cents, tot.currency),
            cell(tot.billed_ahead_cents, tot.currency),
            cell(tot.overdue_cents, tot.currency),
        )
        for tot in r.totals
    ]
    print_table(cols, table, right=cols[1:], title=f"Reconciliation as of {r.as_of.isoformat()}")
    notes: list[str] = []
    for p in r.projects:
        for step in rec.steps(p, r.as_of):
            amount = money(step.amount_cents, step.currency)
            if step.kind == "invoice":
                command = f"amtui invoice add {p.project} {cents_to_decimal_str(step.amount_cents)}"
                if step.change_order:
                    command += f" --change-order {step.change_order}"
                elif step.through:
                    command += f" --through {step.through.isoformat()}"
                notes.append(f"{p.project}: {amount} {step.why} → {command}")
            elif step.kind == "chase":
                late = ", ".join(step.invoices)
                notes.append(f"{p.project}: overdue {late} ({amount}) → amtui invoice list --status overdue")
            else:
                notes.append(
                    f"{p.project}: {amount} {step.why} → hold the next invoice until the work catches up, "
                    "or credit it: amtui invoice credit NUMBER AMOUNT"
                )
    if notes:
        out("")
        out("\n".join(notes))
