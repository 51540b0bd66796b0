"""The quarterly business review (QBR) for one account: the quarter in figures, for the client or internal.

Spend and results against KPI targets with the trend by month, what was delivered (milestones done), change
orders decided and their value, billing and payment, the health trend, wins, open items and the next
quarter's plan. Built on the status report's parts (performance, budget, milestones, change orders) and on
the same audience rule (:mod:`amtui.services.overview.audience`): health, escalations, risks, the pipeline
and the agency's actuals, cost and margin are internal. Plain SQL reads: a session or a sqlite3 connection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from amtui.core.dates import add_months
from amtui.core.errors import InputError
from amtui.services.base.refs import account_id
from amtui.services.growth.performance import performance
from amtui.services.money.rules import CO_APPROVED, INVOICE_ISSUED, status_in
from amtui.services.overview.audience import (
    INTERNAL,
    check_audience,
    for_audience,
    internal,
    stored_client_sees,
)
from amtui.services.overview.report_model import StatusReport
from amtui.services.overview.reports import status_report
from amtui.store.sql import Db, day, rows


@dataclass(frozen=True)
class MonthResult:
    month: str  # YYYY-MM
    spend_cents: int
    conversions_milli: int
    cpa_cents: int | None
    targets_met: int
    targets_judged: int
    data_days: int


@dataclass(frozen=True)
class DecidedChangeOrder:
    ref: str
    project: str
    title: str
    amount_cents: int
    currency: str
    decided_on: date | None


@dataclass(frozen=True)
class Billing:
    currency: str
    invoiced_cents: int  # issued in the quarter (net of credit notes issued in it)
    paid_cents: int  # payments received in the quarter
    outstanding_cents: int  # issued invoices not yet paid, as of the quarter's end
    invoices: int


@dataclass(frozen=True)
class QbrReport:
    audience: str
    account: str
    name: str
    quarter: str  # 2026Q4
    period_from: date
    period_to: date  # the quarter's last day, or today while it is under way
    summary: list[str]
    months: list[MonthResult]
    status: StatusReport  # the quarter as a status report: KPIs, budget, change orders awaiting, timeline
    delivered: list[str]
    change_orders: list[DecidedChangeOrder]
    billing: Billing
    wins: list[str]
    open_items: list[str]
    next_quarter: list[str]
    health: list[tuple[date, int]] = internal("health")
    client_sees: list[str] = field(default_factory=list)


def parse_quarter(text: str | None, today: date) -> tuple[str, date, date]:
    """``2026Q4`` / ``2026-Q4`` / ``Q4 2026`` → (label, first day, last day); None → the current quarter."""
    if text is None:
        year, q = today.year, (today.month - 1) // 3 + 1
    else:
        m = re.fullmatch(r"\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*|\s*[Qq]([1-4])\s*(\d{4})\s*", text)
        if not m:
            raise InputError(f"--quarter must look like 2026Q4, not {text!r}")
        year, q = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(4)), int(m.group(3)))
    if not 1900 <= year <= 2999:
        raise InputError(f"--quarter year {year} is out of range")
    first = date(year, 3 * q - 2, 1)
    last = add_months(first, 3) - timedelta(days=1)
    return f"{year}Q{q}", first, last


def _months(session: Db, account: str, first: date, last: date) -> list[MonthResult]:
    out = []
    start = first
    while start <= last:
        end = min(add_months(start, 1) - timedelta(days=1), last)
        perf = performance(session, account, start, end)
        spend = sum(p.figures.spend_cents for p in perf)
        conv = sum(p.figures.conversions_milli for p in perf)
        checks = [k for p in perf for k in p.checks + [c for cp in p.campaigns for c in cp.checks]]
        judged = [k for k in checks if k.status != "no-data"]
        out.append(
            MonthResult(
                month=start.strftime("%Y-%m"),
                spend_cents=spend,
                conversions_milli=conv,
                cpa_cents=(spend * 1000 * 2 + conv) // (2 * conv) if conv else None,
                targets_met=sum(k.status == "met" for k in judged),
                targets_judged=len(judged),
                data_days=max((p.days_with_data for p in perf), default=0),
            )
        )
        start = add_months(start, 1)
    return out


def _decided(session: Db, aid: int, slug: str, first: date, last: date) -> list[DecidedChangeOrder]:
    approved, params = status_in(CO_APPROVED, "co.status")
    found = rows(
        session,
        "SELECT co.number, p.slug, co.title, co.amount_cents, p.currency, co.decided_on "
        f"FROM change_order co JOIN project p ON p.id = co.project_id WHERE p.account_id = ? AND {approved} "
        "AND co.decided_on >= ? AND co.decided_on <= ? ORDER BY co.decided_on, co.number",
        (aid, *params, first.isoformat(), last.isoformat()),
    )
    return [DecidedChangeOrder(f"CO-{n}", f"{slug}/{p}", t, a, c, day(d)) for n, p, t, a, c, d in found]


def _billing(session: Db, aid: int, currency: str, first: date, last: date) -> Billing:
    issued, params = status_in(INVOICE_ISSUED, "i.status")
    q = (first.isoformat(), last.isoformat())
    (n, invoiced), = rows(
        session,
        "SELECT count(*), coalesce(sum(i.amount_cents), 0) FROM invoice i "
        f"JOIN project p ON p.id = i.project_id WHERE p.account_id = ? AND {issued} "
        "AND i.issued_on >= ? AND i.issued_on <= ?",
        (aid, *params, *q),
    )  # fmt: skip
    (paid,), = rows(
        session,
        "SELECT coalesce(sum(y.amount_cents), 0) FROM payment y JOIN invoice i ON i.id = y.invoice_id "
        "JOIN project p ON p.id = i.project_id WHERE p.account_id = ? AND y.paid_on >= ? AND y.paid_on <= ?",
        (aid, *q),
    )  # fmt: skip
    (total,), = rows(
        session,
        "SELECT coalesce(sum(i.amount_cents), 0) FROM invoice i JOIN project p ON p.id = i.project_id "
        f"WHERE p.account_id = ? AND {issued} AND i.issued_on <= ?",
        (aid, *params, last.isoformat()),
    )  # fmt: skip
    (received,), = rows(
        session,
        "SELECT coalesce(sum(y.amount_cents), 0) FROM payment y JOIN invoice i ON i.id = y.invoice_id "
        "JOIN project p ON p.id = i.project_id WHERE p.account_id = ? AND y.paid_on <= ?",
        (aid, last.isoformat()),
    )  # fmt: skip
    return Billing(currency, int(invoiced), int(paid), max(int(total) - int(received), 0), int(n))


def _health(session: Db, aid: int, first: date, last: date) -> list[tuple[date, int]]:
    found = rows(
        session,
        "SELECT taken_on, score FROM health_snapshot "
        "WHERE account_id = ? AND taken_on >= ? AND taken_on <= ? ORDER BY taken_on",
        (aid, first.isoformat(), last.isoformat()),
    )
    return [(d, int(s)) for raw, s in found if (d := day(raw)) is not None]


def qbr(
    session: Db, account: str, quarter: str | None, *, today: date, audience: str = INTERNAL
) -> QbrReport:
    """The QBR of ``account`` for ``quarter`` (default: the quarter of ``today``) as ``audience`` sees it."""
    from amtui.core.money import format_money
    from amtui.services.timeline.read import list_milestones

    audience = check_audience(audience)
    label, first, quarter_end = parse_quarter(quarter, today)
    # A quarter under way is reported to today: nothing is "late" against days that have not come.
    last = min(quarter_end, max(today, first))
    aid = account_id(session, account)
    ((slug, name, currency, sees_text),) = rows(
        session, "SELECT slug, name, currency, client_sees FROM account WHERE id = ?", (aid,)
    )
    sees = stored_client_sees(sees_text)
    # The quarter as a status report, already in the audience's version (its headline speaks for it).
    st = status_report(session, slug, first, last, audience=audience)
    months = _months(session, slug, first, last)
    next_last = add_months(quarter_end + timedelta(days=1), 3) - timedelta(days=1)
    delivered, plan = [], []
    for m in list_milestones(session, slug, today=last):
        if m.status == "done" and m.done_on and first <= m.done_on <= last:
            delivered.append(f"{m.done_on.isoformat()}: {m.name} ({m.project_name})")
        elif m.status != "done" and last < m.due_on <= next_last:
            plan.append(f"{m.due_on.isoformat()}: {m.name} ({m.project_name})")
    cos = _decided(session, aid, slug, first, last)
    billing = _billing(session, aid, currency, first, last)
    full = QbrReport(
        audience=INTERNAL,
        account=slug,
        name=name,
        quarter=label,
        period_from=first,
        period_to=last,
        summary=[],
        months=months,
        status=st,
        delivered=sorted(delivered),
        change_orders=cos,
        billing=billing,
        wins=[],
        open_items=[],
        next_quarter=sorted(plan),
        health=_health(session, aid, first, last),
        client_sees=sorted(sees),
    )
    shown = for_audience(full, audience, sees)
    # Everything derived below reads only the version being built.
    wins = [
        f"{k.campaign or k.project}: {k.metric.upper()} {k.actual} against a {k.target} target"
        for k in st.kpis
        if k.status == "met"
    ]
    open_items = [line for line in st.timeline if line.startswith("Late:")]
    open_items += [f"{co.ref} {co.title} awaiting approval" for co in st.change_orders]
    open_items += [f"{e.kind.capitalize()} ({e.severity}): {e.summary}" for e in st.escalations + st.risks]
    next_quarter = list(shown.next_quarter) + [f"Opportunity: {o.title} ({o.stage})" for o in st.pipeline]
    spend = sum(m.spend_cents for m in months)
    summary = [
        f"{label}: media spend {format_money(spend, currency)}; "
        f"{len(delivered)} milestone(s) delivered; {len(cos)} change order(s) approved worth "
        f"{format_money(sum(c.amount_cents for c in cos), currency)}.",
        f"Invoiced {format_money(billing.invoiced_cents, currency)} in the quarter; "
        f"{format_money(billing.outstanding_cents, currency)} outstanding at its end.",
    ]
    if not any(m.data_days for m in months):
        summary.append(st.comparison.text)
    return replace(
        shown, audience=audience, status=st, summary=summary, wins=wins, open_items=open_items,
        next_quarter=next_quarter,
    )  # fmt: skip
