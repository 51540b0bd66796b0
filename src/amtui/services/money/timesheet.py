"""The timesheet: time and costs as logged, one row each with its id, and the corrections of one entry.

The reads (:func:`time_sheet`, :func:`cost_sheet`) are SQL text on :mod:`amtui.store.sql`, so the CLI runs
them on a plain ``sqlite3`` connection: one query over the period's entries, the totals by day and by project
summed from the rows it returns. The corrections of one entry are :mod:`amtui.services.money.entry_edits`.

**Invoiced periods.** A billable entry dated on or before the period an issued invoice of its project bills
(:func:`amtui.services.money.position.invoice_period_date`; change-order invoices and credit notes aside) was
already billed: correcting it does not change that invoice. Editing one warns, naming the invoice; deleting
one is refused unless forced (and then warns the same way). :func:`invoice_covering` is that rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from amtui.services.base.common import check_choice, person_key
from amtui.services.base.refs import NumberRef, projects_with_slugs, scope
from amtui.services.money.position import invoice_period_date
from amtui.services.money.rules import INVOICE_ISSUED, status_in
from amtui.services.money.terms import terms_of
from amtui.store.models.choices import TEAMS
from amtui.store.sql import Db, day, marks, rows

#: ``#12`` or ``12``: a time entry's or a cost's id, as ``time list`` / ``cost list`` show it.
TIME_ENTRY = NumberRef("#", "a time entry id", "#12 or 12")
COST_ENTRY = NumberRef("#", "a cost id", "#12 or 12")


@dataclass(frozen=True)
class TimeRow:
    id: int
    project: str  # account/project
    entry_date: date
    minutes: int
    rate_cents: int
    amount_cents: int
    cost_cents: int | None
    currency: str
    team: str | None
    person: str | None
    billable: bool
    out_of_scope: bool
    note: str | None


@dataclass(frozen=True)
class CostRow:
    id: int
    project: str
    entry_date: date
    amount_cents: int
    currency: str
    billable: bool
    out_of_scope: bool
    note: str | None


@dataclass(frozen=True)
class DayTotal:
    entry_date: date
    minutes: int
    billable_minutes: int


@dataclass(frozen=True)
class ProjectTotal:
    project: str
    currency: str
    minutes: int
    billable_minutes: int
    amount_cents: int  # the value of every entry (billable or not), as Actual counts it


@dataclass(frozen=True)
class MoneyTotal:
    currency: str
    amount_cents: int


@dataclass(frozen=True)
class Timesheet:
    first: date
    last: date
    entries: list[TimeRow]
    by_day: list[DayTotal]
    by_project: list[ProjectTotal]
    minutes: int
    billable_minutes: int
    amounts: list[MoneyTotal]  # per currency


@dataclass(frozen=True)
class CostDayTotal:
    entry_date: date
    currency: str
    amount_cents: int


@dataclass(frozen=True)
class CostProjectTotal:
    project: str
    currency: str
    amount_cents: int
    count: int


@dataclass(frozen=True)
class CostSheet:
    first: date
    last: date
    entries: list[CostRow]
    by_day: list[CostDayTotal]
    by_project: list[CostProjectTotal]
    amounts: list[MoneyTotal]


# ---------------------------------------------------------------------------------------------- reads


def _where(db: Db, ref: str | None, first: date, last: date, alias: str) -> tuple[str, list[Any]]:
    where = f"{alias}.entry_date >= ? AND {alias}.entry_date <= ?"
    params: list[Any] = [first.isoformat(), last.isoformat()]
    if ref is not None:
        sc = scope(db, ref)
        if sc.account_id is not None:
            where += " AND p.account_id = ?"
            params.append(sc.account_id)
        else:
            where += f" AND {alias}.project_id IN ({marks(sc.ids)})"
            params.extend(sc.ids)
    return where, params


_TIME_COLUMNS = (
    "t.id, a.slug || '/' || p.slug, t.entry_date, t.minutes, t.rate_cents, t.amount_cents, t.cost_cents, "
    "p.currency, t.team, t.person, t.billable, t.out_of_scope, t.note"
)
_FROM = "JOIN project p ON p.id = {a}.project_id JOIN account a ON a.id = p.account_id"


def _time_row(r: Any) -> TimeRow:
    d = day(r[2])
    assert d is not None  # entry_date is NOT NULL
    return TimeRow(
        int(r[0]),
        r[1],
        d,
        int(r[3]),
        int(r[4]),
        int(r[5]),
        r[6],
        r[7],
        r[8],
        r[9],
        bool(r[10]),
        bool(r[11]),
        r[12],
    )


def time_sheet(
    db: Db,
    ref: str | None,
    first: date,
    last: date,
    *,
    person: str | None = None,
    team: str | None = None,
) -> Timesheet:
    """Every time entry from ``first`` through ``last`` (of an account or project, a person, a team), in date
    order, with totals by day, by project and in all. People match as the day rule matches them."""
    where, params = _where(db, ref, first, last, "t")
    if team is not None:
        where += " AND t.team = ?"
        params.append(check_choice(team, TEAMS, "team"))
    if person is not None and person.isascii():  # narrowed in SQL (SQLite lowers ASCII only), matched below
        where += " AND replace(lower(t.person), ' ', '') = ?"
        params.append("".join(person.split()).lower())
    sql = (
        f"SELECT {_TIME_COLUMNS} FROM time_entry t {_FROM.format(a='t')} WHERE {where} "
        "ORDER BY t.entry_date, a.slug, p.slug, t.id"
    )
    found = rows(db, sql, params)
    if person is not None:
        key = person_key(person)
        found = [r for r in found if r[9] is not None and person_key(r[9]) == key]
    entries = [_time_row(r) for r in found]
    days: dict[date, list[int]] = {}
    projects: dict[str, list[Any]] = {}
    amounts: dict[str, int] = {}
    for e in entries:
        billable = e.minutes if e.billable else 0
        d = days.setdefault(e.entry_date, [0, 0])
        d[0] += e.minutes
        d[1] += billable
        pr = projects.setdefault(e.project, [e.currency, 0, 0, 0])
        pr[1] += e.minutes
        pr[2] += billable
        pr[3] += e.amount_cents
        amounts[e.currency] = amounts.get(e.currency, 0) + e.amount_cents
    return Timesheet(
        first=first,
        last=last,
        entries=entries,
        by_day=[DayTotal(d, m, b) for d, (m, b) in sorted(days.items())],
        by_project=[ProjectTotal(p, c, m, b, a) for p, (c, m, b, a) in sorted(projects.items())],
        minutes=sum(e.minutes for e in entries),
        billable_minutes=sum(e.minutes for e in entries if e.billable),
        amounts=[MoneyTotal(c, a) for c, a in sorted(amounts.items())],
    )


def _cost_row(r: Any) -> CostRow:
    d = day(r[2])
    assert d is not None
    return CostRow(int(r[0]), r[1], d, int(r[3]), r[4], bool(r[5]), bool(r[6]), r[7])


_COST_COLUMNS = (
    "c.id, a.slug || '/' || p.slug, c.entry_date, c.amount_cents, p.currency, c.billable, c.out_of_scope, "
    "c.note"
)


def cost_sheet(db: Db, ref: str | None, first: date, last: date) -> CostSheet:
    """Every cost from ``first`` through ``last`` (of an account or project), totals by day and project."""
    where, params = _where(db, ref, first, last, "c")
    sql = (
        f"SELECT {_COST_COLUMNS} FROM cost_entry c {_FROM.format(a='c')} WHERE {where} "
        "ORDER BY c.entry_date, a.slug, p.slug, c.id"
    )
    entries = [_cost_row(r) for r in rows(db, sql, params)]
    days: dict[tuple[date, str], int] = {}
    projects: dict[str, list[Any]] = {}
    amounts: dict[str, int] = {}
    for e in entries:
        days[(e.entry_date, e.currency)] = days.get((e.entry_date, e.currency), 0) + e.amount_cents
        pr = projects.setdefault(e.project, [e.currency, 0, 0])
        pr[1] += e.amount_cents
        pr[2] += 1
        amounts[e.currency] = amounts.get(e.currency, 0) + e.amount_cents
    return CostSheet(
        first=first,
        last=last,
        entries=entries,
        by_day=[CostDayTotal(d, c, a) for (d, c), a in sorted(days.items())],
        by_project=[CostProjectTotal(p, c, a, n) for p, (c, a, n) in sorted(projects.items())],
        amounts=[MoneyTotal(c, a) for c, a in sorted(amounts.items())],
    )


def invoice_covering(db: Db, project_id: int, on: date) -> str | None:
    """The number of the first issued invoice of the project whose billed period reaches ``on`` (see the
    module), or None when no invoice has billed that date yet."""
    found = projects_with_slugs(db, "p.id = ?", (project_id,))
    if not found:
        return None
    p = found[0][0]
    t = terms_of(p)
    advance = t.billing == "retainer" and t.bill_timing == "advance"
    issued, ps = status_in(INVOICE_ISSUED)
    sql = (
        "SELECT number, for_month, billed_through, issued_on FROM invoice WHERE project_id = ? "
        f"AND change_order_id IS NULL AND credit_of_id IS NULL AND {issued}"
    )
    periods = []
    for number, month, through, issued_on in rows(db, sql, [project_id, *ps]):
        issued_day = day(issued_on)
        assert issued_day is not None
        period = invoice_period_date(
            for_month=month,
            billed_through=day(through),
            issued_on=issued_day,
            co_decided_on=None,
            linked_to_co=False,
            advance=advance,
            start_on=p.start_on,
        )
        if period >= on:
            periods.append((period, str(number)))
    return min(periods)[1] if periods else None
