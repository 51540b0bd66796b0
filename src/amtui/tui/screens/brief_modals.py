"""Small modals the briefs screens ask with: one question and an answer, or a project and a template."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static


class AskModal(ModalScreen[str | None]):
    """Ask for one line of text (who approved, where to export); None when cancelled or left empty."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="modal.cancel")]

    def __init__(self, question: str, *, value: str = "", placeholder: str = "", button: str = "OK") -> None:
        super().__init__(classes="brief-modal")
        self.question, self.value, self.placeholder, self.button = question, value, placeholder, button

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="question")
            yield Input(value=self.value, placeholder=self.placeholder, id="answer")
            with Horizontal(classes="buttons"):
                yield Button(self.button, variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def _answer(self) -> None:
        text = self.query_one("#answer", Input).value.strip()
        self.dismiss(text or None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._answer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._answer()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NewBriefModal(ModalScreen[tuple[str, str] | None]):
    """Pick a project and a template for a new brief: (project ref, template name) or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="modal.cancel")]

    def __init__(self, projects: list[tuple[str, str]], templates: list[str]) -> None:
        super().__init__(classes="brief-modal")
        self.projects, self.templates = projects, templates

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("New brief", classes="question")
            yield Select(self.projects, prompt="Project", id="project")
            yield Select(
                [(t, t) for t in self.templates], value=self.templates[0], allow_blank=False, id="template"
            )
            with Horizontal(classes="buttons"):
                yield Button("Create", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id != "ok":
            self.dismiss(None)
            return
        project = self.query_one("#project", Select).value
        template = self.query_one("#template", Select).value
        if not isinstance(project, str):
            self.notify("Pick a project first", severity="warning")
            return
        self.dismiss((project, str(template)))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConflictModal(ModalScreen[None]):
    """A save refused because the text changed elsewhere: what happened, and the diff of theirs (``-``)
    against yours (``+``) to carry your changes over. Enter or Escape closes; your text stays in the
    editor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="conflict.close"),
        Binding("enter", "close", "Close", id="conflict.ok"),
    ]

    def __init__(self, message: str, diff: str) -> None:
        super().__init__(classes="brief-modal")
        self.message, self.diff = message, diff

    def compose(self) -> ComposeResult:
        from rich.text import Text

        shown = Text()
        for line in (self.diff or "(no difference in the text itself)").splitlines():
            style = "green" if line.startswith("+") else "red" if line.startswith("-") else ""
            style = "bold" if line.startswith(("+++", "---", "@@")) else style
            shown.append(line + "\n", style=style)
        with Vertical(classes="dialog", id="conflict-dialog"):
            yield Label("Not saved: changed since you opened it", classes="question")
            yield Static(self.message, classes="muted", id="conflict-message")
            with VerticalScroll(id="conflict-scroll"):
                yield Static(shown, id="conflict-diff")
            with Horizontal(classes="buttons"):
                yield Button("Close (Enter / Esc)", variant="primary", id="close")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
