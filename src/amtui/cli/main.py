"""Root of the ``amtui`` command: global options, error handling, the command groups.

No command opens the TUI. Errors a user can cause become one line on stderr and an exit code (2 usage,
1 domain); a traceback only with ``--debug``.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from amtui import __version__
from amtui.cli._common import CliState, err, set_argv

# The command modules, in the order ``amtui --help`` lists their commands.
MODULES = (
    "account",
    "project",
    "log",
    "todo",
    "time",
    "budget",
    "imports",
    "co",
    "invoice",
    "brief",
    "estimate",
    "rate",
    "milestone",
    "plan",
    "performance",
    "media",
    "opportunity",
    "escalation",
    "health",
    "report",
    "history",
    "backup",
    "book",
    "check",
    "misc",
    "demo",
    "team",
)
# Which module registers each top-level command (a test holds this to what the modules register). A one-liner
# builds only its own module's commands: Typer turns every registered function into a Click command before it
# parses anything, reading each signature's type hints, and for all ~170 functions that cost ~200 ms per call.
COMMANDS = {
    "account": "account",
    "contact": "account",
    "project": "project",
    "log": "log",
    "todo": "todo",
    "time": "time",
    "cost": "time",
    "budget": "budget",
    "import": "imports",
    "add-change-order": "co",
    "scope": "co",
    "co": "co",
    "reconcile": "invoice",
    "invoice": "invoice",
    "brief": "brief",
    "estimate": "estimate",
    "rate": "rate",
    "timeline": "milestone",
    "milestone": "milestone",
    "calendar": "milestone",
    "holidays": "plan",
    "load": "plan",
    "performance": "performance",
    "kpi": "performance",
    "media": "media",
    "opp": "opportunity",
    "risks": "escalation",
    "escalation": "escalation",
    "health": "health",
    "today": "health",
    "report": "report",
    "history": "history",
    "undo": "history",
    "redo": "history",
    "backup": "backup",
    "restore": "backup",
    "export": "book",
    "book": "book",
    "check": "check",
    "paths": "misc",
    "demo": "demo",
    "team": "team",
}


class AmtuiGroup(TyperGroup):
    """Turns every error into one clear line on stderr (no Rich panels, no tracebacks)."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = sys.argv[1:] if args is None else list(args)
        debug = "--debug" in argv
        set_argv(argv)
        code = 0
        try:
            rv = super().main(args, prog_name or "amtui", complete_var, standalone_mode=False, **extra)
            if isinstance(rv, int) and not isinstance(rv, bool):
                code = rv
        except typer.Exit as exc:
            code = exc.exit_code
        except typer.Abort:
            err("amtui: aborted")
            code = 1
        except typer.TyperException as exc:  # click usage errors: bad option, missing argument …
            message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
            if type(exc).__name__ == "NoArgsIsHelpError":  # `amtui account` alone: the group's help
                typer.echo(message)
                code = 0
            else:
                ctx = getattr(exc, "ctx", None)
                where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
                err(f"amtui: error: {' '.join(message.split())}{where}")
                code = int(getattr(exc, "exit_code", 2))
        except KeyboardInterrupt:
            code = 130
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            if debug:
                raise
            code = _report(exc)
        if standalone_mode:
            sys.exit(code)
        return code


def _report(exc: Exception) -> int:
    from amtui.core.errors import AmtuiError

    if isinstance(exc, AmtuiError):
        err(f"amtui: {exc}{_would_work(exc)}")
        return exc.exit_code
    from amtui.store import database_error

    said = database_error(exc)
    if said:
        err(f"amtui: {said}")
        return 1
    if isinstance(exc, OverflowError):  # a number beyond what SQLite stores (a huge #N or id)
        err("amtui: a number is out of range (too large)")
        return 2
    if isinstance(exc, UnicodeError):
        err("amtui: text that is not UTF-8 was given; use UTF-8")
        return 2
    if isinstance(exc, OSError):
        err(f"amtui: {exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}".rstrip(": "))
        return 1
    err(f"amtui: internal error: {type(exc).__name__}: {exc} (run with --debug and report it)")
    return 1


def _would_work(exc: Exception) -> str:
    """`` — amtui … 'Marcus Bell'``: the command with the nearest name, when a name was not found."""
    from amtui.cli._common import retyped
    from amtui.core.errors import NotFoundError

    if not isinstance(exc, NotFoundError) or not exc.typed or not exc.suggestion:
        return ""
    fixed = retyped(exc.typed, exc.suggestion)
    return f" — {fixed}" if fixed else ""


def _new_app() -> typer.Typer:
    root_app = typer.Typer(
        cls=AmtuiGroup,
        name="amtui",
        help="The account manager's cockpit: run with no command to open the TUI.",
        no_args_is_help=False,
        invoke_without_command=True,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    root_app.callback()(root)
    return root_app


def _version(value: bool) -> None:
    if value:
        typer.echo(f"amtui {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option("--db", help="Database file (default: AMTUI_DB, then the user data folder).")
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for unexpected errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Open the TUI when no command is given."""
    ctx.obj = CliState(db=db, debug=debug)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        from amtui.tui.app import run_tui_at

        state: CliState = ctx.obj
        run_tui_at(state.url or state.db_path)


def command_of(argv: list[str]) -> str | None:
    """The top-level command an invocation names (``amtui --db x time …`` → ``time``), or None."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "--db":
            skip = True
        elif word in ("--debug",) or word.startswith("--db="):
            continue
        elif word.startswith("-"):
            return None  # --help, --version or a mistake: the whole app answers
        else:
            return word
    return None


def build(only: str | None = None) -> typer.Typer:
    """The Typer app with every command, or only those of the module that registers command ``only``."""
    from importlib import import_module

    root_app = _new_app()
    module = COMMANDS.get(only) if only else None
    for name in (module,) if module else MODULES:
        import_module(f"amtui.cli.{name}").register(root_app)
    return root_app


def __getattr__(name: str) -> Any:
    # ``from amtui.cli.main import app``: the whole app, built on first use (tests, completion).
    if name == "app":
        globals()["app"] = built = build()
        return built
    raise AttributeError(name)


def run() -> None:
    build(command_of(sys.argv[1:]))(prog_name="amtui")
