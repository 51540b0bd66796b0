"""The reports' charts as data: which charts, their labels and series, from the report itself.

One truth for what the charts show: the HTML page draws these with pygal (:mod:`amtui.exporters.svg_charts`)
and the TUI's report screen with plotext (``amtui.tui.widgets.report_chart``), both from the report a
service built for its audience — no chart runs a query of its own, so the client version's charts hold only
what the client version holds (the burn is the agency's, and in the report only when the audience may see it).
Values are floats for drawing only: money stays in cents and is formatted by :func:`label`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from amtui.core.money import format_money
from amtui.services.overview.qbr import QbrReport
from amtui.services.overview.report_model import BudgetLine, KpiLine, StatusReport

DAILY_UP_TO = 31  # a longer period is charted by week


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]  # one per label; None: unknown (after the latest import), not zero
    kind: str = "bar"  # bar | line


@dataclass(frozen=True)
class Chart:
    key: str  # spend | conversions | kpi | progress | burn | months-spend | months-conversions | health
    title: str
    labels: list[str]
    series: list[Series]
    unit: str = "count"  # money (cents) | pct | count
    currency: str = ""
    reference: tuple[str, float] | None = None  # a horizontal line, e.g. ("target", 100.0)
    notes: list[str] = field(default_factory=list)


def label(chart: Chart, value: float) -> str:
    """A value as the chart's axis and tooltips show it."""
    if chart.unit == "money":
        return format_money(round(value), chart.currency)
    if chart.unit == "pct":
        return f"{value:.0f}%"
    return f"{value:,.1f}" if value % 1 else f"{value:,.0f}"


def _buckets(r: StatusReport) -> tuple[list[str], list[list[int]], str]:
    """Day indexes of the period grouped by day (up to a month) or by week from its first day."""
    days = len(r.daily_spend_cents)
    step = 1 if days <= DAILY_UP_TO else 7
    groups = [list(range(i, min(i + step, days))) for i in range(0, days, step)]
    names = [(r.period_from + timedelta(days=g[0])).strftime("%m-%d") for g in groups]
    return names, groups, "day" if step == 1 else "week"


def _known(r: StatusReport, group: list[int]) -> bool:
    """Whether any day of ``group`` is on or before the latest import (after it, results are unknown)."""
    latest = r.comparison.latest_on
    return latest is not None and r.period_from + timedelta(days=group[0]) <= latest


def spend_chart(r: StatusReport) -> list[Chart]:
    """Media spend by day (or week) against the media plan where one exists — the spend of the projects
    with a plan, when not all have one — and conversions the same way."""
    if not any(r.daily_spend_cents) and not any(r.daily_plan_cents):
        return []
    names, groups, per = _buckets(r)
    planned = any(r.daily_plan_cents)
    partial = planned and r.planned_projects < r.projects
    daily = r.daily_planned_spend_cents if partial else r.daily_spend_cents
    spend: list[float | None] = [float(sum(daily[i] for i in g)) if _known(r, g) else None for g in groups]
    series = [Series("spend", spend)]
    notes = []
    if planned:
        plan: list[float | None] = [float(sum(r.daily_plan_cents[i] for i in g)) for g in groups]
        series.append(Series("media plan", plan, "line"))
        if partial:
            notes.append(f"the {r.planned_projects} of {r.projects} projects with a plan")
    title = f"Media spend by {per}" + (" against the media plan" if planned else "")
    charts = [Chart("spend", title, names, series, "money", r.currency, notes=notes)]
    if any(r.daily_conversions_milli):
        conv: list[float | None] = [
            sum(r.daily_conversions_milli[i] for i in g) / 1000 if _known(r, g) else None for g in groups
        ]
        charts.append(
            Chart("conversions", f"Conversions by {per}", names, [Series("conversions", conv, "line")])
        )
    return charts


def kpi_chart(kpis: list[KpiLine]) -> list[Chart]:
    """Attainment of each judged KPI target (100% = met; capped at 300% so one outlier keeps the scale)."""
    judged = [k for k in kpis if k.attainment is not None]
    if not judged:
        return []
    names = [f"{k.campaign or k.project.split('/')[-1]} {k.metric.upper()}" for k in judged]
    values: list[float | None] = [min(k.attainment or 0.0, 3.0) * 100 for k in judged]
    return [
        Chart(
            "kpi",
            "KPI attainment (100% = target met)",
            names,
            [Series("attainment", values)],
            "pct",
            reference=("target", 100.0),
        )
    ]


def _pcts(budget: list[BudgetLine], attr: str) -> list[float | None]:
    return [None if getattr(b, attr) is None else getattr(b, attr) * 100 for b in budget]


def budget_charts(budget: list[BudgetLine]) -> list[Chart]:
    """% complete against % of the schedule elapsed per project; the burn (budget used against the schedule)
    as its own chart, only when the report carries it (internal, or a client the account lets see it)."""
    if not budget:
        return []
    names = [b.name for b in budget]
    charts = [
        Chart(
            "progress",
            "Budget: progress against the schedule",
            names,
            [
                Series("complete", _pcts(budget, "complete")),
                Series("schedule elapsed", _pcts(budget, "elapsed")),
            ],
            "pct",
        )
    ]
    if any(b.burn is not None for b in budget):
        charts.append(
            Chart(
                "burn",
                "Budget burn against the schedule",
                names,
                [
                    Series("budget burned", _pcts(budget, "burn")),
                    Series("schedule elapsed", _pcts(budget, "elapsed")),
                ],
                "pct",
                reference=("budget", 100.0),
            )
        )
    return charts


def status_charts(r: StatusReport) -> dict[str, list[Chart]]:
    """The status report's charts by the section heading they follow."""
    return {"Results against KPIs": spend_chart(r) + kpi_chart(r.kpis), "Budget": budget_charts(r.budget)}


def _by_month(r: QbrReport, daily: list[int]) -> list[float | None]:
    """A day-by-day series of the quarter's status report summed by the QBR's months."""
    st = r.status
    by_month: dict[str, int] = {}
    for i, cents in enumerate(daily):
        month = (st.period_from + timedelta(days=i)).strftime("%Y-%m")
        by_month[month] = by_month.get(month, 0) + cents
    return [float(by_month.get(m.month, 0)) for m in r.months]


def qbr_charts(r: QbrReport) -> dict[str, list[Chart]]:
    """The QBR's charts by the section heading they follow."""
    cur = r.billing.currency
    months = [m.month for m in r.months]
    trend: list[Chart] = []
    st = r.status
    if any(m.spend_cents for m in r.months) or any(st.daily_plan_cents):
        planned = any(st.daily_plan_cents)
        partial = planned and st.planned_projects < st.projects
        spend: list[float | None] = (
            _by_month(r, st.daily_planned_spend_cents)
            if partial
            else [float(m.spend_cents) for m in r.months]
        )
        series = [Series("spend", spend)]
        if planned:
            series.append(Series("media plan", _by_month(r, st.daily_plan_cents), "line"))
        notes = [f"the {st.planned_projects} of {st.projects} projects with a plan"] if partial else []
        title = "Media spend by month" + (" against the media plan" if planned else "")
        trend.append(Chart("months-spend", title, months, series, "money", cur, notes=notes))
    if any(m.conversions_milli for m in r.months):
        conv: list[float | None] = [m.conversions_milli / 1000 for m in r.months]
        trend.append(
            Chart("months-conversions", "Conversions by month", months, [Series("conversions", conv, "line")])
        )
    charts = {
        "Results by month": trend,
        "Results against KPIs (the quarter)": kpi_chart(r.status.kpis),
        "Budget": budget_charts(r.status.budget),
    }
    if r.health:
        heading = "Health trend (internal)" if r.audience == "internal" else "Health trend"
        scores: list[float | None] = [float(s) for _, s in r.health]
        charts[heading] = [
            Chart(
                "health",
                "Health score",
                [d.isoformat() for d, _ in r.health],
                [Series("score", scores, "line")],
            )
        ]
    return charts
