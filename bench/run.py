"""amtui's benchmarks, run by hand: python bench/run.py [--runs 5] [--keep DIR].

Builds the large book (bench/make_book.py) and prints the median wall time of several runs for each case,
then writes bench/RESULTS.md. Cases whose command this build lacks are reported as "n/a". Not a test: the
figures depend on the machine, and RESULTS.md names it.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TUI_READY = next(
    (p for p in (SHARED / "bench" / "tui_ready.py", ROOT / "bench" / "tui_ready.py") if p.exists()), None
)
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def amtui(db: Path, *args: str) -> list[str]:
    return [PY, "-m", "amtui", "--db", str(db), *args]


def timed(cmd: list[str], runs: int, setup: Callable[[], None] | None = None) -> float | None:
    times = []
    for i in range(runs + 1):  # the first run warms caches and is dropped
        if setup:
            setup()
        t0 = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, env=ENV)
        dt = time.perf_counter() - t0
        if r.returncode != 0:
            print(f"  ! {' '.join(cmd[3:])}: {r.stderr.decode().strip()[:200]}", file=sys.stderr)
            return None
        if i:
            times.append(dt)
    return statistics.median(times)


def harvest_file(path: Path, rows: int) -> None:
    rnd = random.Random(3)
    header = (
        "Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,"
        "First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,"
        "External Reference URL"
    ).split(",")
    start = date.today() - timedelta(days=700)
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for i in range(rows):
            pid = rnd.randint(1, 2000)
            hours = rnd.choice(["0.5", "1", "1.5", "2", "3", "4"])
            # 400 people, one row per person and day: the importer refuses a person-day over 24 h.
            w.writerow(
                [
                    (start + timedelta(days=(i // 400) % 690)).isoformat(),
                    "Client",
                    f"Project {pid:04d}",
                    f"P-{pid:04d}",
                    "Design",
                    f"bench row {i}",
                    hours,
                    hours,
                    "Yes",
                    "No",
                    "Yes",
                    "Bench",
                    f"P{i % 400:03d}",
                    "Creative",
                    "Yes",
                    "150.00",
                    f"{float(hours) * 150:.2f}",
                    "70.00",
                    f"{float(hours) * 70:.2f}",
                    "United States Dollar - USD",
                    "",
                ]
            )


def hledger_journal(db: Path, out: Path) -> int:
    import sqlite3

    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT t.entry_date, a.slug, p.slug, t.amount_cents FROM time_entry t "
        "JOIN project p ON p.id = t.project_id JOIN account a ON a.id = p.account_id ORDER BY t.entry_date"
    ).fetchall()
    con.close()
    with out.open("w") as f:
        for d, acc, proj, cents in rows:
            amount = f"${cents // 100}.{cents % 100:02d}"
            f.write(f"{d} time\n    projects:{acc}:{proj}    {amount}\n    income:time\n\n")
    return len(rows)


def tui_switches(
    db: Path, runs: int, add: Callable[[str, float | None, str], None], results: list[tuple[str, str, str]]
) -> None:
    """Screen switches, peak memory and UI-thread stalls, from bench/tui_switch.py (tmux)."""
    import json

    r = subprocess.run(
        [PY, str(ROOT / "bench" / "tui_switch.py"), "--json", "-n", str(runs), str(db)],
        capture_output=True,
        text=True,
        env=ENV,
    )
    if r.returncode != 0:
        print(f"  ! tui_switch: {r.stdout.strip()[-300:]} {r.stderr.strip()[-300:]}", file=sys.stderr)
        return
    data = json.loads(r.stdout)
    for kind, label in (("switch_first_ms", "first visit"), ("switch_again_ms", "returning")):
        per = {k: v for k, v in data[kind].items() if v is not None}
        if not per:
            continue
        worst = max(per, key=lambda k: per[k])
        add(
            f"TUI: screen switch, {label} (median of screens)",
            statistics.median(per.values()) / 1000,
            "≤ 150 ms",
        )
        add(f"TUI: screen switch, {label} (slowest: {worst})", per[worst] / 1000, "≤ 150 ms")
    mem = f"{data['peak_rss_mib']:.0f} MiB"
    results.append(("TUI: peak memory after every screen", mem, "≤ 200 MB"))
    print(f"{'TUI: peak memory after every screen':<48} {mem:>10}   target ≤ 200 MB")
    gap = f"{data['worst_ui_gap_ms']:.0f} ms ({data['freezes_over_100ms']} > 100 ms)"
    results.append(("TUI: longest UI-thread stall while loading", gap, "≤ 100 ms"))
    print(f"{'TUI: longest UI-thread stall while loading':<48} {gap:>10}   target ≤ 100 ms")
    # The method's floor: the same key press → text timing on a bare two-screen Textual app.
    r = subprocess.run(
        [PY, str(ROOT / "bench" / "tui_switch.py"), "--floor", "--json", "-n", str(runs)],
        capture_output=True,
        text=True,
        env=ENV,
    )
    if r.returncode == 0:
        bare = json.loads(r.stdout)
        for key, label in (("first_ms", "first visit"), ("again_ms", "returning")):
            if bare[key] is not None:
                add(f"bare Textual app: switch, {label} (the floor)", bare[key] / 1000, "—")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="keep the large book and files here")
    ap.add_argument("--tui-marker", default=r"client-\d\d", help="text shown once the first screen has data")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="amtui-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "large.db"
    results: list[tuple[str, str, str]] = []

    def add(name: str, seconds: float | None, target: str) -> None:
        shown = "n/a" if seconds is None else f"{seconds * 1000:.0f} ms"
        results.append((name, shown, target))
        print(f"{name:<48} {shown:>10}   target {target}", flush=True)

    if not db.exists():
        t0 = time.perf_counter()
        subprocess.run([PY, str(ROOT / "bench" / "make_book.py"), str(db)], check=True, env=ENV)
        add("generate the large book", time.perf_counter() - t0, "< 60 s")

    sqlmodel = timed([PY, "-c", "import sqlmodel"], a.runs)
    add('python -c "import sqlmodel" (reference)', sqlmodel, "—")
    add("amtui --help", timed([PY, "-m", "amtui", "--help"], a.runs), "≤ 150 ms")
    lim = (
        f"≤ {1.3 * sqlmodel * 1000:.0f} ms (1.3 × import sqlmodel)" if sqlmodel else "≤ 1.3 × import sqlmodel"
    )
    add(
        "amtui log (write)", timed(amtui(db, "log", "client-01", "bench call", "--kind", "call"), a.runs), lim
    )
    add("amtui time (write)", timed(amtui(db, "time", "project-0001", "1.5"), a.runs), lim)
    add(
        "amtui add-change-order (write)",
        timed(amtui(db, "add-change-order", "project-0001", "Bench", "--amount", "1000"), a.runs),
        lim,
    )
    add("amtui budget (whole book, table)", timed(amtui(db, "budget"), a.runs), "≤ 500 ms")
    add("amtui budget --json (whole book)", timed(amtui(db, "budget", "--json"), a.runs), "≤ 500 ms")
    add("amtui reconcile (whole book)", timed(amtui(db, "reconcile"), a.runs), "≤ 500 ms")
    add(
        "amtui report status client-01", timed(amtui(db, "report", "status", "client-01"), a.runs), "≤ 500 ms"
    )
    add(
        "amtui report status client-46 --for client",
        timed(amtui(db, "report", "status", "client-46", "--for", "client"), a.runs),
        "≤ 2 s",
    )
    add("amtui report qbr client-46", timed(amtui(db, "report", "qbr", "client-46"), a.runs), "≤ 2 s")
    for fmt in ("html", "pptx"):
        doc = work / f"qbr-client-46.{fmt}"
        add(
            f"amtui report qbr client-46 --out x.{fmt} (client)",
            timed(amtui(db, "report", "qbr", "client-46", "--out", str(doc), "--force"), a.runs),
            "≤ 2 s",
        )
    add(
        "amtui report status client-46 --format html",
        timed(amtui(db, "report", "status", "client-46", "--format", "html"), a.runs),
        "≤ 2 s",
    )

    csv_path = work / "harvest-200k.csv"
    if not csv_path.exists():
        harvest_file(csv_path, 200_000)
    scratch = work / "import.db"

    def fresh_copy() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{scratch}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(db, scratch)

    add(
        "import 200,000 Harvest rows",
        timed(amtui(scratch, "import", "time", str(csv_path)), max(1, a.runs // 2), setup=fresh_copy),
        "≤ 10 s",
    )

    if shutil.which("hledger"):
        journal = work / "book.journal"
        if not journal.exists():
            hledger_journal(db, journal)
        hl = timed(["hledger", "-f", str(journal), "balance"], max(1, a.runs // 2))
        add("hledger balance over the same time entries", hl, "—")
        budget = next(
            (
                float(s.split()[0]) / 1000
                for n, s, _ in results
                if n.startswith("amtui budget (") and s != "n/a"
            ),
            None,
        )
        if hl and budget:
            results.append(("hledger ÷ amtui budget", f"{hl / budget:.1f}×", "≥ 15×"))
            print(f"{'hledger ÷ amtui budget':<48} {hl / budget:>9.1f}×   target ≥ 15×")

    if TUI_READY and shutil.which("tmux"):
        r = subprocess.run(
            [PY, str(TUI_READY), "-n", str(a.runs), a.tui_marker, "--", *amtui(db)],
            capture_output=True,
            text=True,
            env=ENV,
        )
        med = next((ln.split()[1] for ln in r.stdout.splitlines() if ln.startswith("median_ms")), None)
        add("TUI: first screen with data", float(med) / 1000 if med else None, "≤ 1 s")
        tui_switches(db, min(a.runs, 3), add, results)

    cpu = f"{os.cpu_count()} cores"
    machine = f"{platform.node()} · {platform.machine()} · {cpu} · Python {platform.python_version()}"
    lines = [
        "# Benchmark results",
        "",
        f"Run on {date.today().isoformat()}, {machine}; medians of {a.runs} runs (first run dropped).",
        "Large book: 50 accounts, 2,000 projects, 200,000 time entries, 2,000 change orders, 5,000 invoices.",
        "",
        "| case | median | target |",
        "| --- | --- | --- |",
        *[f"| {n} | {s} | {t} |" for n, s, t in results],
        "",
        "Reproduce: `make bench` (or `.venv/bin/python bench/run.py --runs 5`).",
    ]
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines) + "\n")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
