"""The TUI Timesheet: a week grid whose totals are ``time list``'s, moved a week at a time, and a cell's
entries edited (the ``time edit`` service, with its invoice warning), deleted after a question, and time
logged on the highlighted project and day."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from typing import Any

from textual.widgets import DataTable, OptionList

from amtui.core.dates import format_hours
from amtui.services.money.week_grid import monday_of, week_grid
from amtui.store import Store
from amtui.tui.screens.actual_forms import TimeForm
from amtui.tui.screens.confirm import ConfirmModal
from amtui.tui.screens.timesheet import TimesheetScreen
from amtui.tui.screens.timesheet_forms import CellEntries, EditTimeForm
from amtui.tui.widgets.fields import DateInput, HoursInput
from tests.conftest import TODAY, Cli, dump
from tests.tui.helpers import cells, make_app, until

MON = monday_of(TODAY)


def _grid(store: Store, on: Any = TODAY) -> Any:
    con = sqlite3.connect(store.path)
    try:
        return week_grid(con, on)
    finally:
        con.close()


def _one(store: Store, sql: str, *params: Any) -> Any:
    con = sqlite3.connect(store.path)
    try:
        return con.execute(sql, params).fetchone()
    finally:
        con.close()


def test_the_grid_totals_are_time_lists_totals(demo_store: Store, demo_cli: Cli) -> None:
    for on in (TODAY, TODAY - timedelta(days=7), TODAY - timedelta(days=28)):
        g = _grid(demo_store, on)
        listed = json.loads(
            demo_cli.ok(
                "time", "list", "--from", g.days[0].isoformat(), "--to", g.days[-1].isoformat(), "--json"
            )
        )
        assert g.total == listed["minutes"] and g.billable_minutes == listed["billable_minutes"]
        by_day = {d["entry_date"]: d["minutes"] for d in listed["by_day"]}
        assert {d.isoformat(): m for d, m in zip(g.days, g.day_totals, strict=True) if m} == by_day
        by_project = {p["project"]: p["minutes"] for p in listed["by_project"]}
        assert {r.project: r.total for r in g.rows if r.total} == by_project
        assert sum(r.total for r in g.rows) == g.total == sum(g.day_totals)


async def _open(pilot: Any, app: Any) -> TimesheetScreen:
    await pilot.press("W")
    await until(pilot, lambda: isinstance(app.screen, TimesheetScreen) and app.screen.grid is not None)
    screen = app.screen
    assert isinstance(screen, TimesheetScreen)
    return screen


def _busy_cell(g: Any) -> tuple[int, int]:
    """(row, column) of a cell with an entry in it."""
    for i, r in enumerate(g.rows):
        for j, m in enumerate(r.minutes):
            if m:
                return i, j + 1
    raise AssertionError("no time in the week")


async def test_the_grid_shows_the_week_and_moves_a_week_at_a_time(demo_store: Store) -> None:
    g = _grid(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(pilot, app)
        t = screen.query_one("#ts-grid", DataTable)
        shown = cells(t)
        assert [row[0] for row in shown[:-1]] == [r.project for r in g.rows]
        for row, r in zip(shown, g.rows, strict=False):
            assert row[8] == (format_hours(r.total) if r.total else "·")
        assert format_hours(g.total) in shown[-1][8]
        assert t.cursor_coordinate.column == (TODAY - MON).days + 1  # today's column
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: screen.grid is not None and screen.grid.monday == MON - timedelta(days=7))
        before = _grid(demo_store, MON - timedelta(days=7))
        assert cells(t)[-1][8].endswith(f"{format_hours(before.total)}[/b]") or before.total == 0
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: screen.grid is not None and screen.grid.monday == MON)


async def test_enter_lists_a_cells_entries_and_edits_one(demo_store: Store) -> None:
    g = _grid(demo_store)
    row, col = _busy_cell(g)
    entry = g.entries(g.rows[row].project, g.days[col - 1])[0]
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(pilot, app)
        t = screen.query_one("#ts-grid", DataTable)
        t.focus()
        t.move_cursor(row=row, column=col)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CellEntries))
        assert app.screen.query_one(OptionList).option_count == len(
            g.entries(g.rows[row].project, g.days[col - 1])
        )
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EditTimeForm))
        form = app.screen
        hours = form.query_one("#hours", HoursInput)
        hours.value = "7h15m"
        await pilot.press("f2")
        await until(pilot, lambda: app.screen is screen, what="the form saved")
        await until(pilot, lambda: screen.grid is not None and screen.grid.total != g.total)
    assert _one(demo_store, "SELECT minutes FROM time_entry WHERE id = ?", entry.id) == (435,)
    assert screen.grid.total == g.total - entry.minutes + 435
    assert _one(demo_store, "SELECT command FROM audit_batch ORDER BY id DESC LIMIT 1") == (
        f"tui: time edit {entry.id}",
    )


async def test_an_invoiced_entry_warns_with_the_cli_warning(demo_store: Store, demo_cli: Cli) -> None:
    """The grid names the invoice that billed an entry; editing it says the CLI's warning."""
    on = TODAY
    for _ in range(30):
        g = _grid(demo_store, on)
        if g.invoiced:
            break
        on -= timedelta(days=7)
    assert g.invoiced, "the demo has invoiced time"
    entry_id, invoice = next(iter(g.invoiced.items()))
    entry = next(e for e in g.sheet.entries if e.id == entry_id)
    cli_edit = demo_cli("time", "edit", str(entry_id), "--note", "as the CLI says it")
    warning = next(ln for ln in cli_edit.stderr.splitlines() if invoice in ln)
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await app.push_screen(EditTimeForm(entry, invoice))
        await until(pilot, lambda: isinstance(app.screen, EditTimeForm))
        app.screen.query_one("#note").value = "fixed in the TUI"
        await pilot.press("f2")
        await until(pilot, lambda: not isinstance(app.screen, EditTimeForm))
        await until(pilot, lambda: any(warning in str(n.message) for n in app._notifications))


async def test_delete_asks_first_and_no_keeps_the_entry(demo_store: Store) -> None:
    g = _grid(demo_store)
    row, col = _busy_cell(g)
    entry = g.entries(g.rows[row].project, g.days[col - 1])[0]
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(pilot, app)
        t = screen.query_one("#ts-grid", DataTable)
        t.focus()
        t.move_cursor(row=row, column=col)
        before = dump(demo_store.path)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CellEntries))
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("n")
        await until(pilot, lambda: app.screen is screen)
        assert dump(demo_store.path) == before
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CellEntries))
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await until(
            pilot, lambda: _one(demo_store, "SELECT count(*) FROM time_entry WHERE id = ?", entry.id) == (0,)
        )
        await until(pilot, lambda: screen.grid is not None and screen.grid.total == g.total - entry.minutes)


async def test_i_logs_time_on_the_highlighted_project_and_day(demo_store: Store) -> None:
    g = _grid(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(pilot, app)
        t = screen.query_one("#ts-grid", DataTable)
        t.focus()
        t.move_cursor(row=0, column=2)  # Tuesday
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, TimeForm))
        form = app.screen
        assert form.ref == g.rows[0].project
        assert form.query_one("#on", DateInput).value == g.days[1].isoformat()
        form.query_one("#hours", HoursInput).value = "1h30m"
        await pilot.press("f2")
        await until(pilot, lambda: app.screen is screen)
        await until(
            pilot,
            lambda: screen.grid is not None and screen.grid.rows[0].minutes[1] == g.rows[0].minutes[1] + 90,
        )
