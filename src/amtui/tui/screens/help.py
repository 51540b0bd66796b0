"""Help: every binding, the screen keys and the current screen's keys, with their ids for the keymap."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from amtui.tui.key_meanings import vocabulary
from amtui.tui.registry import available_screens
from amtui.tui.textual_seams import keymap_key, own_bindings

if TYPE_CHECKING:
    from textual.screen import Screen


def key_label(app: Any, key: str) -> str:
    return str(app.get_key_display(Binding(key, "")))


class HelpScreen(ModalScreen[None]):
    """Lists the bindings active on ``screen`` (after the keymap) plus the keys that switch screens."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("question_mark", "dismiss", "Close", show=False, id="help.close2"),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Label(f"Keys — {self.for_screen.title or 'amtui'}", classes="form-title")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Label(f"On every screen: {vocabulary()}.", id="help-vocabulary", classes="form-hint")
            yield Label(
                'Remap any key in the config file: [keymap] binding-id = "key" (amtui paths shows where).',
                classes="form-hint",
            )

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one("#help-keys", DataTable)
        table.add_columns("Key", "Does", "Where", "Binding id")
        seen: set[str] = set()
        for entry in available_screens():
            keys = keymap_key(self.app, f"go.{entry.id}", entry.key)
            table.add_row(key_label(self.app, keys), f"Go to {entry.title}", "everywhere", f"go.{entry.id}")
            seen.add(f"go.{entry.id}")
        for key, active in self.for_screen.active_bindings.items():
            b = active.binding
            if b.id in seen or not b.description:
                continue
            seen.add(b.id or key)
            where = "everywhere" if active.node is self.app else type(active.node).__name__
            table.add_row(key_label(self.app, key), b.description, where, b.id or "")
        # The screen's own keys, even where a focused table shadows one (Enter opens a row either way).
        for key, bindings in own_bindings(self.for_screen).items():
            for b in bindings:
                if b.id in seen or not b.description:
                    continue
                seen.add(b.id or key)
                table.add_row(
                    key_label(self.app, key), b.description, type(self.for_screen).__name__, b.id or ""
                )
        table.add_row(key_label(self.app, "ctrl+p"), "Command palette", "everywhere", "")
        table.focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
