"""Today's growth worries: open escalations (overdue ones raised a level), KPI targets missed last week,
and opportunities whose next step is overdue.

Not registered on import: Today's own tests pin the demo's exact lines, so wiring these in is one call of
:func:`register` (or adding this module to ``today.PROVIDER_MODULES`` and calling it there) together with
updating those expectations.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlmodel import Session

from amtui.services.today import AttentionItem, TodayContext, provider

#: Escalation severity → Today severity (an overdue one is one step more urgent).
_ESC = {"critical": "critical", "high": "high", "medium": "medium", "low": "low"}
_UP = {"critical": "critical", "high": "critical", "medium": "high", "low": "medium"}


def open_escalations(session: Session, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Every open escalation (not risks: the register is for planning), overdue ones raised a level."""
    from amtui.services.escalations import list_escalations

    for e in list_escalations(session, open_only=True, kind="escalation", today=ctx.today):
        late = f"; {e.days_overdue} days overdue" if e.overdue else ""
        yield AttentionItem(
            _UP[e.severity] if e.overdue else _ESC[e.severity],
            "escalation",
            e.account,
            e.ref,
            f"{e.ref} {e.summary}",
            f"{e.severity}, open {e.age_days} days, owner {e.owner or 'unassigned'}{late}",
            "escalations",
            e.ref,
            rank=-(e.days_overdue * 100 + e.age_days),
        )


def kpi_misses(session: Session, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Targets missed over the last 7 days, by project and campaign."""
    from amtui.services.performance import performance

    for p in performance(session, None, ctx.today - timedelta(days=6), ctx.today):
        checks = [(None, k) for k in p.checks] + [(c.campaign, k) for c in p.campaigns for k in c.checks]
        for campaign, k in checks:
            if k.status != "missed":
                continue
            where = f"{p.project} · {campaign}" if campaign else p.project
            yield AttentionItem(
                "medium",
                "kpi-miss",
                p.project.split("/")[0],
                p.project,
                f"{where}: {k.metric.upper()} {k.actual_display.split(' (')[0]} vs {k.target_display} target",
                "missed over the last 7 days",
                "performance",
                p.project,
                rank=-round((1 - (k.attainment or 0)) * 1000),
            )


def overdue_next_steps(session: Session, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Open opportunities whose next step date has passed."""
    from amtui.services.pipeline import pipeline

    for o in pipeline(session).opportunities:
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


GROWTH_PROVIDERS = (open_escalations, kpi_misses, overdue_next_steps)


def register() -> None:
    """Add the growth providers to Today (idempotent)."""
    for fn in GROWTH_PROVIDERS:
        provider(fn)
