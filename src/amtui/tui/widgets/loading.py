"""Loading indicators that show only when a read is slow enough to be seen.

Most reads behind a screen take 5-50 ms. Textual's ``loading`` mounts an animated indicator over the
widget and removes it again: for a fast read that is two layouts and a frame the user never sees — on a
first visit to the Timeline it was ~40 ms of a 165 ms switch. :func:`start_loading` puts the indicator up
only if the read is still running after :data:`SHOW_AFTER` seconds; :func:`stop_loading` cancels it, takes
it down if it went up, and has the key bar show the widget's keys again (a loading widget's bindings do not
count, and Textual sends no bindings update when loading ends).
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from textual.timer import Timer
from textual.widget import Widget

#: How long a read may take before its widget shows the loading indicator (seconds).
SHOW_AFTER = 0.15

_pending: WeakKeyDictionary[Widget, Timer] = WeakKeyDictionary()


def start_loading(widget: Widget, *, after: float = SHOW_AFTER) -> None:
    """Show ``widget`` as loading if :func:`stop_loading` has not been called within ``after`` seconds."""
    if widget.loading:
        return
    previous = _pending.pop(widget, None)
    if previous is not None:
        previous.stop()

    def show() -> None:
        _pending.pop(widget, None)
        if widget.is_attached:
            widget.loading = True

    _pending[widget] = widget.set_timer(after, show)


def stop_loading(widget: Widget) -> None:
    """The read is done: no indicator (cancelled, or taken down) and the widget's keys on the key bar."""
    timer = _pending.pop(widget, None)
    if timer is not None:
        timer.stop()
    if widget.loading:
        widget.loading = False
        if widget.is_attached:
            widget.screen.refresh_bindings()


def is_loading(widget: Widget) -> bool:
    """Whether a read for ``widget`` is running (its indicator up, or about to be)."""
    return widget.loading or widget in _pending
