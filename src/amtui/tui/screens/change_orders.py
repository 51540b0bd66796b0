"""Change orders: every CO by status (what waits on the client first), its impact, and the keys that move it
through draft → sent → approved / rejected, void it, or export the client document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from amtui.services.money.rules import CO_APPROVED, CO_BILLED, CO_WORK_ORDER
from amtui.tui.messages import ImpactRead, fresh
from amtui.tui.screens.base import DataScreen
from amtui.tui.widgets.paged_table import PagedTable

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.base.paging import Page
    from amtui.services.money.change_order_impact import ChangeOrderInfo, ChangeOrderView
    from amtui.tui.widgets.paged_table import Fetch

#: Display order: what needs a push first.
STATUS_ORDER = CO_WORK_ORDER
STATUS_STYLE = {
    "sent": "bold yellow",
    "draft": "cyan",
    "approved": "green",
    "invoiced": "green",
    "rejected": "red",
    "void": "dim",
}
#: The status filter cycles through these (invoiced ones show under no filter).
FILTERS: tuple[str | None, ...] = (None, *(s for s in CO_WORK_ORDER if s not in CO_BILLED))


@dataclass(frozen=True)
class Counts:
    total: int
    waiting: int


class ChangeOrdersScreen(DataScreen):
    """All change orders, a page at a time; ``f`` cycles the status filter, ``/`` filters by text (in SQL)."""

    TITLE = "Change orders"
    AUTO_FOCUS = "#cos"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "draft", "New", id="co.new"),
        Binding("s", "act('send')", "Send", id="co.send"),
        Binding("y", "act('approve')", "Approve", id="co.approve"),
        Binding("x", "act('reject')", "Reject", id="co.reject"),
        Binding("v", "act('void')", "Void", id="co.void"),
        Binding("w", "export", "Export", id="co.export"),
        Binding("d", "edit", "Edit", id="co.edit"),
        Binding("f", "cycle_filter", "Status filter", id="co.filter"),
        Binding("slash", "filter", "Filter", id="co.text_filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status_filter: str | None = None
        self.counts: Counts | None = None

    def body(self) -> ComposeResult:
        with Horizontal(classes="list-bar"):
            yield Static("", id="cos-title", classes="title")
            yield Input(placeholder="filter: number, title, project — / to focus", id="cos-filter")
        yield PagedTable(self._add_row, id="cos", cursor_type="row", zebra_stripes=True)
        yield Static("", id="co-impact", classes="co-impact")

    def on_mount(self) -> None:
        self.table.add_columns(
            "CO", "Status", "Project", "Title", "Amount", "Days", "Sent", "Waiting", "Decided"
        )  # fmt: skip

    @property
    def table(self) -> PagedTable:
        return self.query_one("#cos", PagedTable)

    @property
    def rows(self) -> list[ChangeOrderInfo]:
        """The change orders shown (the pages read so far)."""
        return self.table.items

    # ------------------------------------------------------------------------------------------ loading

    def reload(self) -> None:
        super().reload()
        self.table.load(self._fetcher(), keep=True)

    def _fetcher(self) -> Fetch:
        """The list service with the filters as they are now (read in the table's worker)."""
        from functools import partial

        text = self.query_one("#cos-filter", Input).value
        return partial(_page, text=text, status=self.status_filter)

    def fetch(self, session: Session) -> Counts:
        from amtui.services.money.change_orders import count_change_orders

        return Counts(count_change_orders(session), count_change_orders(session, status="sent"))

    def show(self, data: Counts) -> None:
        self.counts = data
        self._title()

    def on_paged_table_paged(self, event: PagedTable.Paged) -> None:
        self._title()
        if not self.table.row_count:
            empty = "No change orders match the filter." if self._filtered() else ""
            self.query_one("#co-impact", Static).update(empty or "No change orders yet — n drafts one.")

    def _filtered(self) -> bool:
        return bool(self.status_filter or self.query_one("#cos-filter", Input).value.strip())

    def _title(self) -> None:
        parts = ["Change orders", self.table.label]
        if self.counts is not None:
            parts.append(f"{self.counts.waiting} with the client")
        if self.status_filter:
            parts.append(f"showing {self.status_filter}")
        self.query_one("#cos-title", Static).update(" · ".join(parts))

    def _add_row(self, table: PagedTable, c: ChangeOrderInfo) -> None:
        from amtui.core.money import format_money

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

    def selected(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def open_ref(self, ref: str) -> None:
        """Show one change order (the target of Today lines): filters cleared, pages read until it shows."""
        self.status_filter = None
        with self.prevent(Input.Changed):
            self.query_one("#cos-filter", Input).value = ""
        self.table.load(self._fetcher())
        self.table.show_key(ref.upper())

    # ------------------------------------------------------------------------------------------ impact

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._load_impact(str(event.row_key.value))

    @work(thread=True, exclusive=True, group="impact", exit_on_error=False)
    def _load_impact(self, number: str) -> None:
        from amtui.services.money.change_orders import show

        with self.am.store.read() as session:
            view = show(session, number)
        self.post_message(ImpactRead(view))

    @on(ImpactRead)
    @fresh
    def _impact_read(self, message: ImpactRead) -> None:
        self._show_impact(message.view)

    def _show_impact(self, v: ChangeOrderView) -> None:
        from amtui.tui.screens.co_forms import answer

        c = v.change_order
        head = f"{c.number} {c.title} — {c.project_name} ({c.account_name})"
        if c.reason:
            head += f"\nReason: {c.reason}"
        verb = "Approved" if c.status in CO_APPROVED else "If approved"
        self.query_one("#co-impact", Static).update(f"{head}\n{answer(v, verb)}")

    # ------------------------------------------------------------------------------------------ actions

    def action_draft(self) -> None:
        from amtui.tui.screens.co_forms import DraftChangeOrderForm

        number = self.selected()
        ref = next((c.project for c in self.rows if c.number == number), "")
        self.app.push_screen(DraftChangeOrderForm(ref))

    def action_act(self, action: str) -> None:
        from amtui.tui.screens.co_forms import ChangeOrderActionForm

        number = self.selected()
        if number:
            info = next((c for c in self.rows if c.number == number), None)
            self.app.push_screen(ChangeOrderActionForm(number, action, info))

    def action_edit(self) -> None:
        """``amtui co edit``: title, fee, hours, days, reason of a draft or sent change order."""
        from amtui.tui.screens.co_edit_form import ChangeOrderEditForm

        info = next((c for c in self.rows if c.number == self.selected()), None)
        if info is not None:
            self.app.push_screen(ChangeOrderEditForm(info))

    def action_export(self) -> None:
        from amtui.tui.screens.co_forms import ExportChangeOrderForm

        number = self.selected()
        if number:
            self.app.push_screen(ExportChangeOrderForm(number))

    def action_cycle_filter(self) -> None:
        self.status_filter = FILTERS[(FILTERS.index(self.status_filter) + 1) % len(FILTERS)]
        self.table.load(self._fetcher())
        self._title()

    def action_filter(self) -> None:
        self.query_one("#cos-filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "cos-filter":
            self.table.load_later(self._fetcher())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "cos-filter":
            self.table.load(self._fetcher())
            self.table.focus()


def _page(
    session: Session, offset: int, limit: int, *, text: str, status: str | None
) -> Page[ChangeOrderInfo]:
    from amtui.services.money.change_orders import page_change_orders

    return page_change_orders(
        session, text=text, status=status, status_order=STATUS_ORDER, offset=offset, limit=limit
    )
