"""Growth forms: add an opportunity, edit one, mark it won or lost (Pipeline); set KPI targets (Performance).

Each parses as ``amtui opp add|edit|won|lost`` and ``amtui kpi set`` do, through the same services, and
records the one-liner a user would have typed (amounts in dollars). The edit, won, lost and KPI forms refuse
when what they showed changed since they opened (:mod:`amtui.services.base.versions`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets import Static

from amtui.tui.screens.book_forms import arg
from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import DateInput, FormField, MoneyInput, TextInput

if TYPE_CHECKING:
    from amtui.services.growth.pipeline import OpportunityInfo
    from amtui.store import UnitOfWork


class ProbabilityInput(TextInput):
    """A chance of winning as ``amtui opp`` takes it (``40`` or ``40%``), into a whole percent."""

    def parse(self) -> int | None:
        from amtui.services.growth.pipeline import parse_probability

        text = super().parse()
        return None if text is None else parse_probability(text)


class TargetInput(TextInput):
    """A KPI target as ``amtui kpi set --METRIC`` takes it, into the stored integer."""

    def __init__(self, metric: str, **kwargs: Any) -> None:
        super().__init__(id=metric, what=metric.upper(), **kwargs)
        self.metric = metric

    def parse(self) -> int | None:
        from amtui.services.growth.metrics import parse_target

        text = super().parse()
        return None if text is None else parse_target(self.metric, text)


def _dollars(cents: int) -> str:
    from amtui.core.money import cents_to_decimal_str

    return cents_to_decimal_str(cents)


class OpportunityForm(FormScreen):
    """``amtui opp add ACCOUNT TITLE --value … --probability … --type … --stage … --next-step …
    --next-date …``."""

    TITLE_TEXT = "Add an opportunity"

    def __init__(self, account: str = "") -> None:
        super().__init__()
        self.account = account

    def fields(self) -> list[FormField]:
        today = lambda: self.am.today  # noqa: E731
        return [
            FormField("Account", TextInput(value=self.account, id="account", required=True, what="account")),
            FormField("What the opportunity is", TextInput(id="title", required=True, what="title")),
            FormField("Expected value", MoneyInput(id="value", required=True, allow_zero=False)),
            FormField(
                "Chance of winning, 0–100",
                ProbabilityInput(id="probability", required=True, what="probability", placeholder="e.g. 40%"),
            ),
            FormField(
                "Type",
                TextInput(
                    value="expanded-scope",
                    id="type",
                    required=True,
                    what="type",
                    placeholder="expanded-scope | new-channel | additional-service | new-brand-or-market",
                ),
            ),
            FormField(
                "Stage",
                TextInput(
                    value="identified",
                    id="stage",
                    required=True,
                    what="stage",
                    placeholder="identified | qualified | proposal | negotiation",
                ),
            ),
            FormField("Next step (optional)", TextInput(id="next_step")),
            FormField("Next step due (optional)", DateInput(id="next_date", today=today)),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        line = (
            f"tui: opp add {values['account']} {arg(values['title'])} --value {_dollars(values['value'])}"
            f" --probability {values['probability']} --type {values['type']} --stage {values['stage']}"
        )
        if values["next_step"]:
            line += f" --next-step {arg(values['next_step'])}"
        if values["next_date"]:
            line += f" --next-date {values['next_date']}"
        return line

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.core.money import format_money
        from amtui.services.growth import pipeline

        o = pipeline.add_opportunity(
            uow,
            values["account"],
            values["title"],
            value_cents=values["value"],
            probability=values["probability"],
            kind=values["type"],
            stage=values["stage"],
            next_step=values["next_step"],
            next_on=values["next_date"],
        )
        return (
            f"{o.ref} added to {o.account}: {o.title} · {format_money(o.value_cents, o.currency)} at"
            f" {o.probability}% = {format_money(o.weighted_cents, o.currency)} weighted"
        )


def _seen(o: OpportunityInfo) -> dict[str, str]:
    from amtui.services.base.versions import seen

    return seen(
        title=o.title,
        value=_dollars(o.value_cents),
        probability=f"{o.probability}%",
        stage=o.stage,
        next_step=o.next_step,
        next_date=o.next_on,
        status=o.status,
    )


class _OpportunityEditing(FormScreen):
    """A form on one opportunity: remembers what it showed, and checks it again when it saves."""

    def __init__(self, o: OpportunityInfo) -> None:
        super().__init__()
        self.opp = o
        self.subject = o.ref
        self.opened = _seen(o)

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        from amtui.services.growth.pipeline import opportunity_info

        return _seen(opportunity_info(uow.session, self.opp.ref))


class OpportunityEditForm(_OpportunityEditing):
    """``amtui opp edit OPP-n --title … --value … --probability … --next-step … --next-date …``."""

    def __init__(self, o: OpportunityInfo) -> None:
        super().__init__(o)
        self.TITLE_TEXT = f"Edit {o.ref} ({o.account})"

    def fields(self) -> list[FormField]:
        o, today = self.opp, lambda: self.am.today
        return [
            FormField("Title", TextInput(value=o.title, id="title", required=True, what="title")),
            FormField(
                "Value",
                MoneyInput(value=_dollars(o.value_cents), id="value", required=True, allow_zero=False),
            ),
            FormField(
                "Chance of winning, 0–100",
                ProbabilityInput(
                    value=str(o.probability), id="probability", required=True, what="probability"
                ),
            ),
            FormField("Next step (empty: none)", TextInput(value=o.next_step or "", id="next_step")),
            FormField(
                "Next step due",
                DateInput(value=o.next_on.isoformat() if o.next_on else "", id="next_date", today=today),
            ),
        ]

    def changed(self, values: dict[str, Any]) -> dict[str, Any]:
        """What the user changed: the options the one-liner would be given."""
        o, out = self.opp, {}
        if values["title"] != o.title:
            out["title"] = values["title"]
        if values["value"] != o.value_cents:
            out["value_cents"] = values["value"]
        if values["probability"] != o.probability:
            out["probability"] = values["probability"]
        if (values["next_step"] or None) != o.next_step:
            out["next_step"] = values["next_step"] or ""
        if values["next_date"] is not None and values["next_date"] != o.next_on:
            out["next_on"] = values["next_date"]
        return out

    def command_text(self, values: dict[str, Any]) -> str:
        line = f"tui: opp edit {self.opp.ref}"
        for key, value in self.changed(values).items():
            if key == "value_cents":
                line += f" --value {_dollars(value)}"
            elif key == "next_on":
                line += f" --next-date {value.isoformat()}"
            else:
                line += f" --{key.replace('_', '-')} {arg(str(value))}"
        return line

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.growth.opp_edit import edit_opportunity

        o, changes = edit_opportunity(uow, self.opp.ref, **self.changed(values))
        return f"Edited {o.ref} ({o.account}): {'; '.join(changes)}"


class OpportunityWonForm(_OpportunityEditing):
    """``amtui opp won OPP-n [--create-project SLUG --budget …] --date …``."""

    def __init__(self, o: OpportunityInfo) -> None:
        super().__init__(o)
        self.TITLE_TEXT = f"Won: {o.ref} {o.title} ({o.account})"

    def fields(self) -> list[FormField]:
        today = lambda: self.am.today  # noqa: E731
        return [
            FormField("Make the won work a project (optional: its slug)", TextInput(id="create_project")),
            FormField("The new project's budget (optional: the value)", MoneyInput(id="budget")),
            FormField("Won on", DateInput(value="today", id="on", today=today, required=True)),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        line = f"tui: opp won {self.opp.ref}"
        if values["create_project"]:
            line += f" --create-project {arg(values['create_project'])}"
        if values["budget"] is not None:
            line += f" --budget {_dollars(values['budget'])}"
        return line + f" --date {values['on']}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.core.money import format_money
        from amtui.services.growth.pipeline import win_opportunity

        o = win_opportunity(
            uow,
            self.opp.ref,
            create_project=values["create_project"],
            budget_cents=values["budget"],
            on=values["on"],
        )
        extra = f" · project {o.project} created" if o.project else ""
        return f"{o.ref} won: {o.title} · {format_money(o.value_cents, o.currency)} for {o.account}{extra}"


class OpportunityLostForm(_OpportunityEditing):
    """``amtui opp lost OPP-n --reason … --date …``."""

    def __init__(self, o: OpportunityInfo) -> None:
        super().__init__(o)
        self.TITLE_TEXT = f"Lost: {o.ref} {o.title} ({o.account})"

    def fields(self) -> list[FormField]:
        today = lambda: self.am.today  # noqa: E731
        return [
            FormField("Why it was lost (optional)", TextInput(id="reason")),
            FormField("Lost on", DateInput(value="today", id="on", today=today, required=True)),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        reason = f" --reason {arg(values['reason'])}" if values["reason"] else ""
        return f"tui: opp lost {self.opp.ref}{reason} --date {values['on']}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.growth.pipeline import lose_opportunity

        o = lose_opportunity(uow, self.opp.ref, reason=values["reason"], on=values["on"])
        return f"{o.ref} lost: {o.title}" + (f" ({o.reason})" if o.reason else "")


#: ``amtui kpi set``'s options, in its order, with what each field says.
KPI_FIELDS = (
    ("cpa", "CPA target (cost per acquisition, e.g. 45)"),
    ("roas", "ROAS target (e.g. 4 = 4x)"),
    ("ctr", "CTR target (e.g. 1.5%)"),
    ("conversions", "Conversions per 30 days (e.g. 300)"),
    ("cpc", "CPC target (cost per click, e.g. 1.20)"),
    ("cpm", "CPM target (per 1,000 impressions, e.g. 12)"),
)


class KpiTargetForm(FormScreen):
    """``amtui kpi set REF --cpa … --roas … --ctr … --conversions … --cpc … --cpm … [--campaign …]``: empty
    fields keep their target. Opened on a project, it shows the targets set now and refuses to save when
    they changed since (another window, a one-liner)."""

    TITLE_TEXT = "Set KPI targets"

    def __init__(self, ref: str = "") -> None:
        super().__init__()
        self.ref = ref
        self.subject = f"the targets of {ref}"
        if ref:
            self.TITLE_TEXT = f"Set KPI targets for {ref}"

    def fields(self) -> list[FormField]:
        out = [
            FormField("Project (account/project)", TextInput(value=self.ref, id="project", required=True)),
            FormField("Only this campaign (optional)", TextInput(id="campaign")),
        ]
        out += [FormField(label, TargetInput(key)) for key, label in KPI_FIELDS]
        return out

    def on_mount(self) -> None:
        if self.ref:
            self.query_one("#form-preview", Static).update("Reading the targets set now …")
            self._read_targets()

    @work(thread=True, group="targets", exit_on_error=False)
    def _read_targets(self) -> None:
        with self.am.store.read() as session:
            now = _targets(session, self.ref)
        self.app.call_from_thread(self._targets_read, now)

    def _targets_read(self, now: dict[str, str]) -> None:
        self.opened = now
        shown = " · ".join(f"{k.upper()} {v}" for k, v in now.items()) or "none yet"
        self.query_one("#form-preview", Static).update(f"Targets now: {shown}")

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        return _targets(uow.session, self.ref)

    def command_text(self, values: dict[str, Any]) -> str:
        line = f"tui: kpi set {values['project']}"
        typed = {k: self.query_one(f"#{k}", TextInput).value.strip() for k, _ in KPI_FIELDS}
        line += "".join(f" --{k} {arg(typed[k])}" for k, _ in KPI_FIELDS if values[k] is not None)
        if values["campaign"]:
            line += f" --campaign {arg(values['campaign'])}"
        return line

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.growth.metrics import set_targets

        targets = {k: values[k] for k, _ in KPI_FIELDS if values[k] is not None}
        rows = set_targets(uow, values["project"], targets, campaign=values["campaign"])
        where = rows[0].project + (f" · {rows[0].campaign}" if rows[0].campaign else "")
        return f"Targets for {where}: " + ", ".join(f"{r.metric.upper()} {r.display}" for r in rows)


def _targets(session: Any, ref: str) -> dict[str, str]:
    """The project's own targets (not a campaign's) as shown: metric → display."""
    from amtui.services.growth.metrics import list_targets

    return {t.metric: t.display for t in list_targets(session, ref) if t.campaign is None}
