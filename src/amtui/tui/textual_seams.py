"""The one place amtui touches Textual's private API.

Each function below relies on something Textual does not promise (an underscored attribute, or what Textual
does with an event on its way to a handler), says what it relies on and why no public API does the job, and
has a test in ``tests/tui/test_textual_seams.py`` that fails if a Textual release changes it. Textual is
pinned in ``pyproject.toml`` to the minor version those tests pass on; upgrading means running them first.
Everything else in the TUI uses public API only (``getters.app``, ``UnknownModeError``, ``active_bindings``…).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import Binding
    from textual.message import Message
    from textual.screen import Screen


def adopt_app_styles(screen: Screen[Any], app: App[Any]) -> None:
    """Mark a screen made by a mode factory as styled from the app's current stylesheet.

    Relies on ``App._css_update_count`` / ``Screen._css_update_count``: ``App._init_mode`` and
    ``App.switch_mode`` call ``refresh_css()`` (re-parse every CSS source, restyle the whole app) when a new
    screen's counter differs from the app's, in case the screen brought CSS of its own. amtui's screens bring
    none (all styles load with the app, ``AmApp.CSS_PATH``), so the re-parse is ~45 ms of nothing on every
    first visit. No public API says "this screen's CSS is already loaded".
    """
    screen._css_update_count = app._css_update_count


def intercept_resume(message: Message, restyle: Callable[[], bool]) -> None:
    """Called from a screen's ``post_message``: keep a screen shown again from restyling its widget tree,
    unless ``restyle()`` says something its styles depend on changed while it was hidden.

    Relies on Textual delivering the ``ScreenResume`` it sends a screen shown again (``switch_mode``,
    ``pop_screen``) through that screen's ``post_message``, and on ``Screen._on_screen_resume`` reading
    ``refresh_styles`` only when it handles the event, after the post. Textual restyles on every resume
    (~20-30 ms per switch on a large book); there is no public switch to say a restyle is not needed.
    """
    if isinstance(message, events.ScreenResume) and not restyle():
        message.refresh_styles = False


def keymap_key(app: App[Any], binding_id: str, default: str) -> str:
    """The key(s) the user's keymap gives the binding ``binding_id`` (``default`` when it is not remapped).

    Relies on ``App._keymap``, where ``App.set_keymap`` keeps the mapping (binding id → keys). Textual has
    no public getter for the keymap in force; the help screen needs it to show the keys of bindings that are
    not active on the screen it describes.
    """
    keys: str = app._keymap.get(binding_id, default)
    return keys


def own_bindings(screen: Screen[Any]) -> dict[str, list[Binding]]:
    """The bindings a screen declares itself (after the keymap), by key, including the ones a focused widget
    shadows (Enter on a table opens a row either way).

    Relies on ``DOMNode._bindings.key_to_bindings``. The public ``Screen.active_bindings`` lists only the
    bindings that win for each key over the focus chain, so a screen key shadowed by the focused widget is
    missing from it; the help screen lists both.
    """
    return dict(screen._bindings.key_to_bindings)


def sanitize_table_cells() -> None:
    """Every ``DataTable`` cell given as text shows a control character stored in the book (typed or
    imported by an older release) as a visible ``\\x1b`` escape instead of sending it to the terminal.

    Relies on ``textual.widgets._data_table.default_cell_formatter``, the module function every DataTable
    calls to turn a cell into a renderable (looked up as a module global on each call). No public API
    filters cell text, and every screen's tables (accounts, invoices, change orders …) are built from
    plain strings, so this is the one place all of them pass. Idempotent.
    """
    from textual.widgets import _data_table

    from amtui.core.inputs import sanitize

    original = _data_table.default_cell_formatter
    if getattr(original, "amtui_sanitizes", False):
        return

    def formatter(obj: object, wrap: bool = True, height: int = 0) -> Any:
        return original(sanitize(obj, multiline=False) if isinstance(obj, str) else obj, wrap, height)

    formatter.amtui_sanitizes = True  # type: ignore[attr-defined]
    _data_table.default_cell_formatter = formatter


def sanitize_content_text() -> None:
    """Every label, title, toast and modal shows a control character as a visible picture (``␛`` for ESC,
    ``␇`` for BEL, ``�`` for C1 and bytes that were not UTF-8) instead of sending it to the terminal, where
    an ESC/OSC sequence in a name could retitle it or clear the screen.

    Relies on ``textual.content._CONTROL_STRIP_TRANSLATE``, the translate table ``Content`` applies to all
    its text (``Content.__init__`` and ``Content.from_markup``), which every ``Static``, ``Label``, the
    header's title, toasts and modal texts become before they are drawn. Textual itself only removes BEL,
    BS, VT, FF and CR (ESC passes); the table is extended in place (one character for one, so the spans of
    styled text stay where they were; CR is still removed, as Textual does). No public API filters the text
    of every widget. Tables (``sanitize_table_cells``) show ``\\x1b`` as the CLI does. Idempotent.
    """
    import textual.content

    table = textual.content._CONTROL_STRIP_TRANSLATE
    if table.get(0x1B) is not None:
        return
    pictures: dict[int, str | None] = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
    pictures[0x7F] = "\u2421"
    pictures.update({c: "\ufffd" for c in (*range(0x80, 0xA0), *range(0xD800, 0xE000))})
    table.update(pictures)  # type: ignore[arg-type]
