"""The Estimates screen's forms: a new estimate, a line, the SOW to a file, accepting into a project.

Each saves through the service its one-liner calls (``amtui estimate new``, ``estimate line add``,
``estimate export --out``, ``estimate accept``), with the same parsing and the same refusals.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from amtui.tui.screens.account_forms import BILLING_TYPES
from amtui.tui.screens.actual_forms import TEAMS
from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import (
    ChoiceInput,
    FormField,
    HoursInput,
    MoneyInput,
    PercentInput,
    TextInput,
)

if TYPE_CHECKING:
    from amtui.services.estimates.rates import RateInfo
    from amtui.services.estimates.read import EstimateDetail
    from amtui.store import UnitOfWork

FORMATS = ("md", "html")


def _total(d: EstimateDetail) -> str:
    from amtui.tui.screens.estimates import totals_text

    return totals_text(d)


class NewEstimateForm(FormScreen):
    """``amtui estimate new ACCOUNT TITLE [--from-template NAME] [--contingency 10%] [--billing …]``."""

    TITLE_TEXT = "New estimate (priced at today's rate card)"

    def fields(self) -> list[FormField]:
        from amtui.services.estimates.templates import TEMPLATES

        names = tuple(TEMPLATES)
        return [
            FormField(
                "Account (or account/project it is for)",
                TextInput(id="account", required=True, what="account"),
            ),
            FormField('Title, e.g. "Spring Launch"', TextInput(id="title", required=True, what="title")),
            FormField(
                "Template (optional): " + " | ".join(names),
                ChoiceInput(names, id="template", what="template"),
            ),
            FormField("Contingency (optional), e.g. 10%", PercentInput(id="contingency", what="contingency")),
            FormField("Billing", ChoiceInput(BILLING_TYPES, value="fixed", id="billing", required=True)),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        return f"tui: estimate new {values['account']} {values['title']!r}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.estimates import service

        d = service.new_estimate(
            uow,
            values["account"],
            values["title"],
            on_date=self.am.today,
            billing=values["billing"],
            template=values["template"],
            contingency_bp=values["contingency"],
        )
        src = f" from {d.template}" if d.template else ""
        return f"Estimate {d.id} drafted for {d.account}{src}: {len(d.lines)} line(s) · {_total(d)}"


class LineForm(FormScreen):
    """``amtui estimate line add ID --team T --hours H`` or ``--item NAME --price P [--cost C]``."""

    def __init__(self, estimate_id: int) -> None:
        super().__init__()
        self.estimate_id = estimate_id
        self.TITLE_TEXT = f"Add a line to estimate {estimate_id}: a team's hours, or an item's price"

    def fields(self) -> list[FormField]:
        return [
            FormField("Team (priced from the rate card)", ChoiceInput(TEAMS, id="team", what="team")),
            FormField("Hours", HoursInput(id="hours")),
            FormField('Or an item, e.g. "Media buy"', TextInput(id="item", what="item")),
            FormField("Item price", MoneyInput(id="price")),
            FormField("Item cost to the agency (default: its price)", MoneyInput(id="cost")),
            FormField(
                "In a new version? (yes / no)", ChoiceInput(("yes", "no"), value="no", id="new_version")
            ),
        ]

    def on_mount(self) -> None:
        self.base: EstimateDetail | None = None
        self.rates: dict[str, RateInfo | None] = {}
        self._read_base()

    @work(thread=True, exclusive=True, group="base", exit_on_error=False)
    def _read_base(self) -> None:
        """The estimate as it stands and each team's rate on its date, read once: the preview needs no SQL."""
        from amtui.services.estimates.rates import rate_on
        from amtui.services.estimates.read import detail

        with self.am.store.read() as session:
            d = detail(session, self.estimate_id)
            rates = {t: rate_on(session, t, d.on_date, project_id=d.project_id) for t in TEAMS}
        self.app.call_from_thread(self._base_read, d, rates)

    def _base_read(self, d: EstimateDetail, rates: dict[str, RateInfo | None]) -> None:
        self.base, self.rates = d, rates
        self._update_preview()

    def preview(self, values: dict[str, Any]) -> str | None:
        """Live totals: this line priced as saving prices it, and the estimate's totals and margin after."""
        from amtui.core.errors import InputError
        from amtui.services.estimates.arithmetic import line_input, totals
        from amtui.services.estimates.service import priced
        from amtui.tui.screens.estimates import _money, _pct

        d = self.base
        if d is None:
            return None
        spec = line_input(
            team=values["team"],
            minutes=values["hours"],
            item=values["item"],
            price_cents=values["price"],
            cost_cents=values["cost"],
        )
        try:
            line = priced(spec, self.rates.get(spec.team) if spec.team else None)
        except InputError as exc:
            return f"Would be refused: {exc}"
        after = totals([*d.lines, line], d.contingency_bp)
        return (
            f"This line: {_money(line.amount_cents, d.currency)} · cost {_money(line.cost_cents, d.currency)}"
            f" · margin {_money(line.margin_cents, d.currency)} ({_pct(line.margin_pct)})\n"
            f"Estimate after: {_money(after.amount_cents, d.currency)} · margin "
            f"{_money(after.margin_cents, d.currency)} ({_pct(after.margin_pct)}) — now "
            f"{_money(d.totals.amount_cents, d.currency)} ({_pct(d.totals.margin_pct)})"
        )

    def command_text(self, values: dict[str, Any]) -> str:
        what = f"--team {values['team']}" if values["team"] else f"--item {values['item']!r}"
        return f"tui: estimate line add {self.estimate_id} {what}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.core.money import format_money
        from amtui.services.estimates import service
        from amtui.services.estimates.arithmetic import line_input

        spec = line_input(
            team=values["team"],
            minutes=values["hours"],
            item=values["item"],
            price_cents=values["price"],
            cost_cents=values["cost"],
        )
        d = service.add_line(uow, self.estimate_id, spec, new_version=values["new_version"] == "yes")
        ln = d.lines[-1]
        return (
            f"Estimate {d.id} v{d.version}: line {ln.seq} {ln.name} "
            f"{format_money(ln.amount_cents, d.currency)} · {_total(d)}"
        )


class ExportForm(FormScreen):
    """``amtui estimate export ID --format md|html --out PATH [--force]``: the same text, the same writer."""

    def __init__(self, estimate_id: int) -> None:
        super().__init__()
        self.estimate_id = estimate_id
        self.TITLE_TEXT = f"Export the statement of work of estimate {estimate_id}"

    def fields(self) -> list[FormField]:
        return [
            FormField("Format: md | html", ChoiceInput(FORMATS, value="md", id="format", required=True)),
            FormField(
                "To the file",
                TextInput(
                    value=f"sow-estimate-{self.estimate_id}.md", id="path", required=True, what="file name"
                ),
            ),
            FormField(
                "Replace it if it exists? (yes / no)", ChoiceInput(("yes", "no"), value="no", id="force")
            ),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        return f"tui: estimate export {self.estimate_id} --format {values['format']} --out {values['path']}"

    def perform(self, values: dict[str, Any]) -> str:
        """Writes a file, no rows: no unit of work (as the one-liner reads, then writes the file)."""
        from amtui.services.estimates import sow
        from amtui.store import write_private

        path = Path(values["path"]).expanduser()
        with self.am.store.read() as session:
            text = sow.export(session, self.estimate_id, values["format"], today=self.am.today)
        write_private(path, text, force=values["force"] == "yes")
        return f"Wrote the statement of work for estimate {self.estimate_id} to {path}"


class AcceptForm(FormScreen):
    """``amtui estimate accept ID --project ACCOUNT/SLUG [--billing …]``."""

    def __init__(self, estimate_id: int, project: str = "") -> None:
        super().__init__()
        self.estimate_id = estimate_id
        self.project = project
        self.TITLE_TEXT = f"Accept estimate {estimate_id}: the project gets its budget, hours and terms"

    def fields(self) -> list[FormField]:
        return [
            FormField(
                "Project (account/slug, new or not)",
                TextInput(value=self.project, id="project", required=True, what="project"),
            ),
            FormField(
                "Billing (optional: the estimate's)", ChoiceInput(BILLING_TYPES, id="billing", what="billing")
            ),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        return f"tui: estimate accept {self.estimate_id} --project {values['project']}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.core.money import format_money
        from amtui.services.estimates import accept

        r = accept.accept(uow, self.estimate_id, values["project"], billing=values["billing"])
        verb = "created" if r.created else "updated"
        return (
            f"Estimate {r.id} v{r.version} accepted: {r.project} {verb} with budget "
            f"{format_money(r.budget_cents, r.currency)} · {r.terms}"
        )
