"""Set a project's % complete as of a date in a test book (the dated history budget and billing read)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from amtui.store.models import ProgressEntry, Project


def set_progress(session: Session, project: Project, bp: int | None, on: date) -> None:
    """``project``'s % complete is ``bp`` from ``on`` (the row keeps the latest figure)."""
    assert project.id is not None
    project.complete_bp = bp
    session.add(project)
    session.add(ProgressEntry(project_id=project.id, on_date=on, complete_bp=bp))
