"""Shared fixtures. Every test runs away from the user's real data and config folders."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from amtui.cli.main import app
from amtui.store import Store, open_store

# Property tests assert behaviour, never speed (that is `make bench`): no per-example deadline, so a loaded
# machine cannot fail them.
settings.register_profile("amtui", deadline=None)
settings.load_profile("amtui")

TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("AMTUI_CONFIG", str(home / "config" / "amtui" / "config.toml"))
    monkeypatch.setenv("AMTUI_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("AMTUI_TODAY", TODAY.isoformat())  # the one clock, pinned: no test reads the calendar
    from amtui.core import config

    config._load.cache_clear()


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty book at the current schema, migrated once per session (migrating costs ~0.3 s a file)."""
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    open_store(path).close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, _empty_template: Path) -> Path:
    """A private, empty book at the current schema (a copy of the session's template)."""
    dest = tmp_path / "book.db"
    shutil.copyfile(_empty_template, dest)
    dest.chmod(0o600)
    return dest


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from amtui.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    # A session fixture runs before the per-test pin below: pin the clock here too, so the stamps the demo
    # writes (created_at …) fall on TODAY whatever the calendar says.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AMTUI_TODAY", TODAY.isoformat())
        build_demo(path, today=TODAY, follow_ups=False)  # the tests add and number their own T-n
    return path


@pytest.fixture
def demo_path(_demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo book (built once per session, dated 2026-11-28)."""
    dest = tmp_path / "demo.db"
    shutil.copyfile(_demo_template, dest)
    dest.chmod(0o600)
    return dest


@pytest.fixture
def demo_store(demo_path: Path) -> Iterator[Store]:
    s = open_store(demo_path)
    yield s
    s.close()


def dump(path: Path) -> str:
    """The whole database as SQL text: equal dumps mean nothing changed."""
    con = sqlite3.connect(path)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str


@dataclass
class Cli:
    db: Path

    def __call__(self, *args: str) -> Ran:
        result = CliRunner().invoke(app, ["--db", str(self.db), *args])
        return Ran(result.exit_code, result.stdout, result.stderr)

    def ok(self, *args: str) -> str:
        r = self(*args)
        assert r.code == 0, f"{args} exited {r.code}: {r.stderr}"
        return r.stdout


@pytest.fixture
def cli(db_path: Path) -> Cli:
    return Cli(db_path)


@pytest.fixture
def demo_cli(demo_path: Path) -> Cli:
    return Cli(demo_path)


def assert_refused(cli: Cli, args: tuple[str, ...], code: int, fragment: str | None = None) -> None:
    """Bad input: one line on stderr, the exit code, no traceback, and the database exactly as it was."""
    cli.db.exists() or cli("account", "list")  # make sure the file exists to compare
    from tests.hardening.hostile import record

    record("refused", tuple(_TMP.sub("{tmp}/", a) for a in args))  # counted once, whichever test's folder
    before = dump(cli.db)
    r = cli(*args)
    after = dump(cli.db)
    assert r.code == code, f"{args}: exit {r.code} (wanted {code}); stderr={r.stderr!r}"
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, f"{args}: stderr should be one line, got {r.stderr!r}"
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    if fragment:
        assert fragment.lower() in r.stderr.lower(), f"{args}: {fragment!r} not in {r.stderr!r}"
    assert before == after, f"{args}: the database changed"


def dump_data(path: Path) -> str:
    """The dump without the history tables: what undo must restore exactly (history itself grows)."""
    return "\n".join(
        line
        for line in dump(path).splitlines()
        if not line.startswith(('INSERT INTO "audit_', "INSERT INTO audit_"))
    )


def write_config(text: str) -> Path:
    """Write the (isolated) config file and forget the cached settings, so the next command reads it."""
    from amtui.core import config

    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    config._load.cache_clear()
    return path


@pytest.fixture
def seven_day_week() -> None:
    """Every day a working day and no holidays: tests of the dependency rules alone count calendar days."""
    write_config('[calendar]\nworking_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n')


_TMP = re.compile(r"/\S*?/pytest-\d+/[^/]+/")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The hostile-input count (tests/hardening/test_zz_hostile_count.py) runs after everything else."""
    items.sort(key=lambda item: item.path.name == "test_zz_hostile_count.py")


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Each process saves the hostile inputs it exercised; the controller of a multi-worker run adds them up
    and holds the count to tests/hardening/hostile.MINIMUM when every family of them ran."""
    import os

    from tests.hardening import hostile

    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None:
        return
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        hostile.save(base.parent)
        return
    if not session.config.pluginmanager.hasplugin("dsession"):
        return  # one process: tests/hardening/test_zz_hostile_count.py asserted it
    cases = hostile.load(base)
    counts = hostile.by_kind(cases)
    if not cases:
        return
    families = {"cli-fuzz", "import-file", "refused", "restore", "book", "config", "export"}
    tr = session.config.pluginmanager.get_plugin("terminalreporter")
    if tr is not None:
        tr.write_line(f"distinct hostile inputs exercised: {len(cases)} {counts}")
    if families <= set(counts) and not session.config.option.keyword and len(cases) < hostile.MINIMUM:
        if tr is not None:
            tr.write_line(f"FAILED: fewer than {hostile.MINIMUM} distinct hostile inputs", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
