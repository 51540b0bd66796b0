"""The book as plain files: one JSON-lines file per table, for git, diffs and a new laptop.

``export_book`` writes every table of ``SQLModel.metadata`` (history included) as ``<table>.jsonl`` — rows
sorted by primary key, keys sorted, money as the integer cents it is stored as, dates ISO, timestamps UTC —
plus ``manifest.json`` naming the schema revision and the row counts. Nothing in it depends on when or where
it was written, so exporting the same book twice gives the same bytes, and a diff shows exactly what changed.

``import_book`` reads such a folder into an empty book and gives back the same data: export → import →
export is byte-identical. Every line is checked against the table's columns before anything is written; a
malformed file is refused with its name and line number, and nothing is written.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlmodel import Session, SQLModel

from amtui.core.errors import ConflictError, InputError
from amtui.services.trust.verify import invariant_problem, value_problem
from amtui.store.dialect import analyze, bump_sequences, copy_rows, redacted
from amtui.store.engine import Store, foreign_key_problems
from amtui.store.files import write_private
from amtui.store.rows import bind_values, metadata_tables, pk_column, row_image
from amtui.store.schema import book_revisions
from amtui.store.uow import write_connection

FORMAT = "amtui-book"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 2000


@dataclass(frozen=True)
class BookResult:
    folder: str
    schema: list[str]
    tables: dict[str, int]  # rows per table

    @property
    def rows(self) -> int:
        return sum(n for t, n in self.tables.items() if not t.startswith("audit_"))


def _line(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def _write_private(path: Path, text: str) -> None:
    """Write atomically (temp file + rename), 0600 from the first byte: :func:`store.files.write_private`;
    a table file of an earlier export in the folder is replaced (the export is the book as it is now)."""
    write_private(path, text, force=True)


def _ordered_tables() -> list[Table]:
    tables = metadata_tables()
    return sorted(tables.values(), key=lambda t: t.name)


def export_book(store: Store, folder: Path) -> BookResult:
    """Write the book into ``folder`` (created 0700). Files of tables amtui does not know are left alone."""
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    counts: dict[str, int] = {}
    with store.read() as s:
        conn = s.connection()
        for t in _ordered_tables():
            pk = pk_column(t)
            lines = [_line(row_image(t, r)) for r in conn.execute(select(t).order_by(pk))]
            _write_private(folder / f"{t.name}.jsonl", "".join(lines))
            counts[t.name] = len(lines)
    schema = sorted(book_revisions(store) or [])
    manifest = {"format": FORMAT, "version": VERSION, "schema": schema, "tables": counts}
    _write_private(folder / MANIFEST, json.dumps(manifest, sort_keys=True, indent=2) + "\n")
    return BookResult(str(folder), schema, counts)


# ---------------------------------------------------------------------------------------------- import


def _read_manifest(folder: Path, schema: list[str]) -> dict[str, Any]:
    path = folder / MANIFEST
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder")
    if not path.is_file():
        raise InputError(f"{folder} has no {MANIFEST}: not an amtui book export")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"{path}: not an amtui book manifest")
    if data.get("version") != VERSION:
        raise InputError(f"{path}: book format version {data.get('version')!r}; this amtui reads {VERSION}")
    if data.get("schema") != schema:
        raise InputError(
            f"{path}: the export has schema {data.get('schema')}, this amtui {schema}; "
            "import it with the amtui that wrote it, then upgrade"
        )
    if not isinstance(data.get("tables"), dict):
        raise InputError(f"{path}: no table list")
    return data


def _parse_table(path: Path, t: Table, expected: Any) -> list[dict[str, Any]]:
    """Every line of one table file as bind values; InputError names the file and line."""
    if not path.is_file():
        raise InputError(f"{path.name} is missing from the export")
    pk = pk_column(t)
    columns = {c.name for c in t.columns}
    rows: list[dict[str, Any]] = []
    last: int | None = None
    raw = path.read_bytes()
    for n, chunk in enumerate(raw.split(b"\n"), start=1):
        where = f"{path.name}:{n}"
        if not chunk.strip():
            continue
        try:
            data = json.loads(chunk.decode("utf-8"))
        except UnicodeDecodeError:
            raise InputError(f"{where}: not UTF-8 text") from None
        except (json.JSONDecodeError, RecursionError) as exc:
            raise InputError(f"{where}: not a JSON object ({getattr(exc, 'msg', exc)})") from None
        if not isinstance(data, dict):
            raise InputError(f"{where}: not a JSON object")
        unknown = sorted(set(data) - columns)
        if unknown:
            raise InputError(f"{where}: unknown column {unknown[0]!r} for table {t.name}")
        missing = sorted(columns - set(data))
        if missing:
            raise InputError(f"{where}: column {missing[0]!r} is missing")
        try:
            values = bind_values(t, data, strict=True)
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None
        if not t.name.startswith("audit_"):  # the history keeps its JSON images as they were
            for name, value in values.items():
                problem = value_problem(name, value)
                if problem:
                    raise InputError(f"{where}: {problem}; nothing was imported")
        key = values.get(pk.name)
        if not isinstance(key, int) or (last is not None and key <= last):
            raise InputError(f"{where}: {pk.name} must be a whole number, unique and ascending")
        last = key
        rows.append(values)
    if expected != len(rows):
        raise InputError(f"{path.name}: {len(rows)} rows, but the manifest says {expected!r}")
    return rows


class _DryRun(Exception):
    """Raised inside the import transaction of a dry run, so that everything written is rolled back."""


def import_book(store: Store, folder: Path, *, dry_run: bool = False) -> BookResult:
    """Read an exported book into this (empty) book, all or nothing. See the module docstring.

    ``dry_run`` writes every row and then rolls the transaction back: the database's own checks (keys,
    uniques) have all run, and nothing is left."""
    schema = sorted(book_revisions(store) or [])
    manifest = _read_manifest(folder, schema)
    tables = _ordered_tables()
    unknown = sorted(set(manifest["tables"]) - {t.name for t in tables})
    if unknown:
        raise InputError(f"{MANIFEST}: unknown table {unknown[0]!r}")
    parsed = {
        t.name: _parse_table(folder / f"{t.name}.jsonl", t, manifest["tables"].get(t.name)) for t in tables
    }
    try:
        _load(store, tables, parsed, dry_run=dry_run)
    except _DryRun:
        pass
    return BookResult(str(folder), schema, {t.name: len(parsed[t.name]) for t in tables})


def _load(
    store: Store, tables: list[Table], parsed: dict[str, list[dict[str, Any]]], *, dry_run: bool
) -> None:
    with write_connection(store, defer_foreign_keys=True) as conn:
        for t in tables:
            if conn.execute(select(func.count()).select_from(t)).scalar_one():
                raise ConflictError(
                    f"{redacted(store.url or store.path)} is not empty ({t.name} has rows); "
                    "import into a new book: --db NEW.db"
                )
        for t in SQLModel.metadata.sorted_tables:
            rows = parsed[t.name]
            try:
                if not copy_rows(conn, t, rows):
                    for i in range(0, len(rows), CHUNK):
                        conn.execute(insert(t), rows[i : i + CHUNK])
            except Exception as exc:  # IntegrityError: duplicate slugs, numbers …
                orig = getattr(exc, "orig", None) or exc
                raise InputError(f"{t.name}.jsonl: {orig}; nothing was imported") from None
        bump_sequences(conn, tables)
        analyze(conn, tables)
        broken = foreign_key_problems(conn)
        if broken:
            table, rowid, parent = broken[0]
            raise InputError(
                f"{table}.jsonl: row {table} #{rowid} refers to a {parent} row that is not in the export; "
                "nothing was imported"
            )
        # The invariants every write keeps (as ``restore`` checks them), on this very transaction.
        with Session(bind=conn) as session:
            problem = invariant_problem(session)
        if problem:
            raise InputError(f"the export breaks the book's rules: {problem}; nothing was imported")
        if dry_run:
            raise _DryRun


def copy_book(source: Store, dest: Store, *, dry_run: bool = False) -> BookResult:
    """Copy the whole book ``source`` into the empty book ``dest`` (``book push`` / ``book pull``: a file into
    a team database or back), all or nothing, through the export format (a private temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="amtui-copy-") as tmp:
        folder = Path(tmp) / "book"
        export_book(source, folder)
        res = import_book(dest, folder, dry_run=dry_run)
    return BookResult("", res.schema, res.tables)
