"""One of a report's charts in the terminal (plotext), drawn from the same chart data as the HTML page's.

The chart (:class:`amtui.exporters.report_charts.Chart`) is what pygal draws in the HTML export: the same
labels, series and reference line. Bars and lines share one x axis (1…n, labelled with the chart's labels);
an unknown value (a day after the latest import) is a gap in a line and no bar. A chart with a line among its
series (spend against the plan) draws every series as a line, as the HTML does. Money is drawn in the
currency's units (cents / 100, for drawing only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual_plotext import PlotextPlot

if TYPE_CHECKING:
    from amtui.exporters.report_charts import Chart

COLOURS = ("cyan", "orange", "green", "red")


class ReportChart(PlotextPlot):
    """A chart of the status report; ``chart`` is what it shows (None: hidden)."""

    DEFAULT_CSS: ClassVar[str] = """
    ReportChart {
        height: 14;
        min-height: 8;
    }
    """

    chart: Chart | None = None

    def show_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        self.display = chart is not None
        if chart is None:
            return
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        scale = 100 if chart.unit == "money" else 1
        xs = list(range(1, len(chart.labels) + 1))
        # As in the HTML (pygal draws one kind per chart): with a line among the series, all are lines — a
        # line drawn over bars would blank the cells it crosses.
        lines = any(s.kind == "line" for s in chart.series)
        bars = [] if lines else list(chart.series)
        if len(bars) == 1:
            plt.bar(
                xs,
                [(v or 0) / scale for v in bars[0].values],
                label=bars[0].name,
                color=COLOURS[0],
                width=0.6,
            )
        elif bars:
            # plotext takes one label and one colour per series here; textual-plotext's stubs say one in all.
            plt.multiple_bar(  # type: ignore[call-arg]
                xs,
                [[(v or 0) / scale for v in s.values] for s in bars],
                labels=[s.name for s in bars],
                color=list(COLOURS[: len(bars)]),  # type: ignore[arg-type]
            )
        # The first series (spend) drawn last: on top where it crosses the plan.
        for n, s in reversed(list(enumerate(chart.series if lines else []))):
            known = [(x, v / scale) for x, v in zip(xs, s.values, strict=True) if v is not None]
            if known:
                plt.plot(
                    [x for x, _ in known],
                    [v for _, v in known],
                    label=s.name,
                    color=COLOURS[n % len(COLOURS)],
                    marker="braille",
                )
        top = max([v for s in chart.series for v in s.values if v is not None] or [0.0])
        if chart.unit == "pct":
            top = max(top, 100.0)  # half done looks half done, as in the HTML
        if chart.reference is not None:
            top = max(top, chart.reference[1])
            plt.hline(chart.reference[1] / scale, "red")
        plt.ylim(0, (top / scale) * 1.15 or 1)
        every = max(1, len(xs) // 6)
        room = 24 if len(xs) <= 3 else 12  # a few categories (KPIs, projects) get their whole name
        shown = [(x, lbl[:room]) for x, lbl in zip(xs, chart.labels, strict=True) if (x - 1) % every == 0]
        plt.xticks([x for x, _ in shown], [lbl for _, lbl in shown])
        plt.title(chart.title + (f" ({'; '.join(chart.notes)})" if chart.notes else ""))
        plt.ylabel({"money": chart.currency, "pct": "%"}.get(chart.unit, ""))
        self.refresh()
