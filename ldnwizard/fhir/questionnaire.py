"""The question set as a FHIR R4 Questionnaire (SDC base profile).

Layout: one ``group`` per section (linkId ``section-<id>``), the questions in it
(linkId = question id, ``code`` from the set's ``questions`` code system). A section
group has an enableWhen when none of its questions apply without one: it is shown
when any of its "root" questions is (a question whose show-if reads only earlier
questions of the same group is covered by them).

Urgent stops: each ``[[urgent]]`` block becomes a ``display`` item (linkId
``stop-<id>``) right after the last question its ``when`` reads, enabled by that
``when`` (a ``when`` made of ``or`` parts gets one stop per place a part can first
be true, ``stop-<id>-2`` and so on, as ldnwizard stops as soon as one part is). Everything after it sits in a group enabled by ``not when`` (the rest of
its section in ``section-<section>-after-<stop>``, the later sections in ``after-<stop>``), so
any R4 renderer stops there: FHIR enables an item only when its parents are.

Choices are Codings in a code system per question; an exclusive choice carries
``questionnaire-optionExclusive``, a hint is the code's definition in that code
system and is shown under the label through ``rendering-xhtml``. Numbers carry
``minValue``/``maxValue`` and a UCUM ``questionnaire-unit`` where the unit has one.
Short choice lists ask for radio buttons or check boxes (``questionnaire-itemControl``),
long ones (the medicine catalogue) for a search box; help is a help button.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Any

from ldnwizard.core.content import conditions as cond
from ldnwizard.core.content.bank import Bank
from ldnwizard.core.content.i18n import language_of
from ldnwizard.core.content.models import Question, Urgent
from ldnwizard.fhir import canon as C
from ldnwizard.fhir.enable import EnableWhen, NotExpressible, coding, question_refs

_KIND_TYPE = {"single": "choice", "multi": "choice", "number": "decimal", "text": "string"}
LANGUAGE = "en"
PUBLISHER = "ldnwizard"


def computer_name(text: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", text) if part) or "Questionnaire"


def enabler(bank: Bank, canon: C.Canon) -> EnableWhen:
    return EnableWhen(bank, canon.answers_system)


@dataclass(frozen=True)
class Stop:
    """One place where an urgent block stops the questions: the part of its ``when`` that can be true there.

    A ``when`` made of ``or`` parts stops as soon as any part is true, so each part
    goes right after the last question it reads (parts that meet at one question
    share one stop).
    """

    urgent: Urgent
    node: cond.Node
    link_id: str


@dataclass
class Layout:
    """Where the urgent stops go: after which question, and which questions each one disables."""

    stops_after: dict[str, list[Stop]] = field(default_factory=dict)
    disabled_by: dict[str, list[Stop]] = field(default_factory=dict)  # question id -> stops before it


def layout(bank: Bank) -> Layout:
    order = [q.id for q in bank.questions]
    out = Layout()
    placed: list[tuple[int, Stop]] = []
    for urgent in bank.questionnaire.urgent:
        node = bank.condition(urgent.when)
        parts = node.items if isinstance(node, cond.AnyOf) else (node,)
        at_of: dict[int, list[cond.Node]] = {}
        for part in parts:
            refs = question_refs(bank, part) & set(order)
            at_of.setdefault(max((order.index(r) for r in refs), default=-1), []).append(part)
        for n, (at, nodes) in enumerate(sorted(at_of.items())):
            link = f"stop-{urgent.id}" if n == 0 else f"stop-{urgent.id}-{n + 1}"
            stop = Stop(urgent, nodes[0] if len(nodes) == 1 else cond.AnyOf(tuple(nodes)), link)
            placed.append((at, stop))
            if at >= 0:
                out.stops_after.setdefault(order[at], []).append(stop)
    for i, qid in enumerate(order):
        out.disabled_by[qid] = [stop for at, stop in placed if at < i]
    return out


def enabled_questions(bank: Bank, answers: dict[str, Any]) -> list[Question]:
    """The questions a FHIR renderer enables for these answers: shown by show-if, not after a stop that applies."""
    lay = layout(bank)
    kept = bank.applicable(answers)
    facts = bank.facts(kept)
    return [
        q
        for q in bank.questions
        if bank.shows(q, kept) and not any(stop.node.evaluate(facts) for stop in lay.disabled_by[q.id])
    ]


def _hint_xhtml(label: str, hint: str) -> str:
    """An XHTML fragment (``rendering-xhtml``): the label, and the hint in small print under it."""
    return f"{html.escape(label)}<br/><small>{html.escape(hint)}</small>"


def text_xhtml(title: str, text: str) -> str:
    """Paragraphs and ``- `` lists of a content text as an XHTML fragment, the title in bold first."""
    parts = [f"<p><strong>{html.escape(title.strip())}</strong></p>"]
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            parts.append("<ul>" + "".join(f"<li>{html.escape(line[2:])}</li>" for line in lines) + "</ul>")
        elif lines:
            parts.append(f"<p>{html.escape(' '.join(lines))}</p>")
    return "".join(parts)


def _unit(q: Question) -> dict[str, Any] | None:
    if not q.unit:
        return None
    code = C.UCUM_UNITS.get(q.unit)
    if code is None:
        return {"url": C.EXT_UNIT, "valueCoding": {"display": q.unit}}
    return {"url": C.EXT_UNIT, "valueCoding": {"system": C.UCUM, "code": code, "display": q.unit}}


#: Up to this many choices show as radio buttons or check boxes; more (the medicine list) as a search box.
MAX_LISTED_CHOICES = 10
_CONTROL_DISPLAY = {"radio-button": "Radio Button", "check-box": "Check-box", "autocomplete": "Auto-complete", "help": "Help-Button"}


def _control(q: Question) -> str:
    if len(q.choices) > MAX_LISTED_CHOICES:
        return "autocomplete"
    return "check-box" if q.kind == "multi" else "radio-button"


def _item_control(code: str) -> dict[str, Any]:
    return {
        "url": C.EXT_ITEM_CONTROL,
        "valueCodeableConcept": {"coding": [{"system": C.ITEM_CONTROL_SYSTEM, "code": code, "display": _CONTROL_DISPLAY[code]}]},
    }


class Builder:
    """Builds the Questionnaire of one bank under one canonical base."""

    def __init__(self, bank: Bank, canon: C.Canon) -> None:
        self.bank = bank
        self.canon = canon
        self.ew = enabler(bank, canon)
        self.layout = layout(bank)
        self.not_expressed: dict[str, str] = {}

    def question_item(self, q: Question) -> dict[str, Any]:
        canon = self.canon
        item: dict[str, Any] = {
            "linkId": q.id,
            "code": [{"system": canon.code_system("questions"), "code": q.id}],
            "text": q.prompt,
            "type": _KIND_TYPE[q.kind],
        }
        extensions: list[dict[str, Any]] = []
        required = not q.optional
        if q.show_if:
            extensions.append({"url": canon.extension("show-if"), "valueString": q.show_if})
            try:
                conds, behaviour = self.ew.of_text(q.show_if)
            except NotExpressible as exc:
                self.not_expressed[q.id] = str(exc)
                extensions.append(
                    {
                        "url": canon.extension("show-if-not-expressed"),
                        "valueString": f"Shown only when: {q.show_if}. Not expressed as enableWhen: {exc}.",
                    }
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
        if q.kind == "text" and q.max_length:
            item["maxLength"] = q.max_length
        if q.kind in ("single", "multi"):
            item["answerOption"] = [self._option(q, c) for c in q.choices]
            extensions.append(_item_control(_control(q)))
        if q.kind == "number":
            if q.minimum is not None:
                extensions.append({"url": C.EXT_MIN, "valueDecimal": q.minimum})
            if q.maximum is not None:
                extensions.append({"url": C.EXT_MAX, "valueDecimal": q.maximum})
            unit = _unit(q)
            if unit:
                extensions.append(unit)
        if extensions:
            item["extension"] = extensions
        if q.help:
            item["item"] = [
                {
                    "linkId": f"{q.id}.help",
                    "type": "display",
                    "text": q.help.strip(),
                    "extension": [_item_control("help")],
                }
            ]
        return item

    def _option(self, q: Question, choice) -> dict[str, Any]:
        value = coding(self.canon.answers_system(q.id), q, choice.value)
        if choice.hint:
            value["_display"] = {
                "extension": [{"url": C.EXT_RENDERING_XHTML, "valueString": _hint_xhtml(choice.label, choice.hint)}]
            }
        option: dict[str, Any] = {"valueCoding": value}
        if choice.exclusive:
            option["extension"] = [{"url": C.EXT_OPTION_EXCLUSIVE, "valueBoolean": True}]
        return option

    def stop_item(self, stop: Stop) -> dict[str, Any]:
        conds, behaviour = self._stop_conds(stop, negate=False)
        urgent = stop.urgent
        item: dict[str, Any] = {
            "linkId": stop.link_id,
            "text": f"{urgent.title.strip()}\n\n{urgent.text.strip()}",
            "_text": {"extension": [{"url": C.EXT_RENDERING_XHTML, "valueString": text_xhtml(urgent.title, urgent.text)}]},
            "type": "display",
            "enableWhen": conds,
        }
        if behaviour:
            item["enableBehavior"] = behaviour
        return item

    def _stop_conds(self, stop: Stop, negate: bool):
        try:
            return self.ew.conds(stop.node, negate)
        except NotExpressible as exc:
            self.not_expressed[f"urgent {stop.urgent.id}"] = str(exc)
            raise

    def after_group(self, link_id: str, stop: Stop) -> dict[str, Any]:
        conds, behaviour = self._stop_conds(stop, negate=True)
        group: dict[str, Any] = {"linkId": link_id, "type": "group", "enableWhen": conds, "item": []}
        if behaviour:
            group["enableBehavior"] = behaviour
        return group

    def section_condition(self, questions: list[Question]) -> tuple[list[dict[str, Any]], str | None]:
        """When a section group applies: when any of its root questions does."""
        earlier: set[str] = set()
        parts = []
        for q in questions:
            if not q.show_if:
                return [], None
            node = self.bank.condition(q.show_if)
            refs = question_refs(self.bank, node)
            if not (refs <= earlier and not node.evaluate({})):
                try:
                    parts.append(self.ew.conds(node))
                except NotExpressible:
                    return [], None
            earlier.add(q.id)
        try:
            return self.ew.any_of(parts)
        except NotExpressible:
            return [], None

    def items(self) -> list[dict[str, Any]]:
        top: list[dict[str, Any]] = []
        outer = top  # where the next section goes (inside the after-groups of earlier stops)
        for section in self.bank.questionnaire.sections:
            questions = [q for q in self.bank.questions if q.section == section.id]
            if not questions:
                continue
            group: dict[str, Any] = {"linkId": f"section-{section.id}", "text": section.title, "type": "group"}
            conds, behaviour = self.section_condition(questions)
            if conds:
                group["enableWhen"] = conds
                if behaviour:
                    group["enableBehavior"] = behaviour
            group["item"] = []
            outer.append(group)
            inner = group["item"]
            stops_here: list[Stop] = []
            for q in questions:
                inner.append(self.question_item(q))
                for stop in self.layout.stops_after.get(q.id, []):
                    try:
                        inner.append(self.stop_item(stop))
                        rest = self.after_group(f"section-{section.id}-after-{stop.link_id}", stop)
                    except NotExpressible:
                        continue
                    inner.append(rest)
                    inner = rest["item"]
                    stops_here.append(stop)
            for stop in stops_here:
                wrapper = self.after_group(f"after-{stop.link_id}", stop)
                outer.append(wrapper)
                outer = wrapper["item"]
        return _prune(top)


def _prune(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop groups left empty (a group must hold items)."""
    out = []
    for item in items:
        if item["type"] == "group":
            item["item"] = _prune(item["item"])
            if not item["item"]:
                continue
        out.append(item)
    return out


def narrative(title: str, lines: list[str]) -> dict[str, Any]:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
    return {
        "status": "generated",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><h1>{html.escape(title)}</h1>{body}</div>',
    }


def build(bank: Bank, base: str | None = None, now: dt.datetime | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """The Questionnaire, and what could not be expressed (item or urgent id -> why)."""
    canon = C.Canon.of(bank, base)
    qn = bank.questionnaire
    builder = Builder(bank, canon)
    items = builder.items()
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    asked = sum(1 for q in bank.questions)
    resource = {
        "resourceType": "Questionnaire",
        "id": C.fhir_id(qn.id),
        "meta": {"profile": [C.SDC_QUESTIONNAIRE]},
        "language": LANGUAGE,
        "text": narrative(
            qn.title,
            [
                qn.welcome.body.strip(),
                f"{asked} questions in {len(qn.sections)} sections, version {qn.version}, "
                f"content reviewed {qn.reviewed.isoformat()}.",
                qn.welcome.not_for.strip(),
            ],
        ),
        "url": canon.questionnaire,
        "version": qn.version,
        "name": computer_name(qn.id),
        "title": qn.title,
        "status": "active",
        "experimental": False,
        "subjectType": ["Patient"],
        "date": now.isoformat(),
        "publisher": PUBLISHER,
        "description": qn.welcome.body.strip(),
        "purpose": qn.welcome.not_for.strip(),
        "lastReviewDate": qn.reviewed.isoformat(),
        "item": items,
    }
    if language_of(bank) == "en":  # Spanish (and any other language the set has) beside every text
        from ldnwizard.fhir.translation import add_translations

        add_translations(resource, bank, lambda other: build(other, base, now)[0])
    return resource, builder.not_expressed


def questionnaire(bank: Bank, base: str | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
    """The question set as a FHIR R4 Questionnaire (a JSON-ready dict)."""
    return build(bank, base, now)[0]


def not_expressed(bank: Bank) -> dict[str, str]:
    """Item (or ``urgent <id>``) -> why its condition could not become enableWhen (empty for the shipped set)."""
    return build(bank)[1]
