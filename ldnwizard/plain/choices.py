"""Typed text -> a choice: by number, by value, label or brand (any case), or by a unique part of a label."""

from __future__ import annotations

import re

from ldnwizard.core.answering.answers import AnswerError
from ldnwizard.core.content.messages import _
from ldnwizard.core.content.models import Choice, Question

_NUMBERS_ONLY = re.compile(r"^[\d\s,]+$")
MIN_PART = 3  # shortest piece of a label that may pick a choice on its own


def resolve_choice(q: Question, text: str) -> str:
    """The value of the choice ``text`` names; raise :class:`AnswerError` saying what is expected."""
    choices = q.choices
    typed = text.strip()
    low = typed.casefold()
    how = _("plain.choice_how", n=len(choices))
    if typed.isdigit():
        n = int(typed)
        if 1 <= n <= len(choices):
            return choices[n - 1].value
        raise AnswerError(_("plain.no_choice", n=n, how=how))
    for c in choices:
        if low in {c.value.casefold(), c.label.casefold(), *(k.casefold() for k in c.keywords)}:
            return c.value
    if len(low) >= MIN_PART:
        fits = [
            (i, c)
            for i, c in enumerate(choices, start=1)
            if low in c.label.casefold() or any(low in k.casefold() for k in c.keywords)
        ]
        if len(fits) == 1:
            return fits[0][1].value
        if len(fits) > 1:
            listed = "; ".join(f"{i}. {c.label}" for i, c in fits)
            raise AnswerError(_("plain.fits_many", typed=typed, listed=listed))
    raise AnswerError(_("plain.not_a_choice", typed=typed, how=how))


def resolve_choices(q: Question, text: str) -> list[str]:
    """The values of the choices in a comma list (numbers may also be separated by spaces)."""
    if _NUMBERS_ONLY.match(text):
        parts = re.split(r"[\s,]+", text.strip())
    else:
        parts = text.split(",")
    values: list[str] = []
    for part in parts:
        if part.strip():
            value = resolve_choice(q, part)
            if value not in values:
                values.append(value)
    if not values:
        raise AnswerError(_("answer.empty_multi"))
    exclusive = [c for c in q.choices if c.exclusive and c.value in values]
    if exclusive and len(values) > 1:
        label = exclusive[0].label
        raise AnswerError(_("plain.not_alone", label=label))
    return values


def choice_label(q: Question, value: str) -> str:
    """The label of a choice value (the value itself if unknown)."""
    found: Choice | None = next((c for c in q.choices if c.value == value), None)
    return found.label if found else value
