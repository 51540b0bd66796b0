"""``amtui export book DIR`` and ``amtui import book DIR``: the book as diffable files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amtui.cli._common import emit_json, out, state, subgroup


def register(app: typer.Typer) -> None:
    book_app = subgroup(app, "book", "Move the whole book between a file and a team database.")
    book_app.command(
        "push", help="Copy this book into an empty team database (postgresql://…), all or nothing."
    )(push)
    book_app.command("pull", help="Copy a team database (postgresql://…) into this empty book file.")(pull)
    export_app = subgroup(app, "export", "Write data out as files.")
    export_app.command(
        "book", help="The whole book as sorted JSON-lines files (one per table) + manifest, for git."
    )(export_book)


def register_import(import_app: typer.Typer) -> None:
    """``amtui import book`` joins the ``import`` group of cli/imports.py."""
    import_app.command("book", help="Read an exported book into an empty database (all or nothing).")(
        import_book
    )


def export_book(
    ctx: typer.Context,
    folder: Annotated[str, typer.Argument(help="Folder to write (created 0700; files 0600).")],
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    from amtui.services.trust import book

    res = book.export_book(state(ctx).store(), Path(folder).expanduser().resolve())
    if json:
        emit_json({"folder": res.folder, "schema": res.schema, "tables": res.tables})
        return
    schema = ", ".join(res.schema)
    out(f"Exported {res.rows} rows in {len(res.tables)} files to {res.folder} (schema {schema})")


def import_book(
    ctx: typer.Context,
    folder: Annotated[str, typer.Argument(help="A folder written by amtui export book.")],
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    from amtui.services.trust import book

    res = book.import_book(state(ctx).store(), Path(folder).expanduser().resolve())
    if json:
        emit_json({"folder": res.folder, "schema": res.schema, "tables": res.tables})
        return
    from amtui.store import redacted

    st = state(ctx)
    out(f"Imported {res.rows} rows from {res.folder} into {redacted(st.url or st.db_path)}")


def _copy(ctx: typer.Context, source: str, dest: str, dry_run: bool, json: bool, verb: str) -> None:
    from amtui.core.errors import InputError
    from amtui.services.trust import book
    from amtui.store import is_url, open_store, redacted

    if source.strip() == dest.strip():
        raise InputError(f"{verb}: the book and the team database are the same ({redacted(source)})")
    if not is_url(source) and not Path(source).exists():
        raise InputError(f"{verb}: there is no book at {source}")
    src = open_store(source)
    try:
        dst = open_store(dest)
        try:
            res = book.copy_book(src, dst, dry_run=dry_run)
        finally:
            dst.close()
    finally:
        src.close()
    if json:
        emit_json({"from": redacted(source), "to": redacted(dest), "dry_run": dry_run, "tables": res.tables})
        return
    what = "Would copy" if dry_run else "Copied"
    out(f"{what} {res.rows} rows ({len(res.tables)} tables) from {redacted(source)} to {redacted(dest)}")


def push(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The team database: postgresql://user@host/agency (empty).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write everything, then roll it back: what would happen.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    from amtui.core.errors import InputError
    from amtui.store import is_url

    if not is_url(url):
        raise InputError(f"book push: {url!r} is not a team database URL (postgresql://user@host/agency)")
    st = state(ctx)
    _copy(ctx, st.url or str(st.db_path), url.strip(), dry_run, json, "book push")


def pull(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The team database: postgresql://user@host/agency.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write everything, then roll it back: what would happen.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    from amtui.core.errors import InputError
    from amtui.store import is_url

    if not is_url(url):
        raise InputError(f"book pull: {url!r} is not a team database URL (postgresql://user@host/agency)")
    st = state(ctx)
    _copy(ctx, url.strip(), st.url or str(st.db_path), dry_run, json, "book pull")
