"""The monthly budget check-in: every project's variance at the end of a month and a month before, and what
moved it (actuals dated in the month, change orders approved in the month: counted at its end and not at the
end of the month before, :func:`amtui.services.money.rules.approved_change_orders`).

"End of the month" is the month's last day, or the as-of date when the month is still running, so the
check-in on the 28th compares today with the end of last month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from amtui.core.dates import parse_month
from amtui.core.errors import InputError
from amtui.services.money.budget import healths_for, select_projects
from amtui.services.money.budget_health import ProjectHealth
from amtui.services.money.rules import approved_change_orders
from amtui.store.models import CostEntry, TimeEntry


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
    previous_status: str
    time_in_month_cents: int
    minutes_in_month: int
    costs_in_month_cents: int
    actual_in_month_cents: int
    change_orders_approved_cents: int
    change_orders_approved: list[ApprovedChangeOrder]
    now: ProjectHealth
    previous: ProjectHealth


def month_bounds(month: str, as_of: date) -> tuple[date, date, date]:
    """(first day, end of the check-in, end of the previous month) for ``YYYY-MM`` seen from ``as_of``."""
    first, last = parse_month(month)
    if first > as_of:
        raise InputError(f"month {month} has not started yet (as of {as_of.isoformat()})")
    return first, min(last, as_of), first - timedelta(days=1)


def month_checkin(session: Session, month: str, *, target: str | None = None, as_of: date) -> list[MonthMove]:
    first, end, prev_end = month_bounds(month, as_of)
    rows = select_projects(session, target)
    ids = [p.id for p, _ in rows if p.id is not None]
    # Manual % complete has no history: only a snapshot taken at ``as_of`` may use it; earlier ones
    # project by run-rate rather than divide old actuals by today's figure.
    now = {h.project: h for h in healths_for(session, rows, as_of=end, use_complete=end == as_of)}
    before = {h.project: h for h in healths_for(session, rows, as_of=prev_end, use_complete=False)}

    times = {
        pid: (int(c), int(m))
        for pid, c, m in session.exec(
            select(TimeEntry.project_id, func.sum(TimeEntry.amount_cents), func.sum(TimeEntry.minutes))
            .where(
                col(TimeEntry.project_id).in_(ids), TimeEntry.entry_date >= first, TimeEntry.entry_date <= end
            )
            .group_by(col(TimeEntry.project_id))
        )
    }
    costs = {
        pid: int(c)
        for pid, c in session.exec(
            select(CostEntry.project_id, func.sum(CostEntry.amount_cents))
            .where(
                col(CostEntry.project_id).in_(ids), CostEntry.entry_date >= first, CostEntry.entry_date <= end
            )
            .group_by(col(CostEntry.project_id))
        )
    }
    cos: dict[int, list[ApprovedChangeOrder]] = {}
    for co in approved_change_orders(session, ids, as_of=end, after=prev_end):
        cos.setdefault(co.project_id, []).append(
            ApprovedChangeOrder(f"CO-{co.number}", co.title, co.amount_cents, co.decided_on)
        )

    out: list[MonthMove] = []
    for p, slug in rows:
        assert p.id is not None
        ref = f"{slug}/{p.slug}"
        h, b = now[ref], before[ref]
        t_cents, t_minutes = times.get(p.id, (0, 0))
        c_cents = costs.get(p.id, 0)
        approved = cos.get(p.id, [])
        change = (
            round((h.variance_pct - b.variance_pct) * 100, 1)
            if h.variance_pct is not None and b.variance_pct is not None
            else None
        )
        out.append(
            MonthMove(
                project=ref,
                account=slug,
                name=p.name,
                billing=p.billing,
                currency=p.currency,
                month=month.strip(),
                as_of=end,
                previous_as_of=prev_end,
                variance_pct=h.variance_pct,
                previous_variance_pct=b.variance_pct,
                variance_change_pp=change,
                status=h.status,
                previous_status=b.status,
                time_in_month_cents=t_cents,
                minutes_in_month=t_minutes,
                costs_in_month_cents=c_cents,
                actual_in_month_cents=t_cents + c_cents,
                change_orders_approved_cents=sum(c.amount_cents for c in approved),
                change_orders_approved=approved,
                now=h,
                previous=b,
            )
        )
    return out
