"""Each rule fires when it should and not otherwise; every rule and every choice can be reached."""

from __future__ import annotations

import pytest

from ldnwizard.core.content import reach
from ldnwizard.core.answering.assess import assess
from ldnwizard.core.content.load import cached_bank

BASE = {
    "age_group": "18-to-64",
    "benzo": "clonazepam",
    "benzo_dose_mg": 0.5,
    "benzo_doses_per_day": 1,
    "benzo_uses": ["anxiety"],
    "benzo_how_long": "months-1-to-3",
    "taper_status": "stable",
    "cns_sensitivity": "no",
    "mood_history": "no",
    "self_harm_thoughts": "no",
    "other_medicines": ["none"],
    "opioids": "no",
    "alcohol": "no",
    "seizure_disorder": "no",
    "transplant": "no",
    "immune_medicines": "no",
    "thyroid": "no",
    "liver_disease": "no",
    "kidney_disease": "no",
    "pregnancy": "no",
    "surgery_planned": "no",
    "ldn_reason": ["pain"],
}
NONE = {"benzo": "none", "benzo_stopped": "no"}

# rule id -> (changes that make it fire, changes that keep it quiet)
CASES = {
    "urgent-self-harm": ({"self_harm_thoughts": "yes", "self_harm_now": "yes"}, {"self_harm_thoughts": "yes", "self_harm_now": "no"}),
    "urgent-withdrawal": ({"taper_status": "tapering", "urgent_symptoms": ["confusion"]},
                          {"taper_status": "tapering", "urgent_symptoms": ["self-harm"]}),
    "opioids-stop": ({"other_medicines": ["tramadol"]}, {"other_medicines": ["loperamide"]}),
    "opioid-treatment": ({"other_medicines": ["methadone"]}, {"other_medicines": ["morphine"]}),
    "kratom": ({"other_medicines": ["kratom", "gabapentin"]}, {"other_medicines": ["codeine"]}),
    "naltrexone-already": ({"other_medicines": ["naltrexone-bupropion"]}, {"other_medicines": ["bromazepam"]}),
    "opioid-benzo-combination": ({"opioids": "yes"}, {"opioids": "yes", **NONE}),
    "unanswered-safety": ({"opioids": None}, {"ldn_reason": None}),
    "under-18": ({"age_group": "under-18"}, {"age_group": "65-or-older"}),
    "self-harm-thoughts": ({"self_harm_thoughts": "unsure", "self_harm_now": "no"}, {"self_harm_thoughts": "no"}),
    "opioids-unsure": ({"opioids": "unsure"}, {"opioids": "no"}),
    "other-medicines-unsure": ({"other_medicines": ["unsure"]}, {"other_medicines": ["none"]}),
    "benzo-unsure": ({"benzo": "unsure"}, {"benzo": "other"}),
    "benzo-new": ({"benzo_how_long": "under-1-month"}, {"benzo_how_long": "over-3-months"}),
    "taper-in-progress": ({"taper_status": "planning"}, {"taper_status": "stable"}),
    "recent-dose-change": ({"taper_status": "recently-changed"}, {"taper_status": "tapering"}),
    "withdrawal-symptoms": ({"taper_status": "withdrawal"}, {"taper_status": "tapering"}),
    "stopped-recently": ({**NONE, "benzo_stopped": "under-1-month"}, {**NONE, "benzo_stopped": "1-to-6-months"}),
    "still-unwell-after-stopping": ({**NONE, "benzo_stopped": "1-to-6-months", "stopped_unwell": "yes"},
                                    {**NONE, "benzo_stopped": "1-to-6-months", "stopped_unwell": "no"}),
    "pregnancy": ({"pregnancy": "yes"}, {"pregnancy": "unsure"}),
    "pregnancy-unsure": ({"pregnancy": "unsure"}, {"pregnancy": "no"}),
    "transplant": ({"transplant": "yes"}, {"transplant": "unsure"}),
    "transplant-unsure": ({"transplant": "unsure"}, {"transplant": "no"}),
    "age-65-plus": ({"age_group": "65-or-older"}, {"age_group": "65-or-older", **NONE}),
    "age-65-plus-no-benzo": ({"age_group": "65-or-older", **NONE}, {"age_group": "65-or-older"}),
    "unlisted-benzo": ({"benzo": "etizolam"}, {"benzo": "lorazepam"}),
    "stopped-1-to-6-months": ({**NONE, "benzo_stopped": "1-to-6-months"}, {**NONE, "benzo_stopped": "no"}),
    "cns-sensitivity": ({"cns_sensitivity": "yes"}, {"cns_sensitivity": "unsure"}),
    "cns-sensitivity-unsure": ({"cns_sensitivity": "unsure"}, {"cns_sensitivity": "no"}),
    "mood-history": ({"mood_history": "yes"}, {"mood_history": "unsure"}),
    "mood-history-unsure": ({"mood_history": "unsure"}, {"mood_history": "no"}),
    "seizure-disorder": ({"benzo_uses": ["seizures"]}, {"seizure_disorder": "unsure"}),
    "seizure-unsure": ({"seizure_disorder": "unsure"}, {"seizure_disorder": "yes"}),
    "liver-disease": ({"liver_disease": "yes"}, {"liver_disease": "no"}),
    "liver-unsure": ({"liver_disease": "unsure"}, {"liver_disease": "yes"}),
    "kidney-disease": ({"kidney_disease": "yes"}, {"kidney_disease": "no"}),
    "kidney-unsure": ({"kidney_disease": "unsure"}, {"kidney_disease": "no"}),
    "added-sedation": ({"other_medicines": ["pregabalin"]}, {"other_medicines": ["pregabalin"], **NONE}),
    "morning-dosing": ({"benzo_uses": ["panic"]}, {"benzo_uses": ["muscle"]}),
    "immune-medicines": ({"immune_medicines": "yes"}, {"immune_medicines": "yes", "transplant": "yes"}),
    "immune-unsure": ({"immune_medicines": "unsure"}, {"immune_medicines": "yes"}),
    "loperamide": ({"other_medicines": ["loperamide"]}, {"other_medicines": ["none"]}),
    "alcohol-some-days": ({"alcohol": "some-days"}, {"alcohol": "some-days", **NONE}),
    "surgery": ({"surgery_planned": "yes"}, {"surgery_planned": "no"}),
    "surgery-unsure": ({"surgery_planned": "unsure"}, {"surgery_planned": "yes"}),
    "thyroid": ({"thyroid": "yes"}, {"thyroid": "no"}),
    "thyroid-unsure": ({"thyroid": "unsure"}, {"thyroid": "yes"}),
    "no-direct-interaction": ({"benzo": "lorazepam"}, NONE),
    "early-effects": ({}, None),
    "chronic-illness": ({"ldn_reason": ["me-cfs"]}, {"ldn_reason": ["other", "unsure"]}),
    "ldn-basics": ({}, None),
    "ldn-reason-unsure": ({"ldn_reason": ["pain", "unsure"]}, {"ldn_reason": ["pain"]}),
    "never-change-benzo": ({"benzo": "unsure"}, NONE),
    "dependence-is-not-addiction": ({"benzo_how_long": "over-3-months"}, {"benzo_how_long": "under-1-month"}),
    "high-dose-band": ({"benzo_dose_mg": 1, "benzo_doses_per_day": 1}, {"benzo_dose_mg": 0.5, "benzo_doses_per_day": 1}),
    "z-drug": ({"benzo": "zopiclone"}, {"benzo": "temazepam"}),
    "medicine-other": ({"benzo": "other"}, {"benzo": "alprazolam"}),
    "no-benzo": (NONE, {"benzo": "diazepam"}),
    "opioids-later": ({"opioids": "no"}, {"opioids": "yes"}),
}


def with_changes(changes):
    answers = {**BASE, **changes}
    return {k: v for k, v in answers.items() if v is not None}


def fired(bank, answers):
    return {r.id for r in assess(bank, bank.applicable(with_changes(answers))).findings}


def test_every_rule_has_a_case(bank):
    assert set(CASES) == {r.id for r in bank.rules}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_and_stays_quiet(bank, rule_id):
    on, off = CASES[rule_id]
    assert rule_id in fired(bank, on)
    if off is not None:
        assert rule_id not in fired(bank, off)


def test_morning_for_z_drugs_even_without_uses(bank):
    answers = {**BASE, "benzo": "zolpidem", "benzo_uses": ["other"]}
    assert assess(bank, answers).plan.dose_time == "morning"


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.id) for r in cached_bank().rules if r.when])
def test_every_rule_can_fire_from_a_witness(bank, rule):
    example = reach.witness(bank, bank.condition(rule.when))
    assert example is not None
    assert rule.id in {r.id for r in assess(bank, example).findings}


def test_every_choice_can_be_reached(bank):
    from ldnwizard.core.answering.flow import Flow

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
    assert stop.start_dose_mg is None and stop.dose_time is None and stop.steps == ()
    wait = assess(bank, {**BASE, "taper_status": "tapering", "urgent_symptoms": ["none"]}).plan
    assert wait.start_dose_mg == 0.5 and wait.steps == () and wait.first_dose_for_later
    specialist = assess(bank, {**BASE, "pregnancy": "yes"}).plan
    assert specialist.verdict == "wait" and specialist.start_dose_mg is None and specialist.steps == ()


def test_verdict_text_names_what_decided_it(bank):
    plan = assess(bank, {**BASE, "opioids": "unsure"}).plan
    assert plan.decided_by == ("opioids-unsure",)
    assert "Check your medicines for opioids first" in plan.explain and "benzo dose" not in plan.explain
    assert "{reasons}" not in assess(bank, {**BASE, "mood_history": "yes"}).plan.explain


def test_because_names_the_answers_that_decided(bank):
    result = assess(bank, bank.applicable(with_changes({"other_medicines": ["kratom"], "benzo_uses": ["sleep", "anxiety"]})))
    assert result.because["kratom"] == {"other_medicines": ["kratom"]}
    assert result.because["morning-dosing"] == {"benzo_uses": ["sleep", "anxiety"]}
    assert result.because["early-effects"] == {}


def test_unanswered_safety_names_the_questions(bank):
    result = assess(bank, {"benzo": "clonazepam"})
    finding = next(f for f in result.findings if f.id == "unanswered-safety")
    assert "opioids" in result.unanswered_safety and "{questions}" not in finding.patient_text
    assert "your other medicines" in finding.patient_text
    assert result.plan.verdict == "wait" and result.plan.start_dose_mg is None


def test_every_not_sure_leads_somewhere(bank):
    """Each "Not sure" answer gives at least a question for the prescriber; on a safety question, at least wait."""
    for q in bank.questions:
        if not any(c.value == "unsure" for c in q.choices):
            continue
        value = ["unsure"] if q.kind == "multi" else "unsure"
        example = reach.witness(bank, bank.condition(q.show_if)) if q.show_if else {}
        answers = {**with_changes({}), **(example or {}), q.id: value}
        for later in bank.visible_questions(answers):  # newly shown follow-ups get a plain "no"
            benign = [c.value for c in later.choices if c.value in ("no", "none")]
            if later.id not in answers and later.safety and benign:
                answers[later.id] = [benign[0]] if later.kind == "multi" else benign[0]
        result = assess(bank, bank.applicable(answers))
        because = [f for f in result.findings if q.id in result.because.get(f.id, {})]
        assert any(f.ask for f in because), f"{q.id}: 'Not sure' gives no question for the prescriber"
        if q.safety and q.id not in ("cns_sensitivity", "mood_history"):
            assert result.plan.verdict in ("wait", "do-not-start"), f"{q.id}: 'Not sure' on a safety question gives {result.plan.verdict}"


def test_most_severe_finding_decides(bank):
    result = assess(bank, {**BASE, "opioids": "yes", "taper_status": "tapering", "mood_history": "yes"})
    assert result.plan.verdict == "do-not-start"
    levels = [f.level for f in result.findings]
    assert levels == sorted(levels, key=["stop", "wait", "caution", "tip", "info"].index)


def test_unanswered_lists_visible_questions_only(bank):
    result = assess(bank, {"benzo": "none"})
    assert "benzo_stopped" in result.unanswered
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


def test_a_daily_dose_no_one_takes_is_asked_again(bank, tmp_path, capsys):
    from ldnwizard.cli import main
    from ldnwizard.core.answering.answers import AnswerError
    from ldnwizard.core.answering.flow import Flow

    flow = Flow(bank, {"benzo": "clonazepam", "benzo_dose_mg": 1000})
    with pytest.raises(AnswerError, match="24000 mg of Clonazepam a day"):
        flow.answer_typed("24", bank.by_id["benzo_doses_per_day"])
    assert "benzo_doses_per_day" not in flow.answers
    flow.answer_typed("1", bank.by_id["benzo_dose_mg"])  # the person fixes the dose
    flow.answer_typed("2", bank.by_id["benzo_doses_per_day"])
    assert flow.answers["benzo_doses_per_day"] == 2
    path = tmp_path / "a.toml"
    path.write_text('benzo = "clonazepam"\nbenzo_dose_mg = 1000\nbenzo_doses_per_day = 24\n', encoding="utf-8")
    assert main(["summarize", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:3 (benzo_doses_per_day)" in err and "more than anyone takes" in err
