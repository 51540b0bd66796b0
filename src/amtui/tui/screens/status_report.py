"""Status report: one account's weekly agenda (results vs KPIs, budget, change orders, escalations,
decisions, next steps) rendered as Markdown, with the period switchable and an export to a file."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Markdown, Static

from amtui.core import clock
from amtui.tui.messages import DataChanged, ReportRead, fresh
from amtui.tui.screens.base import AmScreen
from amtui.tui.widgets.key_bar import KeyBar


class StatusReportScreen(AmScreen):
    """The agenda for ``account``; ``e`` writes it to ``<account>-status-<to>.md`` in ``export_dir``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("7", "period('week')", "7 days", id="status_report.week"),
        Binding("m", "period('month')", "Month", id="status_report.month"),
        Binding("w", "export", "Export .md", id="status_report.export"),
        Binding("f5", "reload", "Reload", id="status_report.reload"),
        Binding("escape", "back", "Back", id="status_report.back"),
    ]

    def __init__(self, account: str, *, today: date | None = None, export_dir: Path | None = None) -> None:
        super().__init__()
        self.account = account
        self._today = today
        self.export_dir = export_dir or Path.cwd()
        self.period = "week"
        self.text = ""

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
            yield Markdown("Loading…", id="report-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    def span(self) -> tuple[date, date]:
        if self.period == "month":
            return self.today.replace(day=1), self.today
        return self.today - timedelta(days=6), self.today

    def action_period(self, period: str) -> None:
        self.period = period
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
                text = render_markdown(status_report(session, self.account, first, last))
        except AmtuiError as exc:
            text = f"**{exc}**"
        self.post_message(ReportRead(text))

    @on(ReportRead)
    @fresh
    def _report_read(self, message: ReportRead) -> None:
        self.show(message.text)

    def show(self, text: str) -> None:
        self.text = text
        self.query_one("#report-body", Markdown).update(text)
        first, last = self.span()
        self.query_one("#report-title", Static).update(
            f"Status report · {self.account} · {first.isoformat()} → {last.isoformat()}"
        )

    def action_export(self) -> None:
        if not self.text:
            return
        _, last = self.span()
        from amtui.core.errors import AmtuiError
        from amtui.store import write_private

        stem = f"{self.account}-status-{last.isoformat()}"
        path, n = self.export_dir / f"{stem}.md", 1
        while path.exists() or path.is_symlink():  # an earlier export is kept, never overwritten
            n += 1
            path = self.export_dir / f"{stem}-{n}.md"
        try:
            write_private(path, self.text)  # 0600, through a temporary file, never through a link
        except AmtuiError as exc:
            self.notify(f"Could not write {path}: {exc}", severity="error")
            return
        except OSError as exc:
            self.notify(f"Could not write {path}: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"Wrote {path}")
