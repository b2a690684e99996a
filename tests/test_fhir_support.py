"""Helpers for the FHIR tests: answer paths made from the question set, an R4 enableWhen evaluator.

No tests here. The answer paths are drawn from the bank (every question that applies,
in order, with seeded picks), so they follow the content whatever questions it holds;
the cases in ``cases.toml`` are added when the question set has them.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, Iterator

from ldnwizard.core.answering.answers import check_answers
from ldnwizard.core.answering.assess import assess
from ldnwizard.core.content.bank import Bank
from ldnwizard.core.content.models import Question
from ldnwizard.core.report.summary import Summary, build_summary

CREATED = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.timezone.utc)


def walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        yield from walk(item.get("item", []))
        for answer in item.get("answer", []):
            yield from walk(answer.get("item", []))


def _pick(q: Question, rng: random.Random) -> Any:
    if q.kind == "single":
        return rng.choice(q.choices).value
    if q.kind == "multi":
        exclusive = [c.value for c in q.choices if c.exclusive]
        others = [c.value for c in q.choices if not c.exclusive]
        if exclusive and rng.random() < 0.4:
            return [rng.choice(exclusive)]
        return rng.sample(others, k=min(len(others), rng.choice([1, 1, 2])))
    if q.kind == "number":
        low = q.minimum if q.minimum is not None else 0
        high = q.maximum if q.maximum is not None else low + 100
        return rng.choice([v for v in (0.5, 1, 2, 10, 25) if low < v <= high] or [high])
    return "J. Doe"


def generated_paths(bank: Bank, count: int = 16) -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    """(name, answers, patient): seeded walks; every fourth stops part way (an unfinished form)."""
    out = []
    for seed in range(count):
        rng = random.Random(seed)
        answers: dict[str, Any] = {}
        patient: dict[str, str] = {}
        stop_at = rng.randrange(2, 8) if seed % 4 == 3 else None
        for i, q in enumerate(bank.questions):
            if stop_at is not None and i >= stop_at:
                break
            if not bank.shows(q, answers):
                continue
            if q.optional and rng.random() < 0.3:
                continue
            if q.patient_field:
                patient[q.patient_field] = "J. <Doe> & Co"
                continue
            answers[q.id] = _pick(q, rng)
        out.append((f"seed-{seed}", _plausible(bank, answers), patient))
    return out


def _plausible(bank: Bank, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers, with numbers lowered until the question set accepts them together (a daily dose, say)."""
    from ldnwizard.core.errors import InputError

    for _ in range(4):
        try:
            check_answers(bank, answers)
            return answers
        except InputError:
            numbers = [k for k in answers if bank.by_id[k].kind == "number"]
            if not numbers:
                raise
            answers = {k: (min(v, 1) if k in numbers else v) for k, v in answers.items()}
            if all(answers[k] <= 1 for k in numbers):
                answers = {k: v for k, v in answers.items() if k not in numbers[1:]}
    check_answers(bank, answers)
    return answers


def case_paths(bank: Bank) -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    """The cases of the question set's ``cases.toml`` (empty if it has none)."""
    if not (bank.path / "cases.toml").exists():
        return []
    from ldnwizard.core.answering.cases import case_answers, load_cases  # the file exists, so the module must

    loaded = load_cases(bank.path)
    assert loaded is not None
    cases, _ = loaded
    by_name = {c.name: c for c in cases}
    return [(c.name, case_answers(c, by_name), {}) for c in cases]


def summary_of(bank: Bank, answers: dict[str, Any], patient: dict[str, str] | None = None) -> Summary:
    checked = check_answers(bank, answers, patient=patient or {})
    return build_summary(bank, assess(bank, checked.answers, checked.patient), created=CREATED)


# ---------------------------------------------------------------- R4 enableWhen, written from the spec


def _values(q: Question | None, value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return list(value)
    return [value]


def _matches(cond: dict[str, Any], have: list[Any]) -> bool:
    op = cond["operator"]
    if op == "exists":
        return bool(have) == cond["answerBoolean"]
    key = next(k for k in cond if k.startswith("answer"))
    want = cond[key]["code"] if key == "answerCoding" else cond[key]
    if op == "=":
        return any(v == want for v in have)
    if op == "!=":
        return not any(v == want for v in have)  # R4: true if no answer equals it
    compare = {"<": lambda a: a < want, "<=": lambda a: a <= want, ">": lambda a: a > want, ">=": lambda a: a >= want}[op]
    return any(compare(v) for v in have)


def fhir_enabled(questionnaire: dict[str, Any], answers: dict[str, Any]) -> set[str]:
    """linkIds a conformant renderer enables, given answers (answers to disabled items do not count)."""
    enabled: set[str] = set()
    given: dict[str, list[Any]] = {}

    def visit(items: list[dict[str, Any]], parent_on: bool) -> None:
        for item in items:
            on = parent_on
            if on and item.get("enableWhen"):
                results = [_matches(c, given.get(c["question"], [])) for c in item["enableWhen"]]
                on = all(results) if item.get("enableBehavior", "all") == "all" else any(results)
            if on:
                enabled.add(item["linkId"])
                if item["type"] not in ("group", "display"):
                    given[item["linkId"]] = _values(None, answers.get(item["linkId"]))
            visit(item.get("item", []), on)

    visit(questionnaire["item"], True)
    return enabled
