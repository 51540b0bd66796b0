"""The command palette's data-driven commands: open an account, log a call, add a contact or a project …

The provider reads the book's accounts and projects once per palette opening (in a thread) and offers a
command per account or project; a capability adds its own commands by appending a function to
:data:`COMMAND_SOURCES` (it gets the app and the loaded :class:`Book`, yields ``(title, help, callback)``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from amtui.tui.registry import available_screens

if TYPE_CHECKING:
    from amtui.tui.app import AmApp


@dataclass(frozen=True)
class Book:
    """What the palette needs to know: accounts (slug, name) and project refs (ref, name)."""

    accounts: list[tuple[str, str]] = field(default_factory=list)
    projects: list[tuple[str, str]] = field(default_factory=list)


Command = tuple[str, str, Callable[[], Any]]
CommandSource = Callable[["AmApp", Book], Iterator[Command]]


def _read_book(app: AmApp) -> Book:
    from amtui.services.clients.accounts import list_accounts
    from amtui.services.clients.projects import list_projects

    with app.store.read() as session:
        accounts = [(a.slug, a.name) for a in list_accounts(session)]
        projects = [(p.ref, p.name) for p in list_projects(session)]
    return Book(accounts, projects)


def _open(app: AmApp, form: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[], Any]:
    """A callback that builds the form only when the command is chosen."""
    return lambda: app.push_screen(form(*args, **kwargs))


def _screens(app: AmApp, book: Book) -> Iterator[Command]:
    for e in available_screens():
        yield f"Go to {e.title}", f"the {e.title} screen (key {e.key})", partial(app.action_go, e.id)


def _verbs(app: AmApp, book: Book) -> Iterator[Command]:
    """A form for every write, found by what the user wants to do ("add account", "raise invoice", "new")."""
    from amtui.tui.screens.account_forms import ContactForm, InteractionForm, ProjectForm
    from amtui.tui.screens.actual_forms import CostForm, TimeForm
    from amtui.tui.screens.book_forms import AccountForm, InvoiceForm
    from amtui.tui.screens.co_forms import DraftChangeOrderForm
    from amtui.tui.screens.escalation_forms import EscalationForm
    from amtui.tui.screens.estimate_forms import NewEstimateForm
    from amtui.tui.screens.growth_forms import KpiTargetForm, OpportunityForm
    from amtui.tui.screens.milestone_forms import AddMilestoneForm

    yield "Add account", "new client: amtui account add NAME", _open(app, AccountForm)
    yield "Add contact", "someone at a client: amtui contact add ACCOUNT NAME", _open(app, ContactForm)
    yield (
        "Add project",
        "with its budget: amtui project add ACCOUNT/PROJECT NAME --budget …",
        _open(app, ProjectForm),
    )
    yield "Log time", "hours on a project: amtui time REF HOURS", _open(app, TimeForm)
    yield "Log cost", "an expense on a project: amtui cost REF AMOUNT", _open(app, CostForm)
    yield "Log call", "or a meeting, an email: amtui log ACCOUNT SUMMARY", _open(app, InteractionForm)
    yield (
        "Draft change order",
        "new scope, priced: amtui add-change-order REF TITLE --amount …",
        _open(app, DraftChangeOrderForm),
    )
    yield "Raise invoice", "a draft invoice: amtui invoice add REF AMOUNT", _open(app, InvoiceForm)
    yield (
        "Invoices",
        "every invoice by status, overdue first: send, pay, credit, void (key I)",
        partial(app.action_go, "invoices"),
    )
    for verb in ("Send invoice", "Record payment", "Credit invoice", "Void invoice"):
        yield (
            verb,
            f"on the Invoices screen: highlight it, then {_INVOICE_KEYS[verb]}",
            partial(app.action_go, "invoices"),
        )
    yield (
        "Add escalation",
        "or a risk, a client complaint: amtui escalation add ACCOUNT SUMMARY",
        _open(app, EscalationForm),
    )
    yield (
        "Update escalation",
        "severity, owner, due, plan, a note: on Escalations, Enter or d on it (amtui escalation edit)",
        partial(app.action_go, "escalations"),
    )
    yield (
        "Resolve escalation",
        "on Escalations, y on it (amtui escalation resolve)",
        partial(app.action_go, "escalations"),
    )
    yield (
        "Add opportunity",
        "growth, upsell, new work: amtui opp add ACCOUNT TITLE --value … --probability …",
        _open(app, OpportunityForm),
    )
    yield (
        "Edit opportunity",
        "on Pipeline, Enter or d on it; y won, x lost (amtui opp edit|won|lost)",
        partial(app.action_go, "pipeline"),
    )
    yield "Set KPI targets", "CPA, ROAS, CTR …: amtui kpi set REF --cpa …", _open(app, KpiTargetForm)
    yield (
        "Add milestone",
        "to a project's timeline, previewing what moves: amtui milestone add REF NAME --after … --days …",
        _open(app, AddMilestoneForm),
    )
    yield (
        "Link milestones",
        "one after another: on Timeline, highlight it, then k (amtui milestone link M5 --after M3)",
        partial(app.action_go, "timeline"),
    )
    yield (
        "Unlink milestones",
        "on Timeline, highlight it, then x (amtui milestone unlink M5 --after M3)",
        partial(app.action_go, "timeline"),
    )
    yield (
        "Edit milestone",
        "name, owner, team, length, dates, hours: on Timeline, highlight it, then d (amtui milestone edit)",
        partial(app.action_go, "timeline"),
    )
    yield (
        "New estimate",
        'a draft estimate by team, priced from the rate card: amtui estimate new ACCOUNT "TITLE"',
        _open(app, NewEstimateForm),
    )


def _accounts(app: AmApp, book: Book) -> Iterator[Command]:
    from amtui.tui.screens.account_forms import ContactForm, InteractionForm, ProjectForm
    from amtui.tui.screens.status_report import StatusReportScreen

    for slug, name in book.accounts:
        yield (
            f"Open account: {name}",
            f"{slug}: contacts, projects, interaction log",
            partial(app.open_target, "account", slug),
        )
        yield (
            f"Status report: {name}",
            f"amtui report status {slug} --for client|internal (R on an account)",
            _open(app, StatusReportScreen, slug),
        )
        yield (
            f"Log a call with {name}",
            f"amtui log {slug} … --kind call",
            _open(app, InteractionForm, slug, kind="call"),
        )
        yield (
            f"Log a note on {name}",
            f"amtui log {slug} …",
            _open(app, InteractionForm, slug, kind="note"),
        )
        yield (
            f"Add a contact at {name}",
            f"amtui contact add {slug} …",
            _open(app, ContactForm, slug),
        )
        yield (
            f"Add a project for {name}",
            f"amtui project add {slug}/… ",
            _open(app, ProjectForm, slug),
        )


def _projects(app: AmApp, book: Book) -> Iterator[Command]:
    from amtui.tui.screens.actual_forms import CostForm, TimeForm

    for ref, name in book.projects:
        yield f"Log time on {ref}", f"{name}: amtui time {ref} HOURS", _open(app, TimeForm, ref)
        yield (
            f"Log a cost on {ref}",
            f"{name}: amtui cost {ref} AMOUNT",
            _open(app, CostForm, ref),
        )
        yield f"Budget of {ref}", f"{name}: burn chart and figures", partial(app.open_target, "budget", ref)


# ------------------------------------------------------------------------ edits (account_edit_forms …)


def _edits(app: AmApp, book: Book) -> Iterator[Command]:
    """The edit forms, by what the user wants to change (``amtui account|project edit`` …)."""
    from amtui.tui.screens.account_edit_forms import open_account_edit
    from amtui.tui.screens.project_edit_form import open_project_edit

    for slug, name in book.accounts:
        yield (
            f"Edit account: {name}",
            f"name, contract, renewal, notes, what the client sees: amtui account edit {slug} (d on it)",
            partial(open_account_edit, app, slug),
        )
    for ref, name in book.projects:
        yield (
            f"Edit project {ref}",
            f"{name}: budget, end date, rate, media budget …, health after: amtui project edit {ref}",
            partial(open_project_edit, app, ref),
        )
    yield (
        "Edit contact",
        "role, email, phone; primary (P), left (L): on the account, Enter on them (amtui contact edit)",
        partial(app.action_go, "accounts"),
    )
    yield (
        "Edit log entry",
        "or delete it (x): on the account, Enter on the entry (amtui log edit|delete)",
        partial(app.action_go, "accounts"),
    )
    from amtui.tui.screens.rate_media_forms import MediaPlanForm, RateForm

    yield (
        "Set rate",
        "a team's bill and cost rate: amtui rate set TEAM --bill … --cost … ($ on Estimates)",
        _open(app, RateForm),
    )
    yield (
        "Set media plan",
        "a project's media budget for a month: amtui media plan REF --month --amount (M on Performance)",
        _open(app, MediaPlanForm),
    )
    yield (
        "Edit change order",
        "title, fee, hours, days, reason of a draft or sent one: on Change orders, d (amtui co edit)",
        partial(app.action_go, "change-orders"),
    )
    yield (
        "Edit cost",
        "or delete one: on Budget, C on the project, then Enter (or x) on the cost (amtui cost edit|delete)",
        partial(app.action_go, "budget"),
    )
    yield (
        "Archive account",
        "it leaves the lists and Today: on the account, X (amtui account archive)",
        partial(app.action_go, "accounts"),
    )


#: Every source of palette commands; capabilities append theirs.
COMMAND_SOURCES: list[CommandSource] = [_verbs, _screens, _accounts, _projects, _edits]
#: What the palette lists before anything is typed: the verbs first (a new user's way in), then the screens.
DISCOVER = (
    "Add ",
    "Log ",
    "Draft ",
    "Raise ",
    "Link ",
    "Invoices",
    "Update ",
    "Resolve ",
    "Edit ",
    "Set ",
    "Archive ",
    "Go to",
    "Open account",
)
#: The Invoices screen's key for each invoice verb.
_INVOICE_KEYS = {"Send invoice": "s", "Record payment": "y", "Credit invoice": "k", "Void invoice": "v"}


class AmCommands(Provider):
    """Commands built from the data in the book."""

    @property
    def am(self) -> AmApp:
        """The running app, typed (``getters.app`` does this for widgets; a Provider is not one)."""
        from amtui.tui.app import AmApp  # deferred: the app loads this provider when the palette opens

        app = self.app
        assert isinstance(app, AmApp)
        return app

    async def startup(self) -> None:
        app = self.am
        try:
            book = await asyncio.to_thread(_read_book, app)
        except Exception:  # noqa: BLE001 - a palette without data commands still works
            book = Book()
        self.commands: list[Command] = [c for source in COMMAND_SOURCES for c in source(app, book)]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self.commands:
            # The help line counts too: "new", "client", "expense" find the verb that does it.
            score = max(matcher.match(title), matcher.match(help_text) * 0.5)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)

    async def discover(self) -> Hits:
        for title, help_text, callback in self.commands:
            if title.startswith(DISCOVER):
                yield DiscoveryHit(title, callback, text=title, help=help_text)
