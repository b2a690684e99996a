"""The answer widget for a question, by its kind."""

from __future__ import annotations

from textual.widget import Widget

from ldnwizard.core.answering.flow import Flow
from ldnwizard.core.content.models import Question
from ldnwizard.tui.widgets.choices import ChoiceList, MultiChoice
from ldnwizard.tui.widgets.fields import MedicinePicker, TypedField
from ldnwizard.ui.choices import pinned


def reuse_answer_widget(widget: Widget, question: Question, flow: Flow) -> bool:
    """Show ``question`` in the existing ``widget`` when it is the right kind (a quicker step)."""
    value = flow.value(question)
    compact = question.choices_from == "yes-no-unsure"
    if type(widget) is ChoiceList and question.kind == "single" and question.choices_from != "medicines":
        widget.load(question, value)
        widget.set_class(compact, "compact")
        return True
    if type(widget) is MultiChoice and question.kind == "multi" and question.choices_from != "medicines":
        widget.load(question, list(value) if isinstance(value, list) else None)
        return True
    return False


def answer_widget(question: Question, flow: Flow) -> Widget:
    """A fresh widget for ``question``, showing the answer ``flow`` holds (if any)."""
    value = flow.value(question)
    if question.kind == "number" or question.kind == "text":
        return TypedField(question, value, id="answer")
    if question.choices_from == "medicines":
        # The question's own choices ("Another one", "Not sure", "None") lead the list of medicines.
        return MedicinePicker(question, value, pinned=pinned(question, flow.bank), id="answer")
    if question.kind == "multi":
        return MultiChoice(question, list(value) if isinstance(value, list) else None, id="answer")
    compact = "compact" if question.choices_from == "yes-no-unsure" else ""
    return ChoiceList(question, value, id="answer", classes=compact)
