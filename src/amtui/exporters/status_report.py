"""Markdown for the status report / call agenda: readable as is by a client, pasteable into an email."""

from __future__ import annotations

from amtui.core.money import format_money
from amtui.services.overview.reports import StatusReport

STATUS_WORD = {"met": "✅ met", "missed": "❌ missed", "no-data": "— no data"}


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(r: StatusReport) -> str:
    out: list[str] = []
    add = out.append
    add(f"# {r.name} — status {r.period_from.isoformat()} to {r.period_to.isoformat()}")
    add("")
    add("## Headline")
    add("")
    out.extend(f"- {line}" for line in r.headline)
    add("")
    add("## Results against KPIs")
    add("")
    if r.kpis:
        add("| Project | Campaign | KPI | Actual | Target | Status |")
        add("| --- | --- | --- | ---: | ---: | --- |")
        for k in r.kpis:
            add(
                f"| {_cell(k.project)} | {_cell(k.campaign or 'all campaigns')} | {k.metric.upper()} | "
                f"{_cell(k.actual)} | {_cell(k.target)} | {STATUS_WORD.get(k.status, k.status)} |"
            )
    else:
        add("No KPI targets with results in this period.")
    if r.movers:
        add("")
        add("Biggest movers against the previous period:")
        add("")
        for m in r.movers:
            add(
                f"- {m.campaign} ({m.project}): {m.metric.upper()} {m.previous} → {m.current} "
                f"({m.change_pct:+.0%})"
            )
    add("")
    add("## Budget")
    add("")
    if r.budget:
        add("| Project | Status | Budget | Actual | Burn | Schedule | EAC | Variance |")
        add("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for b in r.budget:
            eac = format_money(b.eac_cents, b.currency) if b.eac_cents is not None else "—"
            var = "—" if b.variance_pct is None else f"{b.variance_pct:+.0%}"
            add(
                f"| {_cell(b.name)} | {b.status} | {format_money(b.current_budget_cents, b.currency)} | "
                f"{format_money(b.actual_cents, b.currency)} | {_pct(b.burn)} | {_pct(b.elapsed)} | "
                f"{eac} | {var} |"
            )
    else:
        add("No active projects.")
    add("")
    add("## Timeline")
    add("")
    if r.timeline:
        out.extend(f"- {line}" for line in r.timeline)
    else:
        add("No milestones done, late or due in the next two weeks.")
    add("")
    add("## Change orders awaiting your approval")
    add("")
    if r.change_orders:
        for co in r.change_orders:
            waiting = f", sent {co.sent_on.isoformat()} ({co.days_waiting} days)" if co.sent_on else ""
            add(f"- {co.ref} {co.title}: {format_money(co.amount_cents, co.currency)}{waiting}")
    else:
        add("None.")
    add("")
    add("## Open escalations")
    add("")
    if r.escalations:
        for e in r.escalations:
            due = f", due {e.due_on.isoformat()}" + (" (overdue)" if e.overdue else "") if e.due_on else ""
            add(
                f"- **{e.severity}** {e.summary} — owner {e.owner or 'unassigned'}, "
                f"open {e.age_days} days{due}"
            )
            if e.plan:
                add(f"  - Plan: {e.plan}")
    else:
        add("None.")
    add("")
    add("## Decisions needed")
    add("")
    out.extend(f"- {d}" for d in r.decisions) if r.decisions else add("None this week.")
    add("")
    add("## Next steps")
    add("")
    out.extend(f"- {s}" for s in r.next_steps) if r.next_steps else add("None scheduled.")
    add("")
    return "\n".join(out)
