"""Aligned, styled columns for long one-line-per-row reports (budget, imports)."""

from __future__ import annotations

from amtui.cli._common import console

Cell = tuple[str, str | None]  # text, rich style


def grid(title: str, headers: list[str], rows: list[list[Cell]], right: set[int]) -> None:
    """Print aligned columns as one styled Text.

    A rich ``Table`` measures and wraps every cell (about 0.7 ms a row): 350 projects took longer to draw
    than to compute. Budget cells are short single lines, so plain padding does the job ~10x faster.
    """
    from rich.text import Text

    widths = [max([len(h)] + [len(r[i][0]) for r in rows]) for i, h in enumerate(headers)]

    def pad(text: str, i: int) -> str:
        return text.rjust(widths[i]) if i in right else text.ljust(widths[i])

    out = Text(no_wrap=True, overflow="ignore")
    if title:
        out.append(title + "\n")
    out.append("  ".join(pad(h, i) for i, h in enumerate(headers)).rstrip() + "\n", style="bold")
    for r in rows:
        for i, (text, style) in enumerate(r):
            if i:
                out.append("  ")
            out.append(pad(text, i) if i < len(r) - 1 else text, style=style)
        out.append("\n")
    console().print(out, end="")
