"""``ldnwizard check RESPONSE.json``: what is wrong with a QuestionnaireResponse, assessed again."""

from __future__ import annotations

from typing import Any

from ldnwizard.core.bank import Bank
from ldnwizard.core.summary import Summary
from ldnwizard.fhir.response import ResponseBuilder


def _plan(resource: dict[str, Any]) -> dict[str, Any] | None:
    for c in resource.get("contained") or []:
        if isinstance(c, dict) and c.get("resourceType") == "Observation":
            codes = [x.get("code") for x in (c.get("code") or {}).get("coding") or [] if isinstance(x, dict)]
            if "ldn-plan" in codes:
                return c
    return None


def _codes(concept: Any) -> list[str]:
    if not isinstance(concept, dict):
        return []
    return [x.get("code") for x in concept.get("coding") or [] if isinstance(x, dict) and x.get("code")]


def response_problems(bank: Bank, summary: Summary, resource: dict[str, Any]) -> list[str]:
    """Problems, each one line; ``summary`` is the response's answers assessed again."""
    problems = []
    missing = ResponseBuilder(bank, summary).missing()
    if resource.get("status") == "completed" and missing:
        problems.append(
            f"status is 'completed', but {len(missing)} required question(s) that apply have no answer: "
            + ", ".join(q.id for q in missing)
        )
    for f in summary.findings:
        left = getattr(f, "unanswered", None) or []
        if left:
            problems.append(f"{f.id}: safety questions that apply have no answer: {', '.join(left)}")
    plan = _plan(resource)
    if plan is None:
        return problems
    have = _codes(plan.get("valueCodeableConcept"))
    if have != [summary.plan.verdict]:
        problems.append(f"its plan says {have}, but its answers give {summary.plan.verdict!r}")
    dose = None
    for comp in plan.get("component") or []:
        if "start-dose" in _codes(comp.get("code")):
            dose = (comp.get("valueQuantity") or {}).get("value")
    if dose != summary.plan.start_dose_mg:
        problems.append(f"its plan's first dose is {dose} mg, but its answers give {summary.plan.start_dose_mg}")
    found = []
    for c in resource.get("contained") or []:
        if isinstance(c, dict) and c is not plan and c.get("resourceType") == "Observation":
            found += _codes(c.get("code"))
    want = [f.id for f in summary.findings]
    if sorted(found) != sorted(want):
        problems.append(f"findings {found} differ from what its answers give: {want}")
    return problems
