"""A summary as a FHIR R4 QuestionnaireResponse (SDC profile), with the assessment as contained Observations.

* Items follow the Questionnaire's nesting (sections, and the groups after an urgent
  stop); only enabled, answered questions appear. Answers to questions after an
  urgent stop that applies are left out, as a form would disable them.
* ``status`` is ``completed`` only when every required, enabled question is answered;
  otherwise ``in-progress`` (the missing ones are simply absent from the items).
* ``subject`` and ``author`` only when given (``--subject``, ``--author``); they also go on
  the Observations (``subject``, ``performer``). The optional name is left out unless asked for.
* ``id`` and ``identifier`` come from the summary's created time and a hash of its
  answers, so exporting the same summary again gives the same ones.
* The assessment is standard FHIR, readable without any extension: one ``plan``
  Observation (verdict as ``valueCodeableConcept``; first dose as a UCUM Quantity and
  time of day as components, only when the plan has them, so a do-not-start plan
  carries no dose) and one Observation per finding (``valueString`` = the text for the
  provider, ``interpretation`` = its level, ``note`` = what the person was told, the
  evidence, the sources and the answers that made it fire). Each is ``derivedFrom`` the
  response (``#``); the plan is also derived from the findings that decided it.
  Observations are the SDC pattern for data taken from a response; a RiskAssessment
  needs a subject, which ldnwizard does not invent, and a DetectedIssue fits a
  problem with an action, not a tip or the plan itself.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from typing import Any, Iterable

from ldnwizard.core.content.bank import Bank
from ldnwizard.core.errors import InputError
from ldnwizard.core.content.models import Question
from ldnwizard.core.report.render import source_line, steps_line
from ldnwizard.core.report.summary import Summary
from ldnwizard.fhir import canon as C
from ldnwizard.fhir.enable import coding
from ldnwizard.fhir.questionnaire import LANGUAGE, Builder, enabled_questions

SUBJECT_TYPES = ("Patient",)  # the Questionnaire's subjectType
AUTHOR_TYPES = ("Practitioner", "PractitionerRole", "Patient", "RelatedPerson", "Organization")  # author and performer
_REF = re.compile(r"^(?:https?://[^\s|#]+/)?([A-Z][A-Za-z]+)/[A-Za-z0-9.-]{1,64}(?:/_history/[A-Za-z0-9.-]{1,64})?$")


def reference(text: str | None, option: str, allowed: tuple[str, ...]) -> dict[str, str] | None:
    """A reference given on the command line (``Patient/123`` or an absolute URL to one)."""
    if text is None:
        return None
    m = _REF.match(text.strip())
    if not m:
        raise InputError(f"{option} {text!r}: give a FHIR reference such as {allowed[0]}/123")
    if m.group(1) not in allowed:
        kinds = f"a {allowed[0]}" if len(allowed) == 1 else f"one of {', '.join(allowed)}"
        raise InputError(f"{option} {text!r}: must point to {kinds}")
    return {"reference": text.strip()}


def identity(summary: Summary) -> str:
    """A hash of the summary's created time, question set and answers (not the name)."""
    data = {
        "created": summary.meta.created.isoformat(),
        "question_set": summary.meta.question_set,
        "version": summary.meta.question_set_version,
        "answers": summary.answers,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def _answers_of(system: str, q: Question, value: Any) -> list[dict[str, Any]]:
    if q.kind == "single":
        return [{"valueCoding": coding(system, q, value)}]
    if q.kind == "multi":
        return [{"valueCoding": coding(system, q, v)} for v in value]
    if q.kind == "number":
        return [{"valueDecimal": value}]
    return [{"valueString": value}]


def _category() -> list[dict[str, Any]]:
    return [{"coding": [{"system": C.OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}]


def _plan_value(plan: Any, name: str) -> Any:
    return getattr(plan, name, None) if name in type(plan).model_fields else (plan.model_extra or {}).get(name)


def _text_list(value: Any) -> list[str]:
    """Plan options may be plain strings or small tables; each becomes one line."""
    out = []
    for v in value or []:
        if isinstance(v, dict):
            out.append(": ".join(str(x) for x in (v.get("title") or v.get("id"), v.get("text") or v.get("detail")) if x))
        else:
            out.append(str(v))
    return [o for o in out if o]


class ResponseBuilder:
    def __init__(
        self,
        bank: Bank,
        summary: Summary,
        *,
        base: str | None = None,
        subject: str | None = None,
        author: str | None = None,
        include_name: bool = False,
    ) -> None:
        self.bank = bank
        self.summary = summary
        self.canon = C.Canon.of(bank, base)
        self.subject = reference(subject, "--subject", SUBJECT_TYPES)
        self.author = reference(author, "--author", AUTHOR_TYPES)
        self.include_name = include_name
        self.qbuilder = Builder(bank, self.canon)
        self.qitems = self.qbuilder.items()
        self.enabled = {q.id for q in enabled_questions(bank, summary.answers)}
        self.left_out = [k for k in summary.answers if k not in self.enabled]

    # -- items ----------------------------------------------------------------

    def _value(self, q: Question) -> Any:
        if q.patient_field == "name":
            return self.summary.patient.name if self.include_name else None
        if q.id not in self.enabled:
            return None
        return self.summary.answers.get(q.id)

    def _items(self, items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for item in items:
            if item["type"] == "group":
                inner = self._items(item["item"])
                if inner:
                    group = {"linkId": item["linkId"]}
                    if "text" in item:
                        group["text"] = item["text"]
                    group["item"] = inner
                    out.append(group)
                continue
            if item["type"] == "display":
                continue
            q = self.bank.by_id[item["linkId"]]
            value = self._value(q)
            if value is None:
                continue
            out.append(
                {"linkId": q.id, "text": q.prompt, "answer": _answers_of(self.canon.answers_system(q.id), q, value)}
            )
        return out

    def missing(self) -> list[Question]:
        """Required, enabled questions without an answer."""
        return [
            q
            for q in self.bank.questions
            if q.id in self.enabled
            and not q.optional
            and not q.patient_field
            and q.id not in self.qbuilder.not_expressed
            and self.summary.answers.get(q.id) is None
        ]

    # -- the assessment ----------------------------------------------------------

    def _who(self, obs: dict[str, Any]) -> dict[str, Any]:
        if self.subject:
            obs["subject"] = dict(self.subject)
        if self.author:
            obs["performer"] = [dict(self.author)]
        return obs

    def plan_observation(self) -> dict[str, Any]:
        s, canon = self.summary, self.canon
        plan = s.plan
        part = lambda code: {  # noqa: E731
            "coding": [{"system": canon.code_system("plan"), "code": code, "display": _part(code)}]
        }
        components: list[dict[str, Any]] = []
        starts = plan.verdict != "do-not-start"
        dose = _plan_value(plan, "start_dose_mg")
        if starts and dose is not None:
            components.append(
                {"code": part("start-dose"), "valueQuantity": {"value": dose, "unit": "mg", "system": C.UCUM, "code": "mg"}}
            )
        dose_time = _plan_value(plan, "dose_time")
        if starts and dose is not None and dose_time:
            components.append(
                {
                    "code": part("dose-time"),
                    "valueCodeableConcept": {
                        "coding": [{"system": canon.code_system("dose-times"), "code": dose_time}],
                        "text": plan.dose_time_text or dose_time,
                    },
                }
            )
        if starts and dose is not None and _plan_value(plan, "first_dose_for_later"):
            components.append({"code": part("for-later"), "valueBoolean": True})
        if starts and dose is not None and plan.titration:
            components.append({"code": part("titration"), "valueString": plan.titration})
        if starts and dose is not None and plan.steps:
            components.append({"code": part("steps"), "valueString": steps_line(s)})
        decided = [d for d in (_plan_value(plan, "decided_by") or []) if any(f.id == d for f in s.findings)]
        notes = [plan.explain or ""]
        notes += [f"Option to discuss: {o}" for o in _text_list(_plan_value(plan, "options"))]
        for extra in (s.disclaimer, getattr(s, "crisis", None)):
            if extra:
                notes.append(extra)
        verdict = {"system": canon.code_system("verdicts"), "code": plan.verdict}
        if plan.headline:
            verdict["display"] = plan.headline
        obs: dict[str, Any] = {
            "resourceType": "Observation",
            "id": "plan",
            "status": "final",
            "category": _category(),
            "code": {**part("ldn-plan"), "text": _part("ldn-plan")},
        }
        self._who(obs)
        obs["effectiveDateTime"] = s.meta.created.isoformat()
        obs["valueCodeableConcept"] = {"coding": [verdict], "text": plan.headline or plan.verdict}
        obs["note"] = [{"text": n.strip()} for n in notes if n and n.strip()]
        obs["derivedFrom"] = [{"reference": "#"}] + [{"reference": f"#finding-{C.fhir_id(d)}"} for d in decided]
        if components:
            obs["component"] = components
        if not obs["note"]:
            del obs["note"]
        return obs

    def finding_observation(self, f: Any) -> dict[str, Any]:
        s, words = self.summary, self.bank.plan
        lw = words.levels.get(f.level)
        nums = {sid: i for i, sid in enumerate(s.sources, start=1)}
        notes = [f"Patient was told: {f.patient_text}", f"Evidence: {f.evidence} ({words.evidence_words.get(f.evidence, f.evidence)})"]
        because = getattr(f, "because", None) or (f.model_extra or {}).get("because")
        if isinstance(because, dict) and because:
            notes.append("Because of the answers: " + "; ".join(f"{k} = {_plain(v)}" for k, v in because.items()))
        notes += [f"Source [{nums.get(x, '?')}] {source_line(x, s)}" for x in f.sources]
        level = {"system": self.canon.code_system("levels"), "code": f.level}
        if lw:
            level["display"] = lw.word
        obs: dict[str, Any] = {
            "resourceType": "Observation",
            "id": f"finding-{C.fhir_id(f.id)}",
            "status": "final",
            "category": _category(),
            "code": {"coding": [{"system": self.canon.code_system("findings"), "code": f.id, "display": f.title}], "text": f.title},
        }
        self._who(obs)
        obs["effectiveDateTime"] = s.meta.created.isoformat()
        obs["valueString"] = f.provider_text
        obs["interpretation"] = [{"coding": [level], "text": lw.word if lw else f.level}]
        obs["note"] = [{"text": n} for n in notes]
        obs["derivedFrom"] = [{"reference": "#"}]
        return obs

    # -- the whole response ---------------------------------------------------------

    def narrative(self, items: list[dict[str, Any]], missing: list[Question]) -> dict[str, Any]:
        s = self.summary
        esc = html.escape
        rows = []

        def walk(its: list[dict[str, Any]]) -> None:
            for it in its:
                if "answer" in it:
                    shown = ", ".join(
                        a["valueCoding"]["display"] if "valueCoding" in a else _plain(next(iter(a.values())))
                        for a in it["answer"]
                    )
                    rows.append(f"<tr><td>{esc(it['text'])}</td><td>{esc(shown)}</td></tr>")
                walk(it.get("item", []))

        walk(items)
        parts = [f"<h1>{esc(self.bank.questionnaire.title)}</h1>", f"<p><b>{esc(s.plan.headline or s.plan.verdict)}</b></p>"]
        if rows:
            parts.append("<table><tr><th>Question</th><th>Answer</th></tr>" + "".join(rows) + "</table>")
        if missing:  # which ones: the items say, by being absent
            parts.append("<p>In progress: not every question that applies is answered.</p>")
        if s.findings:
            levels = self.bank.plan.levels
            parts.append(
                "<ul>"
                + "".join(
                    f"<li>{esc(levels[f.level].word if f.level in levels else f.level)}: {esc(f.title)}</li>"
                    for f in s.findings
                )
                + "</ul>"
            )
        return {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml">' + "".join(parts) + "</div>"}

    def build(self) -> dict[str, Any]:
        s = self.summary
        items = self._items(self.qitems)
        missing = self.missing()
        digest = identity(s)
        contained = [self.plan_observation()] + [self.finding_observation(f) for f in s.findings]
        out: dict[str, Any] = {
            "resourceType": "QuestionnaireResponse",
            "id": f"ldnwizard-{digest}",
            "meta": {"profile": [C.SDC_RESPONSE]},
            "language": LANGUAGE,
            "text": self.narrative(items, missing),
            "contained": contained,
            "identifier": {"system": self.canon.identifier_system, "value": digest},
            "questionnaire": self.canon.questionnaire_version,
            "status": "in-progress" if missing else "completed",
        }
        if self.subject:
            out["subject"] = dict(self.subject)
        out["authored"] = s.meta.created.isoformat()
        if self.author:
            out["author"] = dict(self.author)
        if items:
            out["item"] = items
        return out


def _part(code: str) -> str:
    return C.PLAN_PARTS[code]


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def questionnaire_response(
    bank: Bank,
    summary: Summary,
    *,
    base: str | None = None,
    subject: str | None = None,
    author: str | None = None,
    include_name: bool = False,
) -> dict[str, Any]:
    """A summary as a FHIR R4 QuestionnaireResponse (a JSON-ready dict) with the assessment contained."""
    return ResponseBuilder(bank, summary, base=base, subject=subject, author=author, include_name=include_name).build()


def left_out(bank: Bank, summary: Summary) -> list[str]:
    """Answers the response leaves out because an urgent stop before them applies."""
    return ResponseBuilder(bank, summary).left_out


__all__ = ["questionnaire_response", "left_out", "reference", "identity"]
