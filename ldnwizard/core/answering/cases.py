"""A question set's own test cases (``cases.toml``): answers and what the assessment must give.

Content authors write them; ``ldnwizard check DIR`` and the test suite run them, so a
change to a rule shows at once which cases it moved, what each now gets, and which
findings decided it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ldnwizard.core.answering.answers import check_answers
from ldnwizard.core.answering.assess import Assessment, assess
from ldnwizard.core.content.bank import Bank
from ldnwizard.core.errors import ContentError, InputError
from ldnwizard.core.content.models import ID_PATTERN, DoseTime, Verdict
from ldnwizard.core.files.tomlfile import TomlLines, read_toml

CASES_FILE = "cases.toml"


class Case(BaseModel):
    """One named case."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=ID_PATTERN)
    story: str
    like: str | None = None  # start from another case's answers
    answers: dict[str, Any] = {}
    drop: tuple[str, ...] = ()
    verdict: Verdict
    must: tuple[str, ...] = ()
    must_not: tuple[str, ...] = ()
    max_first_dose_mg: float | None = Field(default=None, ge=0)
    no_dose: bool | None = None
    dose_time: DoseTime | None = None


class CasesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cases: tuple[Case, ...]


@dataclass
class CaseResult:
    """What one case got, and what was wrong with it (empty ``problems``: it passed)."""

    case: Case
    line: int | None
    problems: list[str] = field(default_factory=list)
    assessment: Assessment | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def got(self) -> str:
        """What the assessment gave, in one line: verdict, deciding findings and first dose."""
        if self.assessment is None:
            return "no assessment"
        plan = self.assessment.plan
        decided = ", ".join(plan.decided_by) or "no finding above info"
        dose = "no dose" if plan.start_dose_mg is None else f"first dose {plan.start_dose_mg:g} mg"
        return f"got {plan.verdict} (decided by: {decided}; {dose})"


def load_cases(folder: Path) -> tuple[list[Case], TomlLines] | None:
    """The cases of a question set, or None when it has no ``cases.toml``."""
    path = folder / CASES_FILE
    if not path.exists():
        return None
    data, text = read_toml(path, ContentError)
    lines = TomlLines(text)
    try:
        parsed = CasesFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err.get("loc", ()))
        where = ".".join(str(p) for p in loc)
        raise ContentError(f"{where}: {err.get('msg', 'invalid')}", path, lines.line_of(loc, err.get("input")), None) from None
    return list(parsed.cases), lines


def case_answers(case: Case, by_name: dict[str, Case], seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """The answers of a case, with the case it is ``like`` filled in first."""
    base: dict[str, Any] = {}
    if case.like is not None:
        if case.like in seen or case.like not in by_name:
            raise KeyError(case.like)
        base = case_answers(by_name[case.like], by_name, (*seen, case.name))
    base.update(case.answers)
    for key in case.drop:
        base.pop(key, None)
    return base


def run_cases(bank: Bank, cases: list[Case], lines: TomlLines | None = None) -> list[CaseResult]:
    """Run every case against ``bank``."""
    by_name = {c.name: c for c in cases}
    rule_ids = {r.id for r in bank.rules}
    results = []
    for i, case in enumerate(cases):
        line = None
        if lines is not None:
            start = lines.array_item("cases", i)
            line = None if start is None else start + 1
        result = CaseResult(case, line)
        results.append(result)
        try:
            answers = case_answers(case, by_name)
        except KeyError as exc:
            result.problems.append(f"`like` names no earlier case {exc.args[0]!r} (or a loop)")
            continue
        unknown = [r for r in (*case.must, *case.must_not) if r not in rule_ids]
        if unknown:
            result.problems.append(f"unknown finding ids: {', '.join(unknown)}")
        try:
            checked = check_answers(bank, answers)
        except InputError as exc:
            result.problems.append(f"bad answers: {exc.where or ''} {exc.message}".strip())
            continue
        got = assess(bank, checked.answers, checked.patient)
        result.assessment = got
        fired = {f.id for f in got.findings}
        plan = got.plan
        if plan.verdict != case.verdict:
            result.problems.append(f"expected verdict {case.verdict}")
        missing = [r for r in case.must if r not in fired]
        if missing:
            result.problems.append(f"missing findings: {', '.join(missing)}")
        extra = [r for r in case.must_not if r in fired]
        if extra:
            result.problems.append(f"findings that must not appear: {', '.join(extra)}")
        if case.max_first_dose_mg is not None and plan.start_dose_mg is not None and plan.start_dose_mg > case.max_first_dose_mg:
            result.problems.append(f"first dose {plan.start_dose_mg:g} mg is above {case.max_first_dose_mg:g} mg")
        if case.no_dose is True and plan.start_dose_mg is not None:
            result.problems.append("expected no dose at all")
        if case.no_dose is False and plan.start_dose_mg is None:
            result.problems.append("expected a first dose")
        if case.dose_time is not None and plan.dose_time != case.dose_time:
            result.problems.append(f"expected time of day {case.dose_time}, got {plan.dose_time}")
    return results
