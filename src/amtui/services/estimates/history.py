"""A safe place for an estimate's Markdown that could not be saved, beside the book (like a brief's)."""

from __future__ import annotations

import os
from pathlib import Path

from amtui.core import clock


def save_recovery(db_path: Path, estimate_id: int, text: str) -> Path:
    """Keep text that could not be saved (0600, in ``recovery/`` beside the book); returns where."""
    folder = db_path.parent / "recovery"
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"estimate-{estimate_id}-{stamp}.md"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"estimate-{estimate_id}-{stamp}-{n}.md"
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return path
