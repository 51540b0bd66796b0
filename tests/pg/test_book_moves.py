"""``amtui book push`` copies a book file into a team database and ``book pull`` takes a copy back: all or
nothing, a dry run that leaves nothing, and the copy is the same book (the exports are byte-identical)."""

from __future__ import annotations

from pathlib import Path

from tests.pg.test_team_book import ok, run, snapshot


def _export(db: str | Path, folder: Path) -> dict[str, bytes]:
    ok(db, "export", "book", str(folder))
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_push_then_pull_gives_back_the_same_book(demo_path: Path, pg_url: str, tmp_path: Path) -> None:
    assert "Copied" in ok(demo_path, "book", "push", pg_url)
    copy = tmp_path / "copy.db"
    assert "Copied" in ok(copy, "book", "pull", pg_url)
    original = _export(demo_path, tmp_path / "a")
    assert _export(pg_url, tmp_path / "b") == original
    assert _export(copy, tmp_path / "c") == original
    # The team database takes new rows after the copy (its id sequences moved past the copied ids).
    ok(pg_url, "time", "helios/ctv-q1-flight", "1", "--note", "after the push")
    assert "after the push" in ok(pg_url, "time", "list", "--json")


def test_a_dry_run_writes_nothing(demo_path: Path, pg_url: str) -> None:
    before = snapshot(pg_url)
    out = ok(demo_path, "book", "push", pg_url, "--dry-run")
    assert out.startswith("Would copy") and "rows" in out
    assert snapshot(pg_url) == before


def test_push_into_a_team_database_with_a_book_is_refused(demo_path: Path, pg_demo_url: str) -> None:
    before = snapshot(pg_demo_url)
    r = run(demo_path, "book", "push", pg_demo_url)
    assert r.code == 1 and "not empty" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert snapshot(pg_demo_url) == before


def test_push_needs_a_team_database_url_and_a_book(demo_path: Path, pg_url: str, tmp_path: Path) -> None:
    before = snapshot(pg_url)
    for db, args, fragment in [
        (demo_path, ("book", "push", str(tmp_path / "other.db")), "not a team database url"),
        (tmp_path / "missing.db", ("book", "push", pg_url), "there is no book"),
        (demo_path, ("book", "pull", "nowhere"), "not a team database url"),
    ]:
        r = run(db, *args)
        assert r.code == 2, (args, r.stderr)
        assert fragment in r.stderr.lower() and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "missing.db").exists() and not (tmp_path / "other.db").exists()
    assert snapshot(pg_url) == before
