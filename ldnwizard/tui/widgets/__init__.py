"""Widgets of the wizard: one answer widget per kind of question, and steady buttons and inputs.

:func:`answer_widget` picks the widget for a question. Every answer widget has
``commit(flow)`` (store its value in the :class:`~ldnwizard.core.flow.Flow`, or raise
:class:`~ldnwizard.core.answers.AnswerError`) and posts :class:`GoOn` when the person
presses Enter to go on.
"""

from __future__ import annotations

from ldnwizard.tui.widgets.base import GoOn, steady_button, steady_input
from ldnwizard.tui.widgets.factory import answer_widget, reuse_answer_widget

__all__ = ["GoOn", "answer_widget", "reuse_answer_widget", "steady_button", "steady_input"]
