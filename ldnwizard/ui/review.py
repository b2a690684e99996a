"""The review both views show before the summary: every answer that applies, in words, each a way back to its question.

:func:`review_rows` gives the rows as plain data (the same for the wizard and the kiosk);
:class:`AnswerReview` is the base of each view's answer list: it holds the rows and posts
:class:`AnswerReview.ChangeRequested` when the person picks one. The wizard's list is an
``OptionList`` (``ldnwizard.tui.screens.review.AnswerList``), the kiosk's a column of big
tiles (``ldnwizard.kiosk.screens.AnswerTiles``); each keeps its own look.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from ldnwizard.core.report.phrases import answer_words

if TYPE_CHECKING:
    from ldnwizard.core.answering.flow import Flow


@dataclass(frozen=True)
class ReviewRow:
    """One answer of the review."""

    number: int
    """Its place in the list, from 1."""
    question_id: str
    prompt: str
    """The question, as the question set words it."""
    answer: str
    """The answer in words: choice labels, a number with its unit, or "not answered" in the person's language."""
    answered: bool


def review_rows(flow: Flow) -> list[ReviewRow]:
    """Every question that applies to the answers in ``flow``, in order, with its answer in words."""
    rows = []
    for number, q in enumerate(flow.visible(), start=1):
        value = flow.value(q)
        rows.append(ReviewRow(number, q.id, q.prompt, answer_words(value, q), value is not None))
    return rows


class AnswerReview:
    """Base of a view's answer list (mixed into a Textual widget): the rows, and the message a pick sends.

    A subclass shows :attr:`rows` in its own way and calls :meth:`request_change` when the
    person picks one; the screen handles ``AnswerReview.ChangeRequested``.
    """

    rows: list[ReviewRow]

    class ChangeRequested(Message):
        """The person wants to change the answer to ``question_id``."""

        def __init__(self, review: AnswerReview, question_id: str) -> None:
            super().__init__()
            self.review = review
            self.question_id = question_id

        @property
        def control(self) -> AnswerReview:
            return self.review

    def request_change(self, question_id: str) -> None:
        """Tell the screen that the answer to ``question_id`` is to be changed."""
        self.post_message(self.ChangeRequested(self, question_id))  # type: ignore[attr-defined]
