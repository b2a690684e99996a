"""The summary file, schema ``ldnwizard.summary/1``: model, TOML out (tomli-w) and in (tomllib).

Unknown keys are kept when a summary is read and written back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ldnwizard import __version__
from ldnwizard.core.answering.assess import Assessment
from ldnwizard.core.content.bank import Bank
from ldnwizard.core.errors import InputError
from ldnwizard.core.content.i18n import language_of, provider_text
from ldnwizard.core.content.models import DoseTime, Evidence, Level, Verdict
from ldnwizard.core.report.summary_checks import check_values
from ldnwizard.core.files.tomlfile import TomlLines, read_toml

SCHEMA = "ldnwizard.summary/1"


class Open(BaseModel):
    """Summary tables keep keys they do not know (newer tools may add some)."""

    model_config = ConfigDict(extra="allow")


class Meta(Open):
    schema_: str = Field(alias="schema")
    created: dt.datetime
    tool_version: str
    question_set: str
    question_set_version: str
    content_reviewed: dt.date
    language: str | None = None  # what the person saw ("en", "es"); absent in summaries before it was recorded

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Patient(Open):
    name: str | None = None


class StepOut(Open):
    dose_mg: float
    for_days: int


class PlanOut(Open):
    verdict: Verdict
    start_dose_mg: float | None = None  # absent: no dose (do-not-start, or a specialist must say yes first)
    dose_time: DoseTime | None = None  # absent together with the dose
    titration: str
    steps: list[StepOut] = []
    headline: str | None = None
    explain: str | None = None
    dose_time_text: str | None = None
    decided_by: list[str] = []  # ids of the findings that set the verdict
    options: list[str] = []  # what to discuss, not taking LDN among them
    first_dose_for_later: bool | None = None  # a wait plan's dose is a step for later


class FindingOut(Open):
    id: str
    level: Level
    title: str
    patient_text: str
    provider_text: str
    evidence: Evidence
    sources: list[str]
    because: dict[str, Any] = {}  # the answers (id -> value) that made the finding apply
    unanswered: list[str] = []  # unanswered-safety: the safety questions left without an answer


class SourceOut(Open):
    title: str | None = None
    description: str | None = None
    doi: str | None = None
    author: str | None = None
    year: int | None = None
    date: str | None = None
    url: str | None = None
    evidence: Evidence | None = None
    reviewed: dt.date | None = None


class Summary(Open):
    """A whole summary file."""

    disclaimer: str | None = None
    crisis: str | None = None  # crisis lines; every summary ends with them
    unanswered: list[str] = []
    meta: Meta
    patient: Patient = Patient()
    answers: dict[str, Any] = {}
    plan: PlanOut
    findings: list[FindingOut] = []
    sources: dict[str, SourceOut] = {}
    provider_questions: list[str] = []
    medication: dict[str, Any] | None = None


def build_summary(bank: Bank, result: Assessment, created: dt.datetime | None = None) -> Summary:
    """Make the summary of an assessment. ``created`` defaults to now, with the local offset."""
    created = created or dt.datetime.now(dt.timezone.utc).astimezone().replace(microsecond=0)
    qn = bank.questionnaire
    plan = result.plan
    sources = {}
    for sid in result.source_ids:
        src = bank.sources.sources[sid]
        sources[sid] = SourceOut.model_validate({k: v for k, v in asdict(src).items() if v is not None})
    return Summary(
        disclaimer=bank.plan.disclaimer.strip(),
        crisis=bank.plan.crisis.strip(),
        unanswered=list(result.unanswered),
        meta=Meta(
            schema=SCHEMA,
            created=created,
            tool_version=__version__,
            question_set=qn.id,
            question_set_version=qn.version,
            content_reviewed=qn.reviewed,
            language=language_of(bank),
        ),
        patient=Patient(**result.patient),
        answers=dict(result.answers),
        plan=PlanOut(
            verdict=plan.verdict,
            start_dose_mg=plan.start_dose_mg,
            dose_time=plan.dose_time,
            titration=plan.titration,
            steps=[StepOut(dose_mg=s.dose_mg, for_days=s.for_days) for s in plan.steps],
            headline=plan.headline,
            explain=plan.explain,
            dose_time_text=plan.dose_time_text,
            decided_by=list(plan.decided_by),
            options=list(plan.options),
            first_dose_for_later=plan.first_dose_for_later or None,
        ),
        findings=[
            FindingOut(
                id=r.id,
                level=r.level,
                title=r.title,
                patient_text=r.patient_text,
                provider_text=provider_text(bank, r, result.unanswered_safety),  # always English
                evidence=r.evidence,
                sources=list(r.sources),
                because=dict(result.because.get(r.id, {})),
                unanswered=list(result.unanswered_safety) if r.trigger == "unanswered-safety" else [],
            )
            for r in result.findings
        ],
        sources=sources,
        provider_questions=list(result.provider_questions),
        medication=result.medication,
    )


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value if v is not None]
    return value


def to_toml(summary: Summary) -> str:
    """The summary as TOML text (UTF-8, tables in a stable order)."""
    data = _drop_none(summary.model_dump(by_alias=True, mode="python"))
    if not data.get("patient"):
        data["patient"] = {}
    return tomli_w.dumps(data)


def from_data(data: dict[str, Any], path: Path | None = None, text: str | None = None) -> Summary:
    """Check a parsed summary; anything wrong is an :class:`InputError` placed in the file."""
    meta = data.get("meta")
    if not isinstance(meta, dict) or "schema" not in meta:
        raise InputError("not an ldnwizard summary: there is no [meta] table with a schema", path)
    if meta["schema"] != SCHEMA:
        raise InputError(f"this file has schema {meta['schema']!r}; ldnwizard reads {SCHEMA!r}", path, where="meta.schema")
    check_values(data, path, text)  # numbers finite and in range, answers shaped like answers: what check accepts, show renders
    try:
        return Summary.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err.get("loc", ()))
        line = TomlLines(text).line_of(loc) if text else None
        where = ".".join(str(p) for p in loc)
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise InputError(f"{err.get('msg', 'invalid')}{more}", path, line, where) from None


def read_summary(path: Path) -> Summary:
    """Read and check a summary file."""
    data, text = read_toml(path)
    return from_data(data, path, text)


def is_summary(data: dict[str, Any]) -> bool:
    """Whether parsed TOML looks like a summary (it has a [meta] table) rather than an answers table."""
    return isinstance(data.get("meta"), dict)
