"""Milestone forms on the Timeline: add one, link it after others, unlink it, edit it.

Each parses as ``amtui milestone add|link|unlink|edit`` does (the same typed inputs, the same service checks
under the fields), previews before saving what the save would do (:class:`PlanForm`: the change rehearsed
and rolled back — the dependents that move, old → new, and whether the project's end or a fixed date is
crossed), and records the one-liner a user would have typed. Link, unlink and edit refuse when the
milestone changed since the form opened (:mod:`amtui.services.base.versions`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amtui.tui.screens.book_forms import arg
from amtui.tui.screens.timeline_forms import PlanForm, Planned
from amtui.tui.widgets.fields import ChoiceInput, DateInput, FormField, HoursInput, TextInput, WholeInput

if TYPE_CHECKING:
    from amtui.services.timeline.milestones import MilestoneInfo, MoveResult, Relinked
    from amtui.store import UnitOfWork

YES_NO = ("yes", "no")


def _teams() -> tuple[str, ...]:
    from amtui.services.timeline.read import MILESTONE_TEAMS

    return tuple(MILESTONE_TEAMS)


def _check_days(n: int) -> None:
    from amtui.services.timeline.milestones import check_days

    check_days(n)


def _check_approval_days(n: int) -> None:
    from amtui.services.timeline.milestones import check_days

    check_days(n, "approval days")


def _check_lag(n: int) -> None:
    from amtui.services.timeline.milestones import check_lag

    check_lag(n)


def _hours_arg(minutes: int) -> str:
    """Minutes as ``--hours`` takes them back exactly: ``12h30m``, ``30h``, ``45m``."""
    h, m = divmod(minutes, 60)
    return f"{h}h{m}m" if h and m else f"{h}h" if h else f"{m}m"


def _span(m: MilestoneInfo) -> str:
    return f"{m.start_on} → {m.due_on}" if m.start_on else f"due {m.due_on}"


def _seen(m: MilestoneInfo) -> dict[str, str]:
    """The milestone as a form shows it: a save refuses when any of these changed since it opened."""
    from amtui.services.base.versions import seen

    return seen(
        name=m.name,
        team=m.team,
        owner=m.owner,
        start=m.start_on,
        due=m.due_on,
        hours=m.estimated_minutes,
        fixed=m.fixed,
        status=m.status,
        after=", ".join(f"{d.label}+{d.lag_days}" for d in m.after),
    )


def _relinked(m: MilestoneInfo, r: Relinked, head: str) -> Planned:
    own = next((x for x in r.moved if x.id == m.id), None)
    return Planned(head, own, tuple(x for x in r.moved if x.id != m.id), r.edges)


class AddMilestoneForm(PlanForm):
    """``amtui milestone add REF NAME [--team] [--owner] [--after M3,M4 --lag N] [--days N | --start --due]
    [--hours] [--client-approval --approval-days N] [--fixed]``."""

    TITLE_TEXT = "Add a milestone"

    def __init__(self, project: str = "") -> None:
        super().__init__()
        self.project = project

    def fields(self) -> list[FormField]:
        today = lambda: self.am.today  # noqa: E731
        return [
            FormField(
                "Project (account/project)",
                TextInput(value=self.project, id="project", required=True, what="project"),
            ),
            FormField("What is delivered", TextInput(id="name", required=True, what="milestone name")),
            FormField("Team", ChoiceInput(_teams(), value="account", id="team", required=True, what="team")),
            FormField("Owner (optional)", TextInput(id="owner")),
            FormField("After (optional: M3,M4 — it starts when they end)", TextInput(id="after")),
            FormField("Lag after them (working days)", WholeInput(id="lag", check=_check_lag)),
            FormField("Length (working days)", WholeInput(id="days", check=_check_days)),
            FormField("Start (optional)", DateInput(id="start", today=today)),
            FormField("Due (optional with --after or a length)", DateInput(id="due", today=today)),
            FormField("Estimated hours (optional)", HoursInput(id="hours")),
            FormField(
                "Client approval? (yes / no)", ChoiceInput(YES_NO, value="no", id="approval", required=True)
            ),
            FormField(
                "Working days the client agreed (optional: the config's)",
                WholeInput(id="approval_days", check=_check_approval_days),
            ),
            FormField(
                "Fixed date that must not move? (yes / no)",
                ChoiceInput(YES_NO, value="no", id="fixed", required=True),
            ),
        ]

    def ready(self, values: dict[str, Any]) -> bool:
        return bool(values.get("project") and values.get("name"))

    def command_text(self, values: dict[str, Any]) -> str:
        from amtui.services.timeline.milestones import split_refs

        line = f"tui: milestone add {values['project']} {arg(values['name'])}"
        if values["team"] != "account":
            line += f" --team {values['team']}"
        if values["owner"]:
            line += f" --owner {arg(values['owner'])}"
        if values["after"]:
            line += f" --after {','.join(split_refs(values['after']))}"
        for key in ("lag", "days"):
            if values[key] is not None:
                line += f" --{key} {values[key]}"
        for key in ("start", "due"):
            if values[key] is not None:
                line += f" --{key} {values[key]}"
        if values["hours"] is not None:
            line += f" --hours {_hours_arg(values['hours'])}"
        if values["approval"] == "yes":
            line += " --client-approval"
        if values["approval_days"] is not None:
            line += f" --approval-days {values['approval_days']}"
        if values["fixed"] == "yes":
            line += " --fixed"
        return line

    def change(self, uow: UnitOfWork, values: dict[str, Any]) -> Planned:
        from amtui.services.timeline import milestones as timeline

        m = timeline.add_milestone(
            uow,
            values["project"],
            values["name"],
            due_on=values["due"],
            start_on=values["start"],
            days=values["days"],
            team=values["team"],
            owner=values["owner"],
            after=timeline.split_refs(values["after"]),
            lag_days=values["lag"] or 0,
            client_approval=values["approval"] == "yes",
            approval_days=values["approval_days"],
            fixed=values["fixed"] == "yes",
            estimated_minutes=values["hours"],
        )
        head = f"New milestone {m.label} {m.name} on {m.project} · {m.team} · {_span(m)}"
        if m.after:
            head += " · after " + ", ".join(d.label for d in m.after)
        if m.client_approval:
            head += f" · client approval ({m.approval_days} working days)"
        notes = timeline.date_notes(uow.session, values["start"], values["due"])
        return Planned(head, None, (), timeline.milestone_edges(uow.session, m), notes)


class _OnMilestone(PlanForm):
    """A form about one existing milestone: it refuses to save when the milestone changed since it opened."""

    def __init__(self, m: MilestoneInfo) -> None:
        super().__init__()
        self.milestone = m
        self.subject = f"{m.label} {m.name}"
        self.opened = _seen(m)

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        from amtui.services.timeline.read import milestone_info

        return _seen(milestone_info(uow.session, self.milestone.id))


class LinkMilestoneForm(_OnMilestone):
    """``amtui milestone link M5 --after M3,M4 --lag N``."""

    def __init__(self, m: MilestoneInfo) -> None:
        super().__init__(m)
        self.TITLE_TEXT = f"{m.label} {m.name}: comes after…"

    def fields(self) -> list[FormField]:
        return [
            FormField(
                "After (M3,M4: it starts when they end)",
                TextInput(id="after", required=True, what="--after", placeholder="e.g. M3"),
            ),
            FormField("Lag (working days, optional)", WholeInput(id="lag", check=_check_lag)),
        ]

    def ready(self, values: dict[str, Any]) -> bool:
        return bool(values.get("after"))

    def command_text(self, values: dict[str, Any]) -> str:
        from amtui.services.timeline.milestones import split_refs

        line = f"tui: milestone link {self.milestone.label} --after {','.join(split_refs(values['after']))}"
        return line + (f" --lag {values['lag']}" if values["lag"] else "")

    def change(self, uow: UnitOfWork, values: dict[str, Any]) -> Planned:
        from amtui.services.timeline import milestones as timeline

        r = timeline.link_milestones(
            uow, self.milestone.id, timeline.split_refs(values["after"]), lag_days=values["lag"] or 0
        )
        m = r.milestone
        after = ", ".join(d.label + (f" +{d.lag_days}d" if d.lag_days else "") for d in m.after)
        return _relinked(m, r, f"{m.label} {m.name} comes after {after} · {_span(m)}")


class UnlinkMilestoneForm(_OnMilestone):
    """``amtui milestone unlink M5 --after M3``."""

    def __init__(self, m: MilestoneInfo) -> None:
        super().__init__(m)
        self.TITLE_TEXT = f"{m.label} {m.name}: no longer waits for…"

    def fields(self) -> list[FormField]:
        m = self.milestone
        only = m.after[0].label if len(m.after) == 1 else ""
        waits = ", ".join(d.label for d in m.after) or "nothing"
        return [
            FormField(
                f"The milestone it no longer waits for (it waits for {waits})",
                TextInput(value=only, id="after", required=True, what="--after", placeholder="e.g. M3"),
            )
        ]

    def ready(self, values: dict[str, Any]) -> bool:
        return bool(values.get("after"))

    def command_text(self, values: dict[str, Any]) -> str:
        return f"tui: milestone unlink {self.milestone.label} --after {values['after'].upper()}"

    def change(self, uow: UnitOfWork, values: dict[str, Any]) -> Planned:
        from amtui.services.timeline import milestones as timeline

        r = timeline.unlink_milestones(uow, self.milestone.id, values["after"])
        m = r.milestone
        head = f"{m.label} {m.name} no longer waits for {values['after'].upper()} · {_span(m)}"
        return _relinked(m, r, head)


class EditMilestoneForm(_OnMilestone):
    """``amtui milestone edit M5 --name … --owner … --team … --days N --start … --due … --hours …
    --fixed/--not-fixed``: the fields as they are; only what changed is saved (and recorded)."""

    def __init__(self, m: MilestoneInfo) -> None:
        super().__init__(m)
        self.TITLE_TEXT = f"Edit {m.label} {m.name} ({m.project})"

    def fields(self) -> list[FormField]:
        m, today = self.milestone, lambda: self.am.today
        return [
            FormField("Name", TextInput(value=m.name, id="name", required=True, what="milestone name")),
            FormField("Owner (empty: nobody)", TextInput(value=m.owner or "", id="owner")),
            FormField("Team", ChoiceInput(_teams(), value=m.team, id="team", required=True, what="team")),
            FormField(
                "Length in working days (empty: unchanged; the due date follows)",
                WholeInput(id="days", check=_check_days),
            ),
            FormField(
                "Start (empty: a point in time)",
                DateInput(value=m.start_on.isoformat() if m.start_on else "", id="start", today=today),
            ),
            FormField(
                "Due (a new date moves it, its length kept)",
                DateInput(value=m.due_on.isoformat(), id="due", today=today, required=True),
            ),
            FormField(
                "Estimated hours",
                HoursInput(value=_hours_arg(m.estimated_minutes) if m.estimated_minutes else "", id="hours"),
            ),
            FormField(
                "Fixed date that must not move? (yes / no)",
                ChoiceInput(YES_NO, value="yes" if m.fixed else "no", id="fixed", required=True),
            ),
        ]

    def changed(self, values: dict[str, Any]) -> dict[str, Any]:
        """What the user changed, as :func:`~amtui.services.timeline.milestones.change_milestone` takes it."""
        m, out = self.milestone, {}
        if values["name"] != m.name:
            out["name"] = values["name"]
        if (values["owner"] or None) != m.owner:
            out["owner"] = values["owner"] or ""
        if values["team"] != m.team:
            out["team"] = values["team"]
        if values["days"] is not None:
            out["days"] = values["days"]
        if values["start"] != m.start_on:
            if values["start"] is None:
                out["no_start"] = True
            else:
                out["start_on"] = values["start"]
        if values["due"] != m.due_on:
            out["due_on"] = values["due"]
        if values["hours"] is not None and values["hours"] != m.estimated_minutes:
            out["estimated_minutes"] = values["hours"]
        if (values["fixed"] == "yes") != m.fixed:
            out["fixed"] = values["fixed"] == "yes"
        return out

    def ready(self, values: dict[str, Any]) -> bool:
        return bool(self.changed(values))

    def command_text(self, values: dict[str, Any]) -> str:
        line = f"tui: milestone edit {self.milestone.label}"
        for key, value in self.changed(values).items():
            if key in ("name", "owner"):
                line += f" --{key} {arg(value)}"
            elif key == "team" or key == "days":
                line += f" --{key} {value}"
            elif key == "no_start":
                line += " --start none"
            elif key in ("start_on", "due_on"):
                line += f" --{key[:-3]} {value}"
            elif key == "estimated_minutes":
                line += f" --hours {_hours_arg(value)}"
            elif key == "fixed":
                line += " --fixed" if value else " --not-fixed"
        return line

    def change(self, uow: UnitOfWork, values: dict[str, Any]) -> Planned:
        from amtui.core.errors import InputError
        from amtui.services.timeline.milestones import change_milestone

        changes = self.changed(values)
        if not changes:
            raise InputError("nothing to change: edit a field first")
        m, moved = change_milestone(uow, self.milestone.id, **changes)
        head = f"{m.label} {m.name} · {m.team} · owner {m.owner or '—'} · {_span(m)}"
        return _moved(head, moved)


def _moved(head: str, r: MoveResult | None) -> Planned:
    if r is None:
        return Planned(head)
    return Planned(head, r.milestone, r.dependents, r.edges, r.notes)
