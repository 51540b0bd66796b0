"""What shapes the PostgreSQL run stays honest: each sqlite_only says why, and no list of known failures
comes back (a test fails on PostgreSQL as it would on SQLite)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_test_is_expected_to_fail_on_postgresql() -> None:
    assert not (ROOT / "tests" / "pg_pending.txt").exists()
    assert "xfail" not in (ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")


def test_every_sqlite_only_marker_gives_its_reason() -> None:
    for path in (ROOT / "tests").rglob("test_*.py"):
        for m in re.finditer(r"sqlite_only\(([^)]*)\)", path.read_text(encoding="utf-8")):
            assert m.group(1).strip().strip("\"'"), f"{path.name}: sqlite_only without its reason"
