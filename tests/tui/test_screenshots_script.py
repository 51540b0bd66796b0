"""``scripts/screenshots.py`` takes every screenshot on the tests' day, whatever the calendar says."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from amtui.core import clock
from tests.conftest import TODAY

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshots.py"


def _load() -> Any:
    spec = importlib.util.spec_from_file_location("amtui_screenshots_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_screenshots_are_taken_on_the_tests_day(monkeypatch: pytest.MonkeyPatch) -> None:
    script = _load()
    monkeypatch.delenv(clock.ENV, raising=False)  # as a user runs it: no day pinned
    seen: list[date] = []

    def build_demo(path: Path) -> None:  # the demo's dates count back from the day it is built on
        seen.append(clock.today())

    async def shoot(db: Path, name: str, keys: list[str]) -> Path:
        seen.append(clock.today())
        return db

    monkeypatch.setattr(script, "build_demo", build_demo)
    monkeypatch.setattr(script, "shoot", shoot)
    monkeypatch.setattr(sys, "argv", ["screenshots.py", "today"])
    script.main()
    assert seen == [TODAY, TODAY]
    assert script.DAY == TODAY.isoformat()
