"""Properties of the money path, checked through the real SQL aggregates on a real store."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from amtui.core.money import apply_rate, cents_to_decimal_str, format_money, parse_money
from amtui.services.base.refs import get_project
from amtui.services.clients import accounts, projects
from amtui.services.money import actuals, budget, budget_health
from amtui.store import open_store, unit_of_work
from amtui.store.models import ChangeOrder

STATUSES = ("draft", "sent", "approved", "rejected", "invoiced", "void")
AS_OF = date(2026, 6, 1)
_ids = itertools.count()
_props = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _fresh_project(store, original: int) -> str:  # type: ignore[no-untyped-def]
    ref = f"acme/p{next(_ids)}"
    with unit_of_work(store, "prop") as uow:
        if not accounts.list_accounts(uow.session):
            accounts.add_account(uow, "Acme", slug="acme")
        projects.add_project(
            uow,
            ref,
            "P",
            budget_cents=original,
            start_on=date(2026, 1, 1),
            end_on=date(2026, 12, 31),
            rate_cents=1,
        )
    return ref


@_props
@given(
    original=st.integers(min_value=0, max_value=10**10),
    cos=st.lists(
        st.tuples(st.sampled_from(STATUSES), st.integers(min_value=-(10**8), max_value=10**9)), max_size=8
    ),
)
def test_current_budget_is_original_plus_approved_change_orders(
    tmp_path: Path, original: int, cos: list[tuple[str, int]]
) -> None:
    # A budget below zero with its change orders is refused by the book's guard (tests/hardening).
    assume(original + sum(a for st_, a in cos if st_ in ("approved", "invoiced")) >= 0)
    store = open_store(tmp_path / "prop.db")
    try:
        ref = _fresh_project(store, original)
        with unit_of_work(store, "prop") as uow:
            pid = get_project(uow.session, ref).id
            for status, amount in cos:
                n = next(_ids)
                uow.session.add(
                    ChangeOrder(number=n, project_id=pid, title="x", amount_cents=amount, status=status)  # type: ignore[arg-type]
                )
        with store.read() as s:
            h = budget.project_health(s, ref, as_of=AS_OF)
        approved = sum(a for st_, a in cos if st_ in ("approved", "invoiced"))
        pending = sum(a for st_, a in cos if st_ in ("draft", "sent"))
        assert h.approved_change_orders_cents == approved
        assert h.pending_change_orders_cents == pending
        assert h.current_budget_cents == h.original_budget_cents + h.approved_change_orders_cents
        assert h.current_budget_cents == original + approved
        assert h.remaining_cents == h.current_budget_cents - h.actual_cents
    finally:
        store.close()


@_props
@given(
    entries=st.lists(
        st.tuples(st.integers(min_value=1, max_value=24 * 60), st.integers(min_value=0, max_value=100_000)),
        min_size=1,
        max_size=12,
    )
)
def test_time_value_sums_equal_the_sum_of_apply_rate(tmp_path: Path, entries: list[tuple[int, int]]) -> None:
    store = open_store(tmp_path / "prop.db")
    try:
        ref = _fresh_project(store, 10**9)
        with unit_of_work(store, "prop") as uow:
            for minutes, rate in entries:
                actuals.log_time(uow, ref, minutes, on=date(2026, 3, 1), rate_cents=rate, today=AS_OF)
        with store.read() as s:
            h = budget.project_health(s, ref, as_of=AS_OF)
        assert h.time_cents == sum(apply_rate(m, r) for m, r in entries) == h.actual_cents
        assert h.actual_minutes == sum(m for m, _ in entries)
    finally:
        store.close()


@given(st.integers(min_value=0, max_value=10**11), st.sampled_from(["USD", "EUR", "GBP", "CHF"]))
def test_amounts_round_trip_through_every_printed_form(cents: int, currency: str) -> None:
    assert parse_money(format_money(cents, currency), currency=currency) == cents
    assert parse_money(cents_to_decimal_str(cents)) == cents
    assert parse_money(f"{currency} {cents_to_decimal_str(cents)}", currency=currency) == cents


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10_000))
def test_earned_value_and_run_rate_are_exact_integer_divisions(actual: int, bp: int) -> None:
    eac = budget_health._div_round(actual * 10_000, bp)
    assert abs(eac * bp - actual * 10_000) * 2 <= bp
