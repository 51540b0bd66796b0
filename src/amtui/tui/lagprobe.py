"""A benchmark probe: how long the UI thread went without running a timer (``AMTUI_LAG_FILE=PATH amtui``).

A timer asks to run every :attr:`LagProbe.TICK` seconds; any extra delay is time the event loop was busy (a
freeze the user would feel as a dropped key or a stuck repaint). The worst gap and the number of gaps over
100 ms go to ``PATH`` as JSON whenever they change, so ``bench/tui_switch.py`` can read them after driving the
app. Off unless the variable is set.
"""

from __future__ import annotations

import json
import time
from pathlib import Path


class LagProbe:
    TICK = 0.02
    FREEZE = 0.100

    def __init__(self, path: Path) -> None:
        self.path = path
        self.last = time.perf_counter()
        self.worst = 0.0
        self.freezes = 0
        self.ticks = 0
        self._save()

    def tick(self) -> None:
        now = time.perf_counter()
        gap = now - self.last - self.TICK
        self.last = now
        self.ticks += 1
        changed = False
        if gap > self.worst:
            self.worst, changed = gap, True
        if gap > self.FREEZE:
            self.freezes, changed = self.freezes + 1, True
        if changed:
            self._save()

    def _save(self) -> None:
        data = {
            "worst_ms": round(self.worst * 1000, 1),
            "freezes_over_100ms": self.freezes,
            "ticks": self.ticks,
        }
        from amtui.store import write_private

        write_private(self.path, json.dumps(data), force=True)
