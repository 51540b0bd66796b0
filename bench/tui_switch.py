"""Screen switches in a real terminal: key press → the new screen showing its data, first visit and return.

Runs amtui in a detached tmux pane (120x40) like ``shared/bench/tui_ready.py``, polls ``capture-pane`` every
5 ms, and for each screen key times how long until that screen's marker is on screen. It then revisits
every screen (kept screens: the return trip), reads the process's peak memory (VmHWM) and the app's own
lag probe (``AMTUI_LAG_FILE``: the longest the UI thread went without running a 20 ms timer).

usage: python bench/tui_switch.py [-n RUNS] DB [-- COMMAND...]   (default command: python -m amtui --db DB)
       python bench/tui_switch.py --floor [-n RUNS]   (the method's floor: a bare Textual app's switches)
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

# (key, screen, marker that only that screen shows once its data is in)
SCREENS = (
    ("a", "Accounts", r"Accounts · [\d,]+(–[\d,]+)? of [\d,]+"),
    ("b", "Budget", r"Budget · \d+ projects"),
    ("c", "Change orders", r"Change orders · [\d,]+(–[\d,]+)? of [\d,]+"),
    ("r", "Briefs", r"Briefs — .*\n(?s:.*)(No briefs yet|v\d+)"),
    ("l", "Timeline", r"of \d+ milestones|\d+ milestones ·|No milestones"),
    ("p", "Performance", r"Performance · \d{4}-\d\d-\d\d.*\n(?s:.*)(client|No |\$)"),
    ("o", "Pipeline", r"Pipeline · .* of [\d,]+"),
    ("e", "Escalations", r"Escalations · \w+ · [\d,]+(–[\d,]+)? of [\d,]+ shown"),
    ("I", "Invoices", r"Invoices · [\d,]+(–[\d,]+)? of [\d,]+"),
    ("t", "Today", r"things? need"),
)
# A marker missing for this long means the screen's text changed: say so instead of waiting 30 s per visit.
MARKER_TIMEOUT = 8.0
READY = r"things? need|Nothing needs you"


def pane(name: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True).stdout


def wait_for(name: str, marker: str, t0: float, timeout: float = 30.0) -> float | None:
    pat = re.compile(marker)
    while time.perf_counter() - t0 < timeout:
        if pat.search(pane(name)):
            return (time.perf_counter() - t0) * 1000
        time.sleep(0.005)
    return None


def peak_rss_mib(name: str) -> float | None:
    pid = subprocess.run(
        ["tmux", "display", "-p", "-t", name, "#{pane_pid}"], capture_output=True, text=True
    ).stdout.strip()
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    m = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(m.group(1)) / 1024 if m else None


def session(cmd: list[str], lag_file: Path, pause: float = 1.0) -> dict[str, object]:
    name = "switch-" + uuid.uuid4().hex[:8]
    shell = f"env TERM=xterm-256color AMTUI_LAG_FILE={shlex.quote(str(lag_file))} {shlex.join(cmd)}"
    t0 = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40", shell], check=True)
    try:
        ready = wait_for(name, READY, t0)
        if ready is None:
            raise SystemExit("the first screen never showed; last screen:\n" + pane(name))
        time.sleep(pause)  # a person reading Today before the first key
        first: dict[str, float | None] = {}
        again: dict[str, float | None] = {}
        for visits in (first, again):
            for key, screen, marker in SCREENS:
                t = time.perf_counter()
                subprocess.run(["tmux", "send-keys", "-t", name, key], check=True)
                visits[screen] = wait_for(name, marker, t, MARKER_TIMEOUT)
                if visits[screen] is None:
                    print(f"  ! {screen}: marker {marker!r} not seen; screen:\n{pane(name)}", file=sys.stderr)
                time.sleep(0.3)
        return {
            "ready": ready,
            "first": first,
            "again": again,
            "rss": peak_rss_mib(name),
            "lag": json.loads(lag_file.read_text()) if lag_file.exists() else None,
        }
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def floor(runs: int) -> dict[str, float | None]:
    """Median key press → text for a bare two-screen Textual app (bench/bare_app.py): first visit, return."""
    name = "switch-floor-" + uuid.uuid4().hex[:8]
    app = Path(__file__).with_name("bare_app.py")
    shell = f"env TERM=xterm-256color {shlex.join([sys.executable, str(app)])}"
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40", shell], check=True)
    first: list[float | None] = []
    again: list[float | None] = []
    try:
        if wait_for(name, "bare alpha", time.perf_counter()) is None:
            raise SystemExit("the bare app never showed")
        time.sleep(0.5)
        for i in range(runs * 2 + 1):
            for key, marker in (("b", "bare beta"), ("a", "bare alpha")):
                t = time.perf_counter()
                subprocess.run(["tmux", "send-keys", "-t", name, key], check=True)
                took = wait_for(name, marker, t, MARKER_TIMEOUT)
                (first if i == 0 and key == "b" else again).append(took)
                time.sleep(0.3)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    got = [v for v in again if v is not None]
    return {"first_ms": first[0], "again_ms": statistics.median(got) if got else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--pause", type=float, default=1.0, help="seconds on Today before the first key (1.0)")
    ap.add_argument("--floor", action="store_true", help="time a bare Textual app's switches instead")
    ap.add_argument("db", type=Path, nargs="?")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    if a.floor:
        result_floor = floor(a.n)
        print(json.dumps(result_floor) if a.json else f"bare Textual switch: {result_floor}")
        return
    if a.db is None:
        ap.error("DB is required unless --floor")
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    cmd = cmd or [sys.executable, "-m", "amtui", "--db", str(a.db)]
    runs = []
    # A session that outlives the measured ones: killing the last session stops the tmux server, and the next
    # new-session can race its shutdown ("server exited unexpectedly").
    keeper = "switch-keeper-" + uuid.uuid4().hex[:8]
    subprocess.run(["tmux", "new-session", "-d", "-s", keeper, "sleep 3600"], check=True)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            session(cmd, Path(tmp) / "warm.json")  # warm-up: page cache, .pyc files
            for i in range(a.n):
                runs.append(session(cmd, Path(tmp) / f"lag{i}.json", a.pause))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keeper], capture_output=True)

    def med(values: list[float | None]) -> float | None:
        got = [v for v in values if v is not None]
        return statistics.median(got) if len(got) == len(values) else None

    result = {
        "first_screen_ms": med([r["ready"] for r in runs]),  # type: ignore[misc]
        "switch_first_ms": {s: med([r["first"][s] for r in runs]) for _, s, _ in SCREENS},  # type: ignore[index]
        "switch_again_ms": {s: med([r["again"][s] for r in runs]) for _, s, _ in SCREENS},  # type: ignore[index]
        "peak_rss_mib": max((r["rss"] or 0) for r in runs),  # type: ignore[type-var]
        "worst_ui_gap_ms": max((r["lag"] or {}).get("worst_ms", 0) for r in runs),  # type: ignore[union-attr]
        "freezes_over_100ms": sum((r["lag"] or {}).get("freezes_over_100ms", 0) for r in runs),  # type: ignore[union-attr,misc]
    }
    if a.json:
        print(json.dumps(result))
        return
    print(f"first screen with data   {result['first_screen_ms']:.0f} ms")
    for _, s, _ in SCREENS:
        f, g = result["switch_first_ms"][s], result["switch_again_ms"][s]  # type: ignore[index]
        first, again = ("n/a" if v is None else f"{v:.0f}" for v in (f, g))
        print(f"switch to {s:<15} first {first:>6} ms   again {again:>6} ms")
    print(f"peak memory              {result['peak_rss_mib']:.0f} MiB")
    gap, freezes = result["worst_ui_gap_ms"], result["freezes_over_100ms"]
    print(f"worst UI-thread gap      {gap} ms ({freezes} over 100 ms)")


if __name__ == "__main__":
    main()
