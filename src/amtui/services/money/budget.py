"""Budget health of projects, read from the book: the sums behind :mod:`amtui.services.money.budget_health`.

Every sum is a SQL aggregate on integer cents, read through the covering indexes ``ix_time_entry_rollup`` and
``ix_cost_entry_rollup``; a whole book costs four queries (projects, time, costs, change orders). The
change-order sums are :func:`amtui.services.money.rules.change_order_totals` (the one date rule). The
queries are SQL text on :func:`amtui.store.sql.rows`: a session or a ``sqlite3`` connection.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
from amtui.services.clients.am import accounts_of, am_where, ams
from amtui.services.money.budget_health import ProjectHealth, Totals, health_of, original_budget
from amtui.services.money.rollup import IN_LIST_MAX, Rollup, rollups
from amtui.services.money.rules import ChangeOrderTotals, change_order_totals
from amtui.services.timeline.read import milestone_complete_bps
from amtui.store.sql import Db, marks, rows

# ---------------------------------------------------------------------------------------------- queries


def _in(column: str, ids: list[int] | None) -> tuple[str, list[Any]]:
    return ("", []) if ids is None else (f" AND {column} IN ({marks(ids)})", list(ids))


def totals(
    db: Db, as_of: date, ids: list[int] | None = None, *, rolled: dict[int, Rollup] | None = None
) -> dict[int, Totals]:
    """Per-project aggregates for ``ids`` or every project: the time and cost sums of
    :func:`amtui.services.money.rollup.rollups` (or ``rolled``, read already) and the change orders'."""
    sums = rollups(db, as_of, ids) if rolled is None else rolled
    cos = change_order_totals(db, as_of, ids)
    out: dict[int, Totals] = {}
    for pid in set(sums) | set(cos):
        r = sums.get(pid, Rollup())
        co = cos.get(pid, ChangeOrderTotals())
        out[pid] = Totals(
            r.time_cents,
            r.minutes,
            r.time_oos_cents,
            r.time_billable_cents,
            r.cost_cents,
            r.cost_oos_cents,
            r.cost_billable_cents,
            co.approved_cents,
            co.pending_cents,
        )
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


def budget_complete_bp(db: Db, project: ProjectLike | int | str, *, as_of: date | None = None) -> int | None:
    """The % complete budget health uses, in basis points (4000 = 40%): see :func:`budget_complete_bps`."""
    p, _ = _resolve(db, project)
    return budget_complete_bps(db, [p], as_of=as_of).get(p.id or 0)


def progress_as_of(db: Db, ids: Sequence[int], as_of: date) -> dict[int, int | None]:
    """The AM's own % complete as it stood on ``as_of``: the latest ``progress_entry`` dated on or
    before it, per project (one query). Projects with no entry by then are absent; an entry may be None
    (the figure was cleared)."""
    if not ids:
        return {}
    sql = (
        "SELECT e.project_id, e.complete_bp FROM progress_entry e "
        "JOIN (SELECT project_id, max(on_date) AS d FROM progress_entry "
        f"WHERE on_date <= ? AND project_id IN ({marks(ids)}) GROUP BY project_id) last "
        "ON last.project_id = e.project_id AND last.d = e.on_date "
        "ORDER BY e.project_id, e.id"
    )
    out: dict[int, int | None] = {}
    for pid, bp in rows(db, sql, [as_of.isoformat(), *ids]):
        out[int(pid)] = None if bp is None else int(bp)  # the last entry of the day wins (ordered by id)
    return out


def _with_history(db: Db, ids: Sequence[int]) -> set[int]:
    if not ids:
        return set()
    sql = f"SELECT DISTINCT project_id FROM progress_entry WHERE project_id IN ({marks(ids)})"
    return {int(pid) for (pid,) in rows(db, sql, list(ids))}


def budget_complete_bps(
    db: Db, projects: Iterable[ProjectLike], *, as_of: date | None = None
) -> dict[int, int | None]:
    """The % complete budget health and billing use (earned value, fixed-fee progress), for many projects.

    The AM's own figure (``project edit --complete``) wins: it is an explicit judgement. Without one,
    milestone progress (weighted, one grouped query for the whole list) stands in where the project has
    milestones. Retainers never take it from milestones: theirs are recurring deliverables, not slices of a
    fixed scope, so they say nothing about the final cost.

    With ``as_of``, both are read as they stood that day: the AM's figure from its dated history
    (``progress_entry``; a project whose figure has no history counts it from the day the project was
    created), milestones done on or before the date. Without it, the figures of now."""
    known = [(p.id, p) for p in projects if p.id]  # an unflushed ORM project has no id (nor milestones)
    manual: dict[int, int | None]
    if as_of is None:
        manual = {pid: p.complete_bp for pid, p in known if p.complete_bp is not None}
    else:
        ids = [pid for pid, _ in known]
        manual = progress_as_of(db, ids, as_of)
        undated = [pid for pid, p in known if p.complete_bp is not None and pid not in manual]
        if undated:
            dated = _with_history(db, undated)
            created = _created_on(db, [pid for pid in undated if pid not in dated])
            for pid, p in known:
                if pid in created and created[pid] <= as_of:
                    manual[pid] = p.complete_bp
    manual = {pid: bp for pid, bp in manual.items() if bp is not None}
    derive = [pid for pid, p in known if p.billing != "retainer" and pid not in manual]
    by_milestones = milestone_complete_bps(db, derive, as_of=as_of) if derive else {}
    return {pid: manual[pid] if pid in manual else by_milestones.get(pid) for pid, _ in known}


def _created_on(db: Db, ids: Sequence[int]) -> dict[int, date]:
    if not ids:
        return {}
    sql = f"SELECT id, created_at FROM project WHERE id IN ({marks(ids)})"
    out: dict[int, date] = {}
    for pid, at in rows(db, sql, list(ids)):
        out[int(pid)] = date.fromisoformat(str(at)[:10]) if at is not None else date.min
    return out


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
        complete_bp=budget_complete_bps(db, [p], as_of=as_of).get(pid),
    )


@dataclass(frozen=True)
class CurrentBudget:
    """A project's budget on a date: the original, the change orders approved by then, and their sum (the
    figure budget health calls ``current_budget_cents``)."""

    original_cents: int
    approved_change_orders_cents: int
    current_cents: int


def current_budgets(db: Db, projects: Iterable[ProjectLike], *, as_of: date) -> dict[int, CurrentBudget]:
    """The current budget of many projects on ``as_of`` (one query): what budget health, ``project show``,
    the brief's checks and its prefill all state. The same sum as :func:`health_of` makes (the original as
    :func:`amtui.services.money.budget_health.original_budget` counts it + the rule's approved change
    orders), without the time and cost sums health also reads."""
    found = [p for p in projects if p.id]
    cos = change_order_totals(db, as_of, [p.id for p in found if p.id]) if found else {}
    out: dict[int, CurrentBudget] = {}
    for p in found:
        assert p.id is not None
        original = original_budget(p)
        approved = cos.get(p.id, ChangeOrderTotals()).approved_cents
        out[p.id] = CurrentBudget(original, approved, original + approved)
    return out


def current_budget(db: Db, project: ProjectLike | int | str, *, as_of: date) -> CurrentBudget:
    """:func:`current_budgets` of one project (an object, an id or an ``account/project`` ref)."""
    p, _ = _resolve(db, project)
    return current_budgets(db, [p], as_of=as_of).get(
        p.id or 0, CurrentBudget(p.budget_cents, 0, p.budget_cents)
    )


def started_by(project: ProjectLike, as_of: date) -> bool:
    """Whether ``project`` had started on ``as_of``: no start date, or one on or before it. Budget lists give
    no figure for a date before a project started (it is left out of :func:`healths_for`)."""
    return project.start_on is None or project.start_on <= as_of


def active_projects(
    db: Db, account: str | None = None, *, am: str | None = None
) -> list[tuple[ProjectRow, str]]:
    """Active projects of active accounts (of one account; of one AM's accounts), with their account slug, in
    account/project order."""
    mine, params = am_where(am)
    where = f"p.status = 'active' AND a.status != 'archived'{mine}"
    if account:
        return projects_with_slugs(db, f"{where} AND p.account_id = ?", (*params, account_id(db, account)))
    return projects_with_slugs(db, where, params)


def select_projects(db: Db, target: str | None, *, am: str | None = None) -> list[tuple[ProjectRow, str]]:
    """``None``: every active project; an account: its active projects; a project ref: that project (the
    reference rule is :func:`amtui.services.base.refs.scope`). ``am``: only that AM's accounts' projects."""
    if target is None:
        return active_projects(db, am=am)
    chosen = scope(db, target)
    if chosen.account_id is not None:
        return active_projects(db, chosen.account, am=am)
    if am is None:
        return list(chosen.projects)
    mine = set(accounts_of(db, am))
    return [(p, slug) for p, slug in chosen.projects if slug in mine]


def book_health(
    db: Db, *, account: str | None = None, as_of: date, am: str | None = None
) -> list[ProjectHealth]:
    """Every active project's health on ``as_of`` (of one account, of one AM's accounts; a handful of queries
    whatever the size of the book); projects not started by then are left out (:func:`healths_for`)."""
    found = active_projects(db, account, am=am)
    return healths_for(db, found, as_of=as_of)


def healths_for(
    db: Db,
    projects: Iterable[tuple[ProjectLike, str]],
    *,
    as_of: date,
) -> list[ProjectHealth]:
    """Health on ``as_of`` for a given list of (project, account slug), sharing one set of aggregate queries.

    Everything is read as it stood that day: time, costs and change orders dated by then, % complete from
    its dated history (:func:`budget_complete_bps`). A project that had not started by ``as_of`` is left
    out: there is no figure for a date before a project started (the statuses stay those of
    :data:`amtui.services.money.budget_health.STATUSES`; ``budget`` says which projects it left out).

    The time and cost sums are read for the chosen projects only, through the covering indexes
    (:func:`amtui.services.money.rollup.rollups`), however many there are; the change orders of a long list
    (the whole book) are summed for every project rather than an ``IN`` list of thousands of ids."""
    found = [(p, slug) for p, slug in projects if started_by(p, as_of)]
    ids = ids_of(p for p, _ in found)
    chosen = ids if len(ids) <= IN_LIST_MAX else None
    rolled = rollups(db, as_of, ids)
    agg = totals(db, as_of, chosen, rolled=rolled)
    done = budget_complete_bps(db, [p for p, _ in found], as_of=as_of)
    by_am = ams(db) if found else {}
    healths = [
        health_of(
            p,
            slug,
            agg.get(p.id or 0, Totals()),
            as_of=as_of,
            complete_bp=done.get(p.id or 0),
            am=by_am.get(slug),
        )
        for p, slug in found
    ]
    return with_margin(db, healths, [p for p, _ in found], as_of, complete=done, rolled=rolled)


def with_margin(
    db: Db,
    healths: list[ProjectHealth],
    projects: Sequence[ProjectLike],
    as_of: date,
    *,
    complete: dict[int, int | None] | None = None,
    rolled: dict[int, Rollup] | None = None,
) -> list[ProjectHealth]:
    """Each health with its earned value, cost to the agency and margin: the figures reconcile gives
    (:func:`amtui.services.money.position.positions`), never worked out a second way."""
    from dataclasses import replace
    from typing import cast

    from amtui.services.money.position import positions

    # An ORM project carries every column a ProjectRow has; those without an id (unflushed) have no money.
    chosen = cast("list[ProjectRow]", [p for p in projects if p.id])
    money = positions(db, chosen, as_of, complete=complete, billing=False, rolled=rolled)
    out = []
    for h in healths:
        m = money.get(h.project_id)
        if m is None:
            out.append(h)
            continue
        out.append(
            replace(
                h,
                cost_cents=m.cost_cents,
                earned_cents=m.earned_cents,
                margin_cents=m.margin_cents,
                margin_pct=m.margin_pct,
                uncosted_minutes=m.cost.uncosted_minutes,
            )
        )
    return out
