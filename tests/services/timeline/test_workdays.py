"""The working calendar, and the scheduler's promises on random plans (hypothesis): dependencies hold
after any move, every date the scheduler sets is a working day, moving and moving back restores every date,
and a loop is always refused with its path."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from amtui.core.errors import InputError
from amtui.services.timeline.schedule import (
    Dates,
    Edge,
    Outcome,
    Span,
    cycle_if_added,
    earliest_start,
    reschedule,
    shifted,
)
from amtui.services.timeline.workdays import Calendar

BASE = date(2026, 11, 30)  # a Monday
XMAS = Calendar(holidays=frozenset({date(2026, 12, 25), date(2027, 1, 1)}))


def test_counting_in_working_days() -> None:
    fri, sat, mon = date(2026, 12, 4), date(2026, 12, 5), date(2026, 12, 7)
    cal = Calendar()
    assert cal.is_working(fri) and not cal.is_working(sat)
    assert cal.next_working_day(fri) == mon and cal.next_working_day(sat, inclusive=True) == mon
    assert cal.add_working_days(fri, 1) == mon and cal.add_working_days(mon, -1) == fri
    assert cal.add_working_days(sat, 0) == sat  # n = 0 is the day itself
    assert cal.working_days_between(fri, mon) == 1 and cal.working_days_between(mon, fri) == -1
    assert cal.duration(mon, mon + timedelta(days=4)) == 5 and cal.duration(None, mon) == 1
    # Christmas and New Year's day off: Thu 24 Dec + 1 working day = Mon 28; + 5 = Mon 4 Jan
    assert XMAS.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert XMAS.add_working_days(date(2026, 12, 24), 5) == date(2027, 1, 4)
    assert XMAS.note(date(2026, 12, 25)) == "2026-12-25 is a holiday, not a working day (kept as given)"
    assert cal.note(sat) == "2026-12-05 is a Saturday, not a working day (kept as given)"
    assert cal.note(fri) is None
    with pytest.raises(InputError, match="no working day"):
        Calendar(frozenset())


@given(
    start=st.dates(date(2026, 1, 1), date(2028, 12, 31)),
    n=st.integers(-400, 400),
    weekdays=st.frozensets(st.integers(0, 6), min_size=1),
)
def test_whole_weeks_are_counted_like_single_days(start: date, n: int, weekdays: frozenset[int]) -> None:
    cal = Calendar(weekdays)
    d, left = start, abs(n)
    while left:  # the plain definition, a day at a time
        d += timedelta(days=1 if n > 0 else -1)
        left -= cal.is_working(d)
    assert cal.add_working_days(start, n) == d
    if n:
        assert cal.is_working(d)
        assert cal.working_days_between(start, d) == n


def _step(cal: Calendar, d: date, n: int) -> date:
    """The n-th working day after d (before it when n < 0), found a day at a time: the plain definition."""
    left = abs(n)
    while left:
        d += timedelta(days=1 if n > 0 else -1)
        left -= cal.is_working(d)
    return d


@given(
    start=st.dates(date(2025, 1, 1), date(2029, 12, 31)),
    n=st.integers(-600, 600),
    other=st.integers(-600, 600),
    weekdays=st.frozensets(st.integers(0, 6), min_size=1),
    holidays=st.frozensets(st.integers(-700, 700).map(lambda k: BASE + timedelta(days=k)), max_size=40),
)
def test_the_index_of_working_days_counts_like_the_plain_definition(
    start: date, n: int, other: int, weekdays: frozenset[int], holidays: frozenset[date]
) -> None:
    """Counting looks the days up in an index built on first use and grown as counts leave it: whatever
    the order of the questions, the answers are those of counting a day at a time."""
    cal = Calendar(weekdays, holidays)
    end = start + timedelta(days=other)
    assert cal.add_working_days(start, n) == _step(cal, start, n)
    plain = sum(cal.is_working(start + timedelta(days=k)) for k in range(1, other + 1)) - sum(
        cal.is_working(end + timedelta(days=k)) for k in range(-other)
    )
    assert cal.working_days_between(start, end) == plain
    first = start if cal.is_working(start) else _step(cal, start, 1)
    assert cal.next_working_day(start, inclusive=True) == first
    assert cal.next_working_day(start) == _step(cal, start, 1)
    assert cal.previous_working_day(start) == _step(cal, start, -1)
    assert cal.span_from(start, abs(n) % 30) == _step(cal, first, max(1, abs(n) % 30) - 1)


# ------------------------------------------------------------------------------------------ random plans


@st.composite
def plans(draw: st.DrawFn) -> tuple[Calendar, dict[int, Span], list[Edge]]:
    """A random DAG of milestones, scheduled as the scheduler would: each begins on a working day no earlier
    than its predecessors allow, and lasts a whole number of working days."""
    weekdays = draw(st.sampled_from([frozenset(range(5)), frozenset(range(6)), frozenset({0, 1, 2, 3})]))
    holidays = draw(st.frozensets(st.integers(0, 120).map(lambda k: BASE + timedelta(days=k)), max_size=12))
    cal = Calendar(weekdays, holidays)
    n = draw(st.integers(2, 10))
    edges = [
        Edge(i, j, draw(st.integers(0, 3)))
        for j in range(n)
        for i in range(j)
        if draw(st.integers(0, 3)) == 0
    ]
    spans: dict[int, Span] = {}
    for j in range(n):
        anchor = cal.next_working_day(BASE + timedelta(days=draw(st.integers(0, 30))), inclusive=True)
        need = [
            earliest_start(spans[e.predecessor].due_on, e.lag_days, cal) for e in edges if e.successor == j
        ]
        begins = max([anchor, *need])
        days = draw(st.integers(0, 6))  # 0: a point in time
        spans[j] = Span(None, begins) if days == 0 else Span(begins, cal.span_from(begins, days))
    return cal, spans, edges


def apply(spans: dict[int, Span], changes: dict[int, Dates], out: Outcome) -> dict[int, Span]:
    """Write an outcome back as the store does (``graph.apply``): the plan of what was moved, the dates of
    what changed, and a pushed milestone's old dates as its plan."""
    new = dict(spans)
    for i in set(out.dates) | set(changes):
        s = spans[i]
        plan_start, plan_due = s.plan_start, s.plan_due
        if i in changes:
            plan_start, plan_due = changes[i]
        elif plan_due is None:
            plan_start, plan_due = s.start_on, s.due_on
        start, due = out.dates.get(i, s.dates)
        new[i] = Span(start, due, s.done, plan_start, plan_due, s.fixed)
    return new


def move(cal: Calendar, spans: dict[int, Span], edges: list[Edge], who: int, by: int) -> dict[int, Span]:
    changes = {who: shifted(cal, spans[who].dates, by)}
    begins = changes[who][0] or changes[who][1]
    need = [earliest_start(spans[e.predecessor].due_on, e.lag_days, cal) for e in edges if e.successor == who]
    assume(all(begins >= x for x in need))  # the service refuses a move before a predecessor allows
    return apply(spans, changes, reschedule(spans, edges, changes, cal))


def holds(cal: Calendar, spans: dict[int, Span], edges: list[Edge]) -> None:
    for e in edges:
        first = earliest_start(spans[e.predecessor].due_on, e.lag_days, cal)
        assert spans[e.successor].begins >= first, (e, spans[e.predecessor], spans[e.successor])


QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


@QUICK
@given(plan=plans(), data=st.data())
def test_after_any_moves_dependencies_hold_and_scheduled_dates_are_working_days(
    plan: tuple[Calendar, dict[int, Span], list[Edge]], data: st.DataObject
) -> None:
    cal, spans, edges = plan
    holds(cal, spans, edges)
    for _ in range(data.draw(st.integers(1, 4))):
        who = data.draw(st.sampled_from(sorted(spans)))
        by = data.draw(st.integers(-8, 15).filter(bool))
        before = spans
        spans = move(cal, spans, edges, who, by)
        holds(cal, spans, edges)
        for i, s in spans.items():
            if s.dates != before[i].dates:  # set by the scheduler
                assert cal.is_working(s.due_on) and cal.is_working(s.begins), (i, s)
                length = cal.duration(before[i].start_on, before[i].due_on)
                assert cal.duration(s.start_on, s.due_on) == length  # its length is kept


@QUICK
@given(plan=plans(), data=st.data())
def test_moving_and_moving_back_restores_every_date(
    plan: tuple[Calendar, dict[int, Span], list[Edge]], data: st.DataObject
) -> None:
    cal, spans, edges = plan
    who = data.draw(st.sampled_from(sorted(spans)))
    by = data.draw(st.integers(-8, 15).filter(bool))
    moved = move(cal, spans, edges, who, by)
    back = move(cal, moved, edges, who, -by)
    assert {i: s.dates for i, s in back.items()} == {i: s.dates for i, s in spans.items()}


@QUICK
@given(plan=plans(), data=st.data())
def test_a_loop_is_always_refused_with_its_path(
    plan: tuple[Calendar, dict[int, Span], list[Edge]], data: st.DataObject
) -> None:
    _, spans, edges = plan
    assume(edges)
    e = data.draw(st.sampled_from(edges))
    # the successor (or anything after it) made a predecessor of the predecessor closes a loop
    loop = cycle_if_added(edges, e.successor, e.predecessor)
    assert loop is not None and loop[0] == loop[-1] == e.successor
    pairs = {(x.predecessor, x.successor) for x in edges}
    assert all(p in pairs for p in zip(loop[1:], loop[2:], strict=False))  # the rest follows real links
    # an edge forwards in the order the plan was built (i < j) never does
    i, j = sorted(data.draw(st.lists(st.sampled_from(sorted(spans)), min_size=2, max_size=2, unique=True)))
    assert cycle_if_added(edges, i, j) is None
