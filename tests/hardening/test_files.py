"""Files the safe way: client documents 0600 whatever the umask, ``--out`` refuses an existing file without
``--force`` and never writes through a link, a 0-byte leftover backup does not block, ``--db`` refuses what
is not a book and changes the mode of nothing else."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli, assert_refused


@pytest.fixture(autouse=True)
def _loose_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok("project", "add", "acme/web", "Web", "--budget", "1000")
    cli.ok("add-change-order", "acme/web", "Banners", "--amount", "500")
    return cli


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


@pytest.mark.parametrize(
    "args",
    [("report", "status", "acme"), ("co", "export", "CO-1"), ("calendar", "export", "acme")],
    ids=["report", "co-export", "calendar"],
)
def test_out_is_private_refuses_an_existing_file_and_never_follows_a_link(
    book: Cli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    if args[0] == "calendar":
        book.ok("milestone", "add", "acme/web", "Kickoff", "--due", "2026-12-10")
    target = tmp_path / "doc.out"
    book.ok(*args, "--out", str(target))
    assert _mode(target) == 0o600
    first = target.read_bytes()
    other = tmp_path / "mine.txt"
    other.write_text("keep me")
    assert_refused(book, (*args, "--out", str(other)), 2, "exists; add --force")
    assert other.read_text() == "keep me"
    other.chmod(0o644)
    book.ok(*args, "--out", str(other), "--force")
    assert _mode(other) == 0o600 and other.read_bytes()[:15] == first[:15] != b"keep me"
    secret = tmp_path / "secret.txt"
    secret.write_text("not yours")
    link = tmp_path / "link.out"
    link.symlink_to(secret)
    assert_refused(book, (*args, "--out", str(link)), 2, "symbolic link")
    assert secret.read_text() == "not yours"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_brief_export_is_private_and_refuses_an_existing_file(book: Cli, tmp_path: Path) -> None:
    book.ok("brief", "new", "acme/web", "--template", "creative")
    target = tmp_path / "brief.md"
    book.ok("brief", "export", "1", "--out", str(target))
    assert _mode(target) == 0o600
    assert_refused(book, ("brief", "export", "1", "--out", str(target)), 2, "--force")
    book.ok("brief", "export", "1", "--out", str(target), "--force")


def test_a_zero_byte_leftover_backup_does_not_block_and_force_tightens(book: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "copy.db"
    dest.touch()
    book.ok("backup", str(dest))
    assert dest.stat().st_size > 0 and _mode(dest) == 0o600
    loose = tmp_path / "loose.db"
    loose.write_bytes(b"x")
    loose.chmod(0o644)
    book.ok("backup", str(loose), "--force")
    assert _mode(loose) == 0o600


def test_db_refuses_an_empty_value_and_a_folder(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from amtui.cli.main import app

    r = CliRunner().invoke(app, ["--db", "", "account", "list"])
    assert r.exit_code == 2 and "--db is empty" in r.stderr
    folder = tmp_path / "dir"
    folder.mkdir(mode=0o755)
    r = CliRunner().invoke(app, ["--db", str(folder), "account", "list"])
    assert r.exit_code == 1 and "not a regular file" in r.stderr
    assert _mode(folder) == 0o755


def test_db_never_changes_the_mode_of_a_file_that_is_not_a_book(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from amtui.cli.main import app

    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a book")
    notes.chmod(0o644)
    r = CliRunner().invoke(app, ["--db", str(notes), "account", "list"])
    assert r.exit_code == 1 and len(r.stderr.strip().splitlines()) == 1
    assert _mode(notes) == 0o644 and notes.read_text() == "my notes, not a book"
