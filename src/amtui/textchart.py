"""Tiny text charts for terminals and Markdown (no Textual): ``▁▂▅█`` sparklines."""

from __future__ import annotations

from collections.abc import Sequence

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int | float], width: int = 30) -> str:
    """One character per value (the last ``width`` values), scaled to the largest; empty → ''."""
    vals = list(values)[-width:]
    if not vals or max(vals) <= 0:
        return ""
    top = max(vals)
    return "".join(
        BARS[min(len(BARS) - 1, int(v / top * (len(BARS) - 1) + 0.5))] if v > 0 else " " for v in vals
    )
