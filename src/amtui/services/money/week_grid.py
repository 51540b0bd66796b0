"""The timesheet as a week grid: projects × the seven days of one week, hours in each cell, with totals.

One read for the TUI Timesheet. Every figure comes from :func:`amtui.services.money.timesheet.time_sheet` over
Monday through Sunday, the same rows and sums ``amtui time list --from MON --to SUN`` prints, so the grid's
totals are the list's totals (a test holds them together). The rows are the projects with time that week and
the active projects of active accounts (so a day with nothing logged yet can be filled in). Each billable
entry an issued invoice already billed is named with that invoice
(:func:`amtui.services.money.timesheet.invoice_covering`, the rule ``time edit`` and ``time delete`` warn by).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from amtui.services.base.refs import projects_with_slugs
from amtui.services.money.timesheet import TimeRow, Timesheet, invoice_covering, time_sheet
from amtui.store.sql import Db, rows


@dataclass(frozen=True)
class GridRow:
    project: str  # account/project
    minutes: tuple[int, ...]  # Monday .. Sunday
    total: int


@dataclass(frozen=True)
class WeekGrid:
    monday: date
    days: tuple[date, ...]
    rows: list[GridRow]
    day_totals: tuple[int, ...]
    total: int
    billable_minutes: int
    sheet: Timesheet  # the entries and totals as ``time list`` gives them
    invoiced: dict[int, str]  # entry id -> the issued invoice that already billed it

    def entries(self, project: str, on: date) -> list[TimeRow]:
        """The entries of one cell, in the order ``time list`` lists them."""
        return [e for e in self.sheet.entries if e.project == project and e.entry_date == on]


def monday_of(on: date) -> date:
    """The Monday of the week ``on`` is in."""
    return on - timedelta(days=on.weekday())


def week_grid(db: Db, on: date, *, ref: str | None = None) -> WeekGrid:
    """The week (Monday to Sunday) that holds ``on``, of the whole book or one account or project."""
    monday = monday_of(on)
    days = tuple(monday + timedelta(days=i) for i in range(7))
    sheet = time_sheet(db, ref, days[0], days[-1])
    cells: dict[str, list[int]] = {}
    ids: dict[str, int] = {}
    active = _active_accounts(db) if ref is None else frozenset()
    for p, account in projects_with_slugs(db):
        assert p.id is not None
        ids[f"{account}/{p.slug}"] = p.id
        if ref is None and p.status == "active" and account in active:
            cells[f"{account}/{p.slug}"] = [0] * 7
    covered: dict[tuple[str, date], str | None] = {}
    invoiced: dict[int, str] = {}
    for e in sheet.entries:
        cells.setdefault(e.project, [0] * 7)[(e.entry_date - monday).days] += e.minutes
        if e.billable:
            key = (e.project, e.entry_date)
            if key not in covered:
                covered[key] = invoice_covering(db, ids[e.project], e.entry_date)
            if covered[key]:
                invoiced[e.id] = str(covered[key])
    rows = [GridRow(p, tuple(m), sum(m)) for p, m in sorted(cells.items())]
    day_totals = tuple(sum(r.minutes[i] for r in rows) for i in range(7))
    return WeekGrid(
        monday=monday,
        days=days,
        rows=rows,
        day_totals=day_totals,
        total=sheet.minutes,
        billable_minutes=sheet.billable_minutes,
        sheet=sheet,
        invoiced=invoiced,
    )


def _active_accounts(db: Db) -> frozenset[str]:
    return frozenset(r[0] for r in rows(db, "SELECT slug FROM account WHERE status = 'active'"))
