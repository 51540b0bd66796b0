"""What keeps a screen switch cheap, each kept by a test: one key-bar widget instead of a widget per key,
no CSS re-parse on a first visit, no restyle of a screen shown again, the Timeline's first view read ahead,
and full garbage collections only between keys in a real session."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable

from amtui.store import Store
from amtui.tui.screens.timeline import TimelineScreen
from amtui.tui.widgets.key_bar import KeyBar
from tests.tui.helpers import cells, make_app, table, until

#: Every top-level screen's key, Today last.
SCREEN_KEYS = ("a", "b", "c", "r", "l", "p", "o", "e", "t")


def bar(app: Any) -> KeyBar:
    return app.screen.query_one(KeyBar)


async def test_the_key_bar_shows_the_screens_keys_and_the_palette(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        await until(pilot, lambda: bool(bar(app).keys), what="keys on the bar")
        today = {k.description for k in bar(app).keys}
        assert {"Reload", "Today", "Accounts", "Budget", "Help", "Quit"} <= today
        assert "Undo" not in today  # bound but not shown (listed by ?)
        assert bar(app).palette is not None and bar(app).palette.key == "ctrl+p"
        line = str(bar(app).render())
        assert "Accounts" in line and line.rstrip().endswith("palette")

        await pilot.press("c")
        await until(pilot, lambda: "New" in {k.description for k in bar(app).keys}, what="CO keys")
        assert "Reload" not in {k.description for k in bar(app).keys}  # Today's own key went with Today


async def test_keys_that_do_not_fit_are_left_out_whole_and_the_palette_keeps_its_place(
    demo_store: Store,
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(70, 30)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        await pilot.press("c")
        await until(pilot, lambda: "New" in {k.description for k in bar(app).keys}, what="CO keys")
        line = str(bar(app).render())
        assert len(line) == 70 and line.endswith("palette ")
        drawn = [key for _start, _end, key in bar(app)._spans]
        assert drawn[-1] == bar(app).palette
        assert 0 < len(drawn) - 1 < len(bar(app).keys)  # some keys left out
        for key in drawn[:-1]:
            assert f" {key.display} {key.description} " in line  # each shown key is whole


async def test_a_top_level_screen_does_not_offer_back(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(200, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        await pilot.press("l")
        await until(pilot, lambda: "Start" in {k.description for k in bar(app).keys}, what="timeline keys")
        assert "Back" not in {k.description for k in bar(app).keys}
        await pilot.press("p")
        await until(pilot, lambda: "Month" in {k.description for k in bar(app).keys}, what="performance keys")
        assert "Back" not in {k.description for k in bar(app).keys}


async def test_clicking_a_key_on_the_bar_presses_it(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        await until(pilot, lambda: bool(bar(app).keys))
        str(bar(app).render())  # where each key is drawn
        x = next(start for start, _end, key in bar(app)._spans if key.description == "Accounts")
        assert bar(app).key_at(x + 1) is not None and bar(app).key_at(x + 1).description == "Accounts"
        await pilot.click(KeyBar, offset=(x + 1, 0))
        await until(pilot, lambda: app.current_mode == "accounts", what="the Accounts screen")


async def test_the_keys_of_a_table_count_again_once_it_has_loaded(demo_store: Store) -> None:
    """A loading table's bindings do not count, and Textual says nothing when loading ends: the bar kept
    showing the keys of the moment the load started (the screen's ``enter`` instead of the table's)."""
    from amtui.tui.widgets.key_bar import shown_keys

    app = make_app(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        await pilot.press("a")
        await until(pilot, lambda: table(app, "#accounts").row_count > 0)
        await until(pilot, lambda: bar(app).keys == shown_keys(app.screen)[0], what="the bar to catch up")
        assert not table(app, "#accounts").loading


async def test_switching_back_and_forth_builds_no_widgets(demo_store: Store) -> None:
    """Textual's Footer rebuilt a widget per key on every switch (restyling ~12 widgets and leaving them as
    garbage for a full collection); the key bar keeps its list when the keys are the same."""
    app = make_app(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        await pilot.press("a")
        await until(pilot, lambda: table(app, "#accounts").row_count > 0)
        await until(pilot, lambda: bool(bar(app).keys))
        await pilot.pause(0.2)
        accounts = app.screen
        nodes, keys = len(list(accounts.walk_children())), bar(app).keys
        for _ in range(3):
            await pilot.press("t")
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
        assert app.screen is accounts
        assert len(list(accounts.walk_children())) == nodes
        assert bar(app).keys is keys  # the same tuple: nothing recomputed into a new one, nothing redrawn


async def test_a_first_visit_does_not_reparse_the_css(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A screen with its own CSS_PATH, or a new screen whose CSS counter lags the app's, made Textual
    re-parse every stylesheet and restyle the app on its first visit (~45 ms each on the bench machine)."""
    app = make_app(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        reparsed: list[bool] = []
        original = app.stylesheet.reparse
        monkeypatch.setattr(app.stylesheet, "reparse", lambda: reparsed.append(True) or original())
        for key in SCREEN_KEYS:
            await pilot.press(key)
            await pilot.pause()
        assert app.current_mode == "today"
        assert reparsed == []
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"  # a real change still does
        await pilot.pause()
        assert reparsed


async def test_a_screen_shown_again_is_not_restyled_unless_the_terminal_focus_changed(
    demo_store: Store,
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        await pilot.press("a")
        await until(pilot, lambda: table(app, "#accounts").row_count > 0)
        accounts = app.screen
        await pilot.press("t")
        await pilot.pause()

        restyled: list[Any] = []
        original = app.update_styles

        def spy(node: Any, animate: bool = True) -> None:
            restyled.append(node)
            original(node, animate=animate)

        app.update_styles = spy  # type: ignore[method-assign]
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is accounts
        assert accounts not in restyled  # its whole tree was styled as it mounted and nothing changed since

        # The terminal loses focus while Today shows: Accounts' :focus / :blur styles are out of date. (Not
        # with a key: a key press gives the app its focus back before it switches.)
        await pilot.press("t")
        await pilot.pause()
        app.app_focus = False
        await pilot.pause()
        restyled.clear()
        app.action_go("accounts")
        await pilot.pause()
        assert app.screen is accounts
        assert accounts in restyled


async def test_the_timelines_first_visit_shows_the_view_read_ahead(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The view and the team load under it (the strip) are read ahead: the first visit shows both in its
    first paint, reading nothing (the strip read in a worker took a second layout and paint after it)."""
    import amtui.services.timeline.load as timeline_load
    import amtui.services.timeline.read as timeline_read
    from amtui.tui.screens.timeline_rows import load_key
    from amtui.tui.widgets.load_strip import LoadStrip, load_text

    app = make_app(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        key, strip_key = TimelineScreen.first_view_key(app.today), load_key(app.today)
        await until(
            pilot,
            lambda: app.reads.peek(key) is not None and app.reads.peek(strip_key) is not None,
            what="the prewarm's timeline view and team load",
        )
        ahead, load_ahead = app.reads.peek(key), app.reads.peek(strip_key)
        reads: list[str] = []
        original = timeline_read.timeline_view
        monkeypatch.setattr(
            timeline_read, "timeline_view", lambda *a, **k: reads.append("view") or original(*a, **k)
        )
        loads = timeline_load.team_load
        monkeypatch.setattr(
            timeline_load, "team_load", lambda *a, **k: reads.append("load") or loads(*a, **k)
        )
        app.action_go("timeline")
        mounted = app.screen
        await until(pilot, lambda: mounted.is_mounted, what="the Timeline mounted")
        shown = app.screen.query_one("#timeline", DataTable)
        strip = app.screen.query_one("#timeline-load", LoadStrip)
        assert shown.row_count > 0  # at mount, before any worker could have run
        assert str(strip.render()) == str(load_text(load_ahead))
        await pilot.pause(0.2)
        assert reads == []  # shown from what the prewarm read
        assert {str(k.value) for k in shown.rows} >= {f"m{m.id}" for m in ahead.milestones[:10]}
        assert "milestones" in str(app.screen.query_one("#timeline-status").render())

        app.data_changed(reload_active=True)  # a write: both are read again, not taken from the cache
        await until(pilot, lambda: set(reads) == {"view", "load"}, what="a fresh read after the write")
        assert str(strip.render()) == str(load_text(load_ahead))  # the same figures, read


async def test_performances_first_visit_shows_the_figures_read_ahead(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import amtui.services.growth.performance as growth
    from amtui.tui.screens.performance import PerformanceScreen

    app = make_app(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        key = PerformanceScreen.first_view_key(app.today)
        await until(pilot, lambda: app.reads.peek(key) is not None, what="the prewarm's performance figures")
        ahead = app.reads.peek(key)
        reads: list[bool] = []
        original = growth.performance
        monkeypatch.setattr(growth, "performance", lambda *a, **k: reads.append(True) or original(*a, **k))
        await pilot.press("p")
        await until(pilot, lambda: table(app, "#perf-projects").row_count > 0, what="performance rows")
        assert reads == []  # shown from what the prewarm read
        assert [str(k.value) for k in table(app, "#perf-projects").rows] == [p.project for p in ahead]
        await pilot.press("9")  # another period is read, not taken from the cache
        await until(pilot, lambda: bool(reads), what="the 90-day read")


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[bool]]:
    """Record each screen ``fetch`` (Accounts, Change orders) and each read of an accounts page."""
    import amtui.services.clients.accounts as accounts_service
    from amtui.tui.screens.accounts import AccountsScreen
    from amtui.tui.screens.change_orders import ChangeOrdersScreen

    fetched: list[str] = []
    for screen in (AccountsScreen, ChangeOrdersScreen):
        original = screen.fetch
        monkeypatch.setattr(
            screen,
            "fetch",
            lambda self, session, o=original: fetched.append(type(self).__name__) or o(self, session),
        )
    pages: list[bool] = []
    page = accounts_service.page_accounts
    monkeypatch.setattr(
        accounts_service, "page_accounts", lambda *a, **k: pages.append(True) or page(*a, **k)
    )
    return fetched, pages


async def test_a_first_visit_reads_its_screen_once(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual calls every class's ``on_mount`` in the MRO itself: a screen that also called
    ``super().on_mount()`` ran DataScreen's twice and read everything twice on its first visit. (Accounts
    not read ahead here: the prewarm's part of it is left out.)"""
    from amtui.tui.screens.accounts import AccountsScreen

    monkeypatch.setattr(AccountsScreen, "prefetch", classmethod(lambda cls, app, session: None))
    fetched, pages = _count_reads(monkeypatch)
    app = make_app(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        await pilot.press("a")
        await until(pilot, lambda: table(app, "#accounts").row_count == 4, what="accounts")
        await pilot.press("c")
        await until(pilot, lambda: table(app, "#cos").row_count > 0, what="change orders")
        await pilot.pause(0.2)
    assert fetched == ["AccountsScreen", "ChangeOrdersScreen"]
    assert pages == [True]


async def test_accounts_first_visit_shows_what_was_read_ahead_in_one_fill(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read ahead while Today shows (the first page, the money columns, the scores), the first visit to
    Accounts reads nothing and fills its table once, with every column, before its first paint: no worker,
    no "…" waiting for scores, no refill. Figures as the read path gives them (after a write, it reads)."""
    from amtui.tui.widgets.paged_table import PagedTable

    app = make_app(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        today = app.today
        await until(
            pilot,
            lambda: (
                app.reads.peek(("accounts_money", today)) is not None
                and app.reads.peek(("account_scores", today)) is not None
                and app.reads.peek(("accounts_page", 100)) is not None
            ),
            what="the prewarm's accounts",
        )
        fetched, pages = _count_reads(monkeypatch)
        fills: list[str] = []
        for name in ("_put", "refill"):
            original = getattr(PagedTable, name)
            monkeypatch.setattr(
                PagedTable,
                name,
                lambda self, *a, o=original, n=name, **k: fills.append(n) or o(self, *a, **k),
            )
        app.action_go("accounts")
        mounted = app.screen
        await until(pilot, lambda: mounted.is_mounted, what="the Accounts screen mounted")
        shown = cells(table(app, "#accounts"))  # at mount: before any worker could have run
        assert len(shown) == 4
        assert all(row[3] != "…" and row[3] != "—" for row in shown)  # every score is in
        await pilot.pause(0.3)
        assert fetched == [] and pages == []  # nothing read: all of it was read ahead
        assert fills == ["_put"]  # one fill: no second pass for money, none for scores
        assert "Accounts · 1–4 of 4" in str(app.screen.query_one("#accounts-title").render())
        assert not any(w.group in ("load", "scores", "page") for w in app.screen.workers)

        # The same rows as the read path gives them: a write drops the cache and the screen reads again.
        app.data_changed(reload_active=True)
        await until(pilot, lambda: bool(fetched) and bool(pages), what="a fresh read after the write")
        await until(pilot, lambda: cells(table(app, "#accounts")) == shown, what="the same figures read")


async def test_a_real_session_collects_garbage_between_keys(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    monkeypatch.setattr(gc, "freeze", lambda: None)  # a test process must not freeze its heap
    before = gc.get_threshold()
    app = make_app(demo_store)
    app.freeze_gc = True  # as run_tui sets it
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        assert app.collector is not None
        assert gc.get_threshold()[2] == app.collector.NEVER
        await until(pilot, lambda: app.collector.armed, what="armed once the prewarm has frozen start-up")
        seen = app.collector.last_input
        await pilot.press("a")
        assert app.collector.last_input > seen  # keys tell it the user is busy
    assert gc.get_threshold() == before  # given back when the app ends
    test_app = make_app(demo_store)
    assert test_app.collector is None


@pytest.mark.parametrize("width", [120, 80])
async def test_help_is_on_every_screens_key_bar(demo_store: Store, width: int) -> None:
    """Budget's bar used to drop "? Help" at 120 columns: help and the palette key are never left out, so
    every key that does not fit is one key away."""
    from amtui.tui.registry import SCREENS

    app = make_app(demo_store)
    async with app.run_test(size=(width, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        for entry in (*SCREENS, None):
            if entry is None:  # a screen pushed over the list: the account
                await pilot.press("a")
                await until(pilot, lambda: table(app, "#accounts").row_count > 0)
                await pilot.press("enter")
                await until(pilot, lambda: type(app.screen).__name__ == "AccountDetailScreen")
            else:
                app.action_go(entry.id)
            where = entry.id if entry else "the account"
            await until(pilot, lambda: len(bar(app).keys) > 3, what=f"{where}'s keys")
            line = str(bar(app).render())
            assert len(line) <= width and " ? Help " in line, f"{where}: {line!r}"
            assert line.rstrip().endswith("? Help  ^p palette"), where
            assert [k.description for _s, _e, k in bar(app)._spans][-2:] == ["Help", "palette"], where


async def test_budgets_first_visit_shows_the_health_read_ahead_before_its_first_paint(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The book's health as of today is read by Today and the prewarm: Budget's first visit lays its table
    out at mount from it (no worker, no empty first paint); a filter or a write reads again."""
    import amtui.services.money.budget as budget_service

    app = make_app(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        await until(pilot, lambda: app.reads.peek(("book_health", app.today)) is not None, what="health")
        ahead = app.reads.peek(("book_health", app.today))
        reads: list[bool] = []
        original = budget_service.book_health
        today = app.today

        def counted(*a: Any, **k: Any) -> Any:
            if k.get("as_of") == today:  # (last month's, for the check-in, follows after the paint)
                reads.append(True)
            return original(*a, **k)

        monkeypatch.setattr(budget_service, "book_health", counted)
        from amtui.tui.screens.budget import BudgetScreen

        loads: list[bool] = []
        reload = BudgetScreen.reload
        monkeypatch.setattr(BudgetScreen, "reload", lambda self: loads.append(True) or reload(self))
        app.action_go("budget")
        mounted = app.screen
        await until(pilot, lambda: mounted.is_mounted, what="the Budget screen mounted")
        assert [str(k.value) for k in table(app, "#budget").rows] == [h.project for h in ahead]
        await pilot.pause(0.2)
        assert loads == [] and reads == []  # shown from what was read: no load of its own
        assert "Budget · " in str(app.screen.query_one("#budget-title").render())

        app.data_changed(reload_active=True)  # a write: read again, the same projects
        await until(pilot, lambda: bool(reads), what="a fresh read after the write")
        await until(
            pilot, lambda: [str(k.value) for k in table(app, "#budget").rows] == [h.project for h in ahead]
        )
