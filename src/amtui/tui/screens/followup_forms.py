"""The follow-up forms: ``amtui todo add ACCOUNT "…" --due … [--contact] [--every]`` on the account screen,
and ``todo edit`` / ``todo snooze`` on one follow-up (the account screen and Today), which refuse when it
changed since they opened."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amtui.tui.screens.book_forms import arg
from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import ChoiceInput, DateInput, FormField, TextInput

if TYPE_CHECKING:
    from textual.app import App

    from amtui.services.clients.followups import FollowUpInfo
    from amtui.store import UnitOfWork


class FollowUpForm(FormScreen):
    """A follow-up for one account, saved through :func:`amtui.services.clients.followups.add_follow_up`."""

    def __init__(self, account: str) -> None:
        super().__init__()
        self.account = account
        self.TITLE_TEXT = f"A follow-up for {account}"

    def fields(self) -> list[FormField]:
        from amtui.services.clients.followups import EVERY

        return [
            FormField("What to do", TextInput(id="title", required=True, what="title")),
            FormField(
                "Due", DateInput(value="tomorrow", id="due", today=lambda: self.am.today, required=True)
            ),
            FormField("With (contact name, optional)", TextInput(id="contact")),
            FormField("Project (optional)", TextInput(id="project")),
            FormField("Repeat (optional)", ChoiceInput(EVERY, id="every", what="--every")),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        return f"tui: todo add {self.account} {values['title']!r} --due {values['due']}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.clients.followups import add_follow_up

        f = add_follow_up(
            uow,
            self.account,
            values["title"],
            due_on=values["due"],
            contact=values["contact"],
            project=values["project"],
            every=values["every"],
            today=self.am.today,
        )
        return f"{f.ref} {f.title} · due {f.due_on.isoformat()}"


def _seen(f: FollowUpInfo) -> dict[str, str]:
    from amtui.services.base.versions import seen

    return seen(
        title=f.title, due=f.due_on, project=f.project, contact=f.contact, every=f.every, status=f.status
    )


class _OneFollowUp(FormScreen):
    def __init__(self, f: FollowUpInfo) -> None:
        super().__init__()
        self.fu = f
        self.subject = f.ref
        self.opened = _seen(f)

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        from amtui.services.clients.followups import get_follow_up

        return _seen(get_follow_up(uow.session, self.fu.ref, today=self.am.today))


class FollowUpEditForm(_OneFollowUp):
    """``amtui todo edit T-n --title … --due … --project … --contact … --every …`` ('none' clears a link)."""

    def __init__(self, f: FollowUpInfo) -> None:
        super().__init__(f)
        self.TITLE_TEXT = f"Edit {f.ref} ({f.account}): {f.title}"

    def fields(self) -> list[FormField]:
        from amtui.services.clients.followups import EVERY

        f, today = self.fu, lambda: self.am.today
        return [
            FormField("What to do", TextInput(value=f.title, id="title", required=True, what="title")),
            FormField("Due", DateInput(value=f.due_on.isoformat(), id="due", today=today, required=True)),
            FormField("With (contact name; empty: nobody)", TextInput(value=f.contact or "", id="contact")),
            FormField("Project (empty: none)", TextInput(value=f.project or "", id="project")),
            FormField(
                "Repeat (empty: never)", ChoiceInput(EVERY, value=f.every or "", id="every", what="--every")
            ),
        ]

    def changed(self, values: dict[str, Any]) -> dict[str, Any]:
        f, out = self.fu, {}
        if values["title"] != f.title:
            out["title"] = values["title"]
        if values["due"] != f.due_on:
            out["due"] = values["due"]
        for key, before in (("contact", f.contact), ("project", f.project), ("every", f.every)):
            if (values[key] or None) != before:
                out[key] = values[key] or "none"
        return out

    def command_text(self, values: dict[str, Any]) -> str:
        line = f"tui: todo edit {self.fu.ref}"
        for key, value in self.changed(values).items():
            line += f" --{key} {value.isoformat() if key == 'due' else arg(value)}"
        return line

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.clients.followups import edit_follow_up

        c = self.changed(values)
        if not c:
            return f"Nothing changed on {self.fu.ref}"
        f = edit_follow_up(
            uow,
            self.fu.ref,
            title=c.get("title"),
            due_on=c.get("due"),
            project=c.get("project"),
            contact=c.get("contact"),
            every=c.get("every"),
            today=self.am.today,
        )
        return f"{f.ref} {f.title} · due {f.due_on.isoformat()}"


class FollowUpSnoozeForm(_OneFollowUp):
    """``amtui todo snooze T-n --to …``: due later, the date it was set for kept."""

    def __init__(self, f: FollowUpInfo) -> None:
        super().__init__(f)
        self.TITLE_TEXT = f"Snooze {f.ref} ({f.account}, due {f.due_on.isoformat()}): {f.title}"

    def fields(self) -> list[FormField]:
        today = lambda: self.am.today  # noqa: E731
        return [FormField("Until", DateInput(value="+1w", id="to", today=today, required=True))]

    def command_text(self, values: dict[str, Any]) -> str:
        return f"tui: todo snooze {self.fu.ref} --to {values['to']}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.clients.followups import snooze_follow_up

        f = snooze_follow_up(uow, self.fu.ref, values["to"], today=self.am.today)
        return f"{f.ref} snoozed to {f.due_on.isoformat()} (set for {f.set_for.isoformat()}): {f.title}"


def open_follow_up_form(app: App[Any], ref: str, form: type[_OneFollowUp]) -> None:
    """From a line that names the follow-up only (Today): read it in a thread, then open ``form`` on it."""
    from amtui.services.clients.followups import get_follow_up
    from amtui.tui.screens.form_open import open_after_read

    am: Any = app
    open_after_read(app, lambda s: get_follow_up(s, ref, today=am.today), form)
