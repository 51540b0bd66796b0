"""The HTML reports' charts as inline SVG, drawn by pygal from :mod:`amtui.exporters.report_charts`.

The page must stay one self-contained file with no script and nothing loaded, so pygal is told: no
script (``js=[]``, and its inline config script — only its tooltips read it — is taken out through pygal's
``add_xml_filter`` hook), no XML declaration (the SVG sits inside HTML), an explicit style (the page's
colours and system font; pygal's own CSS is inlined in the SVG), and a stable id per chart (pygal's default
is a random uuid: two renders of the same report are the same bytes). pygal is imported on the first chart,
so a Markdown report or a one-liner never pays for it.
"""

from __future__ import annotations

import re
from typing import Any

from amtui.exporters.report_charts import Chart, label

COLOURS = ("#2f6db5", "#e08a2c", "#3b9c5a", "#b8474a")
WIDTH, HEIGHT = 640, 280
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _style(reference: bool) -> Any:
    from pygal.style import Style

    return Style(
        background="white",
        plot_background="white",
        foreground="#1d2330",
        foreground_strong="#1d2330",
        foreground_subtle="#4a5262",
        colors=COLOURS,
        font_family='system-ui, -apple-system, "Segoe UI", sans-serif',
        title_font_size=14,
        legend_font_size=12,
        label_font_size=11,
        major_label_font_size=11,
        guide_stroke_color="#e3e6eb",
        # The one major guide is the reference (a KPI's 100%): red and dashed; otherwise guides are all alike.
        major_guide_stroke_color="#b8474a" if reference else "#e3e6eb",
        major_guide_stroke_dasharray="6,4" if reference else "4,4",
        stroke_width="2",
        opacity="0.9",
        opacity_hover="1",
    )


def _no_script(root: Any) -> Any:
    """pygal's xml filter: drop every <script> (the inline config its tooltips script would read)."""
    for parent in list(root.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


def _ticks(top: float, reference: float) -> list[float]:
    """Round y-axis ticks from 0 past ``top``, with the reference value among them."""
    span = max(top, reference) * 1.1 or 1.0
    raw = span / 5
    power = 10.0 ** (len(str(int(raw))) - 1) if raw >= 1 else 1.0
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    ticks = [i * step for i in range(int(span // step) + 2)]
    return sorted({*ticks, reference})


def render(chart: Chart, number: int = 0) -> str:
    """One chart as an ``<svg class="pygal-chart">`` element, ready to inline in the page."""
    import pygal

    lines = any(s.kind == "line" for s in chart.series)
    values = [v for s in chart.series for v in s.values if v is not None]
    config: dict[str, Any] = {
        "js": [],
        "disable_xml_declaration": True,
        "style": _style(chart.reference is not None),
        "width": WIDTH,
        "height": HEIGHT,
        "title": chart.title + (f" ({'; '.join(chart.notes)})" if chart.notes else ""),
        "legend_at_bottom": True,
        "legend_at_bottom_columns": max(len(chart.series), 1),
        "value_formatter": lambda v: label(chart, v),
        "truncate_label": -1 if len(chart.labels) <= 4 else 18,  # a few KPIs or projects: whole names
        "x_label_rotation": 30 if len(chart.labels) > 8 else 0,
        "show_minor_x_labels": len(chart.labels) <= 16,
        "x_labels_major_every": max(1, len(chart.labels) // 8),
        "include_x_axis": True,
        "max_scale": 8,  # at most ~8 y-axis ticks (pygal's default allows 16: a crowded money axis)
        "print_values": False,
        "no_data_text": "No data",
    }
    if chart.reference is not None or chart.unit == "pct":
        # A percentage axis reaches at least 100% (half done looks half done); the reference is a tick.
        mark = chart.reference[1] if chart.reference is not None else 100.0
        config["y_labels"] = _ticks(max(values, default=0.0), mark)
        if chart.reference is not None:
            config["y_labels_major"] = [mark]
        config["show_minor_y_labels"] = True
    graph = (pygal.Line if lines else pygal.Bar)(**config)
    graph.uuid = f"{chart.key}-{number}"
    graph.x_labels = chart.labels
    for s in chart.series:
        # pygal draws one kind per chart: with a line among the series (the plan), every series is a line.
        extra: dict[str, Any] = {}
        if s.kind == "line" and s.name == "media plan":
            extra["stroke_style"] = {"width": 2, "dasharray": "6, 4"}
            extra["show_dots"] = False
        graph.add(s.name, s.values, **extra)
    graph.add_xml_filter(_no_script)
    svg: str = graph.render(is_unicode=True)
    return _COMMENT.sub("", svg)
