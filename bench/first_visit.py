"""CPU and wall time of one screen's first visit, in process: the real app, headless, on a book file.

Opens the app (Pilot, 120x40) at Today, waits for Today's rows (and, with ``--settled``, for the read-ahead
to finish; else ``--pause`` seconds, as a person reading Today), presses the screen's key and times until
the screen shows its data (the same markers as ``tui_switch.py``) and until it has painted. CPU is given
for the whole process (every thread) and for the UI thread alone, which a loaded machine inflates least.
``--profile ui`` or ``--profile workers`` prints cProfile's top functions from the key to the paint.

usage: python bench/first_visit.py [-n RUNS] [--settled | --pause S] [--profile ui|workers] DB KEY
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import pstats
import re
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

MARKERS = {
    "a": r"Accounts · [\d,]+(–[\d,]+)? of [\d,]+",
    "b": r"Budget · \d+ projects",
    "c": r"Change orders · [\d,]+(–[\d,]+)? of [\d,]+",
    "l": r"of \d+ milestones|\d+ milestones ·|No milestones",
    "p": r"Performance · \d{4}-\d\d-\d\d",
    "o": r"Pipeline · .* of [\d,]+",
    "e": r"Escalations · \w+ · [\d,]+(–[\d,]+)? of [\d,]+ shown",
    "I": r"Invoices · [\d,]+(–[\d,]+)? of [\d,]+",
    "r": r"Briefs — ",
}


def ui_cpu(ident: int) -> float:
    return time.clock_gettime(time.pthread_getcpuclockid(ident))


#: What ``--spans`` times on the UI thread (thread CPU, outermost calls only), as module:qualname.
SPANS = (
    "textual._compositor:Compositor.render_update",
    "textual._compositor:Compositor.reflow",
    "textual.widgets._data_table:DataTable._update_dimensions",
    "textual.widgets._data_table:DataTable.add_row",
    "textual.widgets._data_table:DataTable.clear",
    "textual.css.stylesheet:Stylesheet.parse",
    "textual.css.stylesheet:Stylesheet.apply",
    "textual.widget:Widget._compose",
    "textual.app:App._register",
    "amtui.tui.screens.timeline:TimelineScreen.show",
    "amtui.tui.screens.timeline:TimelineScreen._add_page",
    "amtui.tui.screens.accounts:AccountsScreen._add_row",
    "amtui.tui.widgets.paged_table:PagedTable.refill",
    "amtui.tui.widgets.paged_table:PagedTable._show_page",
    "amtui.tui.widgets.key_bar:KeyBar._update_keys",
)


TRACE = {"Compositor.render_update", "DataTable._update_dimensions", "Compositor.reflow"}
trace: list[tuple[float, str, float, str]] = []


def install_spans(main: int) -> dict[str, list[float]]:
    """Wrap each of SPANS to add up its UI-thread CPU time and calls (a nested call counts once)."""
    import functools
    import importlib

    totals: dict[str, list[float]] = {}
    depth = {"n": 0}
    for spec in SPANS:
        module, qual = spec.split(":")
        cls_name, fn_name = qual.split(".")
        try:
            cls = getattr(importlib.import_module(module), cls_name)
        except (ImportError, AttributeError):
            continue
        original = getattr(cls, fn_name)
        totals[qual] = [0.0, 0]

        def wrapper(*args: Any, _o: Any = original, _q: str = qual, **kwargs: Any) -> Any:
            if threading.get_ident() != main:
                return _o(*args, **kwargs)
            t, w = time.thread_time(), time.perf_counter()
            try:
                return _o(*args, **kwargs)
            finally:
                totals[_q][0] += time.thread_time() - t
                totals[_q][1] += 1
                if _q in TRACE:
                    trace.append((w, _q, (time.thread_time() - t) * 1000, repr(args[1:2])[:40]))

        if asyncio.iscoroutinefunction(original):

            async def awrapper(*args: Any, _o: Any = original, _q: str = qual, **kwargs: Any) -> Any:
                t = time.thread_time()
                try:
                    return await _o(*args, **kwargs)
                finally:
                    totals[_q][0] += time.thread_time() - t
                    totals[_q][1] += 1

            setattr(cls, fn_name, functools.wraps(original)(awrapper))
        else:
            setattr(cls, fn_name, functools.wraps(original)(wrapper))
    del depth
    return totals


def screen_text(app: Any) -> str:
    from textual.widgets import Static

    return "\n".join(str(s.render()) for s in app.screen.query(Static))


async def drive(db: Path, key: str, a: argparse.Namespace) -> dict[str, float]:
    from textual import events

    from amtui.tui.app import AmApp

    app = AmApp(path=db, today=date.fromisoformat(a.today), poll=False)
    app.freeze_gc = not a.test_app  # a real session, as run_tui_at makes it
    marker = re.compile(MARKERS[key])
    main = threading.get_ident()
    profiles: list[cProfile.Profile] = []
    async with app.run_test(size=(120, 40)) as pilot:
        # Today's fresh read (not last session's snapshot) is what starts the read-ahead; ``--early`` waits
        # for the first rows only, as tui_switch.py does (then the fresh read and the read-ahead still run).
        while not (
            getattr(app.screen, "_fresh", False)
            or (a.early and app.screen.query("#today") and app.screen.query_one("#today").row_count)
        ):
            await pilot.pause(0.01)
        if a.settled:
            day = app.today
            while app.reads.peek(("account_scores", day)) is None or any(
                w.group == "prewarm" and not w.is_finished for w in app.workers
            ):
                await pilot.pause(0.02)
            await pilot.pause(0.3)
        else:
            await pilot.pause(a.pause)
        if a.profile == "workers":

            def start(*_: Any) -> None:
                p = cProfile.Profile()
                profiles.append(p)
                sys.setprofile(None)
                p.enable()

            threading.setprofile(start)
        elif a.profile == "ui":
            profiles.append(cProfile.Profile())
            profiles[0].enable()
        spans = install_spans(main) if a.spans else {}
        cpu0, ui0, t0 = time.process_time(), ui_cpu(main), time.perf_counter()
        event = events.Key(key, key)  # not pilot.press: it waits for the process to go idle
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]
        while not marker.search(screen_text(app)):
            await asyncio.sleep(0.002)
        marked = (time.perf_counter() - t0, time.process_time() - cpu0, ui_cpu(main) - ui0)
        painted_now = asyncio.get_running_loop().create_future()
        app.screen.call_after_refresh(lambda: painted_now.set_result(None))
        await painted_now  # the paint that shows it
        painted = (time.perf_counter() - t0, time.process_time() - cpu0, ui_cpu(main) - ui0)
        await asyncio.sleep(a.tail)  # what follows (scores, the load strip …)
        done = (time.perf_counter() - t0, time.process_time() - cpu0, ui_cpu(main) - ui0)
        threading.setprofile(None)  # type: ignore[arg-type]
        for p in profiles:
            p.disable()
    for w, qual, ms, arg in trace:
        print(f"  at {(w - t0) * 1000:6.1f} ms  {qual:<32} {ms:5.1f} ms  {arg}")
    for qual, (cpu, calls) in spans.items():
        if calls:
            print(f"  {qual:<40} {cpu * 1000:6.1f} ms UI CPU in {calls:.0f} calls")
    if profiles:
        out = io.StringIO()
        stats = pstats.Stats(profiles[0], stream=out)
        for p in profiles[1:]:
            stats.add(p)
        stats.sort_stats(a.sort).print_stats(a.top)
        print(out.getvalue())
    names = ("marker", "painted", f"+{a.tail:g}s")
    return {
        f"{n} {what}": v * 1000
        for n, triple in zip(names, (marked, painted, done), strict=True)
        for what, v in zip(("wall", "cpu", "ui cpu"), triple, strict=True)
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=1, help="runs, each in a new process")
    ap.add_argument("--settled", action="store_true", help="wait for the read-ahead to finish first")
    ap.add_argument("--early", action="store_true", help="count --pause from Today's first rows (snapshot)")
    ap.add_argument("--test-app", action="store_true", help="as tests run it: no real-session settings")
    ap.add_argument("--switch", type=float, help="sys.setswitchinterval(SECONDS) first")
    ap.add_argument("--pause", type=float, default=1.0, help="seconds on Today before the key (1.0)")
    ap.add_argument("--tail", type=float, default=1.0, help="seconds measured after the paint (1.0)")
    ap.add_argument("--today", default="2026-12-07")
    ap.add_argument("--profile", choices=("ui", "workers"))
    ap.add_argument("--spans", action="store_true", help="UI-thread CPU of the functions in SPANS")
    ap.add_argument("--sort", default="cumulative")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("db", type=Path)
    ap.add_argument("key", choices=sorted(MARKERS))
    a = ap.parse_args()
    if a.n > 1:
        runs: list[dict[str, float]] = []
        argv = [x for x in sys.argv[1:] if x != f"-n{a.n}"]
        if "-n" in argv:
            i = argv.index("-n")
            del argv[i : i + 2]
        for _ in range(a.n):
            out = subprocess.run([sys.executable, __file__, "--json", *argv], capture_output=True, text=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        for k in runs[0]:
            values = [r[k] for r in runs]
            each = ", ".join(f"{v:.0f}" for v in values)
            print(f"{k:<22} median {statistics.median(values):7.0f} ms   runs {each}")
        return
    if a.switch:
        sys.setswitchinterval(a.switch)
    result = asyncio.run(drive(a.db, a.key, a))
    if a.json:
        print(json.dumps(result))
        return
    for k, v in result.items():
        print(f"{k:<22} {v:7.0f} ms")


if __name__ == "__main__":
    main()
