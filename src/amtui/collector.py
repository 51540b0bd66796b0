"""When Python's cyclic garbage collector may do a full collection: in a pause between keys, not during one.

A full collection scans every object the collector tracks. In a TUI session on a large book that is
100,000-250,000 objects — Textual's widgets and render caches, the rows a screen holds — and it took 60-140 ms
on the benchmark machine, started by whatever allocation happened to tip the counters: usually in the middle
of a screen switch, which then missed its 150 ms. The young generations (cheap, a few ms at most) still run
as Python schedules them and free most cyclic garbage while it is young; the full collection waits until the
user has not touched a key or the mouse for :attr:`IdleCollector.IDLE` seconds, and then freezes what
survived (``gc.freeze``) so that the next full collection scans only what was made since. If the user never
pauses, a full collection runs anyway after :attr:`IdleCollector.OVERDUE` young ones, so memory stays bounded.

Only real sessions install it (``amtui`` in a terminal): a test process runs hundreds of apps, and frozen
objects are never collected.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def young_collections() -> int:
    """How many generation-1 collections the interpreter has run so far."""
    return int(gc.get_stats()[1]["collections"])


class IdleCollector:
    #: Seconds without input before a full collection may run.
    IDLE = 1.5
    #: Young (generation-1) collections since the last full one before a full one is worth running; the
    #: interpreter's own default threshold for generation 2 is the same 10.
    DUE = 10
    #: After this many young collections a full one runs even if the user has not paused.
    OVERDUE = 200
    #: Generation 2's threshold while installed: high enough that the interpreter never starts one itself.
    NEVER = 1_000_000

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        young: Callable[[], int] = young_collections,
    ) -> None:
        self._clock = clock
        self._young = young
        self._thresholds: tuple[int, int, int] | None = None
        self.last_input = clock()
        self.since = young()
        self.full_collections = 0
        #: While False only an overdue collection runs: the app disarms it until its start-up reads and
        #: imports are done and frozen, so the first full collection does not scan all of them.
        self.armed = True

    def install(self) -> None:
        """Take full collections over from the interpreter (young ones stay as they are)."""
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            first, second, _ = self._thresholds
            gc.set_threshold(first, second, self.NEVER)

    def uninstall(self) -> None:
        """Give full collections back to the interpreter."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def input_seen(self) -> None:
        """A key press or mouse event arrived: the user is busy."""
        self.last_input = self._clock()

    def due(self) -> bool:
        """Whether a full collection should run now."""
        young = self._young() - self.since
        if young >= self.OVERDUE:
            return True
        return self.armed and young >= self.DUE and self._clock() - self.last_input >= self.IDLE

    def tick(self) -> bool:
        """Run a full collection and freeze what survives, if one is due. True if it ran."""
        if not self.due():
            return False
        gc.collect()
        gc.freeze()
        self.since = self._young()
        self.full_collections += 1
        return True
