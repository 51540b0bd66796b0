"""The status report / reporting-call agenda for one account, in two versions: for the client and internal.

Sections: headline, results against KPIs with the biggest movers (this period against the one before, per
day with data), budget, timeline, change orders awaiting the client, decisions needed, next steps; and, in
the internal version only, open escalations and risks, the pipeline, internal notes and the agency's
actuals, burn, cost and margin. The report is gathered once with everything, then
:func:`amtui.services.overview.audience.for_audience` (the one rule) empties what the audience may not see,
and only then are the headline, decisions and next steps derived — from what that version contains.

Each section is data (small dataclasses); :mod:`amtui.exporters.status_report` renders Markdown. Every read
is SQL text (:mod:`amtui.store.sql`), so the TUI passes its session and ``amtui report status`` a plain
sqlite3 connection, without loading SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from amtui.services.base.refs import account_id
from amtui.services.clients.escalations import list_escalations
from amtui.services.growth.performance import ProjectPerformance, performance
from amtui.services.growth.plan_days import plan_by_day
from amtui.services.overview.audience import INTERNAL, check_audience, for_audience, stored_client_sees
from amtui.services.overview.report_model import (
    BudgetLine,
    Comparison,
    KpiLine,
    Mover,
    StatusReport,
    WaitingChangeOrder,
)
from amtui.store.sql import Db, day, marks, rows

__all__ = [
    "BudgetLine",
    "Comparison",
    "KpiLine",
    "Mover",
    "StatusReport",
    "WaitingChangeOrder",
    "status_report",
]

NEXT_STEP_DAYS = 14
DECISION_STAGES = ("proposal", "negotiation")


@dataclass(frozen=True)
class _Account:
    id: int
    slug: str
    name: str
    currency: str
    renewal_on: date | None
    notes: str | None
    client_sees: frozenset[str]


def _latest(session: Db, project_ids: list[int]) -> dict[int, date]:
    """Each project's latest imported result (any date)."""
    if not project_ids:
        return {}
    found = rows(
        session,
        f"SELECT project_id, max(metric_date) FROM metric_row WHERE project_id IN ({marks(project_ids)}) "
        "GROUP BY project_id",
        project_ids,
    )
    return {pid: d for pid, raw in found if (d := day(raw)) is not None}


def _project_ids(session: Db, account: int) -> dict[str, int]:
    found = rows(
        session,
        "SELECT a.slug || '/' || p.slug, p.id FROM project p JOIN account a ON a.id = p.account_id "
        "WHERE p.account_id = ?",
        (account,),
    )
    return {ref: pid for ref, pid in found}


def _kpis(perf: list[ProjectPerformance], latest: dict[str, date]) -> list[KpiLine]:
    out = []
    for p in perf:
        last = latest.get(p.project)
        for k in p.checks:
            out.append(
                KpiLine(
                    p.project,
                    None,
                    k.metric,
                    k.actual_display,
                    k.target_display,
                    k.status,
                    last,
                    k.attainment,
                )
            )
        for c in p.campaigns:
            for k in c.checks:
                out.append(
                    KpiLine(
                        p.project,
                        c.campaign,
                        k.metric,
                        k.actual_display,
                        k.target_display,
                        k.status,
                        last,
                        k.attainment,
                    )  # fmt: skip
                )
    return out


def _per_day(total: int, days: int) -> float:
    return total / days if days else 0.0


def _movers(now: list[ProjectPerformance], before: list[ProjectPerformance], limit: int = 3) -> list[Mover]:
    """Campaigns that moved most, like for like: conversions and spend per day with data (a week with six
    days imported is not a drop against one with seven), CPA as the ratio it is."""
    from amtui.core.money import format_money

    prev = {p.project: p for p in before}
    found: list[Mover] = []
    for p in now:
        old_p = prev.get(p.project)
        if old_p is None or not p.days_with_data or not old_p.days_with_data:
            continue
        old_c = {c.campaign: c.figures for c in old_p.campaigns}
        d_now, d_old = p.days_with_data, old_p.days_with_data
        for c in p.campaigns:
            old = old_c.get(c.campaign)
            f = c.figures
            if old is None:
                continue
            if old.conversions_milli and f.conversions_milli:
                a, b = _per_day(old.conversions_milli, d_old), _per_day(f.conversions_milli, d_now)
                found.append(
                    Mover(p.project, c.campaign, "conversions/day", f"{a / 1000:,.1f}", f"{b / 1000:,.1f}",
                          round((b - a) / a, 4))
                )  # fmt: skip
            if old.cpa_cents and f.cpa_cents:
                pct = (f.cpa_cents - old.cpa_cents) / old.cpa_cents
                found.append(
                    Mover(p.project, c.campaign, "cpa", format_money(old.cpa_cents, p.currency),
                          format_money(f.cpa_cents, p.currency), round(pct, 4))
                )  # fmt: skip
            elif old.spend_cents and f.spend_cents:
                a, b = _per_day(old.spend_cents, d_old), _per_day(f.spend_cents, d_now)
                found.append(
                    Mover(p.project, c.campaign, "spend/day", format_money(round(a), p.currency),
                          format_money(round(b), p.currency), round((b - a) / a, 4))
                )  # fmt: skip
    found.sort(key=lambda m: (-abs(m.change_pct), m.project, m.campaign, m.metric))
    return [m for m in found if abs(m.change_pct) >= 0.005][:limit]


def _comparison(
    perf: list[ProjectPerformance], before: list[ProjectPerformance], days: int, latest: date | None
) -> Comparison:
    now_days = max((p.days_with_data for p in perf), default=0)
    old_days = max((p.days_with_data for p in before), default=0)
    if not now_days and latest is None:
        text = "No campaign results imported for this account."
    elif not now_days and latest is not None:
        text = f"No results imported for this period (latest {latest.isoformat()})."
    elif now_days == old_days == days:
        text = f"Compared with the previous {days} days."
    else:
        text = (
            f"Compared per day with data: {now_days} of {days} days imported this period, "
            f"{old_days} the period before."
        )
    return Comparison(days, now_days, old_days, latest, text)


def _budget(session: Db, account: str, as_of: date) -> list[BudgetLine]:
    from amtui.services.money.budget import book_health

    return [
        BudgetLine(
            project=h.project,
            name=h.name,
            billing=h.billing,
            currency=h.currency,
            current_budget_cents=h.current_budget_cents,
            complete=h.complete,
            elapsed=h.elapsed,
            status=h.status,
            actual_cents=h.actual_cents,
            eac_cents=h.eac_cents,
            variance_pct=h.variance_pct,
            burn=h.burn,
            pending_change_orders_cents=h.pending_change_orders_cents,
            cost_cents=h.cost_cents,
            margin_cents=h.margin_cents,
            margin_pct=h.margin_pct,
        )
        for h in book_health(session, account=account, as_of=as_of)
    ]


def _notes(session: Db, acc: _Account, start: date, end: date) -> list[str]:
    """The account manager's own: the account's notes and the contact log of the period."""
    out = [acc.notes.strip()] if acc.notes and acc.notes.strip() else []
    for on, kind, summary, who in rows(
        session,
        "SELECT i.occurred_on, i.kind, i.summary, c.name FROM interaction i "
        "LEFT JOIN contact c ON c.id = i.contact_id "
        "WHERE i.account_id = ? AND i.occurred_on >= ? AND i.occurred_on <= ? ORDER BY i.occurred_on, i.id",
        (acc.id, start.isoformat(), end.isoformat()),
    ):
        with_whom = f" with {who}" if who else ""
        out.append(f"{on} {kind}{with_whom}: {summary}")
    return out


def _waiting(session: Db, account_id: int, slug: str, as_of: date) -> list[WaitingChangeOrder]:
    found = rows(
        session,
        "SELECT co.number, p.slug, co.title, co.amount_cents, p.currency, co.sent_on "
        "FROM change_order co JOIN project p ON p.id = co.project_id "
        "WHERE p.account_id = ? AND co.status = 'sent' ORDER BY co.number",
        (account_id,),
    )
    out = []
    for number, project, title, amount, currency, sent in found:
        sent_on = day(sent)
        out.append(
            WaitingChangeOrder(
                ref=f"CO-{number}",
                project=f"{slug}/{project}",
                title=title,
                amount_cents=amount,
                currency=currency,
                sent_on=sent_on,
                days_waiting=(as_of - sent_on).days if sent_on else None,
            )
        )
    return out


def _timeline(session: Db, account: str, start: date, end: date) -> list[str]:
    """Done in the period, late, and due in the next two weeks."""
    from amtui.services.timeline.read import list_milestones

    lines: list[tuple[int, date, str]] = []
    horizon = end + timedelta(days=NEXT_STEP_DAYS)
    for m in list_milestones(session, account, today=end):
        where = f"{m.name} ({m.project_name})"
        if m.status == "done":
            if m.done_on and start <= m.done_on <= end:
                lines.append((1, m.done_on, f"Done {m.done_on.isoformat()}: {where}"))
        elif m.overdue_days > 0:
            lines.append((0, m.due_on, f"Late: {where}, due {m.due_on.isoformat()} ({m.overdue_days} days)"))
        elif m.due_on <= horizon:
            approval = " — needs your approval" if m.client_approval else ""
            lines.append((2, m.due_on, f"Next: {where}, due {m.due_on.isoformat()}{approval}"))
    return [text for _, _, text in sorted(lines)]


def status_report(
    session: Db, account: str, start: date, end: date, *, audience: str = INTERNAL
) -> StatusReport:
    """The agenda for ``account`` over ``start``–``end`` as ``audience`` (client | internal) may see it.

    ``session`` is a SQLModel session (TUI) or a sqlite3 connection
    (:func:`amtui.store.engine.read_connection`). An account with no data at all gives a short report."""
    from amtui.services.growth.pipeline import pipeline

    audience = check_audience(audience)
    aid = account_id(session, account)
    slug, name, currency, renewal, notes, sees = rows(
        session,
        "SELECT slug, name, currency, renewal_on, notes, client_sees FROM account WHERE id = ?",
        (aid,),
    )[0]
    acc = _Account(aid, slug, name, currency, day(renewal), notes, stored_client_sees(sees))
    days = (end - start).days + 1
    perf = performance(session, acc.slug, start, end)
    before = performance(session, acc.slug, start - timedelta(days=days), start - timedelta(days=1))
    ids = _project_ids(session, acc.id)
    by_id = _latest(session, [ids[p.project] for p in perf if p.project in ids])
    latest = {ref: by_id[pid] for ref, pid in ids.items() if pid in by_id}
    escs = list_escalations(session, acc.slug, open_only=True, today=end)
    plan = plan_by_day(session, acc.slug, start, end)
    full = StatusReport(
        audience=INTERNAL,
        account=acc.slug,
        name=acc.name,
        period_from=start,
        period_to=end,
        headline=[],
        kpis=_kpis(perf, latest),
        comparison=_comparison(perf, before, days, max(latest.values(), default=None)),
        movers=_movers(perf, before),
        spend_cents=sum(p.figures.spend_cents for p in perf),
        currency=acc.currency,
        budget=_budget(session, acc.slug, end),
        timeline=_timeline(session, acc.slug, start, end),
        change_orders=_waiting(session, acc.id, acc.slug, end),
        decisions=[],
        next_steps=[],
        escalations=[e for e in escs if e.kind == "escalation"],
        risks=[e for e in escs if e.kind != "escalation"],
        pipeline=pipeline(session, acc.slug).opportunities,
        notes=_notes(session, acc, start, end),
        daily_spend_cents=[sum(p.daily_spend_cents[i] for p in perf) for i in range(days)],
        daily_conversions_milli=[
            sum(c.daily_conversions_milli[i] for p in perf for c in p.campaigns) for i in range(days)
        ],
        daily_plan_cents=plan.cents,
        daily_planned_spend_cents=[
            sum(p.daily_spend_cents[i] for p in perf if p.project in plan.planned) for i in range(days)
        ],
        planned_projects=len(plan.planned),
        projects=plan.projects,
        client_sees=sorted(acc.client_sees),
    )
    shown = replace(for_audience(full, audience, acc.client_sees), audience=audience)
    return _summarise(shown, acc.renewal_on)


def _summarise(r: StatusReport, renewal_on: date | None) -> StatusReport:
    """Headline, decisions and next steps from what this version of the report contains — nothing else."""
    from amtui.core.money import format_money

    judged = [k for k in r.kpis if k.status != "no-data"]
    missed = [k for k in judged if k.status == "missed"]
    headline: list[str] = []
    if judged:
        headline.append(
            f"{len(judged) - len(missed)} of {len(judged)} KPI targets met; "
            f"media spend {format_money(r.spend_cents, r.currency)}."
        )
    elif r.kpis:
        headline.append(f"KPI targets not judged: {r.comparison.text[0].lower()}{r.comparison.text[1:]}")
    elif r.comparison.data_days:
        headline.append(f"Media spend {format_money(r.spend_cents, r.currency)}; no KPI targets set.")
    for k in missed[:2]:
        headline.append(
            f"{k.campaign or k.project}: {k.metric.upper()} {k.actual} against a {k.target} target."
        )
    for b in [b for b in r.budget if b.status in ("at-risk", "over")][:2]:
        var = f" (EAC {b.variance_pct:+.0%})" if b.variance_pct is not None else ""
        headline.append(f"{b.name} budget is {b.status}{var}.")
    late = sum(line.startswith("Late:") for line in r.timeline)
    if late:
        headline.append(f"{late} milestone{'s' if late > 1 else ''} late.")
    if r.change_orders:
        n = len(r.change_orders)
        headline.append(f"{n} change order{'s' if n > 1 else ''} awaiting your approval.")
    for e in (r.escalations + r.risks)[:2]:
        headline.append(f"Open {e.kind} ({e.severity}): {e.summary}.")
    if not headline:
        headline.append("Nothing to flag: no results against targets, budget warnings, late milestones or "
                        "open change orders in this period.")  # fmt: skip

    decisions: list[str] = []
    for co in r.change_orders:
        waited = co.days_waiting if co.days_waiting is not None else "?"
        decisions.append(
            f"Approve {co.ref} {co.title} ({format_money(co.amount_cents, co.currency)}), "
            f"with you for {waited} days."
        )
    for k in missed:
        decisions.append(
            f"Agree the plan to bring {k.campaign or k.project} {k.metric.upper()} to {k.target}."
        )
    for o in r.pipeline:
        if o.stage in DECISION_STAGES:
            decisions.append(f"Decide on {o.title} ({format_money(o.value_cents, o.currency)}).")

    end = r.period_to
    horizon = end + timedelta(days=NEXT_STEP_DAYS)
    steps: list[tuple[date, str]] = []
    for o in r.pipeline:
        if o.next_on and o.next_on <= horizon:
            steps.append((o.next_on, f"{o.next_step or o.title} — {o.title}"))
    for e in r.escalations + r.risks:
        if e.due_on and e.due_on <= horizon:
            steps.append((e.due_on, f"Resolve: {e.summary} (owner {e.owner or 'unassigned'})"))
    if renewal_on and end <= renewal_on <= end + timedelta(days=60):
        steps.append((renewal_on, "Contract renewal"))
    steps.sort(key=lambda s: s[0])
    return replace(
        r,
        headline=headline,
        decisions=decisions,
        next_steps=[f"{d.isoformat()}: {text}" for d, text in steps],
    )
