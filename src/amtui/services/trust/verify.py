"""Verify a book before it replaces this one (``amtui restore``; ``amtui import book`` runs the same
invariants, :func:`invariant_problem`, and value checks, :func:`value_problem`, inside its transaction):
``restore`` works on a temporary copy, never the source.

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
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from amtui.core.errors import InputError, StoreError
from amtui.core.inputs import MAX_YEAR, MIN_YEAR, check_cents, text_problem, year_ok

if TYPE_CHECKING:
    from sqlmodel import Session

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
                found = invariant_problem(session)
                if found:
                    raise StoreError(f"{src.name} was not restored: {found}")
        finally:
            store.close()


def invariant_problem(session: Session) -> str | None:
    """The first problem of the invariants that guard every write, on ``session`` (a copy about to be
    restored, or an import's own transaction), as ``"<problem> (<invariant>)"``; None when they hold. Those
    without tables report what older books may have and are not a reason to refuse one."""
    from amtui.services.trust.checks import REGISTRY

    for inv in sorted(REGISTRY.values(), key=lambda i: i.name):
        if not inv.tables:
            continue
        found = inv.check(session)
        if found:
            return f"{found[0]} ({inv.name})"
    return None


def value_problem(column: str, value: object) -> str | None:
    """What a stored value of a book brought in from files (``import book``) may not be, by the input policy
    (:mod:`amtui.core.inputs`): an amount beyond the limit, a date out of range, text with a control
    character or bytes that are not UTF-8. None when it is fine."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int) and column.endswith("_cents"):
        try:
            check_cents(value, column)
        except InputError as exc:
            return str(exc)
    elif isinstance(value, date):
        if not year_ok(value.year):
            return f"{column} {value.isoformat()} is out of range ({MIN_YEAR}–{MAX_YEAR})"
    elif isinstance(value, str):
        problem = text_problem(value, multiline=True)
        if problem:
            return f"{column} has {problem}"
    return None
