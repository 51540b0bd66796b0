"""Budget: every project's money — original, approved change orders, current budget, actual, burn,
elapsed, EAC, variance and status — with a burn chart for the highlighted project, its budget by estimate
line beside it (estimate vs actual vs EAC per team: :func:`amtui.services.estimates.lines.budget_lines`, as
``amtui budget REF --lines``) and the monthly check-in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from amtui.tui.messages import ChartRead, LinesRead, MonthRead, fresh
from amtui.tui.screens.base import DataScreen
from amtui.tui.screens.budget_cells import STATUS_STYLE, lines_table
from amtui.tui.screens.budget_cells import money_cell as _money
from amtui.tui.screens.budget_cells import pct_cell as _pct
from amtui.tui.widgets.burn_chart import BurnChart

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.estimates.lines import BudgetLines
    from amtui.services.money.budget_health import ProjectHealth
    from amtui.services.money.checkin import MonthMove


@dataclass(frozen=True)
class BudgetData:
    now: list[ProjectHealth]
    month_end: date
    #: The monthly check-in of this month (end of last month → today), by project ref: the one check-in
    #: computation (:func:`amtui.services.money.checkin.moves`), as ``amtui budget --month`` prints it.
    #: None until its own read is in: the budget table shows first, without waiting on last month's figures.
    moves: dict[str, MonthMove] | None = None


HEALTH_COLUMNS = (
    "Project", "Original", "+ COs", "Current", "Actual", "Burn", "Elapsed", "EAC", "Variance", "Margin",
    "Status", "AM",
)  # fmt: skip
MONTHLY_COLUMNS = (
    "Project", "Variance then", "Variance now", "Moved", "Actual this month", "Status then", "Status now",
)  # fmt: skip
#: Projects put in the table at once; the next ones follow when the cursor reaches the last row.
PAGE = 100


def _margin(h: ProjectHealth) -> Text:
    """Earned − cost as a share of earned (``42%``); ``~`` when some time has no cost rate (left out)."""
    if h.margin_pct is None:
        return Text("—", style="dim", justify="right")
    text = ("~" if h.uncosted_minutes else "") + _pct(h.margin_pct)
    return Text(text, justify="right", style="red" if h.margin_pct < 0 else "")


class BudgetScreen(DataScreen):
    """The book's budgets; ``m`` switches to the monthly check-in, ``/`` filters by account."""

    TITLE = "Budget"
    LOADING_TARGET = "#budget"
    AUTO_FOCUS = "#budget"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="budget.filter"),
        Binding("m", "monthly", "Month", id="budget.monthly"),
        Binding("i", "log_time", "Log time", id="budget.time"),
        Binding("g", "log_cost", "Log cost", id="budget.cost"),
        Binding("A", "am_filter", "AM", id="budget.am_filter"),
        Binding("d", "edit_project", "Edit project", id="budget.edit_project"),
        Binding("C", "costs", "Costs", id="budget.costs"),
        Binding("enter", "open", "Open account", id="budget.open", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: BudgetData | None = None
        #: The highlighted project's budget by estimate line (None: no estimate was accepted into it).
        self.lines: BudgetLines | None = None
        self.lines_view: Table | str = ""
        self.monthly = False
        self._want: str | None = None
        self._rows: list[ProjectHealth] = []
        self._shown = 0
        #: The account filter as typed (read by the worker: the filter is a WHERE clause, not a loop).
        self.filter_text = ""
        self._debounce: Timer | None = None

    def body(self) -> ComposeResult:
        with Horizontal(id="budget-bar"):
            yield Static("", id="budget-title", classes="title")
            yield Input(placeholder="account filter — / to focus", id="budget-filter")
        yield DataTable(id="budget", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="budget-detail"):
            yield BurnChart(id="burn-chart")
            yield Static("", id="budget-lines")

    def _health(self, session: Session, text: str, as_of: date) -> list[ProjectHealth]:
        """Every project's health as of ``as_of``: the filtered projects, or the whole book (shared with the
        other screens' reads and read ahead by the app)."""
        from amtui.services.clients.projects import book_health_matching
        from amtui.services.money.budget import book_health

        if text:  # the filter is a WHERE clause: only the matching projects are read
            rows = book_health_matching(session, text, as_of=as_of)
        else:
            rows = self.am.reads.get(("book_health", as_of), lambda: book_health(session, as_of=as_of))
        if self.am.am_filter is not None:  # one AM's accounts, out of the shared whole-book reads
            from amtui.services.clients.am import keep

            rows = keep(session, rows, self.am.am_filter, lambda h: h.account)
        return rows

    def fetch(self, session: Session) -> BudgetData:
        now = self._health(session, self.filter_text, self.today)
        return BudgetData(now=now, month_end=self._month_end())

    def _month_end(self) -> date:
        from amtui.core.dates import end_of_month

        return end_of_month(self.today.replace(day=1) - timedelta(days=1))

    def show_read_ahead(self) -> bool:
        """The first visit, unfiltered, when the book's health as of today is read (by Today and the
        prewarm): shown now, before the first paint, with no worker and no loading indicator."""
        rows = self.am.reads.peek(("book_health", self.today))
        if rows is None or self.filter_text or self.am.am_filter is not None:
            return False
        self.show(BudgetData(now=rows, month_end=self._month_end()))
        return True

    def show(self, data: BudgetData) -> None:
        self.data = data
        self._fill()
        # Last month's figures (the check-in behind ``m``) follow in their own read, once the table is drawn.
        self.call_after_refresh(self._load_month, data, self.filter_text)

    @work(thread=True, exclusive=True, group="month", exit_on_error=False)
    def _load_month(self, data: BudgetData, text: str) -> None:
        from amtui.services.money.checkin import moves

        with self.am.store.read() as session:
            then = self._health(session, text, data.month_end)
            month = moves(session, data.now, then, month=self.today.strftime("%Y-%m"))
        self.post_message(MonthRead(data, {m.project: m for m in month}))

    @on(MonthRead)
    @fresh
    def _month_read(self, message: MonthRead) -> None:
        if message.data is not self.data:  # read for figures since replaced
            return
        self.data = replace(self.data, moves=message.moves)
        if self.monthly:
            self._fill()

    def _visible(self) -> list[ProjectHealth]:
        assert self.data is not None
        return self.data.now

    def _fill(self) -> None:
        if self.data is None:
            return
        if self.monthly and self.data.moves is None:  # the check-in's read is still running: say so
            self.query_one("#budget-title", Static).update(
                f"Monthly check-in: reading end of {self.data.month_end:%B} …"
            )
            return
        table: DataTable[Any] = self.query_one("#budget", DataTable)
        keep = self._want or self.selected_ref()
        table.clear(columns=True)
        rows = self._visible()
        self._rows, self._shown = rows, 0
        table.add_columns(*(MONTHLY_COLUMNS if self.monthly else HEALTH_COLUMNS))
        refs = [h.project for h in rows]
        self._add_rows(max(PAGE, refs.index(keep) + 1 if keep in refs else 0))
        if keep in refs:
            table.move_cursor(row=refs.index(keep))
            self._want = None
        # The chart's and lines' reads start once the table is drawn: started now, their threads would hold
        # the interpreter while the UI thread lays the table out.
        self.call_after_refresh(self._chart_for, self.selected_ref())

    def _add_rows(self, count: int) -> None:
        """Put the next ``count`` projects in the table: a DataTable measures every row it is given on the UI
        thread, so a book of hundreds of projects goes in a page at a time as the cursor nears the end."""
        assert self.data is not None
        table: DataTable[Any] = self.query_one("#budget", DataTable)
        rows, start = self._rows, self._shown
        for h in rows[start : start + count]:
            table.add_row(*(self._monthly_cells(h) if self.monthly else self._health_cells(h)), key=h.project)
        self._shown = min(start + count, len(rows))
        over = sum(1 for h in rows if h.status in ("at-risk", "over"))
        mode = f"Monthly check-in: end of {self.data.month_end:%B} → today" if self.monthly else "Budget"
        more = f" · first {self._shown} listed, more as you scroll" if self._shown < len(rows) else ""
        self.query_one("#budget-title", Static).update(
            f"{mode} · {len(rows)} projects"
            + (f" · {over} at risk or over" if over else "")
            + self.am_note()
            + more
        )

    def _health_cells(self, h: ProjectHealth) -> tuple[Text, ...]:
        return (
            Text(h.project),
            Text("not set" if h.no_budget else _money(h.original_budget_cents, h.currency), justify="right"),
            Text(_money(h.approved_change_orders_cents, h.currency), justify="right"),
            Text(_money(h.current_budget_cents, h.currency), justify="right"),
            Text(_money(h.actual_cents, h.currency), justify="right"),
            Text(_pct(h.burn), justify="right"),
            Text(_pct(h.elapsed), justify="right"),
            Text(_money(h.eac_cents, h.currency), justify="right"),
            Text(_pct(h.variance_pct, signed=True), justify="right"),
            _margin(h),
            Text(h.status, style=STATUS_STYLE.get(h.status, "")),
            Text(h.am or "—"),
        )

    def _monthly_cells(self, h: ProjectHealth) -> tuple[Text, ...]:
        assert self.data is not None and self.data.moves is not None
        mv = self.data.moves[h.project]
        moved = mv.variance_change_pp
        moved_text = "—" if moved is None else f"{moved:+.1f} pp"  # as ``amtui budget --month`` prints it
        return (
            Text(h.project),
            Text(_pct(mv.previous_variance_pct, signed=True), justify="right"),
            Text(_pct(mv.variance_pct, signed=True), justify="right"),
            Text(moved_text, justify="right", style="red" if (moved or 0) > 0 else "green"),
            Text(_money(mv.actual_in_month_cents, h.currency), justify="right"),
            Text(mv.previous_status, style=STATUS_STYLE.get(mv.previous_status, "")),
            Text(mv.status, style=STATUS_STYLE.get(mv.status, "")),
        )

    def selected_ref(self) -> str | None:
        table: DataTable[Any] = self.query_one("#budget", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def open_ref(self, ref: str) -> None:
        """Highlight one project (the target of Today lines about budgets)."""
        self._want = ref
        if self.data is not None:
            if self.filter_text:
                with self.prevent(Input.Changed):
                    self.query_one("#budget-filter", Input).value = ""
                self.filter_text = ""
                self.reload()
            else:
                self._fill()

    # ------------------------------------------------------------------------------------------ chart

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self._shown - 1 and self._shown < len(self._rows):
            self._add_rows(PAGE)
        if event.row_key.value is not None:
            self._chart_for(str(event.row_key.value))

    def _chart_for(self, ref: str | None) -> None:
        if ref is not None:
            self._load_chart(ref)
            self._load_lines(ref)

    @work(thread=True, exclusive=True, group="lines", exit_on_error=False)
    def _load_lines(self, ref: str) -> None:
        from amtui.core.errors import NotFoundError
        from amtui.services.estimates.lines import budget_lines

        with self.am.store.read() as session:
            try:
                found: BudgetLines | None = budget_lines(session, ref, as_of=self.today)
            except NotFoundError:  # no estimate accepted into it: the project is one budget
                found = None
        self.post_message(LinesRead(ref, found))

    @on(LinesRead)
    @fresh
    def _lines_read(self, message: LinesRead) -> None:
        self.lines = message.lines
        self.lines_view = lines_table(message.ref, message.lines)
        self.query_one("#budget-lines", Static).update(self.lines_view)

    @work(thread=True, exclusive=True, group="chart", exit_on_error=False)
    def _load_chart(self, ref: str) -> None:
        from amtui.services.money.burn import burn_series

        with self.am.store.read() as session:
            series = burn_series(session, ref, as_of=self.today)
        self.post_message(ChartRead(series))

    @on(ChartRead)
    @fresh
    def _chart_read(self, message: ChartRead) -> None:
        self.query_one(BurnChart).show_series(message.series)

    # ------------------------------------------------------------------------------------------ actions

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "budget-filter":
            # Read again once typing pauses: one query per burst of keystrokes.
            self.filter_text = event.value.strip()
            if self._debounce is not None:
                self._debounce.stop()
            self._debounce = self.set_timer(0.2, self._filter_now)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "budget-filter":
            self.query_one("#budget", DataTable).focus()
            if self._debounce is not None:
                self._filter_now()

    def _filter_now(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        self.reload()

    def action_filter(self) -> None:
        self.query_one("#budget-filter", Input).focus()

    def action_monthly(self) -> None:
        self.monthly = not self.monthly
        self._fill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        ref = self.selected_ref()
        if ref:
            self.am.open_target("account", ref.partition("/")[0])

    def action_log_time(self) -> None:
        from amtui.tui.screens.actual_forms import TimeForm

        ref = self.selected_ref()
        if ref:
            self.app.push_screen(TimeForm(ref))

    def action_edit_project(self) -> None:
        """``amtui project edit``: budget, end date, rate, media budget …, the health after previewed."""
        from amtui.tui.screens.project_edit_form import open_project_edit

        ref = self.selected_ref()
        if ref:
            open_project_edit(self.app, ref)

    def action_costs(self) -> None:
        """The highlighted project's costs: Enter edits one (``cost edit``), x deletes (``cost delete``)."""
        from amtui.tui.screens.cost_forms import open_costs

        ref = self.selected_ref()
        if ref:
            open_costs(self.app, ref)

    def action_log_cost(self) -> None:
        from amtui.tui.screens.actual_forms import CostForm

        ref = self.selected_ref()
        if ref:
            self.app.push_screen(CostForm(ref))
