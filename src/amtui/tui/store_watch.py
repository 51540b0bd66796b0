"""How the app learns that the book changed, and tells the screens: the half of :class:`~amtui.tui.app.AmApp`
that watches the store.

On a file, a dedicated plain-``sqlite3`` connection polls ``PRAGMA data_version`` (it changes when another
connection commits; in WAL mode the file's mtime does not), and a write made here wakes it at once. On a team
database (PostgreSQL) a dedicated psycopg connection LISTENs for the notification every committing unit
of work sends (``store/dialect.py``), so other people's writes show within a fraction of a second. Either
way the app gets one :class:`~amtui.tui.messages.StoreWritten`, forgets the shared reads, and posts
:class:`~amtui.tui.messages.DataChanged` to the screens on the stack; a screen kept in another mode catches up
as it is shown again.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.screen import ModalScreen, Screen
from textual.worker import get_current_worker

from amtui.tui.messages import DataChanged, StoreWritten
from amtui.tui.readcache import ReadCache

if TYPE_CHECKING:
    from amtui.store import Store

#: How often the watcher asks SQLite whether another connection wrote (seconds).
POLL_SECONDS = 0.5


class StoreWatchingApp(App[None]):
    """An app over the book at ``db_path`` that reloads its screens when the book changes."""

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        #: The opened book (set by the app; ``None`` until a worker opens a file given by its path).
        self._store: Store | None = None
        #: A team database's URL (set by the app), watched with LISTEN even before the store opens.
        self.url: str | None = None
        #: Bumped on every write seen (this process's or another's); screens compare it to catch up.
        self.generation = 0
        self.reads = ReadCache()
        self._poke = threading.Event()
        self._watching = False
        # (screen that wrote, when): the watcher's next change is that write.
        self._own_write: tuple[Screen[Any] | None, float] | None = None
        self._seen: weakref.WeakKeyDictionary[Screen[Any], int] = weakref.WeakKeyDictionary()

    def data_changed(self, *, reload_active: bool = False) -> None:
        """Something here wrote (a form saved): visible screens reload now, not at the next poll.

        The active screen, unless it is a modal form, wrote and shows its change already: it is not reloaded
        (a reload would wipe what it says about the write) — except after an undo or redo, which no screen
        shows by itself (``reload_active``). With the watcher running, the watcher is woken to look at once,
        so one write means one reload."""
        skip = None if reload_active or isinstance(self.screen, ModalScreen) else self.screen
        if self._watching:
            self._own_write = (skip, time.monotonic())
            self._poke.set()
        else:
            self.post_message(StoreWritten(skip))

    def refresh_views(self) -> None:
        """Reload what the screens show though the book did not change (a filter of the app's changed): the
        visible screens now, the others as they are shown again; the shared reads stay valid."""
        self.generation += 1
        for screen in self.screen_stack:
            self._seen[screen] = self.generation
            screen.post_message(DataChanged())

    def on_store_written(self, message: StoreWritten) -> None:
        self.generation += 1
        self.reads.invalidate()
        for screen in self.screen_stack:
            self._seen[screen] = self.generation
            if screen is not message.skip:
                screen.post_message(DataChanged())

    def _catch_up(self, screen: Screen[Any]) -> None:
        """A screen kept in another mode missed changes while hidden: reload it as it shows."""
        seen = self._seen.get(screen)
        self._seen[screen] = self.generation
        if seen is not None and seen != self.generation:
            screen.post_message(DataChanged())

    def _saw_write(self) -> None:
        """The watcher saw a commit: one :class:`StoreWritten` (naming the screen that wrote, when the write
        was this app's own and recent)."""
        own, self._own_write = self._own_write, None
        fresh = own is not None and time.monotonic() - own[1] < 2 * POLL_SECONDS
        self.post_message(StoreWritten(own[0] if fresh and own is not None else None))

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch_store(self) -> None:
        """Watch the book for commits, on a connection of the watcher's own: LISTEN on a team database, else
        poll ``PRAGMA data_version``."""
        store = self._store
        # The app's URL even before the store opens (``amtui --db postgresql://…`` opens it in a worker):
        # reading only the store's, a team database's TUI watched a file that is never there.
        url = self.url or (store.url if store is not None else None)
        if url:
            self._listen(url)
        else:
            self._poll_file()

    def _listen(self, url: str) -> None:
        """PostgreSQL: every committing unit of work notifies a channel (``store/dialect.announce_write``);
        wait for it on a dedicated connection. Without one (the server refuses it), the app's own writes
        still reload the screens at once (:meth:`data_changed`)."""
        from amtui.store import WriteListener

        worker = get_current_worker()
        try:
            listener = WriteListener(url)
        except Exception:  # noqa: BLE001 - no live refresh is better than no TUI
            return
        try:
            self._watching = True
            while not worker.is_cancelled:
                try:
                    heard = listener.heard(POLL_SECONDS / 5)
                except Exception:  # noqa: BLE001 - the connection went away: stop watching, keep working
                    break
                if heard:
                    self._poke.clear()
                    self._saw_write()
        finally:
            self._watching = False
            listener.close()

    def _poll_file(self) -> None:
        """Poll ``PRAGMA data_version`` on a dedicated connection; it changes when another connection commits.

        (In WAL mode the file's mtime does not change on commit, so watching the file would miss writes.)
        """
        worker = get_current_worker()
        # Plain sqlite3, so watching costs no SQLAlchemy import; a new book is created by the first read.
        while not self.db_path.exists():
            if worker.cancelled_event.wait(POLL_SECONDS):
                return
        con = sqlite3.connect(self.db_path, check_same_thread=False, isolation_level=None)
        try:
            last = con.execute("PRAGMA data_version").fetchone()[0]
            self._watching = True
            while True:
                # Wait a poll interval in short slices: a poke looks at once, quitting is not held up.
                for _ in range(5):
                    if self._poke.wait(POLL_SECONDS / 5) or worker.is_cancelled:
                        break
                self._poke.clear()
                if worker.is_cancelled:
                    break
                try:
                    version = con.execute("PRAGMA data_version").fetchone()[0]
                except sqlite3.Error:
                    continue  # busy for a moment: ask again at the next tick
                if version != last:
                    last = version
                    self._saw_write()
        finally:
            self._watching = False
            con.close()
