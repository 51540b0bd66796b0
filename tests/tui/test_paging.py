"""Lists longer than a page, driven with Pilot: the first load reads one page, reaching the end reads the
next, ``/`` filters in SQL (the rows match a SQL count) and clearing it restores the list."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from amtui.services.clients import projects as projects_service
from amtui.services.money import change_orders as co_service
from amtui.store import Store
from amtui.tui.screens.change_orders import STATUS_ORDER, ChangeOrdersScreen
from amtui.tui.widgets.paged_table import PAGE_SIZE, PagedTable
from tests.bulk import add_accounts, add_change_orders, add_escalations, add_interactions, add_opportunities
from tests.tui.helpers import cells, make_app, until


def _count(store: Store, sql: str) -> int:
    with sqlite3.connect(store.path) as db:
        return int(db.execute(sql).fetchone()[0])


def _paged(app: Any, selector: str) -> PagedTable:
    return app.screen.query_one(selector, PagedTable)


def _text(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_change_orders_read_a_page_then_the_next_at_the_end(demo_store: Store) -> None:
    add_change_orders(demo_store, 250)
    total = _count(demo_store, "select count(*) from change_order")
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("c")
        t = _paged(app, "#cos")
        await until(pilot, lambda: t.total == total and t.row_count > 0, what="first page")
        await pilot.pause(0.3)
        assert t.row_count == PAGE_SIZE < total  # one page read, not the whole list
        await until(pilot, lambda: f"1–100 of {total}" in _text(app, "#cos-title"), what="count")
        statuses = [r[1] for r in cells(t)]
        assert statuses == sorted(statuses, key=STATUS_ORDER.index)  # the order is SQL's, page by page
        await pilot.press("end")  # the cursor reaches the last row read: the next page comes
        await until(pilot, lambda: t.row_count == 2 * PAGE_SIZE, what="second page")
        await until(pilot, lambda: f"1–200 of {total}" in _text(app, "#cos-title"), what="count")
        await pilot.press("end")
        await until(pilot, lambda: t.row_count == total, what="last page")
        numbers = [r[0] for r in cells(t)]
        assert len(set(numbers)) == total  # no row twice, none skipped
        await pilot.press("end")
        await pilot.pause(0.2)
        assert t.row_count == total


async def test_change_order_filter_is_a_sql_where(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    add_change_orders(demo_store, 250)
    total = _count(demo_store, "select count(*) from change_order")
    banners = _count(demo_store, "select count(*) from change_order where title like '%banner%'")
    videos = _count(demo_store, "select count(*) from change_order where title like '%video%'")
    sent = _count(demo_store, "select count(*) from change_order where status = 'sent'")
    calls: list[tuple[str | None, str | None, int]] = []
    real = co_service.page_change_orders

    def spy(session: Any, **kw: Any) -> Any:
        calls.append((kw.get("text"), kw.get("status"), kw.get("offset", 0)))
        return real(session, **kw)

    monkeypatch.setattr(co_service, "page_change_orders", spy)
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("c")
        t = _paged(app, "#cos")
        await until(pilot, lambda: t.total == total)
        await pilot.press("slash", *"banner")
        await until(pilot, lambda: t.total == banners, what="the filter")
        assert banners > PAGE_SIZE and t.row_count == PAGE_SIZE
        assert all("banner" in r[3].lower() for r in cells(t))
        assert calls[-1] == ("banner", None, 0)  # the service got the filter: SQL did the narrowing
        await until(pilot, lambda: f"1–100 of {banners}" in _text(app, "#cos-title"), what="count")
        # Typing fast reads once, after the pause.
        box = app.screen.query_one("#cos-filter")
        before = len(calls)
        for value in ("v", "vi", "vid", "vide", "video"):
            box.value = value  # type: ignore[attr-defined]
        await until(pilot, lambda: t.total == videos, what="the second filter")
        await pilot.pause(0.3)
        assert calls[before:] == [("video", None, 0)]
        box.value = ""  # type: ignore[attr-defined]
        await until(pilot, lambda: t.total == total, what="the filter cleared")
        assert t.row_count == PAGE_SIZE
        await pilot.press("enter", "f")  # the status filter is SQL too
        await until(pilot, lambda: t.total == sent, what="only sent")
        assert calls[-1][1] == "sent" and {r[1] for r in cells(t)} == {"sent"}


async def test_opening_a_change_order_beyond_the_first_page_reads_until_it_shows(demo_store: Store) -> None:
    add_change_orders(demo_store, 250)
    with sqlite3.connect(demo_store.path) as db:
        last = db.execute("select max(number) from change_order where status = 'void'").fetchone()[0]
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        app.open_target("change-orders", f"CO-{last}")
        screen = app.screen
        assert isinstance(screen, ChangeOrdersScreen)
        await until(pilot, lambda: screen.selected() == f"CO-{last}", what="the order highlighted")
        assert screen.table.row_count > PAGE_SIZE


async def test_the_interaction_log_pages_through_everything(demo_store: Store) -> None:
    add_interactions(demo_store, "northwind", 300)
    total = _count(
        demo_store,
        "select count(*) from interaction join account on account.id = account_id where slug = 'northwind'",
    )
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        app.open_target("account", "northwind")
        await until(pilot, lambda: _paged(app, "#interactions").total == total, what="the log")
        t = _paged(app, "#interactions")
        await pilot.pause(0.3)
        assert t.row_count == PAGE_SIZE and total > 300  # not the old cap of 50, not everything
        await until(
            pilot, lambda: f"1–100 of {total}" in _text(app, "#interactions-title"), what="the count shown"
        )
        t.focus()
        await pilot.press("end")
        await until(pilot, lambda: t.row_count == 2 * PAGE_SIZE, what="second page")
        t.scroll_end(animate=False)  # scrolling to the bottom reads on too
        await until(pilot, lambda: t.row_count == 3 * PAGE_SIZE, what="third page")
        await pilot.press("end")
        await until(pilot, lambda: t.row_count == total, what="everything")
        dates = [r[0] for r in cells(t)]
        assert dates == sorted(dates, reverse=True)
        assert len({str(k.value) for k in t.rows}) == total


async def test_accounts_page_and_filter_by_name_or_slug(demo_store: Store) -> None:
    add_accounts(demo_store, 120)
    total = _count(demo_store, "select count(*) from account where status != 'archived'")
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("a")
        t = _paged(app, "#accounts")
        await until(pilot, lambda: t.total == total, what="accounts")
        await pilot.pause(0.3)
        assert t.row_count == PAGE_SIZE < total
        await until(
            pilot, lambda: f"1–100 of {total}" in _text(app, "#accounts-title"), what="the count shown"
        )
        await pilot.press("slash", *"client 01")
        await until(pilot, lambda: t.total == 10, what="the filter")
        assert [str(k.value) for k in t.rows] == [f"bulk-01{i}" for i in range(10)]
        app.screen.query_one("#accounts-filter").value = ""  # type: ignore[attr-defined]
        await until(pilot, lambda: t.total == total and t.row_count == PAGE_SIZE, what="cleared")
        t.focus()
        await pilot.press("end")
        await until(pilot, lambda: t.row_count == total, what="the rest")


async def test_the_budget_filter_is_read_in_sql(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    helios = _count(
        demo_store,
        "select count(*) from project join account on account.id = account_id "
        "where account.slug like '%helios%' and project.status = 'active'",
    )
    asked: list[str | None] = []
    real = projects_service.book_health_matching

    def spy(session: Any, text: str | None, **kw: Any) -> Any:
        asked.append(text)
        return real(session, text, **kw)

    monkeypatch.setattr(projects_service, "book_health_matching", spy)
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("b")
        t = app.screen.query_one("#budget")
        await until(pilot, lambda: t.row_count == 7)  # type: ignore[attr-defined]  # summer-campaign: not started
        await pilot.press("slash", *"helios")
        await until(pilot, lambda: t.row_count == helios == 3, what="the filter")  # type: ignore[attr-defined]
        assert asked[-1] == "helios"
        # The filtered month-end figures (the check-in's) follow in their own read: counted once in.
        await until(pilot, lambda: app.screen.data.moves is not None, what="the month-end read")  # type: ignore[attr-defined]
        filtered_reads = len(asked)
        app.screen.query_one("#budget-filter").value = ""  # type: ignore[attr-defined]
        await until(pilot, lambda: t.row_count == 7, what="cleared")  # type: ignore[attr-defined]
        assert len(asked) == filtered_reads  # no filter: the whole book, from the reads screens share


async def test_escalations_read_a_page_at_a_time(demo_store: Store) -> None:
    from amtui.tui.screens.escalations import EscalationsScreen
    from tests.conftest import TODAY

    add_escalations(demo_store, 230)
    everything = _count(demo_store, "select count(*) from escalation")
    open_ = _count(demo_store, "select count(*) from escalation where status = 'open'")
    app = make_app(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = EscalationsScreen(today=TODAY)
        await app.push_screen(screen)
        t = _paged(app, "#esc-table")
        await until(pilot, lambda: t.total == open_, what="open escalations")
        await pilot.pause(0.3)
        assert t.row_count == PAGE_SIZE < open_
        await until(pilot, lambda: f"1–100 of {open_} shown" in _text(app, "#esc-title"), what="count")
        await pilot.press("f")  # all: reads from the first page again
        await until(pilot, lambda: t.total == everything, what="all escalations")
        assert t.row_count == PAGE_SIZE
        await pilot.press("end")
        await until(pilot, lambda: t.row_count == 2 * PAGE_SIZE, what="second page")
        await pilot.press("k")  # the register: other columns, open ones by score
        await until(pilot, lambda: len(t.columns) == 11 and t.total == open_, what="the register")
        scores = [int(str(r[5])) for r in cells(t)]
        assert len(scores) == PAGE_SIZE and scores == sorted(scores, reverse=True)


async def test_the_pipeline_reads_a_page_at_a_time(demo_store: Store) -> None:
    from amtui.tui.screens.pipeline import PipelineScreen
    from tests.conftest import TODAY

    add_opportunities(demo_store, 260)
    open_ = _count(demo_store, "select count(*) from opportunity where status = 'open'")
    everything = _count(demo_store, "select count(*) from opportunity")
    app = make_app(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await app.push_screen(PipelineScreen(today=TODAY))
        t = _paged(app, "#pipe-opps")
        await until(pilot, lambda: t.total == open_, what="open opportunities")
        await pilot.pause(0.3)
        assert t.row_count == PAGE_SIZE < open_
        await until(pilot, lambda: f"1–100 of {open_}" in _text(app, "#pipe-title"), what="count")
        await until(pilot, lambda: "Total" in _text(app, "#pipe-totals"), what="the sums")
        await pilot.press("w")  # won and lost too
        await until(pilot, lambda: t.total == everything, what="all opportunities")
        await pilot.press("end")
        await until(pilot, lambda: t.row_count == 2 * PAGE_SIZE, what="second page")
