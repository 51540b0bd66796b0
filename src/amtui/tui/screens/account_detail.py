"""One account: contacts (current and former, who is primary), primary history, projects, open follow-ups,
the interaction log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, Static

from amtui.tui.screens.account_edits import AccountEdits
from amtui.tui.screens.base import DataScreen
from amtui.tui.widgets.paged_table import PagedTable

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.base.paging import Page
    from amtui.services.clients.account_settings import AccountSettings
    from amtui.services.clients.accounts import AccountDetail, InteractionInfo
    from amtui.services.clients.followups import FollowUpInfo
    from amtui.services.clients.projects import ProjectInfo
    from amtui.services.overview.health import AccountHealth


@dataclass(frozen=True)
class ProjectLine:
    info: ProjectInfo
    #: From the budget services when they are in the book: status and burn (None: unknown).
    status: str | None = None
    burn: float | None = None
    current_budget_cents: int | None = None


@dataclass(frozen=True)
class DetailData:
    detail: AccountDetail
    projects: list[ProjectLine]
    health: AccountHealth | None = None
    follow_ups: list[FollowUpInfo] = field(default_factory=list)
    settings: AccountSettings | None = None


class AccountDetailScreen(AccountEdits, DataScreen):
    """Everything about one account, with forms to log an interaction and add contacts and projects."""

    TITLE = "Account"
    LOADING_TARGET = "#detail"
    AUTO_FOCUS = "#interactions"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="account.back"),
        Binding("n", "log", "Log entry", id="account.log"),
        Binding("k", "contact", "Add contact", id="account.contact"),
        Binding("j", "project", "Add project", id="account.project"),
        Binding("f", "follow_up", "Add follow-up", id="account.follow_up"),
        Binding("R", "status_report", "Status report", id="account.status_report"),
        # Changing what is there (account_edit_forms, project_edit_form): Enter on a row edits it too.
        Binding("d", "edit_account", "Edit account", id="account.edit"),
        Binding("J", "edit_project", "Edit project", id="account.edit_project"),
        Binding("P", "contact('primary')", "Make primary", id="account.primary"),
        Binding("L", "contact('leave')", "Contact left", id="account.leave"),
        Binding("x,delete", "delete_log", "Delete log entry", id="account.delete_log"),
        Binding("X", "archive", "Archive account", id="account.archive"),
        Binding("z", "snooze", "Snooze follow-up", id="account.snooze"),
    ]

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug

    def body(self) -> ComposeResult:
        with Vertical(id="detail"):
            yield Static("", id="account-head", classes="title")
            yield Static("", id="account-alert", classes="alert")
            yield Static("", id="account-health")
            with Horizontal(id="account-top"):
                with Vertical(classes="panel"):
                    yield Label("Contacts", classes="panel-title")
                    yield DataTable(id="contacts", cursor_type="row")
                    yield Label("Primary contact history", classes="panel-title")
                    yield DataTable(id="primary-history", cursor_type="row", show_cursor=False)
                with Vertical(classes="panel"):
                    yield Label("Projects", classes="panel-title")
                    yield DataTable(id="projects", cursor_type="row")
            yield Label("Open follow-ups (f adds one)", classes="panel-title", id="follow-ups-title")
            yield DataTable(id="follow-ups", cursor_type="row")
            yield Label("Interaction log (n adds an entry)", classes="panel-title", id="interactions-title")
            yield PagedTable(_add_interaction, id="interactions", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#contacts", DataTable).add_columns("Name", "Role", "Primary", "Joined", "Left")
        self.query_one("#primary-history", DataTable).add_columns("Primary", "From", "To")
        self.query_one("#projects", DataTable).add_columns("Project", "Billing", "Budget", "Burn", "Status")
        self.query_one("#follow-ups", DataTable).add_columns("Ref", "Due", "Follow-up", "About")
        self.query_one("#interactions", DataTable).add_columns("Date", "Kind", "With", "Summary")

    def fetch(self, session: Session) -> DetailData:
        from amtui.services.clients.account_settings import account_settings
        from amtui.services.clients.accounts import account_detail
        from amtui.services.clients.followups import list_follow_ups
        from amtui.services.clients.projects import list_projects
        from amtui.services.money.budget import book_health
        from amtui.services.overview.health import account_health

        detail = account_detail(session, self.slug, interactions=0)  # the log is read a page at a time
        health = {h.project: h for h in book_health(session, account=self.slug, as_of=self.today)}
        lines = []
        for p in list_projects(session, self.slug):
            h = health.get(p.ref)
            lines.append(
                ProjectLine(p)
                if h is None
                else ProjectLine(p, status=h.status, burn=h.burn, current_budget_cents=h.current_budget_cents)
            )
        return DetailData(
            detail,
            lines,
            account_health(session, self.slug, self.today),
            list_follow_ups(session, self.slug, today=self.today),
            account_settings(session, self.slug),
        )

    def show(self, data: DetailData) -> None:
        from amtui.core.money import format_money

        self.data = data
        d = data.detail
        s = d.summary
        self.title = s.name
        renewal = f" · renews {s.renewal_on.isoformat()}" if s.renewal_on else ""
        self.query_one("#account-head", Static).update(
            f"{s.name} ({s.slug}) · {s.industry or 'no industry'} · {s.contract}{renewal}"
        )
        alert = self.query_one("#account-alert", Static)
        left = d.primary_left
        alert.update(f"Primary contact {left} left; nobody replaced them." if left else "")
        alert.display = bool(d.primary_left)

        self.query_one("#account-health", Static).update(_health_text(data.health))

        contacts: DataTable[Any] = self.query_one("#contacts", DataTable)
        contacts.clear()
        for c in d.contacts:
            style = "" if c.current else "dim strike"
            contacts.add_row(
                Text(c.name, style=style),
                Text(c.role or "", style=style),
                Text("primary", style="bold green") if c.primary and c.current else "",
                c.joined_on.isoformat() if c.joined_on else "",
                Text(c.left_on.isoformat(), style="red") if c.left_on else "",
                key=c.name,
            )
        history: DataTable[Any] = self.query_one("#primary-history", DataTable)
        history.clear()
        for period in d.primary_history:
            until = period.to_date.isoformat() if period.to_date else "now"
            history.add_row(period.contact, period.from_date.isoformat(), until)

        projects: DataTable[Any] = self.query_one("#projects", DataTable)
        projects.clear()
        for line in data.projects:
            p = line.info
            budget = line.current_budget_cents if line.current_budget_cents is not None else p.budget_cents
            projects.add_row(
                Text(p.name),
                p.billing,
                format_money(budget, p.currency, whole=True),
                f"{line.burn:.0%}" if line.burn is not None else "—",
                Text(line.status or p.status, style=_STATUS_STYLE.get(line.status or "", "")),
                key=p.ref,
            )

        self._show_follow_ups(data.follow_ups)

    def _show_follow_ups(self, follow_ups: list[FollowUpInfo]) -> None:
        table: DataTable[Any] = self.query_one("#follow-ups", DataTable)
        table.clear()
        for f in follow_ups:
            due = Text(f.due_on.isoformat())
            if f.overdue:
                due.append(f" ({f.days_overdue}d overdue)", style="bold red")
            elif f.due_today:
                due.append(" (today)", style="yellow")
            about = ", ".join(x for x in (f.project, f.contact, f.escalation, f.change_order) if x)
            table.add_row(f.ref, due, f.title, about, key=f.ref)
        table.display = bool(follow_ups)  # "none" in the title says it; no empty header row
        self.query_one("#follow-ups-title", Label).update(
            f"Open follow-ups ({len(follow_ups)}; f adds one)"
            if follow_ups
            else "Open follow-ups: none (f adds one)"
        )

    def reload(self) -> None:
        from functools import partial

        super().reload()
        self.query_one("#interactions", PagedTable).load(partial(_page, slug=self.slug), keep=True)

    def on_paged_table_paged(self, event: PagedTable.Paged) -> None:
        self.query_one("#interactions-title", Label).update(
            f"Interaction log · {event.label} (n adds an entry)"
        )

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_log(self) -> None:
        from amtui.tui.screens.account_forms import InteractionForm

        self.app.push_screen(InteractionForm(self.slug))

    def action_status_report(self) -> None:
        """This account's status report (client version first; v switches)."""
        from amtui.tui.screens.status_report import StatusReportScreen

        self.app.push_screen(StatusReportScreen(self.slug))

    def action_follow_up(self) -> None:
        from amtui.tui.screens.followup_forms import FollowUpForm

        self.app.push_screen(FollowUpForm(self.slug))

    def action_project(self) -> None:
        from amtui.tui.screens.account_forms import ProjectForm

        self.app.push_screen(ProjectForm(self.slug))


_STATUS_STYLE = {"on-track": "green", "watch": "yellow", "at-risk": "red", "over": "bold red"}
_BAND_STYLE = {"healthy": "bold green", "watch": "bold yellow", "at-risk": "bold red"}


def _health_text(h: AccountHealth | None) -> Text:
    """``Health 62/100 (watch)`` and every factor under it as ``amtui health ACCOUNT`` lists them (one
    function, :func:`~amtui.services.overview.health.factor_line`): what each measured and what it cost."""
    from amtui.services.overview.health import factor_line

    if h is None:
        return Text("")
    out = Text("Health ")
    out.append(f"{h.score}/100 ({h.band})", style=_BAND_STYLE.get(h.band, "bold"))
    if h.previous_on is not None and h.change is not None:
        out.append(f" ({h.change:+d} since {h.previous_on.isoformat()})", style="dim")
    for f in h.factors:
        style = "dim" if not f.measured or not f.cost else ("bold red" if f.cost >= 10 else "yellow")
        out.append("\n  ")
        out.append(factor_line(f), style=style)
    return out


def _page(session: Session, offset: int, limit: int, *, slug: str) -> Page[InteractionInfo]:
    from amtui.services.clients.accounts import page_interactions

    return page_interactions(session, slug, offset=offset, limit=limit)


def _add_interaction(table: PagedTable, i: InteractionInfo) -> None:
    table.add_row(i.occurred_on.isoformat(), i.kind, i.contact or "", i.summary, key=str(i.id))
