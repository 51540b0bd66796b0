"""The scheduling engine alone: finish-to-start with lags, minimal pushes, clamping, done work, loops."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.services.timeline.schedule import (
    DoneWouldMove,
    Edge,
    Span,
    cycle_if_added,
    earliest_start,
    find_path,
    propagate,
)

D = date(2026, 12, 1)


def d(n: int) -> date:
    return date.fromordinal(D.toordinal() + n)


def test_earliest_start_is_the_day_after_plus_lag() -> None:
    assert earliest_start(date(2026, 11, 30), 0) == date(2026, 12, 1)
    assert earliest_start(date(2026, 12, 31), 2) == date(2027, 1, 3)


def test_chain_pushes_each_link_only_as_far_as_needed() -> None:
    # 1 (due d0) → 2 (d2..d4) → 3 (point d9): 3 has slack of 4 days after 2.
    spans = {1: Span(None, d(0)), 2: Span(d(2), d(4)), 3: Span(None, d(9))}
    edges = [Edge(1, 2), Edge(2, 3)]
    assert propagate(spans, edges, {1: 3}) == {
        1: 3,
        2: 2,
    }  # 2 starts d3 at the earliest: +2; 3 keeps its slack
    assert propagate(spans, edges, {1: 8}) == {1: 8, 2: 7, 3: 3}


def test_diamond_takes_the_latest_predecessor() -> None:
    #     ┌→ 2 ┐
    #  1 ─┤    ├→ 4
    #     └→ 3 ┘
    spans = {1: Span(None, d(0)), 2: Span(None, d(3)), 3: Span(None, d(1)), 4: Span(None, d(5))}
    edges = [Edge(1, 2), Edge(1, 3), Edge(2, 4), Edge(3, 4)]
    assert propagate(spans, edges, {1: 2}) == {1: 2, 3: 2}  # 2 still fits; 3 must move; 4 waits for 2 (d3)
    assert propagate(spans, edges, {1: 5}) == {1: 5, 2: 3, 3: 5, 4: 2}  # 4 after 3 (d6): d7 → +2


def test_lag_counts_days_between() -> None:
    spans = {1: Span(None, d(0)), 2: Span(None, d(3))}
    assert propagate(spans, [Edge(1, 2, lag_days=2)], {1: 1}) == {1: 1, 2: 1}  # needs d(0+1+1+2)=d4
    assert propagate(spans, [Edge(1, 2, lag_days=1)], {1: 1}) == {1: 1}  # d3 is allowed


def test_moving_earlier_never_pulls_dependents_and_is_clamped_by_predecessors() -> None:
    spans = {1: Span(None, d(0)), 2: Span(None, d(3)), 3: Span(None, d(6))}
    edges = [Edge(1, 2), Edge(2, 3)]
    assert propagate(spans, edges, {2: -1}) == {2: -1}
    assert propagate(spans, edges, {2: -5}) == {2: -2}  # no earlier than d1, the day after 1


def test_done_work_never_moves() -> None:
    spans = {1: Span(None, d(0)), 2: Span(None, d(1), done=True)}
    with pytest.raises(DoneWouldMove) as exc:
        propagate(spans, [Edge(1, 2)], {1: 2})
    assert (exc.value.milestone_id, exc.value.days) == (2, 2)


def test_cycles_are_found_and_named_in_order() -> None:
    edges = [Edge(3, 5), Edge(5, 7)]
    assert cycle_if_added(edges, 5, 3) == [5, 3, 5]
    assert cycle_if_added(edges, 7, 3) == [7, 3, 5, 7]
    assert cycle_if_added(edges, 4, 4) == [4, 4]
    assert cycle_if_added(edges, 3, 7) is None  # a shortcut is not a loop
    assert find_path(edges, 7, 3) is None
