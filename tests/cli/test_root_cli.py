from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TODAY, Cli, connect, dump

SRC = Path(__file__).resolve().parents[2] / "src"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    e = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "amtui", *args], capture_output=True, text=True, env=e, timeout=60
    )


def test_help_lists_every_command() -> None:
    r = run("--help")
    assert r.returncode == 0
    for cmd in ("account", "contact", "log", "project", "paths", "demo"):
        assert cmd in r.stdout


def test_paths_follow_db_option_and_env(tmp_path: Path) -> None:
    r = run("paths", "--json", env={"AMTUI_DB": str(tmp_path / "env.db")})
    assert json.loads(r.stdout)["database"] == str(tmp_path / "env.db")
    r = run("--db", str(tmp_path / "opt.db"), "paths", "--json", env={"AMTUI_DB": str(tmp_path / "env.db")})
    data = json.loads(r.stdout)
    assert data["database"] == str(tmp_path / "opt.db")
    assert data["backups"] == str(tmp_path / "backups")


def test_default_path_is_the_user_data_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "AMTUI_DB"}
    env.update(PYTHONPATH=str(SRC), XDG_DATA_HOME=str(tmp_path / "xdg"))
    r = subprocess.run(
        [sys.executable, "-m", "amtui", "paths", "--json"], capture_output=True, text=True, env=env
    )
    assert json.loads(r.stdout)["database"] == str(tmp_path / "xdg" / "amtui" / "amtui.db")


def test_domain_error_in_a_real_process_is_one_line(tmp_path: Path) -> None:
    r = run("--db", str(tmp_path / "x.db"), "account", "show", "nope")
    assert r.returncode == 1
    assert r.stderr.strip() == "amtui: no account 'nope'"
    r = run("--db", str(tmp_path / "x.db"), "project", "add", "a/b", "B", "--budget", "4.500,00")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_newer_database_is_refused_cleanly(cli: Cli) -> None:

    cli.ok("account", "add", "Acme")
    con = connect(cli.db)
    con.execute("INSERT INTO alembic_version VALUES ('zz99')")
    con.commit()
    con.close()
    before = dump(cli.db)
    r = cli("account", "list")
    assert r.code == 1 and "newer amtui" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert dump(cli.db) == before


def test_demo_writes_a_realistic_book(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    r = run("demo", "--db", str(path), "--no-open")
    assert r.returncode == 0, r.stderr
    assert "4 accounts" in r.stdout
    cli = Cli(path)
    accounts = json.loads(cli.ok("account", "list", "--json"))
    assert {a["slug"] for a in accounts} == {"helios", "northwind", "quokka", "bramble"}
    projects = json.loads(cli.ok("project", "list", "--json"))
    assert {p["billing"] for p in projects} == {"fixed", "tm", "retainer"}
    nw = json.loads(cli.ok("account", "show", "northwind", "--json"))
    assert nw["primary_left"] == "Dana Ruiz"  # the director left; nobody replaced her yet
    helios = json.loads(cli.ok("account", "show", "helios", "--json"))
    assert [p["contact"] for p in helios["primary_history"]] == ["Marcus Bell", "Irene Vasquez"]
    r = run("demo", "--db", str(path), "--no-open")
    assert r.returncode == 1 and "--force" in r.stderr


def test_demo_is_dated_from_today(demo_cli: Cli) -> None:
    quokka = json.loads(demo_cli.ok("account", "show", "quokka", "--json"))["summary"]
    assert (quokka["renewal_on"], quokka["last_contact_on"]) == ("2027-01-08", "2026-11-22")
    assert TODAY.isoformat() == "2026-11-28"


def test_a_group_alone_prints_its_help(cli: Cli) -> None:
    r = cli("account")
    assert r.code == 0 and r.stderr == ""
    assert "Commands:" in r.stdout and "add" in r.stdout and "archive" in r.stdout


@pytest.mark.sqlite_only("SQLite's write-ahead log file beside the book")
def test_a_one_liner_leaves_no_wal_behind(cli: Cli) -> None:
    """The engine is disposed when the command ends: SQLite checkpoints, so a file copy is complete."""
    cli.ok("account", "add", "Acme", "--slug", "acme")
    wal = cli.db.with_name(cli.db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
