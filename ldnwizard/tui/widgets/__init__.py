"""Widgets of the wizard: one answer widget per kind of question, and steady buttons and inputs.

:func:`answer_widget` picks the widget for a question. Every answer widget has
``commit(flow)`` (store its value in the :class:`~ldnwizard.core.answering.flow.Flow`, or raise
:class:`~ldnwizard.core.answering.answers.AnswerError`) and posts :class:`GoOn` when the person
presses Enter to go on.
"""

from __future__ import annotations

from typing import Any

from ldnwizard.tui.widgets.base import GoOn, steady_button, steady_input

# The answer widgets need the core's models (pydantic); they are imported when first
# asked for, so the first screen (welcome, buttons only) does not wait for them.
_FROM_FACTORY = ("answer_widget", "reuse_answer_widget")


def __getattr__(name: str) -> Any:
    if name in _FROM_FACTORY:
        from ldnwizard.tui.widgets import factory

        return getattr(factory, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["GoOn", "answer_widget", "reuse_answer_widget", "steady_button", "steady_input"]
