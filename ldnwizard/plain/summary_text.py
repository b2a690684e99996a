"""The summary as plain text for the person who answered (the plain mode's last screen).

Words come from the summary and the question set's plan texts; nothing clinical is
worded here. Lines are not wrapped: screen readers and braille displays read whole
sentences better, and terminals wrap long lines themselves.
"""

from __future__ import annotations

from ldnwizard.core.content.models import PlanFile
from ldnwizard.core.report.phrases import (
    first_dose,
    level_tag,
    medication_line,
    source_line,
    steps_line,
    verdict_tag,
)
from ldnwizard.core.report.summary import Summary
from ldnwizard.core.content.messages import _, current_language
from ldnwizard.core.text import printable

def _steps(summary: Summary) -> str:
    if current_language() == "en":
        return steps_line(summary)
    from ldnwizard.core.report.patient_page import steps_text

    return steps_text(summary, current_language())


def _medicine(summary: Summary) -> str | None:
    from ldnwizard.core.report.patient_page import medicine_text

    return medicine_text(summary, current_language())  # with the approximate note, in the same language


def patient_text(summary: Summary, words: PlanFile) -> str:
    """The person's summary: verdict, plan, findings with level words, evidence, sources, questions, disclaimer."""
    plan = summary.plan
    nums = {sid: i for i, sid in enumerate(summary.sources, start=1)}
    title = _("summary.title")
    out: list[str] = [title, "=" * len(title)]
    if summary.patient.name:
        out.append(_("summary.for", name=summary.patient.name))
    out.append("")
    out.append(f"{verdict_tag(plan.verdict, words)}: {plan.headline or plan.verdict}")
    if plan.explain:
        out.append(plan.explain)
    out += ["", _("summary.plan")]
    out.append(_("summary.first_dose", text=first_dose(plan, words)))
    if plan.dose_time_text:
        out.append(_("summary.time_of_day", text=plan.dose_time_text))
    out.append(_("summary.stepping_up", text=plan.titration))
    if plan.steps:
        out.append(_("summary.steps", text=_steps(summary)))
    if plan.options:
        out += ["", _("summary.options")]
        out += [f"- {o}" for o in plan.options]
    med = medication_line(summary) if current_language() == "en" else _medicine(summary)
    if med:
        out += ["", _("summary.medicine"), med]
        note = (summary.medication or {}).get("equivalent_note")
        if note and current_language() == "en":
            out.append(str(note))
    out += ["", _("summary.findings", n=len(summary.findings))]
    for i, f in enumerate(summary.findings, start=1):
        refs = ", ".join(f"[{nums[s]}]" if s in nums else s for s in f.sources)
        out += [
            "",
            f"{i}. {level_tag(f.level, words)}: {f.title}",
            f"   {f.patient_text}",
            _("summary.evidence", words=words.evidence_words.get(f.evidence, f.evidence), refs=refs),
        ]
    if summary.provider_questions:
        out += ["", _("summary.questions")]
        out += [f"- {q}" for q in summary.provider_questions]
    if summary.sources:
        out += ["", _("summary.sources")]
        out += [f"[{n}] {source_line(sid, summary)}" for sid, n in nums.items()]
    out += ["", _("summary.reviewed", date=summary.meta.content_reviewed)]
    if summary.disclaimer:
        out += ["", summary.disclaimer]
    out += ["", (summary.crisis or words.crisis).strip()]  # every summary ends with the crisis lines
    return printable("\n".join(out)) + "\n"
