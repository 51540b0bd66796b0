"""Aligned plain-text tables for reports that can run to thousands of rows.

Rich lays out 2,000 rows in about two seconds; a book-wide report must answer in well under one, so the
money reports (reconcile, change order and invoice lists) print through this instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from amtui.cli._common import out


def print_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    right: Iterable[str] = (),
    title: str | None = None,
) -> None:
    """Print ``rows`` under ``headers``, columns two spaces apart; ``right`` names right-aligned columns."""
    body = [list(r) for r in rows]
    widths = [len(h) for h in headers]
    for r in body:
        for i, cell in enumerate(r):
            widths[i] = max(widths[i], len(cell))
    align_right = [h in set(right) for h in headers]

    def line(cells: Sequence[str]) -> str:
        parts = [c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, align_right, strict=True)]
        return "  ".join(parts).rstrip()

    lines = ([title] if title else []) + [line(headers)] + [line(r) for r in body]
    out("\n".join(lines))
