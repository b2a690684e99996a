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
from ldnwizard.tui.text import literal
from ldnwizard.tui.widgets import steady_button
from ldnwizard.tui.widgets.keybar import KeyBar
from ldnwizard.ui.review import AnswerReview, ReviewRow, review_rows


def row_option(row: ReviewRow) -> Option:
    """One answer as an option: the question, then the answer (bold, or italic when not answered) and "Change"."""
    answer = literal(row.answer).stylize("bold" if row.answered else "italic")
    text = Content.assemble(literal(f"{row.number}. {row.prompt}"), "\n   → ", answer, "   ", (tr("tui.change"), "underline $text-accent"))
    return Option(text, id=row.question_id)


class AnswerList(AnswerReview, OptionList):
    """The answers, one option each; an answer is highlighted only while the list has the focus."""

    def __init__(self, rows: list[ReviewRow], *, id: str | None = None) -> None:
        self.rows = rows
        options: list[Option | None] = []
        for row in rows:
            if options:
                options.append(None)  # a thin line between answers
            options.append(row_option(row))
        super().__init__(*options, id=id)

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

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.request_change(event.option.id)


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
        yield AnswerList(review_rows(self.flow), id="review")
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

    @on(AnswerReview.ChangeRequested)
    def _change_requested(self, event: AnswerReview.ChangeRequested) -> None:
        event.stop()
        self.change(event.question_id)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("back", "to-summary"):
            self.dismiss(event.button.id.removeprefix("to-"))
