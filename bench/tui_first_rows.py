"""CPU and wall time from a process's start to Today's first rows, through the real launch path.

Calls :func:`amtui.tui.app.run_tui_at` as ``amtui --db TARGET`` does, but runs the app headless (Textual's
``run_test``) and stops at the first row of Today's table: the wall time, this process's CPU time
(``time.process_time``: the figure a loaded machine inflates least) and whether the store's engine had
opened by then. A book file shows last session's list from its snapshot when unchanged; delete
``.NAME.today.json`` beside it (for a team database under ``amtui paths``' data folder, ``team/…``) to time
the fresh read.

usage: python bench/tui_first_rows.py [-n RUNS] PATH|URL
"""

from __future__ import annotations

import time

CPU0, WALL0 = time.process_time(), time.perf_counter()

import argparse  # noqa: E402 - the clock starts before any import
import asyncio  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402


async def _drive(app: Any) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            found = app.screen.query("#today")
            if found and found.first().row_count > 0:
                break
            await pilot.pause(0.005)
        engine = "open" if app._store is not None else "not yet"
        print(
            f"first rows: wall {time.perf_counter() - WALL0:.2f} s cpu {time.process_time() - CPU0:.2f} s "
            f"engine {engine}"
        )


def once(target: str) -> None:
    from amtui.tui.app import AmApp, run_tui_at

    AmApp.run = lambda self, *a, **k: asyncio.run(_drive(self))  # type: ignore[method-assign]
    run_tui_at(target if "://" in target else Path(target))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1, help="runs, each in a new process")
    ap.add_argument("target")
    a = ap.parse_args()
    if a.n == 1:
        once(a.target)
        return
    for _ in range(a.n):
        subprocess.run([sys.executable, __file__, a.target], check=True)


if __name__ == "__main__":
    main()
