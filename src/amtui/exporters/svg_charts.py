"""Small inline SVG charts for the HTML reports: grouped bars and lines, nothing else.

Written here rather than taken from a charting library: the reports need three chart shapes, each a few
dozen SVG elements, and the file must stay one self-contained document with no script, no font and no
network resource (pygal, for one, links its tooltips script from a CDN unless told not to, and matplotlib
would add ~40 MB and half a second of import to a one-liner). Every label goes through :func:`html.escape`;
numbers are plain floats for drawing only (money stays in cents until it is formatted for a label).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

WIDTH = 640
HEIGHT = 240
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 64, 16, 28, 48
COLOURS = ("#2f6db5", "#e08a2c", "#3b9c5a", "#b8474a")


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 4, 6, 8 × a power of ten: quarters stay round)."""
    if value <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 2, 4, 6, 8, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _frame(title: str, body: list[str], legend: Sequence[str]) -> str:
    items = []
    x = PAD_LEFT
    for i, name in enumerate(legend):
        colour = COLOURS[i % len(COLOURS)]
        items.append(f'<rect x="{x}" y="{HEIGHT - 14}" width="10" height="10" fill="{colour}"/>')
        items.append(f'<text x="{x + 14}" y="{HEIGHT - 5}" class="legend">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        f'<text x="{PAD_LEFT}" y="16" class="chart-title">{escape(title)}</text>'
        + "".join(body)
        + "".join(items)
        + "</svg>"
    )


def _axis(top: float, fmt: Callable[[float], str]) -> list[str]:
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    out = []
    for i in range(5):
        value = top * i / 4
        y = PAD_TOP + plot_h - plot_h * i / 4
        out.append(
            f'<line x1="{PAD_LEFT}" y1="{y:.1f}" x2="{WIDTH - PAD_RIGHT}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">'
            f"{escape(fmt(value))}</text>"
        )
    return out


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    fmt: Callable[[float], str] = lambda v: f"{v:,.0f}",
    reference: tuple[str, float] | None = None,
) -> str:
    """Grouped vertical bars: one group per label, one bar per series (None: no bar). ``reference`` draws
    a dashed horizontal line (e.g. the 100% of a target)."""
    values = [v for _, vs in series for v in vs if v is not None]
    top = _nice_max(max([*values, reference[1] if reference else 0.0], default=0.0))
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    body = _axis(top, fmt)
    group_w = plot_w / max(len(labels), 1)
    bar_w = max(min(group_w * 0.8 / max(len(series), 1), 48.0), 2.0)
    for g, label in enumerate(labels):
        x0 = PAD_LEFT + g * group_w + (group_w - bar_w * len(series)) / 2
        for s, (name, vs) in enumerate(series):
            v = vs[g] if g < len(vs) else None
            if v is None:
                continue
            h = plot_h * max(v, 0.0) / top
            x, y = x0 + s * bar_w, PAD_TOP + plot_h - h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[s % len(COLOURS)]}">'
                f"<title>{escape(f'{label} {name}: {fmt(v)}')}</title></rect>"
            )
        short = label if len(label) <= 18 else label[:17] + "…"
        body.append(
            f'<text x="{PAD_LEFT + (g + 0.5) * group_w:.1f}" y="{HEIGHT - PAD_BOTTOM + 14}" class="tick" '
            f'text-anchor="middle">{escape(short)}</text>'
        )
    if reference is not None:
        y = PAD_TOP + plot_h - plot_h * reference[1] / top
        body.append(
            f'<line x1="{PAD_LEFT}" y1="{y:.1f}" x2="{WIDTH - PAD_RIGHT}" y2="{y:.1f}" class="reference"/>'
            f'<text x="{WIDTH - PAD_RIGHT}" y="{y - 4:.1f}" class="tick" text-anchor="end">'
            f"{escape(reference[0])}</text>"
        )
    return _frame(title, body, [name for name, _ in series])


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    fmt: Callable[[float], str] = lambda v: f"{v:,.0f}",
) -> str:
    """One line per series over ``labels`` (a gap where a value is None); a dot on every point."""
    values = [v for _, vs in series for v in vs if v is not None]
    top = _nice_max(max(values, default=0.0))
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    body = _axis(top, fmt)
    n = len(labels)
    step = plot_w / max(n - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = PAD_LEFT + (i * step if n > 1 else plot_w / 2)
        return x, PAD_TOP + plot_h - plot_h * max(v, 0.0) / top

    for s, (name, vs) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        run: list[str] = []
        for i, v in enumerate(vs):
            if v is None:
                if len(run) > 1:
                    body.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}"/>')
                run = []
                continue
            x, y = xy(i, v)
            run.append(f"{x:.1f},{y:.1f}")
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}">'
                f"<title>{escape(f'{labels[i]} {name}: {fmt(v)}')}</title></circle>"
            )
        if len(run) > 1:
            body.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}"/>')
    every = max(1, n // 8)
    for i, label in enumerate(labels):
        if i % every == 0 or i == n - 1:
            x, _ = xy(i, 0.0)
            body.append(
                f'<text x="{x:.1f}" y="{HEIGHT - PAD_BOTTOM + 14}" class="tick" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    return _frame(title, body, [name for name, _ in series])
