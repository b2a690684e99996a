"""The records of a question set (``questions/<set>/*.toml``), as plain frozen records.

They are dataclasses on :class:`~ldnwizard.core.content.record.Record` and import nothing
but the standard library, so a checked question set kept in the user's cache loads
without pydantic (the wizard's first question waits on that load). Reading a file
validates it with pydantic all the same:
:func:`ldnwizard.core.content.load.load_bank` builds a ``TypeAdapter`` over these
classes, with unknown keys refused (``__pydantic_config__``) and each field's limits
given as :class:`Limit` annotations, which pydantic reads only when it validates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, dataclass, fields, is_dataclass
from typing import Annotated, Any, Literal

from ldnwizard.core.content.record import Record, plain_fields

Level = Literal["stop", "wait", "caution", "tip", "info"]
Evidence = Literal["label", "guideline", "trial", "expert"]
Verdict = Literal["do-not-start", "wait", "start-low", "standard"]
DoseTime = Literal["morning", "bedtime", "either"]
Kind = Literal["single", "multi", "number", "text"]
MedicineKind = Literal["benzodiazepine", "z-drug", "opioid", "naltrexone", "opioid-blocker", "gabapentinoid", "antidiarrheal"]
MEDICINE_KINDS: tuple[str, ...] = (
    "benzodiazepine", "z-drug", "opioid", "naltrexone", "opioid-blocker", "gabapentinoid", "antidiarrheal",
)
Trigger = Literal["unanswered-safety"]

ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
VALUE_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"  # choice values may start with a digit ("18-to-64")

LEVEL_ORDER: tuple[Level, ...] = ("stop", "wait", "caution", "tip", "info")
VERDICT_OF_LEVEL: dict[Level, Verdict] = {
    "stop": "do-not-start",
    "wait": "wait",
    "caution": "start-low",
    "tip": "standard",
    "info": "standard",
}
VERDICT_ORDER: tuple[Verdict, ...] = ("do-not-start", "wait", "start-low", "standard")


class Limit:
    """A limit on a field (``pattern``, ``min_length``, ``gt``), checked when pydantic validates a file.

    Pydantic calls :meth:`__get_pydantic_core_schema__` while it builds the validator;
    nothing here imports pydantic, so the records stay cheap to load from the cache.
    The messages are pydantic's own ("String should match pattern ...").
    """

    def __init__(self, **limits: object) -> None:
        self.limits = limits

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema.update(self.limits)
        return schema

    def __repr__(self) -> str:
        return f"Limit({', '.join(f'{k}={v!r}' for k, v in self.limits.items())})"


Id = Annotated[str, Limit(pattern=ID_PATTERN)]
Text = Annotated[str, Limit(min_length=1)]
PositiveMg = Annotated[float, Limit(gt=0)]
PositiveInt = Annotated[int, Limit(gt=0)]

#: Content records refuse unknown keys: a typo in a key name is an error, not silence.
_STRICT = {"extra": "forbid"}


def record(cls: type) -> type:
    """A content record: a keyword-only dataclass on :class:`Record`, refusing unknown keys when validated."""
    cls.__pydantic_config__ = _STRICT  # type: ignore[attr-defined]
    return plain_fields(dataclass(init=False, repr=False, eq=False, kw_only=True)(cls))  # Record gives the methods


def as_data(value: Any) -> Any:
    """A record as plain dicts, lists and values, leaving out fields still at their default."""
    if is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in fields(value):
            item = getattr(value, f.name)
            if f.default is not MISSING and item == f.default:
                continue
            out[f.name] = as_data(item)
        return out
    if isinstance(value, dict):
        return {k: as_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_data(v) for v in value]
    return value


@record
class Choice(Record):
    value: Annotated[str, Limit(pattern=VALUE_PATTERN)]
    label: Text
    hint: str | None = None
    exclusive: bool = False  # in a several-choices question: "none of these" clears the others
    keywords: tuple[str, ...] = ()  # extra words the medicine filter matches (brand names)


@record
class Question(Record):
    id: Id
    section: str
    kind: Kind
    prompt: Text
    help: str | None = None
    show_if: str | None = None
    optional: bool = False
    choices: tuple[Choice, ...] = ()
    choices_from: Literal["medicines", "yes-no-unsure"] | None = None
    medicine_kinds: tuple[MedicineKind, ...] = ()  # with choices_from = "medicines": only these (empty: all)
    safety: bool = False  # unanswered while it applies: the plan can never be a start
    topic: str | None = None  # the question in a few plain words ("your other medicines")
    unit: str | None = None
    minimum: float | None = None  # numbers: the answer must be above this
    maximum: float | None = None  # numbers: the answer must be at most this
    example: str | None = None
    error_hint: str | None = None
    max_length: PositiveInt | None = None
    patient_field: Literal["name"] | None = None  # text kept in [patient], not [answers]


@record
class Section(Record):
    id: Id
    title: str
    intro: str | None = None


@record
class Urgent(Record):
    id: Id
    when: str
    title: str
    text: str
    finding: str  # the rule that carries this stop into a summary


@record
class Welcome(Record):
    heading: str
    body: str
    not_for: str
    evidence_note: str
    start_hint: str
    kiosk_body: str | None = None  # the body at a pharmacy kiosk, where the summary goes to the pharmacist


@record
class Questionnaire(Record):
    id: Id
    version: str
    title: str
    reviewed: dt.date
    minutes: PositiveInt
    welcome: Welcome
    yes_no_unsure: tuple[Choice, ...]
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    urgent: tuple[Urgent, ...] = ()


@record
class Rule(Record):
    id: Id
    when: str | None = None
    trigger: Trigger | None = None  # fires on a state of the answers rather than a condition
    level: Level
    title: str
    patient_text: str
    provider_text: str
    evidence: Evidence
    sources: Annotated[tuple[str, ...], Limit(min_length=1)]
    ask: tuple[str, ...] = ()  # questions the person may ask the prescriber
    max_start_dose_mg: PositiveMg | None = None
    dose_time: DoseTime | None = None
    no_plan: bool = False  # no dose and no steps until a specialist has said yes


@record
class RulesFile(Record):
    rules: tuple[Rule, ...]


@record
class Source(Record):
    title: str | None = None  # as published, word for word
    description: str | None = None  # what the source is, where no exact title is known
    author: str
    doi: str | None = None
    year: int | None = None
    date: str | None = None
    url: str | None = None
    evidence: Evidence
    reviewed: dt.date
    note: str | None = None


@record
class SourcesFile(Record):
    sources: dict[Id, Source]  # each source's id: lower-case letters, digits and dashes


@record
class EquivalenceTable(Record):
    title: str
    diazepam_mg: PositiveMg
    source: str


@record
class Equivalent(Record):
    table: str
    mg: float | tuple[float, float]


@record
class Medicine(Record):
    id: Id
    name: str
    brands: tuple[str, ...] = ()
    kind: MedicineKind  # the medicine's class
    equivalent: Equivalent | None = None
    low_band_max_mg: PositiveMg | None = None  # 2025 guideline Table 2: daily dose still "low"
    max_daily_mg: PositiveMg | None = None  # more than this a day is taken as a typing error
    note: str | None = None


@record
class MedicinesFile(Record):
    tables: dict[str, EquivalenceTable]
    medicines: tuple[Medicine, ...]
    approximate_note: str
    daily_dose_error: str = "That makes {daily} mg of {name} a day, which is more than anyone takes."


@record
class LevelText(Record):
    word: str
    icon: str
    meaning: str


@record
class VerdictText(Record):
    word: str  # the verdict's one name in every view ("WAIT")
    icon: str
    headline: str
    explain: str  # {reasons}: the titles of the findings that decided the verdict
    start_dose_mg: PositiveMg | None = None  # absent: no dose at all
    titration: str
    first_dose: str = "{dose} mg a day"  # how the first dose reads; {dose} is the number
    no_dose: str | None = None  # the first dose when a specialist must say yes first
    options: tuple[str, ...] = ()  # the options to discuss, not taking LDN among them
    ask: tuple[str, ...] = ()  # questions for the prescriber with this verdict
    step_mg: PositiveMg | None = None
    step_days: PositiveInt | None = None
    target_mg: PositiveMg | None = None


@record
class PlanFile(Record):
    levels: dict[Level, LevelText]
    verdicts: dict[Verdict, VerdictText]
    dose_times: dict[DoseTime, str]
    evidence_words: dict[Evidence, str]
    default_dose_time: DoseTime
    disclaimer: str
    crisis: str  # crisis lines; every summary ends with them
    reasons_joiner: str = "; "
    always_ask: tuple[str, ...] = ()
