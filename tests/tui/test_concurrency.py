"""With the TUI open, 200 one-liner writes from another process all succeed and the last shows within 2 s."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from amtui.store import Store
from tests.conftest import TODAY
from tests.tui.helpers import make_app, table, until

SRC = Path(__file__).resolve().parents[2] / "src"

WRITER = """
import sys
import typer
from amtui.cli.main import app
db, n, early, last = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
cmd = typer.main.get_command(app)
failed = 0
for i in range(n):
    on = last if i == n - 1 else early
    failed += cmd.main(["--db", db, "log", "bramble", f"write {i}", "--date", on], standalone_mode=False) != 0
print(failed, file=sys.stderr)
"""


async def test_200_writes_while_the_tui_is_open_all_land_and_the_last_shows_within_2s(
    demo_store: Store,
) -> None:
    app = make_app(demo_store, poll=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("a")
        await until(pilot, lambda: table(app, "#accounts").row_count == 4)
        assert str(table(app, "#accounts").get_row("bramble")[8]) == "16d ago"
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(demo_store.path), "200",
             (TODAY - timedelta(days=3)).isoformat(), TODAY.isoformat()],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(SRC)},
        )  # fmt: skip
        while proc.poll() is None:  # the TUI keeps polling and reloading while the writes land
            await pilot.pause(0.2)
        done = time.monotonic()
        _, err = proc.communicate()
        assert err.strip().splitlines()[-1] == "0", err
        assert "locked" not in err
        await until(pilot, lambda: str(table(app, "#accounts").get_row("bramble")[8]) == "today", timeout=2.0)
        assert time.monotonic() - done < 2.0
    with demo_store.read() as s:
        from sqlalchemy import text

        n = s.execute(text("SELECT count(*) FROM interaction WHERE summary LIKE 'write %'")).scalar_one()
    assert n == 200
    await asyncio.sleep(0)
