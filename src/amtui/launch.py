"""The ``amtui`` entry point: the bare TUI launch skips the CLI layer entirely.

``amtui`` and ``amtui --db PATH`` open the TUI, and that must paint in well under a second; importing Typer
and building the command line alone costs about 100 ms. Anything else goes to the Typer app in
:mod:`amtui.cli.main`.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def bare_tui_args(argv: list[str]) -> tuple[bool, str | None]:
    """(True, db) when ``argv`` only opens the TUI (nothing, or ``--db PATH``); (False, None) otherwise."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > 5:
        return True, argv[0][5:]
    return False, None


def quick_exit(code: int | str | None) -> NoReturn:
    """End a one-liner without the interpreter's teardown.

    By now the command has committed and closed the book (the root context closes the engine) and only
    output is left to flush. Tearing down SQLAlchemy's and pydantic's object graphs module by module costs
    ~90 ms after ``import sqlmodel`` alone and more after a command: a fifth of a write one-liner's time,
    spent on nothing the user sees."""
    if isinstance(code, str):  # sys.exit("message"): print it as Python would
        sys.stderr.write(code + "\n")
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # `amtui … | head`: the reader left; nothing more to say
            pass
    os._exit(code or 0)


def main() -> None:
    from amtui.core import clock
    from amtui.core.errors import AmtuiError

    try:  # a bad AMTUI_TODAY is refused before anything is read or written
        clock.pinned()
    except AmtuiError as exc:
        sys.stderr.write(f"amtui: {exc}\n")
        quick_exit(exc.exit_code)
    bare, db = bare_tui_args(sys.argv[1:])
    if not bare:
        from amtui.cli.main import run

        try:
            run()
            code: int | str | None = 0
        except SystemExit as exc:
            code = exc.code
        quick_exit(code)
    code = 0
    try:
        from amtui.core.config import resolve_db_target
        from amtui.tui.app import run_tui_at

        run_tui_at(resolve_db_target(db))
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:  # noqa: BLE001 - one line on stderr, as for every command
        from amtui.cli.main import _report

        code = _report(exc)
    sys.exit(code)
