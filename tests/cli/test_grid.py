"""The one-line-per-row reports' columns (``cli/_grid``): aligned, styled per cell in a terminal, plain in a
pipe, never wrapped, and a control character in a name (a project called "a\\x07b") printed as nothing."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from amtui.cli import _grid

HEADERS = ["Project", "Budget", "Status", ""]
ROWS: list[list[_grid.Cell]] = [
    [("acme/site", None), ("$1,000", None), ("over", "bold red"), ("EAC past the cap", "dim")],
    [("a\x07b/launch-campaign-" + "x" * 150, None), ("$12", None), ("on-track", "green"), ("", "dim")],
]


def _printed(monkeypatch: pytest.MonkeyPatch, *, terminal: bool, width: int = 400) -> str:
    buf = io.StringIO()
    system = "truecolor" if terminal else None
    console = Console(file=buf, force_terminal=terminal, width=width, highlight=False, color_system=system)
    monkeypatch.setattr(_grid, "console", lambda: console)
    _grid.grid("Budget health", HEADERS, ROWS, right={1})
    return buf.getvalue()


def test_columns_are_aligned_unwrapped_and_control_codes_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    narrow = _printed(monkeypatch, terminal=False, width=80).splitlines()
    assert len(narrow) == 4 and max(len(ln) for ln in narrow) == 80  # cut at the console's width, not wrapped
    lines = _printed(monkeypatch, terminal=False).splitlines()
    assert lines[0] == "Budget health"
    width = len("ab/launch-campaign-" + "x" * 150)
    assert lines[1] == f"{'Project'.ljust(width)}  Budget  Status"
    assert lines[2] == f"{'acme/site'.ljust(width)}  $1,000  over      EAC past the cap"
    assert lines[3].startswith("ab/launch-campaign-x") and lines[3].endswith("     $12  on-track  ")
    assert "\x1b" not in "".join(lines) and "\x07" not in "".join(lines)


def test_in_a_terminal_each_styled_cell_carries_its_style(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _printed(monkeypatch, terminal=True)
    assert "\x1b[1mProject" in out  # the header in bold
    assert "\x1b[1;31mover    \x1b[0m" in out  # the status cell, padded, in bold red
    assert "\x1b[2mEAC past the cap\x1b[0m" in out
    assert "\x1b[32mon-track\x1b[0m" in out
    assert "\x07" not in out
