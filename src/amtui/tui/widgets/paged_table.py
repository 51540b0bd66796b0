"""A table that holds a page of a list at a time and reads the next page when the cursor gets there.

The screen gives it a ``fetch(session, offset, limit) -> Page`` (a list service with the filters bound)
and a function that adds one item as a row. The table reads the first page in a thread worker with its
own session, shows it on the UI thread, and reads the next page (appending it) when the cursor reaches
the last row it holds or the view is scrolled to the bottom. A filter typed by the user reloads from the
first page after a short pause (:meth:`PagedTable.load_later`), so a burst of keystrokes costs one query.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import getters, on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable
from textual.worker import Worker, WorkerState

from amtui.tui.messages import PageRead, fresh
from amtui.tui.widgets.loading import start_loading, stop_loading

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.base.paging import Page
    from amtui.tui.app import AmApp

    Fetch = Callable[[Session, int, int], Page[Any]]

#: Rows per page (the services' default, repeated here so that importing the widget stays light).
PAGE_SIZE = 100
#: How long a filter waits for the next keystroke before it reads.
DEBOUNCE = 0.2
#: How many pages :meth:`PagedTable.show_key` reads looking for a row before it gives up.
SEEK_PAGES = 50


class PagedTable(DataTable[Any]):
    """A DataTable over a list read a page at a time in SQL."""

    # Home/End go to the first/last row (a list of rows, not a sheet of cells); at the end, more is read.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    if TYPE_CHECKING:  # the running app is an AmApp (imported for the type only)
        app = getters.app(AmApp)

    class Paged(Message):
        """A page was shown: ``label`` is ``1–100 of 2,000``; ``total`` counts every matching row."""

        def __init__(self, table: PagedTable, label: str, total: int) -> None:
            super().__init__()
            self.table = table
            self.label = label
            self.total = total

        @property
        def control(self) -> PagedTable:
            return self.table

    def __init__(
        self,
        add_item: Callable[[PagedTable, Any], None],
        *,
        page_size: int = PAGE_SIZE,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.add_item = add_item
        self.page_size = page_size
        #: The items shown, in order (what ``fetch`` returned, page after page).
        self.items: list[Any] = []
        self.total = 0
        self._fetch: Fetch | None = None
        self._generation = 0
        self._busy = False
        self._timer: Timer | None = None
        self._want: str | None = None
        self._seeking = 0

    # ------------------------------------------------------------------------------------------ reading

    @property
    def more(self) -> bool:
        """Whether rows follow the ones shown."""
        return len(self.items) < self.total

    @property
    def label(self) -> str:
        if not self.items:
            return f"0 of {self.total:,}"
        return f"1–{len(self.items):,} of {self.total:,}"

    def load(self, fetch: Fetch | None = None, *, keep: bool = False) -> None:
        """Read from the first row with ``fetch`` (or the last one given).

        ``keep`` re-reads as many rows as are shown (after a change in the book), so the cursor stays put.
        """
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if fetch is not None:
            self._fetch = fetch
        if self._fetch is None:
            return
        self._generation += 1
        limit = max(self.page_size, len(self.items)) if keep else self.page_size
        if not self.items:
            start_loading(self)
        self._read(self._fetch, 0, limit, append=False)

    def show_first(self, fetch: Fetch, page: Page[Any]) -> None:
        """Show ``page``, the first page ``fetch`` reads, already read (ahead, while another screen showed):
        now, with no worker and no loading indicator; later loads read with ``fetch``."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._fetch = fetch
        self._generation += 1
        self._put(page, append=False)

    def load_later(self, fetch: Fetch, delay: float = DEBOUNCE) -> None:
        """:meth:`load` once no other call came for ``delay`` seconds (a filter being typed)."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(delay, partial(self.load, fetch))

    def load_more(self) -> None:
        """Read the next page and append it (nothing when all rows are shown or a read is running)."""
        if self._busy or not self.more or self._fetch is None:
            return
        self._read(self._fetch, len(self.items), self.page_size, append=True)

    def show_key(self, key: str) -> None:
        """Move the cursor to the row ``key``, reading further pages until it shows up (if it exists)."""
        self._want = key
        self._seeking = 0
        self._seek()

    def _read(self, fetch: Fetch, offset: int, limit: int, *, append: bool) -> None:
        self._busy = True
        self.run_worker(
            partial(self._fetch_in_thread, fetch, self._generation, offset, limit, append),
            thread=True,
            group="page",
            exit_on_error=False,
        )

    def _fetch_in_thread(self, fetch: Fetch, generation: int, offset: int, limit: int, append: bool) -> None:
        with self.app.store.read() as session:
            page = fetch(session, offset, limit)
        self.post_message(PageRead(generation, page, append))

    @on(PageRead)
    @fresh
    def _show_page(self, message: PageRead) -> None:
        if message.generation != self._generation:
            return  # a filter changed since: a newer read is on its way
        self._busy = False
        stop_loading(self)
        self._put(message.page, append=message.append)

    def _put(self, page: Page[Any], *, append: bool) -> None:
        keep = None
        if append:
            if page.offset != len(self.items):
                return
        else:
            keep = self._selected_key()
            self.clear()
            self.items = []
        self.total = page.total
        for item in page.rows:
            self.add_item(self, item)
        self.items.extend(page.rows)
        if not append and keep is not None and self._want is None:
            self._move_to(keep)
        self.post_message(self.Paged(self, self.label, self.total))
        self._seek()

    def refill(self) -> None:
        """Add the rows again from the items held (when how they look changed, not what they are)."""
        keep = self._selected_key()
        self.clear()
        for item in self.items:
            self.add_item(self, item)
        if keep is not None:
            self._move_to(keep)

    def _seek(self) -> None:
        if self._want is None:
            return
        if self._move_to(self._want):
            self._want = None
        elif self.more and self._seeking < SEEK_PAGES and self._fetch is not None:
            self._seeking += 1
            self.load_more()
        elif not self._busy:
            self._want = None

    def _move_to(self, key: str) -> bool:
        try:
            index = self.get_row_index(key)
        except Exception:  # noqa: BLE001 - not among the rows shown
            return False
        self.move_cursor(row=index)
        return True

    def _selected_key(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "page" or event.state != WorkerState.ERROR:
            return
        from amtui.tui.screens.base import error_text

        self._busy = False
        stop_loading(self)
        self.notify(error_text(event.worker.error), title="Could not load", severity="error")

    # ------------------------------------------------------------------------------------ reaching the end

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.row_count - 1:
            self.load_more()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value > old_value and new_value >= self.max_scroll_y:
            self.load_more()
