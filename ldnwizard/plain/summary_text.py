"""The summary as plain text for the person who answered (the plain mode's last screen).

Words come from the summary and the question set's plan texts; nothing clinical is
worded here. Lines are not wrapped: screen readers and braille displays read whole
sentences better, and terminals wrap long lines themselves.
"""

from __future__ import annotations

from ldnwizard.core.models import PlanFile
from ldnwizard.core.phrases import first_dose, level_tag, medication_line, source_line, steps_line, verdict_tag
from ldnwizard.core.summary import Summary
from ldnwizard.core.text import printable

def patient_text(summary: Summary, words: PlanFile) -> str:
    """The person's summary: verdict, plan, findings with level words, evidence, sources, questions, disclaimer."""
    plan = summary.plan
    nums = {sid: i for i, sid in enumerate(summary.sources, start=1)}
    out: list[str] = ["Your summary", "============"]
    if summary.patient.name:
        out.append(f"For: {summary.patient.name}")
    out.append("")
    out.append(f"{verdict_tag(plan.verdict, words)}: {plan.headline or plan.verdict}")
    if plan.explain:
        out.append(plan.explain)
    out += ["", "Plan to talk about with your prescriber"]
    out.append(f"- First dose: {first_dose(plan, words)}")
    if plan.dose_time_text:
        out.append(f"- Time of day: {plan.dose_time_text}")
    out.append(f"- Stepping up: {plan.titration}")
    if plan.steps:
        out.append(f"- Steps: {steps_line(summary)}.")
    if plan.options:
        out += ["", "Options to talk about"]
        out += [f"- {o}" for o in plan.options]
    med = medication_line(summary)
    if med:
        out += ["", "Your medicine", med]
        note = (summary.medication or {}).get("equivalent_note")
        if note:
            out.append(str(note))
    out += ["", f"What your answers mean ({len(summary.findings)} points)"]
    for i, f in enumerate(summary.findings, start=1):
        refs = ", ".join(f"[{nums[s]}]" if s in nums else s for s in f.sources)
        out += [
            "",
            f"{i}. {level_tag(f.level, words)}: {f.title}",
            f"   {f.patient_text}",
            f"   Evidence: {words.evidence_words.get(f.evidence, f.evidence)}. Sources: {refs}",
        ]
    if summary.provider_questions:
        out += ["", "Questions to ask your prescriber"]
        out += [f"- {q}" for q in summary.provider_questions]
    if summary.sources:
        out += ["", "Sources"]
        out += [f"[{n}] {source_line(sid, summary)}" for sid, n in nums.items()]
    out += ["", f"Content reviewed {summary.meta.content_reviewed}."]
    if summary.disclaimer:
        out += ["", summary.disclaimer]
    out += ["", (summary.crisis or words.crisis).strip()]  # every summary ends with the crisis lines
    return printable("\n".join(out)) + "\n"
