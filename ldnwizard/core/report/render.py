"""Summary -> plain text or Markdown, for the provider's view (``ldnwizard show``) and printing.

Text from files or people is shown literally: control characters (terminal
escapes) become visible ``\\x1b``-style sequences and Markdown syntax is escaped.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from ldnwizard.core.content.models import PlanFile
from ldnwizard.core.report.summary import Summary
from ldnwizard.core.report.phrases import (  # noqa: F401  (re-exported: the page phrases live in one place)
    because_line,
    choice_labels,
    first_dose,
    fmt_mg,
    format_value,
    medication_line,
    question_prompts,
    source_line,
    steps_line,
    verdict_level,
    verdict_tag,
)
from ldnwizard.core.text import printable

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def md_escape(text: str) -> str:
    """``text`` safe to place in Markdown: shown as written, never as formatting or HTML."""
    return _MD_SPECIAL.sub(r"\\\1", printable(text)).replace("\n", " ")


def _source_numbers(summary: Summary) -> dict[str, int]:
    return {sid: i for i, sid in enumerate(summary.sources, start=1)}


def _wrap(text: str, indent: str, width: int = 78) -> list[str]:
    return textwrap.wrap(printable(text), width=width, initial_indent=indent, subsequent_indent=indent) or [indent]


def render_text(summary: Summary, words: PlanFile, labels: dict[str, dict[str, str]] | None = None) -> str:
    """The provider's view as plain text, 78 columns, no colour, no escape codes."""
    labels = labels or {}
    nums = _source_numbers(summary)
    plan = summary.plan
    meta = summary.meta
    out: list[str] = []
    title = "LDN and benzodiazepine summary"
    if summary.patient.name:
        title += f" for {printable(summary.patient.name)}"
    out += [title, "=" * min(len(title), 78)]
    out.append(
        f"Made {meta.created:%Y-%m-%d %H:%M %z} with ldnwizard {printable(meta.tool_version)}; "
        f"question set {printable(meta.question_set)} {printable(meta.question_set_version)}, "
        f"content reviewed {meta.content_reviewed}."
    )
    out.append("")
    out.append(f"VERDICT: {verdict_tag(plan.verdict, words)}: {printable(plan.headline or '')}")
    if plan.explain:
        out += _wrap(plan.explain, "  ")
    out += ["", "Plan to discuss"]
    out += _wrap(f"First dose: {first_dose(plan, words)}", "  ")
    if plan.dose_time_text:
        out += _wrap(f"Time of day: {plan.dose_time_text}", "  ")
    out += _wrap(f"Stepping up: {plan.titration}", "  ")
    if plan.steps:
        out += _wrap(f"Steps: {steps_line(summary)}.", "  ")
    if plan.options:
        out += ["", "Options to discuss"]
        for option in plan.options:
            out += _wrap(f"- {option}", "  ")
    med = medication_line(summary)
    if med:
        out += ["", "Medicine"] + _wrap(med, "  ")
    out += ["", f"Findings ({len(summary.findings)})"]
    for f in summary.findings:
        fw = words.levels.get(f.level)
        tag = f"{fw.icon} {fw.word}" if fw else f.level.upper()
        out.append(f"  {tag}: {printable(f.title)}")
        out += _wrap(f.provider_text, "      ")
        out += _wrap(f"Patient was told: {f.patient_text}", "      ")
        if f.because:
            out += _wrap(f"Because: {because_line(f.because, labels)}", "      ")
        refs = " ".join(f"[{nums[s]}]" if s in nums else printable(s) for s in f.sources)
        out.append(f"      Evidence: {f.evidence} ({words.evidence_words.get(f.evidence, f.evidence)}). Sources: {refs}")
    if summary.unanswered:
        out += ["", "Not answered"] + _wrap(", ".join(summary.unanswered), "  ")
    if summary.provider_questions:
        out += ["", "Questions the patient may ask"]
        for q in summary.provider_questions:
            out += _wrap(f"- {q}", "  ")
    if summary.answers:
        out += ["", "Answers"]
        for key, value in summary.answers.items():
            out += _wrap(f"{key}: {format_value(value, labels.get(key))}", "  ")
    if summary.sources:
        out += ["", "Sources"]
        for sid, n in nums.items():
            out += _wrap(f"[{n}] {source_line(sid, summary)}", "  ")
    if summary.disclaimer:
        out += [""] + _wrap(summary.disclaimer, "")
    crisis = summary.crisis or words.crisis
    out += [""] + _wrap(crisis.strip(), "")
    return "\n".join(out) + "\n"


def render_markdown(
    summary: Summary,
    words: PlanFile,
    labels: dict[str, dict[str, str]] | None = None,
    prompts: dict[str, str] | None = None,
) -> str:
    """One clean Markdown page for the prescriber.

    Verdict (icon, level word, headline), plan, findings with level words, the
    questions to ask, the answers in a table (with the question's words when
    ``prompts`` gives them), numbered sources, the review date and the disclaimer.
    """
    labels = labels or {}
    prompts = prompts or {}
    nums = _source_numbers(summary)
    plan = summary.plan
    meta = summary.meta
    e = md_escape
    out: list[str] = []
    title = "LDN and benzodiazepine summary"
    if summary.patient.name:
        title += f" for {e(summary.patient.name)}"
    out += [f"# {title}", ""]
    out.append(
        f"Made {meta.created:%Y-%m-%d %H:%M %z} with ldnwizard {e(meta.tool_version)}. "
        f"Question set {e(meta.question_set)} {e(meta.question_set_version)}, content reviewed {meta.content_reviewed}."
    )
    out += [
        "",
        f"## Verdict: {e(verdict_tag(plan.verdict, words))}: {e(plan.headline or plan.verdict)}",
        "",
        e(plan.explain or ""),
        "",
    ]
    out += ["## Plan to discuss", ""]
    first = e(first_dose(plan, words))
    out.append(f"- **First dose:** {first}")
    if plan.dose_time_text:
        out.append(f"- **Time of day:** {e(plan.dose_time_text)}")
    out.append(f"- **Stepping up:** {e(plan.titration)}")
    if plan.steps:
        out.append(f"- **Steps:** {e(steps_line(summary))}")
    if plan.options:
        out += ["", "## Options to discuss", ""] + [f"- {e(o)}" for o in plan.options]
    med = medication_line(summary)
    if med:
        out += ["", "## Medicine", "", e(med)]
    out += ["", f"## Findings ({len(summary.findings)})", ""]
    for f in summary.findings:
        fw = words.levels.get(f.level)
        tag = f"{fw.icon} {e(fw.word)}" if fw else f.level.upper()
        refs = ", ".join(f"\\[{nums[s]}\\]" if s in nums else e(s) for s in f.sources)
        out += [
            f"### {tag}: {e(f.title)}",
            "",
            e(f.provider_text),
            "",
            f"*Patient was told:* {e(f.patient_text)}",
            "",
            *([f"*Because:* {e(because_line(f.because, labels))}", ""] if f.because else []),
            f"*Evidence:* {f.evidence} ({e(words.evidence_words.get(f.evidence, f.evidence))}). *Sources:* {refs}",
            "",
        ]
    if summary.unanswered:
        out += ["## Not answered", ""]
        out += [f"- {e(prompts[u])} ({e(u)})" if u in prompts else f"- {e(u)}" for u in summary.unanswered]
        out.append("")
    if summary.provider_questions:
        out += ["## Questions the patient may ask", ""] + [f"- {e(q)}" for q in summary.provider_questions] + [""]
    if summary.answers:
        if prompts:
            out += ["## Answers", "", "| Question | Id | Answer |", "| --- | --- | --- |"]
        else:
            out += ["## Answers", "", "| Question | Answer |", "| --- | --- |"]
        for k, v in summary.answers.items():
            question = f"{e(prompts.get(k, k))} | {e(k)}" if prompts else e(k)
            out.append(f"| {question} | {e(format_value(v, labels.get(k)))} |")
        out.append("")
    if summary.sources:
        out += ["## Sources", ""]
        for sid, n in nums.items():
            src = summary.sources[sid]
            checked = f" (checked {src.reviewed})" if src.reviewed else ""
            out.append(f"{n}. {e(source_line(sid, summary))}{checked}")
        out.append("")
    out += ["---", "", f"Content reviewed {meta.content_reviewed}.", ""]
    if summary.disclaimer:
        out += [f"*{e(summary.disclaimer)}*", ""]
    out += [f"**{e((summary.crisis or words.crisis).strip())}**", ""]
    return "\n".join(out)


def render(summary: Summary, bank: Any, fmt: str = "text") -> str:
    """The summary as ``text``, ``markdown`` or ``html``, in the words of ``bank`` (a loaded question set)."""
    labels = choice_labels(bank.questions)
    if fmt == "html":
        from ldnwizard.core.report.render_html import render_html

        return render_html(summary, bank.plan, labels, question_prompts(bank.questions))
    if fmt == "markdown":
        return render_markdown(summary, bank.plan, labels, question_prompts(bank.questions))
    return render_text(summary, bank.plan, labels)
