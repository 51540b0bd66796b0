"""The team-book tests: a throwaway PostgreSQL server (``pg_server``, tests/conftest and tests/pgserver.py)
with a new database a test (``pg_url`` empty, ``pg_demo_url`` the demo), copied from a template migrated once.

These tests compare a team database with a SQLite file, so here ``db_path`` and ``demo_path`` are files
whatever ``--backend`` says. Without the server binaries the tests are skipped with the reason — except in CI
(``CI=true``), where ``.ci/run`` installs them and a missing server must fail, not pass quietly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import private_copy
from tests.pgserver import admin, new_database

__all__ = ["admin", "new_database"]


@pytest.fixture
def db_path(tmp_path: Path, _empty_template: Path) -> Path:
    """A private, empty SQLite book (a copy of the session's template), whatever the backend."""
    return private_copy(_empty_template, tmp_path / "book.db")


@pytest.fixture
def demo_path(_demo_template: Path, tmp_path: Path) -> Path:
    """A private SQLite copy of the demo book, whatever the backend."""
    return private_copy(_demo_template, tmp_path / "demo.db")


@pytest.fixture
def pg_url(pg_server: str, _pg_templates: dict[str, str]) -> str:
    """A new, empty team database at the current schema."""
    return new_database(pg_server, _pg_templates["empty"])


@pytest.fixture
def pg_demo_url(pg_server: str, _pg_templates: dict[str, str]) -> str:
    """A new team database holding the demo book."""
    return new_database(pg_server, _pg_templates["demo"])
