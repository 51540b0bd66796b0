"""TUI labels — not only table cells — never send a control character from the book to the terminal: an
account named with ESC/OSC sequences (an older book, or a file imported before the input policy) shows in
the account screen's heading, the screen title, a toast and a modal as visible pictures (``␛``)."""

from __future__ import annotations

import sqlite3

from textual.widgets import Static

from amtui.store import Store
from amtui.tui.screens.account_detail import AccountDetailScreen
from amtui.tui.screens.confirm import ConfirmModal
from tests.hardening.hostile import record
from tests.tui.helpers import make_app, until

HOSTILE = "Helios\x1b]0;pwned\x07\x1b[2J\x1b[31m Bank\x9b"


def _raw_controls(text: str) -> list[str]:
    return [repr(ch) for ch in text if (ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0]


async def test_an_escape_sequence_in_a_name_is_shown_not_sent(demo_store: Store) -> None:
    record("tui", HOSTILE)
    con = sqlite3.connect(demo_store.path)
    con.execute("UPDATE account SET name = ? WHERE slug = 'helios'", (HOSTILE,))
    con.commit()
    con.close()
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        screen = AccountDetailScreen("helios")
        await app.push_screen(screen)
        head = app.screen.query_one("#account-head", Static)
        await until(pilot, lambda: "Helios" in str(head.render()), what="the heading")
        app.notify(f"Saved {HOSTILE}")  # a toast
        await pilot.pause(0.2)
        svg = app.export_screenshot()
        lines = [
            "".join(seg.text for seg in w.render_line(y))
            for w in app.screen.query("*")
            for y in range(w.size.height)
            if w.display and w.size.height
        ]
        rendered = "\n".join(lines)
        assert "Helios␛]0;pwned␇␛[2J␛[31m Bank" in rendered  # the heading shows it, as pictures
        assert _raw_controls(rendered) == []
        assert "\x1b" not in svg and "\x07" not in svg and "␛" in svg  # the whole screen, toast and title
        await app.push_screen(ConfirmModal(f"Archive {HOSTILE}?"))
        await pilot.pause(0.2)
        modal = "\n".join(
            "".join(seg.text for seg in w.render_line(y))
            for w in app.screen.query(Static)
            for y in range(w.size.height)
        )
        assert "Archive Helios␛]0;pwned" in modal and _raw_controls(modal) == []
