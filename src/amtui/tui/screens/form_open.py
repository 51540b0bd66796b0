"""Open an edit form on what it edits, read first in a thread: the form shows the row as it is now."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.app import App
    from textual.screen import Screen

T = TypeVar("T")


def open_after_read(app: App[Any], read: Callable[[Session], T], build: Callable[[T], Screen[Any]]) -> None:
    """``read`` in a worker thread, then push ``build(result)``; a refusal (the row is not there) is said."""
    from amtui.core.errors import AmtuiError

    def run() -> None:
        am: Any = app  # an AmApp (not imported: no screen imports the app)
        try:
            with am.store.read() as session:
                found = read(session)
        except AmtuiError as exc:
            app.call_from_thread(app.notify, str(exc), title="Cannot edit", severity="error")
            return
        app.call_from_thread(app.push_screen, build(found))

    app.run_worker(run, thread=True, group="open-form", exit_on_error=False)
