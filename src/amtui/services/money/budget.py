"""Budget health: where each project's money stands, where it is heading, and whether to worry.

Every sum is a SQL aggregate on integer cents, read through the covering indexes ``ix_time_entry_rollup`` and
``ix_cost_entry_rollup``; a whole book costs four queries (projects, time, costs, change orders).

Definitions (the same for every billing type unless a rule below says otherwise):

- **Current budget** = original budget (``project.budget_cents``) + sum of approved change orders (statuses
  ``approved`` and ``invoiced``, decided on or before ``as_of``). Pending change orders (``draft``,
  ``sent``) are reported apart and never counted.
- **Actual** = the value of *all* time logged up to ``as_of`` (billable and non-billable, each entry at
  its own rate) + *all* costs. Non-billable time still consumes the budget the agency sold, so health
  counts it; what the client is billed is reconciliation's business, not this module's.
- **Burn** = actual / current budget. **Elapsed** = days since start / days from start to end (0 before
  the start, 1 after the end; ``None`` without both dates). **Complete** = the manual ``complete_bp``.
- **EAC** (estimate at completion), in integers, with the method that produced it:
  ``earned-value`` = actual / complete, when % complete is known and above zero;
  ``actual`` = actual, once the schedule has ended;
  ``run-rate`` = actual / elapsed, once at least ``MIN_RUN_RATE_ELAPSED`` of the schedule has passed
  (earlier, one invoice-sized cost would project to a fantasy) and something has been logged;
  ``budget`` = the larger of current budget and actual, when there is nothing to project from.
- **VAC** = current budget - EAC; **variance %** = (EAC - current budget) / current budget (positive =
  over); **remaining** = current budget - actual.
- **Status** (bands from ``settings().thresholds``): ``over`` once actual exceeds the current budget;
  otherwise ``at-risk`` when variance > ``at_risk`` (10%), ``watch`` when > ``watch`` (5%), else
  ``on-track`` (anything under budget is on track).
- **Unapproved scope** = out-of-scope actuals + in-scope actuals beyond the original budget, less what
  approved change orders cover (never below zero).

Billing rules:

- **Fixed fee**: the fee is the budget; the rules above apply as they are.
- **Time & materials**: the estimate is the budget; an optional cap (``cap_cents``) is the most the
  client pays for the original scope. The cap does not change the status, but it is reported and
  ``over_cap`` says whether the EAC runs past cap + approved change orders (work nobody will pay for).
- **Monthly retainer**: the budget is the contract total (``budget_cents``, or monthly fee x months of
  the term when it is zero; a retainer priced in hours only is valued at hours x rate). The monthly
  allowance (fee, or hours x rate) accrues month by month, the current month pro rata by day; what is
  not used rolls over to the next month and overuse is carried as a deficit: ``rollover_cents`` =
  allowance to date - actual (positive is a surplus), and ``rollover_minutes`` likewise for hours. EAC
  is the run-rate over the whole term.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from amtui.core.dates import add_months
from amtui.core.errors import NotFoundError
from amtui.core.money import apply_rate
from amtui.services.base.refs import (
    ProjectLike,
    ProjectRow,
    account_id,
    find_project,
    ids_of,
    projects_with_slugs,
    scope,
)
from amtui.store.sql import Db, marks, rows

APPROVED_CO = ("approved", "invoiced")
PENDING_CO = ("draft", "sent")
STATUSES = ("on-track", "watch", "at-risk", "over")
# Up to this many projects, aggregates filter by id; beyond it they run over the whole book.
IN_LIST_MAX = 200
# Below this share of the schedule, a run-rate projection is noise.
MIN_RUN_RATE_ELAPSED = 0.10


@dataclass(frozen=True)
class ProjectHealth:
    project: str  # "account/project" ref
    account: str
    name: str
    billing: str
    currency: str
    original_budget_cents: int
    approved_change_orders_cents: int
    pending_change_orders_cents: int
    current_budget_cents: int  # original + approved COs
    actual_cents: int  # billable + non-billable time value + all costs
    burn: float | None  # actual / current budget
    elapsed: float | None  # share of the schedule elapsed at as_of
    complete: float | None  # % complete when known
    eac_cents: int | None
    eac_method: str  # "earned-value" | "run-rate" | "actual" | "budget"
    vac_cents: int | None
    variance_pct: float | None
    remaining_cents: int
    status: str  # on-track | watch | at-risk | over
    unapproved_scope_cents: int
    # Details beyond the core interface.
    as_of: date | None = None
    actual_minutes: int = 0
    time_cents: int = 0
    cost_cents: int = 0
    billable_cents: int = 0
    out_of_scope_cents: int = 0
    budget_minutes: int | None = None
    cap_cents: int | None = None
    over_cap: bool = False
    rollover_cents: int | None = None
    rollover_minutes: int | None = None
    start_on: date | None = None
    end_on: date | None = None


@dataclass(frozen=True)
class _Totals:
    time_cents: int = 0
    minutes: int = 0
    time_oos_cents: int = 0
    time_billable_cents: int = 0
    cost_cents: int = 0
    cost_oos_cents: int = 0
    cost_billable_cents: int = 0
    approved_cents: int = 0
    pending_cents: int = 0


# ---------------------------------------------------------------------------------------------- arithmetic


def _div_round(num: int, den: int) -> int:
    """num / den rounded half away from zero, in integers (no float on the money path)."""
    if den == 0:
        raise ZeroDivisionError
    sign = -1 if (num < 0) != (den < 0) else 1
    q, r = divmod(abs(num), abs(den))
    return sign * (q + (1 if 2 * r >= abs(den) else 0))


def schedule_days(start: date | None, end: date | None, as_of: date) -> tuple[int, int] | None:
    """(days elapsed, days in the schedule), elapsed clamped to [0, span]; None without both dates."""
    if start is None or end is None:
        return None
    span = max((end - start).days, 0)
    done = min(max((as_of - start).days, 0), span)
    return done, span


def _elapsed(days: tuple[int, int] | None, as_of: date, start: date | None) -> float | None:
    if days is None:
        return None
    done, span = days
    if span == 0:
        return 1.0 if start is not None and as_of >= start else 0.0
    return done / span


def retainer_months(start: date, end: date) -> int:
    """Months in a retainer term (end inclusive): whole months, plus one for a remainder of half a month."""
    n = 0
    while add_months(start, n + 1) <= end + timedelta(days=1):
        n += 1
    anchor = add_months(start, n)
    rest = (end - anchor).days + 1
    if rest <= 0:
        return n
    span = (add_months(start, n + 1) - anchor).days
    return n + (1 if rest * 2 >= span else 0)


def accrued(per_month: int, start: date, as_of: date, end: date | None = None) -> int:
    """What a monthly allowance has accrued from ``start`` through ``as_of`` (pro rata within a month).

    Integer arithmetic: whole months × allowance, plus allowance × days into the current month / its days.
    """
    if as_of < start:
        return 0
    stop = min(as_of, end) if end else as_of
    months = 0
    while add_months(start, months + 1) <= stop:
        months += 1
    anchor = add_months(start, months)
    days_in = (stop - anchor).days + 1
    span = (add_months(start, months + 1) - anchor).days
    return per_month * months + _div_round(per_month * days_in, span)


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


def _co_totals(db: Db, as_of: date, ids: list[int] | None) -> dict[int, tuple[int, int]]:
    where, params = _in("project_id", ids)
    sql = (
        "SELECT project_id, coalesce(sum(CASE WHEN status IN ('approved', 'invoiced') "
        "AND (decided_on IS NULL OR decided_on <= ?) THEN amount_cents ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN status IN ('draft', 'sent') THEN amount_cents ELSE 0 END), 0) "
        f"FROM change_order WHERE 1{where} GROUP BY project_id"
    )
    return {int(r[0]): (int(r[1]), int(r[2])) for r in rows(db, sql, [as_of.isoformat(), *params])}


def totals(db: Db, as_of: date, ids: list[int] | None = None) -> dict[int, _Totals]:
    """Per-project aggregates (three GROUP BY queries), for ``ids`` or every project."""
    times = _time_totals(db, as_of, ids)
    costs = _cost_totals(db, as_of, ids)
    cos = _co_totals(db, as_of, ids)
    out: dict[int, _Totals] = {}
    for pid in set(times) | set(costs) | set(cos):
        tc, mins, toos, tbill = times.get(pid, (0, 0, 0, 0))
        cc, coos, cbill = costs.get(pid, (0, 0, 0))
        ap, pe = cos.get(pid, (0, 0))
        out[pid] = _Totals(tc, mins, toos, tbill, cc, coos, cbill, ap, pe)
    return out


# ---------------------------------------------------------------------------------------------- rules


def _original_budget(p: ProjectLike) -> int:
    if p.billing == "retainer" and not p.budget_cents and p.start_on and p.end_on:
        monthly = _retainer_monthly_cents(p)
        if monthly:
            return monthly * retainer_months(p.start_on, p.end_on)
    return p.budget_cents


def _retainer_monthly_cents(p: ProjectLike) -> int | None:
    if p.retainer_fee_cents:
        return p.retainer_fee_cents
    if p.retainer_minutes and p.rate_cents:
        return apply_rate(p.retainer_minutes, p.rate_cents)
    return None


def _status(actual: int, current: int, eac: int | None) -> str:
    from amtui.core.config import settings

    th = settings().thresholds
    if actual > current:
        return "over"
    if eac is None or current <= 0:
        return "on-track"
    over = eac - current
    if over * 10_000 > current * round(th.at_risk * 10_000):
        return "at-risk"
    if over * 10_000 > current * round(th.watch * 10_000):
        return "watch"
    return "on-track"


def health_of(
    p: ProjectLike,
    account_slug: str,
    t: _Totals,
    *,
    as_of: date,
    extra_budget_cents: int = 0,
    use_complete: bool = True,
    complete_bp: int | None = None,
) -> ProjectHealth:
    """Apply the rules in the module docstring to one project's row and aggregates (no queries).

    ``complete_bp`` is the project's % complete as :func:`percent_complete_bps` found it (default: the
    manual figure on the row). ``use_complete=False`` ignores it: % complete has no history, so a past
    snapshot (the previous month-end of a check-in) must not divide old actuals by today's figure.
    """
    original = _original_budget(p)
    approved = t.approved_cents + extra_budget_cents
    current = original + approved
    actual = t.time_cents + t.cost_cents
    days = schedule_days(p.start_on, p.end_on, as_of)
    elapsed = _elapsed(days, as_of, p.start_on)
    if complete_bp is None:
        complete_bp = p.complete_bp
    if not use_complete:
        complete_bp = None

    eac: int | None
    if complete_bp:
        eac, method = _div_round(actual * 10_000, complete_bp), "earned-value"
    elif days is not None and p.end_on is not None and as_of >= p.end_on:
        eac, method = actual, "actual"
    elif actual > 0 and days is not None and days[1] > 0 and days[0] >= MIN_RUN_RATE_ELAPSED * days[1]:
        eac, method = _div_round(actual * days[1], days[0]), "run-rate"
    else:
        eac, method = max(current, actual), "budget"

    vac = current - eac
    variance = round((eac - current) / current, 4) if current > 0 else None
    burn = round(actual / current, 4) if current > 0 else None
    in_scope = actual - t.time_oos_cents - t.cost_oos_cents
    unapproved = max(
        0, t.time_oos_cents + t.cost_oos_cents + max(0, in_scope - original) - max(0, t.approved_cents)
    )

    rollover_cents = rollover_minutes = None
    if p.billing == "retainer" and p.start_on:
        monthly = _retainer_monthly_cents(p)
        if monthly:
            rollover_cents = accrued(monthly, p.start_on, as_of, p.end_on) - actual
        if p.retainer_minutes:
            rollover_minutes = accrued(p.retainer_minutes, p.start_on, as_of, p.end_on) - t.minutes

    over_cap = bool(p.billing == "tm" and p.cap_cents and eac > p.cap_cents + approved)
    return ProjectHealth(
        project=f"{account_slug}/{p.slug}",
        account=account_slug,
        name=p.name,
        billing=p.billing,
        currency=p.currency,
        original_budget_cents=original,
        approved_change_orders_cents=approved,
        pending_change_orders_cents=t.pending_cents,
        current_budget_cents=current,
        actual_cents=actual,
        burn=burn,
        elapsed=None if elapsed is None else round(elapsed, 4),
        complete=None if complete_bp is None else complete_bp / 10_000,
        eac_cents=eac,
        eac_method=method,
        vac_cents=vac,
        variance_pct=variance,
        remaining_cents=current - actual,
        status="over" if actual > current else _status(actual, current, eac),
        unapproved_scope_cents=unapproved,
        as_of=as_of,
        actual_minutes=t.minutes,
        time_cents=t.time_cents,
        cost_cents=t.cost_cents,
        billable_cents=t.time_billable_cents + t.cost_billable_cents,
        out_of_scope_cents=t.time_oos_cents + t.cost_oos_cents,
        budget_minutes=p.budget_minutes,
        cap_cents=p.cap_cents if p.billing == "tm" else None,
        over_cap=over_cap,
        rollover_cents=rollover_cents,
        rollover_minutes=rollover_minutes,
        start_on=p.start_on,
        end_on=p.end_on,
    )


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


def complete_bp_from_milestones(
    n: int, with_minutes: int, total_min: int, done_min: int, total_w: int, done_w: int
) -> int:
    """Milestone progress in basis points: by estimated minutes when all milestones have them, else weight."""
    total, part = (total_min, done_min) if with_minutes == n and total_min > 0 else (total_w, done_w)
    return (part * 10_000 + total // 2) // total if total else 0


def milestone_complete_bps(db: Db, project_ids: Sequence[int] | None = None) -> dict[int, int]:
    """% complete in basis points for every project that has milestones (one GROUP BY query).

    Weighted by estimated minutes when every milestone of the project has them, otherwise by weight (1 when
    not set). Projects without milestones are absent: the caller falls back to the manual figure.
    """
    where, params = _in("project_id", None if project_ids is None else list(project_ids))
    sql = (
        "SELECT project_id, count(*), count(estimated_minutes), coalesce(sum(estimated_minutes), 0), "
        "coalesce(sum(CASE WHEN status = 'done' THEN estimated_minutes ELSE 0 END), 0), "
        "coalesce(sum(coalesce(weight, 1)), 0), "
        "coalesce(sum(CASE WHEN status = 'done' THEN coalesce(weight, 1) ELSE 0 END), 0) "
        f"FROM milestone WHERE 1{where} GROUP BY project_id"
    )
    return {
        int(pid): complete_bp_from_milestones(*(int(x) for x in rest)) for pid, *rest in rows(db, sql, params)
    }


def percent_complete_bp(db: Db, project: ProjectLike | int | str) -> int | None:
    """% complete in basis points (4000 = 40%): from milestones when the project has some, else manual."""
    p, _ = _resolve(db, project)
    return percent_complete_bps(db, [p]).get(p.id or 0)


def percent_complete_bps(db: Db, projects: Iterable[ProjectLike]) -> dict[int, int | None]:
    """% complete for many projects at once. The AM's own figure (``project edit --complete``) wins: it is
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
    t = totals(db, as_of, [pid]).get(pid, _Totals())
    return health_of(
        p,
        slug,
        t,
        as_of=as_of,
        extra_budget_cents=extra_budget_cents,
        complete_bp=percent_complete_bps(db, [p]).get(pid),
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
    done = percent_complete_bps(db, [p for p, _ in found]) if use_complete else {}
    return [
        health_of(
            p,
            slug,
            agg.get(p.id or 0, _Totals()),
            as_of=as_of,
            use_complete=use_complete,
            complete_bp=done.get(p.id or 0),
        )
        for p, slug in found
    ]


# ---------------------------------------------------------------------------------------------- words


def pct(ratio: float | None, *, signed: bool = False, decimals: int = 0) -> str:
    """0.723 → ``72%``; signed with one decimal → ``+6.7%``. ``—`` for None."""
    if ratio is None:
        return "—"
    value = ratio * 100
    text = f"{value:+.{decimals}f}%" if signed else f"{value:.{decimals}f}%"
    return text.replace("-0.0%", "0.0%").replace("+0.0%", "0.0%")


def describe(h: ProjectHealth) -> str:
    """The consequence in one line: ``burn 72% at 64% of the schedule · EAC $51,200 (+6.7%) · watch``."""
    from amtui.core.money import format_money

    parts = []
    if h.burn is None:
        parts.append(f"no budget set ({format_money(h.actual_cents, h.currency, whole=True)} logged)")
    else:
        at = f" at {pct(h.elapsed)} of the schedule" if h.elapsed is not None else ""
        parts.append(f"burn {pct(h.burn)}{at}")
    if h.eac_cents is not None and h.eac_method != "budget" and h.current_budget_cents > 0:
        how = " by % complete" if h.eac_method == "earned-value" else ""
        parts.append(
            f"EAC {format_money(h.eac_cents, h.currency, whole=True)}"
            f" ({pct(h.variance_pct, signed=True, decimals=1)}){how}"
        )
    elif h.eac_method == "budget" and h.current_budget_cents > 0:
        parts.append("no schedule to project from" if h.elapsed is None else "too early to project")
    if h.status == "over":
        parts.append(f"over by {format_money(-h.remaining_cents, h.currency, whole=True)}")
    else:
        parts.append(h.status)
    if h.unapproved_scope_cents:
        parts.append(f"unapproved scope {format_money(h.unapproved_scope_cents, h.currency, whole=True)}")
    return " · ".join(parts)
