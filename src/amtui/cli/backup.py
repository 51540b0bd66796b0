"""``amtui backup`` and ``amtui restore``: the book as one private file you can copy and bring back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amtui.cli._common import emit_json, out, state, writing


def register(app: typer.Typer) -> None:
    app.command(
        "backup", help="Copy the book safely (even while amtui is open) to PATH or the backups folder."
    )(backup)
    app.command("restore", help="Replace the book with a backup (the current book is backed up first).")(
        restore
    )


def backup(
    ctx: typer.Context,
    path: Annotated[str | None, typer.Argument(help="File or folder (default: the backups folder).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file at PATH.")] = False,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    from amtui.core.errors import ConflictError
    from amtui.store import backup_name, backup_to, table_counts

    st = state(ctx)
    st.store()  # the book exists and has the current schema
    db = st.db_path
    if path is None:
        dest = backup_name(db, "manual")
    else:
        dest = Path(path).expanduser().resolve()
        if dest.is_dir():
            dest = dest / backup_name(db, "manual").name
        if dest == db:
            raise ConflictError("the backup cannot be the book itself; pick another path")
        if dest.exists() and not force and dest.stat().st_size > 0:  # a 0-byte leftover of a killed backup
            raise ConflictError(f"{dest} exists already; use --force to replace it")
    backup_to(db, dest)
    counts = table_counts(dest)
    if json:
        emit_json({"database": str(db), "backup": str(dest), "bytes": dest.stat().st_size, "rows": counts})
        return
    rows = sum(n for t, n in counts.items() if not t.startswith("audit_"))
    out(f"Backed up {db} to {dest} ({rows} rows, {dest.stat().st_size // 1024 or 1} KiB)")


def restore(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="A backup made by amtui backup (or any amtui book).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask (for scripts).")] = False,
) -> None:
    from amtui.core.errors import ConflictError, NotFoundError, StateError, StoreError
    from amtui.store import auto_backup, db_revisions, ensure_schema, restore_into, schema_state, table_counts

    st = state(ctx)
    db = st.db_path
    src = Path(path).expanduser().resolve()
    if not src.is_file():
        raise NotFoundError(f"no backup file {src}")
    if src == db:
        raise ConflictError("that is the book itself; name a backup file")
    if db_revisions(src) is None:
        raise StoreError(f"{src} is not an amtui database (it has no amtui schema)")
    schema_state(src)  # a backup from a newer amtui is refused here, untouched
    from amtui.services.trust.verify import verify_book

    verify_book(src)  # on a temporary copy: damaged, foreign schema or broken invariants are refused
    current = db.exists() and db_revisions(db) is not None
    now = table_counts(db) if current else {}
    then = table_counts(src)
    out(f"Restore {src}\n   into {db}")
    out(f"  {'table':<24} {'now':>8} {'backup':>8}")
    for t in sorted(set(now) | set(then)):
        if now.get(t, 0) == 0 and then.get(t, 0) == 0:
            continue
        out(f"  {t:<24} {now.get(t, 0):>8} {then.get(t, 0):>8}")
    if not yes:
        try:
            ok = typer.confirm("Replace the book with this backup?", default=False, err=True)
        except typer.Abort:
            ok = False
            typer.echo("", err=True)
        if not ok:
            raise StateError("nothing restored (not confirmed; --yes skips the question)")
    kept = auto_backup(db, "pre-restore") if current else None
    if st._store is not None:
        st._store.close()
        st._store = None
    restore_into(src, db)
    migrated = ensure_schema(db)
    from amtui.services.trust.undo import record_restore

    with writing(ctx, f"amtui restore {src.name}") as uow:
        record_restore(uow)
    out(f"Restored {src.name}" + (f"; the book as it was is kept at {kept}" if kept else ""))
    if migrated:
        out(f"Upgraded the restored book to this amtui's schema (as it came: {migrated})")
