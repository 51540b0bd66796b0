"""Properties of a project's money position over random books (hypothesis).

Books with projects of every billing kind and terms (T&M with and without a cap; retainers in advance and
in arrears; fixed fees by progress, deposit, instalments and milestones), change orders in every state under
every billing rule, invoices by period (``for_month``, billed through, for a change order, by issue date),
credit notes, payments and % complete changing over time. For every project and several dates:

- reconcile's row is :func:`~amtui.services.money.position.positions`' figures, and the identities hold;
- what only grows with time grows (billable, for the terms that cannot go back), and a fee bounds billable;
- following reconcile's invoice steps to the letter (the invoice the printed command raises, sent) leaves
  nothing uninvoiced and bills nothing ahead, on the day and again at the next month end; an account manager
  who does so every month never bills ahead, and no invoice raised later counts on an earlier date.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from amtui.core.dates import add_months, end_of_month
from amtui.services.base.refs import get_change_order, get_project, projects_with_slugs
from amtui.services.clients import accounts, projects
from amtui.services.money import change_orders, invoices, reconcile
from amtui.services.money.position import Position, positions
from amtui.store import Store, open_store, unit_of_work
from amtui.store.models import BillingLine, CostEntry, Milestone, TimeEntry
from tests.conftest import TODAY
from tests.progress import set_progress

SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
YEAR = date(2026, 1, 1)
LAST = (TODAY - YEAR).days  # day offsets stay on or before today: decisions and payments are never future
DATES = [
    date(2026, m, d) for m, d in ((1, 31), (2, 14), (3, 31), (5, 15), (6, 30), (8, 31), (9, 17), (10, 31))
]
_counter = itertools.count()


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One file for every example; each example writes its own account, so examples never meet."""
    s = open_store(tmp_path_factory.mktemp("positions") / "positions.db")
    yield s
    s.close()


def day(offset: int) -> date:
    return YEAR + timedelta(days=min(offset, LAST))


# ---------------------------------------------------------------------------------------------- books

CO_STATES = ("draft", "sent", "approved", "rejected", "invoiced", "void", "void-approved")
amount = st.integers(min_value=1, max_value=20_000_00)


@st.composite
def change_order_specs(draw: st.DrawFn, retainer: bool) -> dict[str, Any]:
    rules = ["on-approval", "on-completion"] if retainer else ["with", "on-approval", "on-completion"]
    return {
        "kind": draw(st.sampled_from(["add", "add", "add", "remove"])),
        "amount": draw(amount),
        "state": draw(st.sampled_from(CO_STATES)),
        "sent": draw(st.integers(0, LAST)),
        "after": draw(st.integers(0, 60)),  # decided this many days after it was sent
        "billing": draw(st.sampled_from([None, None, *rules])),
        "invoice_after": draw(st.integers(0, 30)),  # state "invoiced": issued this many days after approval
    }


invoice_specs = st.fixed_dictionaries(
    {
        "amount": amount,
        "issued": st.integers(0, LAST),
        "period": st.sampled_from(["none", "month", "through"]),
        "month_shift": st.integers(-1, 1),
        "through_shift": st.integers(-45, 15),
        "status": st.sampled_from(["sent", "sent", "sent", "draft", "void"]),
        "credit_pct": st.sampled_from([0, 0, 0, 25, 100]),
        "payments": st.lists(st.integers(1, 100), max_size=2),
    }
)


def shares(weights: list[int]) -> list[int]:
    """Weights as basis points of the fee, summing to 100%."""
    total = sum(weights)
    out = [w * 10_000 // total for w in weights]
    out[-1] += 10_000 - sum(out)
    return out


@st.composite
def project_specs(draw: st.DrawFn) -> dict[str, Any]:
    billing = draw(st.sampled_from(["tm", "fixed", "retainer"]))
    spec: dict[str, Any] = {
        "billing": billing,
        "start": draw(st.integers(0, 240)),
        "length": draw(st.none() | st.integers(20, 400)),
        "budget": draw(st.integers(0, 100_000_00)),
        "co_billing": draw(
            st.sampled_from(
                [None, "on-approval", "on-completion"]
                if billing == "retainer"
                else [None, "with", "on-approval", "on-completion"]
            )
        ),
        "cos": draw(st.lists(change_order_specs(billing == "retainer"), max_size=4)),
        "invoices": draw(st.lists(invoice_specs, max_size=4)),
        # % complete as set over time: (day, basis points or None = cleared)
        "progress": draw(
            st.lists(st.tuples(st.integers(0, LAST), st.none() | st.integers(0, 10_000)), max_size=4)
        ),
        # milestones: (due day, done: None | day | -1 = done, undated)
        "milestones": draw(
            st.lists(
                st.tuples(st.integers(0, LAST), st.none() | st.just(-1) | st.integers(0, LAST)), max_size=4
            )
        ),
    }
    if billing == "tm":
        spec["cap"] = draw(st.none() | st.integers(1, 60_000_00))
        spec["time"] = draw(
            st.lists(
                st.tuples(st.integers(0, LAST), st.integers(0, 8_000_00), st.booleans(), st.booleans()),
                max_size=6,
            )
        )  # (day, amount, a cost rather than time, billable)
    elif billing == "retainer":
        spec["fee"] = draw(st.integers(1, 15_000_00))
        spec["timing"] = draw(st.sampled_from([None, "advance", "arrears"]))
    else:
        spec["schedule"] = draw(st.sampled_from([None, "progress", "deposit", "instalments", "milestones"]))
        spec["deposit_bp"] = draw(st.integers(1, 10_000))
        spec["instalments"] = draw(
            st.lists(st.tuples(st.integers(1, 5), st.integers(0, LAST)), min_size=1, max_size=4)
        )  # (weight, due day)
    # The book refuses a budget that its change orders take below zero (tests/hardening): removals fit in it.
    spec["budget"] = max(spec["budget"], sum(c["amount"] for c in spec["cos"] if c["kind"] == "remove"))
    return spec


@dataclass
class Built:
    """What a generated project is, for the properties that hold only under some conditions."""

    ref: str
    spec: dict[str, Any]
    start: date
    positive_cos: bool  # no change order that lowers the fee was approved
    progress_rises: bool  # % complete (manual or from milestones) never goes down with the date


def build(
    store: Store, specs: list[dict[str, Any]], *, with_invoices: bool = True
) -> tuple[str, list[Built]]:
    acc = f"acc{next(_counter)}"
    out: list[Built] = []
    with unit_of_work(store, "book") as uow:
        accounts.add_account(uow, acc.title(), slug=acc)
        for i, spec in enumerate(specs):
            out.append(_project(uow, f"{acc}/p{i}", spec, with_invoices=with_invoices))
    return acc, out


def _project(uow: Any, ref: str, spec: dict[str, Any], *, with_invoices: bool) -> Built:
    s = uow.session
    billing = spec["billing"]
    start = day(spec["start"])
    end = start + timedelta(days=spec["length"]) if spec["length"] is not None else None
    kw: dict[str, Any] = {}
    if billing == "tm":
        kw["cap_cents"] = spec["cap"]
    if billing == "retainer":
        kw["retainer_fee_cents"] = spec["fee"]
    projects.add_project(
        uow, ref, "P", budget_cents=spec["budget"], billing=billing, start_on=start, end_on=end, **kw
    )
    p = get_project(s, ref)
    assert p.id is not None
    # The terms, straight onto the row (the CLI options for them are built elsewhere).
    p.co_billing = spec["co_billing"]
    if billing == "retainer":
        p.bill_timing = spec["timing"]
    if billing == "fixed":
        p.fee_schedule = spec["schedule"]
        p.deposit_bp = spec["deposit_bp"] if spec["schedule"] == "deposit" else None
    s.add(p)
    s.flush()
    if billing == "fixed" and spec["schedule"] == "instalments":
        weights = [w for w, _ in spec["instalments"]]
        for seq, (bp, (_, due)) in enumerate(zip(shares(weights), spec["instalments"], strict=True)):
            s.add(BillingLine(project_id=p.id, seq=seq, share_bp=bp, due_on=day(due)))
    milestones: list[Milestone] = []
    for due, done in spec["milestones"]:
        m = Milestone(
            project_id=p.id, name="M", due_on=day(due), status="planned" if done is None else "done"
        )
        if done is not None and done >= 0:
            m.done_on = day(done)
        s.add(m)
        milestones.append(m)
    s.flush()
    if billing == "fixed" and spec["schedule"] == "milestones" and milestones:
        for seq, (bp, m) in enumerate(zip(shares([1] * len(milestones)), milestones, strict=True)):
            s.add(BillingLine(project_id=p.id, seq=seq, share_bp=bp, milestone_id=m.id))
    for on, bp in sorted(spec["progress"], key=lambda x: x[0]):
        set_progress(s, p, bp, day(on))
    for on, cents, is_cost, billable in spec.get("time", []):
        row = CostEntry if is_cost else TimeEntry
        extra = {"note": "cost"} if is_cost else {"minutes": 60}
        s.add(row(project_id=p.id, entry_date=day(on), amount_cents=cents, billable=billable, **extra))
    s.flush()

    positive = True
    for co in spec["cos"]:
        v = change_orders.add_change_order(uow, ref, "Change", amount_cents=co["amount"], kind=co["kind"])
        n, state = v.change_order.number, co["state"]
        if state == "invoiced" and (co["kind"] == "remove" or not with_invoices):
            state = "approved"
        if co["billing"] is not None:
            order = get_change_order(s, n)
            order.billing = co["billing"]
            s.add(order)
        if state == "draft":
            continue
        sent = day(co["sent"])
        decided = day(co["sent"] + co["after"])
        change_orders.send(uow, n, on=sent)
        if state == "sent":
            continue
        if state in ("approved", "invoiced", "void-approved"):
            change_orders.approve(uow, n, on=decided)
            positive = positive and (co["kind"] != "remove" or state == "void-approved")
        elif state == "rejected":
            change_orders.reject(uow, n, on=decided)
        if state in ("void", "void-approved"):
            change_orders.void(uow, n, on=decided)
        if state == "invoiced":
            on = day(co["sent"] + co["after"] + co["invoice_after"])
            inv = invoices.add_invoice(uow, ref, abs(co["amount"]), issued_on=on, change_order=n)
            invoices.send(uow, inv.number, on=on)

    if with_invoices:
        for spec_i in spec["invoices"]:
            _invoice(uow, ref, spec_i)

    manual = [bp for _, bp in sorted(spec["progress"], key=lambda x: x[0])]
    rises = (not manual and not spec["milestones"]) or (
        not spec["milestones"] and all(b is not None for b in manual) and manual == sorted(manual)
    )
    if billing == "fixed" and not spec["progress"]:
        rises = True  # % complete from milestones done by the date only ever grows
    return Built(ref, spec, start, positive, rises)


def _invoice(uow: Any, ref: str, i: dict[str, Any]) -> None:
    issued = day(i["issued"])
    month = None
    if i["period"] == "month":
        month = add_months(issued.replace(day=1), i["month_shift"]).strftime("%Y-%m")
    number = invoices.add_invoice(uow, ref, i["amount"], issued_on=issued, for_month=month).number
    if i["period"] == "through":
        # add_invoice has no billed_through yet (``--through`` is being added): set it on the row.
        row = invoices.get_invoice(uow.session, number)
        row.billed_through = issued + timedelta(days=i["through_shift"])
        uow.session.add(row)
    if i["status"] == "draft":
        return
    if i["status"] == "void":
        invoices.void(uow, number, on=issued)
        return
    invoices.send(uow, number, on=issued)
    due = i["amount"]
    credit = due * i["credit_pct"] // 100
    if credit:
        invoices.credit(uow, number, credit, on=issued)
        due -= credit
    for k, pct in enumerate(i["payments"]):
        pay = due * pct // 100
        if pay > 0:
            invoices.record_payment(
                uow, number, amount_cents=pay, on=min(issued + timedelta(days=k + 1), TODAY)
            )
            due -= pay


# ---------------------------------------------------------------------------------------------- reading


def read(
    store: Store, acc: str, on: date
) -> tuple[dict[str, reconcile.ProjectReconciliation], dict[str, Position]]:
    with store.read() as s:
        r = reconcile.reconcile(s, acc, as_of=on)
        rows = projects_with_slugs(s, "a.slug = ?", [acc])
        pos = positions(s, [p for p, _ in rows], on)
    by_ref = {f"{a}/{p.slug}": pos[p.id] for p, a in rows}
    return {row.project: row for row in r.projects}, by_ref


def follow(store: Store, acc: str, on: date) -> list[reconcile.Step]:
    """Raise and send every invoice reconcile's steps suggest on ``on``, exactly as the printed command would:
    ``amtui invoice add PROJECT AMOUNT --change-order CO-n`` or ``--through DATE``, issued that day."""
    with store.read() as s:
        r = reconcile.reconcile(s, acc, as_of=on)
    done: list[reconcile.Step] = []
    with unit_of_work(store, "follow") as uow:
        for row in r.projects:
            for step in reconcile.steps(row, on):
                if step.kind != "invoice":
                    continue
                assert step.amount_cents > 0
                number = invoices.add_invoice(
                    uow, row.project, step.amount_cents, issued_on=on, change_order=step.change_order
                ).number
                if step.change_order is None:
                    assert step.through is not None and step.through <= on
                    inv = invoices.get_invoice(uow.session, number)
                    inv.billed_through = step.through  # what `--through` will write (see _invoice)
                    uow.session.add(inv)
                invoices.send(uow, number, on=on)
                done.append(step)
    return done


def check_row(row: reconcile.ProjectReconciliation, m: Position, b: Built, on: date) -> None:
    # (a) reconcile reads the position
    assert row.delivered_cents == m.earned_cents
    assert row.billable_cents == m.billable_cents
    assert row.invoiced_cents == m.invoiced_cents
    assert row.paid_cents == m.paid_cents
    assert row.uninvoiced_cents == m.uninvoiced_cents
    assert row.overbilled_cents == row.billed_ahead_cents == m.billed_ahead_cents
    assert row.wip_cents == m.wip_cents
    assert row.started == m.started
    # (b) identities
    assert row.uninvoiced_cents - row.billed_ahead_cents == row.billable_cents - row.invoiced_cents
    assert min(row.uninvoiced_cents, row.billed_ahead_cents) == 0
    assert row.uninvoiced_cents >= 0 and row.billed_ahead_cents >= 0
    assert row.wip_cents == row.delivered_cents - row.invoiced_cents
    assert row.outstanding_cents == row.invoiced_cents - row.paid_cents
    assert 0 <= row.uninvoiced_change_orders_cents <= row.uninvoiced_cents
    if on < b.start:
        assert not row.started
        assert row.delivered_cents == row.billable_cents == row.uninvoiced_cents == 0
        assert row.wip_cents == -row.invoiced_cents and row.billed_ahead_cents == max(0, row.invoiced_cents)
        assert row.uninvoiced_change_orders == []
    else:
        assert row.started


def fee_bound(b: Built, s: Any, on: date) -> int | None:
    """The most a fixed fee or a capped T&M project can make billable on ``on``: the fee or cap plus every
    change order approved by then (positive change orders only)."""
    from amtui.services.money.rules import approved_as_of

    frag, ps = approved_as_of(on)
    p = get_project(s, b.ref)
    from amtui.store.sql import rows

    cos = sum(
        int(c)
        for (c,) in rows(
            s, f"SELECT amount_cents FROM change_order WHERE project_id = ? AND {frag}", [p.id, *ps]
        )
    )
    if b.spec["billing"] == "fixed":
        return p.budget_cents + cos
    if b.spec["billing"] == "tm" and p.cap_cents is not None:
        return p.cap_cents + cos
    return None


def grows(b: Built) -> bool:
    """Billable cannot go back with the date under these terms and this history."""
    if not b.positive_cos:
        return False
    billing, spec = b.spec["billing"], b.spec
    if billing == "retainer":
        return True
    # on-completion change orders follow % complete, which may go back
    on_completion = any((c["billing"] or spec["co_billing"]) == "on-completion" for c in spec["cos"])
    if billing == "tm":
        return b.progress_rises or not on_completion
    schedule = spec["schedule"] or "progress"
    if schedule in ("instalments", "milestones"):
        return b.progress_rises or not on_completion
    return b.progress_rises


# ---------------------------------------------------------------------------------------------- properties


@SETTINGS
@given(
    specs=st.lists(project_specs(), min_size=1, max_size=3),
    follow_day=st.integers(0, (date(2026, 10, 28) - YEAR).days),
)
def test_positions_on_random_books(book: Store, specs: list[dict[str, Any]], follow_day: int) -> None:
    acc, built = build(book, specs)
    by_ref = {b.ref: b for b in built}
    dates = sorted({*DATES, TODAY, *(b.start - timedelta(days=1) for b in built), *(b.start for b in built)})
    dates = [d for d in dates if d >= YEAR]
    seen: dict[str, list[tuple[date, int]]] = {}
    for on in dates:
        rows, pos = read(book, acc, on)
        assert set(rows) == set(pos) == set(by_ref)
        with book.read() as s:
            for ref, row in rows.items():
                b = by_ref[ref]
                check_row(row, pos[ref], b, on)
                seen.setdefault(ref, []).append((on, row.billable_cents))
                bound = fee_bound(b, s, on)
                if bound is not None and b.positive_cos:
                    assert row.billable_cents <= bound, (ref, on, row.billable_basis)
                    assert row.delivered_cents <= bound, (ref, on, row.delivered_basis)
    # (c) billable never goes back with the date where the terms and the history cannot make it
    for ref, series in seen.items():
        if grows(by_ref[ref]):
            values = [c for _, c in series]
            assert values == sorted(values), (ref, series)

    # (d) following reconcile to the letter, on a day and at the next month end
    d1 = YEAR + timedelta(days=follow_day)
    d2 = end_of_month(d1) if end_of_month(d1) != d1 else end_of_month(d1 + timedelta(days=1))
    before1, _ = read(book, acc, d1)
    before2, _ = read(book, acc, d2)
    follow(book, acc, d1)
    after1, _ = read(book, acc, d1)
    after2, _ = read(book, acc, d2)
    for ref, row in after1.items():
        was = before1[ref]
        assert row.uninvoiced_cents == 0, (ref, d1, reconcile.steps(was, d1))
        assert row.billed_ahead_cents == was.billed_ahead_cents  # nothing billed ahead that was not before
        assert row.billable_cents == was.billable_cents
    for ref, row in after2.items():
        # What following on d1 raised bills work up to d1: at d2 it is billed ahead only where billable went
        # back between the two dates or an invoice for a later period was raised earlier.
        assert (
            row.invoiced_cents - before2[ref].invoiced_cents
            == after1[ref].invoiced_cents - before1[ref].invoiced_cents
        )
        if grows(by_ref[ref]) and before2[ref].invoiced_cents == before1[ref].invoiced_cents:
            assert row.billed_ahead_cents == 0 or row.billed_ahead_cents <= before2[ref].billed_ahead_cents, (
                ref
            )
    follow(book, acc, d2)
    again, _ = read(book, acc, d2)
    for ref, row in again.items():
        assert row.uninvoiced_cents == 0, ref
        assert row.billed_ahead_cents == after2[ref].billed_ahead_cents, ref


def _co(kind: str, state: str) -> dict[str, Any]:
    spec = {"kind": kind, "amount": 1, "state": state, "sent": 0, "after": 0}
    return spec | {"billing": None, "invoice_after": 0}


# Found: an addition and a removal billed on approval net to nothing; the retainer's first month was named as
# the addition's own invoice, which counted back at its approval (before the first month was billable).
_NETTED = {
    "billing": "retainer",
    "start": 146,
    "length": None,
    "budget": 1,
    "co_billing": None,
    "cos": [_co("add", "draft"), _co("add", "approved"), _co("remove", "approved")],
    "invoices": [],
    "progress": [],
    "milestones": [],
    "fee": 1,
    "timing": "arrears",
}


@SETTINGS
@given(
    specs=st.lists(project_specs(), min_size=1, max_size=2),
    extra=st.lists(st.integers(0, LAST), max_size=3),
)
@example(specs=[_NETTED], extra=[])
def test_following_reconcile_every_month_never_bills_ahead(
    book: Store, specs: list[dict[str, Any]], extra: list[int]
) -> None:
    """An account manager whose only invoices are the ones reconcile suggests, raised at every month end (and
    on a few days in between): never anything uninvoiced after following, never anything billed ahead where
    billable cannot go back, and no invoice raised later counts on an earlier date."""
    acc, built = build(book, specs, with_invoices=False)
    by_ref = {b.ref: b for b in built}
    walk = sorted({*(end_of_month(date(2026, m, 1)) for m in range(1, 11)), TODAY, *(day(d) for d in extra)})
    invoiced_then: dict[tuple[str, date], int] = {}
    last: dict[str, reconcile.ProjectReconciliation] = {}
    for on in walk:
        rows, _ = read(book, acc, on)
        for ref, row in rows.items():
            prev = last.get(ref)
            if prev is not None:
                # Nothing was raised in between: what counts is what was raised up to the last follow.
                assert row.invoiced_cents == prev.invoiced_cents, (ref, on)
                assert row.billed_ahead_cents == max(0, prev.invoiced_cents - row.billable_cents)
                if grows(by_ref[ref]):
                    assert row.billed_ahead_cents == 0, (ref, on, prev.billable_cents, row.billable_cents)
        follow(book, acc, on)
        rows, pos = read(book, acc, on)
        for ref, row in rows.items():
            check_row(row, pos[ref], by_ref[ref], on)
            assert row.uninvoiced_cents == 0, (ref, on)
            invoiced_then[(ref, on)] = row.invoiced_cents
            last[ref] = row
    # "As of" means then: an invoice raised on a later day never counts on an earlier one.
    for on in walk:
        rows, _ = read(book, acc, on)
        for ref, row in rows.items():
            assert row.invoiced_cents == invoiced_then[(ref, on)], (ref, on, row.billable_basis)


# ------------------------------------------------------------------------------ found by the properties above


def _one(store: Store, billing: str, start: date, end: date | None = None, **kw: Any) -> Any:
    with unit_of_work(store, "p") as uow:
        accounts.add_account(uow, "Reg", slug="reg")
        projects.add_project(
            uow, "reg/p", "P", budget_cents=0, billing=billing, start_on=start, end_on=end, **kw
        )
        p = get_project(uow.session, "reg/p")
        for key, value in kw.pop("terms", {}).items():
            setattr(p, key, value)
        uow.session.add(p)
    return p


def test_a_removal_billed_separately_is_no_invoice_to_raise(store: Store) -> None:
    """A removal billed on approval lowers billable; reconcile never lists it as a change order to invoice."""
    _one(store, "tm", date(2026, 1, 1))
    with unit_of_work(store, "co") as uow:
        get_project(uow.session, "reg/p").co_billing = "on-approval"
        get_project(uow.session, "reg/p").budget_cents = 1_000_00  # a removal never takes it below zero
        n = change_orders.add_change_order(uow, "reg/p", "Less", amount_cents=500_00, kind="remove")
        change_orders.send(uow, n.change_order.number, on=date(2026, 2, 1))
        change_orders.approve(uow, n.change_order.number, on=date(2026, 2, 2))
    with store.read() as s:
        (row,) = reconcile.reconcile(s, "reg", as_of=date(2026, 3, 1)).projects
    assert row.billable_cents == -500_00 and row.uninvoiced_cents == 0
    assert row.uninvoiced_change_orders == [] and row.uninvoiced_change_orders_cents == 0
    assert [s.kind for s in reconcile.steps(row, date(2026, 3, 1)) if s.kind == "invoice"] == []


def test_work_logged_before_the_start_is_invoiced_from_the_start(store: Store) -> None:
    """T&M time dated before the project's start is billable once it starts; the invoice reconcile suggests
    (``--through`` the last month end, before the start) must not count on days before the start."""
    _one(store, "tm", date(2026, 6, 14))
    with unit_of_work(store, "t") as uow:
        pid = get_project(uow.session, "reg/p").id
        assert pid is not None
        uow.session.add(
            TimeEntry(project_id=pid, entry_date=date(2026, 1, 5), minutes=60, amount_cents=125_00)
        )
    (step,) = follow(store, "reg", date(2026, 6, 24))
    assert step.through == date(2026, 5, 31) and step.amount_cents == 125_00
    rows, _ = read(store, "reg", date(2026, 5, 31))
    assert rows["reg/p"].invoiced_cents == 0 and rows["reg/p"].billed_ahead_cents == 0
    rows, _ = read(store, "reg", date(2026, 6, 24))
    assert rows["reg/p"].invoiced_cents == 125_00 and rows["reg/p"].uninvoiced_cents == 0


def test_a_change_order_billed_on_completion_is_invoiced_from_its_invoice(store: Store) -> None:
    """Approved in January, due when the project ends (February), invoiced in March: the invoice does not
    count in January, when nothing was billable."""
    _one(store, "fixed", date(2026, 1, 1), date(2026, 2, 2))
    with unit_of_work(store, "co") as uow:
        get_project(uow.session, "reg/p").co_billing = "on-completion"
        n = change_orders.add_change_order(uow, "reg/p", "More", amount_cents=900_00).change_order.number
        change_orders.send(uow, n, on=date(2026, 1, 5))
        change_orders.approve(uow, n, on=date(2026, 1, 6))
    assert [s.change_order for s in follow(store, "reg", date(2026, 1, 31))] == []
    (step,) = follow(store, "reg", date(2026, 3, 2))
    assert step.change_order == n and step.amount_cents == 900_00
    rows, _ = read(store, "reg", date(2026, 1, 31))
    assert rows["reg/p"].invoiced_cents == 0 and rows["reg/p"].billed_ahead_cents == 0
    rows, _ = read(store, "reg", date(2026, 3, 2))
    assert rows["reg/p"].invoiced_cents == 900_00 and rows["reg/p"].uninvoiced_cents == 0


def _retainer_with_orders(
    store: Store, orders: list[tuple[str, int, date]], timing: str = "arrears"
) -> list[str]:
    """A retainer of $0.01 a month from 15 January, its change orders billed on approval: (kind, cents,
    approved on) each, sent the day before. Returns their references (CO-n)."""
    _one(store, "retainer", date(2026, 1, 15), retainer_fee_cents=1)
    numbers = []
    with unit_of_work(store, "co") as uow:
        p = get_project(uow.session, "reg/p")
        p.bill_timing, p.co_billing, p.budget_cents = timing, "on-approval", 1_00
        uow.session.add(p)
        for kind, cents, on in orders:
            n = change_orders.add_change_order(uow, "reg/p", "C", amount_cents=cents, kind=kind)
            number = n.change_order.number
            change_orders.send(uow, number, on=on - timedelta(days=1))
            change_orders.approve(uow, number, on=on)
            numbers.append(number)
    return numbers


def test_a_removal_offsets_an_addition_billed_separately_never_a_month_of_the_fee(store: Store) -> None:
    """An addition and a removal of $0.01, both billed on approval in January, net to nothing: on 31 January
    nothing is billable; on 28 February the cent billable is the retainer's first month, invoiced through
    that day, not the addition by an invoice of its own that would count back at its approval (31 January
    would then show $0.01 invoiced, billed ahead after the fact)."""
    add, remove = _retainer_with_orders(
        store, [("add", 1, date(2026, 1, 20)), ("remove", 1, date(2026, 1, 20))]
    )
    assert follow(store, "reg", date(2026, 1, 31)) == []
    rows, _ = read(store, "reg", date(2026, 2, 28))
    assert rows["reg/p"].uninvoiced_cents == 1 and rows["reg/p"].uninvoiced_change_orders == []
    (step,) = follow(store, "reg", date(2026, 2, 28))
    assert step.change_order is None and step.through == date(2026, 2, 28) and step.amount_cents == 1
    rows, _ = read(store, "reg", date(2026, 1, 31))
    assert rows["reg/p"].invoiced_cents == 0 and rows["reg/p"].billed_ahead_cents == 0
    rows, _ = read(store, "reg", date(2026, 2, 28))
    assert rows["reg/p"].invoiced_cents == 1 and rows["reg/p"].uninvoiced_cents == 0
    assert rows["reg/p"].billed_ahead_cents == 0
    with store.read() as s:  # neither order was invoiced on its own
        assert {get_change_order(s, n).status for n in (add, remove)} == {"approved"}


def test_an_addition_after_an_offset_pair_is_the_one_invoiced_on_its_own(store: Store) -> None:
    """The pair of January nets to nothing; a later addition (March) is named for an invoice of its own,
    counting from March, not the January addition, whose invoice would count back to January."""
    _, _, later = _retainer_with_orders(
        store,
        [("add", 1, date(2026, 1, 20)), ("remove", 1, date(2026, 1, 20)), ("add", 1, date(2026, 3, 10))],
    )
    for on in (date(2026, 1, 31), date(2026, 2, 28)):
        follow(store, "reg", on)
    steps = follow(store, "reg", date(2026, 3, 31))
    assert [(s.change_order, s.amount_cents) for s in steps] == [(later, 1), (None, 1)]
    for on, invoiced in ((date(2026, 1, 31), 0), (date(2026, 2, 28), 1), (date(2026, 3, 31), 3)):
        rows, _ = read(store, "reg", on)
        assert (rows["reg/p"].invoiced_cents, rows["reg/p"].billed_ahead_cents) == (invoiced, 0), on


def test_an_addition_is_not_invoiced_on_its_own_for_more_than_the_orders_net(store: Store) -> None:
    """Two additions of $0.05 and $0.03 and a removal of $0.04 billed separately net $0.04: the newest
    addition that fits ($0.03) is invoiced on its own, the rest of what is uninvoiced through the day."""
    _, newer, _ = _retainer_with_orders(
        store,
        [("add", 5, date(2026, 1, 20)), ("add", 3, date(2026, 1, 22)), ("remove", 4, date(2026, 1, 25))],
    )
    steps = follow(store, "reg", date(2026, 1, 31))
    assert [(s.change_order, s.amount_cents) for s in steps] == [(newer, 3), (None, 1)]
    for on in (date(2026, 1, 22), date(2026, 1, 25), date(2026, 1, 31)):
        rows, _ = read(store, "reg", on)
        assert rows["reg/p"].billed_ahead_cents == 0, on


def test_in_advance_the_month_is_invoiced_not_an_offset_addition(store: Store) -> None:
    """In advance the first month is billable on 15 January: the cent billable on 31 January is that month,
    invoiced through the day, not the addition its removal offsets."""
    add, _ = _retainer_with_orders(
        store, [("add", 1, date(2026, 1, 20)), ("remove", 1, date(2026, 1, 20))], timing="advance"
    )
    (step,) = follow(store, "reg", date(2026, 1, 31))
    assert step.change_order is None and step.through == date(2026, 1, 31) and step.amount_cents == 1
    with store.read() as s:
        assert get_change_order(s, add).status == "approved"


def test_an_addition_credited_by_a_removal_leaves_room_for_the_next(store: Store) -> None:
    """An addition invoiced on its own, then a removal of as much: billed ahead, settled by crediting that
    invoice (the credit note counts with it). A later addition is then invoiced on its own again."""
    (add,) = _retainer_with_orders(store, [("add", 5, date(2026, 1, 20))])
    (step,) = follow(store, "reg", date(2026, 1, 31))
    assert step.change_order == add
    with unit_of_work(store, "co") as uow:
        n = change_orders.add_change_order(uow, "reg/p", "Less", amount_cents=5, kind="remove")
        change_orders.send(uow, n.change_order.number, on=date(2026, 2, 2))
        change_orders.approve(uow, n.change_order.number, on=date(2026, 2, 3))
    rows, _ = read(store, "reg", date(2026, 2, 10))
    assert rows["reg/p"].billed_ahead_cents == 5 and rows["reg/p"].uninvoiced_change_orders == []
    with unit_of_work(store, "credit") as uow:
        invoices.credit(uow, invoices.list_invoices(uow.session)[0].number, 5, on=date(2026, 2, 10))
    with unit_of_work(store, "co") as uow:
        n = change_orders.add_change_order(uow, "reg/p", "More", amount_cents=3)
        change_orders.send(uow, n.change_order.number, on=date(2026, 2, 11))
        change_orders.approve(uow, n.change_order.number, on=date(2026, 2, 12))
        later = n.change_order.number
    steps = follow(store, "reg", date(2026, 2, 28))
    assert [(s.change_order, s.amount_cents) for s in steps] == [(later, 3), (None, 1)]
    for on in (date(2026, 1, 31), date(2026, 2, 12), date(2026, 2, 28)):
        rows, _ = read(store, "reg", on)
        assert rows["reg/p"].billed_ahead_cents == 0, on
    assert rows["reg/p"].uninvoiced_cents == 0 and rows["reg/p"].invoiced_cents == 4


def test_work_above_a_cap_raised_later_is_invoiced_from_the_raise(store: Store) -> None:
    """T&M capped at $100 with $500 of January work: January bills $100. A change order with the fee raises
    the cap by $200 on 10 February: the $200 more is billable from that day, so the invoice reconcile
    suggests bills through 10 February, not through 31 January (which would then show it billed ahead)."""
    _one(store, "tm", date(2026, 1, 1), cap_cents=100_00)
    with unit_of_work(store, "t") as uow:
        p = get_project(uow.session, "reg/p")
        p.co_billing = "with"
        uow.session.add(p)
        assert p.id is not None
        uow.session.add(
            TimeEntry(project_id=p.id, entry_date=date(2026, 1, 10), minutes=60, amount_cents=500_00)
        )
    (step,) = follow(store, "reg", date(2026, 1, 31))
    assert (step.amount_cents, step.through) == (100_00, date(2026, 1, 31))
    with unit_of_work(store, "co") as uow:
        n = change_orders.add_change_order(uow, "reg/p", "More", amount_cents=200_00).change_order.number
        change_orders.send(uow, n, on=date(2026, 2, 9))
        change_orders.approve(uow, n, on=date(2026, 2, 10))
    (step,) = follow(store, "reg", date(2026, 2, 20))
    assert (step.amount_cents, step.through, step.change_order) == (200_00, date(2026, 2, 10), None)
    for on, invoiced in (
        (date(2026, 1, 31), 100_00),
        (date(2026, 2, 10), 300_00),
        (date(2026, 2, 20), 300_00),
    ):
        rows, _ = read(store, "reg", on)
        assert (rows["reg/p"].invoiced_cents, rows["reg/p"].billed_ahead_cents) == (invoiced, 0), on
