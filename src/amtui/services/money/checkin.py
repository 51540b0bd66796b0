"""The monthly budget check-in: every project's variance at the end of a month and a month before, and what
moved it (actuals dated in the month, change orders approved in the month: counted at its end and not at the
end of the month before, :func:`amtui.services.money.rules.approved_change_orders`).

"End of the month" is the month's last day, or the as-of date when the month is still running, so the
check-in on the 28th compares today with the end of last month.

One computation for every surface: each end is budget health on that date
(:func:`amtui.services.money.budget.healths_for`, with % complete as it stood then), and :func:`moves`
pairs the two. ``budget --month``, ``budget --as-of <month end>`` and the TUI Budget screen's ``m`` (which
calls :func:`moves` on the healths it already holds) therefore print the same variance for a project and
a date. A project that had not started by the earlier end has no figure then: its ``previous`` is None and
``previous_status`` is ``"not started"`` (the health statuses themselves stay
:data:`amtui.services.money.budget_health.STATUSES`); one not started by the later end is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from amtui.core.dates import parse_month
from amtui.core.errors import InputError
from amtui.services.money.budget import IN_LIST_MAX, healths_for, select_projects
from amtui.services.money.budget_health import ProjectHealth
from amtui.services.money.rules import approved_change_orders
from amtui.store.sql import Db

NOT_STARTED = "not started"


@dataclass(frozen=True)
class ApprovedChangeOrder:
    number: str  # "CO-7"
    title: str
    amount_cents: int
    decided_on: date | None


@dataclass(frozen=True)
class MonthMove:
    project: str
    account: str
    name: str
    billing: str
    currency: str
    month: str
    as_of: date
    previous_as_of: date
    variance_pct: float | None
    previous_variance_pct: float | None
    variance_change_pp: float | None  # percentage points, positive = worse
    status: str
    previous_status: str  # a health status, or "not started"
    time_in_month_cents: int
    minutes_in_month: int
    costs_in_month_cents: int
    actual_in_month_cents: int
    change_orders_approved_cents: int
    change_orders_approved: list[ApprovedChangeOrder]
    now: ProjectHealth
    previous: ProjectHealth | None


def month_bounds(month: str, as_of: date) -> tuple[date, date, date]:
    """(first day, end of the check-in, end of the previous month) for ``YYYY-MM`` seen from ``as_of``."""
    first, last = parse_month(month)
    if first > as_of:
        raise InputError(f"month {month} has not started yet (as of {as_of.isoformat()})")
    return first, min(last, as_of), first - timedelta(days=1)


def month_checkin(db: Db, month: str, *, target: str | None = None, as_of: date) -> list[MonthMove]:
    """The check-in for ``month`` (``YYYY-MM``) seen from ``as_of``: every active project (or an account's, or
    one project) at the end of the month against the end of the month before. ``db`` is a session or a
    ``sqlite3`` connection."""
    _, end, prev_end = month_bounds(month, as_of)
    projects = select_projects(db, target)
    now = healths_for(db, projects, as_of=end)
    before = healths_for(db, projects, as_of=prev_end)
    return moves(db, now, before, month=month)


def moves(
    db: Db, now: Sequence[ProjectHealth], before: Sequence[ProjectHealth], *, month: str
) -> list[MonthMove]:
    """Pair budget health at the end of a check-in (``now``) with health at the end of the month before
    (``before``), in the order of ``now``: the variance then and now, what was logged in between (the
    difference of the two healths' sums: both count every entry dated by their day) and the change orders
    approved in between (one query)."""
    if not now:
        return []
    end = now[0].as_of
    assert end is not None
    _, _, prev_end = month_bounds(month, end)
    earlier = {h.project: h for h in before}
    ids = [h.project_id for h in now]
    cos: dict[int, list[ApprovedChangeOrder]] = {}
    chosen = set(ids)
    for co in approved_change_orders(db, ids if len(ids) <= IN_LIST_MAX else None, as_of=end, after=prev_end):
        if co.project_id in chosen:
            cos.setdefault(co.project_id, []).append(
                ApprovedChangeOrder(f"CO-{co.number}", co.title, co.amount_cents, co.decided_on)
            )
    out: list[MonthMove] = []
    for h in now:
        b = earlier.get(h.project)
        change = (
            round((h.variance_pct - b.variance_pct) * 100, 1)
            if b is not None and h.variance_pct is not None and b.variance_pct is not None
            else None
        )
        time_cents = h.time_cents - (b.time_cents if b else 0)
        cost_cents = h.expenses_cents - (b.expenses_cents if b else 0)
        approved = cos.get(h.project_id, [])
        out.append(
            MonthMove(
                project=h.project,
                account=h.account,
                name=h.name,
                billing=h.billing,
                currency=h.currency,
                month=month.strip(),
                as_of=end,
                previous_as_of=prev_end,
                variance_pct=h.variance_pct,
                previous_variance_pct=b.variance_pct if b else None,
                variance_change_pp=change,
                status=h.status,
                previous_status=b.status if b else NOT_STARTED,
                time_in_month_cents=time_cents,
                minutes_in_month=h.actual_minutes - (b.actual_minutes if b else 0),
                costs_in_month_cents=cost_cents,
                actual_in_month_cents=time_cents + cost_cents,
                change_orders_approved_cents=sum(c.amount_cents for c in approved),
                change_orders_approved=approved,
                now=h,
                previous=b,
            )
        )
    return out
