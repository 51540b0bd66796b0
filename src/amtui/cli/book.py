"""``amtui export book DIR`` and ``amtui import book DIR``: the book as diffable files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amtui.cli._common import emit_json, out, state, subgroup


def register(app: typer.Typer) -> None:
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
