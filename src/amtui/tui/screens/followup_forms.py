"""The follow-up form: ``amtui todo add ACCOUNT "…" --due … [--contact] [--every]`` on the account screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import ChoiceInput, DateInput, FormField, TextInput

if TYPE_CHECKING:
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
