"""Change orders: every CO by status (what waits on the client first), its impact, and the keys that move it
through draft → sent → approved / rejected, void it, or export the client document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from amtui.messages import Loaded
from amtui.screens.base import DataScreen

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.change_orders import ChangeOrderInfo, ChangeOrderView

#: Display order: what needs a push first.
STATUS_ORDER = ("sent", "draft", "approved", "invoiced", "rejected", "void")
STATUS_STYLE = {
    "sent": "bold yellow",
    "draft": "cyan",
    "approved": "green",
    "invoiced": "green",
    "rejected": "red",
    "void": "dim",
}
FILTERS = (None, "sent", "draft", "approved", "rejected", "void")


class ChangeOrdersScreen(DataScreen):
    """All change orders; ``f`` cycles the status filter."""

    TITLE = "Change orders"
    LOADING_TARGET = "#cos"
    AUTO_FOCUS = "#cos"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "draft", "New", id="co.new"),
        Binding("s", "act('send')", "Send", id="co.send"),
        Binding("y", "act('approve')", "Approve", id="co.approve"),
        Binding("x", "act('reject')", "Reject", id="co.reject"),
        Binding("v", "act('void')", "Void", id="co.void"),
        Binding("w", "export", "Export", id="co.export"),
        Binding("f", "cycle_filter", "Status filter", id="co.filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ChangeOrderInfo] = []
        self.status_filter: str | None = None
        self._want: str | None = None

    def body(self) -> ComposeResult:
        yield Static("", id="cos-title", classes="title")
        yield DataTable(id="cos", cursor_type="row", zebra_stripes=True)
        yield Static("", id="co-impact", classes="co-impact")

    def on_mount(self) -> None:
        self.query_one("#cos", DataTable).add_columns(
            "CO", "Status", "Project", "Title", "Amount", "Days", "Sent", "Waiting", "Decided"
        )
        super().on_mount()

    def fetch(self, session: Session) -> list[ChangeOrderInfo]:
        from amtui.services.change_orders import list_change_orders

        rows = list_change_orders(session)
        return sorted(
            rows,
            key=lambda c: (STATUS_ORDER.index(c.status) if c.status in STATUS_ORDER else 99, c.number),
        )

    def show(self, data: list[ChangeOrderInfo]) -> None:
        self.rows = data
        self._fill()

    def _fill(self) -> None:
        from amtui.money import format_money

        table: DataTable[Any] = self.query_one("#cos", DataTable)
        keep = self._want or self.selected()
        table.clear()
        shown = [c for c in self.rows if self.status_filter is None or c.status == self.status_filter]
        for c in shown:
            waiting = (self.today - c.sent_on).days if c.status == "sent" and c.sent_on else None
            late = waiting is not None and waiting > self.am.config.co_waiting_days
            table.add_row(
                c.number,
                Text(c.status, style=STATUS_STYLE.get(c.status, "")),
                c.project,
                c.title,
                Text(format_money(c.amount_cents, c.currency, signed=True), justify="right"),
                f"{c.days:+d}" if c.days else "",
                c.sent_on.isoformat() if c.sent_on else "",
                Text(f"{waiting}d", style="bold red" if late else "") if waiting is not None else "",
                c.decided_on.isoformat() if c.decided_on else "",
                key=c.number,
            )
        numbers = [c.number for c in shown]
        if keep in numbers:
            table.move_cursor(row=numbers.index(keep))
            self._want = None
        waiting_n = sum(1 for c in self.rows if c.status == "sent")
        label = f" · showing {self.status_filter}" if self.status_filter else ""
        self.query_one("#cos-title", Static).update(
            f"Change orders ({len(self.rows)}) · {waiting_n} with the client{label}"
        )
        if not shown:
            self.query_one("#co-impact", Static).update("No change orders yet — n drafts one.")

    def selected(self) -> str | None:
        table: DataTable[Any] = self.query_one("#cos", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def open_ref(self, ref: str) -> None:
        self._want = ref.upper()
        self.status_filter = None
        if self.rows:
            self._fill()

    # ------------------------------------------------------------------------------------------ impact

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._load_impact(str(event.row_key.value))

    @work(thread=True, exclusive=True, group="impact", exit_on_error=False)
    def _load_impact(self, number: str) -> None:
        from amtui.services.change_orders import show

        with self.am.store.read() as session:
            view = show(session, number)
        self.post_message(Loaded("impact", view))

    def on_loaded(self, message: Loaded) -> None:
        if message.key == "impact":
            message.prevent_default()
            message.stop()
            self._show_impact(message.data)
            return
        super().on_loaded(message)
        message.prevent_default()

    def _show_impact(self, v: ChangeOrderView) -> None:
        from amtui.screens.co_forms import answer

        c = v.change_order
        head = f"{c.number} {c.title} — {c.project_name} ({c.account_name})"
        if c.reason:
            head += f"\nReason: {c.reason}"
        verb = "Approved" if c.status in ("approved", "invoiced") else "If approved"
        self.query_one("#co-impact", Static).update(f"{head}\n{answer(v, verb)}")

    # ------------------------------------------------------------------------------------------ actions

    def action_draft(self) -> None:
        from amtui.screens.co_forms import DraftChangeOrderForm

        number = self.selected()
        ref = next((c.project for c in self.rows if c.number == number), "")
        self.app.push_screen(DraftChangeOrderForm(ref))

    def action_act(self, action: str) -> None:
        from amtui.screens.co_forms import ChangeOrderActionForm

        number = self.selected()
        if number:
            self.app.push_screen(ChangeOrderActionForm(number, action))

    def action_export(self) -> None:
        from amtui.screens.co_forms import ExportChangeOrderForm

        number = self.selected()
        if number:
            self.app.push_screen(ExportChangeOrderForm(number))

    def action_cycle_filter(self) -> None:
        self.status_filter = FILTERS[(FILTERS.index(self.status_filter) + 1) % len(FILTERS)]
        self._fill()
