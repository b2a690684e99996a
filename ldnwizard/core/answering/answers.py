"""Checking answers against a question set: one answer typed by a person, or a whole file.

Every message says what was expected, in the question's own words where the
question set gives them (``error_hint``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ldnwizard.core.content.bank import Bank
from ldnwizard.core.errors import InputError
from ldnwizard.core.content.messages import _
from ldnwizard.core.content.models import Question
from ldnwizard.core.files.tomlfile import TomlLines

Answer = str | int | float | list[str]


class AnswerError(ValueError):
    """One answer is not acceptable; the message is for the person who gave it."""


def _fmt(n: float) -> str:
    return f"{n:g}"


def number_expectation(q: Question) -> str:
    """What a number question expects, in words."""
    if q.error_hint:
        return q.error_hint
    parts = ["a number"]
    if q.minimum is not None:
        parts.append(f"above {_fmt(q.minimum)}")
    if q.maximum is not None:
        parts.append(f"and at most {_fmt(q.maximum)}" if q.minimum is not None else f"at most {_fmt(q.maximum)}")
    if q.unit:
        parts.append(q.unit)
    return " ".join(parts)


def check_answer(q: Question, value: Any) -> Answer:
    """Return ``value`` if it is a valid answer to ``q``; raise :class:`AnswerError` if not."""
    if q.kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise AnswerError(f"expected {number_expectation(q)}; got {value!r}")
        if q.minimum is not None and value <= q.minimum:
            raise AnswerError(_("answer.too_small", min=_fmt(q.minimum), expect=number_expectation(q)))
        if q.maximum is not None and value > q.maximum:
            raise AnswerError(_("answer.too_large", value=_fmt(value), max=_fmt(q.maximum), expect=number_expectation(q)))
        return value
    if q.kind == "text":
        if not isinstance(value, str):
            raise AnswerError(f"expected text; got {value!r}")
        if not value.strip():
            raise AnswerError("is empty; leave the question out instead")
        if q.max_length is not None and len(value) > q.max_length:
            raise AnswerError(q.error_hint or f"is too long (at most {q.max_length} characters)")
        return value
    allowed = [c.value for c in q.choices]
    if q.kind == "single":
        if not isinstance(value, str):
            raise AnswerError(f"expected one of: {', '.join(allowed)}; got {value!r}")
        if value not in allowed:
            raise AnswerError(f"{value!r} is not a choice here; choices: {', '.join(allowed)}")
        return value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AnswerError(f"expected a list of choices such as [\"{allowed[0]}\"]; got {value!r}")
    if not value:
        raise AnswerError("pick at least one choice")
    for v in value:
        if v not in allowed:
            raise AnswerError(f"{v!r} is not a choice here; choices: {', '.join(allowed)}")
    if len(set(value)) != len(value):
        raise AnswerError("a choice is listed twice")
    exclusive = {c.value for c in q.choices if c.exclusive}
    if len(value) > 1 and exclusive.intersection(value):
        raise AnswerError(f"{', '.join(sorted(exclusive.intersection(value)))} cannot go with other choices")
    return list(value)


def parse_typed(q: Question, text: str) -> Answer:
    """Turn what a person typed into an answer to ``q`` (numbers accept ``0,5`` and ``0.5 mg``).

    Only plain decimal numbers count: digits with at most one decimal point or comma.
    ``1,000`` is refused (a thousands separator or a decimal comma? asking is safer than
    reading 1), and so are ``1e3``, ``nan``, ``inf`` and signs.
    """
    import re  # here, not at the top: this function is the only part of answers.py the views own

    from ldnwizard.core.text import printable

    text = text.strip()
    if q.kind == "number":
        cleaned = text
        if q.unit and cleaned.lower().endswith(q.unit.lower()):
            cleaned = cleaned[: -len(q.unit)].strip()
        if re.fullmatch(r"\d{1,3}(,\d{3})+", cleaned):
            whole = cleaned.replace(",", "")
            if cleaned.count(",") > 1:
                raise AnswerError(_("answer.no_commas", whole=whole, expect=number_expectation(q)))
            part = f"{float(cleaned.replace(',', '.')):g}"
            raise AnswerError(_("answer.ambiguous_comma", typed=cleaned, whole=whole, part=part))
        if not cleaned:
            raise AnswerError(_("answer.type_number", expect=number_expectation(q)))
        if not re.fullmatch(r"\d+(?:[.,]\d*)?|[.,]\d+", cleaned):
            raise AnswerError(_("answer.not_digits", typed=printable(cleaned[:20]), expect=number_expectation(q)))
        cleaned = cleaned.replace(",", ".")
        number = float(cleaned)
        value: Answer = int(number) if number.is_integer() and "." not in cleaned else number
        return check_answer(q, value)
    return check_answer(q, text)


@dataclass
class CheckedAnswers:
    """Answers that passed, the patient fields, and what was dropped as not applying."""

    answers: dict[str, Answer]
    patient: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)


def check_answers(
    bank: Bank,
    data: Mapping[str, Any],
    *,
    path: Path | None = None,
    lines: TomlLines | None = None,
    table: str | None = None,
    patient: Mapping[str, Any] | None = None,
) -> CheckedAnswers:
    """Check a whole answers table (from a file or another system).

    Unknown ids and bad values raise :class:`InputError` placed at the file's line.
    Answers to questions that do not apply (say a dose when ``benzo = "none"``)
    are dropped and named in ``dropped``.
    """

    def where(key: str) -> int | None:
        if lines is None:
            return None
        start = lines.table(table) if table else None
        line = lines.key_in(start, key)
        return None if line is None else line + 1

    raw: dict[str, Any] = {}
    people: dict[str, str] = {}
    for key, value in data.items():
        q = bank.by_id.get(key)
        if q is None:
            known = ", ".join(q.id for q in bank.questions)
            raise InputError(f"unknown question id {key!r} (known ids: {known})", path, where(key), key)
        try:
            checked = check_answer(q, value)
        except AnswerError as exc:
            raise InputError(str(exc), path, where(key), key) from None
        if q.patient_field:
            people[q.patient_field] = checked  # type: ignore[assignment]
        else:
            raw[key] = checked
    for key, value in (patient or {}).items():
        q = next((q for q in bank.questions if q.patient_field == key), None)
        if q is not None and value is not None:
            try:
                people[key] = check_answer(q, value)  # type: ignore[assignment]
            except AnswerError as exc:
                raise InputError(str(exc), path, None, f"patient.{key}") from None
    kept = bank.applicable(raw)
    problem = bank.dose_problem(kept)
    if problem:
        key = "benzo_doses_per_day"
        raise InputError(problem, path, where(key), key)
    return CheckedAnswers(kept, people, [k for k in raw if k not in kept])
