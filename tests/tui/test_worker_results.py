"""The one way a worker hands a result to a screen (:mod:`amtui.tui.messages`): a typed message, handled
with ``@on`` and :func:`~amtui.tui.messages.fresh`, where a later read wins and a write is always told."""

from __future__ import annotations

import threading
from collections.abc import Callable

from textual import on, work
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from amtui.tui.messages import ReportRead, Written, fresh


class Reader(Screen[None]):
    """Two reads in one exclusive group, the first held until the test lets it finish."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []
        self.told: list[str] = []
        self.posted: list[str] = []  # what the read workers posted, in order
        self.started = threading.Event()
        self.release = threading.Event()

    @work(thread=True, exclusive=True, group="read")
    def read(self, text: str, hold: bool) -> None:
        if hold:
            self.started.set()
            self.release.wait(5)
        self.post_message(ReportRead(text))
        self.posted.append(text)

    @work(thread=True, exclusive=True, group="write")
    def write(self, text: str, hold: bool) -> None:
        if hold:
            self.started.set()
            self.release.wait(5)
        self.post_message(Written(text))

    @on(ReportRead)
    @fresh
    def _read(self, message: ReportRead) -> None:
        self.shown.append(message.text)

    @on(Written)
    @fresh
    def _written(self, message: Written) -> None:
        self.told.append(message.summary)


class Host(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Reader())


async def _settle(pilot: Pilot[None], cond: Callable[[], object]) -> None:
    for _ in range(100):
        if cond():
            return
        await pilot.pause(0.02)
    raise AssertionError("timed out")


async def test_a_later_read_wins_over_an_earlier_one_that_finishes_last() -> None:
    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Reader)
        screen.read("first", hold=True)
        await _settle(pilot, screen.started.is_set)  # the first read is under way
        screen.read("second", hold=False)  # cancels the first (same exclusive group)
        await _settle(pilot, lambda: screen.shown == ["second"])
        screen.release.set()  # the first read now finishes and posts its result: too late
        await _settle(pilot, lambda: screen.posted == ["second", "first"])
        await pilot.pause(0.1)
        assert screen.shown == ["second"]


async def test_a_write_is_told_even_when_another_followed_it() -> None:
    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Reader)
        screen.write("first", hold=True)
        await _settle(pilot, screen.started.is_set)
        screen.write("second", hold=False)
        await _settle(pilot, lambda: screen.told == ["second"])
        screen.release.set()
        await _settle(pilot, lambda: sorted(screen.told) == ["first", "second"])


async def test_a_result_posted_outside_a_worker_is_never_stale() -> None:
    assert ReportRead("x").worker is None and not ReportRead("x").stale
    assert not ReportRead.bubble and not Written.bubble  # results stop at the node that read them
