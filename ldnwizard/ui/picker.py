"""The base of both views' choice widgets: one question's choices, what is picked, narrowing by typed text, and the commit.

A face mixes :class:`ChoicePicker` into a Textual widget and draws the choices its own way:
the wizard's option lists (``ldnwizard.tui.widgets.choices``), the kiosk's big tiles
(``ldnwizard.kiosk.screens.ChoiceTiles``). The rules come from :mod:`ldnwizard.ui.choices`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from ldnwizard.ui.choices import commit, narrowed, pin_first, toggled

if TYPE_CHECKING:
    from ldnwizard.core.answering.flow import Flow
    from ldnwizard.core.content.models import Choice, Question


class ChoicePicker:
    """Base of a view's choice widget (mixed into a Textual widget).

    :attr:`picked` holds the picked values in the question's order (one at most when the
    question takes one choice). :meth:`pick` applies the rules (a new choice replaces the
    old one; ticks follow :func:`~ldnwizard.ui.choices.toggled`), lets the face redraw its
    marks (:meth:`show_marks`) and posts :class:`ChoicePicker.Picked`. :meth:`narrow`
    keeps :attr:`shown` (what the face shows, in order) and :attr:`matched` (how many of
    them the typed text found) and lets the face redraw (:meth:`show_choices`).
    """

    question: Question
    picked: list[str]
    pinned: frozenset[str]
    """Choices shown first and never filtered away ("Not sure", "None" in a list of medicines)."""
    shown: list[Choice]
    matched: int

    class Picked(Message):
        """A choice was picked (or, for several, ticked or unticked)."""

        def __init__(self, picker: ChoicePicker, value: str) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

        @property
        def control(self) -> ChoicePicker:
            return self.picker

    def set_question(self, question: Question, value: object, pinned: frozenset[str] = frozenset()) -> None:
        """Hold ``question`` with the answer ``value`` (a value, a list, or None) already picked."""
        self.question = question
        self.pinned = pinned
        self.picked = list(value) if isinstance(value, list) else [value] if isinstance(value, str) else []
        self.shown = pin_first(question.choices, pinned)
        self.matched = len(self.shown)

    @property
    def several(self) -> bool:
        """Whether the question takes several choices."""
        return self.question.kind == "multi"

    def is_picked(self, value: str) -> bool:
        return value in self.picked

    def pick(self, value: str) -> None:
        """Pick ``value`` (several: tick or untick it) and tell the screen."""
        self.picked = toggled(self.question, self.picked, value) if self.several else [value]
        self.show_marks()
        self.post_message(self.Picked(self, value))  # type: ignore[attr-defined]

    def narrow(self, needle: str) -> None:
        """Show the choices ``needle`` finds, best first, and the pinned ones."""
        self.shown, self.matched = narrowed(self.question.choices, needle, self.pinned)
        self.show_choices()

    def answer(self) -> str | list[str] | None:
        """What is picked, as the flow stores it."""
        if self.several:
            return [c.value for c in self.question.choices if c.value in self.picked]  # the question's order
        return self.picked[0] if self.picked else None

    def commit(self, flow: Flow) -> None:
        """Store what is picked in ``flow`` (nothing picked: see :func:`~ldnwizard.ui.choices.commit`)."""
        commit(flow, self.question, self.answer())

    def show_marks(self) -> None:
        """Redraw the marks after a pick (each face)."""
        raise NotImplementedError

    def show_choices(self) -> None:
        """Redraw the choices after :meth:`narrow` (each face)."""
        raise NotImplementedError
