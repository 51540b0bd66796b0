"""Open an edit form on what it edits, read first in a thread: the form shows the row as it is now."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.app import App
    from textual.screen import Screen

T = TypeVar("T")


def open_after_read(
    app: App[Any],
    read: Callable[[Session], T],
    build: Callable[[T], Screen[Any]],
    callback: Callable[[Any], None] | None = None,
) -> None:
    """``read`` in a worker thread, then push ``build(result)`` (``callback`` gets what it is dismissed with);
    a refusal (the row is not there) is said."""
    from amtui.core.errors import AmtuiError

    def run() -> None:
        am: Any = app  # an AmApp (not imported: no screen imports the app)
        try:
            with am.store.read() as session:
                found = read(session)
        except AmtuiError as exc:
            app.call_from_thread(app.notify, str(exc), title="Cannot edit", severity="error")
            return
        app.call_from_thread(app.push_screen, build(found), callback)

    app.run_worker(run, thread=True, group="open-form", exit_on_error=False)


def write_after_confirm(
    app: App[Any], question: str, detail: str, yes: str, command: str, write: Callable[[Any], str]
) -> None:
    """Ask ``question``; on yes run ``write(uow)`` in a worker inside one unit of work recorded as ``command``
    (the one-liner), then say what it returned, or the refusal (nothing written)."""
    from amtui.tui.screens.confirm import ConfirmModal

    def run() -> None:
        from amtui.core.errors import AmtuiError
        from amtui.store import unit_of_work

        am: Any = app
        try:
            with unit_of_work(am.store, command) as uow:
                said = write(uow)
        except AmtuiError as exc:
            app.call_from_thread(app.notify, str(exc), title="Nothing changed", severity="error")
            return
        am.note_written(uow.batch_id)
        app.call_from_thread(app.notify, said, title="Done")
        app.call_from_thread(am.data_changed, reload_active=True)

    def answered(ok: bool | None) -> None:
        if ok:
            app.run_worker(run, thread=True, group="confirmed-write", exit_on_error=False)

    app.push_screen(ConfirmModal(question, detail=detail, yes=yes), answered)
