"""Regenerate the README screenshots from a fresh demo book (run: .venv/bin/python scripts/screenshots.py).

Each screenshot is the real app driven by Pilot at 120x36, saved as SVG and converted to PNG with
rsvg-convert (Debian: librsvg2-bin). The day is pinned through ``AMTUI_TODAY`` to the tests' day (unless it is
set already), so the demo book, Today's lines and every "days ago" come out the same on any date: the
screenshots are reproducible.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from amtui.core import clock
from amtui.demo import build_demo
from amtui.store import open_store
from amtui.tui.app import AmApp

DOCS = Path(__file__).resolve().parents[1] / "docs"
#: The day every screenshot is taken on: the tests' day (``tests/conftest.py`` ``TODAY``).
DAY = "2026-11-28"
# (file name, keys to press after the first screen shows)
SHOTS: list[tuple[str, list[str]]] = [
    ("today", []),
    ("budget", ["b"]),
    ("accounts", ["a"]),
    ("invoices", ["I"]),
    ("timesheet", ["W"]),
    ("estimates", ["E"]),
    ("status-report", ["a", "down", "down", "R"]),  # northwind's, the client version, with its charts
    # The Timeline's add form on the first project's header: after M42 with a day's lag, 15 working days long;
    # its preview (the add rehearsed and rolled back) says it would end past the project's end date.
    ("timeline-add", "l down n tab R e t a i l space a u d i t tab tab tab M 4 2 tab 1 tab 1 5".split()),
    # An edit form and its preview: a smaller budget typed into Bramble's project (J on the account).
    ("project-edit", ["a", "enter", "J", "tab", "ctrl+u", *"52000"]),
]
#: Shots the README shows as PNG (rendered by rsvg-convert); every other shot stays the SVG the README links.
PNG = {"today", "budget"}
#: Shots of a new, empty book: what a new user sees first.
EMPTY_SHOTS: list[tuple[str, list[str]]] = [("first-steps", [])]


async def shoot(db: Path, name: str, keys: list[str]) -> Path:
    app = AmApp(open_store(db), poll=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(2.0)  # the first read imports the database layer
        for key in keys:
            await pilot.press(key)
            await pilot.pause(2.0)
        svg = app.save_screenshot(filename=f"{name}.svg", path=str(DOCS))
    png = DOCS / f"{name}.png"
    if name not in PNG or not shutil.which("rsvg-convert"):  # the SVG itself (GitHub shows it)
        return Path(svg)
    subprocess.run(["rsvg-convert", "-o", str(png), svg], check=True)
    Path(svg).unlink()
    return png


def main() -> None:
    os.environ.setdefault(clock.ENV, DAY)  # before the demo is built: its dates count back from today
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        build_demo(db)
        only = set(sys.argv[1:])  # names to shoot (default: all)
        for name, keys in SHOTS:
            if not only or name in only:
                print(asyncio.run(shoot(db, name, keys)), file=sys.stderr)
        empty = Path(tmp) / "new.db"
        for name, keys in EMPTY_SHOTS:
            if not only or name in only:
                print(asyncio.run(shoot(empty, name, keys)), file=sys.stderr)


if __name__ == "__main__":
    main()
