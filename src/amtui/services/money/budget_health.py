"""Budget health arithmetic: where a project's money stands, where it is heading, and whether to worry.

This module is the arithmetic on one project's row and sums, with no query; :mod:`amtui.services.money.budget`
reads the sums (SQL aggregates on integer cents) and calls :func:`health_of`.

Definitions (the same for every billing type unless a rule below says otherwise):

- **Current budget** = original budget (``project.budget_cents``) + sum of the change orders approved as
  of ``as_of`` (:mod:`amtui.services.money.rules`: the statuses and the date rule). Pending change orders
  are reported apart and never counted.
- **Actual** = the value of *all* time logged up to ``as_of`` (billable and non-billable, each entry at
  its own rate) + *all* costs. Non-billable time still consumes the budget the agency sold, so health
  counts it; what the client is billed is reconciliation's business, not this module's.
- **Burn** = actual / current budget. **Elapsed** = days since start / days from start to end (0 before
  the start, 1 after the end; ``None`` without both dates). **Complete** = % complete on ``as_of``
  (the AM's dated figure, else milestones done by then).
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
- **No budget set** (original budget 0, e.g. a project ``import time --create-missing`` created): there is
  no agreed scope to creep beyond, so in-scope actuals are never unapproved scope (only work flagged out of
  scope is), and with no current budget either (no approved change orders) the status is ``on-track``,
  not ``over``; ``no_budget`` says so and :func:`describe` prints "no budget set". The rule is
  :func:`no_budget_set` and :func:`beyond_estimate`; scope reads them from here.

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

from dataclasses import dataclass
from datetime import date, timedelta

from amtui.core.dates import add_months, months_between
from amtui.core.money import apply_rate
from amtui.services.base.refs import ProjectLike

STATUSES = ("on-track", "watch", "at-risk", "over")
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
    expenses_cents: int = 0  # costs logged (cost entries), part of actual
    # Cost to the agency (time at cost rate + costs), earned value and margin = earned − cost, filled in by
    # :func:`amtui.services.money.budget.healths_for` from :mod:`amtui.services.money.position` (one rule).
    cost_cents: int = 0
    earned_cents: int = 0
    margin_cents: int = 0
    margin_pct: float | None = None
    uncosted_minutes: int = 0
    billable_cents: int = 0
    out_of_scope_cents: int = 0
    budget_minutes: int | None = None
    cap_cents: int | None = None
    over_cap: bool = False
    rollover_cents: int | None = None
    rollover_minutes: int | None = None
    start_on: date | None = None
    end_on: date | None = None
    no_budget: bool = False  # no budget set: see the module
    project_id: int = 0
    #: The account's AM (services/clients/am.py), as :func:`amtui.services.money.budget.healths_for` reads it.
    am: str | None = None


@dataclass(frozen=True)
class Totals:
    """One project's sums as of a date (time, costs, change orders), as the reads aggregate them."""

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
    n = months_between(start, end + timedelta(days=1))
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
    months = months_between(start, stop)
    anchor = add_months(start, months)
    days_in = (stop - anchor).days + 1
    span = (add_months(start, months + 1) - anchor).days
    return per_month * months + _div_round(per_month * days_in, span)


# ---------------------------------------------------------------------------------------------- rules


def original_budget(p: ProjectLike) -> int:
    """The original budget health counts: ``budget_cents``, or for a retainer priced by its fee alone, the
    fee x the months of its term."""
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


def no_budget_set(original_cents: int) -> bool:
    """The project has no budget of its own (0): nothing to burn against, no scope to creep beyond."""
    return original_cents <= 0


def beyond_estimate(in_scope_cents: int, original_cents: int) -> int:
    """In-scope actuals beyond the original budget; none when no budget is set (see the module)."""
    return 0 if no_budget_set(original_cents) else max(0, in_scope_cents - original_cents)


def _status(actual: int, current: int, eac: int | None) -> str:
    from amtui.core.config import settings

    th = settings().thresholds
    if current <= 0:  # no budget (none set, no approved change orders): nothing to be over
        return "on-track"
    if actual > current:
        return "over"
    if eac is None:
        return "on-track"
    over = eac - current
    if over * 10_000 > current * round(th.at_risk * 10_000):
        return "at-risk"
    if over * 10_000 > current * round(th.watch * 10_000):
        return "watch"
    return "on-track"


def status_of(actual: int, current: int, eac: int | None) -> str:
    """The status rule above for any budget with its actual and EAC: a project's, or one estimate line's
    (:mod:`amtui.services.estimates.lines`), so both are judged by the same bands."""
    return _status(actual, current, eac)


def health_of(
    p: ProjectLike,
    account_slug: str,
    t: Totals,
    *,
    as_of: date,
    extra_budget_cents: int = 0,
    complete_bp: int | None = None,
    am: str | None = None,
) -> ProjectHealth:
    """Apply the rules in the module docstring to one project's row and aggregates (no queries).

    ``complete_bp`` is the project's % complete on ``as_of`` as
    :func:`amtui.services.money.budget.budget_complete_bps` found it (its dated history, milestones done by
    then); None when there was none that day. The row's own ``complete_bp`` (the figure of now) is never
    read here: a past date divides its actuals by the figure of that date, not today's.
    """
    original = original_budget(p)
    approved = t.approved_cents + extra_budget_cents
    current = original + approved
    actual = t.time_cents + t.cost_cents
    days = schedule_days(p.start_on, p.end_on, as_of)
    elapsed = _elapsed(days, as_of, p.start_on)

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
    oos = t.time_oos_cents + t.cost_oos_cents
    unapproved = max(0, oos + beyond_estimate(in_scope, original) - max(0, t.approved_cents))

    rollover_cents = rollover_minutes = None
    if p.billing == "retainer" and p.start_on:
        monthly = _retainer_monthly_cents(p)
        if monthly:
            rollover_cents = accrued(monthly, p.start_on, as_of, p.end_on) - actual
        if p.retainer_minutes:
            rollover_minutes = accrued(p.retainer_minutes, p.start_on, as_of, p.end_on) - t.minutes

    over_cap = bool(p.billing == "tm" and p.cap_cents and eac > p.cap_cents + approved)
    return ProjectHealth(
        am=am,
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
        status=_status(actual, current, eac),
        unapproved_scope_cents=unapproved,
        as_of=as_of,
        actual_minutes=t.minutes,
        time_cents=t.time_cents,
        expenses_cents=t.cost_cents,
        billable_cents=t.time_billable_cents + t.cost_billable_cents,
        out_of_scope_cents=t.time_oos_cents + t.cost_oos_cents,
        budget_minutes=p.budget_minutes,
        cap_cents=p.cap_cents if p.billing == "tm" else None,
        over_cap=over_cap,
        rollover_cents=rollover_cents,
        rollover_minutes=rollover_minutes,
        start_on=p.start_on,
        end_on=p.end_on,
        no_budget=no_budget_set(original),
        project_id=p.id or 0,
    )


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
