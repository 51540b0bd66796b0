"""One meaning per letter: a letter that acts on the highlighted row means one kind of action everywhere.

``d`` edits, ``x`` strikes out (delete, remove, unlink, reject, lost), ``y`` says yes (approve, pay, accept,
won, done, resolve), ``g`` logs something that happened. A screen binding one of these letters binds it to an
action listed here; ``tests/tui/test_keys.py`` reads this table and holds every screen and modal to it; the
help screen shows it. Nothing here imports Textual or a screen.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyMeaning:
    """A letter, what it means everywhere, and the screen actions that mean that."""

    key: str
    #: In a word or two, as the help screen lists it ("edits").
    short: str
    means: str
    actions: frozenset[str]


KEY_MEANINGS: tuple[KeyMeaning, ...] = (
    KeyMeaning(
        "d",
        "edits",
        "edit the highlighted row",
        frozenset(
            {
                "edit",  # a change order; an opportunity; an escalation (its update)
                "update",
                "edit_account",
                "edit_project",
                "edit_form",  # a milestone
                "follow_up('edit')",
            }
        ),
    ),
    KeyMeaning(
        "x",
        "strikes out",
        "strike out the highlighted row: delete, remove, unlink, reject, lost",
        frozenset(
            {
                "delete",  # a cost, a time entry
                "delete_log",
                "remove_line",
                "unlink_form",
                "act('reject')",
                "lost",
            }
        ),
    ),
    KeyMeaning(
        "y",
        "says yes",
        "yes to the highlighted row: approve, pay, accept, won, done, resolve",
        frozenset(
            {
                "act('approve')",
                "act('pay')",
                "accept",
                "won",
                "done",  # a follow-up
                "set_status('done')",  # a milestone
                "resolve",
                "answer(True)",  # the question before a change
            }
        ),
    ),
    KeyMeaning("g", "logs", "log what happened: an interaction, a cost", frozenset({"log", "log_cost"})),
)


def key_meaning(key: str) -> KeyMeaning | None:
    """The meaning of ``key`` on every screen (None for a letter each screen uses in its own way)."""
    return next((m for m in KEY_MEANINGS if m.key == key), None)


def vocabulary() -> str:
    """The table in one line, as the help screen shows it: ``d edits · x strikes out · …``."""
    return " · ".join(f"{m.key} {m.short}" for m in KEY_MEANINGS)
