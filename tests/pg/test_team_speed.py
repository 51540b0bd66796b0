"""The team book's fast paths keep its meaning: read one-liners on a plain psycopg connection (no SQLAlchemy
import), ``COPY`` for big tables in ``book push`` (all or nothing, the same book), row-level security checked
per statement (migration 0813) with the same answers, and an older team database still upgraded first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.conftest import TODAY
from tests.pg.test_access import as_role, count
from tests.pg.test_book_moves import _export
from tests.pg.test_team_book import ok, run, snapshot


def test_a_read_one_liner_on_a_team_database_does_not_load_sqlalchemy(pg_demo_url: str) -> None:
    env = {**os.environ, "AMTUI_TODAY": TODAY.isoformat()}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "amtui", "--db", pg_demo_url, "budget", "helios"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "helios/" in done.stdout
    imported = {
        ln.rsplit("|", 1)[-1].strip() for ln in done.stderr.splitlines() if ln.startswith("import time")
    }
    assert "psycopg" in imported
    assert "sqlalchemy" not in imported and "sqlmodel" not in imported


def test_a_read_one_liner_answers_as_the_session_does(demo_path: Path, pg_demo_url: str) -> None:
    for args in (("budget", "--json"), ("reconcile", "--json"), ("report", "status", "helios")):
        assert ok(pg_demo_url, *args) == ok(demo_path, *args), args


def test_a_long_selection_of_projects_answers_the_same_for_the_owner_and_a_member(
    demo_path: Path, pg_demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from amtui.services.money import rollup

    ok(pg_demo_url, "team", "setup", pg_demo_url, "--user", "dana")
    ok(pg_demo_url, "account", "share", "helios", "--with", "dana", "--role", "viewer")
    dana = as_role(pg_demo_url, "dana")
    whole = [ok(db, "budget", "--json") for db in (demo_path, pg_demo_url, dana)]
    recon = ok(pg_demo_url, "reconcile", "--json")
    monkeypatch.setattr(rollup, "IN_LIST_MAX", 1)  # every selection of two or more projects is one JSON list
    assert [ok(db, "budget", "--json") for db in (demo_path, pg_demo_url, dana)] == whole
    assert ok(pg_demo_url, "reconcile", "--json") == recon
    mine = json.loads(whole[2])
    assert mine and mine == [h for h in json.loads(whole[0]) if h["account"] == "helios"]


def test_an_older_team_database_is_upgraded_before_a_read(pg_url: str) -> None:
    from alembic import command

    from amtui.store.schema import alembic_config

    with psycopg.connect(pg_url, autocommit=True) as con:  # a team database at the revision before 0813
        con.execute("DROP SCHEMA public CASCADE")
        con.execute("CREATE SCHEMA public")
    command.upgrade(alembic_config(pg_url), "0810")
    assert "project" in ok(pg_url, "budget").lower()
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0813",)]


def test_book_push_by_copy_gives_the_same_book_and_a_dry_run_leaves_nothing(
    demo_path: Path, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("amtui.store.dialect.COPY_FROM_ROWS", 1)  # every table goes in by COPY
    before = snapshot(pg_url)
    assert ok(demo_path, "book", "push", pg_url, "--dry-run").startswith("Would copy")
    assert snapshot(pg_url) == before
    assert "Copied" in ok(demo_path, "book", "push", pg_url)
    assert _export(pg_url, tmp_path / "b") == _export(demo_path, tmp_path / "a")
    ok(pg_url, "time", "helios/ctv-q1-flight", "1", "--note", "after the push")  # the sequences moved on


def test_a_copy_that_breaks_a_unique_key_is_refused_whole(
    demo_path: Path, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("amtui.store.dialect.COPY_FROM_ROWS", 1)
    folder = tmp_path / "book"
    ok(demo_path, "export", "book", str(folder))
    lines = (folder / "account.jsonl").read_text().splitlines()
    twin = json.loads(lines[0])  # the first account again, under a new id: its slug is taken
    twin["id"] = max(json.loads(ln)["id"] for ln in lines) + 1
    (folder / "account.jsonl").write_text("\n".join([*lines, json.dumps(twin)]) + "\n")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["tables"]["account"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    before = snapshot(pg_url)
    r = run(pg_url, "import", "book", str(folder))
    assert r.code == 2 and "account.jsonl" in r.stderr and "nothing was imported" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert snapshot(pg_url) == before


def test_row_security_per_statement_gives_the_same_answers(pg_demo_url: str) -> None:
    ok(pg_demo_url, "team", "setup", pg_demo_url, "--admin", "lee", "--user", "dana", "--user", "sam")
    ok(pg_demo_url, "account", "share", "helios", "--with", "dana", "--role", "viewer")
    dana, lee, sam = (as_role(pg_demo_url, r) for r in ("dana", "lee", "sam"))
    for table in ("time_entry", "payment", "estimate_line", "milestone_dependency", "invoice", "project"):
        everything = count(pg_demo_url, f"SELECT count(*) FROM {table}")
        assert count(lee, f"SELECT count(*) FROM {table}") == everything, table
        assert count(sam, f"SELECT count(*) FROM {table}") == 0, table
    helios = (
        "SELECT count(*) FROM time_entry t JOIN project p ON p.id = t.project_id "
        "JOIN account a ON a.id = p.account_id WHERE a.slug = 'helios'"
    )
    assert count(dana, "SELECT count(*) FROM time_entry") == count(pg_demo_url, helios) > 0
    with psycopg.connect(dana) as con:  # a viewer changes nothing: the server skips or refuses the rows
        assert con.execute("UPDATE time_entry SET minutes = minutes + 1 WHERE true").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute(
                "INSERT INTO time_entry (project_id, entry_date, minutes, rate_cents, amount_cents, team, "
                "billable, out_of_scope, source, created_at) SELECT id, '2026-11-01', 60, 0, 0, 'x', true, "
                "false, 'manual', now() FROM project LIMIT 1"
            )
    with psycopg.connect(dana) as con:  # the policy asks for the person's projects once, not per row
        plan = "\n".join(r[0] for r in con.execute("EXPLAIN VERBOSE SELECT * FROM time_entry").fetchall())
    assert "amtui_project_ids" in plan and "amtui_can" not in plan
