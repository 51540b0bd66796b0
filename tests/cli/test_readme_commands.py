"""The README's command table and the program agree: every command is listed there, and has help."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from amtui.cli.main import app

README = Path(__file__).resolve().parents[2] / "README.md"


def commands() -> dict[str, Any]:
    """Every leaf command as its words (``co send``), from the real Typer app."""
    found: dict[str, Any] = {}

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        if hasattr(cmd, "commands"):  # a group (Typer vendors click: duck-typed)
            if cmd.callback is not None and path and cmd.invoke_without_command:
                found[" ".join(path)] = cmd  # a group that is a command too (``amtui log ACCOUNT "…"``)
            for name, sub in cmd.commands.items():
                walk(sub, (*path, name))
        else:
            found[" ".join(path)] = cmd

    walk(typer.main.get_command(app), ())
    return found


def readme_commands() -> set[str]:
    """The commands the README's table names: ``amtui co send CO-7``, ``co list|show`` and bare follow-ons."""
    text = README.read_text(encoding="utf-8")
    table = text.split("## Commands", 1)[1].split("\n## ", 1)[0]
    named: set[str] = set()
    for line in table.splitlines():
        if not line.startswith("| `"):
            continue
        first_cell = line.split(" | ", 1)[0]
        for span in re.findall(r"`([^`]+)`", first_cell):
            words = span.replace("\\|", "|").split()
            if words and words[0] == "amtui":
                words = words[1:]
            if not words or not re.fullmatch(r"[a-z][a-z-]*", words[0]):
                continue
            named.add(words[0])
            rest = re.split(r"\[|--", " ".join(words[1:]), maxsplit=1)[0]  # options and their choices end it
            for piece in rest.split("|"):  # ``list|show SLUG|edit SLUG``: each alternative's first word
                sub = piece.split()[0] if piece.split() else ""
                if re.fullmatch(r"[a-z][a-z-]*", sub):
                    named.add(f"{words[0]} {sub}")
                    # ``estimate line add ID``: a group inside a group names its own verbs
                    leaf = piece.split()[1] if len(piece.split()) > 1 else ""
                    if re.fullmatch(r"[a-z][a-z-]*", leaf):
                        named.add(f"{words[0]} {sub} {leaf}")
    return named


def test_every_command_is_in_the_readme_table() -> None:
    listed = readme_commands()
    missing = sorted(name for name in commands() if name not in listed)
    assert missing == [], f"commands missing from the README's table: {missing}"


def test_the_readme_names_no_command_that_does_not_exist() -> None:
    real = set(commands())
    groups = {" ".join(name.split()[:k]) for name in real for k in range(1, len(name.split()))}
    # ``health snapshot``, ``log list`` and ``rate set creative`` are a leaf command's argument words.
    ghosts = sorted(
        n
        for n in readme_commands()
        if n not in real
        and n not in groups
        and n.split()[0] not in real
        and " ".join(n.split()[:-1]) not in real
    )
    assert ghosts == [], f"the README names commands amtui does not have: {ghosts}"


def test_every_command_has_help_and_answers_help() -> None:
    runner = CliRunner()
    for name, cmd in commands().items():
        assert (cmd.help or "").strip(), f"`amtui {name}` has no help text"
        r = runner.invoke(app, [*name.split(), "--help"])
        assert r.exit_code == 0 and "Usage:" in r.stdout, f"`amtui {name} --help`: {r.exit_code} {r.stdout!r}"
