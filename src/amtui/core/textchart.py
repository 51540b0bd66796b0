"""Tiny text charts for terminals and Markdown (no Textual): ``▁▂▅█`` sparklines."""

from __future__ import annotations

from collections.abc import Sequence

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int | float], width: int = 30) -> str:
    """One character per value (the last ``width``), scaled between the smallest and largest positive value.

    Scaling from the minimum (not from zero) shows movement in series such as health scores that live
    between 80 and 97; a zero (a day without data) is a blank.
    """
    vals = list(values)[-width:]
    positive = [v for v in vals if v > 0]
    if not positive:
        return ""
    lo, hi = min(positive), max(positive)
    steps = len(BARS) - 1
    if hi == lo:
        return "".join(BARS[steps // 2] if v > 0 else " " for v in vals)
    return "".join(BARS[round((v - lo) / (hi - lo) * steps)] if v > 0 else " " for v in vals)
