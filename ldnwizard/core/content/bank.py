"""A loaded, checked question set: questions, rules, medicines, sources and plan texts.

What a question set holds and what its answers mean (derived facts, dose bands,
which questions apply). Loading and checking live in
:mod:`ldnwizard.core.content.load` and :mod:`ldnwizard.core.content.checks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping

from ldnwizard.core.content import conditions as cond
from ldnwizard.core.content.models import (
    MEDICINE_KINDS,
    Choice,
    Medicine,
    MedicinesFile,
    PlanFile,
    Question,
    Questionnaire,
    Rule,
    RulesFile,
    SourcesFile,
    Urgent,
)

FILES = {
    "questionnaire": ("questionnaire.toml", Questionnaire),
    "rules": ("rules.toml", RulesFile),
    "medicines": ("medicines.toml", MedicinesFile),
    "sources": ("sources.toml", SourcesFile),
    "plan": ("plan.toml", PlanFile),
}

#: Facts the core works out from answers; conditions may use them like question ids.
DERIVED: dict[str, cond.VarInfo] = {
    "medicine_kind": cond.VarInfo("single", frozenset({"benzodiazepine", "z-drug"})),
    "diazepam_mg_per_day": cond.VarInfo("number"),
    "dose_band": cond.VarInfo("single", frozenset({"low", "moderate", "high"})),
    "other_medicine_kinds": cond.VarInfo("multi", frozenset(MEDICINE_KINDS)),
}
DERIVED_FROM = {
    "medicine_kind": ("benzo",),
    "diazepam_mg_per_day": ("benzo", "benzo_dose_mg", "benzo_doses_per_day"),
    "dose_band": ("benzo", "benzo_dose_mg", "benzo_doses_per_day"),
    "other_medicine_kinds": ("other_medicines",),
}

#: 2025 benzodiazepine tapering guideline, Table 2: low is up to 10 mg diazepam-equivalent a
#: day, moderate up to 15, high above. A medicine's own low-band limit scales the same way.
BAND_LOW_DIAZEPAM_MG = 10.0
BAND_MODERATE_FACTOR = 1.5


@dataclass(frozen=True)
class Equivalence:
    """Approximate diazepam equivalent of a daily dose, with the table it came from."""

    diazepam_mg_per_day: float
    low: float
    high: float
    table_id: str
    table_title: str
    source: str


@dataclass
class Bank:
    """A question set that passed every check. Build it with :func:`load_bank`."""

    path: Path
    questionnaire: Questionnaire
    rules: tuple[Rule, ...]
    medicines: MedicinesFile
    sources: SourcesFile
    plan: PlanFile
    questions: tuple[Question, ...] = field(init=False)
    conditions: dict[str, cond.Node] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.questions = tuple(self._expand(q) for q in self.questionnaire.questions)

    # -- lookups -------------------------------------------------------

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def medicine_by_id(self) -> dict[str, Medicine]:
        return {m.id: m for m in self.medicines.medicines}

    def var(self, name: str) -> cond.VarInfo | None:
        """The condition schema: question ids and derived facts."""
        if name in DERIVED:
            return DERIVED[name]
        q = self.by_id.get(name)
        if q is None:
            return None
        values = frozenset(c.value for c in q.choices) if q.kind in ("single", "multi") else None
        return cond.VarInfo(q.kind, values)

    def condition(self, text: str) -> cond.Node:
        """A parsed condition (cached; all were checked at load time)."""
        node = self.conditions.get(text)
        if node is None:
            node = self.conditions[text] = cond.parse(text)
        return node

    def _expand(self, q: Question) -> Question:
        if q.choices_from == "medicines":
            meds = tuple(
                Choice(
                    value=m.id,
                    label=f"{m.name} ({', '.join(m.brands)})" if m.brands else m.name,
                    keywords=m.brands,
                )
                for m in self.medicines.medicines
                if not q.medicine_kinds or m.kind in q.medicine_kinds
            )
            return replace(q, choices=meds + q.choices)
        if q.choices_from == "yes-no-unsure":
            return replace(q, choices=self.questionnaire.yes_no_unsure + q.choices)
        return q

    # -- answers -> facts ------------------------------------------------

    def equivalence(self, answers: Mapping[str, Any]) -> Equivalence | None:
        """The approximate diazepam equivalent of the daily dose, if it can be worked out."""
        med = self.medicine_by_id.get(str(answers.get("benzo")))
        daily = self.daily_mg(answers)
        if med is None or med.equivalent is None or daily is None:
            return None
        table = self.medicines.tables[med.equivalent.table]
        mg = med.equivalent.mg
        lo_mg, hi_mg = (mg, mg) if isinstance(mg, (int, float)) else mg
        low = daily * table.diazepam_mg / hi_mg
        high = daily * table.diazepam_mg / lo_mg
        return Equivalence(
            diazepam_mg_per_day=round((low + high) / 2, 2),
            low=round(low, 2),
            high=round(high, 2),
            table_id=med.equivalent.table,
            table_title=table.title,
            source=table.source,
        )

    def daily_mg(self, answers: Mapping[str, Any]) -> float | None:
        """The benzo's daily dose in mg, when both the dose and the number of doses are known."""
        dose, per_day = answers.get("benzo_dose_mg"), answers.get("benzo_doses_per_day")
        if dose is None or per_day is None:
            return None
        return float(dose) * float(per_day)

    def dose_band(self, answers: Mapping[str, Any], eq: Equivalence | None = None) -> tuple[str, str] | None:
        """(band, how it was worked out) of the daily dose: low, moderate or high (2025 guideline, Table 2).

        ``eq`` is the day's equivalent when the caller has already worked it out.
        """
        med = self.medicine_by_id.get(str(answers.get("benzo")))
        daily = self.daily_mg(answers)
        if med is None or daily is None:
            return None
        if med.low_band_max_mg is not None:
            low, basis = med.low_band_max_mg, "per-drug"
        else:
            eq = eq or self.equivalence(answers)
            if eq is None:
                return None
            daily, low, basis = eq.diazepam_mg_per_day, BAND_LOW_DIAZEPAM_MG, "diazepam-equivalent"
        if daily <= low + 1e-9:
            return "low", basis
        if daily <= low * BAND_MODERATE_FACTOR + 1e-9:
            return "moderate", basis
        return "high", basis

    def dose_problem(self, answers: Mapping[str, Any]) -> str | None:
        """Why the benzo's daily dose cannot be right (more than anyone takes), or None."""
        med = self.medicine_by_id.get(str(answers.get("benzo")))
        daily = self.daily_mg(answers)
        if med is None or daily is None or med.max_daily_mg is None or daily <= med.max_daily_mg:
            return None
        return self.medicines.daily_dose_error.format(daily=f"{daily:g}", name=med.name, max=f"{med.max_daily_mg:g}")

    def facts(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Answers plus the derived facts conditions may use."""
        out = dict(answers)
        med = self.medicine_by_id.get(str(answers.get("benzo")))
        if med is not None:
            out["medicine_kind"] = med.kind
        eq = self.equivalence(answers)
        if eq is not None:
            out["diazepam_mg_per_day"] = eq.diazepam_mg_per_day
        band = self.dose_band(answers, eq)
        if band is not None:
            out["dose_band"] = band[0]
        others = answers.get("other_medicines")
        if isinstance(others, list):
            kinds = [self.medicine_by_id[m].kind for m in others if m in self.medicine_by_id]
            out["other_medicine_kinds"] = sorted(set(kinds))
        return out

    def safety_unanswered(self, answers: Mapping[str, Any]) -> list[Question]:
        """Safety questions that apply to these answers but have none."""
        kept = self.applicable(answers)
        return [q for q in self.visible_questions(kept) if q.safety and kept.get(q.id) is None]

    def shows(self, question: Question, answers: Mapping[str, Any]) -> bool:
        """Whether ``question`` applies, given the answers so far."""
        if question.show_if is None:
            return True
        return self.condition(question.show_if).evaluate(self.facts(answers))

    def applicable(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """The answers to questions that apply, in question order; answers to hidden ones are dropped."""
        kept: dict[str, Any] = {}
        for q in self.questions:
            if self.shows(q, kept) and answers.get(q.id) is not None:
                kept[q.id] = answers[q.id]
        return kept

    def visible_questions(self, answers: Mapping[str, Any]) -> list[Question]:
        """The questions that apply, in order, given these answers."""
        kept = self.applicable(answers)  # show-if only looks back, so later answers do not matter
        return [q for q in self.questions if self.shows(q, kept)]

    def urgent_stop(self, answers: Mapping[str, Any]) -> Urgent | None:
        """The urgent-help message that applies, if any: it stops the questionnaire."""
        facts = self.facts(self.applicable(answers))
        for urgent in self.questionnaire.urgent:
            if self.condition(urgent.when).evaluate(facts):
                return urgent
        return None

    def section_of(self, question: Question) -> int:
        """1-based number of the question's section."""
        ids = [s.id for s in self.questionnaire.sections]
        return ids.index(question.section) + 1
