"""Built-in templates carry the issue's sections; custom ones are Markdown files in the config folder."""

from __future__ import annotations

import pytest

from amtui.core.config import config_path
from amtui.core.errors import InputError
from amtui.services.briefs.templates import custom_dir, load_template, template_names

SECTIONS = [
    "Project, client, date and contacts",
    "Background and context",
    "Business objective and communication objectives",
    "Target audience and what they believe now",
    "Single-minded proposition / key message",
    "Channels and media",
    "Deliverables and specs",
    "Mandatories and brand guidelines",
    "Call to action",
    "Budget",
    "Timeline",
    "Success metrics / KPIs",
    "Stakeholders and approval path",
]


@pytest.mark.parametrize("name", ["creative", "media"])
def test_built_in_templates_have_every_section_with_a_hint(name: str) -> None:
    t = load_template(name)
    assert [s.name for s in t.sections] == SECTIONS
    assert all(s.hint and not s.body for s in t.sections)
    assert t.source == "built-in"
    assert t.title == f"{name.capitalize()} brief"


def test_hints_say_what_a_section_needs() -> None:
    t = load_template("creative")
    assert "non-goals" in t.hint("Business objective and communication objectives")
    assert "sizes, formats, lengths and quantities" in t.hint("deliverables and specs")


def test_custom_templates_live_in_the_config_folder() -> None:
    assert custom_dir() == config_path().parent / "templates"
    custom_dir().mkdir(parents=True)
    (custom_dir() / "social.md").write_text(
        "# Social brief\n\n## Objective\n<!-- One number. -->\n\n## Platforms\nInstagram, TikTok\n"
    )
    (custom_dir() / "creative.md").write_text("## Idea\n\n## Budget\n")
    (custom_dir() / "Bad Name!.md").write_text("## X\n")
    assert template_names() == ["creative", "media", "social"]
    social = load_template("Social")
    assert [(s.name, s.hint, s.body) for s in social.sections] == [
        ("Objective", "One number.", ""),
        ("Platforms", "", "Instagram, TikTok"),
    ]
    assert social.title == "Social brief" and social.source.endswith("social.md")
    # An agency's own creative brief replaces the built-in one.
    assert [s.name for s in load_template("creative").sections] == ["Idea", "Budget"]


def test_unknown_or_broken_templates_are_refused() -> None:
    with pytest.raises(InputError, match="unknown template 'poster'; choose one of: creative, media"):
        load_template("poster")
    custom_dir().mkdir(parents=True)
    (custom_dir() / "broken.md").write_text("no headings at all\n")
    with pytest.raises(InputError, match="template 'broken'.*cannot be read: line 1"):
        load_template("broken")
