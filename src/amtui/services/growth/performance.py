"""Campaign performance over a period: sums in SQL, ratios computed from the sums, judged against targets.

A week's CPA is the week's spend over the week's conversions (never an average of daily CPAs). Pacing
compares media spend since the project started with a straight-line plan of its media budget, or with its
monthly media plans when it has any (``amtui media plan``). The sums are
SQL text (:mod:`amtui.store.sql`) on a session or a sqlite3 connection: ``report status`` skips
SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from amtui.services.base.refs import scope
from amtui.services.growth.kpi_format import LOWER_IS_BETTER, format_target
from amtui.store.sql import Db, day, marks, rows

PACE_BAND = 0.10


@dataclass(frozen=True)
class Figures:
    spend_cents: int
    impressions: int
    clicks: int
    conversions_milli: int
    revenue_cents: int
    ctr_pct: float | None
    cpc_cents: int | None
    cpa_cents: int | None
    cpm_cents: int | None
    roas: float | None


@dataclass(frozen=True)
class KpiCheck:
    metric: str
    target: int
    target_display: str
    actual: float | None
    actual_display: str
    status: str  # met | missed | no-data
    attainment: float | None  # >= 1.0 means the target is met


@dataclass(frozen=True)
class CampaignPerformance:
    campaign: str
    sources: list[str]
    figures: Figures
    checks: list[KpiCheck]
    daily_spend_cents: list[int]
    daily_conversions_milli: list[int]


@dataclass(frozen=True)
class Pacing:
    media_budget_cents: int | None
    planned_to_date_cents: int | None
    spent_to_date_cents: int
    ratio: float | None
    status: str  # on-pace | under | over | no-budget | no-schedule


@dataclass(frozen=True)
class ProjectPerformance:
    project: str
    name: str
    currency: str
    period_from: date
    period_to: date
    figures: Figures
    checks: list[KpiCheck]
    campaigns: list[CampaignPerformance]
    pacing: Pacing
    daily_spend_cents: list[int]
    days_with_data: int = 0  # days of the period with any result imported for the project


def _div(a: int, b: int) -> int | None:
    """a / b rounded half up, in integers; None when b is zero."""
    if b <= 0:
        return None
    return (a * 2 + b) // (2 * b)


def figures(spend: int, impressions: int, clicks: int, conv_milli: int, revenue: int) -> Figures:
    return Figures(
        spend_cents=spend,
        impressions=impressions,
        clicks=clicks,
        conversions_milli=conv_milli,
        revenue_cents=revenue,
        ctr_pct=round(clicks * 100 / impressions, 4) if impressions else None,
        cpc_cents=_div(spend, clicks),
        cpa_cents=_div(spend * 1000, conv_milli),
        cpm_cents=_div(spend * 1000, impressions),
        # No revenue reported (search tracked on leads, not sales): ROAS is unknown, not zero.
        roas=round(revenue / spend, 4) if spend and revenue else None,
    )


def check(
    metric: str, target: int, f: Figures, days: int, currency: str, *, has_data: bool = True
) -> KpiCheck:
    """Judge one figure against its target (conversions targets are per 30 days, scaled to ``days``: the
    days with results in the period). Without results in the period the target is not judged (no-data):
    nothing imported is unknown, not a miss."""
    actual: float | None
    goal = float(target)
    if metric == "cpa":
        actual = f.cpa_cents
    elif metric == "cpc":
        actual = f.cpc_cents
    elif metric == "cpm":
        actual = f.cpm_cents
    elif metric == "ctr":
        actual = None if f.ctr_pct is None else f.ctr_pct * 100  # basis points
    elif metric == "roas":
        actual = None if f.roas is None else f.roas * 1000
    else:
        actual = float(f.conversions_milli)
        goal = target * days / 30
    if actual is None or not has_data or days <= 0:
        return KpiCheck(metric, target, format_target(metric, target, currency), None, "—", "no-data", None)
    if metric in LOWER_IS_BETTER:
        attainment = goal / actual if actual else float("inf")
    else:
        attainment = actual / goal if goal else 0.0
    shown = (
        format_target(metric, round(actual), currency)
        if metric != "conversions"
        else f"{actual / 1000:,.1f} (period target {goal / 1000:,.1f})"
    )
    return KpiCheck(
        metric=metric,
        target=target,
        target_display=format_target(metric, target, currency),
        actual=round(actual, 3),
        actual_display=shown,
        status="met" if attainment >= 1 else "missed",
        attainment=round(attainment, 4) if attainment != float("inf") else None,
    )


@dataclass(frozen=True)
class _Project:
    """The project columns performance reads."""

    id: int
    slug: str
    name: str
    currency: str
    media_budget_cents: int | None
    start_on: date | None
    end_on: date | None


def _pacing(session: Db, p: _Project, as_of: date) -> Pacing:
    sql = "SELECT coalesce(sum(spend_cents), 0) FROM metric_row WHERE project_id = ? AND metric_date <= ?"
    params: list[Any] = [p.id, as_of.isoformat()]
    if p.start_on:
        sql += " AND metric_date >= ?"
        params.append(p.start_on.isoformat())
    spent = int(rows(session, sql, params)[0][0])
    plans = rows(session, "SELECT month, amount_cents FROM media_plan WHERE project_id = ?", (p.id,))
    if plans:
        return _monthly_pacing(plans, spent, as_of)
    budget = p.media_budget_cents
    if not budget:
        return Pacing(budget, None, spent, None, "no-budget")
    if not (p.start_on and p.end_on):
        return Pacing(budget, None, spent, None, "no-schedule")
    total = (p.end_on - p.start_on).days + 1
    elapsed = min(max((as_of - p.start_on).days + 1, 0), total)
    planned = _div(budget * elapsed, total) or 0
    if not planned:
        return Pacing(budget, 0, spent, None, "over" if spent else "on-pace")
    ratio = spent / planned
    status = "over" if ratio > 1 + PACE_BAND else "under" if ratio < 1 - PACE_BAND else "on-pace"
    return Pacing(budget, planned, spent, round(ratio, 4), status)


def _monthly_pacing(plans: list[Any], spent: int, as_of: date) -> Pacing:
    """Pacing against monthly media plans: a past month's plan in full, the current month's by its days."""
    import calendar

    budget = planned = 0
    for month, amount in plans:
        year, mon = int(month[:4]), int(month[5:7])
        days = calendar.monthrange(year, mon)[1]
        budget += amount
        if (year, mon) < (as_of.year, as_of.month):
            planned += amount
        elif (year, mon) == (as_of.year, as_of.month):
            planned += _div(amount * as_of.day, days) or 0
    if not planned:
        return Pacing(budget, 0, spent, None, "over" if spent else "on-pace")
    ratio = spent / planned
    status = "over" if ratio > 1 + PACE_BAND else "under" if ratio < 1 - PACE_BAND else "on-pace"
    return Pacing(budget, planned, spent, round(ratio, 4), status)


def _projects(session: Db, ref: str | None) -> list[tuple[_Project, str]]:
    """Projects with metric rows or KPI targets: an account's, one, or the book's (not archived)."""
    where = ["(p.id IN (SELECT project_id FROM metric_row) OR p.id IN (SELECT project_id FROM kpi_target))"]
    params: list[Any] = []
    if ref is not None:
        chosen = scope(session, ref)
        if chosen.account_id is not None:
            where.append("p.account_id = ?")
            params.append(chosen.account_id)
        else:
            where.append("p.id = ?")
            params.append(chosen.ids[0])
    else:
        where += ["p.status != 'archived'", "a.status != 'archived'"]
    sql = (
        "SELECT p.id, p.slug, p.name, p.currency, p.media_budget_cents, p.start_on, p.end_on, a.slug "
        f"FROM project p JOIN account a ON a.id = p.account_id WHERE {' AND '.join(where)} "
        "ORDER BY a.slug, p.slug"
    )
    return [
        (_Project(pid, slug, name, cur, media, day(start), day(end)), acc)
        for pid, slug, name, cur, media, start, end, acc in rows(session, sql, params)
    ]


def performance(
    session: Db, ref: str | None, start: date, end: date, *, as_of: date | None = None
) -> list[ProjectPerformance]:
    """Per project (an account's, one, or the whole book's) and campaign: figures, targets, pacing.

    ``session`` is a SQLModel session or a sqlite3 connection (:mod:`amtui.store.sql`)."""
    projects = _projects(session, ref)
    if not projects:
        return []
    ids = [p.id for p, _ in projects]
    days = (end - start).days + 1
    window = f"project_id IN ({marks(ids)}) AND metric_date >= ? AND metric_date <= ?"
    wparams = [*ids, start.isoformat(), end.isoformat()]
    per_campaign = {
        (pid, camp): tuple(int(x or 0) for x in rest)
        for pid, camp, *rest in rows(
            session,
            "SELECT project_id, campaign, sum(spend_cents), sum(impressions), sum(clicks), "
            f"sum(conversions_milli), sum(revenue_cents) FROM metric_row WHERE {window} "
            "GROUP BY project_id, campaign",
            wparams,
        )
    }
    sources: dict[tuple[int, str], list[str]] = {}
    for pid, camp, src in rows(
        session,
        f"SELECT DISTINCT project_id, campaign, source FROM metric_row WHERE {window} ORDER BY source",
        wparams,
    ):
        sources.setdefault((pid, camp), []).append(src)
    daily: dict[tuple[int, str], dict[date | None, tuple[int, int]]] = {}
    for pid, camp, d, spend, conv in rows(
        session,
        "SELECT project_id, campaign, metric_date, sum(spend_cents), sum(conversions_milli) "
        f"FROM metric_row WHERE {window} GROUP BY project_id, campaign, metric_date",
        wparams,
    ):
        daily.setdefault((pid, camp), {})[day(d)] = (int(spend or 0), int(conv or 0))
    targets: dict[int, dict[tuple[str, str], int]] = {}
    for pid, camp, metric, value in rows(
        session,
        f"SELECT project_id, campaign, metric, value FROM kpi_target WHERE project_id IN ({marks(ids)})",
        ids,
    ):
        targets.setdefault(pid, {})[(camp, metric)] = value
    span = [start + timedelta(days=i) for i in range(days)]
    out: list[ProjectPerformance] = []
    for p, slug in projects:
        tg = targets.get(p.id, {})
        data_days = len({d for (pid, _), series in daily.items() if pid == p.id for d in series})
        camps: list[CampaignPerformance] = []
        totals = [0, 0, 0, 0, 0]
        names = sorted({c for (pid, c) in per_campaign if pid == p.id} | {c for (c, _) in tg if c})
        for name in names:
            vals = per_campaign.get((p.id, name), (0, 0, 0, 0, 0))
            totals = [a + b for a, b in zip(totals, vals, strict=True)]
            f = figures(*vals)
            series = daily.get((p.id, name), {})
            camps.append(
                CampaignPerformance(
                    campaign=name,
                    sources=sources.get((p.id, name), []),
                    figures=f,
                    checks=[
                        check(m, v, f, data_days, p.currency, has_data=(p.id, name) in per_campaign)
                        for (c, m), v in sorted(tg.items())
                        if c == name
                    ],
                    daily_spend_cents=[series.get(d, (0, 0))[0] for d in span],
                    daily_conversions_milli=[series.get(d, (0, 0))[1] for d in span],
                )
            )
        pf = figures(*totals)
        out.append(
            ProjectPerformance(
                project=f"{slug}/{p.slug}",
                name=p.name,
                currency=p.currency,
                period_from=start,
                period_to=end,
                figures=pf,
                checks=[
                    check(m, v, pf, data_days, p.currency, has_data=data_days > 0)
                    for (c, m), v in sorted(tg.items())
                    if not c
                ],
                campaigns=camps,
                pacing=_pacing(session, p, as_of or end),
                daily_spend_cents=[sum(c.daily_spend_cents[i] for c in camps) for i in range(days)],
                days_with_data=data_days,
            )
        )
    return out


def latest_result_on(session: Db, ref: str | None) -> date | None:
    """The latest day with an imported result for an account, a project or the book (None: nothing yet)."""
    ids = [p.id for p, _ in _projects(session, ref)]
    if not ids:
        return None
    found = rows(session, f"SELECT max(metric_date) FROM metric_row WHERE project_id IN ({marks(ids)})", ids)
    return day(found[0][0]) if found else None


def attainment_by_account(session: Db, start: date, end: date) -> dict[str, tuple[int, int]]:
    """{account slug: (targets met, targets judged)} over a period, for health and Today."""
    result: dict[str, tuple[int, int]] = {}
    for pp in performance(session, None, start, end):
        acc = pp.project.split("/")[0]
        checks = pp.checks + [c for cp in pp.campaigns for c in cp.checks]
        judged = [c for c in checks if c.status != "no-data"]
        met, n = result.get(acc, (0, 0))
        result[acc] = (met + sum(c.status == "met" for c in judged), n + len(judged))
    return result
