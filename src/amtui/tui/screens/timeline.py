"""Timeline: milestones grouped by project on a week grid; move one with the keyboard and watch its
dependents follow; add, link, unlink and edit milestones with forms that preview what moves
(:mod:`.milestone_forms`); each team's load under the Gantt.

Self-contained: it takes no required arguments and reads the book through ``self.app.store``. All database
work runs in thread workers; the table shows only what the filters select.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Header, Select, Static
from textual.widgets.data_table import RowDoesNotExist

from amtui.core import clock
from amtui.services.timeline.read import MILESTONE_TEAMS
from amtui.tui.messages import (
    MilestoneMoved,
    MilestoneStatusSet,
    Refused,
    TeamLoadRead,
    TimelineRead,
    fresh,
)
from amtui.tui.screens.base import AmScreen
from amtui.tui.screens.timeline_detail import MilestoneDetail
from amtui.tui.screens.timeline_keys import TimelineKeys
from amtui.tui.screens.timeline_rows import (
    load_key,
    milestone_cells,
    project_cells,
    status_line,
    team_load_of,
)
from amtui.tui.widgets.key_bar import KeyBar
from amtui.tui.widgets.load_strip import LoadStrip
from amtui.tui.widgets.loading import start_loading, stop_loading

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.timeline.milestones import MilestoneInfo
    from amtui.services.timeline.read import TimelineView
    from amtui.tui.app import AmApp

# A table shows what fits a view: past this many milestones the screen asks for a filter.
MAX_ROWS = 400
#: Milestones put in the table at once; the next ones follow when the cursor reaches the last row.
PAGE = 100


class TimelineScreen(AmScreen, TimelineKeys):
    """Rows are milestones grouped by project; bars on a week grid coloured by team and status."""

    AUTO_FOCUS = "#timeline"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "shift(-1)", "-1 day", id="timeline.earlier_day"),
        Binding("right_square_bracket", "shift(1)", "+1 day", id="timeline.later_day"),
        Binding("left_curly_bracket", "shift(-5)", "-1 week", id="timeline.earlier_week"),
        Binding("right_curly_bracket", "shift(5)", "+1 week", id="timeline.later_week"),
        Binding("m", "move_form", "Move…", id="timeline.move_form"),
        Binding("n", "add_form", "New milestone", id="timeline.add"),
        Binding("k", "link_form", "Link…", id="timeline.link"),
        Binding("x", "unlink_form", "Unlink…", id="timeline.unlink"),
        Binding("d", "edit_form", "Edit…", id="timeline.edit"),
        Binding("s", "set_status('start')", "Start", id="timeline.start"),
        Binding("y", "set_status('done')", "Done", id="timeline.done"),
        Binding("f5", "reload", "Reload", id="timeline.reload"),
        Binding("escape", "back", "Back", id="timeline.back"),
    ]

    def __init__(self, *, today: date | None = None, weeks: int = 12) -> None:
        super().__init__()
        self._today = today
        self.weeks = weeks
        self.rows: dict[int, MilestoneInfo] = {}
        self.total = 0
        self._projects_for: str | None | bool = False  # the account the project filter was filled for

    @property
    def today(self) -> date:
        """The date given, else the app's (the shell can fix one for tests), else the real date."""
        app_today = getattr(self.app, "today", None)
        return self._today or (app_today if isinstance(app_today, date) else clock.today())

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="timeline-filters"):
            yield Select[str]([], prompt="All accounts", id="filter-account")
            yield Select[str]([], prompt="All projects", id="filter-project")
            yield Select[str]([(t, t) for t in MILESTONE_TEAMS], prompt="All teams", id="filter-team")
        yield Static("Loading the timeline…", id="timeline-status")
        yield DataTable(id="timeline", cursor_type="row", header_height=2)
        yield LoadStrip(id="timeline-load")
        yield Static(id="timeline-legend")
        yield KeyBar()

    def on_mount(self) -> None:
        from amtui.exporters.gantt import legend

        self.query_one("#timeline-legend", Static).update(legend())
        # First visit: the prewarm has usually read the unfiltered view already; show it in this refresh.
        reads = getattr(self.app, "reads", None)
        view = reads.peek(self.first_view_key(self.today)) if reads is not None else None
        if view is not None:
            self.show(view, None, None)
        else:
            start_loading(self.query_one("#timeline", DataTable))
            self.load()

    # ------------------------------------------------------------------------------------------ filters

    def _value(self, select_id: str) -> str | None:
        v = self.query_one(select_id, Select).value
        return v if isinstance(v, str) else None

    @property
    def filters(self) -> tuple[str | None, str | None, str | None]:
        return self._value("#filter-account"), self._value("#filter-project"), self._value("#filter-team")

    @on(Select.Changed)
    def _filter_changed(self, _event: Select.Changed) -> None:
        self.load()

    # ------------------------------------------------------------------------------------------ loading

    def action_reload(self) -> None:
        self.load()

    def on_resize(self) -> None:
        # The chart's width follows the screen's; a screen shown again gets a Resize of the same size.
        if self.rows and self.app.size.width != self._drawn_width:
            self.load()

    def on_data_changed(self, message: Message) -> None:
        """The book changed elsewhere (the shell's ``DataChanged``, matched by name): show it."""
        message.stop()
        self.load()

    def open_ref(self, ref: str) -> None:
        """Put the cursor on milestone ``ref`` (``M12``), clearing filters that would hide it."""
        from amtui.core.errors import InputError
        from amtui.services.base.refs import MILESTONE

        try:
            mid = MILESTONE.parse(ref)
        except InputError as exc:
            self.notify(str(exc), severity="warning")
            return
        table = self.query_one("#timeline", DataTable)
        if mid in self.rows:
            table.move_cursor(row=table.get_row_index(f"m{mid}"))
            return
        with self.prevent(Select.Changed):
            for select_id in ("#filter-account", "#filter-project", "#filter-team"):
                self.query_one(select_id, Select).clear()
        self.load(keep=mid)

    def _wrote(self) -> None:
        """Tell the shell (when it listens) that the book changed, so other screens catch up."""
        notify = getattr(self.app, "data_changed", None)
        if callable(notify):
            notify()

    @staticmethod
    def first_view_key(today: date) -> tuple[str, date]:
        """The read cache's key for the unfiltered timeline on ``today`` (the prewarm computes it ahead)."""
        return ("timeline", today)

    @classmethod
    def prefetch(cls, app: AmApp, session: Session) -> None:
        """Read the first visit's view while the AM reads Today (called by the app's prewarm worker)."""
        from amtui.services.timeline.read import timeline_view

        today = app.today
        app.reads.get(cls.first_view_key(today), lambda: timeline_view(session, today=today, limit=MAX_ROWS))
        team_load_of(app, session, today)

    @work(thread=True, exclusive=True, group="timeline-load")
    def load(self, keep: int | None = None) -> None:
        """Read what the filters select (in a worker, always fresh: filters, reloads, writes) and show it."""
        from amtui.services.timeline.read import timeline_view

        account, project, team = self.filters
        with self.app.store.read() as session:
            view = timeline_view(
                session, account=account, project=project, team=team, today=self.today, limit=MAX_ROWS
            )
        self.post_message(TimelineRead(view, account, keep))

    @on(TimelineRead)
    @fresh
    def _timeline_read(self, message: TimelineRead) -> None:
        self.show(message.view, message.account, message.keep)

    def show_load(self) -> None:
        """The strip under the Gantt: now when read ahead for this generation of the book (the first
        visit's, in the same paint as the table), else read in a worker."""
        reads = getattr(self.app, "reads", None)
        load = reads.peek(load_key(self.today)) if reads is not None else None
        if load is not None:
            self.query_one("#timeline-load", LoadStrip).show(load)
        else:
            self.read_load()

    @work(thread=True, exclusive=True, group="timeline-team-load")
    def read_load(self) -> None:
        """Hours per team per week from this one (``amtui load``'s figures) for the strip under the Gantt."""
        with self.app.store.read() as session:
            load = team_load_of(self.app, session, self.today)
        self.post_message(TeamLoadRead(load))

    @on(TeamLoadRead)
    @fresh
    def _load_read(self, message: TeamLoadRead) -> None:
        self.query_one("#timeline-load", LoadStrip).show(message.load)

    def show(self, view: TimelineView, account: str | None, keep: int | None) -> None:
        from amtui.exporters import gantt

        rows, account_slugs, refs = list(view.milestones), view.accounts, view.projects
        self.total = view.total
        acc_select = self.query_one("#filter-account", Select)
        if self._projects_for is False:
            with self.prevent(Select.Changed):
                acc_select.set_options([(s, s) for s in account_slugs])
        if self._projects_for != account:
            self._projects_for = account
            proj_select = self.query_one("#filter-project", Select)
            with self.prevent(Select.Changed):
                proj_select.set_options([(r, r) for r in refs])
        table = self.query_one("#timeline", DataTable)
        keep_key = f"m{keep}" if keep is not None else None
        if keep_key is None and table.row_count:
            keep_key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        table.clear(columns=True)
        self.rows = {m.id: m for m in rows}
        today = self.today
        # As many weeks as the screen has room for beside the other columns (about 90 cells), 4 at least.
        self._drawn_width = self.app.size.width
        width = self.app.size.width
        fit = max(4, (width - 90) // 7) if width else self.weeks
        window = gantt.window_for(rows, today, max_weeks=min(self.weeks, fit))
        table.add_column("ID", key="id")
        table.add_column("Milestone", key="name", width=28)
        table.add_column("Team", key="team")
        table.add_column("Due", key="due")
        table.add_column("Status", key="status")
        table.add_column("After", key="after")
        table.add_column(gantt.header(window, today), key="chart", width=window.weeks * 7)
        self._window = window
        self._pending = list(rows)
        self._last_project = None
        self._add_page(keep_key)
        stop_loading(table)
        if self.focused is None:  # focus waits for the first load: a loading table cannot take it
            table.focus()
        if keep_key is not None:
            try:
                table.move_cursor(row=table.get_row_index(keep_key))
            except RowDoesNotExist:  # the row left the filter; the cursor stays where it is
                pass
        self.show_load()
        if not self._message:
            self.query_one("#timeline-status", Static).update(status_line(rows, self.total, window))
        self._message = False

    _message = False
    _drawn_width = 0
    _pending: list[MilestoneInfo] = []  # noqa: RUF012 - replaced per load, never mutated in place
    _last_project: str | None = None

    def _add_page(self, want: str | None = None) -> None:
        """Put the next PAGE milestones in the table (more until ``want``, a row key, is in). A DataTable
        lays out each row it gets on the UI thread: a long timeline goes in as the cursor nears the end."""
        table = self.query_one("#timeline", DataTable)
        today, window = self.today, self._window
        while self._pending:
            page, self._pending = self._pending[:PAGE], self._pending[PAGE:]
            for m in page:
                if m.project != self._last_project:
                    self._last_project = m.project
                    table.add_row(*project_cells(m), key=f"p:{m.project}")
                table.add_row(*milestone_cells(m, window, today), key=f"m{m.id}")
            if want is None or not any(f"m{m.id}" == want for m in self._pending):
                break

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self._pending and event.cursor_row >= event.data_table.row_count - 1:
            self._add_page()

    def _say(self, text: str | Text) -> None:
        self._message = True
        self.query_one("#timeline-status", Static).update(text)

    # ------------------------------------------------------------------------------------------ actions

    def _selected(self) -> MilestoneInfo | None:
        key = self._cursor_key()
        return self.rows.get(int(key[1:])) if key.startswith("m") else None

    def _cursor_key(self) -> str:
        """The highlighted row's key: ``m12`` a milestone, ``p:acme/launch`` a project's header."""
        table = self.query_one("#timeline", DataTable)
        return (
            str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
            if table.row_count
            else ""
        )

    @work(thread=True, group="timeline-write")
    def move(self, milestone_id: int, days: int) -> None:
        from amtui.core.errors import AmtuiError
        from amtui.services.timeline.milestones import label, move_milestone
        from amtui.store import unit_of_work

        try:
            with unit_of_work(self.app.store, f"timeline: move {label(milestone_id)} {days:+d}d") as uow:
                result = move_milestone(uow, milestone_id, by_days=days)
            self.app.note_written(uow.batch_id)
        except AmtuiError as exc:
            self.post_message(Refused(str(exc), title="Not moved"))
            return
        self.post_message(MilestoneMoved(result))

    @on(MilestoneMoved)
    @fresh
    def _moved(self, message: MilestoneMoved) -> None:
        r = message.result
        m = r.milestone
        text = Text.assemble(
            (f"{m.label} {m.name}", "bold"), f" due {m.old_due} → {m.new_due} ({m.days:+d}d)"
        )
        if r.dependents:
            text.append(" · follow: " + ", ".join(f"{d.label} {d.days:+d}d" for d in r.dependents))
        else:
            text.append(" · no dependent moves")
        self._say(text)
        self.load(keep=m.id)
        self._wrote()

    def refused(self, message: Refused) -> None:
        self._say(Text(message.text, style="red"))
        self.notify(message.text, severity="error", title=message.title)

    @work(thread=True, group="timeline-write")
    def change_status(self, milestone_id: int, what: str) -> None:
        from amtui.core.errors import AmtuiError
        from amtui.services.timeline import milestones as timeline
        from amtui.store import unit_of_work

        fn = timeline.start_milestone if what == "start" else timeline.done_milestone
        try:
            with unit_of_work(self.app.store, f"timeline: {what} {timeline.label(milestone_id)}") as uow:
                m = fn(uow, milestone_id, on=self.today)
            self.app.note_written(uow.batch_id)
        except AmtuiError as exc:
            self.post_message(Refused(str(exc), title="Not moved"))
            return
        self.post_message(MilestoneStatusSet(m))

    @on(MilestoneStatusSet)
    @fresh
    def _status_set(self, message: MilestoneStatusSet) -> None:
        m = message.milestone
        self._say(Text(f"{m.label} {m.name} is {m.status}"))
        self.load(m.id)
        self._wrote()

    @on(DataTable.RowSelected, "#timeline")
    def _open(self, event: DataTable.RowSelected) -> None:
        key = str(event.row_key.value)
        m = self.rows.get(int(key[1:])) if key.startswith("m") else None
        if m is None:
            return
        followers = sorted(
            (x.label for x in self.rows.values() if any(d.id == m.id for d in x.after)),
            key=lambda s: int(s[1:]),
        )
        self.app.push_screen(MilestoneDetail(m, followers))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
