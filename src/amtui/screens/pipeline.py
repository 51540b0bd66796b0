"""Pipeline: open growth opportunities across the book, weighted per account and in total."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from amtui.messages import DataChanged

if TYPE_CHECKING:
    from amtui.app import AmApp
    from amtui.services.pipeline import Pipeline


class PipelineScreen(Screen[None]):
    """Opportunities by next step date; weighted value per account and for the book."""

    CSS_PATH = "../styles/growth.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "toggle_closed", "Won/lost", id="pipeline.closed"),
        Binding("r", "reload", "Reload", id="pipeline.reload"),
        Binding("escape", "back", "Back", id="pipeline.back"),
    ]

    def __init__(self, *, today: date | None = None) -> None:
        super().__init__()
        self._today = today
        self.include_closed = False

    @property
    def today(self) -> date:
        """The date given, else the app's (the shell can fix one for tests), else the real date."""
        app_today = getattr(self.app, "today", None)
        return self._today or (app_today if isinstance(app_today, date) else date.today())

    def on_data_changed(self, message: DataChanged) -> None:
        """The book changed (a one-liner, another window): reload."""
        self.load()

    def action_back(self) -> None:
        """Back to the previous screen when this one was pushed; a top-level screen stays."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def open_ref(self, ref: str) -> None:
        """Put the cursor on the row ``ref`` (a Today line or a palette command opened this screen)."""
        self._pending_ref: str | None = ref
        self._apply_ref()

    def _apply_ref(self) -> None:
        ref = getattr(self, "_pending_ref", None)
        table = self.query_one("#pipe-opps", DataTable)
        if not ref or table.loading:
            return
        from textual.widgets.data_table import RowKey

        key = ref.upper() if "/" not in ref else ref
        if RowKey(key) in table.rows:
            table.move_cursor(row=table.get_row_index(key))
            self._pending_ref = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Pipeline", id="pipe-title", classes="title")
        table: DataTable[str] = DataTable(id="pipe-opps", cursor_type="row", zebra_stripes=True)
        table.loading = True
        yield table
        yield Static("", id="pipe-totals", classes="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pipe-opps", DataTable).add_columns(
            "Ref", "Account", "Title", "Type", "Stage", "Value", "Prob.", "Weighted", "Next step", "Status"
        )
        self.load()

    def action_toggle_closed(self) -> None:
        self.include_closed = not self.include_closed
        self.load()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="pipeline")
    def load(self) -> None:
        from amtui.services.pipeline import pipeline

        app: AmApp = self.app  # type: ignore[assignment]
        with app.store.read() as session:
            result = pipeline(session, include_closed=self.include_closed)
        self.app.call_from_thread(self.show, result)

    def show(self, p: Pipeline) -> None:
        from amtui.money import format_money

        table = self.query_one("#pipe-opps", DataTable)
        table.clear()
        for o in p.opportunities:
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
                key=o.ref,
            )
        table.loading = False
        self._apply_ref()
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
            "\n".join(lines)
            or 'No open opportunities: amtui opp add ACCOUNT "title" --value 24000 --probability 40'
        )
