"""The lists that shape the PostgreSQL run stay honest: each pending test exists, each sqlite_only has why."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import _pg_pending

ROOT = Path(__file__).resolve().parent.parent


def test_every_pending_line_names_a_test_that_exists() -> None:
    for nodeid in sorted(_pg_pending()):
        path, _, name = nodeid.partition("::")
        source = (ROOT / path).read_text(encoding="utf-8") if (ROOT / path).exists() else ""
        assert re.search(rf"def {re.escape(name)}\(", source), f"tests/pg_pending.txt: no test {nodeid}"


def test_every_sqlite_only_marker_gives_its_reason() -> None:
    for path in (ROOT / "tests").rglob("test_*.py"):
        for m in re.finditer(r"sqlite_only\(([^)]*)\)", path.read_text(encoding="utf-8")):
            assert m.group(1).strip().strip("\"'"), f"{path.name}: sqlite_only without its reason"
