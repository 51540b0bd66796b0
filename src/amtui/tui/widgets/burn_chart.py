"""A project's burn chart: cumulative actual against the current budget, the EAC projection, today marked."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual_plotext import PlotextPlot

if TYPE_CHECKING:
    from amtui.services.money.burn import BurnSeries


def _k(cents: int) -> float:
    """Cents → thousands of the currency, the chart's unit (a ratio for drawing, never stored)."""
    return cents / 100_000


class BurnChart(PlotextPlot):
    """Days since the project started on x, thousands on y."""

    DEFAULT_CSS: ClassVar[str] = """
    BurnChart {
        height: 16;
        min-height: 8;
        border-top: solid $primary-darken-2;
    }
    """

    series: BurnSeries | None = None

    def show_series(self, s: BurnSeries) -> None:
        self.series = s
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        start = s.start_on or (s.days[0] if s.days else s.as_of)
        end = s.end_on or s.as_of

        def x(d: date) -> int:
            return (d - start).days

        xs = [x(start)] + [x(d) for d in s.days if d >= start]
        ys = [0.0] + [_k(c) for d, c in zip(s.days, s.cumulative_cents, strict=True) if d >= start]
        # Flat to today: nothing logged since the last entry.
        if s.as_of >= start and (not s.days or s.days[-1] < s.as_of):
            xs.append(x(s.as_of))
            ys.append(ys[-1])
        plt.plot(xs, ys, label="actual", color="cyan", marker="braille")
        span = [x(start), max(x(end), x(s.as_of))]
        plt.plot(span, [_k(s.current_budget_cents)] * 2, label="current budget", color="green")
        if s.eac_cents is not None and s.as_of < end:
            plt.plot([x(s.as_of), x(end)], [ys[-1], _k(s.eac_cents)], label="EAC", color="orange")
        plt.vline(x(s.as_of), "red")
        h = s.health
        plt.title(f"{s.project} — burn {_pct(h.burn)}, {h.status} (today = red line)")
        plt.xlabel(f"days since {start.isoformat()}")
        plt.ylabel(f"{s.currency} thousands")
        self.refresh()


def _pct(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio * 100:.0f}%"
