"""The one "changed since you opened it" check: what it compares, what it says, and the text diff."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.core.errors import ConflictError
from amtui.services.base.versions import changes, check_unchanged, seen, text_diff


def test_seen_reads_fields_as_shown() -> None:
    assert seen(owner=None, plan="", due=date(2026, 12, 3), n=4) == {
        "owner": "—",
        "plan": "—",
        "due": "2026-12-03",
        "n": "4",
    }


def test_unchanged_passes_and_a_change_is_refused_naming_it() -> None:
    opened = seen(owner="Chris", severity="medium")
    check_unchanged("ESC-2", opened, seen(owner="Chris", severity="medium"))
    with pytest.raises(ConflictError) as e:
        check_unchanged("ESC-2", opened, seen(owner="Sam", severity="medium"))
    assert str(e.value).startswith("ESC-2 changed since you opened it (owner: Chris → Sam); nothing saved")
    # A field only one side has counts as changed; long values are shortened on one line.
    assert changes({"a": "1"}, {"a": "1", "b": "x"}) == ["b: — → x"]
    assert changes({"p": "line one\nline two " + "x" * 60}, {"p": "y"})[0].endswith("… → y")


def test_text_diff_is_theirs_against_yours() -> None:
    diff = text_diff("a\nb\n", "a\nc\n", theirs_label="saved elsewhere (v3)")
    assert diff.splitlines() == ["--- saved elsewhere (v3)", "+++ yours", "@@ -1,2 +1,2 @@", " a", "-b", "+c"]
    assert text_diff("same", "same") == ""
