"""Pipeline: open growth opportunities across the book, weighted per account and in total."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from amtui.tui.messages import PipelineRead, fresh
from amtui.tui.screens.base import ListScreen
from amtui.tui.widgets.key_bar import KeyBar
from amtui.tui.widgets.paged_table import PagedTable

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.base.paging import Page
    from amtui.services.growth.pipeline import OpportunityInfo, Pipeline


class PipelineScreen(ListScreen):
    """Opportunities by next step date; weighted value per account and for the book."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", "New", id="pipeline.add"),
        Binding("enter", "edit", "Edit", id="pipeline.edit"),
        Binding("d", "edit", "Edit", id="pipeline.edit_key", show=False),
        Binding("y", "won", "Won", id="pipeline.won"),
        Binding("x", "lost", "Lost", id="pipeline.lost"),
        Binding("w", "toggle_closed", "Won/lost", id="pipeline.closed"),
        Binding("f5", "reload", "Reload", id="pipeline.reload"),
        Binding("escape", "back", "Back", id="pipeline.back"),
    ]

    def __init__(self, *, today: date | None = None) -> None:
        super().__init__(today=today)
        self.include_closed = False

    def open_ref(self, ref: str) -> None:
        """Put the cursor on the row ``ref`` (a Today line or a palette command opened this screen)."""
        self.table.show_key(ref.upper() if "/" not in ref else ref)

    @property
    def table(self) -> PagedTable:
        return self.query_one("#pipe-opps", PagedTable)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Pipeline", id="pipe-title", classes="title")
        yield PagedTable(self._add_row, id="pipe-opps", cursor_type="row", zebra_stripes=True)
        yield Static("", id="pipe-totals", classes="summary")
        yield KeyBar()

    def on_mount(self) -> None:
        from amtui.services.growth.pipeline import LIST_COLUMNS

        self.table.add_columns(*LIST_COLUMNS)
        self.load()

    def selected(self) -> OpportunityInfo | None:
        """The highlighted opportunity (None on an empty list)."""
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((o for o in table.items if o.ref == key), None)

    def action_add(self) -> None:
        from amtui.tui.screens.growth_forms import OpportunityForm

        o = self.selected()
        self.app.push_screen(OpportunityForm(o.account if o else ""))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _on_selected(self, form: type[Any]) -> None:
        o = self.selected()
        if o is None:
            self.notify("No opportunity highlighted: press n to add one", severity="warning")
            return
        self.app.push_screen(form(o))

    def action_edit(self) -> None:
        from amtui.tui.screens.growth_forms import OpportunityEditForm

        self._on_selected(OpportunityEditForm)

    def action_won(self) -> None:
        from amtui.tui.screens.growth_forms import OpportunityWonForm

        self._on_selected(OpportunityWonForm)

    def action_lost(self) -> None:
        from amtui.tui.screens.growth_forms import OpportunityLostForm

        self._on_selected(OpportunityLostForm)

    def action_toggle_closed(self) -> None:
        self.include_closed = not self.include_closed
        self.load(keep=False)

    def action_reload(self) -> None:
        self.load()

    def load(self, *, keep: bool = True) -> None:
        """Read the first page of opportunities (the table's worker) and the sums (this screen's)."""
        from functools import partial

        self.table.load(partial(_page, include_closed=self.include_closed), keep=keep)
        self._load_sums()

    @work(thread=True, exclusive=True, group="pipeline")
    def _load_sums(self) -> None:
        from amtui.services.growth.pipeline import pipeline

        with self.app.store.read() as session:
            result = pipeline(session, opportunities=False)
        self.post_message(PipelineRead(result))

    @on(PipelineRead)
    @fresh
    def _pipeline_read(self, message: PipelineRead) -> None:
        self.show(message.pipeline)

    def on_paged_table_paged(self, event: PagedTable.Paged) -> None:
        shown = "open and closed" if self.include_closed else "open"
        self.query_one("#pipe-title", Static).update(f"Pipeline · {shown} · {event.label}")

    def _add_row(self, table: PagedTable, o: OpportunityInfo) -> None:
        from amtui.core.money import format_money

        late = o.status == "open" and o.next_on is not None and o.next_on < self.today
        when = o.next_on.isoformat() if o.next_on else ""
        nxt = f"{'[red]' if late else ''}{when}{'[/]' if late else ''} {o.next_step or ''}".strip() or "—"
        table.add_row(
            o.ref,
            o.account,
            o.title,
            o.type,
            o.stage,
            format_money(o.value_cents, o.currency),
            f"{o.probability}%",
            format_money(o.weighted_cents, o.currency),
            nxt,
            o.status + (f" → {o.project}" if o.project else ""),
            o.expected_close.isoformat() if o.expected_close else "—",
            key=o.ref,
        )

    def show(self, p: Pipeline) -> None:
        """The weighted sums per account and for the book (open opportunities only)."""
        from amtui.core.money import format_money

        lines = [
            f"{a.account}: {a.open} open · {format_money(a.value_cents, a.currency)} · "
            f"{format_money(a.weighted_cents, a.currency)} weighted"
            for a in p.accounts
        ]
        lines += [
            f"[b]Total[/b]: {t.open} open · {format_money(t.value_cents, t.currency)} · "
            f"{format_money(t.weighted_cents, t.currency)} weighted"
            for t in p.totals
        ]
        self.query_one("#pipe-totals", Static).update(
            "\n".join(lines) or "No open opportunities — press n to add one"
        )


def _page(session: Session, offset: int, limit: int, *, include_closed: bool) -> Page[OpportunityInfo]:
    from amtui.services.growth.pipeline import page_opportunities

    return page_opportunities(session, include_closed=include_closed, offset=offset, limit=limit)
