"""The status report in the TUI: R on Accounts and on an account, the palette's "Status report", the client
version first, v for the internal one, a period to pick, and exports written like ``amtui report status``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.containers import Grid

from amtui.exporters.status_report import render_markdown
from amtui.services.overview.reports import status_report
from amtui.store import Store
from amtui.tui.screens.status_report import CHART_KEYS, StatusReportScreen
from amtui.tui.widgets.report_chart import ReportChart
from tests.conftest import TODAY
from tests.tui.helpers import make_app, until

WEEK = (TODAY.replace(day=22), TODAY)


def _cli_text(store: Store, account: str, audience: str, first: Any = WEEK[0], last: Any = WEEK[1]) -> str:
    with store.read() as session:
        return render_markdown(status_report(session, account, first, last, audience=audience))


async def test_r_on_accounts_opens_the_client_version_and_v_switches(
    demo_store: Store, tmp_path: Path
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("a")
        await until(pilot, lambda: app.screen.table.row_count == 4, what="the accounts")  # type: ignore[attr-defined]
        slug = app.screen.selected_slug()  # type: ignore[attr-defined]
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, StatusReportScreen), what="the report screen")
        screen = app.screen
        assert isinstance(screen, StatusReportScreen) and screen.account == slug
        screen.export_dir = tmp_path
        await until(pilot, lambda: screen.report is not None, what="the report")
        client = _cli_text(demo_store, slug, "client")
        assert screen.audience == "client" and screen.text == client
        assert "Internal version" not in screen.text
        await pilot.press("w")
        written = tmp_path / f"{slug}-status-2026-11-28-client.md"
        await until(pilot, written.exists, what="the client export")
        assert written.read_text() == client
        assert (written.stat().st_mode & 0o777) == 0o600  # the CLI's writer
        await pilot.press("v")
        await until(pilot, lambda: "Internal version" in screen.text, what="the internal version")
        assert screen.text == _cli_text(demo_store, slug, "internal")
        await pilot.press("h")
        page = tmp_path / f"{slug}-status-2026-11-28-internal.html"
        await until(pilot, page.exists, what="the html export")
        assert page.read_text().startswith("<!DOCTYPE html>") and "Internal version" in page.read_text()
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, StatusReportScreen), what="back")


async def test_r_on_an_account_and_the_period_keys(demo_store: Store, tmp_path: Path) -> None:
    from amtui.tui.screens.account_detail import AccountDetailScreen

    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await app.push_screen(AccountDetailScreen("northwind"))
        await pilot.pause(0.2)
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, StatusReportScreen), what="the report screen")
        screen = app.screen
        assert isinstance(screen, StatusReportScreen) and screen.account == "northwind"
        screen.export_dir = tmp_path
        await until(pilot, lambda: "2026-11-22 to 2026-11-28" in screen.text, what="the week")
        await until(pilot, lambda: screen.report is not None, what="the report")
        _assert_charts(screen, {"spend", "conversions", "kpi", "progress"})  # client: no burn
        await pilot.press("v")
        await until(
            pilot, lambda: screen.report is not None and screen.report.audience == "internal", what="v"
        )
        await until(
            pilot, lambda: screen.query_one("#report-chart-burn", ReportChart).display, what="the burn"
        )
        _assert_charts(screen, {"spend", "conversions", "kpi", "progress", "burn"})
        await pilot.press("v")
        await until(
            pilot, lambda: not screen.query_one("#report-chart-burn", ReportChart).display, what="client"
        )
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: "2026-11-15 to 2026-11-21" in screen.text, what="the week before")
        assert screen.text == _cli_text(
            demo_store, "northwind", "client", TODAY.replace(day=15), TODAY.replace(day=21)
        )
        await pilot.press("right_square_bracket", "right_square_bracket")  # never past today
        await until(pilot, lambda: "2026-11-22 to 2026-11-28" in screen.text, what="back to this week")
        await pilot.press("m")
        await until(pilot, lambda: "2026-11-01 to 2026-11-28" in screen.text, what="the month")
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: "2026-10-01 to 2026-10-31" in screen.text, what="last month, whole")
        # A file already there is kept: the export goes to the next free name.
        target = screen.export_path("md")
        target.write_text("mine")
        await pilot.press("w")
        await pilot.pause(0.3)
        assert target.read_text() == "mine"
        screen.show_charts(None)  # a report that could not be read: no chart
        assert not any(screen.query_one(f"#report-chart-{k}", ReportChart).display for k in CHART_KEYS)
        assert not screen.query_one("#report-charts", Grid).display


def _assert_charts(screen: StatusReportScreen, shown: set[str]) -> None:
    """The charts on screen are the report's: its days' spend against its media plan, each KPI's attainment,
    each project's progress (and burn, when this version carries it) — and plotext drew them."""
    r = screen.report
    assert r is not None
    charts = {k: screen.query_one(f"#report-chart-{k}", ReportChart) for k in CHART_KEYS}
    assert {k for k, w in charts.items() if w.display} == shown
    latest = r.comparison.latest_on
    assert latest is not None and latest < WEEK[1]  # the last day is after the latest import: a gap
    known = (latest - WEEK[0]).days + 1
    spend = charts["spend"].chart
    assert spend is not None and spend.title == "Media spend by day against the media plan"
    assert spend.series[0].values == [float(c) for c in r.daily_spend_cents[:known]] + [None] * (7 - known)
    assert spend.series[1].values == [float(c) for c in r.daily_plan_cents] and any(r.daily_plan_cents)
    kpi = charts["kpi"].chart
    assert kpi is not None and kpi.series[0].values == [
        (k.attainment or 0) * 100 for k in r.kpis if k.attainment
    ]
    progress = charts["progress"].chart
    assert progress is not None and progress.series[0].values == [(b.complete or 0) * 100 for b in r.budget]
    if "burn" in shown:
        burn = charts["burn"].chart
        assert burn is not None and burn.series[0].values == [(b.burn or 0) * 100 for b in r.budget]
        assert all(b.burn is not None for b in r.budget)
    else:
        assert all(b.burn is None for b in r.budget)
    for key in shown:
        drawn = charts[key].plt.build()
        assert charts[key].chart.title.split(" (")[0][:20] in drawn, key  # type: ignore[union-attr]


async def test_the_palette_offers_the_status_report(demo_store: Store) -> None:
    from amtui.tui.commands import Book, _accounts

    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        commands = {t: cb for t, _, cb in _accounts(app, Book([("quokka", "Quokka Cloud")]))}
        commands["Status report: Quokka Cloud"]()
        await until(pilot, lambda: isinstance(app.screen, StatusReportScreen), what="the report screen")
        assert app.screen.account == "quokka" and app.screen.audience == "client"  # type: ignore[attr-defined]
