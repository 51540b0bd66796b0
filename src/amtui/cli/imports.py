"""``amtui import …``: bring in files exported from other tools (time trackers, ad platforms)."""

from __future__ import annotations

import typer

from amtui.cli import import_metrics

import_app = typer.Typer(help="Import files exported from other tools.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    import_metrics.register_import(import_app)
    app.add_typer(import_app, name="import")
