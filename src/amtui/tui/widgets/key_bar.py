"""The key line at the bottom of every screen: the screen's shown bindings drawn by one widget.

Textual's ``Footer`` builds a widget per key and rebuilds them all whenever the screen's bindings are
refreshed — which happens on every screen switch and focus change. On the large book that cost ~35 ms of
restyling per switch, and the discarded key widgets (each with its styles, message queue and task) were
cyclic garbage that set off 70-140 ms full collections in the middle of later switches. The key bar
computes the same list of keys (``Screen.active_bindings``, the same ``show`` / enabled / tooltip rules),
draws it as one line, and repaints only when the list changes. Clicking a key presses it, as on the Footer.

Help (``?``) and the command palette are drawn on the right and never left out: where a screen has more keys
than the line holds, the ones that do not fit are one key away (``?`` lists them all).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.screen import Screen
from textual.widget import Widget


class Key(NamedTuple):
    """One key as the bar shows it."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str
    #: Drawn on the right, never left out for lack of room (help: where every key left out is listed).
    pinned: bool = False


#: The actions whose key the bar always shows, on the right before the palette key.
PINNED_ACTIONS = frozenset({"help"})


def shown_keys(screen: Screen[object]) -> tuple[tuple[Key, ...], Key | None]:
    """The keys the screen shows (one per action, first binding wins) and the command palette key."""
    app = screen.app
    keys: list[Key] = []
    actions: set[str] = set()
    palette: Key | None = None
    for _node, binding, enabled, tooltip in screen.active_bindings.values():
        if app.ENABLE_COMMAND_PALETTE and binding.key == app.COMMAND_PALETTE_BINDING:
            palette = Key(binding.key, app.get_key_display(binding), binding.description, enabled, tooltip)
            continue
        if not binding.show or binding.action in actions:
            continue
        actions.add(binding.action)
        pinned = binding.action in PINNED_ACTIONS
        keys.append(
            Key(binding.key, app.get_key_display(binding), binding.description, enabled, tooltip, pinned)
        )
    return tuple(keys), palette


class KeyBar(Widget):
    """The bindings of the screen it is on, in one line; click a key to press it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--hover"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.keys: tuple[Key, ...] = ()
        self.palette: Key | None = None
        # Cell ranges [start, end) of each key drawn on the last render, for clicks and hover.
        self._spans: list[tuple[int, int, Key]] = []
        self._hover: Key | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self._update_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            # Focus may still move in this refresh: read the bindings once it has settled.
            self.call_after_refresh(self._update_keys)

    def _update_keys(self) -> None:
        if not self.is_attached:
            return
        keys, palette = shown_keys(self.screen)
        if (keys, palette) != (self.keys, self.palette):
            self.keys, self.palette = keys, palette
            self.refresh()

    # --------------------------------------------------------------------------------------- drawing

    def render(self) -> RenderResult:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        text_style = self.get_component_rich_style("key-bar--description", partial=True)
        hover_style = self.get_component_rich_style("key-bar--hover", partial=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, Key]] = []

        def draw(key: Key) -> Text:
            extra = hover_style if key == self._hover else Style()
            if not key.enabled:
                extra += Style(dim=True)
            label = Text.assemble((f" {key.display} ", key_style + extra))
            if key.description:
                label.append(f"{key.description} ", text_style + extra)
            return label

        ends = [key for key in self.keys if key.pinned]
        if self.palette is not None:
            ends.append(self.palette)
        right = [(key, draw(key)) for key in ends]
        # Keys that do not fit are left out whole (help and the palette key keep their place on the right).
        room = self.size.width - sum(label.cell_len for _, label in right) - 1
        for key in self.keys:
            if key.pinned:
                continue
            label = draw(key)
            if line.cell_len + label.cell_len > room:
                break
            spans.append((line.cell_len, line.cell_len + label.cell_len, key))
            line.append_text(label)
        if right:
            width = sum(label.cell_len for _, label in right)
            line.append(" " * (max(line.cell_len + 1, self.size.width - width) - line.cell_len))
        for key, label in right:
            spans.append((line.cell_len, line.cell_len + label.cell_len, key))
            line.append_text(label)
        self._spans = spans
        return line

    def key_at(self, x: int) -> Key | None:
        """The key drawn at column ``x``, if any."""
        return next((key for start, end, key in self._spans if start <= x < end), None)

    # ------------------------------------------------------------------------------------------ mouse

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        event.stop()
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self.key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, key: Key | None) -> None:
        if key != self._hover:
            self._hover = key
            self.tooltip = (key.tooltip or key.description) if key is not None else None
            self.refresh()
