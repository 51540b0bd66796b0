"""Markdown for the status report / call agenda: the client version is readable as is by a client and
pasteable into an email; the internal version says so on its first lines and adds the agency's sections."""

from __future__ import annotations

from collections.abc import Callable

from amtui.core.inputs import md_text
from amtui.core.money import format_money
from amtui.services.overview.reports import BudgetLine, KpiLine, StatusReport

STATUS_WORD = {"met": "✅ met", "missed": "❌ missed", "no-data": "— no results imported for this period"}
INTERNAL_BANNER = "> Internal version, for the agency: not for the client (`--for client` writes that one)."


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


def _cell(text: str) -> str:
    """Any text from the book, in a cell, a list item or a heading: :func:`amtui.core.inputs.md_text`."""
    return md_text(text)


def _status(k: KpiLine) -> str:
    word = STATUS_WORD.get(k.status, k.status)
    if k.status == "no-data" and k.latest_on is not None:
        word += f" (latest {k.latest_on.isoformat()})"
    return word


def _money(cents: int | None, currency: str) -> str:
    return "—" if cents is None else format_money(cents, currency)


def render_markdown(r: StatusReport) -> str:
    out: list[str] = []
    add = out.append
    add(f"# {_cell(r.name)} — status {r.period_from.isoformat()} to {r.period_to.isoformat()}")
    add("")
    if r.audience == "internal":
        add(INTERNAL_BANNER)
        add("")
    add("## Headline")
    add("")
    out.extend(f"- {_cell(line)}" for line in r.headline)
    add("")
    add("## Results against KPIs")
    add("")
    add(_cell(r.comparison.text))
    add("")
    if r.kpis:
        add("| Project | Campaign | KPI | Actual | Target | Status |")
        add("| --- | --- | --- | ---: | ---: | --- |")
        for k in r.kpis:
            add(
                f"| {_cell(k.project)} | {_cell(k.campaign or 'all campaigns')} | {k.metric.upper()} | "
                f"{_cell(k.actual)} | {_cell(k.target)} | {_status(k)} |"
            )
    elif r.comparison.data_days:
        add("No KPI targets set.")
    if r.movers:
        add("")
        add("Biggest movers against the previous period (conversions and spend per day with data):")
        add("")
        for m in r.movers:
            add(
                f"- {_cell(m.campaign)} ({_cell(m.project)}): {m.metric.upper()} {m.previous} → {m.current} "
                f"({m.change_pct:+.0%})"
            )
    add("")
    add("## Budget")
    add("")
    if not r.budget:
        add("No active projects.")
    elif r.audience == "internal":
        add("| Project | Status | Budget | Actual | Burn | Schedule | EAC | Variance | Cost | Margin |")
        add("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for b in r.budget:
            var = "—" if b.variance_pct is None else f"{b.variance_pct:+.0%}"
            margin = _money(b.margin_cents, b.currency)
            if b.margin_pct is not None:
                margin += f" ({b.margin_pct:.0%})"
            add(
                f"| {_cell(b.name)} | {b.status} | {format_money(b.current_budget_cents, b.currency)} | "
                f"{_money(b.actual_cents, b.currency)} | {_pct(b.burn)} | {_pct(b.elapsed)} | "
                f"{_money(b.eac_cents, b.currency)} | {var} | {_money(b.cost_cents, b.currency)} | {margin} |"
            )
    else:
        _client_budget(r, add)
    add("")
    add("## Timeline")
    add("")
    if r.timeline:
        out.extend(f"- {_cell(line)}" for line in r.timeline)
    else:
        add("No milestones done, late or due in the next two weeks.")
    add("")
    add("## Change orders awaiting your approval")
    add("")
    if r.change_orders:
        for co in r.change_orders:
            waiting = f", sent {co.sent_on.isoformat()} ({co.days_waiting} days)" if co.sent_on else ""
            add(f"- {co.ref} {_cell(co.title)}: {format_money(co.amount_cents, co.currency)}{waiting}")
    else:
        add("None.")
    add("")
    add("## Decisions needed")
    add("")
    out.extend(f"- {_cell(d)}" for d in r.decisions) if r.decisions else add("None this week.")
    add("")
    add("## Next steps")
    add("")
    out.extend(f"- {_cell(s)}" for s in r.next_steps) if r.next_steps else add("None scheduled.")
    add("")
    if r.audience == "internal":
        _internal_sections(r, add)
    else:
        _opened_sections(r, add)
    return "\n".join(out)


def _client_budget(r: StatusReport, add: Callable[[str], None]) -> None:
    """The client's budget table, with the columns the account lets its client see (``--client-sees``):
    a hidden field is None in every line, so its column is left out."""
    extra: list[tuple[str, Callable[[BudgetLine], str]]] = [
        ("Status", lambda b: b.status or "—"),
        ("Actual", lambda b: _money(b.actual_cents, b.currency)),
        ("Burn", lambda b: _pct(b.burn)),
        ("EAC", lambda b: _money(b.eac_cents, b.currency)),
        ("Cost", lambda b: _money(b.cost_cents, b.currency)),
        ("Margin", lambda b: _money(b.margin_cents, b.currency)),
    ]
    attr = {"Status": "status", "Actual": "actual_cents", "Burn": "burn", "EAC": "eac_cents",
            "Cost": "cost_cents", "Margin": "margin_cents"}  # fmt: skip
    shown = [(h, f) for h, f in extra if any(getattr(b, attr[h]) is not None for b in r.budget)]
    add("| Project | Billing | Budget | Complete | Schedule elapsed |" + "".join(f" {h} |" for h, _ in shown))
    add("| --- | --- | ---: | ---: | ---: |" + " ---: |" * len(shown))
    for b in r.budget:
        add(
            f"| {_cell(b.name)} | {b.billing} | {format_money(b.current_budget_cents, b.currency)} | "
            f"{_pct(b.complete)} | {_pct(b.elapsed)} |" + "".join(f" {f(b)} |" for _, f in shown)
        )


def _opened_sections(r: StatusReport, add: Callable[[str], None]) -> None:
    """In the client version, the agency sections the account opened to its client (``--client-sees``)."""
    for title, items in (("Open escalations", r.escalations), ("Open risks", r.risks)):
        if items:
            add(f"## {title}")
            add("")
            for e in items:
                due = f", due {e.due_on.isoformat()}" if e.due_on else ""
                add(f"- **{e.severity}** {e.summary} — owner {e.owner or 'unassigned'}{due}")
            add("")
    if r.pipeline:
        add("## Opportunities")
        add("")
        for o in r.pipeline:
            add(f"- {o.title}: {format_money(o.value_cents, o.currency)}, {o.stage}")
        add("")
    if r.notes:
        add("## Notes")
        add("")
        for n in r.notes:
            add(f"- {_cell(n)}")
        add("")


def _internal_sections(r: StatusReport, add: Callable[[str], None]) -> None:
    for title, items in (("Open escalations", r.escalations), ("Open risks", r.risks)):
        add(f"## {title} (internal)")
        add("")
        for e in items:
            due = f", due {e.due_on.isoformat()}" + (" (overdue)" if e.overdue else "") if e.due_on else ""
            odds = f", probability {e.probability}/5" if e.kind != "escalation" else ""
            add(
                f"- **{e.severity}** {_cell(e.summary)} — owner {_cell(e.owner or 'unassigned')}, "
                f"open {e.age_days} days{odds}{due}"
            )
            if e.plan:
                add(f"  - Plan: {_cell(e.plan)}")
        if not items:
            add("None.")
        add("")
    add("## Pipeline (internal)")
    add("")
    for o in r.pipeline:
        step = f"; next: {_cell(o.next_step)}" if o.next_step else ""
        step += f" ({o.next_on.isoformat()})" if o.next_on else ""
        add(
            f"- {o.ref} {_cell(o.title)}: {format_money(o.value_cents, o.currency)} at {o.probability}%, "
            f"{o.stage}{step}"
        )
    if not r.pipeline:
        add("No open opportunities.")
    add("")
    add("## Internal notes")
    add("")
    for n in r.notes:
        add(f"- {_cell(n)}")
    if not r.notes:
        add("None in this period.")
    add("")
