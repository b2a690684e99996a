"""The first screen: what the tool is and is not, who it is for, how long, the evidence, the review date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ldnwizard.core.content.messages import _ as tr
from ldnwizard.core.content.welcome import WelcomeText, welcome_from_bank
from ldnwizard.tui.text import literal, paragraph
from ldnwizard.tui.widgets.keybar import KeyBar
from ldnwizard.ui.tile import Tile

if TYPE_CHECKING:
    from ldnwizard.core.content.bank import Bank


class WelcomeScreen(Screen[str]):
    """Welcome; Enter or the Start button dismisses with ``"start"`` (or calls ``on_start``).

    ``welcome`` is a loaded :class:`~ldnwizard.core.content.bank.Bank` or just its
    :class:`~ldnwizard.core.content.welcome.WelcomeText` (the wizard's quick start). ``ready``,
    if given, is called with what to do on Start and may hold it back until the app can
    go on (the question set is still loading): ``ready(then)``. ``on_start`` is what
    Start does when the welcome is the app's first screen, which cannot be dismissed.
    """

    BINDINGS = [
        Binding("enter", "start", "Start"),
        # Enter pressed before Textual has the terminal (the first fraction of a second) was
        # turned into a line feed by the terminal, which arrives as ctrl+j: it starts too.
        Binding("ctrl+j", "start", "Start", show=False),
    ]
    FIRST_SCREEN = True  # drawn before the other screens' styles are read (see WizardApp.LATER_CSS)
    AUTO_FOCUS = None  # Start takes the focus just after the first paint, which it would only slow

    def __init__(
        self,
        welcome: WelcomeText | Bank,
        *,
        ready: Callable[[Callable[[], None]], None] | None = None,
        on_start: Callable[[], None] | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        self._ready = ready
        self._on_start = on_start
        self.welcome = welcome if isinstance(welcome, WelcomeText) else welcome_from_bank(welcome)

    def compose(self) -> ComposeResult:
        welcome = self.welcome
        with VerticalScroll(id="welcome"):
            yield Static(literal(welcome.heading), id="heading")
            yield Static(paragraph(welcome.body), id="body-text")
            yield Static(paragraph(welcome.not_for), id="not-for")
            yield Static(paragraph(welcome.evidence_note), id="evidence")
            yield Static(literal(tr("tui.reviewed", hint=welcome.start_hint, date=f"{welcome.reviewed:%Y-%m-%d}")), id="hint")
        with Horizontal(id="nav"):
            yield Tile(tr("tui.start"), id="start")  # a Tile, not a Button: see ldnwizard.ui.tile
        yield KeyBar((tr("keys.enter"), tr("keys.start")))

    def on_mount(self) -> None:
        self.call_after_refresh(self.query_one("#start", Tile).focus)

    def action_start(self) -> None:
        """Begin the questions (once the app is ready for them)."""
        if self._ready is None:
            self._go()
        else:
            self._ready(self._go)

    def _go(self) -> None:
        # Start was pressed twice, or a draft was taken meanwhile. Not ``is_current``: Textual
        # counts the screen just below the top one as current, so it is true under a question.
        if self.app.screen is not self:
            return
        if self._on_start is not None:
            self._on_start()
        else:
            self.dismiss("start")

    @on(Tile.Pressed, "#start")
    def _start(self) -> None:
        self.action_start()
