"""What every command shares: the store, writes through a unit of work, output, parsing at the edge.

Kept free of SQLModel and Textual imports at module level so ``amtui --help`` stays fast.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from amtui.core.inputs import sanitize

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.store import Store, UnitOfWork

T = TypeVar("T")

#: ``--csv`` on a list or a report: the rows of its JSON as CSV (:func:`emit_csv`).
Csv = Annotated[bool, typer.Option("--csv", help="CSV: the JSON's rows and keys, a header row.")]
#: ``--am NAME`` on the team views: only the accounts whose AM that is (``services/clients/am.py``).
AmOption = Annotated[
    str | None, typer.Option("--am", help="Only the accounts of this AM (a person's name or role).")
]


@dataclass
class CliState:
    db: str | None = None
    debug: bool = False
    _store: Store | None = field(default=None, repr=False)

    @property
    def url(self) -> str | None:
        """The PostgreSQL URL of a team database (``--db postgresql://…`` or ``AMTUI_DB``), else None."""
        import os

        from amtui.store import is_url

        value = self.db if self.db is not None else os.environ.get("AMTUI_DB")
        return value.strip() if value is not None and is_url(value) else None

    @property
    def db_path(self) -> Path:
        """The book's file. On a team database, a command that works on the file itself is refused."""
        from amtui.core.config import resolve_db_path
        from amtui.core.errors import InputError

        if self.db is not None and not self.db.strip():
            raise InputError("--db is empty: give the path of a book (or leave --db out for the default)")
        if self.url is not None:
            raise InputError(
                "this command works on a book file, not on a team database (postgresql://…): "
                "back up and restore the server with pg_dump / pg_restore"
            )
        return resolve_db_path(self.db)

    @property
    def side_path(self) -> Path:
        """Where files that sit beside the book go (recovery copies): beside the file, or a folder of the
        user's own for a team database."""
        if self.url is not None:
            from amtui.store import team_path

            return team_path(self.url)
        return self.db_path

    def store(self) -> Store:
        if self._store is None:
            from amtui.store import open_store

            self._store = open_store(self.url or self.db_path)
            if self._store.backup is not None:
                err(f"upgraded the database schema; the previous file is kept at {self._store.backup}")
        return self._store

    @contextmanager
    def sql(self) -> Iterator[Any]:
        """A plain read connection for services written on :mod:`amtui.store.sql` (no SQLAlchemy
        import): :func:`amtui.store.plain_read`; a new or older book goes through :meth:`store` first, so it
        is created or upgraded as everywhere."""
        from amtui.store import plain_read

        with plain_read(self.url or self.db_path, self.store if self._store is None else None) as con:
            yield con

    def close(self) -> None:
        """Dispose of the engine (its connections close and SQLite checkpoints the WAL)."""
        if self._store is not None:
            self._store.close()
            self._store = None


def state(ctx: typer.Context) -> CliState:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


@contextmanager
def reading_sql(ctx: typer.Context) -> Iterator[Any]:
    """Read through a plain sqlite3 (a team database: psycopg) connection (see :meth:`CliState.sql`)."""
    with state(ctx).sql() as con:
        yield con


@contextmanager
def reading(ctx: typer.Context) -> Iterator[Session]:
    with state(ctx).store().read() as session:
        yield session


_ARGV: list[str] = []


def set_argv(args: list[str]) -> None:
    """Remember the words of this invocation (set by the root group) so history can show the command."""
    _ARGV[:] = [str(a) for a in args]


def command_line() -> str:
    """``amtui account edit acme --name 'Acme Corp'``: this invocation without global options."""
    import shlex

    words: list[str] = []
    skip = False
    for a in _ARGV:
        if skip:
            skip = False
        elif a == "--db":
            skip = True
        elif not (a.startswith("--db=") or a == "--debug"):
            words.append(a)
    return "amtui " + shlex.join(words) if words else "amtui"


def retyped(typed: str, suggestion: str) -> str | None:
    """This invocation with the word ``typed`` (or an ``account/project`` starting with it) replaced by
    ``suggestion``: the command that would work. None when the word is not on the command line."""
    import shlex

    words = command_line().split(" ", 1)[1:] and shlex.split(command_line())
    key = typed.casefold()
    for i, w in enumerate(words[1:], start=1):
        if w.casefold() == key:
            return shlex.join([*words[:i], suggestion, *words[i + 1 :]])
        if "/" not in typed and w.casefold().startswith(key + "/"):
            return shlex.join([*words[:i], suggestion + w[len(typed) :], *words[i + 1 :]])
    return None


@contextmanager
def writing(ctx: typer.Context, command: str | None = None) -> Iterator[UnitOfWork]:
    """One write action: one transaction with its audit batch."""
    from amtui.store import unit_of_work

    name = command or (
        command_line()
        if _ARGV
        else f"amtui {ctx.command_path.removeprefix(ctx.find_root().info_name or '').strip()}"
    )
    with unit_of_work(state(ctx).store(), name) as uow:
        yield uow


def out(text: str = "") -> None:
    """Print a line (or lines): a control character stored in the book is shown escaped, never sent."""
    typer.echo(sanitize(text))


def err(text: str) -> None:
    """One line on stderr (multi-line text is folded: a message is one line)."""
    typer.echo(sanitize(text, multiline=False), err=True)


def emit_json(data: Any) -> None:
    from amtui.core.jsonable import to_jsonable

    # JSON escapes C0 itself; DEL, C1 and undecodable bytes are written as \u escapes too (same value).
    body = json.dumps(to_jsonable(data), indent=2, ensure_ascii=False)
    typer.echo(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", body))


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\ud800-\udfff]")


def emit_csv(rows: Sequence[Any], of: type | None = None) -> None:
    """``rows`` as CSV: one header row of the JSON's keys, then one line per row with the same values.

    Money stays integer cents beside its currency, dates ISO, flags ``true``/``false``, null an empty cell; a
    nested value (a list or an object) is written as its JSON. ``of`` (the rows' dataclass) gives the header
    when there are no rows."""
    import csv
    import io
    from dataclasses import fields, is_dataclass

    from amtui.core.jsonable import to_jsonable

    data = [to_jsonable(r) for r in rows]
    if data:
        keys = list(data[0])
    elif of is not None and is_dataclass(of):
        keys = [f.name for f in fields(of)]
    else:
        keys = []

    def cell(v: Any) -> Any:
        if v is None:
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, dict | list):
            return json.dumps(v, ensure_ascii=False, sort_keys=True)
        return v

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(keys)
    for d in data:
        w.writerow([cell(d.get(k)) for k in keys])
    typer.echo(buf.getvalue(), nl=False)


def one_format(json: bool, csv: bool) -> None:
    """``--json`` and ``--csv`` are two answers to one question: refuse both at once."""
    if json and csv:
        from amtui.core.errors import InputError

        raise InputError("choose one output: --json or --csv")


def console() -> Any:
    from rich.console import Console

    class SafeConsole(Console):
        """Rich, with every text argument through :func:`sanitize` (markup and styles stay ours)."""

        def print(self, *objects: Any, **kwargs: Any) -> None:
            super().print(*(sanitize(o) if isinstance(o, str) else o for o in objects), **kwargs)

    # Piped output (scripts, files) is not wrapped to 80 columns.
    return SafeConsole(highlight=False, width=None if sys.stdout.isatty() else 200)


def pdate(value: str | None) -> date | None:
    from amtui.core.dates import parse_date

    return None if value is None else parse_date(value)


def date_echo(value: str | None, resolved: date) -> str:
    """``2026-12-04`` or ``2026-12-04 (fri)`` when the user typed a word."""
    iso = resolved.isoformat()
    if value is None or value.strip() == iso:
        return iso
    return f"{iso} ({value.strip()})"


def money(cents: int | None, currency: str = "USD") -> str:
    from amtui.core.money import format_money

    return "—" if cents is None else format_money(cents, currency)


def subgroup(app: typer.Typer, name: str, help: str) -> typer.Typer:
    """The command group ``name`` (``export``, ``import`` …), shared by every module that adds to it.

    Several capabilities add verbs under the same noun (``amtui import book``, ``amtui import harvest``);
    each asks for the group here instead of registering its own, so no module shadows another's commands.
    """
    for info in app.registered_groups:
        if info.name == name and info.typer_instance is not None:
            return info.typer_instance
    group = typer.Typer(help=help, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group


def default_group(app: typer.Typer, name: str, help: str, default: str) -> typer.Typer:
    """The command group ``name`` whose first word, when it names none of its commands, is ``default``'s.

    ``amtui time REF 2.5`` logs time as it always did (``time log REF 2.5``), while ``amtui time list``,
    ``time edit`` and ``time delete`` are commands of their own. A project or account named like one of the
    group's commands is written ``account/project`` (or after the default command's name)."""
    from typer.core import TyperGroup

    class FallThrough(TyperGroup):
        def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
            if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
                args = [default, *args]
            return super().parse_args(ctx, args)

    group = typer.Typer(cls=FallThrough, help=help, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group
