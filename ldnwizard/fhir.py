"""FHIR R4 for clinic systems: the question set as a Questionnaire, a summary as a QuestionnaireResponse.

Plain dictionaries in, JSON out; no FHIR library is needed at run time (the tests
validate the output with ``fhir.resources``' R4B models, whose Questionnaire and
QuestionnaireResponse match R4's).

Choices of the design:

* Items are grouped by section (``type = "group"``, linkId ``section-<id>``); every
  question is an item whose linkId is the question id. A QuestionnaireResponse
  holds the same groups with only the answered questions.
* Choices are Codings in a code system per question: ``urn:ldnwizard:<set>:<question id>``,
  code = the choice value, display = its label. Several-choice questions repeat.
* Numbers are ``decimal`` items (``valueDecimal``): the question set has no integer
  kind and allows answers such as 0.5 doses a day. Text is ``string`` (``valueString``).
  The optional name (kept in the summary's ``[patient]``) is the ``name`` item.
* show-if becomes ``enableWhen`` + ``enableBehavior`` where it can be said that way:
  ``ID in [..]``, ``ID not in [..]``, ``==``/``!=``, number comparisons, ``has``/``has any``/
  ``has all``, ``answered``, and ``and``/``or`` of those that need one behaviour. FHIR's
  ``!=`` is also true when a question is unanswered, while show-if is not, so an
  ``exists`` condition is added. Every item with a show-if carries it word for word in
  the extension ``urn:ldnwizard:extension:show-if``. Where it cannot be expressed
  (derived facts such as ``diazepam_mg_per_day``, ``not`` of a compound, mixed
  and/or) the item gets no enableWhen, is not ``required`` (a form must not demand
  an answer that may not apply), and the extension ``urn:ldnwizard:extension:show-if-not-expressed``
  says why.
* The assessment travels as contained Observations: one ``plan`` Observation (verdict,
  first dose, time of day, steps) and one Observation per finding (code = finding id,
  ``valueString`` = provider text, ``interpretation`` = level, notes = patient text,
  evidence and sources), each ``derivedFrom`` the response (``#``). The response refers to
  each with the extension ``urn:ldnwizard:extension:finding`` (``...:plan`` for the plan),
  so every contained resource is referenced from its container.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ldnwizard.core import conditions as cond
from ldnwizard.core.bank import Bank
from ldnwizard.core.models import Question
from ldnwizard.core.render import medication_line, source_line, steps_line
from ldnwizard.core.summary import Summary

EXT_SHOW_IF = "urn:ldnwizard:extension:show-if"
EXT_NOT_EXPRESSED = "urn:ldnwizard:extension:show-if-not-expressed"
EXT_FINDING = "urn:ldnwizard:extension:finding"
EXT_PLAN = "urn:ldnwizard:extension:plan"
EXT_UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
EXT_MAX = "http://hl7.org/fhir/StructureDefinition/maxValue"
EXT_ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
UCUM = "http://unitsofmeasure.org"
LEVEL_SYSTEM = "urn:ldnwizard:level"
VERDICT_SYSTEM = "urn:ldnwizard:verdict"
DOSE_TIME_SYSTEM = "urn:ldnwizard:dose-time"
EVIDENCE_SYSTEM = "urn:ldnwizard:evidence"
PLAN_SYSTEM = "urn:ldnwizard:plan"

_KIND_TYPE = {"single": "choice", "multi": "choice", "number": "decimal", "text": "string"}
_NUM_OP = {"==": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class NotExpressible(Exception):
    """A show-if that enableWhen cannot say; the message says why."""


def questionnaire_url(bank: Bank) -> str:
    """The Questionnaire's canonical URL."""
    return f"urn:ldnwizard:questionnaire:{bank.questionnaire.id}"


def choice_system(bank: Bank, question_id: str) -> str:
    """The code system of one question's choices."""
    return f"urn:ldnwizard:{bank.questionnaire.id}:{question_id}"


def _computer_name(text: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", text) if part) or "Questionnaire"


def _coding(bank: Bank, q: Question, value: str) -> dict[str, Any]:
    label = next((c.label for c in q.choices if c.value == value), value)
    return {"system": choice_system(bank, q.id), "code": value, "display": label}


# ---------------------------------------------------------------- show-if -> enableWhen

Conds = tuple[list[dict[str, Any]], str | None]  # conditions, and the behaviour they need (None: one condition)


def _question(bank: Bank, name: str) -> Question:
    q = bank.by_id.get(name)
    if q is None:
        raise NotExpressible(f"{name!r} is worked out from answers, not a question a form can point to")
    if q.patient_field:
        raise NotExpressible(f"{name!r} is kept apart from the answers")
    return q


def _answer(bank: Bank, q: Question, value: str | float) -> dict[str, Any]:
    if isinstance(value, str):
        if q.kind in ("single", "multi"):
            return {"answerCoding": _coding(bank, q, value)}
        return {"answerString": value}
    return {"answerDecimal": value}


def _exists(q: Question, present: bool = True) -> dict[str, Any]:
    return {"question": q.id, "operator": "exists", "answerBoolean": present}


def _many(items: list[dict[str, Any]], behaviour: str) -> Conds:
    return (items, None) if len(items) == 1 else (items, behaviour)


def _leaf(bank: Bank, node: cond.Node, negate: bool = False) -> Conds:
    if isinstance(node, cond.Answered):
        return [_exists(_question(bank, node.name), not negate)], None
    if isinstance(node, cond.Member):
        q = _question(bank, node.name)
        equal = [{"question": q.id, "operator": "=", **_answer(bank, q, v)} for v in node.values]
        differ = [{"question": q.id, "operator": "!=", **_answer(bank, q, v)} for v in node.values]
        inside = node.negate == negate  # true: "in"; false: "not in"
        if not negate:
            return _many(equal, "any") if inside else ([_exists(q)] + differ, "all")
        # not (ID in [..]) is also true when unanswered; not (ID not in [..]) too
        return _many(differ, "all") if not inside else ([_exists(q, False)] + equal, "any")
    if isinstance(node, cond.Has):
        q = _question(bank, node.name)
        if negate:
            raise NotExpressible("'not' of 'has' cannot be said with enableWhen")
        equal = [{"question": q.id, "operator": "=", **_answer(bank, q, v)} for v in node.values]
        return _many(equal, "all" if node.mode == "all" else "any")
    if isinstance(node, cond.Compare):
        q = _question(bank, node.name)
        if negate:
            raise NotExpressible("'not' of a comparison cannot be said with enableWhen")
        one = {"question": q.id, "operator": _NUM_OP[node.op], **_answer(bank, q, node.value)}
        if node.op == "!=":
            return [_exists(q), one], "all"
        if isinstance(node.value, str) and node.op != "==":
            raise NotExpressible(f"{node.op} on text cannot be said with enableWhen")
        return [one], None
    if isinstance(node, cond.Not):
        return _leaf(bank, node.item, not negate)
    raise NotExpressible("this mix of 'and', 'or' and 'not' cannot be said with one enableBehavior")


def enable_when(bank: Bank, text: str) -> Conds:
    """enableWhen conditions and enableBehavior for a show-if; raise :class:`NotExpressible` if there are none."""
    node = bank.condition(text)
    if isinstance(node, cond.Always):
        return [], None
    if isinstance(node, (cond.AllOf, cond.AnyOf)):
        want = "all" if isinstance(node, cond.AllOf) else "any"
        items: list[dict[str, Any]] = []
        for part in node.items:
            conds, behaviour = _leaf(bank, part)
            if behaviour not in (None, want):
                raise NotExpressible("this mix of 'and' and 'or' cannot be said with one enableBehavior")
            items += conds
        return items, want
    return _leaf(bank, node)


# ---------------------------------------------------------------- Questionnaire


def _question_item(bank: Bank, q: Question) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": q.id, "text": q.prompt, "type": _KIND_TYPE[q.kind]}
    extensions: list[dict[str, Any]] = []
    required = not q.optional
    if q.show_if:
        extensions.append({"url": EXT_SHOW_IF, "valueString": q.show_if})
        try:
            conds, behaviour = enable_when(bank, q.show_if)
        except NotExpressible as exc:
            extensions.append(
                {"url": EXT_NOT_EXPRESSED, "valueString": f"Shown only when: {q.show_if}. Not expressed as enableWhen: {exc}."}
            )
            required = False
        else:
            if conds:
                item["enableWhen"] = conds
            if behaviour:
                item["enableBehavior"] = behaviour
    item["required"] = required
    if q.kind == "multi":
        item["repeats"] = True
    if q.kind in ("single", "multi"):
        item["answerOption"] = [{"valueCoding": _coding(bank, q, c.value)} for c in q.choices]
    if q.kind == "text" and q.max_length:
        item["maxLength"] = q.max_length
    if q.kind == "number":
        if q.unit:
            coding = {"system": UCUM, "code": q.unit, "display": q.unit} if q.unit == "mg" else {"display": q.unit}
            extensions.append({"url": EXT_UNIT, "valueCoding": coding})
        if q.maximum is not None:
            extensions.append({"url": EXT_MAX, "valueDecimal": q.maximum})
    if extensions:
        item["extension"] = extensions
    if q.help:
        item["item"] = [
            {
                "linkId": f"{q.id}.help",
                "type": "display",
                "text": q.help.strip(),
                "extension": [
                    {
                        "url": EXT_ITEM_CONTROL,
                        "valueCodeableConcept": {
                            "coding": [{"system": "http://hl7.org/fhir/questionnaire-item-control", "code": "help", "display": "Help-Button"}]
                        },
                    }
                ],
            }
        ]
    return item


def not_expressed(bank: Bank) -> dict[str, str]:
    """question id -> why its show-if could not become enableWhen (empty for the shipped set)."""
    out = {}
    for q in bank.questions:
        if q.show_if:
            try:
                enable_when(bank, q.show_if)
            except NotExpressible as exc:
                out[q.id] = str(exc)
    return out


def questionnaire(bank: Bank) -> dict[str, Any]:
    """The question set as a FHIR R4 Questionnaire (a JSON-ready dict)."""
    qn = bank.questionnaire
    groups = []
    for section in qn.sections:
        items = [_question_item(bank, q) for q in bank.questions if q.section == section.id]
        if not items:
            continue
        group: dict[str, Any] = {"linkId": f"section-{section.id}", "text": section.title, "type": "group", "item": items}
        groups.append(group)
    return {
        "resourceType": "Questionnaire",
        "id": qn.id,
        "url": questionnaire_url(bank),
        "version": qn.version,
        "name": _computer_name(qn.id),
        "title": qn.title,
        "status": "active",
        "subjectType": ["Patient"],
        "date": qn.reviewed.isoformat(),
        "publisher": "ldnwizard",
        "description": qn.welcome.body.strip(),
        "purpose": qn.welcome.not_for.strip(),
        "lastReviewDate": qn.reviewed.isoformat(),
        "item": groups,
    }


# ---------------------------------------------------------------- QuestionnaireResponse


def _answers_of(bank: Bank, q: Question, value: Any) -> list[dict[str, Any]]:
    if q.kind == "single":
        return [{"valueCoding": _coding(bank, q, value)}]
    if q.kind == "multi":
        return [{"valueCoding": _coding(bank, q, v)} for v in value]
    if q.kind == "number":
        return [{"valueDecimal": value}]
    return [{"valueString": value}]


def _plan_observation(bank: Bank, summary: Summary, when: str) -> dict[str, Any]:
    plan = summary.plan
    components: list[dict[str, Any]] = [
        {
            "code": {"coding": [{"system": PLAN_SYSTEM, "code": "start-dose", "display": "First dose to discuss"}]},
            "valueQuantity": {"value": plan.start_dose_mg, "unit": "mg", "system": UCUM, "code": "mg"},
        },
        {
            "code": {"coding": [{"system": PLAN_SYSTEM, "code": "dose-time", "display": "Time of day"}]},
            "valueCodeableConcept": {
                "coding": [{"system": DOSE_TIME_SYSTEM, "code": plan.dose_time}],
                "text": plan.dose_time_text or plan.dose_time,
            },
        },
        {
            "code": {"coding": [{"system": PLAN_SYSTEM, "code": "titration", "display": "Stepping up"}]},
            "valueString": plan.titration,
        },
    ]
    if plan.steps:
        components.append(
            {
                "code": {"coding": [{"system": PLAN_SYSTEM, "code": "steps", "display": "Dose steps"}]},
                "valueString": steps_line(summary),
            }
        )
    notes = [plan.explain or ""]
    med = medication_line(summary)
    if med:
        notes.append(med)
    if summary.disclaimer:
        notes.append(summary.disclaimer)
    verdict = {"system": VERDICT_SYSTEM, "code": plan.verdict}
    if plan.headline:
        verdict["display"] = plan.headline
    return {
        "resourceType": "Observation",
        "id": "plan",
        "status": "final",
        "category": [_survey_category()],
        "code": {"coding": [{"system": PLAN_SYSTEM, "code": "ldn-plan", "display": "LDN plan to discuss"}], "text": "LDN plan to discuss"},
        "effectiveDateTime": when,
        "valueCodeableConcept": {"coding": [verdict], "text": plan.headline or plan.verdict},
        "component": components,
        "note": [{"text": n} for n in notes if n],
        "derivedFrom": [{"reference": "#"}],
    }


def _survey_category() -> dict[str, Any]:
    return {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey", "display": "Survey"}]}


def _finding_observation(bank: Bank, summary: Summary, index: int, when: str) -> dict[str, Any]:
    f = summary.findings[index]
    words = bank.plan
    lw = words.levels.get(f.level)
    nums = {sid: i for i, sid in enumerate(summary.sources, start=1)}
    notes = [f"Patient was told: {f.patient_text}", f"Evidence: {f.evidence} ({words.evidence_words.get(f.evidence, f.evidence)})"]
    notes += [f"Source [{nums.get(s, '?')}] {source_line(s, summary)}" for s in f.sources]
    level = {"system": LEVEL_SYSTEM, "code": f.level}
    if lw:
        level["display"] = lw.word
    return {
        "resourceType": "Observation",
        "id": f"finding-{f.id}",
        "status": "final",
        "category": [_survey_category()],
        "code": {
            "coding": [{"system": f"urn:ldnwizard:{summary.meta.question_set}:finding", "code": f.id, "display": f.title}],
            "text": f.title,
        },
        "effectiveDateTime": when,
        "valueString": f.provider_text,
        "interpretation": [{"coding": [level], "text": f"{lw.icon} {lw.word}" if lw else f.level}],
        "note": [{"text": n} for n in notes],
        "derivedFrom": [{"reference": "#"}],
    }


def questionnaire_response(bank: Bank, summary: Summary) -> dict[str, Any]:
    """A summary as a FHIR R4 QuestionnaireResponse (a JSON-ready dict) with the findings contained."""
    when = summary.meta.created.isoformat()
    groups = []
    for section in bank.questionnaire.sections:
        items = []
        for q in bank.questions:
            if q.section != section.id:
                continue
            value = summary.patient.name if q.patient_field == "name" else summary.answers.get(q.id)
            if value is None:
                continue
            items.append({"linkId": q.id, "text": q.prompt, "answer": _answers_of(bank, q, value)})
        if items:
            groups.append({"linkId": f"section-{section.id}", "text": section.title, "item": items})
    contained = [_plan_observation(bank, summary, when)]
    contained += [_finding_observation(bank, summary, i, when) for i in range(len(summary.findings))]
    extensions = [{"url": EXT_PLAN, "valueReference": {"reference": "#plan"}}]
    extensions += [
        {"url": EXT_FINDING, "valueReference": {"reference": f"#finding-{f.id}", "display": f.title}} for f in summary.findings
    ]
    out: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "contained": contained,
        "extension": extensions,
        "questionnaire": f"{questionnaire_url(bank)}|{summary.meta.question_set_version}",
        "status": "completed",
        "authored": when,
    }
    if groups:
        out["item"] = groups
    return out


def to_json(resource: dict[str, Any]) -> str:
    """FHIR JSON text (UTF-8, two-space indent, a final newline)."""
    return json.dumps(resource, ensure_ascii=False, indent=2) + "\n"


__all__ = [
    "NotExpressible",
    "enable_when",
    "not_expressed",
    "questionnaire",
    "questionnaire_response",
    "to_json",
]
