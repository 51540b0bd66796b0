"""A safe place for an estimate's Markdown that could not be saved, beside the book (like a brief's)."""

from __future__ import annotations

from pathlib import Path

from amtui.store.files import keep_recovery


def save_recovery(db_path: Path, estimate_id: int, text: str) -> Path:
    """Keep text that could not be saved (0600, beside the book) so nothing typed is ever lost."""
    return keep_recovery(db_path, f"estimate-{estimate_id}", text)
