"""Launch speed by construction: the first paint needs neither Typer nor the database layer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from amtui.launch import bare_tui_args
from amtui.services.clients.accounts import log_interaction
from amtui.store import Store, unit_of_work
from amtui.tui import snapshot
from tests.conftest import TODAY
from tests.test_import_hygiene import modules_after


def test_the_tui_modules_import_without_sqlalchemy_or_typer() -> None:
    mods = modules_after(
        "import amtui.launch, amtui.tui.app, amtui.tui.screens.today, amtui.tui.screens.base"
    )
    assert "textual" in mods
    assert not {"sqlalchemy", "sqlmodel", "pydantic", "typer", "alembic"} & mods


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (True, None)),
        (["--db", "x.db"], (True, "x.db")),
        (["--db=x.db"], (True, "x.db")),
        (["--db", "x.db", "account", "list"], (False, None)),
        (["--help"], (False, None)),
        (["--db", "--help"], (False, None)),
        (["log", "acme", "hi"], (False, None)),
    ],
)
def test_only_a_bare_launch_skips_the_cli(argv: list[str], expected: tuple[bool, str | None]) -> None:
    assert bare_tui_args(argv) == expected


def test_the_today_snapshot_is_used_only_while_the_book_is_unchanged(demo_store: Store) -> None:
    path: Path = demo_store.path
    items = [{"severity": "low", "title": "x"}]
    snapshot.save(path, TODAY, snapshot.fingerprint(path), items)
    assert snapshot.snapshot_path(path).stat().st_mode & 0o077 == 0
    assert snapshot.load(path, TODAY) == items
    assert snapshot.load(path, date(2026, 11, 29)) is None  # another day
    with unit_of_work(demo_store, "test") as uow:
        log_interaction(uow, "helios", "call", on=TODAY)
    assert snapshot.load(path, TODAY) is None  # written since
