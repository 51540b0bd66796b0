"""Briefs without a database or a UI: the Markdown format, templates and the quality checks.

Everything here is pure (text in, values out) so the TUI can run the checks on every keystroke and the
services can run them on save; nothing imports SQLModel or Textual.
"""
