"""Forms: a modal of typed fields that saves through the same services as the CLI, or saves nothing.

Every field parses as the CLI parses and explains a bad value under itself; the form refuses to save while
any field is wrong. Saving runs the service in a thread worker inside one ``unit_of_work`` (one transaction
with its audit batch): a domain error (unknown contact, duplicate name …) is shown on the form and nothing is
written. An edit form also refuses when the row changed since it opened (:mod:`amtui.services.base.versions`),
keeping what the user typed. Enter in any field or the Save button saves; Escape cancels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static
from textual.worker import Worker, WorkerState

from amtui.tui.messages import Written, fresh
from amtui.tui.screens.base import error_text
from amtui.tui.widgets.fields import FormField, TextInput

if TYPE_CHECKING:
    from amtui.store import UnitOfWork
    from amtui.tui.app import AmApp


class FormScreen(ModalScreen[str | None]):
    """A modal form. Subclasses give :meth:`fields` and :meth:`save`; the result is the saved one-liner."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("f2", "save", "Save", id="form.save"),
    ]
    TITLE_TEXT = "Form"
    #: An edit form: the fields as shown when it opened (:func:`amtui.services.base.versions.seen`); the save
    #: refuses when :meth:`current` reads them otherwise. None for a form that adds something new.
    opened: dict[str, str] | None = None
    #: What an edit form edits, as the conflict message names it (``ESC-3``).
    subject = "it"

    if TYPE_CHECKING:  # the running app is an AmApp (imported for the type only: no screen imports the app)
        app = getters.app(AmApp)

    @property
    def am(self) -> AmApp:
        return self.app

    def fields(self) -> list[FormField]:
        raise NotImplementedError

    def command_text(self, values: dict[str, Any]) -> str:
        """The audit trail's description of this action (like the one-liner that does the same)."""
        raise NotImplementedError

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        """Write through a service and return the line to tell the user. Runs in a worker thread."""
        raise NotImplementedError

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        """An edit form: the fields it showed, read again inside the save's unit of work."""
        raise NotImplementedError

    def _account(self, values: dict[str, Any]) -> str:
        """The account the form is about: the one it was opened on, else the one typed into it."""
        return str(values.get("account") or getattr(self, "account", ""))

    def preview(self, values: dict[str, Any]) -> str | None:
        """Optional: what saving would do, shown before saving (runs on the UI thread; no SQL here)."""
        return None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Label(self.TITLE_TEXT, classes="form-title")
            yield from self.fields()
            yield Static("", id="form-preview", classes="form-preview")
            yield Static("", id="form-error", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
            yield Label("Enter or F2 saves · Esc cancels", classes="form-hint")

    def on_mount(self) -> None:
        first = self.query(TextInput).first()
        first.focus()

    def values(self) -> dict[str, Any] | None:
        """Every field parsed, or None when at least one is wrong (each wrong field says why)."""
        out: dict[str, Any] = {}
        ok = True
        for f in self.query(FormField):
            good, value = f.check()
            ok = ok and good
            key = f.input.id or ""
            out[key] = value
        return out if ok else None

    def form_error(self, message: str | None) -> None:
        self.query_one("#form-error", Static).update(message or "")

    @on(Input.Changed)
    def _update_preview(self) -> None:
        try:
            vals = {f.input.id or "": f.input.parse() for f in self.query(FormField)}
            text = self.preview(vals)
        except Exception:  # noqa: BLE001 - a preview of half-typed input is simply not shown
            text = None
        self.query_one("#form-preview", Static).update(text or "")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        values = self.values()
        if values is None:
            self.form_error("Nothing saved: fix the fields marked in red.")
            return
        self.form_error(None)
        self._write(values)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _write(self, values: dict[str, Any]) -> None:
        self.post_message(Written(self.perform(values)))

    def perform(self, values: dict[str, Any]) -> str:
        """Run in the worker: one unit of work around :meth:`save`. Forms that write no rows override it."""
        from amtui.services.base.versions import check_unchanged
        from amtui.store import unit_of_work

        with unit_of_work(self.am.store, self.command_text(values)) as uow:
            if self.opened is not None:  # in the same transaction as the write: nothing slips in between
                check_unchanged(self.subject, self.opened, self.current(uow))
            said = self.save(uow, values)
        self.am.note_written(uow.batch_id)
        return said

    @on(Written)
    @fresh
    def _written(self, message: Written) -> None:
        self.am.data_changed()
        self.notify(message.summary, title="Saved")
        self.dismiss(message.summary)

    @on(Worker.StateChanged)
    def _not_written(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "save" and event.state == WorkerState.ERROR:
            self.form_error(f"Nothing saved: {error_text(event.worker.error)}")
