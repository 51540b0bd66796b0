"""Performance, Pipeline and Escalations screens on the demo book, driven with Pilot."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import DataTable, Sparkline, Static

from amtui.store import Store
from amtui.tui.app import AmApp
from amtui.tui.screens.escalations import EscalationsScreen
from amtui.tui.screens.performance import PerformanceScreen
from amtui.tui.screens.pipeline import PipelineScreen
from tests.conftest import TODAY, Cli


def plain(cell: object) -> str:
    return Text.from_markup(str(cell)).plain


async def _rows(pilot, table: DataTable, n: int | None = None) -> None:  # type: ignore[no-untyped-def]
    for _ in range(100):
        if table.row_count and not table.loading and (n is None or table.row_count == n):
            return
        await pilot.pause(0.05)
    raise AssertionError(f"table {table.id} never filled (rows={table.row_count})")


async def test_performance_screen_shows_targets_pacing_and_campaigns(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = PerformanceScreen(today=TODAY)
        await app.push_screen(screen)
        projects = screen.query_one("#perf-projects", DataTable)
        await _rows(pilot, projects)
        helios = projects.get_row("helios/always-on-search")
        assert "CPA $52.00 vs $45.00 ✗" in plain(helios[6])
        assert plain(helios[5]).startswith("over")
        campaigns = screen.query_one("#perf-campaigns", DataTable)
        await _rows(pilot, campaigns)
        assert {str(k.value) for k in campaigns.rows} == {"Search - Brand", "Search - Generic"}
        assert len(screen.query_one("#perf-spend", Sparkline).data or []) == 30
        # Move to Northwind: its retargeting campaign beats the ROAS target.
        projects.move_cursor(row=projects.get_row_index("northwind/spring-launch"))
        await pilot.pause(0.1)
        row = campaigns.get_row("Spring Launch - Retargeting")
        assert "ROAS 5.10x vs 4.00x ✓" in plain(row[9])
        await pilot.press("7")
        for _ in range(100):
            if "(week)" in str(screen.query_one("#perf-title", Static).render()):
                break
            await pilot.pause(0.05)
        assert "2026-11-22 → 2026-11-28 (week)" in str(screen.query_one("#perf-title", Static).render())


async def test_pipeline_screen_lists_weighted_totals(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = PipelineScreen(today=TODAY)
        await app.push_screen(screen)
        table = screen.query_one("#pipe-opps", DataTable)
        await _rows(pilot, table, 5)
        assert table.get_row("OPP-1")[7] == "$14,400.00"
        for _ in range(100):  # the sums come from their own worker, after or before the first page
            totals = str(screen.query_one("#pipe-totals", Static).render())
            if totals:
                break
            await pilot.pause(0.05)
        assert "Total: 5 open · $208,000.00 · $69,600.00 weighted" in totals
        await pilot.press("w")  # won and lost too (a is Accounts, everywhere)
        await _rows(pilot, table, 7)
        assert "won" in plain(table.get_row("OPP-6")[9])


async def test_escalations_screen_open_all_and_register(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = EscalationsScreen(today=TODAY)
        await app.push_screen(screen)
        table = screen.query_one("#esc-table", DataTable)
        await _rows(pilot, table, 4)
        assert "2d overdue" in plain(table.get_row("ESC-2")[7])
        assert str(table.get_row_at(0)[0]) == "ESC-4"  # critical first
        table.move_cursor(row=table.get_row_index("ESC-1"))
        await pilot.pause(0.1)
        assert "Plan: Pause broad match" in str(screen.query_one("#esc-detail", Static).render())
        await pilot.press("f")  # open / all (o is Pipeline, everywhere)
        await _rows(pilot, table, 5)
        assert table.get_row("ESC-3")[-1] == "resolved"  # the resolved one is back
        await pilot.press("f", "k")
        for _ in range(100):
            if len(table.columns) == 11 and table.row_count == 4:
                break
            await pilot.pause(0.05)
        scores = [int(str(table.get_row_at(i)[5])) for i in range(table.row_count)]
        assert scores == sorted(scores, reverse=True) and scores[0] == 20


async def test_status_report_screen_shows_and_exports(demo_store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from amtui.tui.screens.status_report import StatusReportScreen

    app = AmApp(demo_store)
    async with app.run_test(size=(140, 50)) as pilot:
        screen = StatusReportScreen("helios", today=TODAY, export_dir=tmp_path, audience="internal")
        await app.push_screen(screen)
        for _ in range(100):
            if screen.text:
                break
            await pilot.pause(0.05)
        assert "# Helios Bank — status 2026-11-22 to 2026-11-28" in screen.text
        assert "| CPA | $52.00 | $45.00 | ❌ missed |" in screen.text
        await pilot.press("w")  # export (e is Escalations, everywhere)
        await pilot.pause(0.1)
        written = tmp_path / "helios-status-2026-11-28-internal.md"
        assert written.read_text() == screen.text
        assert written.stat().st_mode & 0o777 == 0o600  # through store.files.write_private
        written.write_text("my own edits")
        await pilot.press("w")  # a second export never overwrites the first
        await pilot.pause(0.1)
        assert written.read_text() == "my own edits"
        assert (tmp_path / "helios-status-2026-11-28-internal-2.md").read_text() == screen.text
        await pilot.press("m")
        for _ in range(100):
            if "2026-11-01 to 2026-11-28" in screen.text:
                break
            await pilot.pause(0.05)
        assert "2026-11-01 to 2026-11-28" in screen.text


async def test_open_ref_puts_the_cursor_on_the_row(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = EscalationsScreen(today=TODAY)
        await app.push_screen(screen)
        screen.open_ref("esc-2")
        table = screen.query_one("#esc-table", DataTable)
        await _rows(pilot, table, 4)
        await pilot.pause(0.1)
        assert str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value) == "ESC-2"
        await pilot.press("escape")  # pushed: back pops it
        await pilot.pause(0.1)
        assert app.screen is not screen


async def test_the_pipeline_screen_and_opp_list_show_the_same_columns(
    demo_store: Store, demo_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One column list (``services/growth/pipeline.LIST_COLUMNS``) for the screen and ``amtui opp list``."""
    from amtui.services.growth.pipeline import LIST_COLUMNS

    monkeypatch.setenv("COLUMNS", "250")  # one line per row in the one-liner's table
    header, *lines = [ln.strip() for ln in demo_cli.ok("opp", "list").splitlines() if ln.strip()]
    assert header.split() == " ".join(LIST_COLUMNS).split()
    app = AmApp(demo_store)
    async with app.run_test(size=(200, 40)) as pilot:
        screen = PipelineScreen(today=TODAY)
        await app.push_screen(screen)
        table = screen.query_one("#pipe-opps", DataTable)
        await _rows(pilot, table, 5)
        assert tuple(str(c.label) for c in table.columns.values()) == LIST_COLUMNS
        cli_row = next(ln for ln in lines if ln.startswith("OPP-1 "))
        for cell in table.get_row("OPP-1"):
            assert plain(cell) in cli_row
