"""Small messages that carry worker results and store changes to the UI thread.

Workers never touch widgets: they post one of these (``post_message`` is thread-safe) and the screen's
handler, running on the UI thread, updates what is shown.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message


class StoreWritten(Message):
    """Posted to the app by the ``data_version`` watcher (or after a form saved): the file was written.

    ``skip`` is a screen that wrote and already shows its own change (it is not told to reload)."""

    def __init__(self, skip: object | None = None) -> None:
        super().__init__()
        self.skip = skip


class DataChanged(Message, bubble=False):
    """The book changed (another process, a one-liner, or a form here): visible screens reload.

    Every screen built on :class:`amtui.tui.screens.base.DataScreen` handles it; a screen of its own kind
    only needs ``def on_data_changed(self, message: DataChanged) -> None: self.reload()``.
    """


class Loaded(Message):
    """A worker finished reading: ``data`` is what the screen asked for (plain dataclasses, no ORM)."""

    def __init__(self, key: str, data: Any) -> None:
        super().__init__()
        self.key = key
        self.data = data


class Saved(Message):
    """A form saved: ``summary`` is the one line to show (what changed and its consequence)."""

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary
