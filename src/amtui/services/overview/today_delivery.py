"""More Today providers: late milestones, escalations that need a push, KPIs missed this week, and
opportunities whose next step is overdue.

They live apart from :mod:`amtui.services.overview.today` because each leans on another capability's service
(timeline alerts, escalations, performance); Today imports this module through ``PROVIDER_MODULES``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from amtui.services.overview.today import AttentionItem, TodayContext, provider
from amtui.store.sql import Db

#: Days of campaign results a KPI miss is judged on.
KPI_WINDOW_DAYS = 7


@provider
def milestones(db: Db, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Overdue, due-soon-not-started, blocked by a late dependency, or with the client too long.

    One line per milestone: its worst alert is the title, the others go in the detail.
    """
    from amtui.services.timeline.alerts import timeline_alerts

    by_milestone: dict[int, list] = {}
    for alert in timeline_alerts(db, today=ctx.today):  # late first, then the worst first
        by_milestone.setdefault(alert.milestone_id, []).append(alert)
    for alerts in by_milestone.values():
        worst = alerts[0]
        more = "; ".join(a.message.removeprefix(f"{a.label} ") for a in alerts[1:])
        detail = f"{worst.project}, due {worst.due_on.isoformat()}" + (f"; {more}" if more else "")
        yield AttentionItem(
            "high" if worst.severity == "late" else "medium",
            f"milestone-{worst.kind}",
            worst.account,
            worst.label,
            worst.message,
            detail,
            "timeline",
            worst.label,
            rank=-worst.days,
        )


@provider
def plan_edges(db: Db, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Open milestones past the plan's edges: due after their project's end, or too late for a fixed date."""
    from amtui.services.timeline.edges import plan_edges as edges

    for e in edges(db):
        yield AttentionItem(
            "high" if e.kind == "fixed" else "medium",
            f"milestone-{e.kind}",
            e.account,
            e.label,
            e.message,
            f"{e.project}, due {e.due_on.isoformat()}",
            "timeline",
            e.label,
            rank=-(e.due_on - e.limit).days,
        )


@provider
def escalations(db: Db, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Open escalations and risks that are past their due date or rated high/critical."""
    from amtui.services.clients.escalations import list_escalations

    for e in list_escalations(db, open_only=True, today=ctx.today):
        if not (e.overdue or e.severity in ("high", "critical")):
            continue
        severity = "critical" if e.severity == "critical" else "high"
        when = f"{e.days_overdue} days overdue" if e.overdue else f"open {e.age_days} days"
        owner = f"owner {e.owner}" if e.owner else "no owner"
        yield AttentionItem(
            severity,
            e.kind,
            e.account,
            e.ref,
            f"{e.ref} {e.summary}",
            f"{e.severity} {e.kind}, {when}, {owner}",
            "escalations",
            e.ref,
            rank=-max(e.days_overdue, e.age_days),
        )


@provider
def kpi_misses(db: Db, ctx: TodayContext) -> Iterable[AttentionItem]:
    """KPI targets missed over the last :data:`KPI_WINDOW_DAYS` days, per project or campaign."""
    from amtui.services.growth.performance import performance

    start = ctx.today - timedelta(days=KPI_WINDOW_DAYS - 1)
    for pp in performance(db, None, start, ctx.today):
        account = pp.project.split("/")[0]
        scoped = [(pp.project, c) for c in pp.checks]
        scoped += [(f"{pp.project} · {cp.campaign}", c) for cp in pp.campaigns for c in cp.checks]
        for where, c in scoped:
            if c.status != "missed":
                continue
            yield AttentionItem(
                "medium",
                "kpi-miss",
                account,
                pp.project,
                f"{c.metric.upper()} target missed on {where}",
                f"{c.actual_display} against {c.target_display} over the last {KPI_WINDOW_DAYS} days",
                "performance",
                pp.project,
                rank=int((c.attainment or 0) * 1000),
            )


@provider
def overdue_next_steps(db: Db, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Open opportunities whose next step date has passed."""
    from amtui.services.growth.pipeline import pipeline

    for o in pipeline(db).opportunities:
        if o.next_on is None or o.next_on >= ctx.today:
            continue
        days = (ctx.today - o.next_on).days
        yield AttentionItem(
            "low",
            "opportunity",
            o.account,
            o.ref,
            f"{o.ref} {o.title}: next step {days} days overdue",
            f"{o.next_step or 'next step'} (was due {o.next_on.isoformat()})",
            "pipeline",
            o.ref,
            rank=-days,
        )
