"""``amtui import …``: bring in exports from other tools.

Each source lives in its own module with a ``register_import(import_app)`` function; adding one (for example
``import metrics``) is one line in ``SUBCOMMANDS`` below.
"""

from __future__ import annotations

import typer

from amtui.cli import book, import_metrics, import_time
from amtui.cli._common import subgroup

SUBCOMMANDS = (import_time, import_metrics, book)


def register(app: typer.Typer) -> None:
    import_app = subgroup(
        app, "import", "Import files from other tools (Harvest time, ad platform metrics, a book)."
    )
    for module in SUBCOMMANDS:
        module.register_import(import_app)
