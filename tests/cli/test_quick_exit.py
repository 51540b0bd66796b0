"""A one-liner ends without the interpreter's teardown (amtui.launch.quick_exit) and loses nothing by it:
its output is all there, its exit code is right, and the book was committed and closed before it left."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def amtui(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "amtui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "HOME": str(db.parent), "XDG_CONFIG_HOME": str(db.parent / "cfg")},
    )


def test_writes_commit_close_and_answer_before_the_process_ends(tmp_path: Path) -> None:
    db = tmp_path / "book.db"
    for n in range(12):
        r = amtui(db, "account", "add", f"Client {n:02d}")
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith(f"Added account client-{n:02d}")
    # The engine closed before exit: SQLite checkpointed the write-ahead log and removed it.
    assert not (tmp_path / "book.db-wal").exists()
    listed = amtui(db, "account", "list", "--json")
    assert listed.returncode == 0
    rows = json.loads(listed.stdout)  # the whole document arrived, not a truncated buffer
    assert [r["slug"] for r in rows] == [f"client-{n:02d}" for n in range(12)]


def test_refusals_keep_their_exit_codes_and_their_one_line(tmp_path: Path) -> None:
    db = tmp_path / "book.db"
    assert amtui(db, "account", "add", "Acme").returncode == 0
    usage = amtui(db, "time", "acme/site", "not-hours")
    assert usage.returncode == 2 and len(usage.stderr.strip().splitlines()) == 1
    missing = amtui(db, "budget", "nobody")
    assert missing.returncode == 1 and missing.stderr.strip() == (
        "amtui: no account or project 'nobody' (no project 'nobody' in any account); "
        "reference a project as account/project"
    )
    unknown = amtui(db, "no-such-command")
    assert unknown.returncode == 2 and "No such command" in unknown.stderr
    assert amtui(db, "--version").stdout.strip().startswith("amtui ")
