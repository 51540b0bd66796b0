"""Small commands: where things live."""

from __future__ import annotations

from typing import Annotated

import typer

from amtui.cli._common import emit_json, out, state


def register(app: typer.Typer) -> None:
    app.command("paths", help="Print where the database, config and backups live.")(paths)


def paths(ctx: typer.Context, json: Annotated[bool, typer.Option("--json")] = False) -> None:
    from amtui.core.config import backup_dir, config_path

    db = state(ctx).db_path
    data = {"database": str(db), "config": str(config_path()), "backups": str(backup_dir(db))}
    if json:
        emit_json(data)
        return
    for k, v in data.items():
        out(f"{k:<9} {v}")
