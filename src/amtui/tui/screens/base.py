"""The shape every amtui screen shares: header and footer, loading in a thread worker, reloading on change.

A screen says what to read (:meth:`DataScreen.fetch`, run in a thread with its own session) and how to show
it (:meth:`DataScreen.show`, run on the UI thread). Loading shows an indicator; a failed load becomes one
error notification, never a crash; a :class:`~amtui.tui.messages.DataChanged` reloads the screen.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header
from textual.worker import Worker, WorkerState

from amtui.core import clock
from amtui.tui.messages import DataChanged, Refused, ScreenRead, fresh
from amtui.tui.textual_seams import intercept_resume
from amtui.tui.widgets.key_bar import KeyBar
from amtui.tui.widgets.loading import start_loading, stop_loading

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.tui.app import AmApp


def error_text(error: BaseException | None) -> str:
    """What to tell the user about a failed read or write: our own errors as they are, others named."""
    from amtui.core.errors import AmtuiError

    if error is None:
        return "something went wrong"
    if isinstance(error, AmtuiError):
        return str(error)
    text = str(error).splitlines()[0] if str(error) else ""
    if "locked" in text:
        return "the database is busy (another amtui is writing); try again"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class AmScreen(Screen[None]):
    """A top-level amtui screen: kept while another is shown, and shown again without restyling itself.

    Textual restyles a screen's whole widget tree each time it is shown again (``ScreenResume``), in case
    something its styles depend on changed while it was hidden — ~20-30 ms per switch on the benchmark
    machine, and twice on a first visit, right after every widget was styled as it mounted. In amtui the
    only such thing is the terminal's focus (the app's ``:focus`` / ``:blur``): a theme change restyles
    every screen through Textual's own CSS refresh, and hover is cleared as a screen hides. So the restyle
    runs only if the terminal's focus changed while the screen was hidden.
    """

    if TYPE_CHECKING:  # the running app is an AmApp; importing it here would tie every screen to the app
        app = getters.app(AmApp)

    _app_focus_when_hidden: bool | None = None

    def on_screen_suspend(self, _event: events.ScreenSuspend) -> None:
        self._app_focus_when_hidden = self.app.app_focus

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "Back" is for a screen opened over another; a top-level screen hides it from the key line.
        if action == "back" and len(self.app.screen_stack) <= 1:
            return False
        return True

    def post_message(self, message: Message) -> bool:
        intercept_resume(message, restyle=self._focus_changed_while_hidden)
        return super().post_message(message)

    def _focus_changed_while_hidden(self) -> bool:
        return self._app_focus_when_hidden not in (None, self.app.app_focus)

    @on(Refused)
    @fresh
    def _refused(self, message: Refused) -> None:
        self.refused(message)

    def refused(self, message: Refused) -> None:
        """A worker's read or write was refused for a reason the user can act on: one notification."""
        if message.timeout is None:
            self.notify(message.text, title=message.title, severity="error")
        else:
            self.notify(message.text, title=message.title, severity="error", timeout=message.timeout)


class DataScreen(AmScreen):
    """A screen that loads its data in a thread worker and reloads when the book changes."""

    #: The widget (by CSS selector) that shows the loading indicator while a load runs.
    LOADING_TARGET: ClassVar[str | None] = None

    @property
    def am(self) -> AmApp:
        return self.app

    @property
    def today(self) -> date:
        return self.am.today

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield from self.body()
        yield KeyBar()

    def body(self) -> ComposeResult:
        """The screen's own widgets, between the header and the footer."""
        yield from ()

    def on_mount(self) -> None:
        self.sub_title = self.am.header_subtitle
        if self.show_read_ahead():
            self._shown_once = True
            return
        # Start reading once the screen has painted: the first read may import the database layer, and a
        # thread doing that competes with the first paint for the interpreter.
        self.call_after_refresh(self.reload)

    def show_read_ahead(self) -> bool:
        """Show the first visit from what the app read ahead (:meth:`prefetch`, the prewarm), before the
        first paint and without a worker; False (the default) when it is not all there: then it is read."""
        return False

    # ----------------------------------------------------------------------------------------- loading

    def fetch(self, session: Session) -> Any:
        """Read what the screen shows. Runs in a worker thread; return plain data."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        """Show what :meth:`fetch` returned. Runs on the UI thread."""
        raise NotImplementedError

    def _loading_widget(self) -> Widget | None:
        if self.LOADING_TARGET is None:
            return None
        return self.query(self.LOADING_TARGET).first() if self.query(self.LOADING_TARGET) else None

    def reload(self) -> None:
        widget = self._loading_widget()
        if widget is not None and not getattr(self, "_shown_once", False):
            start_loading(widget)
        self._load()

    def reading(self) -> AbstractContextManager[Any]:
        """What :meth:`fetch` reads through: a session of the store. A screen whose reads are all on the
        store's SQL runner may read through a plain connection instead (:mod:`amtui.tui.plain_read`)."""
        return self.am.store.read()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        with self.reading() as db:
            data = self.fetch(db)
        self.post_message(ScreenRead(data))

    @on(ScreenRead)
    @fresh
    def _screen_read(self, message: ScreenRead) -> None:
        widget = self._loading_widget()
        if widget is not None:
            stop_loading(widget)
        self._shown_once = True
        self.show(message.data)

    def on_data_changed(self, message: DataChanged) -> None:
        message.stop()
        self.reload()

    def action_am_filter(self) -> None:
        """Step the app's AM filter (the screens that bind it: Today, Accounts, Budget): each AM of the
        accounts the user can see in turn, then everyone."""
        self._step_am_filter()

    @work(thread=True, exclusive=True, group="am-filter", exit_on_error=False)
    def _step_am_filter(self) -> None:
        from amtui.services.clients.am import names, next_am

        with self.am.store.read() as session:
            chosen = next_am(names(session), self.am.am_filter)
        self.app.call_from_thread(self.am.set_am_filter, chosen)

    def am_note(self) -> str:
        """`` · AM maya`` for a title while the AM filter is on."""
        return f" · AM {self.am.am_filter}" if self.am.am_filter else ""

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        widget = self._loading_widget()
        if widget is not None:
            stop_loading(widget)
        self.notify(error_text(event.worker.error), title="Could not load", severity="error")


class ListScreen(AmScreen):
    """What the list/detail screens built on their own workers share (Escalations, Pipeline, Performance):
    a fixed date for tests or the app's, a reload when the book changes, and Escape back when pushed.

    Subclasses implement :meth:`load` (start their worker) and :meth:`open_ref`."""

    def __init__(self, *, today: date | None = None) -> None:
        super().__init__()
        self._today = today

    @property
    def today(self) -> date:
        """The date given, else the app's (the shell can fix one for tests), else the real date."""
        app_today = getattr(self.app, "today", None)
        return self._today or (app_today if isinstance(app_today, date) else clock.today())

    def load(self, *args: Any, **kwargs: Any) -> Any:
        """Start reading what the screen shows (a thread worker in each subclass)."""
        raise NotImplementedError

    def on_data_changed(self, message: DataChanged) -> None:
        """The book changed (a one-liner, another window): reload."""
        self.load()

    def action_back(self) -> None:
        """Back to the previous screen when this one was pushed; a top-level screen stays."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
