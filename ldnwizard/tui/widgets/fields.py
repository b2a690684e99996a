"""Typed answers: a number with its unit, a short text, and the medicine picker."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from ldnwizard.core.flow import Flow
from ldnwizard.core.models import Question
from ldnwizard.core.phrases import fmt_mg
from ldnwizard.tui.text import literal
from ldnwizard.tui.widgets.base import GoOn, steady_input
from ldnwizard.tui.widgets.choices import ChoiceList


class TypedField(Horizontal):
    """A number (with its unit beside it) or a short text, typed; Enter goes on."""

    def __init__(self, question: Question, value: object = None, *, id: str | None = None) -> None:
        super().__init__(id=id, classes=f"typed {question.kind}")
        self.question = question
        self.start = "" if value is None else (fmt_mg(value) if isinstance(value, float) else str(value))

    def compose(self) -> ComposeResult:
        q = self.question
        placeholder = f"for example {q.example}" if q.example else ""
        yield steady_input(
            value=self.start,
            placeholder=placeholder,
            max_length=q.max_length or 0,
            id="field",
            select_on_focus=False,
        )
        if q.unit:
            yield Static(literal(q.unit), id="unit")

    @property
    def input(self) -> Input:
        """The Input inside."""
        return self.query_one("#field", Input)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the field: go on."""
        event.stop()
        self.post_message(GoOn())

    def commit(self, flow: Flow) -> None:
        """Check and store what was typed (numbers accept ``0,5`` and ``0.5 mg``)."""
        flow.answer_typed(self.input.value, self.question)


class FilterInput(Input):
    """The medicine filter: Down moves into the list."""

    BINDINGS = [Binding("down", "into_list", "List", show=False)]

    def action_into_list(self) -> None:
        """Move the focus to the list of medicines."""
        self.screen.focus_next(ChoiceList)


class MedicinePicker(Vertical):
    """Pick a medicine: typing part of a generic or brand name narrows the list."""

    def __init__(self, question: Question, chosen: str | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="medicines")
        self.question = question
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        field = FilterInput(placeholder="Type part of a name or brand", id="filter", select_on_focus=False)
        if getattr(self.app, "steady", False):
            field.set_reactive(Input.cursor_blink, False)
        yield field
        yield Static("Nothing matches. Try fewer letters.", id="no-match", classes="hidden")
        yield ChoiceList(self.question, self.chosen, id="choices")

    @property
    def choices(self) -> ChoiceList:
        """The list of medicines."""
        return self.query_one(ChoiceList)

    def on_key(self, event: events.Key) -> None:
        """Typing a letter while in the list goes on narrowing it."""
        if self.choices.has_focus and event.is_printable and event.character and event.character != " ":
            event.stop()
            event.prevent_default()
            field = self.query_one("#filter", Input)
            field.focus()
            field.insert_text_at_cursor(event.character)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Narrow the list as the person types."""
        event.stop()
        self.choices.narrow(event.value)
        self.query_one("#no-match").set_class(bool(self.choices.shown), "hidden")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter: pick the one match (or the highlighted one) and go on."""
        event.stop()
        shown = self.choices.shown
        if event.value.strip() and shown and self.choices.highlighted is not None:
            self.choices.choose(shown[self.choices.highlighted].value)
        self.post_message(GoOn())

    def commit(self, flow: Flow) -> None:
        """Store the chosen medicine."""
        self.choices.commit(flow)
