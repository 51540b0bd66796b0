"""Briefs: every brief by account and status; Enter opens the editor, N starts a new one.

Self-contained: it finds the book through ``self.app.store`` and loads in thread workers, so the app shell
only has to push it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from amtui.core.errors import AmtuiError
from amtui.tui.messages import BriefChoices, BriefDrafted, Refused, fresh
from amtui.tui.screens.base import AmScreen
from amtui.tui.screens.brief_editor import BriefEditorScreen
from amtui.tui.screens.brief_modals import NewBriefModal
from amtui.tui.widgets.key_bar import KeyBar
from amtui.tui.widgets.paged_table import PagedTable

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.base.paging import Page
    from amtui.services.briefs.service import BriefSummary


def _page(session: Session, offset: int, limit: int, *, status: str | None) -> Page[BriefSummary]:
    from amtui.services.briefs.service import page_briefs

    return page_briefs(session, status=status, offset=offset, limit=limit)


STATUS_LABEL = {"draft": "draft", "in-review": "in review", "approved": "approved"}
FILTERS: tuple[str | None, ...] = (None, "draft", "in-review", "approved")


class BriefsScreen(AmScreen):
    """The list of briefs; opening one pushes :class:`BriefEditorScreen`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="briefs.open"),
        Binding("n", "new", "New brief", id="briefs.new"),
        Binding("s", "cycle_status", "Status filter", id="briefs.status_filter"),
        Binding("f5", "reload", "Reload", id="briefs.reload"),
        Binding("escape", "back", "Back", id="briefs.back"),
    ]

    status_filter: str | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Briefs — by account and status · all", id="briefs-title", classes="title")
        yield PagedTable(self._add_row, id="briefs", cursor_type="row", zebra_stripes=True)
        yield Static("", id="briefs-empty", classes="muted")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#briefs", DataTable).add_columns(
            "ID", "Account", "Project", "Title", "Status", "Version", "Checks"
        )
        self.load()

    def on_screen_resume(self) -> None:
        # Back from the editor or another screen: read again only if the book changed meanwhile.
        if self.app.generation != self._read_at:
            self.load()

    def on_data_changed(self, message: Message) -> None:
        """A write here or elsewhere (the shell's ``DataChanged``)."""
        message.stop()
        self.load()

    _read_at = -1

    def action_reload(self) -> None:
        self.load()

    def action_cycle_status(self) -> None:
        self.status_filter = FILTERS[(FILTERS.index(self.status_filter) + 1) % len(FILTERS)]
        self.load(keep=False)

    @property
    def table(self) -> PagedTable:
        return self.query_one("#briefs", PagedTable)

    def load(self, *, keep: bool = True) -> None:
        """Read the list a page at a time in SQL (the table reads the next page at its end)."""
        from functools import partial

        self._read_at = self.app.generation
        self.table.load(partial(_page, status=self.status_filter), keep=keep)

    def _add_row(self, table: PagedTable, b: BriefSummary) -> None:
        status = STATUS_LABEL[b.status] + (f" ({b.approved_by})" if b.approved_by else "")
        if b.blocking:
            checks = f"✗ {b.blocking} blocking"
        else:
            checks = f"! {b.warnings} warning{'s' if b.warnings > 1 else ''}" if b.warnings else "✓"
        table.add_row(
            str(b.id), b.account, b.project, b.title, status, f"v{b.version}", checks, key=str(b.id)
        )

    def on_paged_table_paged(self, event: PagedTable.Paged) -> None:
        label = STATUS_LABEL[self.status_filter] if self.status_filter else "all"
        self.query_one("#briefs-title", Static).update(
            f"Briefs — by account and status · {label} · {event.label}"
        )
        self.query_one("#briefs-empty", Static).update(
            ""
            if event.total
            else "No briefs yet: press n to start one from a template (a brief belongs to a project)"
        )

    def _selected(self) -> int | None:
        table = self.query_one("#briefs", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        brief_id = self._selected()
        if brief_id is not None:
            self.app.push_screen(BriefEditorScreen(brief_id))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss(None)

    def action_new(self) -> None:
        self._choices()

    @work(thread=True, exclusive=True, group="briefs-new")
    def _choices(self) -> None:
        from amtui.services.briefs.templates import template_names
        from amtui.services.clients.projects import list_projects

        with self.app.store.read() as session:
            projects = [(f"{p.ref} — {p.name}", p.ref) for p in list_projects(session)]
        self.post_message(BriefChoices(projects, template_names()))

    @on(BriefChoices)
    @fresh
    def _ask_new(self, message: BriefChoices) -> None:
        projects, templates = message.projects, message.templates
        if not projects:
            self.notify("Add a project first: amtui project add ACCOUNT/SLUG …", severity="warning")
            return

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer:
                self._create(*answer)

        self.app.push_screen(NewBriefModal(projects, templates), chosen)

    @work(thread=True, exclusive=True, group="briefs-new")
    def _create(self, ref: str, template: str) -> None:
        from amtui.services.briefs.service import new_brief
        from amtui.store import unit_of_work

        try:
            with unit_of_work(self.app.store, f"tui: new {template} brief for {ref}") as uow:
                d = new_brief(uow, ref, template=template)
            self.app.note_written(uow.batch_id)
        except AmtuiError as exc:
            self.post_message(Refused(str(exc)))
            return
        self.post_message(BriefDrafted(d.summary.id, template))

    @on(BriefDrafted)
    @fresh
    def _drafted(self, message: BriefDrafted) -> None:
        self.notify(f"Brief {message.brief_id} drafted from the {message.template} template")
        self.app.push_screen(BriefEditorScreen(message.brief_id))
