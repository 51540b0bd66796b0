"""Campaign performance over a period: sums in SQL, ratios computed from the sums, judged against targets.

A week's CPA is the week's spend over the week's conversions (never an average of daily CPAs). Pacing
compares media spend since the project started with a straight-line plan of its media budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from amtui.models import Account, KpiTarget, MetricRow, Project
from amtui.services.common import get_account, get_project
from amtui.services.metrics import LOWER_IS_BETTER, format_target

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


def check(metric: str, target: int, f: Figures, days: int, currency: str) -> KpiCheck:
    """Judge one figure against its target (conversions targets are per 30 days, scaled to the period)."""
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
    if actual is None:
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


def _pacing(session: Session, p: Project, as_of: date) -> Pacing:
    assert p.id is not None
    spent_q = select(func.coalesce(func.sum(MetricRow.spend_cents), 0)).where(
        MetricRow.project_id == p.id, MetricRow.metric_date <= as_of
    )
    if p.start_on:
        spent_q = spent_q.where(MetricRow.metric_date >= p.start_on)
    spent = int(session.exec(spent_q).one())
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


def _projects(session: Session, ref: str | None) -> list[tuple[Project, str]]:
    q = select(Project, Account.slug).join(Account, col(Project.account_id) == Account.id)
    if ref:
        key = ref.strip().lower()
        if "/" not in key and session.exec(select(Account.id).where(Account.slug == key)).first():
            q = q.where(Project.account_id == get_account(session, key).id)
        else:
            q = q.where(Project.id == get_project(session, ref).id)
    else:
        q = q.where(Project.status != "archived", Account.status != "archived")
    with_data = set(session.exec(select(MetricRow.project_id).distinct())) | set(
        session.exec(select(KpiTarget.project_id).distinct())
    )
    return [
        (p, slug) for p, slug in session.exec(q.order_by(Account.slug, Project.slug)) if p.id in with_data
    ]


def performance(
    session: Session, ref: str | None, start: date, end: date, *, as_of: date | None = None
) -> list[ProjectPerformance]:
    """Per project (an account's, one, or the whole book's) and campaign: figures, targets, pacing."""
    projects = _projects(session, ref)
    if not projects:
        return []
    ids = [p.id for p, _ in projects]
    days = (end - start).days + 1
    window = (
        col(MetricRow.project_id).in_(ids),
        MetricRow.metric_date >= start,
        MetricRow.metric_date <= end,
    )
    sums = (
        func.sum(MetricRow.spend_cents),
        func.sum(MetricRow.impressions),
        func.sum(MetricRow.clicks),
        func.sum(MetricRow.conversions_milli),
        func.sum(MetricRow.revenue_cents),
    )
    per_campaign = {
        (pid, camp): tuple(int(x or 0) for x in rest)
        for pid, camp, *rest in session.exec(
            select(MetricRow.project_id, MetricRow.campaign, *sums)  # type: ignore[call-overload]
            .where(*window)
            .group_by(col(MetricRow.project_id), col(MetricRow.campaign))
        )
    }
    sources: dict[tuple[int, str], list[str]] = {}
    for pid, camp, src in session.exec(
        select(MetricRow.project_id, MetricRow.campaign, MetricRow.source)
        .where(*window)
        .distinct()
        .order_by(MetricRow.source)
    ):
        sources.setdefault((pid, camp), []).append(src)
    daily: dict[tuple[int, str], dict[date, tuple[int, int]]] = {}
    for pid, camp, d, spend, conv in session.exec(
        select(  # type: ignore[call-overload]
            MetricRow.project_id,
            MetricRow.campaign,
            MetricRow.metric_date,
            func.sum(MetricRow.spend_cents),
            func.sum(MetricRow.conversions_milli),
        )
        .where(*window)
        .group_by(col(MetricRow.project_id), col(MetricRow.campaign), col(MetricRow.metric_date))
    ):
        daily.setdefault((pid, camp), {})[d] = (int(spend or 0), int(conv or 0))
    targets: dict[int, dict[tuple[str, str], int]] = {}
    for t in session.exec(select(KpiTarget).where(col(KpiTarget.project_id).in_(ids))):
        targets.setdefault(t.project_id, {})[(t.campaign, t.metric)] = t.value
    span = [start + timedelta(days=i) for i in range(days)]
    out: list[ProjectPerformance] = []
    for p, slug in projects:
        assert p.id is not None
        tg = targets.get(p.id, {})
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
                        check(m, v, f, days, p.currency) for (c, m), v in sorted(tg.items()) if c == name
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
                checks=[check(m, v, pf, days, p.currency) for (c, m), v in sorted(tg.items()) if not c],
                campaigns=camps,
                pacing=_pacing(session, p, as_of or end),
                daily_spend_cents=[sum(c.daily_spend_cents[i] for c in camps) for i in range(days)],
            )
        )
    return out


def attainment_by_account(session: Session, start: date, end: date) -> dict[str, tuple[int, int]]:
    """{account slug: (targets met, targets judged)} over a period, for health and Today."""
    result: dict[str, tuple[int, int]] = {}
    for pp in performance(session, None, start, end):
        acc = pp.project.split("/")[0]
        checks = pp.checks + [c for cp in pp.campaigns for c in cp.checks]
        judged = [c for c in checks if c.status != "no-data"]
        met, n = result.get(acc, (0, 0))
        result[acc] = (met + sum(c.status == "met" for c in judged), n + len(judged))
    return result
