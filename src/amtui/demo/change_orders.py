"""Demo step: change orders in every state, invoices paid, part-paid, overdue, credited and void, and
delivered work not yet invoiced — so ``amtui co list``, ``amtui scope`` and ``amtui reconcile`` tell a story.

Independent of the actuals step: fixed-fee projects get a % complete (unless another step set one), retainers
bill by their terms (Helios' social retainer monthly in arrears, Quokka's demand gen in advance), and
time-and-materials projects are invoiced month by month for whatever billable time is in the book when this
step runs (none, if it runs first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import col, select

from amtui.core.dates import add_months, end_of_month
from amtui.demo.core import record_progress
from amtui.services.base.refs import get_project
from amtui.services.money import change_orders, invoices
from amtui.services.money.position import retainer_months_billable
from amtui.store.models import CostEntry, Project, TimeEntry
from amtui.store.uow import UnitOfWork

if TYPE_CHECKING:
    from amtui.demo import DemoContext


@dataclass
class PlannedInvoice:
    issued_on: date
    ref: str
    amount_cents: int
    for_month: str | None = None
    change_order: str | None = None
    send: bool = True
    payments: list[tuple[date, int | None]] = field(default_factory=list)  # None: the whole balance
    credit: tuple[date, int, str] | None = None
    void: tuple[date, str] | None = None
    number: str = ""


def _change_orders(uow: UnitOfWork, today: date) -> dict[str, str]:
    """Seven change orders: draft, sent (waiting 9 days), sent (fresh), approved with days, rejected,
    invoiced, void. Returns a name → CO number map."""

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    made: dict[str, str] = {}

    def add(key: str, ref: str, title: str, amount: int, **kw: object) -> str:
        v = change_orders.add_change_order(uow, ref, title, amount_cents=amount, **kw)  # type: ignore[arg-type]
        made[key] = v.change_order.number
        return made[key]

    n = add(
        "bramble-coop",
        "bramble/holiday-shelf",
        "Retailer co-op assets for two extra chains",
        3_200_00,
        minutes=20 * 60,
        reason="Co-op money confirmed with two more retailers; each needs its own shelf talkers and end caps",
        requested_by="Grace Liu",
    )
    change_orders.send(uow, n, on=ago(45), to="Grace Liu")
    change_orders.approve(uow, n, by="Grace Liu", on=ago(40))

    n = add(
        "northwind-rush",
        "northwind/spring-launch",
        "Rush delivery of the hero video",
        6_000_00,
        minutes=30 * 60,
        days=-7,
        reason="Launch event moved a week earlier",
        requested_by="Dana Ruiz",
    )
    change_orders.send(uow, n, on=ago(30), to="Dana Ruiz")
    change_orders.reject(uow, n, by="Dana Ruiz", on=ago(24))

    n = add(
        "helios-cutdowns",
        "helios/ctv-q1-flight",
        "Two additional 15-second cutdowns",
        4_500_00,
        minutes=24 * 60,
        days=5,
        reason="Streaming partners capped pre-roll at 15 seconds",
        requested_by="Marcus Bell",
    )
    change_orders.send(uow, n, on=ago(16), to="Marcus Bell")
    change_orders.approve(uow, n, by="Marcus Bell", on=ago(12))

    n = add(
        "quokka-seats",
        "quokka/abm-pilot",
        "Sales Navigator seats for the pilot",
        1_800_00,
        reason="Media cost passed through for the ABM pilot",
        requested_by="Ana Souza",
    )
    change_orders.void(uow, n, on=ago(10), reason="Client bought the seats directly")

    n = add(
        "northwind-banners",
        "northwind/spring-launch",
        "Six extra banner sizes",
        4_500_00,
        minutes=30 * 60,
        days=5,
        reason="Retail partners need the new IAB formats for the launch",
        requested_by="Leah Kim",
    )
    change_orders.send(uow, n, on=ago(9), to="Sam Patel")

    n = add(
        "quokka-webinar",
        "quokka/demand-gen",
        "Drop the monthly webinar promotion",
        1_500_00,
        kind="remove",
        minutes=10 * 60,
        reason="Quokka runs webinars in-house from January",
        requested_by="Tom Okoro",
    )
    change_orders.send(uow, n, on=ago(3), to="Tom Okoro")

    add(
        "helios-spanish",
        "helios/always-on-search",
        "Spanish-language ad variants",
        3_200_00,
        minutes=24 * 60,
        days=4,
        reason="Helios opens Spanish-language service in two regions",
        requested_by="Marcus Bell",
    )
    return made


def _set_complete(uow: UnitOfWork, ref: str, bp: int, today: date) -> None:
    """% complete for fixed-fee projects, with its history, unless another demo step already recorded one."""
    p = get_project(uow.session, ref)
    if p.complete_bp is None:
        record_progress(uow, ref, bp, today)


def _retainer_invoices(uow: UnitOfWork, ref: str, today: date, timing: str) -> list[PlannedInvoice]:
    """One invoice per month of service under the retainer's terms: in arrears, raised the day after the
    month ends, for that month; in advance, raised the day the month begins (so this month's is out)."""
    p = get_project(uow.session, ref)
    assert p.start_on is not None and p.retainer_fee_cents
    p.bill_timing = timing
    uow.session.add(p)
    months = retainer_months_billable(p.start_on, p.end_on, today, timing)
    out = []
    for k in range(months):
        begins = add_months(p.start_on, k)
        out.append(
            PlannedInvoice(
                issued_on=begins if timing == "advance" else add_months(p.start_on, k + 1),
                ref=ref,
                amount_cents=p.retainer_fee_cents,
                for_month=begins.strftime("%Y-%m"),
            )
        )
    return out


def _tm_invoices(uow: UnitOfWork, ref: str, today: date) -> list[PlannedInvoice]:
    """Time & materials: each completed calendar month's billable, in-scope time and costs."""
    p = get_project(uow.session, ref)
    assert p.id is not None and p.start_on is not None
    out = []
    first = p.start_on.replace(day=1)
    while end_of_month(first) < today.replace(day=1):
        last = end_of_month(first)
        total = _billable(uow, p, first, last)
        if total > 0:
            out.append(
                PlannedInvoice(
                    issued_on=last + timedelta(days=1),
                    ref=ref,
                    amount_cents=total,
                    for_month=first.strftime("%Y-%m"),
                )
            )
        first = last + timedelta(days=1)
    return out


def _billable(uow: UnitOfWork, p: Project, first: date, last: date) -> int:
    s = uow.session
    t = s.exec(
        select(func.coalesce(func.sum(TimeEntry.amount_cents), 0)).where(
            TimeEntry.project_id == p.id,
            col(TimeEntry.billable).is_(True),
            col(TimeEntry.out_of_scope).is_(False),
            col(TimeEntry.entry_date) >= first,
            col(TimeEntry.entry_date) <= last,
        )
    ).one()
    c = s.exec(
        select(func.coalesce(func.sum(CostEntry.amount_cents), 0)).where(
            CostEntry.project_id == p.id,
            col(CostEntry.billable).is_(True),
            col(CostEntry.out_of_scope).is_(False),
            col(CostEntry.entry_date) >= first,
            col(CostEntry.entry_date) <= last,
        )
    ).one()
    return int(t or 0) + int(c or 0)


def build(uow: UnitOfWork, ctx: DemoContext) -> dict[str, int]:
    today = ctx.today

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def paid_after(issued: date, days: int) -> date:
        return min(issued + timedelta(days=days), ago(1))

    cos = _change_orders(uow, today)
    # Fixed fees: Helios CTV 20% of ($85,000 + $4,500) = $17,900 delivered against a $9,500 deposit.
    _set_complete(uow, "helios/ctv-q1-flight", 2000, today)
    _set_complete(uow, "northwind/spring-launch", 5500, today)
    _set_complete(uow, "bramble/holiday-shelf", 7000, today)

    plan: list[PlannedInvoice] = []
    social = _retainer_invoices(uow, "helios/social-retainer", today, "arrears")
    for i, inv in enumerate(social):
        if i < len(social) - 2:
            inv.payments = [(paid_after(inv.issued_on, 21), None)]
        elif i == len(social) - 2:
            inv.payments = [(paid_after(inv.issued_on, 25), 4_000_00)]  # part paid, then overdue
    plan += social
    demand = _retainer_invoices(uow, "quokka/demand-gen", today, "advance")
    for i, inv in enumerate(demand):
        if i == 1:  # billed at last year's fee by mistake; a credit note corrects it
            inv.amount_cents += 1_200_00
            inv.credit = (inv.issued_on + timedelta(days=3), 1_200_00, "Billed at the 2025 fee by mistake")
        if i < len(demand) - 1:
            inv.payments = [(paid_after(inv.issued_on, 24), None)]
    plan += demand
    search = _tm_invoices(uow, "helios/always-on-search", today)
    for inv in search[:-1]:
        inv.payments = [(paid_after(inv.issued_on, 28), None)]
    plan += search
    plan += [
        PlannedInvoice(ago(28), "helios/ctv-q1-flight", 9_500_00, payments=[(ago(10), None)]),
        PlannedInvoice(ago(61), "northwind/spring-launch", 2_400_00, void=(ago(60), "Wrong PO number")),
        PlannedInvoice(ago(60), "northwind/spring-launch", 24_000_00, payments=[(ago(45), None)]),
        PlannedInvoice(ago(75), "bramble/holiday-shelf", 28_000_00, payments=[(ago(50), None)]),
        PlannedInvoice(ago(35), "bramble/holiday-shelf", 14_000_00),  # milestone billed early, now overdue
        PlannedInvoice(
            ago(30),
            "bramble/holiday-shelf",
            3_200_00,
            change_order=cos["bramble-coop"],
            payments=[(ago(15), None)],
        ),
        PlannedInvoice(today, "quokka/abm-pilot", 5_000_00, send=False),  # a draft, not sent yet
    ]
    plan.sort(key=lambda p: (p.issued_on, p.ref))
    for inv in plan:
        info = invoices.add_invoice(
            uow,
            inv.ref,
            inv.amount_cents,
            issued_on=inv.issued_on,
            for_month=inv.for_month,
            change_order=inv.change_order,
        )
        inv.number = info.number
        if inv.void:
            invoices.void(uow, inv.number, on=inv.void[0], reason=inv.void[1])
            continue
        if inv.send:
            invoices.send(uow, inv.number, on=inv.issued_on)
        if inv.credit:
            invoices.credit(uow, inv.number, inv.credit[1], on=inv.credit[0], note=inv.credit[2])
        for on, amount in inv.payments:
            invoices.record_payment(uow, inv.number, amount_cents=amount, on=on, today=today)
    return {"change_orders": len(cos), "invoices": len(plan)}
