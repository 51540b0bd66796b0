"""Budget health of projects, read from the book: the sums behind :mod:`amtui.services.money.budget_health`.

Every sum is a SQL aggregate on integer cents, read through the covering indexes ``ix_time_entry_rollup`` and
``ix_cost_entry_rollup``; a whole book costs four queries (projects, time, costs, change orders). The
change-order sums are :func:`amtui.services.money.rules.change_order_totals` (the one date rule). The
queries are SQL text on :func:`amtui.store.sql.rows`: a session or a ``sqlite3`` connection.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from amtui.core.errors import NotFoundError
from amtui.services.base.refs import (
    ProjectLike,
    ProjectRow,
    account_id,
    find_project,
    ids_of,
    projects_with_slugs,
    scope,
)
from amtui.services.money.budget_health import ProjectHealth, Totals, health_of
from amtui.services.money.rules import ChangeOrderTotals, change_order_totals
from amtui.services.timeline.read import milestone_complete_bps
from amtui.store.sql import Db, marks, rows

# Up to this many projects, aggregates filter by id; beyond it they run over the whole book.
IN_LIST_MAX = 200


# ---------------------------------------------------------------------------------------------- queries


def _in(column: str, ids: list[int] | None) -> tuple[str, list[Any]]:
    return ("", []) if ids is None else (f" AND {column} IN ({marks(ids)})", list(ids))


def _time_totals(db: Db, as_of: date, ids: list[int] | None) -> dict[int, tuple[int, ...]]:
    where, params = _in("project_id", ids)
    sql = (
        "SELECT project_id, coalesce(sum(amount_cents), 0), coalesce(sum(minutes), 0), "
        "coalesce(sum(CASE WHEN out_of_scope THEN amount_cents ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN billable THEN amount_cents ELSE 0 END), 0) "
        f"FROM time_entry WHERE entry_date <= ?{where} GROUP BY project_id"
    )
    return {int(r[0]): tuple(int(x) for x in r[1:]) for r in rows(db, sql, [as_of.isoformat(), *params])}


def _cost_totals(db: Db, as_of: date, ids: list[int] | None) -> dict[int, tuple[int, ...]]:
    where, params = _in("project_id", ids)
    sql = (
        "SELECT project_id, coalesce(sum(amount_cents), 0), "
        "coalesce(sum(CASE WHEN out_of_scope THEN amount_cents ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN billable THEN amount_cents ELSE 0 END), 0) "
        f"FROM cost_entry WHERE entry_date <= ?{where} GROUP BY project_id"
    )
    return {int(r[0]): tuple(int(x) for x in r[1:]) for r in rows(db, sql, [as_of.isoformat(), *params])}


def totals(db: Db, as_of: date, ids: list[int] | None = None) -> dict[int, Totals]:
    """Per-project aggregates (three GROUP BY queries), for ``ids`` or every project."""
    times = _time_totals(db, as_of, ids)
    costs = _cost_totals(db, as_of, ids)
    cos = change_order_totals(db, as_of, ids)
    out: dict[int, Totals] = {}
    for pid in set(times) | set(costs) | set(cos):
        tc, mins, toos, tbill = times.get(pid, (0, 0, 0, 0))
        cc, coos, cbill = costs.get(pid, (0, 0, 0))
        co = cos.get(pid, ChangeOrderTotals())
        out[pid] = Totals(tc, mins, toos, tbill, cc, coos, cbill, co.approved_cents, co.pending_cents)
    return out


# ---------------------------------------------------------------------------------------------- public


def _resolve(db: Db, project: ProjectLike | int | str) -> tuple[ProjectLike, str]:
    """(project, account slug) for a project object, an id or an ``account/project`` ref."""
    if isinstance(project, str):
        return find_project(db, project)
    if isinstance(project, int):
        found = projects_with_slugs(db, "p.id = ?", (project,))
        if not found:
            raise NotFoundError(f"no project with id {project}")
        return found[0]
    slug = rows(db, "SELECT slug FROM account WHERE id = ?", (project.account_id,))
    return project, slug[0][0] if slug else "?"


def budget_complete_bp(db: Db, project: ProjectLike | int | str) -> int | None:
    """The % complete budget health uses, in basis points (4000 = 40%): see :func:`budget_complete_bps`."""
    p, _ = _resolve(db, project)
    return budget_complete_bps(db, [p]).get(p.id or 0)


def budget_complete_bps(db: Db, projects: Iterable[ProjectLike]) -> dict[int, int | None]:
    """The % complete budget health uses (earned value, fixed-fee delivery), for many projects at once.

    The AM's own figure (``project edit --complete``) wins: it is
    an explicit judgement. Without one, milestone progress (weighted, one grouped query for the whole list)
    stands in where the project has milestones. Retainers never take it from milestones: theirs are
    recurring deliverables, not slices of a fixed scope, so they say nothing about the final cost."""
    known = [(p.id, p) for p in projects if p.id]  # an unflushed ORM project has no id (nor milestones)
    derive = [pid for pid, p in known if p.billing != "retainer" and p.complete_bp is None]
    by_milestones = milestone_complete_bps(db, derive) if derive else {}
    return {pid: p.complete_bp if p.complete_bp is not None else by_milestones.get(pid) for pid, p in known}


def project_health(
    db: Db, project: ProjectLike | int | str, *, as_of: date, extra_budget_cents: int = 0
) -> ProjectHealth:
    """One project's health at ``as_of``; ``extra_budget_cents`` shows it as if a change order of that amount
    were approved (the "budget if approved" impact)."""
    p, slug = _resolve(db, project)
    pid = p.id or 0  # an unflushed ORM project has nothing logged yet
    t = totals(db, as_of, [pid]).get(pid, Totals())
    return health_of(
        p,
        slug,
        t,
        as_of=as_of,
        extra_budget_cents=extra_budget_cents,
        complete_bp=budget_complete_bps(db, [p]).get(pid),
    )


def active_projects(db: Db, account: str | None = None) -> list[tuple[ProjectRow, str]]:
    """Active projects of active accounts, with their account slug, in account/project order."""
    where = "p.status = 'active' AND a.status != 'archived'"
    if account:
        return projects_with_slugs(db, f"{where} AND p.account_id = ?", (account_id(db, account),))
    return projects_with_slugs(db, where)


def select_projects(db: Db, target: str | None) -> list[tuple[ProjectRow, str]]:
    """``None``: every active project; an account: its active projects; a project ref: that project (the
    reference rule is :func:`amtui.services.base.refs.scope`)."""
    if target is None:
        return active_projects(db)
    chosen = scope(db, target)
    if chosen.account_id is not None:
        return active_projects(db, chosen.account)
    return list(chosen.projects)


def book_health(db: Db, *, account: str | None = None, as_of: date) -> list[ProjectHealth]:
    """Every active project's health (five queries whatever the size of the book)."""
    found = active_projects(db, account)
    return healths_for(db, found, as_of=as_of)


def healths_for(
    db: Db,
    projects: Iterable[tuple[ProjectLike, str]],
    *,
    as_of: date,
    use_complete: bool = True,
) -> list[ProjectHealth]:
    """Health for a given list of (project, account slug), sharing one set of aggregate queries.

    A long list (the whole book) aggregates every project rather than an ``IN`` list of thousands of ids:
    one pass over the covering index costs less than that many lookups."""
    found = list(projects)
    ids = ids_of(p for p, _ in found)
    agg = totals(db, as_of, ids if len(ids) <= IN_LIST_MAX else None)
    done = budget_complete_bps(db, [p for p, _ in found]) if use_complete else {}
    return [
        health_of(
            p,
            slug,
            agg.get(p.id or 0, Totals()),
            as_of=as_of,
            use_complete=use_complete,
            complete_bp=done.get(p.id or 0),
        )
        for p, slug in found
    ]
