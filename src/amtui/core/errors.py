"""The project's own errors.

Every error a user can cause is one of these; the CLI turns them into one line on stderr and an exit code,
the TUI into an inline message. Anything else escaping is a bug.
"""


class AmtuiError(Exception):
    """Base of every error a user can cause. ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class InputError(AmtuiError):
    """Malformed input: a money amount, a date, hours, a flag value. Exit 2 (usage)."""

    exit_code = 2


class NotFoundError(AmtuiError):
    """A reference (account, project, change order …) that names nothing.

    ``typed`` and ``suggestion``: what the user typed and the nearest name that exists, so a front end can
    offer the command that would work (the CLI repeats the command with ``typed`` replaced)."""

    def __init__(self, message: str, *, typed: str | None = None, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.typed = typed
        self.suggestion = suggestion


class ConflictError(AmtuiError):
    """The request clashes with what is stored: a duplicate slug, an ambiguous reference."""


class StateError(AmtuiError):
    """An illegal state change, e.g. approving a rejected change order."""


class StoreError(AmtuiError):
    """The database file cannot be used as it is (newer than this app, unreadable …)."""
