"""Picking among a question's choices, the same in the wizard and the kiosk: which are offered, in what order, how typed text finds them, how ticks combine, how a chosen one is marked and how the pick is stored.

No widget here (the base widget is :mod:`ldnwizard.ui.picker`): the wizard shows the
choices in option lists (``ldnwizard.tui.widgets.choices``), the kiosk as big tiles
(``ldnwizard.kiosk.screens``); both take the order, the filter, the exclusive rule, the
marks and the commit from these functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from ldnwizard.core.answering.answers import AnswerError
from ldnwizard.core.answering.flow import Flow

if TYPE_CHECKING:
    from ldnwizard.core.content.bank import Bank
    from ldnwizard.core.content.models import Choice, Question


@dataclass(frozen=True)
class Marks:
    """How a view marks a choice as chosen or not (each view has its own glyphs)."""

    chosen: str
    not_chosen: str

    def of(self, chosen: bool) -> str:
        """The mark for a choice that is (or is not) chosen."""
        return self.chosen if chosen else self.not_chosen

    def label(self, choice: Choice, chosen: bool) -> str:
        """The choice's label after its mark: ``(•) Yes``."""
        return f"{self.of(chosen)} {choice.label}"


def pinned(question: Question, bank: Bank) -> frozenset[str]:
    """The choices that lead a list of medicines ("Another one", "Not sure", "None"): the question's own, not the catalogue's.

    Other questions pin nothing: their choices keep the question set's order.
    """
    if question.choices_from != "medicines":
        return frozenset()
    return frozenset(c.value for c in question.choices if c.value not in bank.medicine_by_id)


def pin_first(choices: Iterable[Choice], pinned: frozenset[str]) -> list[Choice]:
    """The pinned choices first, then the rest, each in the question's order."""
    choices = list(choices)
    return [c for c in choices if c.value in pinned] + [c for c in choices if c.value not in pinned]


def offered(question: Question, bank: Bank) -> list[Choice]:
    """The question's choices in the order both views offer them (see :func:`pinned`)."""
    return pin_first(question.choices, pinned(question, bank))


def matches(choice: Choice, needle: str) -> bool:
    """Whether typed text finds this choice: each typed word is part of its label, value or a keyword (brand)."""
    names = [name.casefold() for name in (choice.label, choice.value, *choice.keywords)]
    return all(any(word in name for name in names) for word in needle.casefold().split())


def starts_a_word(choice: Choice, needle: str) -> bool:
    """Whether a word of the label, or a keyword, starts with ``needle`` (those are listed first)."""
    needle = needle.strip().casefold()
    words = [*re.split(r"[^\w]+", choice.label.casefold()), *(k.casefold() for k in choice.keywords)]
    return any(w.startswith(needle) for w in words if w)


def narrowed(choices: Iterable[Choice], needle: str, pinned: frozenset[str]) -> tuple[list[Choice], int]:
    """(choices to show, how many of them matched) for typed text.

    Matches come first, names that start with the text before the others; the pinned
    choices are never filtered away (those that do not match follow the matches), so
    "not in this list" or "Not sure" is always there.
    """
    choices = list(choices)
    if not needle.strip():
        shown = pin_first(choices, pinned)
        return shown, len(shown)
    found = [c for c in choices if matches(c, needle)]
    found.sort(key=lambda c: not starts_a_word(c, needle))  # "clo": Clonazepam before Zopiclone
    return found + [c for c in choices if c.value in pinned and c not in found], len(found)


def toggled(question: Question, ticked: Iterable[str], value: str) -> list[str]:
    """The ticks after ``value`` is ticked or unticked, in the question's order.

    Ticking an exclusive choice ("None", "Not sure") clears the others, and ticking any
    other clears the exclusive ones.
    """
    ticked = set(ticked)
    exclusive = {c.value for c in question.choices if c.exclusive}
    if value in ticked:
        ticked.discard(value)
    elif value in exclusive:
        ticked = {value}
    else:
        ticked = (ticked - exclusive) | {value}
    return [c.value for c in question.choices if c.value in ticked]


def commit(flow: Flow, question: Question, value: str | list[str] | None) -> None:
    """Store a picked choice (or the ticked ones) in ``flow``; nothing picked clears an optional question.

    Raises :class:`~ldnwizard.core.answering.answers.AnswerError` with the question set's
    message when a question that needs an answer has none.
    """
    if not value:
        if question.optional:
            flow.clear(question)
            return
        raise AnswerError(Flow.empty_message(question))
    flow.answer(value, question)
