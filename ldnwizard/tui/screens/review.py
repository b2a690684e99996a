"""Every answer on one screen; pick one to change it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ldnwizard.core.answering.flow import Flow
from ldnwizard.core.content.messages import _ as tr
from ldnwizard.core.content.models import Question
from ldnwizard.core.report import phrases
from ldnwizard.tui.text import literal
from ldnwizard.tui.widgets import steady_button
from ldnwizard.tui.widgets.keybar import KeyBar

def answer_words(flow: Flow, question: Question) -> str:
    """The answer to ``question`` in words: choice labels, a number with its unit."""
    return phrases.answer_words(flow.value(question), question)


class AnswerList(OptionList):
    """The answers, one option each; an answer is highlighted only while the list has the focus."""

    def on_mount(self) -> None:
        self.highlighted = None

    def _on_focus(self, event) -> None:
        super()._on_focus(event)
        if self.highlighted is None and self.option_count:
            self.highlighted = self._first_in_view()

    def _first_in_view(self) -> int:
        """The first answer at the top of the view (so Tab does not jump back to the top)."""
        try:
            return self._lines[round(self.scroll_y)][0]
        except (AttributeError, IndexError, TypeError):  # Textual's line table is private
            return 0

    def _on_blur(self, event) -> None:
        super()._on_blur(event)
        self.highlighted = None


class ReviewScreen(Screen[str]):
    """Check the answers. Dismisses with ``"summary"``, ``"back"`` or ``"change:<question id>"``.

    The answers are one list (one widget, so the screen opens quickly however many there
    are): the arrow and page keys scroll it from anywhere; Tab moves into it, and Enter
    or a click on an answer opens that question to change it. "See my summary" has the
    focus, so Enter goes on.
    """

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
        Binding("pagedown", "scroll('page_down')", show=False),
        Binding("home", "scroll('home')", show=False),
        Binding("end", "scroll('end')", show=False),
    ]

    def __init__(self, flow: Flow, *, name: str | None = None) -> None:
        super().__init__(name=name)
        self.flow = flow

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(tr("tui.check_answers"), id="step")
            yield Static(tr("tui.to_change"), id="section")
        options = []
        for i, q in enumerate(self.flow.visible(), start=1):
            words = answer_words(self.flow, q)
            answer = literal(words).stylize("italic" if self.flow.value(q) is None else "bold")
            text = Content.assemble(literal(f"{i}. {q.prompt}"), "\n   → ", answer, "   ", (tr("tui.change"), "underline $text-accent"))
            if options:
                options.append(None)  # a thin line between answers
            options.append(Option(text, id=q.id))
        yield AnswerList(*options, id="review")
        with Horizontal(id="nav"):
            yield steady_button(tr("tui.back"), id="back")
            yield steady_button(tr("tui.see_summary"), id="to-summary", variant="primary")
        yield KeyBar(("↑↓", tr("keys.scroll")), (tr("keys.tab"), tr("keys.pick_answer")), (tr("keys.enter"), tr("keys.press")), (tr("keys.esc"), tr("keys.back")))

    def on_mount(self) -> None:
        self.query_one("#to-summary", Button).focus()

    def action_back(self) -> None:
        """Back to the last question."""
        self.dismiss("back")

    def action_scroll(self, how: str) -> None:
        """Scroll the answers (the focus stays where it is)."""
        answers = self.query_one("#review", OptionList)
        {
            "up": answers.scroll_up,
            "down": answers.scroll_down,
            "page_up": answers.scroll_page_up,
            "page_down": answers.scroll_page_down,
            "home": answers.scroll_home,
            "end": answers.scroll_end,
        }[how](animate=False)

    def change(self, question_id: str) -> None:
        """Open ``question_id`` to change its answer."""
        self.dismiss(f"change:{question_id}")

    @on(OptionList.OptionSelected, "#review")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.change(event.option.id)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("back", "to-summary"):
            self.dismiss(event.button.id.removeprefix("to-"))
