"""The first screen: what the tool is and is not, who it is for, how long, the evidence, the review date."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ldnwizard.core.bank import Bank
from ldnwizard.tui.text import literal, paragraph
from ldnwizard.tui.widgets.keybar import KeyBar
from ldnwizard.tui.widgets import steady_button


class WelcomeScreen(Screen[str]):
    """Welcome; Enter or the Start button dismisses with ``"start"``."""

    BINDINGS = [Binding("enter", "start", "Start")]

    def __init__(self, bank: Bank, *, name: str | None = None) -> None:
        super().__init__(name=name)
        self.bank = bank

    def compose(self) -> ComposeResult:
        qn = self.bank.questionnaire
        welcome = qn.welcome
        with VerticalScroll(id="welcome"):
            yield Static(literal(welcome.heading), id="heading")
            yield Static(paragraph(welcome.body), id="body-text")
            yield Static(paragraph(welcome.not_for), id="not-for")
            yield Static(paragraph(welcome.evidence_note), id="evidence")
            yield Static(literal(f"{welcome.start_hint}  (Content reviewed {qn.reviewed:%Y-%m-%d}.)"), id="hint")
        with Horizontal(id="nav"):
            yield steady_button("Start", id="start", variant="primary")
        yield KeyBar(("Enter", "Start"))

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()

    def action_start(self) -> None:
        """Begin the questions."""
        self.dismiss("start")

    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        self.action_start()
