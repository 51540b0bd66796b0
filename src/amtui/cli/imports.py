"""``amtui import …``: bring in exports from other tools.

Each source lives in its own module with a ``register_import(import_app)`` function; adding one (for example
``import metrics``) is one line in ``SUBCOMMANDS`` below.
"""

from __future__ import annotations

import typer

from amtui.cli import import_metrics, import_time

import_app = typer.Typer(
    help="Import exports from other tools (Harvest time, ad platform metrics …).", no_args_is_help=True
)

SUBCOMMANDS = (import_time, import_metrics)


def register(app: typer.Typer) -> None:
    for module in SUBCOMMANDS:
        module.register_import(import_app)
    app.add_typer(import_app, name="import")
