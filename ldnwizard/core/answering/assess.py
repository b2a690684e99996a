"""Answers -> assessment: findings, verdict and plan. Deterministic, no I/O.

The verdict is set by the most severe finding (stop -> do-not-start, wait -> wait,
caution -> start-low, otherwise standard). Rules may cap the first dose, set the
time of day, or hold back any dose until a specialist says yes (``no_plan``); the
numbers of the dose steps come from the question set's plan. A safety question
that applies but has no answer fires the ``unanswered-safety`` trigger, so missing
answers never give a start.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from ldnwizard.core.content import conditions as cond
from ldnwizard.core.content.bank import DERIVED_FROM, Bank
from ldnwizard.core.content.models import (
    LEVEL_ORDER,
    VERDICT_OF_LEVEL,
    VERDICT_ORDER,
    DoseTime,
    Rule,
    Verdict,
)


@dataclass(frozen=True)
class Step:
    """One step of the dose plan."""

    dose_mg: float
    for_days: int


@dataclass(frozen=True)
class Plan:
    """What to discuss with the prescriber: verdict, first dose, time of day, steps."""

    verdict: Verdict
    start_dose_mg: float | None  # None: no dose at all (do-not-start, or a specialist must say yes)
    dose_time: DoseTime | None  # None together with the dose
    titration: str
    steps: tuple[Step, ...]
    headline: str
    explain: str
    dose_time_text: str | None
    decided_by: tuple[str, ...] = ()  # ids of the findings that set the verdict
    options: tuple[str, ...] = ()
    first_dose_for_later: bool = False  # a wait plan's dose is a step for later, not a go-ahead


@dataclass
class Assessment:
    """Everything :func:`assess` found for one set of answers."""

    answers: dict[str, Any]
    patient: dict[str, str]
    findings: list[Rule]
    plan: Plan
    unanswered: list[str]
    medication: dict[str, Any] | None
    provider_questions: list[str]
    source_ids: list[str] = field(default_factory=list)
    because: dict[str, dict[str, Any]] = field(default_factory=dict)  # finding id -> answers that made it apply
    unanswered_safety: list[str] = field(default_factory=list)  # safety questions that apply, unanswered


def _round_dose(mg: float) -> float:
    return round(mg * 4) / 4  # quarter-milligram steps keep the plan readable


def _steps(bank: Bank, verdict: Verdict, start: float) -> tuple[Step, ...]:
    text = bank.plan.verdicts[verdict]
    if verdict not in ("start-low", "standard") or not (text.step_mg and text.step_days and text.target_mg):
        return ()
    steps: list[Step] = []
    dose = start
    while dose < text.target_mg - 1e-9:
        steps.append(Step(_round_dose(dose), text.step_days))
        dose += text.step_mg
    steps.append(Step(text.target_mg, text.step_days))
    return tuple(steps)


def _medication(bank: Bank, answers: Mapping[str, Any]) -> dict[str, Any] | None:
    med = bank.medicine_by_id.get(str(answers.get("benzo")))
    if med is None:
        return None
    out: dict[str, Any] = {"id": med.id, "name": med.name, "kind": med.kind}
    dose, per_day = answers.get("benzo_dose_mg"), answers.get("benzo_doses_per_day")
    if dose is not None:
        out["dose_mg"] = dose
    if per_day is not None:
        out["doses_per_day"] = per_day
    if dose is not None and per_day is not None:
        out["daily_mg"] = round(float(dose) * float(per_day), 3)
    eq = bank.equivalence(answers)
    if eq is not None:
        out["diazepam_equivalent_mg_per_day"] = eq.diazepam_mg_per_day
        if eq.low != eq.high:
            out["diazepam_equivalent_range_mg"] = [eq.low, eq.high]
        out["equivalent_is_approximate"] = True
        out["equivalent_table"] = eq.table_title
        out["equivalent_source"] = eq.source
        out["equivalent_note"] = bank.medicines.approximate_note
    band = bank.dose_band(answers)
    if band is not None:
        out["dose_band"] = band[0]
        out["dose_band_basis"] = band[1]
    if med.note:
        out["note"] = med.note
    return out


def _because(bank: Bank, rule: Rule, facts: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers (id -> value) that made ``rule`` fire, in question order; derived facts name the answers they come from."""
    if rule.when is None:
        return {}
    names = {base for name in cond.reasons(bank.condition(rule.when), facts) for base in DERIVED_FROM.get(name, (name,))}
    return {qid: value for qid, value in answers.items() if qid in names}  # answers are kept in question order


def _fill(rule: Rule, questions: str) -> Rule:
    return replace(
        rule,
        patient_text=rule.patient_text.replace("{questions}", questions),
        provider_text=rule.provider_text.replace("{questions}", questions),
    )


def assess(bank: Bank, answers: Mapping[str, Any], patient: Mapping[str, str] | None = None) -> Assessment:
    """Assess checked answers (see :func:`ldnwizard.core.answering.answers.check_answers`)."""
    kept = bank.applicable(answers)
    facts = bank.facts(kept)
    missing = bank.safety_unanswered(kept)
    topics = ", ".join(q.topic or q.id for q in missing)
    fired: list[Rule] = []
    because: dict[str, dict[str, Any]] = {}
    for rule in bank.rules:
        if rule.trigger == "unanswered-safety":
            if missing:
                fired.append(_fill(rule, topics))
                because[rule.id] = {}
        elif rule.when is not None and bank.condition(rule.when).evaluate(facts):
            fired.append(rule)
            because[rule.id] = _because(bank, rule, facts, kept)
    fired.sort(key=lambda r: LEVEL_ORDER.index(r.level))  # stable: rule order within a level

    verdict: Verdict = "standard"
    for rule in fired:
        candidate = VERDICT_OF_LEVEL[rule.level]
        if VERDICT_ORDER.index(candidate) < VERDICT_ORDER.index(verdict):
            verdict = candidate
    deciding = [r for r in fired if VERDICT_OF_LEVEL[r.level] == verdict and r.level in ("stop", "wait", "caution")]
    text = bank.plan.verdicts[verdict]
    no_plan = verdict == "do-not-start" or text.start_dose_mg is None or any(r.no_plan for r in fired)
    start: float | None = None
    dose_time: DoseTime | None = None
    if not no_plan:
        caps = [r.max_start_dose_mg for r in fired if r.max_start_dose_mg is not None]
        start = min([text.start_dose_mg, *caps])  # type: ignore[list-item]
        times = [r.dose_time for r in fired if r.dose_time is not None]
        dose_time = "morning" if "morning" in times else (times[0] if times else bank.plan.default_dose_time)
    reasons = bank.plan.reasons_joiner.join(r.title for r in deciding)

    plan = Plan(
        verdict=verdict,
        start_dose_mg=start,
        dose_time=dose_time,
        titration=text.titration,
        steps=_steps(bank, verdict, start) if start is not None else (),
        headline=text.headline,
        explain=text.explain.replace("{reasons}", reasons),
        dose_time_text=bank.plan.dose_times[dose_time] if dose_time else None,
        decided_by=tuple(r.id for r in deciding),
        options=text.options,
        first_dose_for_later=verdict == "wait" and start is not None,
    )
    visible = bank.visible_questions(kept)
    unanswered = [q.id for q in visible if q.id not in kept and not q.patient_field]
    asks: list[str] = []
    for item in [a for r in fired for a in r.ask] + list(text.ask) + list(bank.plan.always_ask):
        if item not in asks:
            asks.append(item)
    medication = _medication(bank, kept)
    source_ids: list[str] = []
    for sid in [s for r in fired for s in r.sources] + ([medication["equivalent_source"]] if medication and "equivalent_source" in medication else []):
        if sid not in source_ids:
            source_ids.append(sid)
    return Assessment(
        answers=kept,
        patient=dict(patient or {}),
        findings=fired,
        plan=plan,
        unanswered=unanswered,
        medication=medication,
        provider_questions=asks,
        source_ids=source_ids,
        because=because,
        unanswered_safety=[q.id for q in missing],
    )
