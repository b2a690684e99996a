"""The set's CodeSystems and the StructureDefinitions of ldnwizard's extensions, and the Bundle of them.

``ldnwizard questions --format fhir --bundle`` gives a ``collection`` Bundle with the
Questionnaire, every CodeSystem it and the responses use, and the extension
definitions, all under the same canonical base, so a validator can resolve them.
No RxNorm or SNOMED codes: none could be checked against a trustworthy source here,
and a wrong code in a clinic system is worse than none.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ldnwizard.core.content.bank import Bank
from ldnwizard.core.errors import InputError
from ldnwizard.core.content.models import VERDICT_ORDER
from ldnwizard.fhir import canon as C
from ldnwizard.fhir.questionnaire import LANGUAGE, PUBLISHER, build, computer_name, narrative



def _concept(code: str, display: str | None = None, definition: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"code": code}
    if display:
        out["display"] = display.strip()
    if definition:
        out["definition"] = definition.strip()
    return out


def code_systems(bank: Bank, canon: C.Canon) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """what -> (title, concepts) for every code system of the set."""
    words = bank.plan
    out: dict[str, tuple[str, list[dict[str, Any]]]] = {
        "questions": ("Questions", [_concept(q.id, q.prompt) for q in bank.questions]),
        "findings": ("Findings", [_concept(r.id, r.title, r.provider_text) for r in bank.rules]),
        "levels": ("Levels of a finding", [_concept(k, v.word, v.meaning) for k, v in words.levels.items()]),
        "verdicts": (
            "Verdicts",
            [_concept(v, words.verdicts[v].headline if v in words.verdicts else v) for v in VERDICT_ORDER],
        ),
        "dose-times": ("Times of day", [_concept(k, v) for k, v in words.dose_times.items()]),
        "evidence": ("Kinds of evidence", [_concept(k, v) for k, v in words.evidence_words.items()]),
        "plan": ("Parts of the plan", [_concept(k, v) for k, v in C.PLAN_PARTS.items()]),
    }
    for q in bank.questions:
        if q.choices:
            out[f"answers-{q.id}"] = (
                f"Answers to {q.id}",
                [_concept(c.value, c.label, c.hint) for c in q.choices],
            )
    return out


def code_system_resources(bank: Bank, canon: C.Canon, now: dt.datetime) -> list[dict[str, Any]]:
    qn = bank.questionnaire
    seen: dict[str, str] = {}
    out = []
    for what, (title, concepts) in code_systems(bank, canon).items():
        rid = canon.code_system_id(what)
        if rid in seen:
            raise InputError(f"code systems {seen[rid]!r} and {what!r} get the same FHIR id {rid!r}")
        seen[rid] = what
        full_title = f"{qn.title}: {title}"
        out.append(
            {
                "resourceType": "CodeSystem",
                "id": rid,
                "language": LANGUAGE,
                "text": narrative(full_title, [f"{c['code']}: {c.get('display', '')}" for c in concepts]),
                "url": canon.code_system(what),
                "version": qn.version,
                "name": computer_name(rid),
                "title": full_title,
                "status": "active",
                "experimental": False,
                "date": now.isoformat(),
                "publisher": PUBLISHER,
                "caseSensitive": True,
                "content": "complete",
                "count": len(concepts),
                "concept": concepts,
            }
        )
    return out


def extension_definitions(bank: Bank, canon: C.Canon, now: dt.datetime) -> list[dict[str, Any]]:
    out = []
    for name, (what, context, value_type) in C.EXTENSIONS.items():
        url = canon.extension(name)
        out.append(
            {
                "resourceType": "StructureDefinition",
                "id": name,
                "language": LANGUAGE,
                "text": narrative(f"Extension {name}", [what, f"On {context}; value: {value_type}."]),
                "url": url,
                "version": bank.questionnaire.version,
                "name": computer_name(name),
                "title": f"ldnwizard {name}",
                "status": "active",
                "experimental": False,
                "date": now.isoformat(),
                "publisher": PUBLISHER,
                "description": what,
                "fhirVersion": "4.0.1",
                "kind": "complex-type",
                "abstract": False,
                "context": [{"type": "element", "expression": context}],
                "type": "Extension",
                "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension",
                "derivation": "constraint",
                "differential": {
                    "element": [
                        {"id": "Extension", "path": "Extension", "short": what, "definition": what, "max": "1"},
                        {"id": "Extension.extension", "path": "Extension.extension", "max": "0"},
                        {"id": "Extension.url", "path": "Extension.url", "fixedUri": url},
                        {
                            "id": "Extension.value[x]",
                            "path": "Extension.value[x]",
                            "min": 1,
                            "type": [{"code": value_type}],
                        },
                    ]
                },
            }
        )
    return out


def bundle(bank: Bank, base: str | None = None, now: dt.datetime | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """A collection Bundle: the Questionnaire, its CodeSystems and the extension definitions."""
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    canon = C.Canon.of(bank, base)
    questionnaire, missing = build(bank, base, now)
    resources = [questionnaire, *code_system_resources(bank, canon, now), *extension_definitions(bank, canon, now)]
    entries = [{"fullUrl": r["url"], "resource": r} for r in resources]
    return (
        {
            "resourceType": "Bundle",
            "id": C.fhir_id(f"{bank.questionnaire.id}-definitions-{bank.questionnaire.version}"),
            "meta": {"lastUpdated": now.isoformat()},
            "type": "collection",
            "timestamp": now.isoformat(),
            "entry": entries,
        },
        missing,
    )
