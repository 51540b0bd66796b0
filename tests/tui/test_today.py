"""Today on the demo book: the right worries, most urgent first, each opening its account."""

from __future__ import annotations

import pytest

from amtui.store import Store
from amtui.tui.screens.account_detail import AccountDetailScreen
from amtui.tui.screens.today import TodayScreen
from tests.tui.helpers import cells, make_app, table, until


async def test_today_lists_what_needs_the_am_most_urgent_first(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        assert isinstance(app.screen, TodayScreen)
        await until(pilot, lambda: table(app, "#today").row_count > 0, what="today rows")
        rows = cells(table(app, "#today"))
        titles = [r[2] for r in rows]
        assert "Northwind Outfitters has no primary contact" in titles
        assert "No contact with Bramble Foods in 16 days" in titles
        assert "Quokka Cloud renews in 41 days" in titles
        assert rows[0][0] == "now"  # money being lost comes first
        # "soon" (a primary contact gone) comes before "this week" and "ahead".
        assert titles.index("Northwind Outfitters has no primary contact") < titles.index(
            "Quokka Cloud renews in 41 days"
        )
        assert (
            "Dana Ruiz left 35 days ago"
            in rows[titles.index("Northwind Outfitters has no primary contact")][3]
        )
        assert app.screen.sub_title == f"{demo_store.path.name} · Sat 28 Nov 2026"


async def test_enter_opens_the_account_a_line_is_about(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        t = table(app, "#today")
        row = next(i for i, r in enumerate(cells(t)) if "Bramble" in r[2])
        t.move_cursor(row=row)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen))
        assert app.screen.slug == "bramble"  # type: ignore[attr-defined]
        await until(pilot, lambda: table(app, "#interactions").row_count == 2)
        assert app.current_mode == "accounts"
        await pilot.press("escape")
        assert type(app.screen).__name__ == "AccountsScreen"


async def test_a_long_list_is_put_in_the_table_a_page_at_a_time(demo_store: Store) -> None:
    """Thousands of lines must not freeze the UI: the table gets PAGE rows, the next page at its end."""
    from amtui.services.clients.accounts import add_account
    from amtui.store import unit_of_work
    from amtui.tui.screens.today import PAGE

    with unit_of_work(demo_store, "test") as uow:  # never contacted: one Today line each
        for n in range(PAGE + 30):
            add_account(uow, f"Quiet Client {n:03d}")
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0, what="today rows")
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        total = len(screen.items)
        assert total > PAGE + 30
        t = table(app, "#today")
        assert t.row_count == PAGE
        summary = str(screen.query_one("#today-summary").render())
        assert f"{total} things need you" in summary and f"first {PAGE} listed" in summary
        t.focus()
        await pilot.press("ctrl+end")  # the last loaded row: the next page follows
        await until(pilot, lambda: t.row_count == min(total, 2 * PAGE), what="the next page")
        assert [r[2] for r in cells(t)] == [i["title"] for i in screen.items[: t.row_count]]


async def test_accounts_and_budget_reuse_the_reads_computed_while_today_shows(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first visit to Accounts lays out figures computed in the background; a write recomputes them."""
    from amtui.services.money import budget

    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0, what="today rows")
        await until(pilot, lambda: not any(w.group == "prewarm" for w in app.workers), what="prewarm")
        calls: list[object] = []
        real = budget.book_health

        def counting(*args: object, **kw: object) -> object:
            calls.append(kw.get("as_of"))
            return real(*args, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(budget, "book_health", counting)
        await pilot.press("a")
        await until(pilot, lambda: table(app, "#accounts").row_count > 0, what="accounts rows")
        await pilot.press("b")
        await until(pilot, lambda: table(app, "#budget").row_count > 0, what="budget rows")
        assert calls == []  # nothing recomputed: Today's and the prewarm's figures were reused
        app.data_changed(reload_active=True)  # a write (a form saved, an undo)
        await until(pilot, lambda: len(calls) > 0, what="a fresh read after the write")


async def test_a_real_session_freezes_the_collector_once_everything_is_loaded(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    app = make_app(demo_store)
    app.freeze_gc = True  # as run_tui sets it
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0, what="today rows")
        await until(pilot, lambda: bool(frozen), what="gc.freeze after the prewarm")
    test_app = make_app(demo_store)  # tests and embedders do not freeze
    assert test_app.freeze_gc is False
