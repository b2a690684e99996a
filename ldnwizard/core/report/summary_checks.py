"""The values of a summary file, checked so that what ``check`` accepts, ``show`` and ``export`` render.

:func:`check_values` runs on the parsed TOML before the summary model
(:class:`ldnwizard.core.report.summary.Summary`) sees it. The model checks the shape;
this checks what the pages print: every number in ``[medication]`` and ``[plan]``
is a finite number in a sane range (never ``nan mg``, never a 31-digit day count),
``[answers]`` and a finding's ``because`` hold only what an answer can be (text, a
number or a list of choices), and no text or list is absurdly long. Unknown keys
stay allowed, as everywhere in a summary.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StringConstraints, ValidationError

from ldnwizard.core.errors import InputError
from ldnwizard.core.files.tomlfile import TomlLines

#: The most milligrams a single dose, a first dose or a plan step may say.
MAX_DOSE_MG = 1000.0
#: The most doses a day.
MAX_DOSES_PER_DAY = 24
#: A daily amount in mg (the most doses of the largest dose).
MAX_DAILY_MG = MAX_DOSE_MG * MAX_DOSES_PER_DAY
#: A diazepam-equivalent amount in mg: the largest daily amount times the strongest medicine's factor,
#: with room to spare. Only a bound for printing: a finite number of a sane size.
MAX_EQUIVALENT_MG = 1e9
#: How long one plan step may last: up to ten years.
MAX_STEP_DAYS = 3650
#: The most plan steps.
MAX_STEPS = 100
#: Longest id, name and text.
MAX_ID = 200
MAX_TEXT = 20_000
#: Most items in an answer list, the answers table and a finding's ``because``.
MAX_ITEMS = 500


def _number(low: float, high: float, *, whole: bool = False):
    """A finite number (not a boolean, not text) from ``low`` to ``high``; ``whole``: an integer."""

    def check(value: Any) -> int | float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"must be a number, not {type(value).__name__}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"must be a finite number, not {value}")
        if whole and not (isinstance(value, int) or value.is_integer()):
            raise ValueError(f"must be a whole number, not {value:g}")
        if not low <= value <= high:
            raise ValueError(f"must be from {low:g} to {high:g}, not {value:g}")
        return int(value) if whole else value

    return Annotated[Any, PlainValidator(check)]


Dose = _number(0, MAX_DOSE_MG)
Days = _number(1, MAX_STEP_DAYS, whole=True)
Id = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=MAX_ID)]
Text = Annotated[str, StringConstraints(strict=True, max_length=MAX_TEXT)]


def _answer(value: Any) -> Any:
    """What an answer can be: text, a finite number, or a list of choices (text)."""
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise ValueError(f"is too long ({len(value)} characters; at most {MAX_TEXT})")
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"must be a finite number, not {value}")
        if abs(value) > 1e12:
            raise ValueError("is too large a number for an answer")
        return value
    if isinstance(value, list):
        if len(value) > MAX_ITEMS:
            raise ValueError(f"has too many choices ({len(value)})")
        if not all(isinstance(v, str) and len(v) <= MAX_ID for v in value):
            raise ValueError("a list answer holds choices, each a short text")
        return value
    raise ValueError(f"an answer is text, a number or a list of choices, not {type(value).__name__}")


Answer = Annotated[Any, PlainValidator(_answer)]
Answers = Annotated[dict[Id, Answer], Field(max_length=MAX_ITEMS)]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Medication(_Open):
    """``[medication]``: the keys :func:`ldnwizard.core.answering.assess._medication` writes (others are kept)."""

    id: Id
    name: Text
    kind: Id | None = None
    dose_mg: Dose | None = None  # type: ignore[valid-type]
    doses_per_day: _number(0, MAX_DOSES_PER_DAY) | None = None  # type: ignore[valid-type]
    daily_mg: _number(0, MAX_DAILY_MG) | None = None  # type: ignore[valid-type]
    diazepam_equivalent_mg_per_day: _number(0, MAX_EQUIVALENT_MG) | None = None  # type: ignore[valid-type]
    diazepam_equivalent_range_mg: tuple[_number(0, MAX_EQUIVALENT_MG), _number(0, MAX_EQUIVALENT_MG)] | None = None  # type: ignore[valid-type]
    equivalent_is_approximate: bool | None = None
    equivalent_table: Text | None = None
    equivalent_source: Id | None = None
    equivalent_note: Text | None = None
    dose_band: Id | None = None
    dose_band_basis: Id | None = None
    note: Text | None = None

    def model_post_init(self, __context: Any) -> None:
        rng = self.diazepam_equivalent_range_mg
        if rng is not None and rng[0] > rng[1]:
            raise ValueError("diazepam_equivalent_range_mg: the low end is above the high end")


class Step(_Open):
    dose_mg: Dose  # type: ignore[valid-type]
    for_days: Days  # type: ignore[valid-type]


class Plan(_Open):
    start_dose_mg: Dose | None = None  # type: ignore[valid-type]
    steps: Annotated[list[Step], Field(max_length=MAX_STEPS)] = []
    titration: Text | None = None
    headline: Text | None = None
    explain: Text | None = None
    dose_time_text: Text | None = None
    options: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = []


class Finding(_Open):
    title: Text | None = None
    patient_text: Text | None = None
    provider_text: Text | None = None
    sources: Annotated[list[Id], Field(max_length=MAX_ITEMS)] = []
    because: Answers = {}


class Patient(_Open):
    name: Text | None = None


class SummaryValues(_Open):
    """The parts of a summary the pages print, with the bounds above."""

    answers: Answers = {}
    patient: Patient | None = None
    plan: Plan | None = None
    medication: Medication | None = None
    findings: Annotated[list[Finding], Field(max_length=MAX_ITEMS)] = []
    sources: Annotated[dict[Id, Any], Field(max_length=MAX_ITEMS)] = {}
    unanswered: Annotated[list[Id], Field(max_length=MAX_ITEMS)] = []
    provider_questions: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = []
    disclaimer: Text | None = None


def check_values(data: dict[str, Any], path: Path | None = None, text: str | None = None) -> None:
    """Raise :class:`InputError` (placed at the file's line) for the first value the pages cannot print."""
    try:
        SummaryValues.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err.get("loc", ()))
        line = TomlLines(text).line_of(loc) if text else None
        where = ".".join(str(p) for p in loc)
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise InputError(f"{msg}{more}", path, line, where) from None
