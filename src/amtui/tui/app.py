"""The Textual app: a registry of screens over the same services the CLI uses.

The store is injected (tests use a temporary file); nothing touches the disk at import. Screens are listed in
the registry (:mod:`amtui.tui.registry`); each becomes a Textual *mode*, created on first visit and kept, so
switching back is instant. Database work runs in thread workers with their own sessions, which hand their
results back as messages (:mod:`amtui.tui.messages`); :mod:`amtui.tui.store_watch` notices writes and tells
the visible screens to reload.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, UnknownModeError
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from amtui.core import clock
from amtui.tui.collector import IdleCollector
from amtui.tui.messages import Refused, Written, fresh
from amtui.tui.registry import SCREENS, ScreenEntry, screen_entry, target_screen
from amtui.tui.textual_seams import adopt_app_styles, sanitize_content_text, sanitize_table_cells
from amtui.tui.undo_keys import UndoingApp

if TYPE_CHECKING:
    from textual.command import Provider

    from amtui.store import Store


def _am_commands() -> type[Provider]:
    from amtui.tui.commands import AmCommands

    return AmCommands


def _screen_factory(app: AmApp, entry: ScreenEntry) -> Any:
    def make() -> Screen[Any]:
        screen = entry.load()()
        # Every top-level screen names itself and the book in the header, whoever wrote it.
        if not screen.title or screen.title == app.title:
            screen.title = entry.title
        if not screen.sub_title:
            screen.sub_title = app.header_subtitle
        # Styled from the current stylesheet when it mounts: without this, the first switch to the screen
        # re-parses every CSS source and restyles the app, which is only needed for a screen that brings CSS
        # of its own (none do: see ``CSS_PATH``).
        adopt_app_styles(screen, app)
        return screen

    return make


class AmApp(UndoingApp):
    """amtui's TUI. ``store`` is an opened book (see :func:`amtui.store.open_store`); ``today`` fixes
    the date
    every screen reasons about (tests and screenshots pass one; the default is the real date)."""

    # Every screen's styles load with the app. A screen bringing its own CSS_PATH made Textual re-parse all
    # the CSS from scratch and restyle the whole app on that screen's first visit (~45 ms on a 2-core VM).
    CSS_PATH = [
        "styles/app.tcss",
        "styles/forms.tcss",
        "styles/screens.tcss",
        "styles/briefs.tcss",
        "styles/growth.tcss",
        "styles/timeline.tcss",
        "styles/estimates.tcss",
    ]
    COMMANDS = App.COMMANDS | {_am_commands}
    TITLE = "amtui"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                e.key, f"go('{e.id}')", e.title, id=f"go.{e.id}", tooltip=f"Go to {e.title}", show=e.in_footer
            )
            for e in SCREENS
        ),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("u", "undo", "Undo", id="undo", show=False, tooltip="Take back the last action (amtui undo)"),
        Binding(
            "U", "redo", "Redo", id="redo", show=False, tooltip="Re-apply what undo took back (amtui redo)"
        ),
        Binding("q", "quit", "Quit", id="quit"),
        # Checked before the screen's own Escape (Back, Cancel): the first Escape only leaves the text field.
        Binding("escape", "leave_field", "Leave field", id="leave_field", show=False, priority=True),
    ]
    #: The app's own actions on single keys: none fires while the user types into a text field.
    TYPING_BLOCKS = frozenset({"go", "help", "undo", "redo", "quit"})

    def __init__(
        self,
        store: Store | None = None,
        *,
        path: Path | None = None,
        url: str | None = None,
        today: date | None = None,
        poll: bool = True,
    ) -> None:
        from amtui.core.config import settings

        sanitize_table_cells()  # a control character in the book is shown escaped, never sent
        sanitize_content_text()  # … in every label, title, toast and modal too

        if store is not None:
            path, url = store.path, store.url
        if path is None:
            raise ValueError("AmApp needs a store or the path of one")
        super().__init__(path)
        self._store = store
        #: The PostgreSQL URL of a team database (then ``path`` is :func:`amtui.store.team_path`'s folder for
        #: the files beside it); None for a book file.
        self.url = url
        self._store_lock = threading.Lock()
        self._today = today
        self._poll = poll
        #: The team views' AM filter (Today, Accounts, Budget; ``services/clients/am.py``): None is everyone.
        self.am_filter: str | None = None
        self.config = settings()
        #: A real session (not a test): freeze the collector's view of the heap once everything is imported
        #: (see :meth:`prewarm`) and run full collections only between keys (:mod:`amtui.tui.collector`).
        self.freeze_gc = False
        self.collector: IdleCollector | None = None
        #: When the user last pressed a key or used the mouse (``time.monotonic``).
        self.last_input = 0.0
        for entry in SCREENS:
            if entry.available():
                self.add_mode(entry.id, _screen_factory(self, entry))

    # ------------------------------------------------------------------------------------------ basics

    @property
    def store(self) -> Store:
        """The opened book. Given a path or a URL, the first worker that needs it opens it (importing
        SQLAlchemy off the UI thread, after the first paint); a schema upgrade is announced once."""
        if self._store is None:
            with self._store_lock:
                if self._store is None:
                    from amtui.store import open_store

                    store = open_store(self.url or self.db_path)
                    if store.backup is not None:
                        self.notify(  # thread-safe
                            f"upgraded the database schema; the previous file is kept at {store.backup}"
                        )
                    self._store = store
        return self._store

    @property
    def today(self) -> date:
        return self._today or clock.today()

    def set_am_filter(self, am: str | None) -> None:
        """Show one AM's accounts (``None``: everyone's) on Today, Accounts and Budget."""
        self.am_filter = am
        self.notify(f"Showing {am}'s accounts" if am else "Showing every account", title="AM filter")
        self.refresh_views()

    @property
    def header_subtitle(self) -> str:
        from amtui.store import short_name

        return f"{short_name(self.url or self.db_path)} · {self.today:%a %d %b %Y}"

    def on_mount(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            self.notify(f"unknown theme {self.config.theme!r} in the config file", severity="warning")
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        self.switch_mode("today")
        # The first screen counts as seen now: a write made while another screen shows reloads it on return
        # (without this, Today kept saying the book was empty after the first account was added).
        self._catch_up(self.screen)
        if self._poll:
            self._watch_store()
        if self.freeze_gc:
            self.collector = IdleCollector()
            self.collector.armed = False  # until the prewarm has loaded and frozen what the session needs
            self.collector.install()
            self.set_interval(0.5, self.collector.tick)
        probe = os.environ.get("AMTUI_LAG_FILE")
        if probe:
            from amtui.tui.lagprobe import LagProbe

            lag = LagProbe(Path(probe))
            self.set_interval(LagProbe.TICK, lag.tick)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.last_input = time.monotonic()  # the read-ahead gives way (amtui.tui.prewarm)
            if self.collector is not None:
                self.collector.input_seen()
        await super().on_event(event)

    def on_unmount(self) -> None:
        if self.collector is not None:
            self.collector.uninstall()

    @work(thread=True, group="prewarm", exit_on_error=False)
    def prewarm(self) -> None:
        """Import what the other screens need and read their first views while the AM reads Today, so the
        first switch is instant (:mod:`amtui.tui.prewarm`: it gives way to keys)."""
        from amtui.tui.prewarm import read_ahead

        if not read_ahead(self):
            return
        # Everything the session needs is loaded: move it out of the collector's way. A full collection over
        # the ~100,000 objects of Textual, SQLAlchemy and pydantic took 50-100 ms, landing at random in the
        # middle of screen switches; frozen objects are never scanned again. (Only in a real session: a test
        # process runs hundreds of apps, and frozen garbage would never be freed.)
        if self.freeze_gc:
            gc.freeze()
        if self.collector is not None:
            self.collector.arm()

    def typing(self) -> bool:
        """True while a text field or editor has focus: its keys are for typing, not for the app."""
        from textual.widgets import Input, TextArea

        focused = self.screen.focused
        return isinstance(focused, Input) or (isinstance(focused, TextArea) and not focused.read_only)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # One rule for every screen and form: while a text field has focus, no single-key app action fires
        # (Textual also hands printable keys to the field first; this holds for any key a keymap binds).
        if action in self.TYPING_BLOCKS and self.typing():
            return False
        if action == "leave_field":
            return self.typing() and not isinstance(self.screen, ModalScreen)
        if action == "go":
            entry = screen_entry(str(parameters[0]))
            if entry is None or not entry.available():
                return False
            # No switching from under a form: its keys are for typing.
            return not isinstance(self.screen, ModalScreen)
        return True

    def action_leave_field(self) -> None:
        """Escape in a text field: focus the screen's next widget that is not one (or nothing)."""
        from textual.widgets import Input, TextArea

        screen = self.screen
        for widget in screen.focus_chain:
            if not isinstance(widget, (Input, TextArea)):
                widget.focus()
                return
        screen.set_focus(None)

    # ------------------------------------------------------------------------------------------ navigation

    def action_go(self, screen_id: str) -> None:
        """Show a top-level screen (created on first visit, kept afterwards)."""
        if self._switch(screen_id):
            self._catch_up(self.screen)

    def _switch(self, screen_id: str) -> bool:
        """Switch to the screen's mode; a screen not in this build is a warning, not a crash."""
        try:
            self.switch_mode(screen_id)
        except UnknownModeError:
            self.notify(f"the {screen_id} screen is not in this build", severity="warning")
            return False
        return True

    def open_target(self, target: str, ref: str | None = None) -> None:
        """Open what a Today line or a palette command is about: a screen, then the row ``ref`` on it."""
        if not self._switch(target_screen(target)):
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._catch_up(self.screen)
        opener = getattr(self.screen, "open_ref", None)
        if ref and callable(opener):
            # On a first visit the screen is composed on the next refresh: open the row after it.
            self.call_after_refresh(opener, ref)

    def action_help(self) -> None:
        from amtui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, ModalScreen):
            self.push_screen(HelpScreen(self.screen))

    # ------------------------------------------------------------------------------------------ changes

    @on(Written)
    @fresh
    def _undone(self, message: Written) -> None:
        """An undo or redo went through (the app's only write): say so and reload every screen."""
        self.notify(message.summary, title=message.title)
        self.data_changed(reload_active=True)

    @on(Refused)
    @fresh
    def _not_undone(self, message: Refused) -> None:
        self.notify(message.text, title=message.title, severity="warning")


def run_tui(store: Store, *, today: date | None = None) -> None:
    app = AmApp(store, today=today)
    app.freeze_gc = True
    app.run()


def run_tui_at(path: Path | str) -> None:
    """Open the TUI on the book at ``path``; the database layer loads in a worker after the first paint.

    A team database's URL likewise: before the TUI starts, only a plain psycopg connection checks that the
    server answers and the schema is this amtui's (a bad URL or a refused login is one line, as for every
    command); a new or older schema is upgraded first through :func:`amtui.store.open_store`, which also
    refuses a newer one. SQLAlchemy and the engine load in the first worker that needs them."""
    if isinstance(path, str):
        from amtui.store import SchemaBehind, team_path, team_read_connection

        store = None
        try:
            with team_read_connection(path):
                pass
        except SchemaBehind:
            from amtui.store import open_store

            store = open_store(path)
        app = AmApp(store, path=team_path(path), url=path)
        app.freeze_gc = True
        app.run()
        return
    app = AmApp(path=path)
    app.freeze_gc = True
    app.run()


def open_app(path: Path) -> AmApp:
    from amtui.store import open_store

    return AmApp(open_store(path))
