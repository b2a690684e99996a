"""Each rule fires when it should and not otherwise; every rule and every choice can be reached."""

from __future__ import annotations

import pytest

from ldnwizard.core import reach
from ldnwizard.core.assess import assess
from ldnwizard.core.bank import cached_bank

BASE = {
    "benzo": "clonazepam",
    "benzo_dose_mg": 0.5,
    "benzo_doses_per_day": 1,
    "benzo_uses": ["anxiety"],
    "benzo_how_long": "months-1-to-3",
    "taper_status": "stable",
    "cns_sensitivity": "no",
    "mood_history": "no",
    "opioids": "no",
    "seizure_disorder": "no",
    "transplant": "no",
    "thyroid": "no",
    "liver_disease": "no",
    "pregnancy": "no",
    "surgery_planned": "no",
    "ldn_reason": ["pain"],
}

# rule id -> (changes that make it fire, changes that keep it quiet)
CASES = {
    "urgent-withdrawal": ({"taper_status": "tapering", "urgent_symptoms": ["confusion"]},
                          {"taper_status": "tapering", "urgent_symptoms": ["none"]}),
    "opioids-stop": ({"opioids": "yes"}, {"opioids": "unsure"}),
    "opioid-benzo-combination": ({"opioids": "yes"}, {"opioids": "yes", "benzo": "none"}),
    "opioids-unsure": ({"opioids": "unsure"}, {"opioids": "no"}),
    "taper-in-progress": ({"taper_status": "planning"}, {"taper_status": "stable"}),
    "recent-dose-change": ({"taper_status": "recently-changed"}, {"taper_status": "tapering"}),
    "withdrawal-symptoms": ({"taper_status": "withdrawal"}, {"taper_status": "tapering"}),
    "cns-sensitivity": ({"cns_sensitivity": "yes"}, {"cns_sensitivity": "unsure"}),
    "cns-sensitivity-unsure": ({"cns_sensitivity": "unsure"}, {"cns_sensitivity": "no"}),
    "mood-history": ({"mood_history": "yes"}, {"mood_history": "unsure"}),
    "mood-history-unsure": ({"mood_history": "unsure"}, {"mood_history": "no"}),
    "seizure-disorder": ({"benzo_uses": ["seizures"]}, {"seizure_disorder": "unsure"}),
    "transplant": ({"transplant": "yes"}, {"transplant": "unsure"}),
    "pregnancy": ({"pregnancy": "yes"}, {"pregnancy": "no"}),
    "liver-disease": ({"liver_disease": "yes"}, {"liver_disease": "no"}),
    "morning-dosing": ({"benzo_uses": ["panic"]}, {"benzo_uses": ["muscle"]}),
    "surgery": ({"surgery_planned": "yes"}, {"surgery_planned": "no"}),
    "thyroid": ({"thyroid": "yes"}, {"thyroid": "no"}),
    "no-direct-interaction": ({"benzo": "lorazepam"}, {"benzo": "none"}),
    "early-effects": ({}, None),
    "chronic-illness": ({"ldn_reason": ["me-cfs"]}, {"ldn_reason": ["pain", "other"]}),
    "ldn-basics": ({}, None),
    "never-change-benzo": ({"benzo": "unsure"}, {"benzo": "none"}),
    "dependence-is-not-addiction": ({"benzo_how_long": "over-3-months"}, {"benzo_how_long": "under-1-month"}),
    "high-dose-band": ({"benzo_dose_mg": 1, "benzo_doses_per_day": 1}, {"benzo_dose_mg": 0.5, "benzo_doses_per_day": 1}),
    "z-drug": ({"benzo": "zopiclone"}, {"benzo": "temazepam"}),
    "medicine-unknown": ({"benzo": "other"}, {"benzo": "alprazolam"}),
    "no-benzo": ({"benzo": "none"}, {"benzo": "diazepam"}),
    "opioids-later": ({"opioids": "no"}, {"opioids": "yes"}),
}


def fired(bank, answers):
    return {r.id for r in assess(bank, bank.applicable(answers)).findings}


def test_every_rule_has_a_case(bank):
    assert set(CASES) == {r.id for r in bank.rules}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_and_stays_quiet(bank, rule_id):
    on, off = CASES[rule_id]
    assert rule_id in fired(bank, {**BASE, **on})
    if off is not None:
        assert rule_id not in fired(bank, {**BASE, **off})


def test_morning_for_z_drugs_even_without_uses(bank):
    answers = {**BASE, "benzo": "zolpidem", "benzo_uses": ["other"]}
    assert assess(bank, answers).plan.dose_time == "morning"


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.id) for r in cached_bank().rules])
def test_every_rule_can_fire_from_a_witness(bank, rule):
    example = reach.witness(bank, bank.condition(rule.when))
    assert example is not None
    assert rule.id in {r.id for r in assess(bank, example).findings}


def test_every_choice_can_be_reached(bank):
    from ldnwizard.core.flow import Flow

    for q in bank.questions:
        if q.show_if:
            example = reach.witness(bank, bank.condition(q.show_if))
            assert example is not None, f"{q.id} can never be shown"
        else:
            example = {}
        flow = Flow(bank, example)
        assert q in flow.visible(), q.id
        for choice in q.choices:
            value = [choice.value] if q.kind == "multi" else choice.value
            flow.answer(value, q)
            assert flow.value(q) == value, (q.id, choice.value)
            assert q in flow.visible(), (q.id, choice.value)


VERDICT_CASES = {
    "do-not-start": {"opioids": "yes"},
    "wait": {"taper_status": "tapering"},
    "start-low": {"cns_sensitivity": "yes"},
    "standard": {},
}


@pytest.mark.parametrize("verdict", sorted(VERDICT_CASES))
def test_verdicts(bank, verdict):
    plan = assess(bank, {**BASE, **VERDICT_CASES[verdict]}).plan
    assert plan.verdict == verdict


def test_plan_numbers(bank):
    standard = assess(bank, BASE).plan
    assert standard.start_dose_mg == 1 and standard.steps[0].dose_mg == 1 and standard.steps[-1].dose_mg == 4.5
    assert standard.dose_time == "either"
    low = assess(bank, {**BASE, "mood_history": "yes"}).plan
    assert low.start_dose_mg == 0.5
    assert [s.dose_mg for s in low.steps] == [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5]
    assert all(s.for_days == 14 for s in low.steps)
    stop = assess(bank, {**BASE, "opioids": "yes"}).plan
    assert stop.start_dose_mg == 0 and stop.steps == ()
    wait = assess(bank, {**BASE, "taper_status": "tapering"}).plan
    assert wait.start_dose_mg == 0.5 and wait.steps == ()


def test_most_severe_finding_decides(bank):
    result = assess(bank, {**BASE, "opioids": "yes", "taper_status": "tapering", "mood_history": "yes"})
    assert result.plan.verdict == "do-not-start"
    levels = [f.level for f in result.findings]
    assert levels == sorted(levels, key=["stop", "wait", "caution", "tip", "info"].index)


def test_unanswered_lists_visible_questions_only(bank):
    result = assess(bank, {"benzo": "none"})
    assert "benzo_dose_mg" not in result.unanswered
    assert "opioids" in result.unanswered and "name" not in result.unanswered


def test_medication_carries_approximate_equivalent(bank):
    med = assess(bank, {**BASE, "benzo": "lorazepam", "benzo_dose_mg": 1, "benzo_doses_per_day": 2}).medication
    assert med["daily_mg"] == 2 and med["diazepam_equivalent_mg_per_day"] == 20
    assert med["equivalent_is_approximate"] is True and "Table 7" in med["equivalent_table"]


def test_every_finding_names_sources_and_evidence(bank):
    for rule in bank.rules:
        assert rule.sources and rule.evidence in {"label", "guideline", "trial", "expert"}
        for sid in rule.sources:
            assert sid in bank.sources.sources
