"""show-if (and urgent ``when``) conditions -> FHIR ``enableWhen`` + ``enableBehavior``.

ldnwizard's conditions are false when a question has no answer (so is ``!=``).
FHIR's are the same except ``!=``, which is true when no answer equals the value,
an unanswered question included; so ``ID != "x"`` adds an ``exists`` condition and
``not (ID == "x")`` does not. ``not`` goes down to the leaves (De Morgan), so urgent
conditions can be negated to disable the questions after an urgent stop.

One enableWhen list has one behaviour (all or any); a mix that needs both, or a
condition on a derived fact such as ``diazepam_mg_per_day``, raises
:class:`NotExpressible` with the reason.
"""

from __future__ import annotations

from typing import Any

from ldnwizard.core.content import conditions as cond
from ldnwizard.core.content.bank import DERIVED_FROM, Bank
from ldnwizard.core.content.models import Question

Conds = tuple[list[dict[str, Any]], str | None]  # conditions, and the behaviour they need (None: one condition)

_NUM_OP = {"==": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_NUM_NOT = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


class NotExpressible(Exception):
    """A condition that enableWhen cannot say; the message says why."""


def coding(system: str, q: Question, value: str) -> dict[str, Any]:
    label = next((c.label for c in q.choices if c.value == value), value)
    return {"system": system, "code": value, "display": label}


class EnableWhen:
    """Turns conditions of one question set into enableWhen lists."""

    def __init__(self, bank: Bank, system_of) -> None:
        self.bank = bank
        self.system_of = system_of  # question id -> the code system of its choices

    def _question(self, name: str) -> Question:
        q = self.bank.by_id.get(name)
        if q is None:
            raise NotExpressible(f"{name!r} is worked out from answers, not a question a form can point to")
        if q.patient_field:
            raise NotExpressible(f"{name!r} is kept apart from the answers")
        return q

    def _answer(self, q: Question, value: str | float) -> dict[str, Any]:
        if isinstance(value, str):
            if q.kind in ("single", "multi"):
                return {"answerCoding": coding(self.system_of(q.id), q, value)}
            return {"answerString": value}
        return {"answerDecimal": value}

    def _one(self, q: Question, op: str, value: str | float) -> dict[str, Any]:
        return {"question": q.id, "operator": op, **self._answer(q, value)}

    @staticmethod
    def _exists(q: Question, present: bool = True) -> dict[str, Any]:
        return {"question": q.id, "operator": "exists", "answerBoolean": present}

    @staticmethod
    def _many(items: list[dict[str, Any]], behaviour: str) -> Conds:
        return (items, None) if len(items) == 1 else (items, behaviour)

    def conds(self, node: cond.Node, negate: bool = False) -> Conds:
        """enableWhen for ``node`` (or for ``not node``)."""
        if isinstance(node, cond.Always):
            if negate:
                raise NotExpressible("'never' cannot be said with enableWhen")
            return [], None
        if isinstance(node, cond.Not):
            return self.conds(node.item, not negate)
        if isinstance(node, (cond.AllOf, cond.AnyOf)):
            is_all = isinstance(node, cond.AllOf) != negate  # De Morgan
            want = "all" if is_all else "any"
            items: list[dict[str, Any]] = []
            for part in node.items:
                sub, behaviour = self.conds(part, negate)
                if behaviour not in (None, want):
                    raise NotExpressible("this mix of 'and' and 'or' cannot be said with one enableBehavior")
                items += sub
            return self._many(items, want)
        if isinstance(node, cond.Answered):
            return [self._exists(self._question(node.name), not negate)], None
        if isinstance(node, cond.Member):
            q = self._question(node.name)
            equal = [self._one(q, "=", v) for v in node.values]
            differ = [self._one(q, "!=", v) for v in node.values]
            if not negate:
                # ID in [..]: one of them; ID not in [..]: answered, and none of them
                return self._many(equal, "any") if not node.negate else ([self._exists(q)] + differ, "all")
            # not (ID in [..]): unanswered or none of them; not (ID not in [..]): unanswered or one of them
            return self._many(differ, "all") if not node.negate else ([self._exists(q, False)] + equal, "any")
        if isinstance(node, cond.Has):
            q = self._question(node.name)
            if not negate:
                equal = [self._one(q, "=", v) for v in node.values]
                return self._many(equal, "all" if node.mode == "all" else "any")
            differ = [self._one(q, "!=", v) for v in node.values]  # "!=": no answer equals it
            return self._many(differ, "any" if node.mode == "all" else "all")
        if isinstance(node, cond.Compare):
            q = self._question(node.name)
            if isinstance(node.value, str) and node.op not in ("==", "!="):
                raise NotExpressible(f"{node.op} on text cannot be said with enableWhen")
            if not negate:
                one = self._one(q, _NUM_OP[node.op], node.value)
                return ([self._exists(q), one], "all") if node.op == "!=" else ([one], None)
            if node.op == "==":
                return [self._one(q, "!=", node.value)], None
            if node.op == "!=":
                return [self._exists(q, False), self._one(q, "=", node.value)], "any"
            return [self._exists(q, False), self._one(q, _NUM_NOT[node.op], node.value)], "any"
        raise NotExpressible("this condition cannot be said with enableWhen")

    def of_text(self, text: str, negate: bool = False) -> Conds:
        return self.conds(self.bank.condition(text), negate)

    def any_of(self, parts: list[Conds]) -> Conds:
        """One enableWhen list true when any of ``parts`` is (for a group shown when any item in it is)."""
        items: list[dict[str, Any]] = []
        for conds, behaviour in parts:
            if not conds:
                return [], None
            if behaviour == "all":
                conds = self._as_any(conds)
            items += conds
        return self._many(items, "any")

    def _as_any(self, conds: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``answered Q and Q != a and Q != b`` on a single choice, as ``Q = c or Q = d ...``."""
        names = {c["question"] for c in conds}
        q = self.bank.by_id.get(next(iter(names))) if len(names) == 1 else None
        if q is None or q.kind != "single" or conds[0] != self._exists(q):
            raise NotExpressible("an 'and' inside an 'or' cannot be said with one enableBehavior")
        left_out = {c["answerCoding"]["code"] for c in conds[1:] if c["operator"] == "!="}
        if len(left_out) != len(conds) - 1:
            raise NotExpressible("an 'and' inside an 'or' cannot be said with one enableBehavior")
        return [self._one(q, "=", c.value) for c in q.choices if c.value not in left_out]


def question_refs(bank: Bank, node: cond.Node) -> set[str]:
    """The question ids a condition reads (derived facts count as the questions they come from)."""
    out: set[str] = set()
    for name in node.refs():
        out.update(DERIVED_FROM.get(name, (name,)))
    return out
