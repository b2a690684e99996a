"""Urgent help: shown at once when an answer calls for it; nothing else first."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ldnwizard.core.content.messages import _ as tr
from ldnwizard.core.content.models import Urgent
from ldnwizard.tui.text import literal, paragraph
from ldnwizard.tui.widgets.keybar import KeyBar
from ldnwizard.tui.widgets import steady_button


class UrgentScreen(Screen[str]):
    """The question set's urgent text. Dismisses with ``"back"`` (to change the answer) or ``"quit"``."""

    BINDINGS = [Binding("escape", "back", "Back to my answer")]

    def __init__(self, urgent: Urgent, *, name: str | None = None) -> None:
        super().__init__(name=name)
        self.urgent = urgent

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="urgent"):
            yield Static(literal(f"✖ {self.urgent.title}"), id="urgent-title")
            yield Static(paragraph(self.urgent.text), id="urgent-text")
        with Horizontal(id="nav"):
            yield steady_button(tr("tui.back_to_answer"), id="back")
            yield steady_button(tr("tui.quit"), id="quit", variant="error")
        yield KeyBar((tr("keys.esc"), tr("keys.back_to_answer")))

    def on_mount(self) -> None:
        self.query_one("#urgent", VerticalScroll).focus()

    def action_back(self) -> None:
        """Back to the question (the person may have picked the wrong thing)."""
        self.dismiss("back")

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss("back")

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        self.dismiss("quit")
