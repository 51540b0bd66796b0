"""A project's burn over time: cumulative actuals by day, for the Budget screen's chart.

One SQL query: time and cost amounts summed per day (UNION ALL, then GROUP BY date) with the running total
computed by a window function, so the series costs the same whatever the number of entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, literal_column, union_all
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from amtui.services.base.refs import get_project
from amtui.services.money.budget import project_health
from amtui.services.money.budget_health import ProjectHealth
from amtui.store.models import CostEntry, TimeEntry


@dataclass(frozen=True)
class BurnSeries:
    project: str
    currency: str
    days: list[date]  # each day something was logged, ascending
    cumulative_cents: list[int]  # actual to date, at the end of each of those days
    current_budget_cents: int
    eac_cents: int | None
    start_on: date | None
    end_on: date | None
    as_of: date
    health: ProjectHealth


def burn_series(session: Session, ref: str, *, as_of: date) -> BurnSeries:
    p = get_project(session, ref)
    t: Any = sa_select(col(TimeEntry.entry_date).label("d"), col(TimeEntry.amount_cents).label("a")).where(
        col(TimeEntry.project_id) == p.id, col(TimeEntry.entry_date) <= as_of
    )
    c: Any = sa_select(col(CostEntry.entry_date).label("d"), col(CostEntry.amount_cents).label("a")).where(
        col(CostEntry.project_id) == p.id, col(CostEntry.entry_date) <= as_of
    )
    u = union_all(t, c).subquery()
    daily = sa_select(u.c.d, func.sum(u.c.a).label("amount")).group_by(u.c.d).subquery()
    running = func.sum(daily.c.amount).over(order_by=daily.c.d)
    q = sa_select(daily.c.d, running.label("cumulative")).order_by(literal_column("d"))
    rows = list(session.execute(q))
    health = project_health(session, p, as_of=as_of)
    return BurnSeries(
        project=health.project,
        currency=health.currency,
        days=[r[0] if isinstance(r[0], date) else date.fromisoformat(str(r[0])) for r in rows],
        cumulative_cents=[int(r[1]) for r in rows],
        current_budget_cents=health.current_budget_cents,
        eac_cents=health.eac_cents,
        start_on=p.start_on,
        end_on=p.end_on,
        as_of=as_of,
        health=health,
    )
