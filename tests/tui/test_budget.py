"""The Budget screen: each project's figures as the budget service computes them, the monthly check-in,
the burn chart, and the time/cost forms."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date, timedelta

import pytest

import amtui.services.money.checkin as checkin
from amtui.core.money import format_money
from amtui.services.money.actuals import log_cost, log_time
from amtui.services.money.budget import book_health, project_health
from amtui.services.money.budget_health import pct
from amtui.store import Store, unit_of_work
from amtui.tui.screens.actual_forms import CostForm, TimeForm
from amtui.tui.screens.budget import HEALTH_COLUMNS, BudgetScreen
from amtui.tui.widgets.burn_chart import BurnChart
from amtui.tui.widgets.fields import FormField
from tests.conftest import TODAY, dump
from tests.tui.helpers import make_app, table, until

REF = "helios/always-on-search"


def _spend(store: Store) -> None:
    with unit_of_work(store, "test") as uow:
        log_time(uow, REF, 40 * 60, on=TODAY - timedelta(days=40), today=TODAY)  # $6,000 last month
        log_time(uow, REF, 20 * 60, on=TODAY - timedelta(days=2), today=TODAY)  # $3,000 this month
        log_cost(uow, REF, 25_000_00, on=TODAY - timedelta(days=1), today=TODAY)


async def test_budget_shows_every_project_as_the_service_computes_it(demo_store: Store) -> None:
    _spend(demo_store)
    with demo_store.read() as s:
        expected = {h.project: h for h in book_health(s, as_of=TODAY)}
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("b")
        assert isinstance(app.screen, BudgetScreen)
        t = table(app, "#budget")
        await until(pilot, lambda: t.row_count == len(expected), what="budget rows")
        row = [str(c) for c in t.get_row(REF)]
        h = expected[REF]
        assert row[1] == "$60,000" and row[3] == "$60,000"
        assert row[4] == format_money(h.actual_cents, "USD", whole=True)
        assert row[5] == f"{h.burn * 100:.0f}%"  # type: ignore[operator]
        assert row[7] == format_money(h.eac_cents or 0, "USD", whole=True)
        assert row[10] == h.status
        assert row[9] == (
            "—" if h.margin_pct is None else ("~" if h.uncosted_minutes else "") + pct(h.margin_pct)
        )
        # The chart follows the highlighted project.
        t.move_cursor(row=t.get_row_index(REF))
        chart = app.screen.query_one(BurnChart)
        await until(pilot, lambda: chart.series is not None and chart.series.project == REF, what="chart")
        assert chart.series is not None and chart.series.cumulative_cents[-1] == h.actual_cents


async def test_filter_and_monthly_check_in(demo_store: Store) -> None:
    _spend(demo_store)
    with demo_store.read() as s:
        now = project_health(s, REF, as_of=TODAY)
        then = project_health(s, REF, as_of=date(2026, 10, 31))
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("b")
        t = table(app, "#budget")
        await until(pilot, lambda: t.row_count == 7)  # northwind/summer-campaign has not started
        await pilot.press("slash", *"helios", "enter")
        await until(pilot, lambda: t.row_count == 3)
        assert all(str(r.value).startswith("helios/") for r in t.rows)
        await pilot.press("m")
        await until(pilot, lambda: len(t.columns) == 7)
        row = [str(c) for c in t.get_row(REF)]
        # This month's spend includes the $3,000 of time and the $25,000 cost, not last month's $6,000.
        assert row[4] == format_money(now.actual_cents - then.actual_cents, "USD", whole=True)
        assert now.actual_cents - then.actual_cents >= 28_000_00
        assert "end of October" in str(app.screen.query_one("#budget-title").render())


async def test_table_shows_before_last_months_check_in(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first visit shows today's figures without waiting on last month's: ``m`` says the check-in is
    being read, and shows it once its read is in."""
    release = threading.Event()
    real_moves = checkin.moves

    def held_moves(*args: object, **kwargs: object) -> object:
        release.wait(10)
        return real_moves(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checkin, "moves", held_moves)
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("b")
        t = table(app, "#budget")
        await until(pilot, lambda: t.row_count == 7, what="budget rows while the check-in is held")
        screen = app.screen
        assert isinstance(screen, BudgetScreen) and screen.data is not None and screen.data.moves is None
        await pilot.press("m")
        await until(pilot, lambda: "reading end of" in str(screen.query_one("#budget-title").render()))
        assert len(t.columns) == len(HEALTH_COLUMNS)
        release.set()
        await until(pilot, lambda: len(t.columns) == 7, what="monthly columns")
        assert screen.data is not None and screen.data.moves is not None and t.row_count == 7
        assert "end of October" in str(screen.query_one("#budget-title").render())


async def test_time_and_cost_forms(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("b")
        t = table(app, "#budget")
        await until(pilot, lambda: t.row_count == 7)  # northwind/summer-campaign has not started
        t.move_cursor(row=t.get_row_index(REF))
        before = dump(demo_store.path)
        with demo_store.read() as s:
            base = project_health(s, REF, as_of=TODAY).actual_cents
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, TimeForm))
        fields = {f.input.id: f for f in app.screen.query(FormField)}
        fields["hours"].input.value = "two hours"
        fields["on"].input.value = "tomorrow"
        await pilot.press("f2")
        assert "not hours" in fields["hours"].error
        fields["hours"].input.value = "2.5"
        await pilot.press("f2")  # a future date is the service's refusal: shown on the form
        await until(pilot, lambda: "in the future" in str(app.screen.query_one("#form-error").render()))
        assert dump(demo_store.path) == before
        fields["on"].input.value = "yesterday"
        fields["cost_rate"].input.value = "-80"
        await pilot.press("f2")
        assert "must not be negative" in fields["cost_rate"].error
        assert dump(demo_store.path) == before
        fields["cost_rate"].input.value = "$80"
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, BudgetScreen), what="saved")
        # 2.5h at $150
        await until(pilot, lambda: str(t.get_row(REF)[4]) == format_money(base + 375_00, "USD", whole=True))
        con = sqlite3.connect(demo_store.path)
        last = con.execute(
            "SELECT minutes, cost_rate_cents, cost_cents FROM time_entry ORDER BY id DESC"
        ).fetchone()
        con.close()
        assert last == (150, 80_00, 200_00)
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, CostForm))
        fields = {f.input.id: f for f in app.screen.query(FormField)}
        fields["amount"].input.value = "1.234,56"
        await pilot.press("f2")
        assert "use a dot for decimals" in fields["amount"].error
        fields["amount"].input.value = "$1,000"
        fields["note"].input.value = "Stock images"
        await pilot.press("f2")
        await until(pilot, lambda: str(t.get_row(REF)[4]) == format_money(base + 1375_00, "USD", whole=True))


async def test_a_book_of_many_projects_goes_in_a_page_at_a_time(demo_store: Store) -> None:
    from amtui.services.clients.projects import add_project
    from amtui.tui.screens.budget import PAGE

    with unit_of_work(demo_store, "test") as uow:
        for n in range(PAGE + 20):
            add_project(uow, f"helios/extra-{n:03d}", f"Extra {n:03d}", budget_cents=10_000_00)
    with demo_store.read() as s:
        expected = [h.project for h in book_health(s, as_of=TODAY)]
    assert len(expected) > PAGE + 20
    app = make_app(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("b")
        await until(pilot, lambda: table(app, "#budget").row_count > 0, what="budget rows")
        t = table(app, "#budget")
        assert t.row_count == PAGE
        assert [str(r.value) for r in t.rows] == expected[:PAGE]
        title = str(app.screen.query_one("#budget-title").render())
        assert f"{len(expected)} projects" in title and f"first {PAGE} listed" in title
        t.focus()
        await pilot.press("ctrl+end")
        await until(pilot, lambda: t.row_count == min(len(expected), 2 * PAGE), what="the next page")
        assert [str(r.value) for r in t.rows] == expected[: t.row_count]
        # Opening a project beyond what is listed puts it in the table and on the cursor.
        screen = app.screen
        assert isinstance(screen, BudgetScreen)
        screen.open_ref(expected[-1])
        await until(pilot, lambda: screen.selected_ref() == expected[-1], what="the far project selected")
