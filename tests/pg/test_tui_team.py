"""The TUI on a team database: its first screen, Today, shows the same items as on the demo file."""

from __future__ import annotations

from pathlib import Path

import pytest

from amtui.core.errors import StoreError
from amtui.store import Store, open_store, team_path
from amtui.store.dialect import short_name
from amtui.tui.app import AmApp, run_tui_at
from tests.conftest import TODAY
from tests.pg.test_access import as_role, team  # noqa: F401 - the fixture
from tests.tui.helpers import cells, hold_open_store, make_app, table, until


async def _today_titles(store: Store) -> list[str]:
    app = make_app(store)
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0, what="today rows")
        return [r[2] for r in cells(table(app, "#today"))]


async def test_today_on_a_team_database_is_today_on_the_file(demo_store: Store, pg_demo_url: str) -> None:
    pg = open_store(pg_demo_url)
    try:
        on_pg = await _today_titles(pg)
    finally:
        pg.close()
    assert on_pg and on_pg == await _today_titles(demo_store)


def _lazy_app(url: str) -> AmApp:
    """The app as ``amtui --db URL`` builds it (:func:`amtui.tui.app.run_tui_at`): no store yet."""
    return AmApp(path=team_path(url), url=url, today=TODAY, poll=False)


async def test_today_on_a_team_url_paints_before_the_engine_opens(
    pg_demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given only the URL, the app paints and reads Today with no store; the engine opens in a worker (the
    prewarm, once Today is shown). The next session shows the list it left, then reads Today afresh, both
    through the plain driver while the engine is still held shut."""
    first = _lazy_app(pg_demo_url)
    async with first.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: first.screen._fresh, what="the fresh read")  # type: ignore[attr-defined]
        titles = [r[2] for r in cells(table(first, "#today"))]
        # The title names the team database (it said "team.db", the name of the folder kept beside it).
        assert first.screen.sub_title.startswith(short_name(pg_demo_url) + " · ")
        await until(pilot, lambda: first._store is not None, timeout=15.0, what="the engine, in the prewarm")
        assert first._store is not None and first._store.url == pg_demo_url
    assert titles

    gate, opened, _ = hold_open_store(monkeypatch)
    second = _lazy_app(pg_demo_url)
    async with second.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: table(second, "#today").row_count > 0, what="last session's list")
        assert [r[2] for r in cells(table(second, "#today"))] == titles
        assert opened == [] and second._store is None  # shown with no engine at all
        await until(pilot, lambda: second.screen._fresh, what="the fresh read")  # type: ignore[attr-defined]
        assert [r[2] for r in cells(table(second, "#today"))] == titles
        assert opened == [] and second._store is None  # read afresh with no engine either
        gate.set()
        await until(pilot, lambda: opened == [pg_demo_url], timeout=15.0, what="the engine, in the prewarm")


async def test_a_write_on_the_server_retires_the_team_snapshot(pg_demo_url: str) -> None:
    from amtui.services.clients.accounts import add_account
    from amtui.store import unit_of_work
    from amtui.tui import snapshot

    app = _lazy_app(pg_demo_url)
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: app.screen._fresh, what="the fresh read")  # type: ignore[attr-defined]
    side = team_path(pg_demo_url)
    assert snapshot.load(side, TODAY, pg_demo_url)
    pg = open_store(pg_demo_url)
    try:
        with unit_of_work(pg, "test: another AM writes") as uow:
            add_account(uow, "Newcomer")
    finally:
        pg.close()
    assert snapshot.load(side, TODAY, pg_demo_url) is None


def test_an_unreachable_team_database_is_one_line_before_the_tui(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        run_tui_at(f"postgresql://nobody@/nowhere?host={tmp_path}")
    assert "cannot open the team database" in str(caught.value) and "\n" not in str(caught.value)


async def test_the_team_snapshot_is_the_logins_own(team: str) -> None:  # noqa: F811 - the fixture
    """Row-level security gives each person their own Today; the saved list sits in a folder per server and
    database, so another login on the same machine never sees it."""
    from amtui.tui import snapshot

    app = _lazy_app(team)
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: app.screen._fresh, what="the fresh read")  # type: ignore[attr-defined]
    side = team_path(team)
    assert team_path(as_role(team, "dana")) == side
    assert snapshot.load(side, TODAY, team)
    assert snapshot.load(side, TODAY, as_role(team, "dana")) is None


async def test_a_co_members_write_retires_the_members_saved_list(team: str) -> None:  # noqa: F811 - the fixture
    """Row-level security hides sam's audit rows from dana, so the saved list is retired by a book-wide
    count of write batches (the audit sequence): sam's write on the account they share, and sam's undo of it,
    each retire dana's list; dana's own reads do not."""
    from amtui.tui import snapshot
    from tests.pg.test_team_book import ok

    for who in ("dana", "sam"):
        ok(team, "account", "share", "helios", "--with", who, "--role", "editor")
    dana, sam = as_role(team, "dana"), as_role(team, "sam")

    async def dana_starts() -> None:
        app = _lazy_app(dana)
        async with app.run_test(size=(160, 50)) as pilot:
            await until(pilot, lambda: app.screen._fresh, what="the fresh read")  # type: ignore[attr-defined]

    side = team_path(dana)
    await dana_starts()
    assert snapshot.load(side, TODAY, dana)  # saved, and current while nobody writes
    ok(sam, "time", "helios/ctv-q1-flight", "1", "--note", "sam's hour")
    assert snapshot.load(side, TODAY, dana) is None  # sam's write: dana's next start reads afresh
    await dana_starts()
    assert snapshot.load(side, TODAY, dana)
    ok(sam, "undo")
    assert snapshot.load(side, TODAY, dana) is None


async def test_the_tui_opened_by_a_team_url_listens_before_its_store_opens(pg_demo_url: str) -> None:
    """``amtui --db URL`` builds the app with no store (the engine opens in a worker): its watcher LISTENs
    on the URL all the same, and another session's commit reaches it (it watched a file that never exists)."""
    from amtui.services.clients.accounts import add_account
    from amtui.store import unit_of_work

    app = AmApp(path=team_path(pg_demo_url), url=pg_demo_url, today=TODAY, poll=True)
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: app._watching, timeout=15.0, what="the watcher listening")
        seen = app.generation
        other = open_store(pg_demo_url)
        try:
            with unit_of_work(other, "test: another AM writes") as uow:
                add_account(uow, "Newcomer")
        finally:
            other.close()
        await until(pilot, lambda: app.generation > seen, timeout=15.0, what="the write heard")
