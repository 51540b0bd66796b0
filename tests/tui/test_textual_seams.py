"""One test per function of :mod:`amtui.tui.textual_seams`, on small real apps.

Each seam leans on something private in Textual. These tests drive a plain Textual app (no amtui screen)
and fail if a Textual release renames the attribute or changes the behaviour the seam relies on: run them
before widening the ``textual`` pin in ``pyproject.toml``. Where a seam saves work, a control run without it
proves the work still happens (so the seam is still needed) and the run with it proves it is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult, UnknownModeError
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Label

from amtui.tui.textual_seams import (
    adopt_app_styles,
    intercept_resume,
    keymap_key,
    own_bindings,
    sanitize_content_text,
    sanitize_table_cells,
)


def counting(obj: Any, name: str) -> list[int]:
    """Count calls to ``obj.name`` (still calling it)."""
    calls: list[int] = []
    original = getattr(obj, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    setattr(obj, name, spy)
    return calls


class Plain(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Label("plain")


class ModesApp(App[None]):
    CSS = "Label { color: red; }"

    def __init__(self, make: Callable[[App[Any]], Screen[None]]) -> None:
        super().__init__()
        self.add_mode("one", lambda: make(self))
        self.add_mode("two", lambda: make(self))


def _plain(_app: App[Any]) -> Screen[None]:
    return Plain()


def _adopted(app: App[Any]) -> Screen[None]:
    screen = Plain()
    adopt_app_styles(screen, app)
    return screen


@pytest.mark.parametrize(("make", "reparses"), [(_plain, True), (_adopted, False)])
async def test_adopt_app_styles_spares_the_css_reparse_on_a_first_visit(
    make: Callable[[App[Any]], Screen[None]], reparses: bool
) -> None:
    app = ModesApp(make)
    async with app.run_test() as pilot:
        app.switch_mode("one")
        await pilot.pause()
        refreshes = counting(app, "refresh_css")
        app.switch_mode("two")  # a first visit: the factory makes the screen
        await pilot.pause()
        assert bool(refreshes) is reparses
        # Either way the new screen is styled by the app's CSS (the re-parse it skipped was not needed).
        assert app.screen.query_one(Label).styles.color == Color.parse("red")


class Resumable(Screen[None]):
    """Intercepts its ScreenResume the way :class:`amtui.tui.screens.base.AmScreen` does."""

    restyle = False

    def compose(self) -> ComposeResult:
        yield Label("resumable")

    def post_message(self, message: Message) -> bool:
        intercept_resume(message, restyle=lambda: self.restyle)
        return super().post_message(message)


@pytest.mark.parametrize("restyle", [True, False])
async def test_intercept_resume_decides_whether_a_screen_shown_again_restyles(restyle: bool) -> None:
    app = ModesApp(lambda _app: Resumable())
    async with app.run_test() as pilot:
        app.switch_mode("one")
        await pilot.pause()
        first = app.screen
        app.switch_mode("two")
        await pilot.pause()
        assert isinstance(first, Resumable)
        first.restyle = restyle
        restyles = counting(first, "update_node_styles")
        app.switch_mode("one")  # shown again: Textual sends it a ScreenResume through post_message
        await pilot.pause()
        assert app.screen is first
        assert bool(restyles) is restyle


class KeyedApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "bell", "Go", id="go.x")]


async def test_keymap_key_reads_the_keymap_textual_applies() -> None:
    app = KeyedApp()
    async with app.run_test() as pilot:
        app.set_keymap({"go.x": "z"})
        await pilot.pause()
        assert keymap_key(app, "go.x", "x") == "z"
        assert keymap_key(app, "go.y", "y") == "y"  # not remapped: the default
        # The same answer as the key Textual now binds for that id.
        active = {key: b.binding.id for key, b in app.screen.active_bindings.items()}
        assert active.get("z") == "go.x" and "x" not in active


class TableScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "open", "Open", id="t.open")]

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()


class TableApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(TableScreen())


async def test_own_bindings_lists_a_screen_key_the_focused_widget_shadows() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TableScreen)
        # The public view: Enter belongs to the focused table, the screen's Enter is not there.
        assert screen.active_bindings["enter"].binding.id != "t.open"
        own = own_bindings(screen)
        assert [b.id for b in own["enter"]] == ["t.open"]


async def test_an_unknown_mode_is_a_public_error_and_changes_nothing() -> None:
    """Not a seam: the public contract :meth:`AmApp.action_go` relies on instead of reading ``_modes``."""
    app = ModesApp(_plain)
    async with app.run_test() as pilot:
        app.switch_mode("one")
        await pilot.pause()
        before = app.screen
        with pytest.raises(UnknownModeError):
            app.switch_mode("nope")
        assert app.screen is before


async def test_sanitize_table_cells_escapes_control_characters_in_every_data_table() -> None:
    """Relies on DataTable rendering str cells through ``_data_table.default_cell_formatter``."""
    sanitize_table_cells()
    sanitize_table_cells()  # idempotent

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

    app = Host()
    async with app.run_test() as pilot:
        table = app.query_one(DataTable)
        table.add_column("Name")
        table.add_row("Acme\x1b]0;owned\x07 Corp\x9b")
        await pilot.pause()
        rendered = "".join(seg.text for seg in table.render_line(1))
        assert "\x1b" not in rendered and "\x9b" not in rendered
        assert "Acme\\x1b]0;owned\\x07 Corp" in rendered


async def test_sanitize_content_text_shows_control_characters_in_every_label() -> None:
    """Relies on ``Content`` translating its text through ``textual.content._CONTROL_STRIP_TRANSLATE``.
    Without the seam ESC reaches the rendered line (so the seam is still needed); with it, a picture."""
    import textual.content

    hostile = "Acme\x1b]0;owned\x07 [b]Corp[/b]\x9b\x1b[2J"

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Label(hostile, id="l")

    async def rendered() -> str:
        app = Host()
        async with app.run_test() as pilot:
            await pilot.pause()
            return "".join(seg.text for seg in app.query_one("#l", Label).render_line(0))

    table = textual.content._CONTROL_STRIP_TRANSLATE
    saved = dict(table)
    try:
        for c in list(table):
            if c not in (7, 8, 11, 12, 13):
                del table[c]
        assert "\x1b" in await rendered()  # Textual alone sends ESC on
        sanitize_content_text()
        sanitize_content_text()  # idempotent
        line = await rendered()
        assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in line), repr(line)
        assert "Acme␛]0;owned␇ Corp�␛[2J" in line  # markup still styles; spans stay in place
    finally:
        table.clear()
        table.update(saved)
