"""Clients: accounts, contacts and the interaction log, projects, escalations and risks."""
