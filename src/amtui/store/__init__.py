"""The store: the book's file and backups, its schema and migrations, engine and pragmas, units of work and
audit, models. This package is its public API for the rest of the program (the CLI and the TUI import from
here only; services may import the modules below directly):

- :mod:`amtui.store.files` — private file creation, backups, pruning, restore (plain ``sqlite3``)
- :mod:`amtui.store.schema` — revisions of the migrations (read with :mod:`ast`), of a book, the upgrade
- :mod:`amtui.store.dialect` — SQLite or PostgreSQL (a team database named by a URL): every difference
- :mod:`amtui.store.engine` — pragmas, :class:`Store`, :func:`open_store`, :func:`read_connection`, checks
- :mod:`amtui.store.uow` — :class:`UnitOfWork` and its audit, :func:`unit_of_work`, :func:`write_connection`
- :mod:`amtui.store.bulk` — :func:`bulk_insert`, :func:`bulk_cache`
- :mod:`amtui.store.rows` — the plain-SQL row helpers; :mod:`amtui.store.models` — the tables

Names load on first use (a module-level ``__getattr__``): ``import amtui.store`` costs nothing, and a read
one-liner that takes :func:`read_connection` never loads SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from amtui.core.lazy import lazy_exports

if TYPE_CHECKING:
    from amtui.store.bulk import bulk_cache, bulk_insert  # noqa: F401
    from amtui.store.dialect import WriteListener, check_team, is_url, redacted, setup_team, short_name  # noqa: F401
    from amtui.store.engine import (  # noqa: F401
        SchemaBehind,
        Store,
        database_error,
        foreign_key_problems,
        make_engine,
        open_store,
        plain_read,
        read_connection,
        sqlite_checks,
        team_read_connection,
    )
    from amtui.store.files import (  # noqa: F401
        AUTO_REASONS,
        auto_backup,
        backup_name,
        backup_to,
        prepare_file,
        prune_backups,
        restore_into,
        table_counts,
        write_private,
    )
    from amtui.store.schema import (  # noqa: F401
        MIGRATIONS_DIR,
        alembic_config,
        db_revisions,
        ensure_schema,
        read_revision,
        schema_state,
        script_revisions,
        team_path,
        upgrade,
    )
    from amtui.store.sql import Db, sql_rows  # noqa: F401
    from amtui.store.uow import UnitOfWork, id_ranges, row_dict, unit_of_work, write_connection  # noqa: F401

# Name → the module that defines it.
_HOME = {
    "bulk_cache": "bulk",
    "bulk_insert": "bulk",
    "is_url": "dialect",
    "redacted": "dialect",
    "short_name": "dialect",
    "setup_team": "dialect",
    "check_team": "dialect",
    "WriteListener": "dialect",
    "Store": "engine",
    "database_error": "engine",
    "foreign_key_problems": "engine",
    "make_engine": "engine",
    "open_store": "engine",
    "plain_read": "engine",
    "read_connection": "engine",
    "SchemaBehind": "engine",
    "sqlite_checks": "engine",
    "team_read_connection": "engine",
    "AUTO_REASONS": "files",
    "auto_backup": "files",
    "backup_name": "files",
    "backup_to": "files",
    "prepare_file": "files",
    "prune_backups": "files",
    "restore_into": "files",
    "write_private": "files",
    "table_counts": "files",
    "MIGRATIONS_DIR": "schema",
    "alembic_config": "schema",
    "db_revisions": "schema",
    "ensure_schema": "schema",
    "read_revision": "schema",
    "schema_state": "schema",
    "script_revisions": "schema",
    "team_path": "schema",
    "upgrade": "schema",
    "Db": "sql",
    "sql_rows": "sql",
    "UnitOfWork": "uow",
    "id_ranges": "uow",
    "row_dict": "uow",
    "unit_of_work": "uow",
    "write_connection": "uow",
}

__all__ = sorted(_HOME)


__getattr__ = lazy_exports("amtui.store", globals(), _HOME)


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
