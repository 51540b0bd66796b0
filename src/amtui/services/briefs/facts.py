"""Facts a new brief takes from other capabilities: KPI targets (growth) and milestones (timeline).

Kept apart from :mod:`amtui.services.briefs.prefill` so that module stays about the brief; it registers
:func:`kpi_target_lines` through its own ``register_prefill`` hook and asks :func:`timeline_lines` for the
timeline section.
"""

from __future__ import annotations

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from amtui.core.inputs import md_text
from amtui.store.models import KpiTarget, Milestone, Project

_KPI_NAMES = {
    "cpa": "CPA",
    "cpc": "CPC",
    "cpm": "CPM",
    "ctr": "CTR",
    "roas": "ROAS",
    "conversions": "Conversions",
}


def kpi_target_lines(session: Session, project: Project) -> dict[str, list[str]]:
    """The project's KPI targets as Markdown bullets: ``- CPA ≤ $45.00`` (campaign targets named)."""
    from amtui.services.growth.metrics import LOWER_IS_BETTER, format_target

    rows = session.execute(
        sa_select(col(KpiTarget.campaign), col(KpiTarget.metric), col(KpiTarget.value))
        .where(col(KpiTarget.project_id) == project.id)
        .order_by(col(KpiTarget.campaign), col(KpiTarget.metric))
    )
    lines = []
    for campaign, metric, value in rows:
        sign = "≤" if metric in LOWER_IS_BETTER else "≥"
        where = f" ({md_text(campaign)})" if campaign else ""
        goal = format_target(metric, value, project.currency)
        lines.append(f"- {_KPI_NAMES.get(metric, metric)} {sign} {goal}{where}")
    return {"kpis": lines} if lines else {}


def timeline_lines(session: Session, project: Project) -> list[str]:
    """Start, each milestone with its due date, end, and the in-market date: the latest milestone's due date
    (the launch is the last thing planned), else the project's end, else TBC."""
    milestones = list(
        session.execute(
            sa_select(col(Milestone.name), col(Milestone.due_on), col(Milestone.status))
            .where(col(Milestone.project_id) == project.id)
            .order_by(col(Milestone.due_on), col(Milestone.id))
        )
    )
    lines = [f"- **Project start:** {_d(project.start_on)}"]
    lines += [
        f"- {md_text(name)}: due {due.isoformat()}" + (" (done)" if st == "done" else "")
        for name, due, st in milestones
    ]
    lines.append(f"- **Project end:** {_d(project.end_on)}")
    in_market = milestones[-1][1] if milestones else project.end_on
    lines.append(f"- **In-market date:** {_d(in_market)}")
    return lines


def _d(d: object) -> str:
    return d.isoformat() if d is not None else "TBC"  # type: ignore[attr-defined]
