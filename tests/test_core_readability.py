"""Everything a patient reads scores grade 8 or lower at the median, and no text above grade 10."""

from __future__ import annotations

import statistics

from readability_support import grades, patient_texts, prepared, report


def test_readability(bank):
    g = grades(bank)
    assert len(g) > 80
    assert statistics.median(g.values()) <= 8, report(bank)
    too_hard = {k: v for k, v in g.items() if v > 10}
    assert not too_hard, report(bank)


def test_swapping_names_is_word_based():
    assert prepared("Clonazepam (Klonopin) and LDN", ["Clonazepam", "Klonopin"]) == "pill (pill) and LDN"


def test_every_rule_text_is_scored(bank):
    texts = patient_texts(bank)
    assert all(f"rule.{r.id}" in texts for r in bank.rules)
