"""Typed answers: a number with its unit, a short text, and the medicine picker."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from ldnwizard.core.answering.flow import Flow
from ldnwizard.core.content.messages import _ as tr
from ldnwizard.core.content.models import Question
from ldnwizard.core.report.phrases import fmt_mg
from ldnwizard.tui.text import literal
from ldnwizard.tui.widgets.base import GoOn, steady_input
from ldnwizard.tui.widgets.choices import ChoiceList, MultiChoice
from ldnwizard.ui.picker import ChoicePicker


class TypedField(Horizontal):
    """A number (with its unit beside it) or a short text, typed; Enter goes on."""

    def __init__(self, question: Question, value: object = None, *, id: str | None = None) -> None:
        super().__init__(id=id, classes=f"typed {question.kind}")
        self.question = question
        self.start = "" if value is None else (fmt_mg(value) if isinstance(value, float) else str(value))

    def compose(self) -> ComposeResult:
        q = self.question
        placeholder = tr("tui.for_example", example=q.example) if q.example else ""
        yield steady_input(
            value=self.start,
            placeholder=placeholder,
            # No max_length: a field that stops taking letters cuts a name silently;
            # the answer check says what is too long instead.
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
        if self.parent is not None:
            self.parent.query_one("#choices").focus()


class MedicinePicker(Vertical):
    """Pick a medicine (or several): typing part of a generic or brand name narrows the list.

    For several medicines, Enter in the filter ticks the highlighted match and clears the
    filter for the next name; Enter with an empty filter goes on. The ticked ones are
    listed above the filter, so a tick filtered out of view is never forgotten.
    """

    def __init__(
        self,
        question: Question,
        chosen: str | list[str] | None = None,
        *,
        pinned: frozenset[str] = frozenset(),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="medicines")
        self.pinned = pinned  # the choices that are not medicines: first, and never filtered away
        self.question = question
        self.chosen = chosen
        self.several = question.kind == "multi"

    def compose(self) -> ComposeResult:
        if self.several:
            yield Static(id="picked")
        field = FilterInput(placeholder=tr("tui.filter"), id="filter", select_on_focus=False)
        if getattr(self.app, "steady", False):
            field.set_reactive(Input.cursor_blink, False)
        yield field
        yield Static(tr("tui.no_match"), id="no-match", classes="hidden")
        if self.several:
            yield MultiChoice(self.question, self.chosen if isinstance(self.chosen, list) else None, pinned=self.pinned, id="choices")
        else:
            yield ChoiceList(self.question, self.chosen if isinstance(self.chosen, str) else None, pinned=self.pinned, id="choices")

    def on_mount(self) -> None:
        if self.several:
            self._show_picked()

    @property
    def choices(self) -> ChoiceList | MultiChoice:
        """The list of medicines."""
        return self.query_one("#choices")  # type: ignore[return-value]

    def _show_picked(self) -> None:
        labels = self.choices.labels() if isinstance(self.choices, MultiChoice) else []
        self.query_one("#picked", Static).update(literal(tr("tui.picked", names="; ".join(labels)) if labels else tr("tui.picked_none")))

    @on(ChoicePicker.Picked)
    def _ticked(self, event: ChoicePicker.Picked) -> None:
        """Keep the line of ticked medicines up to date."""
        event.stop()
        if self.several:
            self._show_picked()

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
        self.query_one("#no-match").set_class(bool(self.choices.matched), "hidden")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter: pick the highlighted match and go on (several: tick it and clear the filter)."""
        event.stop()
        choices = self.choices
        shown = choices.shown
        typed = bool(event.value.strip())
        if typed and choices.matched and choices.highlighted is not None:
            value = shown[choices.highlighted].value
            if isinstance(choices, MultiChoice):
                if value not in choices.ticked:
                    choices.toggle(value)
                event.input.value = ""  # ready for the next name; Enter on an empty filter goes on
                return
            choices.choose(value)
        if typed and isinstance(choices, MultiChoice):
            return  # nothing matched: stay, the "Nothing matches" line says why
        self.post_message(GoOn())

    def commit(self, flow: Flow) -> None:
        """Store the chosen medicine."""
        self.choices.commit(flow)
