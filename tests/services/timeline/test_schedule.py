"""The scheduling engine alone: finish-to-start with lags, minimal pushes, back to plan, done and fixed work,
loops, the critical path; in calendar days (a seven-day week) and in working days."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.services.timeline.schedule import (
    DoneWouldMove,
    Edge,
    Span,
    critical_path,
    cycle_if_added,
    earliest_start,
    ending_on,
    find_path,
    reschedule,
    shifted,
)
from amtui.services.timeline.workdays import Calendar

D = date(2026, 12, 1)  # a Tuesday
EVERY_DAY = Calendar(frozenset(range(7)))
WEEKDAYS = Calendar()


def d(n: int) -> date:
    return date.fromordinal(D.toordinal() + n)


def moves(spans: dict[int, Span], edges: list[Edge], by: dict[int, int], cal: Calendar = EVERY_DAY):
    """Calendar-day shifts of the due dates when each milestone in ``by`` moves by so many days."""
    changes = {i: shifted(cal, spans[i].dates, k) for i, k in by.items()}
    out = reschedule(spans, edges, changes, cal)
    return {i: (due - spans[i].due_on).days for i, (_, due) in out.dates.items()}


def test_earliest_start_is_the_working_day_after_plus_lag() -> None:
    assert earliest_start(date(2026, 11, 30), 0, EVERY_DAY) == date(2026, 12, 1)
    assert earliest_start(date(2026, 12, 31), 2, EVERY_DAY) == date(2027, 1, 3)
    assert earliest_start(date(2026, 12, 4), 0, WEEKDAYS) == date(2026, 12, 7)  # Friday → Monday
    assert earliest_start(date(2026, 12, 4), 1, WEEKDAYS) == date(2026, 12, 8)  # a working day of lag


def test_chain_pushes_each_link_only_as_far_as_needed() -> None:
    # 1 (due d0) → 2 (d2..d4) → 3 (point d9): 3 has slack of 4 days after 2.
    spans = {1: Span(None, d(0)), 2: Span(d(2), d(4)), 3: Span(None, d(9))}
    edges = [Edge(1, 2), Edge(2, 3)]
    assert moves(spans, edges, {1: 3}) == {1: 3, 2: 2}  # 2 starts d3 at the earliest; 3 keeps its slack
    assert moves(spans, edges, {1: 8}) == {1: 8, 2: 7, 3: 3}


def test_diamond_takes_the_latest_predecessor() -> None:
    spans = {1: Span(None, d(0)), 2: Span(None, d(3)), 3: Span(None, d(1)), 4: Span(None, d(5))}
    edges = [Edge(1, 2), Edge(1, 3), Edge(2, 4), Edge(3, 4)]
    assert moves(spans, edges, {1: 2}) == {1: 2, 3: 2}
    assert moves(spans, edges, {1: 5}) == {1: 5, 2: 3, 3: 5, 4: 2}


def test_lag_counts_days_between() -> None:
    spans = {1: Span(None, d(0)), 2: Span(None, d(3))}
    assert moves(spans, [Edge(1, 2, lag_days=2)], {1: 1}) == {1: 1, 2: 1}
    assert moves(spans, [Edge(1, 2, lag_days=1)], {1: 1}) == {1: 1}


def test_moving_earlier_keeps_dependents_at_their_plan_and_is_clamped_by_predecessors() -> None:
    spans = {1: Span(None, d(0)), 2: Span(None, d(3)), 3: Span(None, d(6))}
    edges = [Edge(1, 2), Edge(2, 3)]
    assert moves(spans, edges, {2: -1}) == {2: -1}
    assert moves(spans, edges, {2: -5}) == {2: -2}  # no earlier than d1, the day after 1


def test_a_pushed_milestone_returns_to_its_plan_when_the_push_goes_away() -> None:
    # 2 was planned d2 but is pushed to d5 by 1 (due d4); 1 moves back to d0: 2 returns to d2, not d1.
    spans = {1: Span(None, d(4), plan_due=d(4)), 2: Span(None, d(5), plan_due=d(2))}
    out = reschedule(spans, [Edge(1, 2)], {1: (None, d(0))}, EVERY_DAY)
    assert out.dates == {1: (None, d(0)), 2: (None, d(2))}


def test_done_work_never_moves() -> None:
    spans = {1: Span(None, d(0)), 2: Span(None, d(1), done=True)}
    with pytest.raises(DoneWouldMove) as exc:
        moves(spans, [Edge(1, 2)], {1: 2})
    assert (exc.value.milestone_id, exc.value.days) == (2, 2)


def test_a_fixed_milestone_stays_and_the_push_is_a_breach() -> None:
    spans = {1: Span(None, d(0)), 2: Span(None, d(3), fixed=True), 3: Span(None, d(4))}
    out = reschedule(spans, [Edge(1, 2), Edge(2, 3)], {1: (None, d(5))}, EVERY_DAY)
    assert out.dates == {1: (None, d(5))}  # 2 stays, and so does what waits for it
    assert [(b.fixed_id, b.predecessor_id, b.required) for b in out.breaches] == [(2, 1, d(6))]


def test_working_days_skip_weekends_and_holidays_and_keep_the_length() -> None:
    cal = Calendar(holidays=frozenset({date(2026, 12, 25)}))
    # a three-working-day task Wed 23 Dec → Mon 28 Dec (the 25th and the weekend off)
    assert cal.span_from(date(2026, 12, 23), 3) == date(2026, 12, 28)
    spans = {1: Span(None, date(2026, 12, 22)), 2: Span(date(2026, 12, 23), date(2026, 12, 28))}
    out = reschedule(spans, [Edge(1, 2)], {1: shifted(cal, spans[1].dates, 2)}, cal)
    # 1 moves two working days to Thu 24; 2 begins Mon 28 and lasts three working days: Wed 30
    assert out.dates == {1: (None, date(2026, 12, 24)), 2: (date(2026, 12, 28), date(2026, 12, 30))}


def test_ending_on_keeps_a_given_date_and_the_length_in_working_days() -> None:
    assert ending_on(WEEKDAYS, (date(2026, 12, 1), date(2026, 12, 3)), date(2026, 12, 9)) == (
        date(2026, 12, 7),
        date(2026, 12, 9),
    )
    assert ending_on(WEEKDAYS, (None, date(2026, 12, 3)), date(2026, 12, 6)) == (None, date(2026, 12, 6))


def test_critical_path_follows_the_binding_predecessors_to_the_end() -> None:
    # 1 (d0) → 2 (d1..d2) → 4 (d3..d5); 1 → 3 (d1) → 4: 3 has slack, so it is not on the path.
    spans = {1: Span(None, d(0)), 2: Span(d(1), d(2)), 3: Span(None, d(1)), 4: Span(d(3), d(5))}
    edges = [Edge(1, 2), Edge(2, 4), Edge(1, 3), Edge(3, 4)]
    assert critical_path(spans, edges, EVERY_DAY) == {1, 2, 4}
    # With a lag the chain still binds; a milestone with slack breaks it.
    assert critical_path(spans | {4: Span(d(4), d(5))}, edges, EVERY_DAY) == {4}
    assert critical_path(spans, [Edge(1, 2), Edge(2, 4, lag_days=0)], EVERY_DAY) == {1, 2, 4}


def test_cycles_are_found_and_named_in_order() -> None:
    edges = [Edge(3, 5), Edge(5, 7)]
    assert cycle_if_added(edges, 5, 3) == [5, 3, 5]
    assert cycle_if_added(edges, 7, 3) == [7, 3, 5, 7]
    assert cycle_if_added(edges, 4, 4) == [4, 4]
    assert cycle_if_added(edges, 3, 7) is None  # a shortcut is not a loop
    assert find_path(edges, 7, 3) is None
