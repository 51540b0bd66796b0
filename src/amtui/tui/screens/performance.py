"""Performance: each project's results over a period against its targets, campaign by campaign.

The period is chosen with keys (7, 30 or 90 days, or this month); the campaigns of the highlighted project,
with a spend sparkline per campaign and one for the project, show below. Loads in a thread worker.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Sparkline, Static

from amtui.tui.messages import PerformanceRead, fresh
from amtui.tui.screens.base import ListScreen
from amtui.tui.widgets.key_bar import KeyBar
from amtui.tui.widgets.loading import is_loading, start_loading, stop_loading

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.growth.performance import KpiCheck, ProjectPerformance
    from amtui.tui.app import AmApp

PERIODS = {"week": 7, "30d": 30, "90d": 90}


def _checks(checks: list[KpiCheck]) -> str:
    marks = {"met": "[green]✓[/]", "missed": "[red]✗[/]"}
    parts = []
    for k in checks:
        actual = k.actual_display.split(" (")[0]
        parts.append(f"{k.metric.upper()} {actual} vs {k.target_display} {marks.get(k.status, '·')}")
    return "  ".join(parts)


def span_of(period: str, today: date) -> tuple[date, date]:
    """The dates a period covers, ending ``today``: the calendar month so far, or the last N days."""
    if period == "month":
        return today.replace(day=1), today
    return today - timedelta(days=PERIODS[period] - 1), today


class PerformanceScreen(ListScreen):
    """Campaign results vs KPI targets, pacing and trends for the book."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("7", "period('week')", "7 days", id="performance.week"),
        Binding("3", "period('30d')", "30 days", id="performance.30d"),
        Binding("9", "period('90d')", "90 days", id="performance.90d"),
        Binding("m", "period('month')", "Month", id="performance.month"),
        Binding("k", "targets", "KPI targets", id="performance.targets"),
        Binding("M", "media_plan", "Media plan", id="performance.media_plan"),
        Binding("f5", "reload", "Reload", id="performance.reload"),
        Binding("escape", "back", "Back", id="performance.back"),
    ]

    def __init__(self, *, today: date | None = None) -> None:
        super().__init__(today=today)
        self.period = "30d"
        self.rows: list[ProjectPerformance] = []

    def open_ref(self, ref: str) -> None:
        """Put the cursor on the row ``ref`` (a Today line or a palette command opened this screen)."""
        self._pending_ref: str | None = ref
        self._apply_ref()

    def _apply_ref(self) -> None:
        ref = getattr(self, "_pending_ref", None)
        table = self.query_one("#perf-projects", DataTable)
        if not ref or is_loading(table):
            return
        from textual.widgets.data_table import RowKey

        key = ref.upper() if "/" not in ref else ref
        if RowKey(key) in table.rows:
            table.move_cursor(row=table.get_row_index(key))
            self._pending_ref = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Performance", id="perf-title", classes="title")
        yield DataTable(id="perf-projects", cursor_type="row", zebra_stripes=True)
        yield Static("", id="perf-project-line", classes="muted")
        yield Sparkline([], id="perf-spend")
        yield DataTable(id="perf-campaigns", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#perf-projects", DataTable).add_columns(
            "Project", "Spend", "Conv.", "CPA", "ROAS", "Pacing", "Targets"
        )
        self.query_one("#perf-campaigns", DataTable).add_columns(
            "Campaign",
            "Sources",
            "Spend",
            "Impr.",
            "Clicks",
            "CTR",
            "Conv.",
            "CPA",
            "ROAS",
            "Targets",
            "Trend",
        )
        # First visit: the prewarm has usually read the default period already; show it in this refresh.
        reads = getattr(self.app, "reads", None)
        rows = (
            reads.peek(self.first_view_key(self.today))
            if reads is not None and self.period == "30d"
            else None
        )
        if rows is not None:
            self.show(rows, *self.span())
            return
        start_loading(self.query_one("#perf-projects", DataTable))
        self.load()

    @staticmethod
    def first_view_key(today: date) -> tuple[str, date]:
        """The read cache's key for the default period (30 days) to ``today`` (read ahead by the prewarm)."""
        return ("performance", today)

    @classmethod
    def prefetch(cls, app: AmApp, session: Session) -> None:
        """Read the first visit's figures while the AM reads Today (called by the app's prewarm worker)."""
        from amtui.services.growth.performance import performance

        first, last = span_of("30d", app.today)
        app.reads.get(cls.first_view_key(app.today), lambda: performance(session, None, first, last))

    def span(self) -> tuple[date, date]:
        return span_of(self.period, self.today)

    def action_period(self, period: str) -> None:
        self.period = period
        self.load()

    def action_targets(self) -> None:
        """Set the highlighted project's KPI targets (``amtui kpi set``)."""
        from amtui.tui.screens.growth_forms import KpiTargetForm

        self.app.push_screen(KpiTargetForm(self._current() or ""))

    def action_media_plan(self) -> None:
        """A month of the highlighted project's media plan (``amtui media plan``)."""
        from amtui.tui.screens.rate_media_forms import MediaPlanForm

        self.app.push_screen(MediaPlanForm(self._current() or ""))

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="performance")
    def load(self) -> None:
        from amtui.services.growth.performance import performance

        first, last = self.span()
        with self.app.store.read() as session:
            rows = performance(session, None, first, last)
        self.post_message(PerformanceRead(rows, first, last))

    @on(PerformanceRead)
    @fresh
    def _performance_read(self, message: PerformanceRead) -> None:
        self.show(message.rows, message.first, message.last)

    def show(self, rows: list[ProjectPerformance], first: date, last: date) -> None:
        from amtui.core.money import format_money

        self.rows = rows
        self.query_one("#perf-title", Static).update(
            f"Performance · {first.isoformat()} → {last.isoformat()} ({self.period})"
        )
        table = self.query_one("#perf-projects", DataTable)
        table.clear()
        for p in rows:
            f = p.figures
            pace = p.pacing
            pacing = pace.status if pace.ratio is None else f"{pace.status} ({pace.ratio:.0%} of plan)"
            table.add_row(
                p.project,
                format_money(f.spend_cents, p.currency),
                f"{f.conversions_milli / 1000:,.1f}",
                format_money(f.cpa_cents, p.currency) if f.cpa_cents is not None else "—",
                "—" if f.roas is None else f"{f.roas:.2f}x",
                pacing,
                _checks(p.checks) or "—",
                key=p.project,
            )
        stop_loading(table)
        self._apply_ref()
        if rows:
            self.show_project(rows[0].project if table.cursor_row < 0 else self._current() or rows[0].project)
        else:
            self.query_one("#perf-project-line", Static).update(
                "No campaign results yet: amtui import metrics FILE --project ACCOUNT/PROJECT"
                " · press k to set KPI targets"
            )

    def _current(self) -> str | None:
        table = self.query_one("#perf-projects", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "perf-projects" and event.row_key.value is not None:
            self.show_project(str(event.row_key.value))

    def show_project(self, ref: str) -> None:
        from amtui.core.money import format_money
        from amtui.core.textchart import sparkline

        p = next((r for r in self.rows if r.project == ref), None)
        if p is None:
            return
        pace = p.pacing
        line = f"{p.project} · {p.name} · media "
        if pace.planned_to_date_cents is not None:
            line += (
                f"spent {format_money(pace.spent_to_date_cents, p.currency)} of "
                f"{format_money(pace.planned_to_date_cents, p.currency)} planned to date ({pace.status})"
            )
        else:
            line += pace.status.replace("-", " ")
        self.query_one("#perf-project-line", Static).update(line)
        self.query_one("#perf-spend", Sparkline).data = [float(v) for v in p.daily_spend_cents]
        table = self.query_one("#perf-campaigns", DataTable)
        table.clear()
        for c in p.campaigns:
            g = c.figures
            table.add_row(
                c.campaign,
                ", ".join(c.sources),
                format_money(g.spend_cents, p.currency),
                f"{g.impressions:,}",
                f"{g.clicks:,}",
                "—" if g.ctr_pct is None else f"{g.ctr_pct:.2f}%",
                f"{g.conversions_milli / 1000:,.1f}",
                format_money(g.cpa_cents, p.currency) if g.cpa_cents is not None else "—",
                "—" if g.roas is None else f"{g.roas:.2f}x",
                _checks(c.checks) or "—",
                sparkline(c.daily_spend_cents),
                key=c.campaign,
            )
