"""The cost of the invariant guard on writes: python bench/guard_bench.py [--runs 7] [--keep DIR].

On the large book (bench/make_book.py), interleaved A/B (on, off, off, on …): a write one-liner
(``amtui time``, ``amtui log``) and a 1,000-entry Harvest import, each with the guard on (as shipped) and off
(``amtui.store.uow.GUARDS`` emptied in the same wrapper, so both sides pay the same start-up). Medians and the
difference are printed; the import files never give one person more than 24 h in a day.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
WRAP = (
    "import sys, time, amtui.services\n"
    "from amtui.store import uow\n"
    "def timed(g):\n"
    "    def run(u):\n"
    "        t0 = time.perf_counter()\n"
    "        try: g(u)\n"
    "        finally: sys.stderr.write(f'GUARD_S {time.perf_counter() - t0}\\n')\n"
    "    return run\n"
    "uow.GUARDS[:] = [] if sys.argv[1] == 'off' else [timed(g) for g in uow.GUARDS]\n"
    "del sys.argv[1]\n"
    "from amtui.launch import main\n"
    "main()\n"
)
GUARD_S: dict[str, list[float]] = {}  # the guard's own time in each "on" run (measured inside the process)


def run(mode: str, db: Path, *args: str) -> float:
    t0 = time.perf_counter()
    r = subprocess.run([PY, "-c", WRAP, mode, "--db", str(db), *args], capture_output=True, env=ENV)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"{mode} {' '.join(args)}: {r.stderr.decode().strip()[:300]}")
    if mode == "on":
        spent = [ln for ln in r.stderr.decode().splitlines() if ln.startswith("GUARD_S ")]
        # Printed at each call (the CLI leaves with os._exit, so no atexit): the sum over the command.
        GUARD_S.setdefault(args[0], []).append(sum(float(ln.split()[1]) for ln in spent))
    return dt


def harvest(path: Path, k: int, rows: int = 1000) -> None:
    """``rows`` entries on 20 days of its own (``k``), 50 people, one hour each."""
    start = date(2025, 1, 1) + timedelta(days=20 * k)
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Date", "Client", "Project", "Project Code", "Notes", "Hours", "First Name", "Last Name"])
        for j in range(rows):
            pid = 1 + (j * 7 + k) % 2000
            day = start + timedelta(days=j // 50)
            w.writerow(
                [
                    day.isoformat(),
                    "Client",
                    f"Project {pid:04d}",
                    f"P-{pid:04d}",
                    f"g{k}-{j}",
                    "1",
                    "Guard",
                    f"B{j % 50:02d}",
                ]
            )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keep", type=Path)
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="amtui-guard-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "large.db"
    if not db.exists():
        subprocess.run([PY, str(ROOT / "bench" / "make_book.py"), str(db)], check=True, env=ENV)
    cases = {
        "amtui time project-0001 1.5": lambda i: ("time", "project-0001", "1.5"),
        "amtui log client-01 (call)": lambda i: ("log", "client-01", f"bench call {i}", "--kind", "call"),
    }
    results: dict[tuple[str, str], list[float]] = {}
    k = len(list(work.glob("g*.csv")))  # a kept folder: files (and days) of their own, never re-imported
    for name, argv in cases.items():
        for mode in ("on", "off"):  # warm-up, dropped
            run(mode, db, *argv(-1))
        for i in range(a.runs):
            for mode in ("on", "off") if i % 2 == 0 else ("off", "on"):
                results.setdefault((name, mode), []).append(run(mode, db, *argv(i)))
    name = "import time, 1,000 Harvest entries"
    for i in range(a.runs + 1):
        for mode in ("on", "off") if i % 2 == 0 else ("off", "on"):
            f = work / f"g{k}.csv"
            harvest(f, k)
            k += 1
            dt = run(mode, db, "import", "time", str(f))
            if i:
                results.setdefault((name, mode), []).append(dt)
    print(f"{'case':<40} {'guard on':>10} {'guard off':>10} {'cost':>10}   paired differences (ms)")
    for case in [*cases, name]:
        ons, offs = results[(case, "on")], results[(case, "off")]
        on, off = statistics.median(ons), statistics.median(offs)
        diffs = sorted(round((a - b) * 1000) for a, b in zip(ons, offs, strict=True))
        print(f"{case:<40} {on * 1000:>8.0f}ms {off * 1000:>8.0f}ms {(on - off) * 1000:>+8.0f}ms   {diffs}")
    print(f"({a.runs} interleaved pairs each; book {db})")
    for cmd, xs in GUARD_S.items():
        print(
            f"the guard itself, inside `amtui {cmd}`: median {statistics.median(xs) * 1000:.0f} ms "
            f"(min {min(xs) * 1000:.0f}, max {max(xs) * 1000:.0f}, {len(xs)} runs)"
        )


if __name__ == "__main__":
    main()
