"""Undo and redo from the keyboard, asked first: ``u`` names the action it would take back ("Undo: co approve
CO-8?"), says whether it was done in this window or came from elsewhere (a one-liner, another terminal), and
does nothing until the user says yes — and nothing if another action came first in the meantime.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.screen import ModalScreen

from amtui.tui.messages import Refused, UndoAsked, Written
from amtui.tui.store_watch import StoreWatchingApp

if TYPE_CHECKING:
    from amtui.store import Store


class UndoingApp(StoreWatchingApp):
    """The app's undo and redo keys (the same services as ``amtui undo`` / ``amtui redo``)."""

    def __init__(self, db_path: Path) -> None:
        super().__init__(db_path)
        #: Audit batches written from this window (forms note theirs): undo says when it would take back
        #: an action made elsewhere.
        self.made_here: set[int] = set()

    @property
    def store(self) -> Store:
        raise NotImplementedError

    def note_written(self, batch_id: int | None) -> None:
        """A write from this window (its audit batch): undo does not call it one made elsewhere."""
        if batch_id is not None:
            self.made_here.add(batch_id)

    def action_undo(self) -> None:
        if not isinstance(self.screen, ModalScreen):
            self._ask_undo("undo")

    def action_redo(self) -> None:
        if not isinstance(self.screen, ModalScreen):
            self._ask_undo("redo")

    @work(thread=True, exclusive=True, group="undo", exit_on_error=False)
    def _ask_undo(self, which: str) -> None:
        """Read what the undo (redo) would take, so the user is asked before anything changes."""
        from amtui.core.errors import AmtuiError
        from amtui.services.trust import undo as undo_service

        try:
            with self.store.read() as session:
                target = (undo_service.undo_target if which == "undo" else undo_service.redo_target)(session)
        except AmtuiError as exc:
            self.post_message(Refused(str(exc), title=f"Nothing to {which}"))
            return
        when = target.created_at.astimezone().strftime("%a %d %b %H:%M")  # as `amtui history` shows it
        self.post_message(UndoAsked(which, target.id, target.command, when))

    @on(UndoAsked)
    def _confirm_undo(self, message: UndoAsked) -> None:
        from amtui.tui.screens.confirm import ConfirmModal

        verb = "Undo" if message.which == "undo" else "Redo"
        command = message.command.removeprefix("tui: ")
        if message.batch_id in self.made_here:
            detail = f"#{message.batch_id}, done in this window at {message.when}."
        else:
            detail = (
                f"#{message.batch_id} was NOT done in this window: it came from the command line or another"
                f" terminal ({message.when}). Make sure it is the one you mean."
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self._undo_redo(message.which, message.batch_id)
            else:
                self.notify(f"{verb} cancelled: nothing changed", title=verb)

        self.push_screen(ConfirmModal(f"{verb}: {command}?", detail=detail, yes=verb), answered)

    @work(thread=True, exclusive=True, group="undo", exit_on_error=False)
    def _undo_redo(self, which: str, expected: int | None = None) -> None:
        """The same services as ``amtui undo`` / ``amtui redo``, in a worker; a refusal is a notification.
        ``expected`` is the action the user agreed to: if another came first since, nothing is done."""
        from amtui.core.errors import AmtuiError, StateError
        from amtui.services.trust import undo as undo_service
        from amtui.store import unit_of_work

        try:
            with unit_of_work(self.store, f"amtui {which}") as uow:
                peek = undo_service.undo_target if which == "undo" else undo_service.redo_target
                if expected is not None and (now := peek(uow.session)).id != expected:
                    raise StateError(
                        f"nothing done: the last action changed since you asked (now #{now.id} {now.command})"
                    )
                result = undo_service.undo(uow) if which == "undo" else undo_service.redo(uow)
        except AmtuiError as exc:
            self.post_message(Refused(str(exc), title=f"Nothing to {which}"))
            return
        n = len(result.changes)
        verb = "Undid" if which == "undo" else "Redid"
        text = f"{verb} #{result.action.id} {result.action.command} ({n} row{'s' if n != 1 else ''})"
        self.post_message(Written(text, title=verb))
