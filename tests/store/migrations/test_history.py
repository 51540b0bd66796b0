"""The migration history is linear: one head, read from the modules' source without importing Alembic (and
agreeing with Alembic), and ``scripts/new_migration.py`` writes the next revision on top of it."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from amtui.store import MIGRATIONS_DIR, alembic_config, db_revisions, read_revision, script_revisions, upgrade

ROOT = Path(__file__).resolve().parents[3]


def test_there_is_exactly_one_head_and_alembic_agrees() -> None:
    from alembic.script import ScriptDirectory

    revs, heads = script_revisions()
    scripts = ScriptDirectory.from_config(alembic_config(MIGRATIONS_DIR / "unused.db"))
    assert len(heads) == 1, f"parallel heads {sorted(heads)}: add a merge revision"
    assert heads == set(scripts.get_heads())
    assert revs == {s.revision for s in scripts.walk_revisions()}
    # And each module's parents as Alembic reads them.
    for s in scripts.walk_revisions():
        found = read_revision(Path(str(s.path)).read_text(encoding="utf-8"))
        down = s.down_revision
        parents = set() if down is None else {down} if isinstance(down, str) else set(down)
        assert found is not None and found[0] == s.revision and set(found[1]) == parents, s.revision


HEADER = '"""a migration"""\n\nfrom alembic import op\n\n'
BODY = "\n\ndef upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # A merge as ruff format leaves it: the tuple wrapped, one parent a line, a trailing comma.
        ('revision = "m1"\ndown_revision = (\n    "a",\n    "b",\n)\n', ("m1", ("a", "b"))),
        # Annotated, as the template writes them, with comments in the way.
        (
            'revision: str = "0701"  # the merge\n'
            "down_revision: str | Sequence[str] | None = (  # five branches\n"
            '    "0201",  # change orders\n    "0301",\n)\n',
            ("0701", ("0201", "0301")),
        ),
        ('revision: str = "0001"\ndown_revision: str | Sequence[str] | None = None\n', ("0001", ())),
        ("revision = '0201'\ndown_revision = '0001'\n", ("0201", ("0001",))),
        ('revision = "x"\ndown_revision = ["a", "b"]\n', ("x", ("a", "b"))),
        # Set after the first function: the whole module is read, not only its header.
        ('revision = "late"\n' + BODY + 'down_revision = "early"\n', ("late", ("early",))),
        # Not a migration at all.
        ("VALUE = 1\n", None),
    ],
    ids=["wrapped-tuple", "annotated-commented", "none", "string", "list", "after-def", "no-revision"],
)
def test_the_reader_takes_what_alembic_would(source: str, expected: object) -> None:
    assert read_revision(HEADER + source + BODY) == expected


def test_the_reader_is_not_fooled_by_a_def_inside_the_docstring() -> None:
    """The header cut falls inside the docstring here; the reader then reads the whole module."""
    text = '"""Notes:\ndef upgrade() is below.\n"""\nrevision = "d"\ndown_revision = ("a",\n  "b")\n' + BODY
    assert read_revision(text) == ("d", ("a", "b"))


def test_the_reader_refuses_a_parent_it_cannot_read() -> None:
    with pytest.raises(ValueError):
        read_revision('revision = "x"\ndown_revision = ("a", 1)\n')


def test_new_migration_writes_an_empty_revision_on_top_of_the_head(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    shipped = sorted(p.name for p in (MIGRATIONS_DIR / "versions").iterdir())
    (head,) = script_revisions()[1]

    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "new_migration.py"),
            "nothing yet",
            "9901",
            "--dir",
            str(migrations),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    written = Path(out.stdout.strip().splitlines()[-1])
    assert written.parent == migrations / "versions" and written.name == "9901_nothing_yet.py"
    assert sorted(p.name for p in (MIGRATIONS_DIR / "versions").iterdir()) == shipped  # src untouched

    text = written.read_text(encoding="utf-8")
    assert read_revision(text) == ("9901", (head,))
    assert script_revisions(migrations) == (script_revisions()[0] | {"9901"}, {"9901"})
    # Models and migrations agree, so there is nothing to do either way.
    bodies = {f.name: f.body for f in ast.parse(text).body if isinstance(f, ast.FunctionDef)}
    assert set(bodies) == {"upgrade", "downgrade"}
    assert all(len(b) == 1 and isinstance(b[0], ast.Pass) for b in bodies.values()), text
    # Alembic takes it: a book upgrades through the new revision.
    book = tmp_path / "book.db"
    upgrade(book, migrations)
    assert db_revisions(book) == {"9901"}
