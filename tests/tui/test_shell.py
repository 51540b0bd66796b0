"""The shell: screen keys, help, the command palette, keymap and theme from the config, external writes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from textual.widgets import DataTable, Label

from amtui.services.clients.accounts import log_interaction
from amtui.store import Store, unit_of_work
from amtui.tui.app import SCREENS, AmApp
from amtui.tui.screens.account_detail import AccountDetailScreen
from amtui.tui.screens.account_forms import InteractionForm
from amtui.tui.screens.accounts import AccountsScreen
from amtui.tui.screens.help import HelpScreen
from amtui.tui.screens.today import TodayScreen
from tests.conftest import TODAY
from tests.tui.helpers import cells, make_app, table, until

SRC = Path(__file__).resolve().parents[2] / "src"


def test_every_binding_has_an_id_and_no_action_needs_ctrl_enter_s_or_j() -> None:
    from amtui.tui.screens.forms import FormScreen

    for cls in (AmApp, TodayScreen, AccountsScreen, AccountDetailScreen, FormScreen, HelpScreen):
        for b in cls.BINDINGS:
            assert getattr(b, "id", None), f"{cls.__name__}: {b} has no id"
            assert b.key not in ("ctrl+enter", "ctrl+s", "ctrl+j"), f"{cls.__name__}: {b.key}"
    keys = [e.key for e in SCREENS]
    assert len(keys) == len(set(keys)), "two screens share a key"


async def test_keyboard_alone_moves_between_screens_and_back(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        await pilot.press("a")
        assert isinstance(app.screen, AccountsScreen)
        await until(pilot, lambda: table(app, "#accounts").row_count == 4)
        await pilot.press("down", "enter")  # helios
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen))
        assert app.screen.slug == "helios"  # type: ignore[attr-defined]
        await pilot.press("t")
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("a")  # the account stays open where it was left
        assert isinstance(app.screen, AccountDetailScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, AccountsScreen)
        # A form's keys are for typing: "t" types a t, it does not switch screens.
        await pilot.press("g")  # log an entry on the selected account (n adds an account)
        await until(pilot, lambda: isinstance(app.screen, InteractionForm))
        await pilot.press("t", "a")
        assert isinstance(app.screen, InteractionForm)
        assert app.screen.query_one("#summary").value == "ta"  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert isinstance(app.screen, AccountsScreen)


async def test_help_lists_every_binding_with_its_id(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("a")
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = cells(app.screen.query_one("#help-keys", DataTable))
        ids = {r[3] for r in rows}
        assert {"go.today", "go.accounts", "accounts.open", "accounts.filter", "help", "quit"} <= ids
        assert ["t", "Go to Today", "everywhere", "go.today"] in rows
        # The letters that mean one thing on every screen, from their one table.
        said = str(app.screen.query_one("#help-vocabulary", Label).render())
        assert "d edits · x strikes out · y says yes · g logs" in said
        await pilot.press("escape")
        assert isinstance(app.screen, AccountsScreen)


async def test_keymap_and_theme_come_from_the_config_file(demo_store: Store) -> None:
    cfg = Path(os.environ["AMTUI_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text('theme = "gruvbox"\n[keymap]\n"go.accounts" = "f3"\n', encoding="utf-8")
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        assert app.theme == "gruvbox"
        await pilot.press("a")
        assert isinstance(app.screen, TodayScreen)  # "a" is remapped away
        await pilot.press("f3")
        assert isinstance(app.screen, AccountsScreen)


async def test_the_palette_offers_data_driven_commands(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"open account: northw")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen), what="account opened")
        assert app.screen.slug == "northwind"  # type: ignore[attr-defined]
        await pilot.press("ctrl+p")
        await pilot.press(*"log a call with quokka")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, InteractionForm), what="log form")
        assert app.screen.account == "quokka"  # type: ignore[attr-defined]
        assert app.screen.query_one("#kind").value == "call"  # type: ignore[attr-defined]


async def test_a_write_from_another_connection_shows_within_two_seconds(demo_store: Store) -> None:
    app = make_app(demo_store, poll=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("a")
        await until(pilot, lambda: table(app, "#accounts").row_count == 4)
        assert str(table(app, "#accounts").get_row("bramble")[8]) == "16d ago"
        # A separate unit of work on its own engine, as a one-liner in another terminal would write.
        from amtui.store import open_store

        other = open_store(demo_store.path)
        try:
            with unit_of_work(other, "amtui log bramble …") as uow:
                log_interaction(uow, "bramble", "Quick check-in", kind="call", on=TODAY)
        finally:
            other.close()
        start = time.monotonic()
        await until(pilot, lambda: str(table(app, "#accounts").get_row("bramble")[8]) == "today", timeout=2.0)
        assert time.monotonic() - start < 2.0


async def test_a_one_liner_in_another_process_shows_on_today(demo_store: Store) -> None:
    app = make_app(demo_store, poll=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        count = table(app, "#today").row_count
        subprocess.run(
            [sys.executable, "-m", "amtui", "--db", str(demo_store.path), "log", "bramble", "Called Grace",
             "--kind", "call", "--date", TODAY.isoformat()],
            check=True, env={**os.environ, "PYTHONPATH": str(SRC)}, capture_output=True,
        )  # fmt: skip
        await until(
            pilot, lambda: table(app, "#today").row_count == count - 1, timeout=2.0, what="bramble gone"
        )
        assert not any("Bramble" in r[2] for r in cells(table(app, "#today")))


async def test_a_failed_load_is_one_notification_not_a_crash(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        app.open_target("account", "no-such-account")
        await until(
            pilot, lambda: any("no account 'no-such-account'" in n.message for n in app._notifications)
        )
        assert isinstance(app.screen, AccountDetailScreen)  # still running
        await pilot.press("escape", "t")
        assert isinstance(app.screen, TodayScreen)
