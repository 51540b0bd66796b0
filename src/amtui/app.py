"""The Textual app: screens over the same services the CLI uses.

The database path is injected (tests use a temporary file); nothing touches the disk at import.
Database work runs in thread workers with their own sessions; the UI thread never waits on SQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from amtui.screens.home import HomeScreen

if TYPE_CHECKING:
    from amtui.db import Store


class AmApp(App[None]):
    """amtui's TUI. ``store`` is an opened book (see :func:`amtui.db.open_store`)."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "amtui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.sub_title = store.path.name

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())

    def action_help(self) -> None:
        self.action_show_help_panel()


def run_tui(store: Store) -> None:
    AmApp(store).run()


def open_app(path: Path) -> AmApp:
    from amtui.db import open_store

    return AmApp(open_store(path))
