"""Property tests over generated answer sets: the invariants of DESIGN.md hold for every combination."""

from __future__ import annotations

import datetime as dt
import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ldnwizard.core.answering.answers import check_answer
from ldnwizard.core.answering.assess import assess
from ldnwizard.core.content.load import cached_bank
from ldnwizard.core.report.summary import build_summary, from_data, to_toml

BANK = cached_bank()
FIXED = dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def value_for(q):
    if q.kind == "single":
        return st.sampled_from([c.value for c in q.choices])
    if q.kind == "multi":
        exclusive = [c.value for c in q.choices if c.exclusive]
        others = [c.value for c in q.choices if not c.exclusive]
        return st.one_of(
            st.lists(st.sampled_from(others), min_size=1, unique=True),
            st.sampled_from(exclusive).map(lambda v: [v]) if exclusive else st.nothing(),
        )
    if q.kind == "number":
        low = q.minimum if q.minimum is not None else 0
        high = q.maximum if q.maximum is not None else 1000
        return st.one_of(
            st.floats(min_value=low, max_value=high, exclude_min=True, allow_nan=False),
            st.integers(min_value=int(low) + 1, max_value=int(high)),
        )
    return st.text(min_size=1, max_size=q.max_length or 40).filter(str.strip)


@st.composite
def answer_sets(draw):
    """Answer sets: half of them answer every question (so starts happen), half leave some out."""
    complete = draw(st.booleans())
    answers = {}
    for q in BANK.questions:
        if q.patient_field:
            continue
        if complete or draw(st.booleans()) or q.id in ("benzo", "taper_status", "opioids"):
            answers[q.id] = draw(value_for(q))
    return answers


OPIOIDS = sorted(m.id for m in BANK.medicines.medicines if m.kind == "opioid")


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(answer_sets())
def test_generated_answers_are_valid_and_assessment_never_crashes(answers):
    for key, value in answers.items():
        check_answer(BANK.by_id[key], value)
    result = assess(BANK, answers)
    assert result.plan.verdict in ("do-not-start", "wait", "start-low", "standard")
    assert result.plan.start_dose_mg is None or result.plan.start_dose_mg > 0


@SETTINGS
@given(answer_sets())
def test_safety_invariants(answers):
    kept = BANK.applicable(answers)
    plan = assess(BANK, answers).plan
    if kept.get("taper_status") in ("tapering", "planning", "recently-changed", "withdrawal"):
        assert plan.verdict in ("wait", "do-not-start")
    if kept.get("opioids") == "yes":
        assert plan.verdict == "do-not-start"
    if kept.get("cns_sensitivity") == "yes" or kept.get("mood_history") == "yes":
        assert plan.start_dose_mg is None or plan.start_dose_mg <= 0.5
    if {"sleep", "panic"} & set(kept.get("benzo_uses", [])):
        assert plan.dose_time in ("morning", None)
    if plan.verdict in ("start-low", "standard"):
        assert plan.steps and plan.steps[0].dose_mg == plan.start_dose_mg
    else:
        assert plan.steps == ()
    if plan.verdict == "do-not-start":
        assert plan.start_dose_mg is None and plan.dose_time is None
    if BANK.safety_unanswered(kept):
        assert plan.verdict in ("wait", "do-not-start")
    if kept.get("age_group") == "under-18":
        assert plan.verdict in ("wait", "do-not-start") and plan.start_dose_mg is None and plan.steps == ()
    if kept.get("self_harm_now") == "yes":
        assert plan.verdict == "do-not-start" and BANK.urgent_stop(kept).id == "urgent-self-harm"
    if kept.get("pregnancy") in ("yes", "unsure") or kept.get("transplant") in ("yes", "unsure"):
        assert plan.verdict in ("wait", "do-not-start") and plan.start_dose_mg is None


@SETTINGS
@given(answer_sets(), st.lists(st.sampled_from(OPIOIDS), min_size=1, max_size=3, unique=True))
def test_any_opioid_class_medicine_means_do_not_start(answers, opioids):
    answers = {**answers, "other_medicines": opioids + [m for m in answers.get("other_medicines", []) if m not in ("none", "unsure")]}
    answers["opioids"] = "no"  # people do not call these opioids
    result = assess(BANK, answers)
    assert result.plan.verdict == "do-not-start" and result.plan.start_dose_mg is None
    assert "opioids-stop" in {f.id for f in result.findings}


@SETTINGS
@given(answer_sets(), st.one_of(st.none(), st.text(min_size=1, max_size=40).filter(str.strip)))
def test_reassessing_a_summary_gives_the_same_plan(answers, name):
    patient = {"name": name} if name else {}
    first = build_summary(BANK, assess(BANK, answers, patient), created=FIXED)
    text = to_toml(first)
    again = from_data(tomllib.loads(text))
    assert again.answers == first.answers
    assert again.patient.name == (name or None)
    second = build_summary(BANK, assess(BANK, again.answers, again.patient.model_dump(exclude_none=True)), created=FIXED)
    assert second.plan == first.plan
    assert [f.id for f in second.findings] == [f.id for f in first.findings]
    assert to_toml(second) == text


@SETTINGS
@given(answer_sets())
def test_assessment_is_deterministic(answers):
    a = build_summary(BANK, assess(BANK, answers), created=FIXED)
    b = build_summary(BANK, assess(BANK, dict(reversed(list(answers.items())))), created=FIXED)
    assert to_toml(a) == to_toml(b)


@settings(max_examples=150, deadline=None)
@given(answer_sets(), st.text(min_size=1, max_size=40).filter(str.strip))
def test_renderers_show_any_name_literally_and_safely(answers, name):
    from ldnwizard.core.report.render import choice_labels, render_markdown, render_text

    summary = build_summary(BANK, assess(BANK, answers, {"name": name}), created=FIXED)
    labels = choice_labels(BANK.questions)
    text = render_text(summary, BANK.plan, labels)
    md = render_markdown(summary, BANK.plan, labels)
    for out in (text, md):
        assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in out)
    assert summary.plan.headline in text
