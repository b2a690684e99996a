"""Pydantic models of the files in a question set (``questions/<set>/*.toml``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

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


class Strict(BaseModel):
    """Content models refuse unknown keys: a typo in a key name is an error, not silence."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Choice(Strict):
    value: str = Field(pattern=VALUE_PATTERN)
    label: str = Field(min_length=1)
    hint: str | None = None
    exclusive: bool = False  # in a several-choices question: "none of these" clears the others
    keywords: tuple[str, ...] = ()  # extra words the medicine filter matches (brand names)


class Question(Strict):
    id: str = Field(pattern=ID_PATTERN)
    section: str
    kind: Kind
    prompt: str = Field(min_length=1)
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
    max_length: int | None = Field(default=None, gt=0)
    patient_field: Literal["name"] | None = None  # text kept in [patient], not [answers]


class Section(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    intro: str | None = None


class Urgent(Strict):
    id: str = Field(pattern=ID_PATTERN)
    when: str
    title: str
    text: str
    finding: str  # the rule that carries this stop into a summary


class Welcome(Strict):
    heading: str
    body: str
    not_for: str
    evidence_note: str
    start_hint: str
    kiosk_body: str | None = None  # the body at a pharmacy kiosk, where the summary goes to the pharmacist


class Questionnaire(Strict):
    id: str = Field(pattern=ID_PATTERN)
    version: str
    title: str
    reviewed: dt.date
    minutes: int = Field(gt=0)
    welcome: Welcome
    yes_no_unsure: tuple[Choice, ...]
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    urgent: tuple[Urgent, ...] = ()


class Rule(Strict):
    id: str = Field(pattern=ID_PATTERN)
    when: str | None = None
    trigger: Trigger | None = None  # fires on a state of the answers rather than a condition
    level: Level
    title: str
    patient_text: str
    provider_text: str
    evidence: Evidence
    sources: tuple[str, ...] = Field(min_length=1)
    ask: tuple[str, ...] = ()  # questions the person may ask the prescriber
    max_start_dose_mg: float | None = Field(default=None, gt=0)
    dose_time: DoseTime | None = None
    no_plan: bool = False  # no dose and no steps until a specialist has said yes


class RulesFile(Strict):
    rules: tuple[Rule, ...]


class Source(Strict):
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


class SourcesFile(Strict):
    sources: dict[str, Source]

    @field_validator("sources")
    @classmethod
    def _ids(cls, value: dict[str, Source]) -> dict[str, Source]:
        import re

        for key in value:
            if not re.match(ID_PATTERN, key):
                raise ValueError(f"source id {key!r} must be lower-case letters, digits and dashes")
        return value


class EquivalenceTable(Strict):
    title: str
    diazepam_mg: float = Field(gt=0)
    source: str


class Equivalent(Strict):
    table: str
    mg: float | tuple[float, float]


class Medicine(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    brands: tuple[str, ...] = ()
    kind: MedicineKind  # the medicine's class
    equivalent: Equivalent | None = None
    low_band_max_mg: float | None = Field(default=None, gt=0)  # 2025 guideline Table 2: daily dose still "low"
    max_daily_mg: float | None = Field(default=None, gt=0)  # more than this a day is taken as a typing error
    note: str | None = None


class MedicinesFile(Strict):
    tables: dict[str, EquivalenceTable]
    medicines: tuple[Medicine, ...]
    approximate_note: str
    daily_dose_error: str = "That makes {daily} mg of {name} a day, which is more than anyone takes."


class LevelText(Strict):
    word: str
    icon: str
    meaning: str


class VerdictText(Strict):
    word: str  # the verdict's one name in every view ("WAIT")
    icon: str
    headline: str
    explain: str  # {reasons}: the titles of the findings that decided the verdict
    start_dose_mg: float | None = Field(default=None, gt=0)  # absent: no dose at all
    titration: str
    first_dose: str = "{dose} mg a day"  # how the first dose reads; {dose} is the number
    no_dose: str | None = None  # the first dose when a specialist must say yes first
    options: tuple[str, ...] = ()  # the options to discuss, not taking LDN among them
    ask: tuple[str, ...] = ()  # questions for the prescriber with this verdict
    step_mg: float | None = Field(default=None, gt=0)
    step_days: int | None = Field(default=None, gt=0)
    target_mg: float | None = Field(default=None, gt=0)


class PlanFile(Strict):
    levels: dict[Level, LevelText]
    verdicts: dict[Verdict, VerdictText]
    dose_times: dict[DoseTime, str]
    evidence_words: dict[Evidence, str]
    default_dose_time: DoseTime
    disclaimer: str
    crisis: str  # crisis lines; every summary ends with them
    reasons_joiner: str = "; "
    always_ask: tuple[str, ...] = ()
