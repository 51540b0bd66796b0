"""Every message the TUI sends itself: store changes, and the one way a worker hands a result to a screen.

A thread worker never touches a widget and never calls back into the UI thread: it ends by posting one of
the :class:`WorkerResult` messages below to the node that started it (``post_message`` is thread-safe), and
that node handles it with ``@on(...)`` on the UI thread. Each result is a small typed dataclass named after
what happened (posting's ``messages.py`` and Toolong's are the model). A worker that fails raises: the
screen's one ``Worker.StateChanged`` handler turns the error into a notification.

A later read wins: reads run as ``exclusive`` workers, and starting one cancels the one before it in its
group. A result remembers the worker that posted it, and a read's result whose worker was cancelled by then
is :attr:`~WorkerResult.stale`; handlers (decorated with :func:`fresh`) drop it. What a write did is always
told (``LATER_WINS = False``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import wraps
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.message import Message
from textual.worker import NoActiveWorker, Worker, get_current_worker

if TYPE_CHECKING:
    from amtui.services.base.paging import Page
    from amtui.services.briefs.service import BriefDetail
    from amtui.services.estimates.lines import BudgetLines
    from amtui.services.estimates.read import EstimateDetail, EstimateDiff
    from amtui.services.growth.performance import ProjectPerformance
    from amtui.services.growth.pipeline import Pipeline
    from amtui.services.money.burn import BurnSeries
    from amtui.services.money.change_orders import ChangeOrderView
    from amtui.services.money.checkin import MonthMove
    from amtui.services.overview.report_model import StatusReport
    from amtui.services.timeline.load import TeamLoad
    from amtui.services.timeline.milestones import MilestoneInfo, MoveResult
    from amtui.services.timeline.read import TimelineView
    from amtui.tui.screens.co_forms import ProjectBase


# --------------------------------------------------------------------------------------- store changes


class StoreWritten(Message):
    """Posted to the app by the ``data_version`` watcher (or after a form saved): the file was written.

    ``skip`` is a screen that wrote and already shows its own change (it is not told to reload)."""

    def __init__(self, skip: object | None = None) -> None:
        super().__init__()
        self.skip = skip


class DataChanged(Message, bubble=False):
    """The book changed (another process, a one-liner, or a form here): visible screens reload.

    Every screen built on :class:`amtui.tui.screens.base.DataScreen` handles it; a screen of its own kind
    only needs ``def on_data_changed(self, message: DataChanged) -> None: self.reload()``.
    """


# ------------------------------------------------------------------------------------------ worker results


@dataclass(eq=False)
class WorkerResult(Message, bubble=False):
    """What a worker hands back to the node that started it. Posted from the worker's thread."""

    #: A later result of the same kind makes this one stale (reads); False for what must always be told
    #: (a write went through, or was refused), even when another write followed it.
    LATER_WINS: ClassVar[bool] = True

    worker: Worker[Any] | None = field(init=False, default=None, repr=False)

    def __init_subclass__(cls, bubble: bool | None = False, **kwargs: Any) -> None:
        # A result is for the node whose worker read it: it never bubbles on to the screen or the app.
        super().__init_subclass__(bubble=bubble, **kwargs)

    def __post_init__(self) -> None:
        super().__post_init__()
        try:
            self.worker = get_current_worker()
        except NoActiveWorker:  # posted from the UI thread (a test, or a result already at hand)
            self.worker = None

    @property
    def stale(self) -> bool:
        """A later read of the same kind started after this one: its result is the one to show."""
        return self.LATER_WINS and self.worker is not None and self.worker.is_cancelled


S = TypeVar("S")
M = TypeVar("M", bound=WorkerResult)


def fresh(handler: Callable[[S, M], None]) -> Callable[[S, M], None]:
    """Decorate a result handler (under ``@on``): the result stops here, and a stale one is dropped."""

    @wraps(handler)
    def handle(self: S, message: M) -> None:
        message.stop()
        if not message.stale:
            handler(self, message)

    return handle


@dataclass(eq=False)
class ScreenRead(WorkerResult):
    """A :class:`~amtui.tui.screens.base.DataScreen` read what it shows (what its ``fetch`` returned)."""

    data: Any


@dataclass(eq=False)
class SnapshotRead(WorkerResult):
    """Today's list as the last session left it (shown while the fresh read runs)."""

    items: list[dict[str, Any]]


@dataclass(eq=False)
class ChartRead(WorkerResult):
    """The burn series of the project under the Budget cursor."""

    series: BurnSeries


@dataclass(eq=False)
class MonthRead(WorkerResult):
    """The Budget screen's monthly check-in (end of last month → today) for the figures it shows."""

    data: Any  # the BudgetData the check-in was read for
    moves: dict[str, MonthMove]


@dataclass(eq=False)
class ImpactRead(WorkerResult):
    """The change order under the cursor, with its impact on the project."""

    view: ChangeOrderView


@dataclass(eq=False)
class ProjectBaseRead(WorkerResult):
    """The project figures a change-order form previews against."""

    base: ProjectBase


@dataclass(eq=False)
class PageRead(WorkerResult):
    """A page of a :class:`~amtui.tui.widgets.paged_table.PagedTable`'s list (``generation`` of the read)."""

    generation: int
    page: Page[Any]
    append: bool


@dataclass(eq=False)
class OverdueCounted(WorkerResult):
    """How many open escalations are past their due date."""

    count: int


@dataclass(eq=False)
class PipelineRead(WorkerResult):
    """The pipeline's sums (the opportunities themselves come page by page)."""

    pipeline: Pipeline


@dataclass(eq=False)
class PerformanceRead(WorkerResult):
    """Every project's results against its KPIs over ``first`` … ``last``."""

    rows: list[ProjectPerformance]
    first: date
    last: date


@dataclass(eq=False)
class ReportRead(WorkerResult):
    """A status report rendered as Markdown (or the one-line reason it could not be), and the report itself
    (None when it could not be read), for the export."""

    text: str
    report: StatusReport | None = None


@dataclass(eq=False)
class TimelineRead(WorkerResult):
    """What the Timeline's filters select; ``keep`` is a milestone id to put the cursor on."""

    view: TimelineView
    account: str | None
    keep: int | None


@dataclass(eq=False)
class TeamLoadRead(WorkerResult):
    """Hours per team per week for the Timeline's load strip."""

    load: TeamLoad


@dataclass(eq=False)
class MilestoneMoved(WorkerResult):
    """A milestone moved, and its dependents with it."""

    LATER_WINS = False

    result: MoveResult


@dataclass(eq=False)
class MilestoneStatusSet(WorkerResult):
    """A milestone was started or marked done."""

    LATER_WINS = False

    milestone: MilestoneInfo


@dataclass(eq=False)
class BriefRead(WorkerResult):
    """The brief an editor shows."""

    detail: BriefDetail


@dataclass(eq=False)
class BriefChoices(WorkerResult):
    """What a new brief can be for: projects as ``(label, ref)`` and template names."""

    projects: list[tuple[str, str]]
    templates: list[str]


@dataclass(eq=False)
class BriefDrafted(WorkerResult):
    """A new brief was drafted from ``template``."""

    LATER_WINS = False

    brief_id: int
    template: str


@dataclass(eq=False)
class BriefSaved(WorkerResult):
    """The editor's brief was saved, submitted or approved: ``summary`` says what happened."""

    LATER_WINS = False

    summary: str


@dataclass(eq=False)
class BriefConflict(WorkerResult):
    """The editor's save was refused: the brief changed since it opened. ``diff`` is theirs against yours."""

    LATER_WINS = False

    message: str
    diff: str


@dataclass(eq=False)
class Written(WorkerResult):
    """A write (or an export) went through: ``summary`` is the line to tell the user."""

    LATER_WINS = False

    summary: str
    title: str = ""


@dataclass(eq=False)
class Refused(WorkerResult):
    """A write or read was refused for a reason the user can act on (an ``AmtuiError``, a file not written):
    ``text`` is the one line to tell them; nothing changed."""

    LATER_WINS = False

    text: str
    title: str = ""
    #: Seconds the notification stays up (None: Textual's default).
    timeout: float | None = None


@dataclass(eq=False)
class UndoAsked(WorkerResult):
    """What the next undo or redo would take: the app asks the user before doing it."""

    LATER_WINS = False

    which: str  # undo | redo
    batch_id: int
    command: str
    when: str  # local time of the action, for the question


@dataclass(eq=False)
class ScoresRead(WorkerResult):
    """Every account's 0–100 health score and band, by slug (the Accounts screen's Health column)."""

    scores: dict[str, tuple[int, str]]


@dataclass(eq=False)
class EstimateRead(WorkerResult):
    """The estimate under the Estimates cursor: its current version's lines, and what changed since."""

    detail: EstimateDetail
    diff: EstimateDiff | None  # None for a first version


@dataclass(eq=False)
class LinesRead(WorkerResult):
    """The Budget cursor's project by estimate line (None: no estimate was accepted into it)."""

    ref: str
    lines: BudgetLines | None
