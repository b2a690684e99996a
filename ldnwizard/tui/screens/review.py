"""Every answer on one screen, each with a way back to change it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from ldnwizard.core.flow import Flow
from ldnwizard.core.models import Question
from ldnwizard.core.phrases import fmt_mg
from ldnwizard.tui.text import literal
from ldnwizard.tui.widgets.keybar import KeyBar
from ldnwizard.tui.widgets import steady_button

NOT_ANSWERED = "(not answered)"


def answer_words(flow: Flow, question: Question) -> str:
    """The answer to ``question`` in words: choice labels, a number with its unit."""
    value = flow.value(question)
    if value is None:
        return NOT_ANSWERED
    labels = {c.value: c.label for c in question.choices}
    if isinstance(value, list):
        return "; ".join(labels.get(v, v) for v in value)
    if isinstance(value, (int, float)):
        number = fmt_mg(value)
        return f"{number} {question.unit}" if question.unit else number
    return labels.get(value, value)


class ReviewScreen(Screen[str]):
    """Check the answers. Dismisses with ``"summary"``, ``"back"`` or ``"change:<question id>"``."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, flow: Flow, *, name: str | None = None) -> None:
        super().__init__(name=name)
        self.flow = flow

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static("Check your answers", id="step")
        with VerticalScroll(id="review"):
            for i, q in enumerate(self.flow.visible(), start=1):
                words = answer_words(self.flow, q)
                answer = literal(words).stylize("italic" if words == NOT_ANSWERED else "bold")
                with Horizontal(classes="review-row"):
                    yield Static(Content.assemble(literal(f"{i}. {q.prompt}"), "\n→ ", answer), classes="review-text")
                    yield steady_button("Change", id=f"change-{q.id}", classes="change", compact=True)
        with Horizontal(id="nav"):
            yield steady_button("Back", id="back")
            yield steady_button("See my summary", id="to-summary", variant="primary")
        yield KeyBar(("Tab", "Move"), ("Enter", "Press"), ("Esc", "Back"))

    def on_mount(self) -> None:
        self.query_one("#to-summary", Button).focus()

    def action_back(self) -> None:
        """Back to the last question."""
        self.dismiss("back")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button.startswith("change-"):
            self.dismiss(f"change:{button.removeprefix('change-')}")
        elif button in ("back", "to-summary"):
            self.dismiss(button.removeprefix("to-"))
