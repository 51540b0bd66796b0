"""An estimate's arithmetic: totals are the sum of the lines a client sees, to the cent."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.errors import InputError
from amtui.core.money import apply_rate
from amtui.services.estimates.arithmetic import (
    contingency_cents,
    fixed_line,
    hours_line,
    totals,
    with_contingency,
)

hours_lines = st.builds(
    hours_line,
    st.sampled_from(["creative", "media", "strategy"]),
    st.integers(min_value=1, max_value=100_000),
    st.integers(min_value=1, max_value=100_000),
    st.integers(min_value=0, max_value=100_000),
)
fixed_lines = st.builds(
    fixed_line,
    st.text(min_size=1, max_size=10),
    st.integers(min_value=0, max_value=10**10),
    st.integers(min_value=0, max_value=10**10),
)


@given(st.lists(st.one_of(hours_lines, fixed_lines), max_size=30), st.integers(min_value=0, max_value=10_000))
def test_totals_equal_the_sum_of_the_lines_exactly(lines: list, bp: int) -> None:  # type: ignore[type-arg]
    shown = with_contingency(lines, bp)
    t = totals(lines, bp)
    assert t.amount_cents == sum(ln.amount_cents for ln in shown)
    assert t.cost_cents == sum(ln.cost_cents for ln in shown)
    assert t.margin_cents == sum(ln.margin_cents for ln in shown) == t.amount_cents - t.cost_cents
    assert t.subtotal_cents + t.contingency_cents == t.amount_cents
    assert t.minutes == sum(ln.minutes or 0 for ln in lines)
    assert all(isinstance(x, int) for x in (t.amount_cents, t.cost_cents, t.contingency_cents))
    # The contingency is its share of the lines, rounded half up to the cent (integers only).
    assert abs(t.contingency_cents * 10_000 - t.subtotal_cents * bp) <= 5_000


@given(
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=0, max_value=10**6),
)
def test_an_hours_line_is_minutes_at_the_rates(minutes: int, bill: int, cost: int) -> None:
    ln = hours_line("creative", minutes, bill, cost)
    assert ln.amount_cents == apply_rate(minutes, bill)
    assert ln.cost_cents == apply_rate(minutes, cost)


def test_contingency_rounds_half_up_to_the_cent() -> None:
    assert contingency_cents(1_005, 5_000) == 503  # 502.5 → 503
    assert contingency_cents(1_004, 5_000) == 502
    assert contingency_cents(0, 1_000) == 0
    assert totals([], 1_000).amount_cents == 0


def test_bad_lines_are_refused() -> None:
    with pytest.raises(InputError):
        hours_line("creative", 0, 16_500, 7_000)
    with pytest.raises(InputError):
        hours_line("creative", -60, 16_500, 7_000)
    with pytest.raises(InputError):
        fixed_line("Media", -1, 0)
