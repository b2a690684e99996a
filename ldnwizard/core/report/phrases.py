"""The phrases every view shares: doses, counts, answers in words, the medicine line, sources,
and the one name (and style level) of each verdict.

The text, Markdown and HTML pages (render.py, render_html.py), the wizard, the kiosk and
plain mode all build these pieces here, so a summary reads the same everywhere. Imports
nothing heavy (no pydantic, no Textual): the wizard's question screens use it before
the summary models are needed. The words themselves come from the question set
(``plan.toml``): a verdict's name and icon are ``[verdicts.<id>] word, icon``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Iterable

from ldnwizard.core.text import printable

if TYPE_CHECKING:
    from ldnwizard.core.content.models import PlanFile
    from ldnwizard.core.report.summary import Summary

#: Which finding level's look (colour, border) a verdict takes in every view. Only the
#: look: a verdict is always *named* by its own word from the question set (verdict_tag).
VERDICT_LEVEL = {"do-not-start": "stop", "wait": "wait", "start-low": "caution", "standard": "info"}


def verdict_level(verdict: str) -> str:
    """The style level of a verdict (``stop``, ``wait``, ``caution``, ``info``)."""
    return VERDICT_LEVEL.get(verdict, "info")


def verdict_tag(verdict: str, words: Any) -> str:
    """The verdict's one name with its icon, as the question set words it ("‖ WAIT").

    ``words`` is the question set's plan texts (``bank.plan``).
    """
    text = words.verdicts.get(verdict)
    return f"{text.icon} {text.word}" if text is not None else verdict.upper()


def level_tag(level: str, words: Any) -> str:
    """A finding level's word with its icon ("★ TIP"), as the question set words it."""
    text = words.levels.get(level)
    return f"{text.icon} {text.word}" if text is not None else level.upper()


def fmt_mg(value: float) -> str:
    """A dose in mg without trailing zeros: 0.5, 1, 4.5 (never ``nan``: a number that is not finite shows as ``?``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return "?"
    return f"{value:g}"


def count(n: float, one: str, many: str) -> str:
    """``1 dose``, ``2 doses``, ``1.5 doses``: the number and the word that fits it."""
    return f"{fmt_mg(n)} {one if n == 1 else many}"


def format_value(value: Any, labels: dict[str, str] | None = None) -> str:
    """An answer in words (choice labels where known)."""
    labels = labels or {}
    if isinstance(value, list):
        return ", ".join(str(labels.get(v, v)) for v in value)
    if isinstance(value, str):
        return labels.get(value, value)
    return fmt_mg(value) if isinstance(value, float) else str(value)


def first_dose(plan: Any, words: PlanFile) -> str:
    """The first dose in words, as the question set phrases it for this verdict (none: no dose at all)."""
    text = words.verdicts.get(plan.verdict)
    if plan.start_dose_mg is None:
        if text is not None and plan.verdict != "do-not-start" and text.no_dose:
            return text.no_dose
        return text.first_dose if text is not None and "{dose}" not in text.first_dose else "None."
    template = text.first_dose if text is not None else "{dose} mg a day"
    return template.replace("{dose}", fmt_mg(plan.start_dose_mg))


def because_line(because: dict[str, Any], labels: dict[str, dict[str, str]] | None = None) -> str:
    """The answers that made a finding apply, in one line: ``opioids: Yes; other_medicines: Kratom``."""
    labels = labels or {}
    return "; ".join(f"{printable(k)}: {printable(format_value(v, labels.get(k)))}" for k, v in because.items())


def steps_line(summary: Summary) -> str:
    """The dose steps in one line: 0.5 mg for 14 days, then 1 mg for 14 days, ..."""
    return ", then ".join(f"{fmt_mg(s.dose_mg)} mg for {s.for_days} days" for s in summary.plan.steps)


def medication_line(summary: Summary) -> str | None:
    """The benzo, its daily dose and the approximate diazepam equivalent, in one sentence."""
    med = summary.medication
    if not med:
        return None
    parts = [printable(str(med.get("name", med.get("id", "?"))))]
    if "dose_mg" in med:
        parts.append(f"{format_value(med['dose_mg'])} mg a dose")
    if "doses_per_day" in med:
        parts.append(f"{count(med['doses_per_day'], 'dose', 'doses')} a day")
    if "daily_mg" in med:
        parts.append(f"{format_value(med['daily_mg'])} mg a day")
    line = ", ".join(parts)
    if "diazepam_equivalent_mg_per_day" in med:
        rng = med.get("diazepam_equivalent_range_mg")
        eq = f"{fmt_mg(rng[0])} to {fmt_mg(rng[1])}" if isinstance(rng, list) and len(rng) == 2 else fmt_mg(med["diazepam_equivalent_mg_per_day"])
        line += f". About {eq} mg of diazepam a day (approximate; {printable(str(med.get('equivalent_table', '')))})"
    band = med.get("dose_band")
    if band in ("low", "moderate", "high"):
        basis = "its own limits for this medicine" if med.get("dose_band_basis") == "per-drug" else "the diazepam equivalent"
        line += f". Dose band in the 2025 tapering guideline (Table 2): {band}, from {basis}"
    line += "."
    if med.get("note"):
        line += " " + printable(str(med["note"]))
    return line


def source_line(sid: str, summary: Summary) -> str:
    """One source as a citation."""
    src = summary.sources.get(sid)
    if src is None:
        return printable(sid)
    when = str(src.year) if src.year else (src.date or "")
    doi = f"doi:{src.doi}" if getattr(src, "doi", None) else ""
    bits = [b.strip() for b in (src.title or src.description or "", src.author or "", when, doi, src.url or "") if b and b.strip()]
    text = ""
    for bit in bits:
        text += bit if not text else (" " if text[-1] in ".?!" else ". ") + bit
    return printable(text)


def question_prompts(questions: Iterable[Any]) -> dict[str, str]:
    """question id -> the question's words, for the answers table."""
    return {q.id: q.prompt for q in questions}


def choice_labels(questions: Iterable[Any]) -> dict[str, dict[str, str]]:
    """question id -> {choice value -> label}, for showing answers in words."""
    return {q.id: {c.value: c.label for c in q.choices} for q in questions}


#: How an unanswered question reads in the answer lists (review screens).
NOT_ANSWERED = "(not answered)"


def answer_words(value: Any, question: Any) -> str:
    """An answer to ``question`` in words: choice labels (never the raw values), a number with its unit."""
    if value is None:
        from ldnwizard.core.content.messages import _

        return _("answer.not_answered")  # NOT_ANSWERED, in the person's language
    labels = {c.value: c.label for c in question.choices}
    if isinstance(value, list):
        return "; ".join(labels.get(v, v) for v in value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = fmt_mg(value)
        return f"{number} {question.unit}" if question.unit else number
    return labels.get(value, str(value))
