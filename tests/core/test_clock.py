"""The one clock: ``AMTUI_TODAY`` sets the day everywhere, a bad value is refused, nothing else reads it."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from amtui.core import clock
from amtui.core.errors import InputError
from tests.conftest import TODAY, dump

SRC = Path(__file__).resolve().parents[2] / "src" / "amtui"
FAR_FUTURE = "2031-07-15 09:30:00"
#: One-liners whose output depends on today: money as of today, lateness, ages, the agenda's week.
DATED = [
    ("budget",),
    ("reconcile",),
    ("scope",),
    ("invoice", "list"),
    ("milestone", "list", "--overdue"),
    ("escalation", "list"),
    ("health",),
    ("co", "list"),
    ("report", "status", "helios", "--week"),
]


def test_amtui_today_sets_the_day_and_the_stamps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMTUI_TODAY", "2030-02-28")
    assert clock.today() == date(2030, 2, 28)
    assert clock.utc_now().date() == date(2030, 2, 28)
    assert clock.local_now().date() == date(2030, 2, 28)
    monkeypatch.delenv("AMTUI_TODAY")
    assert clock.pinned() is None
    assert clock.today() == date.today()  # the one place a test reads the system date


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "28/11/2026"])
def test_a_bad_amtui_today_is_refused_in_one_line(bad: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMTUI_TODAY", bad)
    with pytest.raises(InputError, match="AMTUI_TODAY"):
        clock.today()


def run(
    db: Path, *args: str, env: dict[str, str], faketime: str | None = None
) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "amtui", "--db", str(db), *args]
    if faketime:
        cmd = ["faketime", faketime, *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)


def test_a_bad_amtui_today_exits_2_before_touching_the_book(demo_path: Path) -> None:
    before = dump(demo_path)
    env = {**os.environ, "AMTUI_TODAY": "next week"}
    for args in (("budget",), ("log", "helios", "Called about the bid plan")):
        r = run(demo_path, *args, env=env)
        assert r.returncode == 2, r.stderr
        assert r.stderr.strip().splitlines() == [
            "amtui: AMTUI_TODAY='next week' is not a date: use YYYY-MM-DD"
        ]
        assert "Traceback" not in r.stderr
    assert dump(demo_path) == before


def _faketime() -> str:
    found = shutil.which("faketime")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("faketime is missing: .ci/run installs it")
        pytest.skip("faketime is not installed (apt-get install faketime)")
    return found


def test_one_liners_do_not_change_when_the_system_date_moves_years_ahead(demo_path: Path) -> None:
    _faketime()
    env = {**os.environ, "AMTUI_TODAY": TODAY.isoformat()}
    for args in DATED:
        now = run(demo_path, *args, env=env)
        later = run(demo_path, *args, env=env, faketime=FAR_FUTURE)
        assert now.returncode == later.returncode == 0, (args, now.stderr, later.stderr)
        assert now.stdout == later.stdout, args
    # …and a write under the pinned clock is dated on the pinned day, whatever the system says.
    r = run(demo_path, "log", "helios", "Called about the bid plan", env=env, faketime=FAR_FUTURE)
    assert r.returncode == 0, r.stderr
    log = run(demo_path, "log", "list", "helios", "--json", env=env).stdout
    assert f'"occurred_on": "{TODAY.isoformat()}"' in log and "2031-" not in log


def test_faketime_really_moves_the_system_date_when_nothing_pins_it(demo_path: Path) -> None:
    """The check above could pass with a faketime that does nothing; this one cannot."""
    _faketime()
    env = {k: v for k, v in os.environ.items() if k != "AMTUI_TODAY"}
    now = run(demo_path, "milestone", "list", "--overdue", env={**env, "AMTUI_TODAY": TODAY.isoformat()})
    later = run(demo_path, "milestone", "list", "--overdue", env=env, faketime=FAR_FUTURE)
    assert later.returncode == 0, later.stderr
    assert now.stdout != later.stdout


def test_nothing_but_the_clock_reads_the_system_date() -> None:
    """``date.today()`` and ``datetime.now()``/``today()``/``utcnow()`` are called in clock.py only."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path == SRC / "core" / "clock.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and (node.func.value.id, node.func.attr)
                in {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow")}
            ):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []
