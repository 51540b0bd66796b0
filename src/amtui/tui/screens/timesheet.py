"""Timesheet: one week of time as a grid, projects × Monday..Sunday, with row, day and week totals.

``[`` / ``]`` move a week; Enter on a cell lists that cell's entries, to edit one (the ``time edit`` service)
or delete one after a confirmation (``time delete``; one an issued invoice already billed is named in the
question, and confirming is ``--force``); ``i`` logs time on the highlighted project and day (the Log time
form, prefilled). Every figure comes from :func:`amtui.services.money.week_grid.week_grid`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from amtui.tui.messages import Refused, Written, fresh
from amtui.tui.screens.base import DataScreen

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.money.timesheet import TimeRow
    from amtui.services.money.week_grid import WeekGrid


def hours(minutes: int) -> str:
    """A cell: blank for nothing, else hours as the CLI prints them."""
    from amtui.core.dates import format_hours

    return format_hours(minutes) if minutes else "·"


class TimesheetScreen(DataScreen):
    """The week grid of time logged (the whole book); the week holding today first."""

    LOADING_TARGET = "#ts-grid"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "week(-1)", "-1 week", id="timesheet.earlier"),
        Binding("right_square_bracket", "week(1)", "+1 week", id="timesheet.later"),
        Binding("i", "log_time", "Log time", id="timesheet.log"),
        Binding("f5", "reload", "Reload", id="timesheet.reload"),
        Binding("escape", "back", "Back", id="timesheet.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.on_day: date | None = None  # a day of the week shown (None: today's week)
        self.grid: WeekGrid | None = None

    def body(self) -> ComposeResult:
        yield Static("Timesheet", id="ts-title", classes="title")
        yield DataTable(id="ts-grid", cursor_type="cell", zebra_stripes=True)
        yield Static("", id="ts-totals", classes="summary")

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#ts-grid", DataTable)

    @property
    def week_day(self) -> date:
        return self.on_day or self.today

    def fetch(self, session: Session) -> WeekGrid:
        from amtui.services.money.week_grid import week_grid

        return week_grid(session, self.week_day)

    def show(self, grid: WeekGrid) -> None:
        keep = self.table.cursor_coordinate
        first = self.grid is None
        self.grid = grid
        t = self.table
        t.clear(columns=True)
        t.add_columns("Project", *(f"{d:%a %d}" for d in grid.days), "Total")
        for r in grid.rows:
            t.add_row(r.project, *(hours(m) for m in r.minutes), hours(r.total), key=r.project)
        t.add_row("[b]Total[/b]", *(hours(m) for m in grid.day_totals), f"[b]{hours(grid.total)}[/b]")
        if first:
            today = (self.today - grid.monday).days
            t.move_cursor(row=0, column=today + 1 if 0 <= today < 7 else 1)
        else:
            t.move_cursor(row=min(keep.row, t.row_count - 1), column=keep.column)
        last = grid.days[-1]
        self.query_one("#ts-title", Static).update(
            f"Timesheet · week of {grid.monday:%a %d %b %Y} – {last:%a %d %b}"
        )
        billable = f" · {hours(grid.billable_minutes)} billable" if grid.total else ""
        said = (
            f"Week total {hours(grid.total)}{billable} · {len(grid.sheet.entries)} entries"
            if grid.total
            else "No time logged this week: i logs time on the highlighted project and day"
        )
        self.query_one("#ts-totals", Static).update(
            said + " · Enter lists a cell's entries · [ ] move a week"
        )

    # --------------------------------------------------------------------------------------- the cursor

    def cell(self) -> tuple[str | None, date | None]:
        """The highlighted project (None on the totals row) and day (None on the project or total column)."""
        if self.grid is None:
            return None, None
        c = self.table.cursor_coordinate
        project = self.grid.rows[c.row].project if c.row < len(self.grid.rows) else None
        on = self.grid.days[c.column - 1] if 1 <= c.column <= 7 else None
        return project, on

    def action_week(self, by: int) -> None:
        self.on_day = self.week_day + timedelta(days=7 * by)
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_log_time(self) -> None:
        """Log time on the highlighted project and day (today's on the project or total column)."""
        from amtui.tui.screens.actual_forms import TimeForm

        project, on = self.cell()
        if project is None:
            self.notify("Highlight a project's row to log time on it", severity="warning")
            return
        self.app.push_screen(TimeForm(project, on=on if on is not None and on <= self.today else None))

    @on(DataTable.CellSelected, "#ts-grid")
    def _open_cell(self, event: DataTable.CellSelected) -> None:
        from amtui.tui.screens.timesheet_forms import CellEntries

        event.stop()
        project, on = self.cell()
        if self.grid is None or project is None or on is None:
            return
        entries = self.grid.entries(project, on)
        if not entries:
            self.notify(f"No time on {project} on {on:%a %d %b}: i logs some")
            return
        self.app.push_screen(CellEntries(project, on, entries, self.grid.invoiced), self._cell_done)

    # ------------------------------------------------------------------------------------- edit, delete

    def _cell_done(self, chosen: tuple[str, TimeRow] | None) -> None:
        from amtui.tui.screens.confirm import ConfirmModal
        from amtui.tui.screens.timesheet_forms import EditTimeForm, describe_entry

        if chosen is None or self.grid is None:
            return
        what, entry = chosen
        invoice = self.grid.invoiced.get(entry.id)
        if what == "edit":
            self.app.push_screen(EditTimeForm(entry, invoice))
            return
        detail = (
            f"{invoice} already billed this entry's period; deleting it does not change the invoice."
            if invoice
            else "amtui undo puts it back."
        )
        self.app.push_screen(
            ConfirmModal(f"Delete {describe_entry(entry)}?", detail=detail, yes="Delete"),
            lambda yes: self._confirmed(yes, entry.id, invoice is not None),
        )

    def _confirmed(self, yes: bool | None, entry_id: int, force: bool) -> None:
        if yes:
            self._delete(entry_id, force)

    @work(thread=True, exclusive=True, group="timesheet-write", exit_on_error=False)
    def _delete(self, entry_id: int, force: bool) -> None:
        from amtui.core.errors import AmtuiError
        from amtui.services.money.entry_edits import delete_time
        from amtui.store import unit_of_work
        from amtui.tui.screens.timesheet_forms import deleted_line

        command = f"tui: time delete {entry_id}" + (" --force" if force else "")
        try:
            with unit_of_work(self.am.store, command) as uow:
                c = delete_time(uow, entry_id, force=force, today=self.today)
        except AmtuiError as exc:
            self.post_message(Refused(str(exc), title="Not deleted"))
            return
        self.am.note_written(uow.batch_id)
        self.post_message(Written(deleted_line(c), title="Deleted"))

    @on(Written)
    @fresh
    def _written(self, message: Written) -> None:
        message.stop()  # the app's handler is for undo and redo
        self.notify(message.summary, title=message.title)
        self.am.data_changed(reload_active=True)
