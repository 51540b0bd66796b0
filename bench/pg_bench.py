"""The team book's speed targets (issue 21), on SQLite and PostgreSQL side by side: one command.

    python bench/pg_bench.py            # the large book and the 10x book, 5 runs each
    python bench/pg_bench.py --quick    # the large book only, 3 runs (a few minutes)

Starts a throwaway PostgreSQL server (bench/pg_server.py: initdb in a temporary folder, unix socket, stopped
and removed at the end), builds each book with ``bench/make_book.py`` twice from the same seed — into a
SQLite file and straight into a PostgreSQL database (COPY) — so both hold the same rows, then times whole
commands, interleaved (SQLite, PostgreSQL owner, PostgreSQL member, …), first round dropped:

- ``budget`` of the whole agency (the database owner; row-level security does not apply to the owner);
- ``budget`` as a member (``am1``: an account manager the first tenth of the accounts is shared with — the
  row-level security policies run for every statement) and ``budget client-01`` (one account);
- a write one-liner, ``time client-01/PROJECT 0.25`` (a unit of work, its audit and its guard);
- the TUI's first screen with data (``/work/shared/bench/tui_ready.py`` or ``bench/tui_ready.py``);
- ``book push`` of the large book into an empty database (once).

Each figure is the median wall time with the median CPU time of the amtui process beside it (user + sys of
the child; the server's own CPU is not in it) and the load average while it ran: on a shared machine the
wall time is mostly waiting for a core, and the CPU time is what to compare.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg_server import PgServer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
AMTUI = [PY, "-m", "amtui"]
TODAY = "2026-12-07"
ENV = {**os.environ, "AMTUI_TODAY": TODAY, "NO_COLOR": "1"}
_READY = (Path("/work/shared/bench/tui_ready.py"), ROOT / "bench" / "tui_ready.py")
TUI_READY = next((p for p in _READY if p.exists()), None)


@dataclass
class Timing:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    load: list[float] = field(default_factory=list)

    def cell(self) -> str:
        if not self.wall:
            return "—"
        w, c = statistics.median(self.wall), statistics.median(self.cpu)
        return f"{w:.2f} s (CPU {c:.2f} s)"

    @property
    def median(self) -> float:
        return statistics.median(self.wall) if self.wall else float("nan")


def timed(cmd: list[str], out: Timing, *, check: bool = True) -> None:
    """Run ``cmd`` once; its wall time and its own CPU time (user + sys of the child) into ``out``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if check and done.returncode:
        sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr.strip()[-1500:]}")
    out.wall.append(wall)
    out.cpu.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    out.load.append(os.getloadavg()[0])


def make(target: str, scale: float) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [PY, str(ROOT / "bench" / "make_book.py"), target, "--scale", str(scale)], env=ENV, check=True
    )
    return time.perf_counter() - t0


def psql_one(url: str, sql: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        row = con.execute(sql).fetchone()  # type: ignore[arg-type]
        return "" if row is None else str(row[0])


@dataclass
class Book:
    name: str
    scale: float
    sqlite: Path
    owner: str
    member: str
    project: str  # client-01's project for the write


def prepare(server: PgServer, work: Path, name: str, scale: float) -> tuple[Book, dict[str, str]]:
    notes: dict[str, str] = {}
    path = work / f"{name}.db"
    notes["generate (SQLite)"] = f"{make(str(path), scale):.1f} s"
    server.admin(f"CREATE DATABASE {name}")
    owner = server.url(name)
    notes["generate (PostgreSQL, COPY)"] = f"{make(owner, scale):.1f} s"
    t0 = time.perf_counter()
    import psycopg

    with psycopg.connect(owner, autocommit=True) as con:
        con.execute("VACUUM ANALYZE")
    notes["VACUUM ANALYZE"] = f"{time.perf_counter() - t0:.1f} s"
    accounts = int(psql_one(owner, "SELECT count(*) FROM account"))
    share = max(1, accounts // 10)
    run = {"env": ENV, "check": True, "capture_output": True}
    subprocess.run([*AMTUI, "team", "setup", owner, "--user", "am1"], **run)  # type: ignore[call-overload]
    for i in range(1, share + 1):
        share_it = ["account", "share", f"client-{i:02d}", "--with", "am1", "--role", "editor"]
        subprocess.run([*AMTUI, "--db", owner, *share_it], **run)  # type: ignore[call-overload]
    project = psql_one(
        owner,
        "SELECT p.slug FROM project p JOIN account a ON a.id = p.account_id "
        "WHERE a.slug = 'client-01' AND p.status = 'active' ORDER BY p.id LIMIT 1",
    )
    member = owner.replace("postgres@", "am1@", 1)
    notes["member am1"] = f"{share} of {accounts} accounts"
    return Book(name, scale, path, owner, member, project), notes


def interleave(runs: int, cases: dict[str, list[str]]) -> dict[str, Timing]:
    out = {k: Timing() for k in cases}
    for n in range(runs + 1):
        for key, cmd in cases.items():
            t = Timing()
            timed(cmd, t)
            if n:  # the first round warms caches and is dropped
                out[key].wall += t.wall
                out[key].cpu += t.cpu
                out[key].load += t.load
    return out


def tui_first_screen(db: str, runs: int) -> str:
    if TUI_READY is None or shutil.which("tmux") is None:
        return "— (no tui_ready.py or tmux)"
    done = subprocess.run(
        [PY, str(TUI_READY), "-n", str(runs), r"client-\d\d", "--", *AMTUI, "--db", db],
        env=ENV,
        capture_output=True,
        text=True,
    )
    med = [ln.split()[-1] for ln in done.stdout.splitlines() if ln.startswith("median_ms")]
    return f"{int(med[0]) / 1000:.2f} s" if med else "— (never appeared)"


def bench_book(book: Book, runs: int, rows: list[list[str]]) -> None:
    def case(db: str, *args: str) -> list[str]:
        return [*AMTUI, "--db", db, *args]

    reads = interleave(
        runs,
        {
            "whole sqlite": case(str(book.sqlite), "budget"),
            "whole pg": case(book.owner, "budget"),
            "member pg": case(book.member, "budget"),
            "one sqlite": case(str(book.sqlite), "budget", "client-01"),
            "one pg": case(book.member, "budget", "client-01"),
        },
    )
    ref = f"client-01/{book.project}"
    writes = interleave(
        runs,
        {
            "sqlite": case(str(book.sqlite), "time", ref, "0.25", "--note", "bench"),
            "pg owner": case(book.owner, "time", ref, "0.25", "--note", "bench"),
            "pg member": case(book.member, "time", ref, "0.25", "--note", "bench"),
        },
    )
    load = statistics.median([x for t in [*reads.values(), *writes.values()] for x in t.load])
    b = book.name
    ratio = writes["pg owner"].median / writes["sqlite"].median
    whole, one = reads["whole sqlite"].cell(), reads["one sqlite"].cell()
    rows += [
        [f"{b}: `budget` (whole agency, owner)", whole, reads["whole pg"].cell(), "≤ 2 s"],
        [
            f"{b}: `budget` as member am1 (its accounts)",
            "—",
            reads["member pg"].cell(),
            "≤ 0.5 s",
        ],
        [f"{b}: `budget client-01` (one account, member)", one, reads["one pg"].cell(), "≤ 0.5 s"],
        [
            f"{b}: `time {ref} 0.25` (a write)",
            writes["sqlite"].cell(),
            f"{writes['pg owner'].cell()}; member {writes['pg member'].cell()}; ×{ratio:.2f}",
            "≤ 1.3× SQLite",
        ],
        [
            f"{b}: TUI first screen with data",
            tui_first_screen(str(book.sqlite), runs),
            tui_first_screen(book.member, runs),
            "≤ 1 s",
        ],
        [f"{b}: load average (1 min, median) while timed", f"{load:.1f}", "", ""],
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="the large book only, 3 runs")
    ap.add_argument("--runs", type=int, help="timed runs per case (5; --quick 3)")
    ap.add_argument("--keep", type=Path, help="work in this folder and leave the server's data there")
    a = ap.parse_args()
    runs = a.runs or (3 if a.quick else 5)
    work = a.keep or Path(tempfile.mkdtemp(prefix="amtui-pgbench-"))
    work.mkdir(parents=True, exist_ok=True)
    server = PgServer(work / "pg").start()
    started = time.perf_counter()
    rows: list[list[str]] = []
    notes: list[str] = []
    try:
        books = [("large", 1.0)] + ([] if a.quick else [("x10", 10.0)])
        for name, scale in books:
            book, made = prepare(server, work, name, scale)
            notes.append(f"{name} (scale {scale:g}): " + "; ".join(f"{k} {v}" for k, v in made.items()))
            if name == "large":
                server.admin("CREATE DATABASE pushed")
                t = Timing()
                timed([*AMTUI, "--db", str(book.sqlite), "book", "push", server.url("pushed")], t)
                rows.append(["large: `book push` into an empty database", "", t.cell(), "—"])
            bench_book(book, runs, rows)
    finally:
        server.stop(remove=a.keep is None)
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n{os.uname().nodename} · {os.cpu_count()} cores · Python {sys.version.split()[0]} · {runs} runs")
    print(f"total {time.perf_counter() - started:.0f} s\n")
    print("| measure | SQLite file | PostgreSQL | target (issue 21) |")
    print("| --- | --- | --- | --- |")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print()
    for n in notes:
        print(f"- {n}")


if __name__ == "__main__":
    main()
