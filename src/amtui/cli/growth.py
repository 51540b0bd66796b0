"""Placeholder: pipeline, escalations and health commands are registered here."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    return None
