"""The plan's edges: milestones that end after their project's end date, or after a fixed milestone's date.

One rule, two uses: :func:`plan_edges_after` names what a move or a slip (a change order's days) would push
past an edge, before or as it is written; :func:`plan_edges` reads the edges the book crosses now, for
Today and ``amtui timeline``. A fixed milestone (``--fixed``: a launch, a flight) never moves; a
predecessor that now ends too late for it is the breach.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from amtui.services.timeline.read import label
from amtui.services.timeline.schedule import Outcome, earliest_start
from amtui.services.timeline.workdays import Calendar, calendar_for
from amtui.store.sql import Db, day, marks, rows

if TYPE_CHECKING:
    from amtui.services.timeline.graph import Row


@dataclass(frozen=True)
class PlanEdge:
    """One milestone past an edge of the plan."""

    kind: str  # project-end | fixed
    milestone_id: int
    label: str
    name: str
    project: str  # account/project
    account: str
    due_on: date
    limit: date  # the project's end date, or the fixed milestone's start
    fixed_id: int | None  # the fixed milestone it runs into
    message: str


def _end_edge(mid: int, name: str, project: str, account: str, due: date, end: date) -> PlanEdge:
    days = (due - end).days
    return PlanEdge(
        "project-end",
        mid,
        label(mid),
        name,
        project,
        account,
        due,
        end,
        None,
        f"{label(mid)} {name} ends {due}, {days} day{'s' if days != 1 else ''} after the project "
        f"ends ({end})",
    )


def _fixed_edge(
    mid: int, name: str, project: str, account: str, due: date, fixed_id: int, fixed_name: str, begins: date
) -> PlanEdge:
    return PlanEdge(
        "fixed",
        mid,
        label(mid),
        name,
        project,
        account,
        due,
        begins,
        fixed_id,
        f"{label(mid)} {name} ends {due}, too late for {label(fixed_id)} {fixed_name} (fixed, {begins})",
    )


def _projects(db: Db, ids: Sequence[int]) -> dict[int, tuple[str, str, date | None]]:
    if not ids:
        return {}
    return {
        int(pid): (f"{acc}/{slug}", acc, day(end))
        for pid, slug, acc, end in rows(
            db,
            "SELECT p.id, p.slug, a.slug, p.end_on FROM project p JOIN account a ON a.id = p.account_id "
            f"WHERE p.id IN ({marks(ids)})",
            list(ids),
        )
    }


def plan_edges_after(
    db: Db, milestones: Mapping[int, Row], outcome: Outcome, cal: Calendar
) -> tuple[PlanEdge, ...]:
    """What a change leaves past an edge: each milestone it moves that now ends after its project's end, and
    each fixed milestone it would push (named by the predecessor that now ends too late)."""
    projects = _projects(db, sorted({milestones[i].project_id for i in outcome.dates}))
    ends = {pid: end for pid, (_, _, end) in projects.items() if end is not None}
    past = []  # only those past their project's end are sorted (a big move reaches 20,000)
    for i, (_, due) in outcome.dates.items():
        m = milestones[i]
        end = ends.get(m.project_id)
        if end is not None and due > end and m.status != "done":
            past.append((due, i))
    out: list[PlanEdge] = []
    for due, i in sorted(past):
        m = milestones[i]
        project, account, end = projects[m.project_id]
        assert end is not None
        out.append(_end_edge(i, m.name, project, account, due, end))
    for b in outcome.breaches:
        pred, fixed = milestones[b.predecessor_id], milestones[b.fixed_id]
        project, account, _ = _projects(db, [pred.project_id])[pred.project_id]
        due = outcome.dates.get(b.predecessor_id, (None, pred.due_on))[1]
        out.append(
            _fixed_edge(b.predecessor_id, pred.name, project, account, due, b.fixed_id, fixed.name, b.begins)
        )
    return tuple(out)


_FROM = (
    "FROM milestone m JOIN project p ON p.id = m.project_id JOIN account a ON a.id = p.account_id "
    "WHERE m.status != 'done' AND p.status != 'archived'"
)


def plan_edges(db: Db, project_ids: Sequence[int] | None = None) -> list[PlanEdge]:
    """The edges the book crosses now: open milestones due after their project's end date, and open
    milestones that end too late for a fixed milestone after them (active projects only)."""
    cond, params = (
        ("", []) if project_ids is None else (f" AND m.project_id IN ({marks(project_ids)})", [*project_ids])
    )
    out = [
        _end_edge(int(mid), name, f"{acc}/{slug}", acc, due, end)
        for mid, name, slug, acc, due_s, end_s in rows(
            db,
            f"SELECT m.id, m.name, p.slug, a.slug, m.due_on, p.end_on {_FROM}{cond} "
            "AND p.end_on IS NOT NULL AND m.due_on > p.end_on ORDER BY a.slug, p.slug, m.due_on, m.id",
            params,
        )
        if (due := day(due_s)) is not None and (end := day(end_s)) is not None
    ]
    found = rows(
        db,
        "SELECT m.id, m.name, p.slug, a.slug, m.due_on, d.lag_days, f.id, f.name, "
        "coalesce(f.start_on, f.due_on) "
        f"FROM milestone_dependency d JOIN milestone f ON f.id = d.successor_id AND f.fixed "
        f"JOIN milestone m ON m.id = d.predecessor_id JOIN project p ON p.id = m.project_id "
        f"JOIN account a ON a.id = p.account_id "
        f"WHERE m.status != 'done' AND p.status != 'archived'{cond} ORDER BY m.id, f.id",
        params,
    )
    if found:
        cal = calendar_for(db)
        for mid, name, slug, acc, due_s, lag, fid, fname, begins_s in found:
            due, begins = day(due_s), day(begins_s)
            assert due is not None and begins is not None
            if earliest_start(due, int(lag), cal) > begins:
                out.append(_fixed_edge(int(mid), name, f"{acc}/{slug}", acc, due, int(fid), fname, begins))
    return out
