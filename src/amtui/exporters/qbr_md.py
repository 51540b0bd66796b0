"""Markdown for the quarterly business review: one section per slide-sized topic, client or internal."""

from __future__ import annotations

from amtui.core.money import format_money
from amtui.exporters.status_report import INTERNAL_BANNER, _cell, _pct, _status
from amtui.services.overview.qbr import QbrReport


def _list(out: list[str], items: list[str], empty: str) -> None:
    out.extend(f"- {_cell(i)}" for i in items) if items else out.append(empty)
    out.append("")


def render_qbr(r: QbrReport) -> str:
    cur = r.billing.currency
    out: list[str] = [f"# {_cell(r.name)} — quarterly business review {r.quarter}", ""]
    add = out.append
    add(f"{r.period_from.isoformat()} to {r.period_to.isoformat()}")
    add("")
    if r.audience == "internal":
        add(INTERNAL_BANNER)
        add("")
    add("## Summary")
    add("")
    _list(out, r.summary, "Nothing recorded this quarter.")
    add("## Results by month")
    add("")
    add("| Month | Media spend | Conversions | CPA | KPI targets met | Days with data |")
    add("| --- | ---: | ---: | ---: | ---: | ---: |")
    for m in r.months:
        cpa = format_money(m.cpa_cents, cur) if m.cpa_cents is not None else "—"
        met = f"{m.targets_met} of {m.targets_judged}" if m.targets_judged else "—"
        add(
            f"| {m.month} | {format_money(m.spend_cents, cur)} | {m.conversions_milli / 1000:,.1f} | {cpa} | "
            f"{met} | {m.data_days} |"
        )
    add("")
    add("## Results against KPIs (the quarter)")
    add("")
    add(_cell(r.status.comparison.text))
    add("")
    for k in r.status.kpis:
        add(
            f"- {_cell(k.campaign or k.project)} {k.metric.upper()}: {_cell(k.actual)} against "
            f"{_cell(k.target)} — {_status(k)}"
        )
    add("")
    add("## Delivered")
    add("")
    _list(out, r.delivered, "No milestones completed this quarter.")
    add("## Change orders approved")
    add("")
    _list(
        out,
        [f"{c.ref} {c.title}: {format_money(c.amount_cents, c.currency)}" for c in r.change_orders],
        "None this quarter.",
    )
    add("## Billing and payments")
    add("")
    b = r.billing
    add(f"- Invoiced in the quarter: {format_money(b.invoiced_cents, cur)} ({b.invoices} invoice(s))")
    add(f"- Paid in the quarter: {format_money(b.paid_cents, cur)}")
    add(f"- Outstanding at the quarter's end: {format_money(b.outstanding_cents, cur)}")
    add("")
    add("## Budget")
    add("")
    for line in r.status.budget:
        extra = ""  # what the client version holds only when the account opened it (--client-sees)
        if line.burn is not None:
            extra += f"; burn {_pct(line.burn)}"
        if line.margin_cents is not None:
            extra += f"; margin {format_money(line.margin_cents, line.currency)}"
        add(
            f"- {_cell(line.name)}: {format_money(line.current_budget_cents, line.currency)}, "
            f"{_pct(line.complete)} complete, {_pct(line.elapsed)} of the schedule{extra}"
        )
    if not r.status.budget:
        add("No active projects.")
    add("")
    add("## Wins")
    add("")
    _list(out, r.wins, "No KPI targets met with results this quarter.")
    add("## Open items")
    add("")
    _list(out, r.open_items, "None.")
    add("## Next quarter")
    add("")
    _list(out, r.next_quarter, "Nothing scheduled yet.")
    if r.audience == "internal" or r.health:
        add("## Health trend" + (" (internal)" if r.audience == "internal" else ""))
        add("")
        _list(out, [f"{d.isoformat()}: {s}" for d, s in r.health], "No health snapshots this quarter.")
    return "\n".join(out)
