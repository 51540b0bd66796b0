"""Today: what needs the AM now, most urgent first; Enter opens the thing a line is about."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from amtui.screens.base import DataScreen

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.today import AttentionItem

SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
SEVERITY_LABEL = {"critical": "now", "high": "soon", "medium": "this week", "low": "ahead"}


class TodayScreen(DataScreen):
    """The attention list from :func:`amtui.services.today.attention`."""

    TITLE = "Today"
    LOADING_TARGET = "#today"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="today.open"),
        Binding("f5", "reload", "Reload", id="today.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[AttentionItem] = []

    def body(self) -> ComposeResult:
        yield Static("", id="today-summary", classes="title")
        table: DataTable[Any] = DataTable(id="today", cursor_type="row", zebra_stripes=True)
        yield table

    def on_mount(self) -> None:
        self.query_one("#today", DataTable).add_columns("When", "Account", "What", "Detail")
        super().on_mount()

    def fetch(self, session: Session) -> list[AttentionItem]:
        from amtui.services.today import attention

        return attention(session, today=self.today)

    def show(self, data: list[AttentionItem]) -> None:
        self.items = data
        table = self.query_one("#today", DataTable)
        table.clear()
        for n, item in enumerate(data):
            style = SEVERITY_STYLE.get(item.severity, "")
            table.add_row(
                Text(SEVERITY_LABEL.get(item.severity, item.severity), style=style),
                item.account,
                Text(item.title, style="bold" if item.severity in ("critical", "high") else ""),
                Text(item.detail, style="dim"),
                key=str(n),
            )
        counts = {s: sum(1 for i in data if i.severity == s) for s in SEVERITY_STYLE}
        parts = [f"{n} {SEVERITY_LABEL[s]}" for s, n in counts.items() if n]
        summary = f"{len(data)} things need you" + (f" — {', '.join(parts)}" if parts else "")
        self.query_one("#today-summary", Static).update(summary if data else "Nothing needs you today.")

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
        self.am.open_target(item.target, item.target_id)
