"""What the interpreter's switch interval costs a UI thread while a worker thread computes in Python.

A stand-in for the TUI's UI thread does 100 steps of 0.5 ms of Python, each followed by a poll that lets go
of the interpreter (as asyncio's ``select`` does between tasks), while a worker loops in Python (the
read-ahead). Each time the UI thread lets go, it waits up to the switch interval to get the interpreter
back. Prints the median time of the 50 ms of UI work per interval, and alone.

usage: python bench/gil_handoff.py [-n RUNS]
"""

from __future__ import annotations

import argparse
import select
import statistics
import sys
import threading
import time


def busy(stop: threading.Event) -> None:
    x = 0
    while not stop.is_set():
        for i in range(1000):
            x += i * i


def ui_work() -> float:
    t = time.perf_counter()
    for _ in range(100):
        end = time.perf_counter() + 0.0005
        while time.perf_counter() < end:
            pass
        select.select([], [], [], 0)
    return (time.perf_counter() - t) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5)
    a = ap.parse_args()
    default = sys.getswitchinterval()
    for interval in (0.005, 0.001, 0.0005):
        sys.setswitchinterval(interval)
        stop = threading.Event()
        worker = threading.Thread(target=busy, args=(stop,))
        worker.start()
        time.sleep(0.05)
        runs = [ui_work() for _ in range(a.n)]
        stop.set()
        worker.join()
        each = ", ".join(f"{r:.0f}" for r in runs)
        print(f"switch interval {interval * 1000:.1f} ms: median {statistics.median(runs):.0f} ms ({each})")
    sys.setswitchinterval(default)
    print(f"alone: {statistics.median(ui_work() for _ in range(a.n)):.0f} ms")


if __name__ == "__main__":
    main()
