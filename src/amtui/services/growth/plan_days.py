"""The media plan day by day over a period, for the reports' "spend against plan" charts.

The same plan pacing reads (:mod:`amtui.services.growth.performance`): a project's monthly media plans
(``amtui media plan``) when it has any, each month's amount spread evenly over its days; else its media budget
spread evenly over its schedule (start to end); else no plan. Spreading is done in whole cents so the days of
a month add up to the month's plan exactly.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from amtui.services.growth.performance import _div, _projects
from amtui.store.sql import Db, marks, rows


@dataclass(frozen=True)
class PlanByDay:
    cents: list[int]  # each day's planned media spend, the planned projects summed (all 0: no plan)
    planned: list[
        str
    ]  # the projects with a plan (monthly plans or a scheduled media budget), "account/project"
    projects: int  # projects with results or KPI targets (what the report's spend covers)


def _share(amount: int, index: int, count: int) -> int:
    """Day ``index`` (0-based) of ``count`` days' even share of ``amount``: the shares sum to it exactly, and
    the days up to any day sum to what pacing plans to that day (the same rounding, half up)."""
    return (_div(amount * (index + 1), count) or 0) - (_div(amount * index, count) or 0)


def plan_by_day(session: Db, ref: str, start: date, end: date) -> PlanByDay:
    """The account's (or project's) planned media spend on each day from ``start`` to ``end``."""
    found = _projects(session, ref)
    projects = [p for p, _ in found]
    account_of = {p.id: acc for p, acc in found}
    span = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    total = [0] * len(span)
    if not projects:
        return PlanByDay(total, [], 0)
    ids = [p.id for p in projects]
    monthly: dict[int, dict[tuple[int, int], int]] = {}
    for pid, month, amount in rows(
        session,
        f"SELECT project_id, month, amount_cents FROM media_plan WHERE project_id IN ({marks(ids)})",
        ids,
    ):
        monthly.setdefault(pid, {})[(int(month[:4]), int(month[5:7]))] = int(amount)
    planned: list[str] = []
    for p in projects:
        plans = monthly.get(p.id)
        if plans:
            planned.append(f"{account_of[p.id]}/{p.slug}")
            for i, d in enumerate(span):
                amount = plans.get((d.year, d.month))
                if amount:
                    total[i] += _share(amount, d.day - 1, calendar.monthrange(d.year, d.month)[1])
        elif p.media_budget_cents and p.start_on and p.end_on and p.end_on >= p.start_on:
            planned.append(f"{account_of[p.id]}/{p.slug}")
            days = (p.end_on - p.start_on).days + 1
            for i, d in enumerate(span):
                if p.start_on <= d <= p.end_on:
                    total[i] += _share(p.media_budget_cents, (d - p.start_on).days, days)
    return PlanByDay(total, planned, len(projects))
