"""Edit forms on the account screen: the account itself (``amtui account edit``) and one contact (``amtui
contact edit|leave|primary``).

Each is prefilled with the row as it is, saves only what the user changed through the same service as the
one-liner, records that one-liner (only the options that changed), and refuses when the row changed since
the form opened (:mod:`amtui.services.base.versions`), keeping what the user typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amtui.tui.screens.book_forms import arg
from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import ChoiceInput, DateInput, FormField, TextInput

if TYPE_CHECKING:
    from textual.app import App

    from amtui.services.clients.account_settings import AccountSettings
    from amtui.services.clients.accounts import ContactInfo, InteractionInfo
    from amtui.store import UnitOfWork


def _account_seen(a: AccountSettings) -> dict[str, str]:
    from amtui.services.base.versions import seen

    return seen(
        name=a.name,
        slug=a.slug,
        industry=a.industry,
        contract=a.contract,
        renewal=a.renewal_on,
        notes=a.notes,
        client_sees=", ".join(a.client_sees),
        status=a.status,
    )


def sees_text(sections: tuple[str, ...]) -> str:
    """The client-sees field as shown: ``actuals, burn`` (empty: no optional section)."""
    return ", ".join(sections)


class AccountEditForm(FormScreen):
    """``amtui account edit SLUG --name … --slug … --industry … --contract … --renewal … --notes …
    --client-sees …``: the account as it is; only what changed is saved and recorded."""

    def __init__(self, settings: AccountSettings) -> None:
        super().__init__()
        self.settings = settings
        #: The account's slug once saved (a new one when the slug was changed).
        self.saved_slug: str | None = None
        self.subject = f"account {settings.slug}"
        self.opened = _account_seen(settings)
        self.TITLE_TEXT = f"Edit account {settings.name} ({settings.slug})"

    def fields(self) -> list[FormField]:
        from amtui.services.overview.audience import CLIENT_SECTIONS
        from amtui.tui.screens.book_forms import CONTRACTS

        a = self.settings
        renewal = a.renewal_on.isoformat() if a.renewal_on else ""
        return [
            FormField("Name", TextInput(value=a.name, id="name", required=True, what="account name")),
            FormField("Slug (its short reference)", TextInput(value=a.slug, id="slug", required=True)),
            FormField("Industry (empty: none)", TextInput(value=a.industry or "", id="industry")),
            FormField(
                "Contract",
                ChoiceInput(CONTRACTS, value=a.contract, id="contract", required=True, what="contract"),
            ),
            FormField(
                "Renews on (empty: unchanged)",
                DateInput(value=renewal, id="renewal", today=lambda: self.am.today),
            ),
            FormField("Notes", TextInput(value=a.notes or "", id="notes")),
            FormField(
                "The client's reports also show (comma-separated; empty: none)",
                TextInput(
                    value=sees_text(a.client_sees), id="client_sees", placeholder=", ".join(CLIENT_SECTIONS)
                ),
            ),
        ]

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        from amtui.services.clients.account_settings import account_settings

        return _account_seen(account_settings(uow.session, self.settings.slug))

    def changed(self, values: dict[str, Any]) -> dict[str, Any]:
        """What the user changed, as the one-liner's options (``--slug`` is ``new_slug``)."""
        a, out = self.settings, {}
        for key, before in (("name", a.name), ("industry", a.industry), ("notes", a.notes)):
            if (values[key] or None) != (before or None):
                out[key] = values[key] or ""
        if values["slug"].lower() != a.slug:
            out["slug"] = values["slug"]
        if values["contract"] != a.contract:
            out["contract"] = values["contract"]
        if values["renewal"] is not None and values["renewal"] != a.renewal_on:
            out["renewal"] = values["renewal"]
        sees = values["client_sees"] or ""
        if _sections(sees) != set(a.client_sees):
            out["client_sees"] = sees.strip() or "none"
        return out

    def command_text(self, values: dict[str, Any]) -> str:
        line = f"tui: account edit {self.settings.slug}"
        for key, value in self.changed(values).items():
            text = value.isoformat() if key == "renewal" else arg(value)
            line += f" --{key.replace('_', '-')} {text}"
        return line

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.clients.accounts import edit_account

        c = self.changed(values)
        if not c:
            return f"Nothing changed on {self.settings.slug}"
        sees = c.get("client_sees")
        acc = edit_account(
            uow,
            self.settings.slug,
            name=c.get("name"),
            new_slug=c.get("slug"),
            industry=c.get("industry"),
            contract=c.get("contract"),
            renewal_on=c.get("renewal"),
            notes=c.get("notes"),
            client_sees=sees,  # as typed ("none" clears): the service checks it
        )
        self.saved_slug = acc.slug
        return f"Updated account {acc.slug} ({acc.name}): {', '.join(k.replace('_', ' ') for k in c)}"


def open_account_edit(app: App[Any], slug: str) -> None:
    """The account's edit form from anywhere (the command palette): its settings read in a thread first."""
    from amtui.services.clients.account_settings import account_settings
    from amtui.tui.screens.form_open import open_after_read

    open_after_read(app, lambda s: account_settings(s, slug), AccountEditForm)


def _sections(text: str) -> set[str]:
    return {n.strip().lower() for n in text.split(",") if n.strip() and n.strip().lower() != "none"}


# ---------------------------------------------------------------------------------------------- contacts


def _contact_seen(c: ContactInfo | None) -> dict[str, str]:
    from amtui.services.base.versions import seen

    if c is None:  # renamed or gone: every field reads as changed
        return seen(name=None)
    return seen(
        name=c.name,
        role=c.role,
        email=c.email,
        phone=c.phone,
        primary="yes" if c.primary else "no",
        left=c.left_on,
    )


class _ContactForm(FormScreen):
    """A form on one contact of one account, refusing when the contact changed since it opened."""

    def __init__(self, account: str, contact: ContactInfo) -> None:
        super().__init__()
        self.account, self.contact = account, contact
        self.subject = f"{contact.name} at {account}"
        self.opened = _contact_seen(contact)

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        from amtui.services.clients.accounts import list_contacts

        now = [c for c in list_contacts(uow.session, self.account) if c.name == self.contact.name]
        return _contact_seen(now[0] if now else None)


class ContactEditForm(_ContactForm):
    """``amtui contact edit ACCOUNT NAME --name … --role … --email … --phone …`` (empty clears)."""

    def __init__(self, account: str, contact: ContactInfo) -> None:
        super().__init__(account, contact)
        self.TITLE_TEXT = f"Edit {contact.name} at {account}"

    def fields(self) -> list[FormField]:
        c = self.contact
        return [
            FormField("Name", TextInput(value=c.name, id="name", required=True, what="contact name")),
            FormField("Role (empty: none)", TextInput(value=c.role or "", id="role")),
            FormField("Email (empty: none)", TextInput(value=c.email or "", id="email")),
            FormField("Phone (empty: none)", TextInput(value=c.phone or "", id="phone")),
        ]

    def changed(self, values: dict[str, Any]) -> dict[str, str]:
        c, out = self.contact, {}
        if values["name"] != c.name:
            out["name"] = values["name"]
        for key, before in (("role", c.role), ("email", c.email), ("phone", c.phone)):
            if (values[key] or None) != before:
                out[key] = values[key] or ""
        return out

    def command_text(self, values: dict[str, Any]) -> str:
        line = f"tui: contact edit {self.account} {arg(self.contact.name)}"
        return line + "".join(f" --{k} {arg(v)}" for k, v in self.changed(values).items())

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.clients.corrections import edit_contact

        c = self.changed(values)
        e = edit_contact(
            uow,
            self.account,
            self.contact.name,
            new_name=c.get("name"),
            role=c.get("role"),
            email=c.get("email"),
            phone=c.get("phone"),
        )
        return f"Edited {e.contact.name} at {self.account}: {'; '.join(e.changes)}"


class ContactMoveForm(_ContactForm):
    """``amtui contact leave|primary ACCOUNT NAME --date …``: they left the client, or are the primary
    contact from that date."""

    LABELS = {
        "leave": ("{name} left {account}", "Their last day"),
        "primary": ("Make {name} the primary contact at {account}", "From"),
    }

    def __init__(self, account: str, contact: ContactInfo, action: str) -> None:
        super().__init__(account, contact)
        self.action = action
        title, self.when = self.LABELS[action]
        self.TITLE_TEXT = title.format(name=contact.name, account=account)

    def fields(self) -> list[FormField]:
        today = lambda: self.am.today  # noqa: E731
        return [FormField(self.when, DateInput(value="today", id="on", today=today, required=True))]

    def command_text(self, values: dict[str, Any]) -> str:
        return f"tui: contact {self.action} {self.account} {arg(self.contact.name)} --date {values['on']}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.clients import accounts

        if self.action == "primary":
            c = accounts.set_primary(uow, self.account, self.contact.name, on=values["on"])
            return f"{c.name} is now the primary contact at {self.account}"
        c = accounts.contact_leave(uow, self.account, self.contact.name, on=values["on"])
        acc = accounts.get_account(uow.session, self.account)
        gap = accounts.primary_left_unreplaced(uow.session, acc.id or 0)
        said = f"{c.name} left {self.account} on {values['on']}"
        return said + (" · nobody is the primary contact now: P on another contact makes one" if gap else "")


# ---------------------------------------------------------------------------------------------- the log


def log_seen(i: InteractionInfo | None) -> dict[str, str]:
    """A log entry as the account screen showed it (None: deleted, so every field reads as changed)."""
    from amtui.services.base.versions import seen

    if i is None:
        return seen(summary=None)
    return seen(summary=i.summary, kind=i.kind, date=i.occurred_on, contact=i.contact)


def log_now(uow: UnitOfWork, entry_id: int) -> dict[str, str]:
    from amtui.services.clients.account_settings import interaction_info

    return log_seen(interaction_info(uow.session, entry_id))


class LogEditForm(FormScreen):
    """``amtui log edit #ID --text … --kind … --date … --contact …`` ('' clears who it was with)."""

    def __init__(self, account: str, entry: InteractionInfo) -> None:
        super().__init__()
        self.account, self.entry = account, entry
        self.subject = f"log entry #{entry.id}"
        self.opened = log_seen(entry)
        self.TITLE_TEXT = f"Edit log entry #{entry.id} ({account})"

    def fields(self) -> list[FormField]:
        from amtui.tui.screens.account_forms import INTERACTION_KINDS

        e, today = self.entry, lambda: self.am.today
        return [
            FormField("What happened", TextInput(value=e.summary, id="text", required=True, what="summary")),
            FormField("Kind", ChoiceInput(INTERACTION_KINDS, value=e.kind, id="kind", required=True)),
            FormField(
                "When",
                DateInput(value=e.occurred_on.isoformat(), id="date", today=today, required=True),
            ),
            FormField("With (contact name; empty: nobody)", TextInput(value=e.contact or "", id="contact")),
        ]

    def changed(self, values: dict[str, Any]) -> dict[str, Any]:
        e, out = self.entry, {}
        for key, before in (("text", e.summary), ("kind", e.kind), ("date", e.occurred_on)):
            if values[key] != before:
                out[key] = values[key]
        if (values["contact"] or None) != e.contact:
            out["contact"] = values["contact"] or ""
        return out

    def command_text(self, values: dict[str, Any]) -> str:
        line = f"tui: log edit {self.entry.id}"
        for key, value in self.changed(values).items():
            line += f" --{key} {value.isoformat() if key == 'date' else arg(value)}"
        return line

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        return log_now(uow, self.entry.id)

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.clients.corrections import edit_interaction

        c = self.changed(values)
        if not c:
            return f"Nothing changed on log entry #{self.entry.id}"
        done = edit_interaction(
            uow,
            self.entry.id,
            summary=c.get("text"),
            kind=c.get("kind"),
            on=c.get("date"),
            contact=c.get("contact"),
            today=self.am.today,
        )
        return f"Edited log entry #{done.interaction.id} ({done.account}): {'; '.join(done.changes)}"
