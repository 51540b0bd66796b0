"""Allowed values of the tables' text columns, kept apart from the tables.

Read services check a user's ``--team`` or ``--kind`` against these without importing SQLModel (which a read
one-liner on :mod:`amtui.store.sql` never loads); the table modules re-export them.
"""

from __future__ import annotations

#: The teams time is logged by.
TEAMS = ("creative", "media", "strategy", "analytics", "production", "account")
SEVERITIES = ("low", "medium", "high", "critical")
ESCALATION_KINDS = ("escalation", "risk")
# "client" is a team too: a client approval is work the client owes.
MILESTONE_TEAMS = ("creative", "media", "strategy", "analytics", "production", "account", "client")
MILESTONE_STATUSES = ("planned", "in-progress", "done", "blocked")
#: How a follow-up repeats (``--every``).
FOLLOW_UP_EVERY = ("week", "month")
# Estimates (revision 0804): a draft can change; an accepted one is locked and linked to its project.
ESTIMATE_STATUSES = ("draft", "accepted")
ESTIMATE_LINE_KINDS = ("hours", "fixed")
