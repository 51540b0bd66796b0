"""Today: what needs the AM now, most urgent first; Enter opens the thing a line is about, ``y`` marks a
follow-up (``T-n``) done."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from amtui.tui.messages import Refused, SnapshotRead, Written, fresh
from amtui.tui.screens.base import DataScreen
from amtui.tui.widgets.loading import stop_loading

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from amtui.store import Db


SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
COLUMNS = (("When", ""), ("Account", "account"), ("What", "title"), ("Detail", "detail"))
SEVERITY_LABEL = {"critical": "now", "high": "soon", "medium": "this week", "low": "ahead"}
#: Lines put in the table at once; the next ones follow when the cursor reaches the last. A DataTable
#: measures every row it is given on the UI thread (~0.5 ms a row): a big book's 3,000 lines froze it 1.5 s.
PAGE = 100
#: What an empty book offers (the keys are Today's; every step is also in the palette, ctrl+p).
FIRST_STEPS = """\
  [b]n[/b]   Add your first account (a client); on Accounts (a), Enter opens it: k adds a contact, j a project
  [b]i[/b]   Import a Harvest time export (CSV): its clients, projects and hours in one go
  [b]ctrl+p[/b]   Every action by name: type "add", "log time", "raise invoice" …
  Just looking? Quit (q) and run [b]amtui demo[/b]: a demo book in a file of its own (yours is untouched)."""


class TodayScreen(DataScreen):
    """The attention list from :func:`amtui.services.overview.today.attention`."""

    TITLE = "Today"
    LOADING_TARGET = "#today"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="today.open"),
        Binding("f5", "reload", "Reload", id="today.reload"),
        Binding("y", "done", "Follow-up done", id="today.done"),
        Binding("z", "follow_up('snooze')", "Snooze", id="today.snooze"),
        Binding("d", "follow_up('edit')", "Edit follow-up", id="today.edit_follow_up", show=False),
        Binding("n", "add_account", "Add account", id="today.add_account"),
        Binding("i", "import_harvest", "Import Harvest", id="today.import", show=False),
        Binding("A", "am_filter", "AM", id="today.am_filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict[str, Any]] = []
        self._fresh = False
        self._shown = 0
        self._note = ""
        #: The book has no account yet: Today shows the first steps instead of an empty list.
        self.empty_book = False

    def body(self) -> ComposeResult:
        yield Static("", id="today-summary", classes="title")
        yield Static(FIRST_STEPS, id="today-start", classes="first-steps")
        table: DataTable[Any] = DataTable(id="today", cursor_type="row", zebra_stripes=True)
        yield table

    def on_mount(self) -> None:
        self.query_one("#today-start").display = False
        self._load_snapshot()

    @work(thread=True, group="snapshot", exit_on_error=False)
    def _load_snapshot(self) -> None:
        """Last session's list, if the book is unchanged since: shown while the real read runs."""
        from amtui.tui import snapshot

        items = snapshot.load(self.am.db_path, self.today, self.am.url)
        if items is not None:
            self.post_message(SnapshotRead(items))

    def reading(self) -> AbstractContextManager[Db]:
        """Today's providers are all on the SQL runner: a plain connection, so the first fresh read loads
        neither SQLAlchemy nor the engine."""
        from amtui.tui.plain_read import plain_read

        return plain_read(self.am)

    def fetch(self, db: Db) -> dict[str, Any]:
        from amtui.services.overview.today import attention, book_is_empty
        from amtui.tui import snapshot

        key = snapshot.fingerprint(self.am.db_path, self.am.url)
        found = attention(db, today=self.today, memo=self.am.reads.get)
        snapshot.save(self.am.db_path, self.today, key, [asdict(i) for i in found])  # the whole list
        if self.am.am_filter is not None:  # …and, shown, one AM's accounts
            from amtui.services.clients.am import keep

            found = keep(db, found, self.am.am_filter, lambda i: i.account)
        items = [asdict(i) for i in found]
        if not items:
            return {"items": items, "empty": book_is_empty(db)}
        return {"items": items, "empty": False}

    @on(SnapshotRead)
    @fresh
    def _snapshot_read(self, message: SnapshotRead) -> None:
        if not self._fresh:
            self._shown_once = True  # no loading indicator over it while the fresh read runs
            self._show_items(message.items, note=" (as you left it — refreshing)")

    def show(self, data: dict[str, Any]) -> None:
        if not self._fresh:
            self.am.prewarm()
        self._fresh = True
        self.empty_book = bool(data["empty"])
        self.query_one("#today-start").display = self.empty_book
        self._show_items(data["items"])

    def _show_items(self, data: list[dict[str, Any]], note: str = "") -> None:
        self.items = data
        table = self.query_one("#today", DataTable)
        stop_loading(table)
        # Explicit widths: the list can arrive before the table's first idle pass measures its cells.
        table.clear(columns=True)
        widths = {
            field: max([len(label)] + [len(i[field]) for i in data]) if field else 9
            for label, field in COLUMNS
        }
        # The detail takes what is left of the width (cut rather than scrolled sideways).
        room = max(self.size.width, 80) - sum(w for f, w in widths.items() if f != "detail") - 10
        widths["detail"] = max(20, min(widths["detail"], room))
        for label, field in COLUMNS:
            table.add_column(label, width=widths[field])
        self._shown = 0
        self._note = note
        self._add_rows(PAGE)

    def _add_rows(self, count: int) -> None:
        """Put the next ``count`` lines in the table and say how many of how many are there."""
        table = self.query_one("#today", DataTable)
        start, data = self._shown, self.items
        for n in range(start, min(start + count, len(data))):
            item = data[n]
            severity = item["severity"]
            table.add_row(
                Text(SEVERITY_LABEL.get(severity, severity), style=SEVERITY_STYLE.get(severity, "")),
                item["account"],
                Text(item["title"], style="bold" if severity in ("critical", "high") else ""),
                Text(item["detail"], style="dim"),
                key=str(n),
            )
        self._shown = min(start + count, len(data))
        counts = {s: sum(1 for i in data if i["severity"] == s) for s in SEVERITY_STYLE}
        parts = [f"{n} {SEVERITY_LABEL[s]}" for s, n in counts.items() if n]
        summary = f"{len(data)} things need you{self.am_note()}" + (f" — {', '.join(parts)}" if parts else "")
        if self._shown < len(data):
            summary += f" · first {self._shown} listed, more as you scroll"
        self.query_one("#today-summary", Static).update((summary if data else self._nothing()) + self._note)

    def _nothing(self) -> str:
        if self.empty_book:
            return "Welcome to amtui — your book is empty. Start here:"
        if self.am.am_filter:
            return f"Nothing needs you on {self.am.am_filter}'s accounts today. (A shows the next AM's)"
        return "Nothing needs you today. (n adds an account · ctrl+p finds every action: type what you want)"

    def action_add_account(self) -> None:
        from amtui.tui.screens.book_forms import AccountForm

        self.app.push_screen(AccountForm())

    def action_import_harvest(self) -> None:
        from amtui.tui.screens.book_forms import HarvestImportForm

        self.app.push_screen(HarvestImportForm())

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self._shown - 1 and self._shown < len(self.items):
            self._add_rows(PAGE)

    def action_reload(self) -> None:
        self.reload()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one("#today", DataTable)
        if not self.items or table.cursor_row >= len(self.items):
            return
        item = self.items[table.cursor_row]
        self.am.open_target(item["target"], item["target_id"])

    def action_done(self) -> None:
        """Mark the highlighted follow-up done (``amtui todo done T-n``); other lines are not to-dos."""
        table = self.query_one("#today", DataTable)
        if not self.items or table.cursor_row >= len(self.items):
            return
        item = self.items[table.cursor_row]
        if not str(item["kind"]).startswith("follow-up"):
            self.notify("Only a follow-up (T-n) is marked done here", severity="warning")
            return
        self._complete(item["ref"])

    def action_follow_up(self, what: str) -> None:
        """``z`` snoozes (``todo snooze``), ``d`` edits (``todo edit``) the highlighted follow-up."""
        from amtui.tui.screens.followup_forms import FollowUpEditForm, FollowUpSnoozeForm, open_follow_up_form

        table = self.query_one("#today", DataTable)
        if not self.items or table.cursor_row >= len(self.items):
            return
        item = self.items[table.cursor_row]
        if not str(item["kind"]).startswith("follow-up"):
            self.notify("Only a follow-up (T-n) is snoozed or edited here", severity="warning")
            return
        open_follow_up_form(
            self.app, item["ref"], FollowUpSnoozeForm if what == "snooze" else FollowUpEditForm
        )

    @work(thread=True, exclusive=True, group="today-write", exit_on_error=False)
    def _complete(self, ref: str) -> None:
        from amtui.core.errors import AmtuiError
        from amtui.services.clients.followups import complete_follow_up
        from amtui.store import unit_of_work

        try:
            with unit_of_work(self.am.store, f"tui: todo done {ref}") as uow:
                done = complete_follow_up(uow, ref, today=self.today)
        except AmtuiError as exc:
            self.post_message(Refused(str(exc), title="Not done"))
            return
        text = f"{done.done.ref} done: {done.done.title}"
        if done.next is not None:
            text += f" · next {done.next.ref} due {done.next.due_on.isoformat()}"
        self.post_message(Written(text, title="Follow-up done"))

    @on(Written)
    @fresh
    def _written(self, message: Written) -> None:
        message.stop()  # the app's handler is for undo and redo
        self.notify(message.summary, title=message.title)
        self.am.data_changed(reload_active=True)
