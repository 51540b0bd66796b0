"""Demo step: campaign results and targets, the growth pipeline, escalations and a health history.

The story (see A-WEEK-WITH-AMTUI.md): Helios search misses its CPA target ($52 against $45) and overspends
its media plan; Northwind's retargeting campaign beats its ROAS target; Quokka's trials beat their
conversions target. Figures are deterministic (no randomness), dated relative to ``ctx.today``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from amtui.importers.metrics import CanonicalRow, ParsedReport
from amtui.services.clients import escalations
from amtui.services.growth import metrics, pipeline
from amtui.services.overview import health
from amtui.store.models import Project
from amtui.store.uow import UnitOfWork

if TYPE_CHECKING:
    from amtui.demo import DemoContext

DAYS = 60
# Day-to-day volume (hundredths): spend and conversions move together, so each campaign's CPA is steady.
WAVE = [100, 92, 108, 115, 97, 84, 104, 111, 95, 89, 106, 118, 102, 93]

# project, source, campaign, spend/day (cents), impressions/day, clicks/day, conv/day (milli), revenue/day
CAMPAIGNS: list[tuple[str, str, str, int, int, int, int, int]] = [
    # Helios search: $300 for 10 (CPA $30) + $740 for 10 (CPA $74) → $52 CPA for the project.
    ("helios/always-on-search", "google-ads", "Search - Brand", 300_00, 9_000, 700, 10_000, 0),
    ("helios/always-on-search", "google-ads", "Search - Generic", 740_00, 26_000, 900, 10_000, 0),
    ("helios/social-retainer", "meta", "Paid Social - Awareness", 250_00, 60_000, 420, 2_000, 0),
    # Northwind: retargeting returns 5.1x (target 4x), prospecting 3.2x.
    ("northwind/spring-launch", "meta", "Spring Launch - Retargeting", 300_00, 30_000, 420, 15_000, 1_530_00),
    ("northwind/spring-launch", "meta", "Spring Launch - Prospecting", 600_00, 80_000, 700, 20_000, 1_920_00),
    ("quokka/demand-gen", "google-ads", "Demand Gen - Trials", 420_00, 15_000, 600, 12_000, 0),
    ("quokka/demand-gen", "microsoft-ads", "Bing - Trials", 80_00, 3_000, 90, 1_500, 0),
]

# project, campaign ('' for the project), {metric: value}
TARGETS: list[tuple[str, str, dict[str, int]]] = [
    ("helios/always-on-search", "", {"cpa": 45_00, "ctr": 350}),
    ("helios/always-on-search", "Search - Brand", {"cpa": 35_00}),
    ("northwind/spring-launch", "", {"ctr": 80}),
    ("northwind/spring-launch", "Spring Launch - Retargeting", {"roas": 4_000}),
    ("quokka/demand-gen", "Demand Gen - Trials", {"conversions": 300_000, "cpa": 45_00}),
]

MEDIA_BUDGETS = {
    "helios/always-on-search": 110_000_00,  # spend runs ~13% ahead of the straight-line plan
    "northwind/spring-launch": 105_000_00,
    "quokka/demand-gen": 40_000_00,
}

# account, title, type, value, probability, stage, next step, next in days
OPPORTUNITIES = [
    ("helios", "Spanish-language search variants", "expanded-scope", 24_000_00, 60, "proposal",
     "Send proposal after the CPA fix", 3),
    ("helios", "CTV retargeting add-on", "new-channel", 40_000_00, 30, "qualified", "Scope with Raj", 10),
    ("northwind", "Summer retail media", "additional-service", 18_000_00, 40, "qualified",
     "Intro call with Sam Patel", -2),
    ("quokka", "EMEA market launch", "new-brand-or-market", 90_000_00, 20, "identified", None, None),
    ("bramble", "Shopper marketing retainer", "additional-service", 36_000_00, 50, "negotiation",
     "Redline the SOW", 5),
]  # fmt: skip

# account, summary, severity, owner, opened days ago, due in days, plan
ESCALATIONS = [
    ("helios", "CFO wants search CPA under $48 before any new spend", "high", "Maya", 9, 5,
     "Pause broad match, move budget to exact match, weekly CPA readout"),
    ("northwind", "Spring Launch banners went live with the old logo", "medium", "Chris (creative)", 12, -2,
     "Swap assets on all placements; add a brand check to the trafficking list"),
]  # fmt: skip

# account, summary, severity, probability, opened days ago. Not a fact health derives itself (northwind's
# missing primary contact is the primary-contact factor): one cause, one penalty.
RISKS = [
    ("quokka", "New CMO is reviewing agencies before the renewal", "critical", 3, 6),
    ("northwind", "Northwind is weighing an in-house social team for 2027", "high", 4, 30),
]

# account: weekly scores, oldest first (8 weeks up to last week)
HEALTH_HISTORY = {
    "helios": [84, 83, 80, 78, 75, 72, 70, 66],
    "northwind": [88, 87, 86, 84, 82, 80, 79, 78],
    "quokka": [90, 90, 89, 88, 88, 86, 85, 84],
    "bramble": [86, 85, 83, 82, 80, 78, 75, 73],
}


def _rows(today: date, spend: int, impr: int, clicks: int, conv: int, revenue: int, campaign: str) -> list:
    out = []
    for i in range(DAYS):
        day = today - timedelta(days=DAYS - i)
        w = WAVE[i % len(WAVE)]
        out.append(
            CanonicalRow(
                metric_date=day,
                campaign=campaign,
                spend_cents=spend * w // 100,
                impressions=impr * w // 100,
                clicks=clicks * w // 100,
                conversions_milli=conv * w // 100,
                revenue_cents=revenue * w // 100,
            )
        )
    return out


def build(uow: UnitOfWork, ctx: DemoContext) -> dict[str, int]:
    today = ctx.today
    s = uow.session
    for ref, budget in MEDIA_BUDGETS.items():
        p = s.get(Project, ctx.projects[ref])
        assert p is not None
        p.media_budget_cents = budget
        s.add(p)
    s.flush()
    rows = 0
    by_import: dict[tuple[str, str], list[CanonicalRow]] = {}
    for ref, source, campaign, spend, impr, clicks, conv, revenue in CAMPAIGNS:
        by_import.setdefault((ref, source), []).extend(
            _rows(today, spend, impr, clicks, conv, revenue, campaign)
        )
    for (ref, source), day_rows in by_import.items():
        report = ParsedReport(source=source, rows=day_rows, currency="USD")
        rows += metrics.import_metrics(uow, report, project=ref, import_key=f"demo-{source}").rows
    for ref, campaign, targets in TARGETS:
        metrics.set_targets(uow, ref, targets, campaign=campaign or None)
    for acc, title, kind, value, prob, stage, step, nxt in OPPORTUNITIES:
        pipeline.add_opportunity(
            uow,
            acc,
            title,
            value_cents=value,
            probability=prob,
            kind=kind,
            stage=stage,
            next_step=step,
            next_on=today + timedelta(days=nxt) if nxt is not None else None,
            today=today - timedelta(days=20),
        )
    won = pipeline.add_opportunity(
        uow, "quokka", "LinkedIn ABM pilot", value_cents=25_000_00, probability=50, kind="new-channel",
        today=today - timedelta(days=40),
    )  # fmt: skip
    pipeline.win_opportunity(uow, won.id, on=today - timedelta(days=21))
    lost = pipeline.add_opportunity(
        uow, "bramble", "Influencer program", value_cents=15_000_00, probability=30, kind="new-channel",
        today=today - timedelta(days=50),
    )  # fmt: skip
    pipeline.lose_opportunity(
        uow, lost.id, reason="went to an influencer specialist", on=today - timedelta(days=30)
    )
    for acc, summary, severity, owner, ago, due, plan in ESCALATIONS:
        opened = today - timedelta(days=ago)
        escalations.add_escalation(
            uow, acc, summary, severity=severity, owner=owner, due_on=today + timedelta(days=due),
            plan=plan, today=opened,
        )  # fmt: skip
    done = escalations.add_escalation(
        uow, "bramble", "Retailer co-op invoice sent to the wrong entity", severity="low",
        owner="Maya", today=today - timedelta(days=25),
    )  # fmt: skip
    escalations.resolve_escalation(
        uow, done.id, "Reissued to Bramble Foods Retail LLC; AP confirmed", on=today - timedelta(days=22)
    )
    for acc, summary, severity, prob, ago in RISKS:
        opened = today - timedelta(days=ago)
        escalations.add_escalation(
            uow, acc, summary, severity=severity, kind="risk", probability=prob, today=opened
        )
    snaps = 0
    for acc, scores in HEALTH_HISTORY.items():
        points = [(today - timedelta(days=7 * (len(scores) - i))) for i in range(len(scores))]
        snaps += health.record_history(uow, acc, list(zip(points, scores, strict=True)))
    snaps += len(health.snapshot(uow, today))
    return {
        "metric_rows": rows,
        "kpi_targets": sum(len(t) for _, _, t in TARGETS),
        "opportunities": len(OPPORTUNITIES) + 2,
        "escalations": len(ESCALATIONS) + 1 + len(RISKS),
        "health_snapshots": snaps,
    }
