"""``ldnwizard check RESPONSE.json``: what is wrong with a QuestionnaireResponse, assessed again."""

from __future__ import annotations

from typing import Any

from ldnwizard.core.content.bank import Bank
from ldnwizard.core.report.summary import Summary
from ldnwizard.fhir.response import ResponseBuilder


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _observations(resource: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in _list(resource.get("contained")) if isinstance(c, dict) and c.get("resourceType") == "Observation"]


def _plan(resource: dict[str, Any]) -> dict[str, Any] | None:
    return next((c for c in _observations(resource) if "ldn-plan" in _codes(c.get("code"))), None)


def _codes(concept: Any) -> list[str]:
    if not isinstance(concept, dict):
        return []
    return [x["code"] for x in _list(concept.get("coding")) if isinstance(x, dict) and isinstance(x.get("code"), str)]


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
    for comp in _list(plan.get("component")):
        if isinstance(comp, dict) and "start-dose" in _codes(comp.get("code")) and isinstance(comp.get("valueQuantity"), dict):
            dose = comp["valueQuantity"].get("value")
    if dose != summary.plan.start_dose_mg:
        problems.append(f"its plan's first dose is {dose} mg, but its answers give {summary.plan.start_dose_mg}")
    found = []
    for c in _observations(resource):
        if c is not plan:
            found += _codes(c.get("code"))
    want = [f.id for f in summary.findings]
    if sorted(found) != sorted(want):
        problems.append(f"findings {found} differ from what its answers give: {want}")
    return problems
