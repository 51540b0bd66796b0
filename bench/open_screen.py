"""Open amtui on a book straight at one screen, for timing a screen from launch with tui_ready.py.

    python ../shared/bench/tui_ready.py --env PYTHONPATH=src 'CO-[0-9]+ +sent' -- \\
        .venv/bin/python bench/open_screen.py BOOK.db change-orders
    python ../shared/bench/tui_ready.py --env PYTHONPATH=src 'note +Note [0-9]+' -- \\
        .venv/bin/python bench/open_screen.py BOOK.db account client-01

TARGET is what a Today line opens (``change-orders``, ``account``, ``budget`` …), REF the row on it.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import amtui.tui.app as app_module
from amtui.tui.app import AmApp


class OpenAt(AmApp):
    # The styles are found next to amtui/app.py, not next to this file.
    CSS_PATH = [str(Path(app_module.__file__).parent / p) for p in AmApp.CSS_PATH]

    def on_mount(self) -> None:
        super().on_mount()
        ref = sys.argv[3] if len(sys.argv) > 3 else None
        self.set_timer(0.01, lambda: self.open_target(sys.argv[2], ref))


if __name__ == "__main__":
    OpenAt(path=Path(sys.argv[1]), today=date(2026, 11, 28), poll=False).run()
