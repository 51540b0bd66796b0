"""A brief's history: diffs between versions, and a safe place for text that could not be saved."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from amtui.core.errors import InputError
from amtui.services.briefs.service import get_brief, version_row
from amtui.store.files import keep_recovery


@dataclass(frozen=True)
class DiffResult:
    id: int
    from_version: int
    to_version: int
    text: str


def parse_version(text: str) -> int:
    m = re.fullmatch(r"v?(\d{1,6})", text.strip().lower())
    if not m or int(m.group(1)) < 1:
        raise InputError(f"not a version: {text!r}; expected e.g. 2 or v2")
    return int(m.group(1))


def diff(session: Session, brief_id: int, v1: int | None = None, v2: int | None = None) -> DiffResult:
    """Unified diff between two versions (default: the previous one and the current one)."""
    b = get_brief(session, brief_id)
    assert b.id is not None
    if v1 is None:
        v1 = max(b.version - 1, 1)
    v2 = b.version if v2 is None else v2
    a, c = version_row(session, b, v1), version_row(session, b, v2)
    lines = difflib.unified_diff(
        a.markdown.splitlines(keepends=True),
        c.markdown.splitlines(keepends=True),
        fromfile=f"brief-{b.id}-v{v1}.md",
        tofile=f"brief-{b.id}-v{v2}.md",
    )
    return DiffResult(b.id, v1, v2, "".join(lines))


def save_recovery(db_path: Path, brief_id: int, text: str) -> Path:
    """Keep text that could not be saved (0600, beside the book) so nothing typed is ever lost."""
    return keep_recovery(db_path, f"brief-{brief_id}", text)
