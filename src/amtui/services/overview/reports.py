"""The weekly status report / reporting-call agenda for one account, assembled from the book.

Sections: headline, results against KPIs with the biggest movers (this period against the one before),
budget status and variance, timeline, change orders awaiting the client, open escalations, decisions needed
from the client, next steps. Each section is data (small dataclasses); :mod:`amtui.exporters.status_report`
renders Markdown a client can read as is. Every read is SQL text (:mod:`amtui.store.sql`), so the TUI
passes its session and ``amtui report status`` a plain sqlite3 connection, without loading SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from amtui.services.base.refs import account_id
from amtui.services.clients.escalations import EscalationInfo, list_escalations
from amtui.services.growth.performance import ProjectPerformance, performance
from amtui.store.sql import Db, day, rows

NEXT_STEP_DAYS = 14


@dataclass(frozen=True)
class KpiLine:
    project: str
    campaign: str | None
    metric: str
    actual: str
    target: str
    status: str


@dataclass(frozen=True)
class Mover:
    project: str
    campaign: str
    metric: str  # conversions | cpa | spend
    previous: str
    current: str
    change_pct: float


@dataclass(frozen=True)
class BudgetLine:
    project: str
    name: str
    status: str
    currency: str
    current_budget_cents: int
    actual_cents: int
    eac_cents: int | None
    variance_pct: float | None
    burn: float | None
    elapsed: float | None
    pending_change_orders_cents: int


@dataclass(frozen=True)
class WaitingChangeOrder:
    ref: str
    project: str
    title: str
    amount_cents: int
    currency: str
    sent_on: date | None
    days_waiting: int | None


@dataclass(frozen=True)
class StatusReport:
    account: str
    name: str
    period_from: date
    period_to: date
    headline: list[str]
    kpis: list[KpiLine]
    movers: list[Mover]
    spend_cents: int
    currency: str
    budget: list[BudgetLine]
    timeline: list[str]
    change_orders: list[WaitingChangeOrder]
    escalations: list[EscalationInfo]
    decisions: list[str]
    next_steps: list[str]


@dataclass(frozen=True)
class _Account:
    id: int
    slug: str
    name: str
    currency: str
    renewal_on: date | None


def _kpis(perf: list[ProjectPerformance]) -> list[KpiLine]:
    out = []
    for p in perf:
        for k in p.checks:
            out.append(KpiLine(p.project, None, k.metric, k.actual_display, k.target_display, k.status))
        for c in p.campaigns:
            for k in c.checks:
                out.append(
                    KpiLine(p.project, c.campaign, k.metric, k.actual_display, k.target_display, k.status)
                )
    return out


def _movers(now: list[ProjectPerformance], before: list[ProjectPerformance], limit: int = 3) -> list[Mover]:
    from amtui.core.money import format_money

    prev = {(p.project, c.campaign): c.figures for p in before for c in p.campaigns}
    found: list[Mover] = []
    for p in now:
        for c in p.campaigns:
            old = prev.get((p.project, c.campaign))
            f = c.figures
            if old is None:
                continue
            if old.conversions_milli and f.conversions_milli:
                pct = (f.conversions_milli - old.conversions_milli) / old.conversions_milli
                found.append(
                    Mover(
                        p.project,
                        c.campaign,
                        "conversions",
                        f"{old.conversions_milli / 1000:,.1f}",
                        f"{f.conversions_milli / 1000:,.1f}",
                        round(pct, 4),
                    )  # fmt: skip
                )
            if old.cpa_cents and f.cpa_cents:
                pct = (f.cpa_cents - old.cpa_cents) / old.cpa_cents
                found.append(
                    Mover(
                        p.project,
                        c.campaign,
                        "cpa",
                        format_money(old.cpa_cents, p.currency),
                        format_money(f.cpa_cents, p.currency),
                        round(pct, 4),
                    )  # fmt: skip
                )
            elif old.spend_cents and f.spend_cents:
                pct = (f.spend_cents - old.spend_cents) / old.spend_cents
                found.append(
                    Mover(
                        p.project,
                        c.campaign,
                        "spend",
                        format_money(old.spend_cents, p.currency),
                        format_money(f.spend_cents, p.currency),
                        round(pct, 4),
                    )  # fmt: skip
                )
    found.sort(key=lambda m: (-abs(m.change_pct), m.project, m.campaign, m.metric))
    return [m for m in found if abs(m.change_pct) >= 0.005][:limit]


def _budget(session: Db, account: str, as_of: date) -> list[BudgetLine]:
    from amtui.services.money.budget import book_health

    return [
        BudgetLine(
            project=h.project,
            name=h.name,
            status=h.status,
            currency=h.currency,
            current_budget_cents=h.current_budget_cents,
            actual_cents=h.actual_cents,
            eac_cents=h.eac_cents,
            variance_pct=h.variance_pct,
            burn=h.burn,
            elapsed=h.elapsed,
            pending_change_orders_cents=h.pending_change_orders_cents,
        )
        for h in book_health(session, account=account, as_of=as_of)
    ]


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


def status_report(session: Db, account: str, start: date, end: date) -> StatusReport:
    """The agenda for ``account`` over ``start``–``end`` (the previous period of equal length for movers).

    ``session`` is a SQLModel session (TUI) or a sqlite3 connection
    (:func:`amtui.store.engine.read_connection`)."""
    from amtui.core.money import format_money
    from amtui.services.growth.pipeline import pipeline

    aid = account_id(session, account)
    slug, name, currency, renewal = rows(
        session, "SELECT slug, name, currency, renewal_on FROM account WHERE id = ?", (aid,)
    )[0]
    acc = _Account(aid, slug, name, currency, day(renewal))
    days = (end - start).days + 1
    perf = performance(session, acc.slug, start, end)
    before = performance(session, acc.slug, start - timedelta(days=days), start - timedelta(days=1))
    kpis = _kpis(perf)
    budget = _budget(session, acc.slug, end)
    cos = _waiting(session, acc.id, acc.slug, end)
    escs = list_escalations(session, acc.slug, open_only=True, today=end)
    opps = pipeline(session, acc.slug).opportunities
    spend = sum(p.figures.spend_cents for p in perf)

    missed = [k for k in kpis if k.status == "missed"]
    met = [k for k in kpis if k.status == "met"]
    headline = []
    if kpis:
        headline.append(
            f"{len(met)} of {len(met) + len(missed)} KPI targets met; "
            f"media spend {format_money(spend, acc.currency)}."
        )
    for k in missed[:2]:
        where = k.campaign or k.project
        headline.append(f"{where}: {k.metric.upper()} {k.actual} against a {k.target} target.")
    worried = [b for b in budget if b.status in ("at-risk", "over")]
    for b in worried[:2]:
        var = f" (EAC {b.variance_pct:+.0%})" if b.variance_pct is not None else ""
        headline.append(f"{b.name} budget is {b.status}{var}.")
    if not headline:
        headline.append("No results, budget warnings or open issues in this period.")

    decisions: list[str] = []
    for co in cos:
        decisions.append(
            f"Approve {co.ref} {co.title} ({format_money(co.amount_cents, co.currency)}), "
            f"with you for {co.days_waiting if co.days_waiting is not None else '?'} days."
        )
    for k in missed:
        decisions.append(
            f"Agree the plan to bring {k.campaign or k.project} {k.metric.upper()} to {k.target}."
        )
    for o in opps:
        if o.stage in ("proposal", "negotiation"):
            decisions.append(f"Decide on {o.title} ({format_money(o.value_cents, o.currency)}).")

    horizon = end + timedelta(days=NEXT_STEP_DAYS)
    steps: list[tuple[date, str]] = []
    for o in opps:
        if o.next_on and o.next_on <= horizon:
            steps.append((o.next_on, f"{o.next_step or o.title} — {o.title}"))
    for e in escs:
        if e.due_on and e.due_on <= horizon:
            steps.append((e.due_on, f"Resolve: {e.summary} (owner {e.owner or 'unassigned'})"))
    if acc.renewal_on and end <= acc.renewal_on <= end + timedelta(days=60):
        steps.append((acc.renewal_on, "Contract renewal"))
    steps.sort(key=lambda s: s[0])
    return StatusReport(
        account=acc.slug,
        name=acc.name,
        period_from=start,
        period_to=end,
        headline=headline,
        kpis=kpis,
        movers=_movers(perf, before),
        spend_cents=spend,
        currency=acc.currency,
        budget=budget,
        timeline=_timeline(session, acc.slug, start, end),
        change_orders=cos,
        escalations=escs,
        decisions=decisions,
        next_steps=[f"{d.isoformat()}: {text}" for d, text in steps],
    )
