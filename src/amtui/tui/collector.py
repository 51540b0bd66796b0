"""When Python's cyclic garbage collector may do a full collection: in a pause between keys, not during one.

A full collection scans every object the collector tracks. In a TUI session on a large book that is
100,000-250,000 objects — Textual's widgets and render caches, the rows a screen holds — and it took 60-140 ms
on the benchmark machine, started by whatever allocation happened to tip the counters: usually in the middle
of a screen switch, which then missed its 150 ms. The young generations (cheap, a few ms at most) still run
as Python schedules them and free most cyclic garbage while it is young; the full collection waits until the
user has not touched a key or the mouse for :attr:`IdleCollector.IDLE` seconds, and then freezes what
survived (``gc.freeze``) so that the next full collection scans only what was made since. If the user never
pauses, a full collection runs anyway after :attr:`IdleCollector.OVERDUE` young ones, so memory stays bounded.

Frozen objects are never collected, so what was alive at a freeze and became cyclic garbage later — a form
that was open during a pause, say — would stay. Once the frozen set has grown by :attr:`SWEEP_GROWTH`
objects, the next long pause (:attr:`SWEEP_IDLE` seconds) unfreezes everything, collects and freezes again.

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
    #: Growth of the frozen set (objects) after which a long pause sweeps it: unfreeze, collect, freeze.
    SWEEP_GROWTH = 50_000
    #: Seconds without input before such a sweep (it scans everything: ~0.1-0.2 s on a large session).
    SWEEP_IDLE = 10.0

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        young: Callable[[], int] = young_collections,
        frozen: Callable[[], int] = gc.get_freeze_count,
    ) -> None:
        self._clock = clock
        self._young = young
        self._frozen = frozen
        self._thresholds: tuple[int, int, int] | None = None
        self.last_input = clock()
        self.since = young()
        self.full_collections = 0
        self.sweeps = 0
        #: While False only an overdue collection runs: the app disarms it until its start-up reads and
        #: imports are done and frozen (:meth:`arm`), so the first full collection does not scan all of them.
        self.armed = True
        self.swept_at = frozen()  # the frozen set's size after the last sweep

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

    def arm(self) -> None:
        """Start-up is loaded and frozen: full collections may run between keys from now on."""
        self.swept_at = self._frozen()
        self.armed = True

    def input_seen(self) -> None:
        """A key press or mouse event arrived: the user is busy."""
        self.last_input = self._clock()

    def due(self) -> bool:
        """Whether a full collection should run now."""
        young = self._young() - self.since
        if young >= self.OVERDUE:
            return True
        return self.armed and young >= self.DUE and self._clock() - self.last_input >= self.IDLE

    def sweep_due(self) -> bool:
        """Whether the frozen set has grown enough, and the user paused long enough, to sweep it."""
        grown = self._frozen() - self.swept_at >= self.SWEEP_GROWTH
        return self.armed and grown and self._clock() - self.last_input >= self.SWEEP_IDLE

    def tick(self) -> bool:
        """Run a full collection and freeze what survives, if one is due (or sweep the frozen set, if that is
        due). True if one ran."""
        if self.sweep_due():
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.swept_at = self._frozen()
            self.since = self._young()
            self.sweeps += 1
            return True
        if not self.due():
            return False
        gc.collect()
        gc.freeze()
        self.since = self._young()
        self.full_collections += 1
        return True
