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


def _writes_outside_the_one_writer(root: Path) -> list[str]:
    """Every call in ``src`` that writes a file itself: ``.write_text(`` / ``.write_bytes(``, or ``open`` /
    ``os.fdopen`` / ``Path.open`` / ``os.open`` with a mode that writes — outside ``store/files.py``."""
    import ast

    found = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).as_posix() == "store/files.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            where = f"{path.relative_to(root)}:{node.lineno}"
            if name in ("write_text", "write_bytes"):
                found.append(f"{where} {name}")
            elif name in ("open", "fdopen"):
                modes = [a for a in node.args[1:2] if isinstance(a, ast.Constant)]
                modes += [
                    k.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)
                ]
                if isinstance(f, ast.Attribute) and f.attr == "open" and not modes:
                    modes = [a for a in node.args[:1] if isinstance(a, ast.Constant)]  # Path.open("w")
                if any(isinstance(m.value, str) and set(m.value) & set("wax+") for m in modes):
                    found.append(f"{where} {name} for writing")
                if isinstance(f, ast.Attribute) and ast.unparse(f) == "os.open":
                    found.append(f"{where} os.open")
    return found


def test_every_file_is_written_through_store_files() -> None:
    """One writer: ``store.files.write_private`` / ``keep_recovery`` (0600, temp file + rename, no links)."""
    import amtui

    assert _writes_outside_the_one_writer(Path(amtui.__file__).parent) == []


def test_the_scan_finds_a_writer(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "files.py").write_text("open(p, 'w')\n")  # the one writer may
    (tmp_path / "m.py").write_text(
        "p.write_text('x')\nopen(p, 'w')\nos.fdopen(fd, mode='a')\np.open('wb')\nopen(p)\nos.open(p, 1)\n"
    )
    assert [f.split()[0] for f in _writes_outside_the_one_writer(tmp_path)] == [
        "m.py:1",
        "m.py:2",
        "m.py:3",
        "m.py:4",
        "m.py:6",
    ]
