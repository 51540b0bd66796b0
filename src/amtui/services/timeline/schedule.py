"""The scheduling engine behind timelines: pure functions over dates and finish-to-start edges.

No database here, so the rules are easy to test on their own: a successor starts no earlier than the day
after its predecessor is due, plus the lag; shifting pushes dependents by the minimum needed and never pulls
them earlier; done work never moves; a new edge that closes a loop is named, not stored.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Span:
    """A milestone's dates as the engine sees them."""

    start_on: date | None
    due_on: date
    done: bool = False

    @property
    def begins(self) -> date:
        """When the work starts: its start date, or its due date for a point-in-time milestone."""
        return self.start_on or self.due_on

    def shifted(self, days: int) -> Span:
        d = timedelta(days=days)
        return Span(self.start_on + d if self.start_on else None, self.due_on + d, self.done)


@dataclass(frozen=True)
class Edge:
    predecessor: int
    successor: int
    lag_days: int = 0


def earliest_start(pred_due: date, lag_days: int) -> date:
    """Finish-to-start: the day after the predecessor is due, plus the lag."""
    return pred_due + timedelta(days=1 + lag_days)


class DoneWouldMove(Exception):
    """A done milestone would have to move for the plan to hold."""

    def __init__(self, milestone_id: int, days: int) -> None:
        super().__init__(milestone_id, days)
        self.milestone_id = milestone_id
        self.days = days


def propagate(spans: Mapping[int, Span], edges: Iterable[Edge], wanted: Mapping[int, int]) -> dict[int, int]:
    """Apply the ``wanted`` day shifts, then push every dependent by the minimum that keeps all edges.

    ``spans`` must hold every milestone reachable downstream of ``wanted`` plus their predecessors; ``edges``
    the edges between them (the graph must be acyclic). A wanted shift is clamped forward when a predecessor
    forbids it, so callers compare the result with what they asked for. Returns the non-zero shifts.
    Raises :class:`DoneWouldMove` when a done milestone would have to move.
    """
    preds: dict[int, list[Edge]] = defaultdict(list)
    succs: dict[int, list[int]] = defaultdict(list)
    for e in edges:
        preds[e.successor].append(e)
        succs[e.predecessor].append(e.successor)
    # Only what can move matters: the wanted milestones and everything downstream of them.
    moving: set[int] = set()
    todo = deque(wanted)
    while todo:
        n = todo.popleft()
        if n in moving:
            continue
        moving.add(n)
        todo.extend(succs[n])
    indegree = {n: sum(1 for e in preds[n] if e.predecessor in moving) for n in moving}
    ready = deque(sorted(n for n, k in indegree.items() if k == 0))
    now: dict[int, Span] = dict(spans)
    shifts: dict[int, int] = {}
    while ready:
        n = ready.popleft()
        span = spans[n]
        delta = wanted.get(n, 0)
        begins = span.begins + timedelta(days=delta)
        required = max(
            (earliest_start(now[e.predecessor].due_on, e.lag_days) for e in preds[n]), default=None
        )
        if required is not None and begins < required:
            delta += (required - begins).days
        if delta:
            if span.done:
                raise DoneWouldMove(n, delta)
            shifts[n] = delta
            now[n] = span.shifted(delta)
        for s in succs[n]:
            indegree[s] -= 1
            if indegree[s] == 0:
                ready.append(s)
    return shifts


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
