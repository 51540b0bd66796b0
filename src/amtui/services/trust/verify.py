"""Verify a book before it replaces this one (``amtui restore``): on a temporary copy, never the source.

In order, the first problem refuses the restore with one line: the file is a readable SQLite database
(``integrity_check``), its foreign keys hold (``foreign_key_check``), its schema — once migrated to this
amtui's revision — is exactly what the migrations make (no unknown or missing table, column, trigger, view
or index), and the invariants that guard every write (:func:`amtui.services.trust.checks.guard`) hold.
A user-defined trigger (which could, say, multiply every new cost by 100) is an unknown trigger.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from amtui.core.errors import StoreError

_OBJECTS = "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"


def _shape(path: Path) -> tuple[set[tuple[str, str]], dict[str, list[str]]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        objects = {(t, n) for t, n, _ in con.execute(_OBJECTS)}
        columns = {
            n: [c[1] for c in con.execute(f'PRAGMA table_info("{n}")')] for t, n in objects if t == "table"
        }
    finally:
        con.close()
    return objects, columns


def _tables_first(obj: tuple[str, str]) -> tuple[bool, str, str]:
    return obj[0] != "table", obj[0], obj[1]


def _sqlite_problem(path: Path) -> str | None:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = [r[0] for r in con.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                return f"it is damaged ({result[0]})"
            fk = con.execute("PRAGMA foreign_key_check").fetchone()
            if fk is not None:
                return f"a {fk[0]} row (id {fk[1]}) points at a missing {fk[2]} row"
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return f"it is not a readable SQLite database ({exc})"
    return None


def verify_book(src: Path) -> None:
    """Raise :class:`StoreError` naming the first reason ``src`` must not replace the book (see module)."""
    from amtui.services.trust.checks import REGISTRY
    from amtui.store.engine import open_store
    from amtui.store.schema import ensure_schema

    with tempfile.TemporaryDirectory(prefix="amtui-verify-") as tmp:
        copy = Path(tmp) / "candidate.db"
        shutil.copyfile(src, copy)
        copy.chmod(0o600)
        problem = _sqlite_problem(copy)
        if problem:
            raise StoreError(f"{src.name} was not restored: {problem}")
        ensure_schema(copy)
        reference = Path(tmp) / "reference.db"
        open_store(reference).close()
        (want_objects, want_columns), (objects, columns) = _shape(reference), _shape(copy)
        for kind, name in sorted(objects - want_objects, key=_tables_first):
            raise StoreError(f"{src.name} was not restored: it has an unknown {kind} {name!r}")
        for kind, name in sorted(want_objects - objects, key=_tables_first):
            raise StoreError(f"{src.name} was not restored: its {kind} {name!r} is missing")
        for table, cols in sorted(columns.items()):
            extra = [c for c in cols if c not in want_columns.get(table, [])]
            missing = [c for c in want_columns.get(table, []) if c not in cols]
            if extra or missing:
                what = f"an unknown column {extra[0]!r}" if extra else f"no column {missing[0]!r}"
                raise StoreError(f"{src.name} was not restored: its table {table!r} has {what}")
        store = open_store(copy)
        try:
            with store.read() as session:
                for inv in sorted(REGISTRY.values(), key=lambda i: i.name):
                    if not inv.tables:
                        continue  # reported by amtui check, not a reason to refuse an older book
                    found = inv.check(session)
                    if found:
                        raise StoreError(f"{src.name} was not restored: {found[0]} ({inv.name})")
        finally:
            store.close()
