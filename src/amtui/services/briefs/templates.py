"""Brief templates: ``creative`` and ``media`` ship with amtui; more are Markdown files in the config folder.

A template is a brief whose section bodies are guidance in ``<!-- … -->`` comments. The guidance is shown in
the editor and never stored in a brief, so exports stay clean. A file in ``<config folder>/templates/NAME.md``
adds the template ``NAME`` (or replaces a built-in one of the same name: an agency's own creative brief wins).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from amtui.core.errors import InputError
from amtui.services.briefs.markdown import BriefParseError, parse, split_hint

BUILT_IN = ("creative", "media")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass(frozen=True)
class TemplateSection:
    name: str
    hint: str
    body: str  # text a new brief starts with (usually empty)


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    sections: tuple[TemplateSection, ...]
    source: str  # "built-in" or the file's path

    def hint(self, section: str) -> str:
        key = section.casefold()
        return next((s.hint for s in self.sections if s.name.casefold() == key), "")


def custom_dir() -> Path:
    from amtui.core.config import config_path

    return config_path().parent / "templates"


def _from_text(name: str, text: str, source: str) -> Template:
    try:
        doc = parse(text)
    except BriefParseError as exc:
        raise InputError(f"template {name!r} ({source}) cannot be read: {exc}") from exc
    sections = []
    for s in doc.sections:
        hint, body = split_hint(s.body)
        sections.append(TemplateSection(s.name, hint, body))
    return Template(
        name=name, title=doc.title or f"{name.capitalize()} brief", sections=tuple(sections), source=source
    )


def _custom_files() -> dict[str, Path]:
    folder = custom_dir()
    if not folder.is_dir():
        return {}
    return {p.stem.lower(): p for p in sorted(folder.glob("*.md")) if _NAME.match(p.stem.lower())}


def template_names() -> list[str]:
    """Built-in names first, then custom ones in alphabetical order."""
    return [*BUILT_IN, *sorted(n for n in _custom_files() if n not in BUILT_IN)]


def load_template(name: str) -> Template:
    """A template by name; an unknown name is refused with the names that exist."""
    key = name.strip().lower()
    custom = _custom_files()
    if key in custom:
        path = custom[key]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"template {key!r} cannot be read from {path}: {exc}") from exc
        return _from_text(key, text, str(path))
    if key in BUILT_IN:
        text = (
            resources.files("amtui.services.briefs")
            .joinpath("templates", f"{key}.md")
            .read_text(encoding="utf-8")
        )
        return _from_text(key, text, "built-in")
    raise InputError(
        f"unknown template {name!r}; choose one of: {', '.join(template_names())} "
        f"(custom templates are .md files in {custom_dir()})"
    )
