"""A bare Textual app with two screens (a header and a line of text each), switched like amtui's modes.

``bench/tui_switch.py --floor`` times its switches with the same tmux method as amtui's: what the terminal,
tmux, the polling and Textual's own screen switch cost before amtui does anything.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static


class Alpha(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bare alpha screen")


class Beta(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bare beta screen")


class Bare(App[None]):
    MODES: ClassVar[dict[str, type[Screen[None]]]] = {"alpha": Alpha, "beta": Beta}  # type: ignore[assignment]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "switch_mode('alpha')", "Alpha"),
        Binding("b", "switch_mode('beta')", "Beta"),
    ]

    def on_mount(self) -> None:
        self.switch_mode("alpha")


if __name__ == "__main__":
    Bare().run()
