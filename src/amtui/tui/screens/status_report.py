"""Status report: one account's weekly agenda (results vs KPIs, budget, change orders, decisions, next steps)
rendered as Markdown, for the client or internal, over a period the account manager picks, and exported.

Opened with ``R`` on the Accounts screen and on an account, or from the command palette ("Status report …").
The client version is the default (what is exported is what a client may be sent); ``v`` switches to the
internal one (escalations, risks, pipeline, notes, actuals, burn, cost, margin). The charts above the text
are the HTML export's, drawn with plotext from the same chart data; the burn chart is the internal version's
(or a client's the account lets see it). The report is the one
:func:`~amtui.services.overview.reports.status_report` builds for ``amtui report status``, rendered by the
same exporters, and written by the same writer (``amtui.store.write_private``: 0600, never through a link).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.widgets import Header, Markdown, Static

from amtui.core import clock
from amtui.tui.messages import DataChanged, ReportRead, fresh
from amtui.tui.screens.base import AmScreen
from amtui.tui.widgets.key_bar import KeyBar
from amtui.tui.widgets.report_chart import ReportChart

if TYPE_CHECKING:
    from amtui.services.overview.report_model import StatusReport


CHART_KEYS = ("spend", "conversions", "kpi", "progress", "burn")


class StatusReportScreen(AmScreen):
    """The agenda for ``account``; ``w`` writes it to ``<account>-status-<to>-<audience>.md`` in
    ``export_dir``, ``h`` the same as a self-contained HTML page with its charts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "audience", "Client/internal", id="status_report.audience"),
        Binding("7", "period('week')", "7 days", id="status_report.week"),
        Binding("m", "period('month')", "Month", id="status_report.month"),
        Binding("left_square_bracket", "shift(-1)", "Earlier", id="status_report.earlier"),
        Binding("right_square_bracket", "shift(1)", "Later", id="status_report.later"),
        Binding("w", "export('md')", "Export .md", id="status_report.export"),
        Binding("h", "export('html')", "Export .html", id="status_report.export_html"),
        Binding("f5", "reload", "Reload", id="status_report.reload"),
        Binding("escape", "back", "Back", id="status_report.back"),
    ]

    def __init__(
        self,
        account: str,
        *,
        today: date | None = None,
        export_dir: Path | None = None,
        audience: str = "client",
    ) -> None:
        super().__init__()
        self.account = account
        self._today = today
        self.export_dir = export_dir or Path.cwd()
        self.audience = audience
        self.period = "week"
        self.periods_from_now = 0  # periods back from the current one (-1: the one before)
        self.text = ""
        self.report: StatusReport | None = None

    @property
    def today(self) -> date:
        """The date given, else the app's (the shell can fix one for tests), else the real date."""
        app_today = getattr(self.app, "today", None)
        return self._today or (app_today if isinstance(app_today, date) else clock.today())

    def on_data_changed(self, message: DataChanged) -> None:
        """The book changed (a one-liner, another window): reload."""
        self.load()

    def action_back(self) -> None:
        """Back to the previous screen when this one was pushed; a top-level screen stays."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(f"Status report · {self.account}", id="report-title", classes="title")
        with VerticalScroll(id="report-scroll"):
            with Grid(id="report-charts"):
                for key in CHART_KEYS:
                    yield ReportChart(id=f"report-chart-{key}")
            yield Markdown("Loading…", id="report-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    def span(self) -> tuple[date, date]:
        """The period shown: the last 7 days or this month to date, moved by ``periods_from_now`` periods
        (a past period is whole: a month back is the whole month)."""
        from amtui.core.dates import add_months

        if self.period == "month":
            first = add_months(self.today.replace(day=1), self.periods_from_now)
            last = self.today if self.periods_from_now == 0 else add_months(first, 1) - timedelta(days=1)
            return first, last
        last = self.today + timedelta(days=7 * self.periods_from_now)
        return last - timedelta(days=6), last

    def action_period(self, period: str) -> None:
        self.period = period
        self.periods_from_now = 0
        self.load()

    def action_shift(self, step: int) -> None:
        """One period earlier or later (never past today)."""
        self.periods_from_now = min(self.periods_from_now + step, 0)
        self.load()

    def action_audience(self) -> None:
        self.audience = "internal" if self.audience == "client" else "client"
        self.load()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="status_report")
    def load(self) -> None:
        from amtui.core.errors import AmtuiError
        from amtui.exporters.status_report import render_markdown
        from amtui.services.overview.reports import status_report

        first, last = self.span()
        try:
            with self.app.store.read() as session:
                report = status_report(session, self.account, first, last, audience=self.audience)
            self.post_message(ReportRead(render_markdown(report), report))
        except AmtuiError as exc:
            self.post_message(ReportRead(f"**{exc}**"))

    @on(ReportRead)
    @fresh
    def _report_read(self, message: ReportRead) -> None:
        self.report = message.report
        self.show(message.text)
        self.show_charts(message.report)

    def show_charts(self, report: StatusReport | None) -> None:
        """The HTML export's charts, from the same chart data (:mod:`amtui.exporters.report_charts`): spend
        against the media plan, conversions, KPI attainment, budget progress, and the burn when this
        version of the report carries it. A chart with nothing to show is hidden."""
        from amtui.exporters.report_charts import status_charts

        charts = {c.key: c for group in status_charts(report).values() for c in group} if report else {}
        # query, not query_one: a report read as the screen closes finds its charts already gone.
        for widget in self.query(ReportChart):
            widget.show_chart(charts.get((widget.id or "").removeprefix("report-chart-")))
        for grid in self.query("#report-charts").results(Grid):
            grid.display = bool(charts)

    def show(self, text: str) -> None:
        self.text = text
        self.query_one("#report-body", Markdown).update(text)
        first, last = self.span()
        who = "for the client" if self.audience == "client" else "internal — not for the client"
        self.query_one("#report-title", Static).update(
            f"Status report · {self.account} · {first.isoformat()} → {last.isoformat()} · {who} (v switches)"
        )

    def export_path(self, fmt: str) -> Path:
        """Where the next export goes: a new file, never one already there (an earlier export, or the
        user's own edits of it, is kept): ``…-client.md``, then ``…-client-2.md`` …"""
        _, last = self.span()
        stem = f"{self.account}-status-{last.isoformat()}-{self.audience}"
        path, n = self.export_dir / f"{stem}.{fmt}", 1
        while path.exists() or path.is_symlink():
            n += 1
            path = self.export_dir / f"{stem}-{n}.{fmt}"
        return path

    def action_export(self, fmt: str = "md") -> None:
        """Write the version on screen (client unless switched), through the CLI's writer."""
        from amtui.core.errors import AmtuiError
        from amtui.store import write_private

        report = self.report
        if report is None or report.audience != self.audience:
            self.notify("The report is still loading", severity="warning")
            return
        if fmt == "html":
            from amtui.exporters.report_html import status_html

            body = status_html(report)
        else:
            body = self.text
        path = self.export_path(fmt)
        try:
            write_private(path, body)
        except AmtuiError as exc:
            self.notify(str(exc), severity="error")
            return
        except OSError as exc:
            self.notify(f"Could not write {path}: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"Wrote the {report.audience} version to {path}")
