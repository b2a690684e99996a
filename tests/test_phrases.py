"""The phrases every view shares (core/phrases.py): one name per verdict, counts, answers in words."""

from __future__ import annotations

from pathlib import Path

import ldnwizard
from ldnwizard.core.report.phrases import NOT_ANSWERED, VERDICT_LEVEL, answer_words, count, verdict_tag


def test_each_verdict_is_named_by_its_own_word_from_the_question_set(bank) -> None:
    for verdict, text in bank.plan.verdicts.items():
        assert verdict_tag(verdict, bank.plan) == f"{text.icon} {text.word}"
        assert VERDICT_LEVEL[verdict] in bank.plan.levels  # the look comes from a level, the name never does


def test_the_verdict_to_level_table_lives_in_one_place() -> None:
    root = Path(ldnwizard.__file__).parent
    copies = [
        p.relative_to(root)
        for p in root.rglob("*.py")
        if p.name != "phrases.py" and '"do-not-start": "stop"' in p.read_text(encoding="utf-8")
    ]
    assert copies == []


def test_counts_fit_their_number() -> None:
    assert count(1, "dose", "doses") == "1 dose"
    assert count(2, "dose", "doses") == "2 doses"
    assert count(0.5, "dose", "doses") == "0.5 doses"


def test_answers_read_as_labels_with_units_never_raw_values(bank) -> None:
    for q in bank.questions:
        if q.kind == "single" and q.choices:
            c = q.choices[-1]
            assert answer_words(c.value, q) == c.label
        elif q.kind == "multi" and len(q.choices) > 1:
            a, b = q.choices[0], q.choices[1]
            assert answer_words([a.value, b.value], q) == f"{a.label}; {b.label}"
        elif q.kind == "number" and q.unit:
            assert answer_words(0.5, q) == f"0.5 {q.unit}"
    assert answer_words(None, bank.questions[0]) == NOT_ANSWERED
