"""Properties of change orders, invoices and reconciliation, over many generated books (hypothesis)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from amtui.core import clock
from amtui.core.errors import StateError
from amtui.core.money import cents_to_decimal_str, format_money, parse_money
from amtui.services.base.refs import get_project
from amtui.services.clients import accounts, projects
from amtui.services.money import change_orders, invoices, reconcile, rules
from amtui.services.money.budget import project_health
from amtui.store import Store, open_store, unit_of_work
from amtui.store.models import TimeEntry

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
START = date(2026, 1, 1)
AS_OF = date(2026, 11, 28)
_counter = itertools.count()


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One book for every example: each example adds its own account, so examples never meet."""
    s = open_store(tmp_path_factory.mktemp("props") / "props.db")
    with unit_of_work(s, "seed") as uow:
        accounts.add_account(uow, "Props", slug="props")
    yield s
    s.close()


def new_project(store: Store, billing: str, budget: int, **kw: object) -> str:
    ref = f"props/p{next(_counter)}"
    with unit_of_work(store, "project") as uow:
        projects.add_project(
            uow, ref, "P", budget_cents=budget, billing=billing, start_on=START, end_on=date(2027, 1, 1), **kw
        )  # type: ignore[arg-type]
    return ref


cents = st.integers(min_value=1, max_value=5_000_000)

# ---------------------------------------------------------------------------------------------- money


@given(st.integers(min_value=0, max_value=10**11))
def test_amounts_round_trip_through_text(c: int) -> None:
    assert parse_money(format_money(c)) == c
    assert parse_money(cents_to_decimal_str(c)) == c
    assert parse_money(format_money(c, "EUR"), currency="EUR") == c


@given(st.integers(min_value=-(10**11), max_value=10**11))
def test_signed_amounts_round_trip(c: int) -> None:
    assert parse_money(format_money(c, signed=True), allow_negative=True) == c


# ---------------------------------------------------------------------------------------------- budget


@SETTINGS
@given(
    budget=st.integers(min_value=0, max_value=10_000_000),
    orders=st.lists(
        st.tuples(
            st.sampled_from(["add", "remove", "modify"]),
            cents,
            st.sampled_from(["draft", "sent", "approved", "rejected", "void", "void-approved"]),
        ),
        max_size=6,
    ),
)
def test_current_budget_is_original_plus_approved(shared_store: Store, budget: int, orders: list) -> None:  # type: ignore[type-arg]
    # A budget below zero with its change orders is refused by the book's guard (tests/hardening).
    assume(budget + sum(-a if k == "remove" else a for k, a, t in orders if t == "approved") >= 0)
    ref = new_project(shared_store, "fixed", budget)
    expected = budget
    with unit_of_work(shared_store, "cos") as uow:
        for kind, amount, target in orders:
            v = change_orders.add_change_order(uow, ref, "Change", amount_cents=amount, kind=kind)
            n = v.change_order.number
            signed = -amount if kind == "remove" else amount
            if target == "draft":
                continue
            change_orders.send(uow, n, on=AS_OF)
            if target in ("approved", "void-approved"):
                change_orders.approve(uow, n, on=AS_OF)
                expected += signed
            elif target == "rejected":
                change_orders.reject(uow, n, on=AS_OF)
            if target in ("void", "void-approved"):
                change_orders.void(uow, n, on=AS_OF)
                if target == "void-approved":
                    expected -= signed
        last = change_orders.add_change_order(uow, ref, "Probe", amount_cents=1)
        assert last.impact.current_budget_cents == expected
        assert last.impact.budget_with_cents == expected + 1
        h = project_health(uow.session, get_project(uow.session, ref), as_of=clock.today())
        assert h.current_budget_cents == expected == h.original_budget_cents + h.approved_change_orders_cents


ACTIONS = ["send", "approve", "reject", "void", "edit"]


@SETTINGS
@given(st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=8))
def test_change_order_state_machine(shared_store: Store, actions: list[str]) -> None:
    """Every action either follows the transition table or is refused with StateError, leaving the state."""
    ref = new_project(shared_store, "fixed", 1_000_00)
    with unit_of_work(shared_store, "co") as uow:
        n = change_orders.add_change_order(uow, ref, "Change", amount_cents=100).change_order.number
    state = "draft"
    for action in actions:
        allowed, target = rules.CO_TRANSITIONS[action]
        try:
            with unit_of_work(shared_store, action) as uow:
                if action == "edit":
                    change_orders.edit(uow, n, title="Changed")
                else:
                    fn = {
                        "send": change_orders.send,
                        "approve": change_orders.approve,
                        "reject": change_orders.reject,
                        "void": change_orders.void,
                    }[action]
                    fn(uow, n, on=AS_OF)  # type: ignore[operator]
        except StateError:
            assert state not in allowed
        else:
            assert state in allowed
            state = target or state
        with shared_store.read() as s:
            assert change_orders.show(s, n).change_order.status == state


# ---------------------------------------------------------------------------------------------- reconcile

invoice_plan = st.lists(
    st.tuples(
        cents,  # amount
        st.integers(min_value=0, max_value=300),  # issued, days after start
        st.sampled_from(["draft", "sent", "void"]),
        st.lists(st.integers(min_value=1, max_value=100), max_size=3),  # payments, % of what is due
        st.integers(min_value=0, max_value=100),  # credit, % of what is due
    ),
    max_size=5,
)


@SETTINGS
@given(
    billing=st.sampled_from(["tm", "fixed", "retainer"]),
    budget=st.integers(min_value=0, max_value=20_000_000),
    time_cents=st.lists(st.integers(min_value=0, max_value=2_000_000), max_size=5),
    complete=st.none() | st.integers(min_value=0, max_value=10_000),
    cap=st.none() | cents,
    plan=invoice_plan,
    as_of_days=st.integers(min_value=0, max_value=400),
)
def test_reconciliation_identities(
    shared_store: Store,
    billing: str,
    budget: int,
    time_cents: list[int],
    complete: int | None,
    cap: int | None,
    plan: list,  # type: ignore[type-arg]
    as_of_days: int,
) -> None:
    extra: dict[str, object] = {}
    if billing == "tm":
        extra["cap_cents"] = cap
    if billing == "retainer":
        extra["retainer_fee_cents"] = 9_000_00
    ref = new_project(shared_store, billing, budget, **extra)
    invoiced = paid = 0
    as_of = START + timedelta(days=as_of_days)
    with unit_of_work(shared_store, "book") as uow:
        p = get_project(uow.session, ref)
        if complete is not None:
            projects.set_complete(uow, p, complete, on=START)
        assert p.id is not None
        for i, c in enumerate(time_cents):
            uow.session.add(
                TimeEntry(
                    project_id=p.id, entry_date=START + timedelta(days=i * 30), minutes=60, amount_cents=c
                )
            )
        for amount, day, status, pays, credit_pct in plan:
            issued = START + timedelta(days=day)
            number = invoices.add_invoice(uow, ref, amount, issued_on=issued).number
            if status == "void":
                invoices.void(uow, number, on=issued)
                continue
            if status == "draft":
                continue
            invoices.send(uow, number, on=issued)
            counted = issued <= as_of
            invoiced += amount if counted else 0
            due = amount
            credit = due * credit_pct // 100
            if credit:
                invoices.credit(uow, number, credit, on=issued)
                invoiced -= credit if counted else 0
                due -= credit
            for k, pct in enumerate(pays):
                pay = due * pct // 100
                if pay <= 0:
                    continue
                on = issued + timedelta(days=k + 1)
                invoices.record_payment(uow, number, amount_cents=pay, on=on)
                paid += pay if on <= as_of else 0
                due -= pay
    with shared_store.read() as s:
        r = reconcile.reconcile(s, ref, as_of=as_of)
    (row,) = r.projects
    assert row.invoiced_cents == invoiced and row.paid_cents == paid
    assert row.uninvoiced_cents - row.overbilled_cents == row.billable_cents - row.invoiced_cents
    assert row.overbilled_cents == row.billed_ahead_cents
    assert row.wip_cents == row.delivered_cents - row.invoiced_cents
    assert row.uninvoiced_cents >= 0 and row.overbilled_cents >= 0
    assert min(row.uninvoiced_cents, row.overbilled_cents) == 0
    assert 0 <= row.paid_cents <= row.invoiced_cents
    assert 0 <= row.overdue_cents <= row.outstanding_cents == row.invoiced_cents - row.paid_cents
    assert row.delivered_cents >= 0
    if billing == "tm" and cap is not None:
        assert row.delivered_cents <= cap
    if billing == "fixed":
        assert row.delivered_cents <= budget
    (tot,) = r.totals
    assert (tot.delivered_cents, tot.invoiced_cents, tot.paid_cents) == (
        row.delivered_cents,
        row.invoiced_cents,
        row.paid_cents,
    )
