"""Campaign results from ad platforms' exports, one module per source, all producing canonical rows.

:func:`read_metrics` decodes the bytes, detects the source (unless told), and parses the whole file before
anything is stored: a file is read completely or refused with what was expected and what was found.
"""

from __future__ import annotations

from amtui.core.errors import InputError
from amtui.importers.metrics.common import CanonicalRow, ParsedReport, decode
from amtui.importers.metrics.detect import PARSERS, SOURCES, detect

__all__ = ["SOURCES", "CanonicalRow", "ParsedReport", "detect", "read_metrics"]


def read_metrics(data: bytes, source: str = "auto") -> ParsedReport:
    """Parse an export. ``source`` is ``auto`` or one of :data:`SOURCES`. Raises only ``InputError``."""
    key = source.strip().lower()
    if key != "auto" and key not in PARSERS:
        raise InputError(f"unknown source {source!r}; choose one of: auto, {', '.join(SOURCES)}")
    text = decode(data)
    if not text.strip():
        raise InputError("the file is empty: expected a campaign report exported from an ad platform")
    if key == "auto":
        key = detect(text)
    try:
        report = PARSERS[key](text)
    except RecursionError as exc:  # pragma: no cover - defensive
        raise InputError("the file is too deeply nested to read") from exc
    if not report.rows:
        raise InputError(f"{key} export has no campaign rows (only a header, totals or placeholders)")
    return report
