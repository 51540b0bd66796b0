"""The brief editor: section outline, a Markdown editor for the current section, and live checks.

The checks are pure functions over the parsed brief, a millisecond or two, so they run on the UI thread a
moment after typing stops (debounced); loading and saving go through services in thread workers.
Keys are function keys, which every terminal passes through (ctrl+s is only an extra alias).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Header, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from amtui.core.errors import AmtuiError, ConflictError
from amtui.services.briefs.checks import BLOCKING, CheckContext, Finding, run_checks
from amtui.services.briefs.markdown import BriefDoc, Section, is_section_heading, render
from amtui.tui.messages import BriefConflict, BriefRead, BriefSaved, Refused, Written, fresh
from amtui.tui.screens.base import AmScreen
from amtui.tui.screens.brief_modals import AskModal
from amtui.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from amtui.services.briefs.service import BriefDetail

CHECK_DELAY = 0.3  # seconds of quiet typing before the checks run again


class BriefEditorScreen(AmScreen):
    """Edit one brief section by section while the checks panel follows what you type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "Save", id="brief.save"),
        Binding("ctrl+s", "save", "Save", id="brief.save_alias", show=False),
        Binding("f3", "submit", "Submit for review", id="brief.submit"),
        Binding("f4", "approve", "Approve", id="brief.approve"),
        Binding("f5", "export", "Export", id="brief.export"),
        Binding("f7", "section(-1)", "Prev section", id="brief.prev_section"),
        Binding("f8", "section(1)", "Next section", id="brief.next_section"),
        Binding("escape", "back", "Back", id="brief.back"),
    ]

    def __init__(self, brief_id: int) -> None:
        super().__init__()
        self.brief_id = brief_id
        self.title_text = ""
        self.sections: list[list[str]] = []  # [name, body], edited in place
        self.hints: dict[str, str] = {}
        self.context = CheckContext()
        self.findings: list[Finding] = []
        self.current = 0
        self.status = ""
        self.version = 0
        #: What was opened (the save is refused when the brief changed since: no lost writes).
        self.base_updated_at: datetime | None = None
        self.base_markdown: str | None = None
        self.dirty = False
        self._leaving = False
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Loading…", id="brief-head", classes="title")
        with Horizontal(id="brief-body"):
            yield OptionList(id="outline")
            with Vertical(id="editor-pane"):
                yield Static("", id="section-name", classes="title")
                yield Static("", id="section-hint", classes="muted")
                yield TextArea(id="section-text", soft_wrap=True, show_line_numbers=False)
            with VerticalScroll(id="checks-pane"):
                yield Static("Checks", classes="title")
                yield Static("", id="checks")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#section-text", TextArea).disabled = True
        self.load()

    # ------------------------------------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="brief-load")
    def load(self) -> None:
        from amtui.services.briefs.service import brief_detail

        try:
            with self.app.store.read() as session:
                detail = brief_detail(session, self.brief_id)
        except AmtuiError as exc:
            self.post_message(Refused(str(exc)))
            return
        self.post_message(BriefRead(detail))

    @on(BriefRead)
    @fresh
    def _brief_read(self, message: BriefRead) -> None:
        self.show(message.detail)

    def show(self, d: BriefDetail) -> None:
        self.title_text = d.summary.title
        self.sections = [[s.name, s.body] for s in d.sections]
        self.hints = {s.name: s.hint for s in d.sections}
        self.context = d.context
        self.status, self.version = d.summary.status, d.summary.version
        self.base_updated_at, self.base_markdown = d.summary.updated_at, d.markdown
        self.dirty = False
        self.current = min(self.current, len(self.sections) - 1)
        self._head()
        self._select(self.current)
        area = self.query_one("#section-text", TextArea)
        area.disabled = False
        self.run_checks()
        # Selected already: the highlight must not post a message that, handled later, would take the editor
        # back to this section after the user (or a test) moved on.
        with self.prevent(OptionList.OptionHighlighted):
            self.query_one("#outline", OptionList).highlighted = self.current

    def _head(self) -> None:
        lock = ""
        if self.status == "approved":
            lock = f" · approved v{self.version} is locked: saving makes v{self.version + 1} (draft)"
        elif self.status == "in-review":
            lock = f" · in review: saving makes v{self.version + 1}"
        unsaved = " · [b]unsaved changes[/b]" if self.dirty else ""
        self.query_one("#brief-head", Static).update(
            f"Brief {self.brief_id} · {escape(self.title_text)} · {self.status}"
            f" · v{self.version}{lock}{unsaved}"
        )

    # ------------------------------------------------------------------------------------------ sections

    def _select(self, index: int) -> None:
        if not self.sections:
            return
        self.current = index
        name, body = self.sections[index]
        self.query_one("#section-name", Static).update(f"## {escape(name)}")
        self.query_one("#section-hint", Static).update(escape(self.hints.get(name, "")))
        area = self.query_one("#section-text", TextArea)
        if area.text != body:
            area.load_text(body)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "outline" and event.option_index != self.current:
            self._select(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "outline":
            self._select(event.option_index)
            self.query_one("#section-text", TextArea).focus()

    def action_section(self, step: int) -> None:
        if self.sections:
            index = (self.current + step) % len(self.sections)
            with self.prevent(OptionList.OptionHighlighted):
                self.query_one("#outline", OptionList).highlighted = index
            self._select(index)
            # The cursor goes into the section's text: letters typed next are the user's words, never keys.
            area = self.query_one("#section-text", TextArea)
            if not area.disabled:
                area.focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if not self.sections or event.text_area.id != "section-text":
            return
        text = event.text_area.text
        if text == self.sections[self.current][1]:
            return
        self.sections[self.current][1] = text
        if not self.dirty:
            self.dirty = True
            self._head()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(CHECK_DELAY, self.run_checks)

    # ------------------------------------------------------------------------------------------ checks

    def doc(self) -> BriefDoc:
        return BriefDoc(self.title_text, tuple(Section(n, b) for n, b in self.sections))

    def _heading_problems(self) -> list[str]:
        return [
            f"{name}: a line starts with '## ', which would start a new section (use ###)"
            for name, body in self.sections
            if any(is_section_heading(line) for line in body.split("\n"))
        ]

    def run_checks(self) -> None:
        self._timer = None
        self.findings = run_checks(self.doc(), self.context)
        panel = []
        for problem in self._heading_problems():
            panel.append(f"[red]✗ cannot save[/] {escape(problem)}")
        for f in self.findings:
            mark = "[red]✗[/]" if f.severity == BLOCKING else "[yellow]![/]"
            panel.append(f"{mark} [b]{f.rule}[/b]\n  {escape(f.message)}\n  [dim]{escape(f.why)}[/dim]")
        if not panel:
            panel.append("[green]✓ every check passes[/]")
        blocking = sum(1 for f in self.findings if f.severity == BLOCKING)
        head = f"{blocking} blocking · {len(self.findings) - blocking} warnings\n\n"
        self.query_one("#checks", Static).update(head + "\n".join(panel))
        self._outline()

    def _outline(self) -> None:
        marks: dict[str, str] = {}
        for f in self.findings:
            key = (f.section or "").casefold()
            if f.severity == BLOCKING or key not in marks:
                marks[key] = "[red]✗[/]" if f.severity == BLOCKING else "[yellow]![/]"
        outline = self.query_one("#outline", OptionList)
        prompts = [f"{marks.get(n.casefold(), '[green]✓[/]')} {escape(n)}" for n, _ in self.sections]
        if outline.option_count != len(prompts):
            outline.set_options([Option(p, id=f"s{i}") for i, p in enumerate(prompts)])
            with self.prevent(OptionList.OptionHighlighted):
                outline.highlighted = self.current
        else:
            for i, p in enumerate(prompts):
                outline.replace_option_prompt_at_index(i, p)

    # ------------------------------------------------------------------------------------------ actions

    def _can_save(self) -> bool:
        """A '## ' line typed into a section would silently split it in two on save: refuse instead."""
        problems = self._heading_problems()
        if problems:
            self.notify(f"Not saved: {problems[0]}", severity="error", timeout=8)
        return not problems

    def action_save(self) -> None:
        if self._can_save():
            self._write("save")

    def action_submit(self) -> None:
        if self._can_save():
            self._write("submit")

    def action_approve(self) -> None:
        if not self._can_save():
            return

        def approved(name: str | None) -> None:
            if name:
                self._write("approve", name)

        self.app.push_screen(
            AskModal("Who approved this brief?", placeholder="e.g. Sam Patel", button="Approve"), approved
        )

    def action_export(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self._export(path)

        default = str(Path.cwd() / f"brief-{self.brief_id}.md")
        self.app.push_screen(
            AskModal("Export the brief as Markdown to:", value=default, button="Export"), chosen
        )

    def action_back(self) -> None:
        if self.dirty and not self._leaving:
            self._leaving = True
            self.notify(
                "Unsaved changes: F2 saves them, Escape again leaves without saving", severity="warning"
            )
            return
        self.dismiss(None)

    @work(thread=True, exclusive=True, group="brief-write")
    def _write(self, what: str, who: str | None = None) -> None:
        from amtui.services.briefs import service as briefs
        from amtui.store import unit_of_work

        text = render(self.doc()) if self.dirty else None
        messages = []
        try:
            with unit_of_work(self.app.store, f"tui: {what} brief {self.brief_id}") as uow:
                if text is not None:
                    r = briefs.save_markdown(
                        uow,
                        self.brief_id,
                        text,
                        expect_updated_at=self.base_updated_at,
                        expect_markdown=self.base_markdown,
                    )
                    if r.was_approved:
                        messages.append(
                            f"Saved as v{r.version}, back in draft (the approved version is kept)"
                        )
                    elif r.changed:
                        messages.append(f"Saved {'as new version ' if r.new_version else ''}v{r.version}")
                if what == "submit":
                    s = briefs.submit(uow, self.brief_id)
                    messages.append(f"v{s.version} sent for review")
                elif what == "approve":
                    assert who is not None
                    s = briefs.approve(uow, self.brief_id, who)
                    messages.append(f"v{s.version} approved by {s.approved_by}; it is locked")
                elif not messages:
                    messages.append("No changes to save")
        except ConflictError as exc:
            kept = self._recover(text)
            self.post_message(Refused(f"{exc}. Your text is kept in {kept}", title="Not saved", timeout=20))
            self.post_message(BriefConflict(f"{exc}. Your text is kept in {kept}", self._diff(text)))
            return
        except AmtuiError as exc:
            self.post_message(Refused(str(exc), timeout=8))
            return
        self.app.note_written(uow.batch_id)
        self.post_message(BriefSaved("; ".join(messages)))

    def _diff(self, text: str | None) -> str:
        """The brief as saved elsewhere against the user's text (a unified diff; empty if unreadable)."""
        from amtui.services.base.versions import text_diff
        from amtui.services.briefs.service import export_markdown

        try:
            with self.app.store.read() as session:
                summary, theirs = export_markdown(session, self.brief_id)
        except AmtuiError:
            return ""
        mine = text if text is not None else render(self.doc())
        return text_diff(theirs, mine, theirs_label=f"saved elsewhere (v{summary.version})")

    @on(BriefConflict)
    @fresh
    def _conflict(self, message: BriefConflict) -> None:
        from amtui.tui.screens.brief_modals import ConflictModal

        self.app.push_screen(ConflictModal(message.message, message.diff))

    def _recover(self, text: str | None) -> str:
        """Write the user's text next to the book, so a refused save never loses it; returns where."""
        from amtui.services.briefs.history import save_recovery

        try:
            target = save_recovery(
                self.app.db_path, self.brief_id, text if text is not None else render(self.doc())
            )
        except OSError as exc:
            return f"the editor only (could not write a recovery file: {exc.strerror or exc})"
        return str(target)

    @on(BriefSaved)
    @fresh
    def _saved(self, message: BriefSaved) -> None:
        self.notify(message.summary)
        self.load()

    @work(thread=True, exclusive=True, group="brief-write")
    def _export(self, path: str) -> None:
        from amtui.core.errors import InputError
        from amtui.services.briefs.service import export_markdown
        from amtui.store import write_private

        target = Path(path).expanduser()
        try:
            with self.app.store.read() as session:
                summary, text = export_markdown(session, self.brief_id)
            if target.exists() or target.is_symlink():
                raise InputError(f"{target} exists; give another file name")
            write_private(target, text)  # 0600, through a temporary file, never through a link
        except AmtuiError as exc:
            self.post_message(Refused(str(exc)))
            return
        except OSError as exc:
            self.post_message(Refused(f"cannot write {target}: {exc.strerror or exc}"))
            return
        note = " (unsaved changes are not in it)" if self.dirty else ""
        self.post_message(Written(f"Exported v{summary.version} to {target}{note}"))

    @on(Written)
    @fresh
    def _exported(self, message: Written) -> None:
        self.notify(message.summary)
