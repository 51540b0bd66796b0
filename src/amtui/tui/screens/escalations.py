"""Escalations: what clients raised, how old and how late — or the risk register by probability × impact."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from amtui.tui.messages import OverdueCounted, fresh
from amtui.tui.screens.base import ListScreen
from amtui.tui.widgets.key_bar import KeyBar
from amtui.tui.widgets.paged_table import PagedTable

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.base.paging import Page
    from amtui.services.clients.escalations import EscalationInfo

SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}


class EscalationsScreen(ListScreen):
    """Open escalations (all with ``o``), or the risk register (``k``); the highlighted one's plan below."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", "New", id="escalations.add"),
        Binding("enter", "update", "Update", id="escalations.update"),
        Binding("d", "update", "Update", id="escalations.edit", show=False),
        Binding("y", "resolve", "Resolve", id="escalations.resolve"),
        Binding("f", "toggle_open", "Open/all", id="escalations.open"),
        Binding("k", "toggle_risks", "Risk register", id="escalations.risks"),
        Binding("f5", "reload", "Reload", id="escalations.reload"),
        Binding("escape", "back", "Back", id="escalations.back"),
    ]

    def __init__(self, *, today: date | None = None) -> None:
        super().__init__(today=today)
        self.open_only = True
        self.risks = False
        self.overdue: int | None = None
        self._columns_for: bool | None = None

    def open_ref(self, ref: str) -> None:
        """Put the cursor on the row ``ref`` (a Today line or a palette command opened this screen)."""
        self.table.show_key(ref.upper() if "/" not in ref else ref)

    @property
    def table(self) -> PagedTable:
        return self.query_one("#esc-table", PagedTable)

    @property
    def rows(self) -> list[EscalationInfo]:
        """The escalations shown (the pages read so far)."""
        return self.table.items

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Escalations", id="esc-title", classes="title")
        yield PagedTable(self._add_row, id="esc-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="esc-detail", classes="summary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    def selected(self) -> EscalationInfo | None:
        """The highlighted escalation (None on an empty list)."""
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((e for e in self.rows if e.ref == key), None)

    def action_add(self) -> None:
        from amtui.tui.screens.escalation_forms import EscalationForm

        e = self.selected()
        self.app.push_screen(EscalationForm(e.account if e else ""))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_update()

    def action_update(self) -> None:
        from amtui.tui.screens.escalation_forms import EscalationUpdateForm

        e = self.selected()
        if e is None:
            self.notify("Nothing to update: press n to record an escalation", severity="warning")
            return
        self.app.push_screen(EscalationUpdateForm(e))

    def action_resolve(self) -> None:
        from amtui.tui.screens.escalation_forms import EscalationResolveForm

        e = self.selected()
        if e is None:
            self.notify("Nothing to resolve: press n to record an escalation", severity="warning")
            return
        self.app.push_screen(EscalationResolveForm(e))

    def action_toggle_open(self) -> None:
        self.open_only = not self.open_only
        self.load(keep=False)

    def action_toggle_risks(self) -> None:
        self.risks = not self.risks
        self.load(keep=False)

    def action_reload(self) -> None:
        self.load()

    def load(self, *, keep: bool = True) -> None:
        """Read the first page (in the table's worker) and the overdue count (in this screen's)."""
        from functools import partial

        table = self.table
        if self._columns_for != self.risks:
            table.clear(columns=True)
            cols = ["Ref", "Account", "Kind", "Severity"]
            cols += ["P×I", "Score"] if self.risks else []
            cols += ["Summary", "Owner", "Age", "Due", "Status"]
            table.add_columns(*cols)
            table.items = []
            self._columns_for = self.risks
            keep = False
        fetch = partial(_page, open_only=self.open_only, risks=self.risks, today=self.today)
        table.load(fetch, keep=keep)
        self._count_overdue()

    @work(thread=True, exclusive=True, group="escalations")
    def _count_overdue(self) -> None:
        from amtui.services.clients import escalations

        with self.app.store.read() as session:
            n = escalations.count_overdue(session, today=self.today)
        self.post_message(OverdueCounted(n))

    @on(OverdueCounted)
    @fresh
    def _overdue_counted(self, message: OverdueCounted) -> None:
        self.overdue = message.count
        self._title()

    def _title(self) -> None:
        title = "Risk register (probability × impact)" if self.risks else "Escalations"
        title += "" if self.risks else (" · open" if self.open_only else " · all")
        overdue = f", {self.overdue} overdue" if self.overdue is not None else ""
        self.query_one("#esc-title", Static).update(f"{title} · {self.table.label} shown{overdue}")

    def on_paged_table_paged(self, event: PagedTable.Paged) -> None:
        self._title()
        if not self.table.row_count:
            self.show_detail(None)  # (a highlighted row shows its own detail)

    def _add_row(self, table: PagedTable, e: EscalationInfo) -> None:
        due = "—"
        if e.due_on:
            due = e.due_on.isoformat() + (f" [red]{e.days_overdue}d overdue[/]" if e.overdue else "")
        cells = [e.ref, e.account, e.kind, f"[{SEVERITY_STYLE.get(e.severity, '')}]{e.severity}[/]"]
        cells += [f"{e.probability}×{e.impact}", str(e.score)] if self.risks else []
        cells += [e.summary, e.owner or "—", f"{e.age_days}d", due, e.status]
        table.add_row(*cells, key=e.ref)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.show_detail(str(event.row_key.value))

    def show_detail(self, ref: str | None) -> None:
        e = next((r for r in self.rows if r.ref == ref), None)
        detail = self.query_one("#esc-detail", Static)
        if e is None:
            empty = "Nothing open" if self.open_only or self.risks else "No escalations"
            detail.update(f"{empty} — press n to record an escalation or a risk.")
            return
        text = f"[b]{e.ref}[/b] {e.summary}\nPlan: {e.plan or '— none yet —'}"
        if e.resolution:
            text += f"\nResolved {e.resolved_on.isoformat() if e.resolved_on else ''}: {e.resolution}"
        detail.update(text)


def _page(
    session: Session, offset: int, limit: int, *, open_only: bool, risks: bool, today: date
) -> Page[EscalationInfo]:
    from amtui.services.clients.escalations import page_escalations

    return page_escalations(
        session, open_only=open_only, risks=risks, today=today, offset=offset, limit=limit
    )
