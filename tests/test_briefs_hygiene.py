"""Briefs keep the layers apart: the format and checks are pure, the CLI module loads nothing heavy."""

from __future__ import annotations

from tests.test_import_hygiene import modules_after


def test_brief_format_checks_and_service_never_import_textual() -> None:
    mods = modules_after(
        "import amtui.services.briefs.markdown, amtui.services.briefs.checks, "
        "amtui.services.briefs.templates, amtui.services.briefs.service"
    )
    assert "textual" not in mods


def test_brief_format_and_checks_need_no_database() -> None:
    mods = modules_after(
        "import amtui.services.briefs.markdown, amtui.services.briefs.checks, amtui.services.briefs.templates"
    )
    assert "sqlmodel" not in mods and "sqlalchemy" not in mods


def test_brief_cli_module_is_cheap_to_import() -> None:
    mods = modules_after("import amtui.cli.brief")
    assert "sqlmodel" not in mods and "textual" not in mods
