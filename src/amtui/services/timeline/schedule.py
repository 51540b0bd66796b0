"""The scheduling engine behind timelines: pure functions over dates, finish-to-start edges and a calendar.

No database here, so the rules are easy to test on their own:

- a successor begins no earlier than the ``1 + lag``-th working day after its predecessor is due
  (:func:`earliest_start`); lags and durations are working days (:mod:`.workdays`);
- every milestone has its dates *as planned* (set when it is added, edited or moved by the user) and its
  dates *as scheduled*: the plan, unless a predecessor pushes it later, and then the earliest working day its
  predecessors allow, its duration kept. A push never changes the plan, so when it goes away (the predecessor
  moves back, the dependency is removed) the milestone returns to its plan: moving and moving back restores
  every date;
- done work never moves later (:class:`DoneWouldMove`), and is never pulled earlier;
- a fixed milestone (a launch, a flight) does not move either: the push stops at it and is reported as a
  :class:`Breach`;
- a new edge that closes a loop is named, not stored (:func:`cycle_if_added`).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, Protocol

from amtui.services.timeline.workdays import Calendar

Dates = tuple[date | None, date]  # (start, due); start None: a point in time


class Span(NamedTuple):
    """A milestone's dates as the engine sees them: as scheduled now, and as planned (a named tuple: a
    reschedule builds 20,000 of them)."""

    start_on: date | None
    due_on: date
    done: bool = False
    plan_start: date | None = None
    plan_due: date | None = None  # None: the dates are the plan
    fixed: bool = False

    @property
    def begins(self) -> date:
        return begins_on(self.start_on, self.due_on)

    @property
    def dates(self) -> Dates:
        return (self.start_on, self.due_on)

    @property
    def planned(self) -> Dates:
        return as_planned(self.start_on, self.due_on, self.plan_start, self.plan_due)


def begins_on(start_on: date | None, due_on: date) -> date:
    """When the work starts: its start date, or its due date for a point-in-time milestone."""
    return start_on or due_on


def as_planned(start_on: date | None, due_on: date, plan_start: date | None, plan_due: date | None) -> Dates:
    """A milestone's dates as planned: its plan while a predecessor pushes it, else its dates."""
    return (plan_start, plan_due) if plan_due is not None else (start_on, due_on)


class Scheduled(Protocol):
    """What the engine reads of a milestone: a :class:`Span`, or a row as the store reads it (which borrows
    :class:`Span`'s properties, so a reschedule of 20,000 need not copy each row into a span)."""

    @property
    def start_on(self) -> date | None: ...
    @property
    def due_on(self) -> date: ...
    @property
    def done(self) -> bool: ...
    @property
    def fixed(self) -> bool: ...
    @property
    def begins(self) -> date: ...
    @property
    def planned(self) -> Dates: ...


class Edge(NamedTuple):
    predecessor: int
    successor: int
    lag_days: int = 0


@dataclass(frozen=True)
class Breach:
    """A fixed milestone its predecessors would push: it stays, and the plan no longer holds."""

    fixed_id: int
    predecessor_id: int
    required: date  # the earliest its predecessors now allow
    begins: date  # where it stays


@dataclass(frozen=True)
class Outcome:
    """What a change does: the new (start, due) of every milestone whose dates change, and the breaches."""

    dates: dict[int, Dates] = field(default_factory=dict)
    breaches: tuple[Breach, ...] = ()


def earliest_start(pred_due: date, lag_days: int, cal: Calendar) -> date:
    """Finish-to-start: the working day after the predecessor is due, plus the lag in working days."""
    return cal.add_working_days(pred_due, 1 + lag_days)


def scheduled_at(cal: Calendar, planned: Dates, begins: date) -> Dates:
    """The dates of a milestone planned as ``planned`` when it begins on ``begins`` (its duration kept)."""
    start, due = planned
    if start is None:
        return (None, begins)
    return (begins, cal.span_from(begins, cal.duration(start, due)))


def shifted(cal: Calendar, dates: Dates, days: int) -> Dates:
    """``dates`` moved by ``days`` working days (its duration kept): ``move --by``, a change order's days."""
    start, due = dates
    if days == 0:
        return dates
    if start is None:
        return (None, cal.add_working_days(due, days))
    begins = cal.add_working_days(start, days)
    return scheduled_at(cal, dates, begins)


def ending_on(cal: Calendar, dates: Dates, due: date) -> Dates:
    """``dates`` moved to end on ``due`` (a date the user gives is kept as given), its duration kept."""
    start, old_due = dates
    if start is None:
        return (None, due)
    length = cal.duration(start, old_due)
    end = cal.previous_working_day(due, inclusive=True) if length > 1 else due
    return (cal.add_working_days(end, -(length - 1)) if length > 1 else due, due)


class DoneWouldMove(Exception):
    """A done milestone would have to move for the plan to hold."""

    def __init__(self, milestone_id: int, days: int) -> None:
        super().__init__(milestone_id, days)
        self.milestone_id = milestone_id
        self.days = days


def reschedule(
    spans: Mapping[int, Scheduled], edges: Iterable[Edge], changes: Mapping[int, Dates], cal: Calendar
) -> Outcome:
    """Set the planned dates in ``changes``, then schedule everything downstream of them again.

    ``spans`` must hold every milestone reachable downstream of ``changes`` plus their predecessors; ``edges``
    the edges between them (the graph must be acyclic). A change that starts before its predecessors allow is
    pushed to the earliest day they do, so callers compare the result with what they asked for.
    Raises :class:`DoneWouldMove` when a done milestone would have to move later.
    """
    preds: dict[int, list[Edge]] = {}
    succs: dict[int, list[int]] = {}
    for e in edges:
        preds.setdefault(e.successor, []).append(e)
        succs.setdefault(e.predecessor, []).append(e.successor)
    moving: set[int] = set()
    todo = deque(changes)
    while todo:
        n = todo.popleft()
        if n in moving:
            continue
        moving.add(n)
        todo.extend(succs.get(n, ()))
    indegree = dict.fromkeys(moving, 0)
    for n in moving:
        for s in succs.get(n, ()):
            indegree[s] += 1
    ready = deque(sorted(n for n, k in indegree.items() if k == 0))
    due: dict[int, date] = {}  # as scheduled now, for everything moving that is scheduled already
    out: dict[int, Dates] = {}
    breaches: list[Breach] = []
    none: list[Edge] = []
    while ready:  # 20,000 times for a big move: plain lookups, no helper per milestone
        n = ready.popleft()
        span = spans[n]
        planned = changes[n] if n in changes else span.planned
        begins = planned[0] or planned[1]
        binding: Edge | None = None
        required: date | None = None
        for e in preds.get(n, none):
            p = e.predecessor
            first = earliest_start(due[p] if p in due else spans[p].due_on, e.lag_days, cal)
            if required is None or first > required:
                required, binding = first, e
        new = planned if required is None or begins >= required else scheduled_at(cal, planned, required)
        if span.done:
            if (new[0] or new[1]) > span.begins:
                raise DoneWouldMove(n, ((new[0] or new[1]) - span.begins).days)
            new = (span.start_on, span.due_on)  # done work is not pulled earlier either
        elif span.fixed and n not in changes and new != (span.start_on, span.due_on):
            if required is not None and binding is not None and required > span.begins:
                breaches.append(Breach(n, binding.predecessor, required, span.begins))
            new = (span.start_on, span.due_on)
        if new[1] != span.due_on or new[0] != span.start_on:
            out[n] = new
        due[n] = new[1]
        for s in succs.get(n, ()):
            indegree[s] -= 1
            if indegree[s] == 0:
                ready.append(s)
    return Outcome(out, tuple(breaches))


def find_path(edges: Iterable[Edge], start: int, goal: int) -> list[int] | None:
    """A path start → … → goal along the edges (breadth first, so the shortest), or None."""
    succs: dict[int, list[int]] = defaultdict(list)
    for e in edges:
        succs[e.predecessor].append(e.successor)
    came: dict[int, int | None] = {start: None}
    todo = deque([start])
    while todo:
        n = todo.popleft()
        if n == goal:
            path = [n]
            while (p := came[path[-1]]) is not None:
                path.append(p)
            return path[::-1]
        for s in sorted(succs[n]):
            if s not in came:
                came[s] = n
                todo.append(s)
    return None


def cycle_if_added(edges: Iterable[Edge], predecessor: int, successor: int) -> list[int] | None:
    """The loop a new edge predecessor → successor would close, as [pred, succ, …, pred]; None if none."""
    if predecessor == successor:
        return [predecessor, predecessor]
    path = find_path(edges, successor, predecessor)
    return None if path is None else [predecessor, *path]


def critical_path(spans: Mapping[int, Span], edges: Iterable[Edge], cal: Calendar) -> set[int]:
    """The chain that sets the end date: from the latest-ending milestones back through the predecessors
    that hold them where they are (a predecessor is binding when its successor begins on the earliest day it
    allows). ``spans`` are one project's milestones and ``edges`` the edges between them."""
    if not spans:
        return set()
    preds: dict[int, list[Edge]] = defaultdict(list)
    for e in edges:
        if e.predecessor in spans and e.successor in spans:
            preds[e.successor].append(e)
    last = max(s.due_on for s in spans.values())
    todo = deque(i for i, s in spans.items() if s.due_on == last)
    found: set[int] = set()
    while todo:
        n = todo.popleft()
        if n in found:
            continue
        found.add(n)
        begins = spans[n].begins
        for e in preds[n]:
            if earliest_start(spans[e.predecessor].due_on, e.lag_days, cal) >= begins:
                todo.append(e.predecessor)
    return found
