"""The patient's page of a summary, in the patient's language: what they were told, nothing for the provider.

``ldnwizard show --lang es`` prints it; ``--lang es,en`` prints it and then the provider's
page in English (:func:`render_pages`), one after the other (HTML: on separate printed pages).
Headings come from the interface catalogue (:mod:`ldnwizard.core.content.messages`); every other word
comes from the question set in that language, re-made by finding id (:func:`ldnwizard.core.content.i18n.relabel`).
"""

from __future__ import annotations

import html
import textwrap
from typing import Any

from ldnwizard.core.content.i18n import english_of, relabel, summary_language, translate
from ldnwizard.core.content.messages import message
from ldnwizard.core.report.phrases import first_dose, fmt_mg, level_tag, verdict_level, verdict_tag
from ldnwizard.core.text import printable


def steps_text(summary: Any, lang: str) -> str:
    """The dose steps in one line, in ``lang``."""
    join = message("page.steps_joiner", lang)
    return join.join(message("page.step", lang, dose=fmt_mg(s.dose_mg), days=s.for_days) for s in summary.plan.steps)


def medicine_text(summary: Any, lang: str) -> str | None:
    """The benzo, its daily dose and the approximate diazepam equivalent (with its note), in ``lang``."""
    med = summary.medication
    if not med:
        return None
    name = printable(str(med.get("name", med.get("id", "?"))))
    if "daily_mg" in med:
        line = message("page.medicine_daily", lang, name=name, daily=fmt_mg(med["daily_mg"]))
    else:
        line = name + "."
    if "diazepam_equivalent_mg_per_day" in med:
        rng = med.get("diazepam_equivalent_range_mg")
        if isinstance(rng, list) and len(rng) == 2:
            eq = message("page.range", lang, low=fmt_mg(rng[0]), high=fmt_mg(rng[1]))
        else:
            eq = fmt_mg(med["diazepam_equivalent_mg_per_day"])
        line += " " + message("page.medicine_equivalent", lang, mg=eq)
        if med.get("equivalent_note"):
            line += " " + printable(str(med["equivalent_note"]))
    return line


def _parts(summary: Any, bank: Any, lang: str) -> dict[str, Any]:
    """Everything on the patient's page, in ``lang``: a list of (heading, items) sections."""
    words = bank.plan
    plan = summary.plan
    m = lambda key, **kw: message(key, lang, **kw)  # noqa: E731
    title = m("page.patient_title")
    if summary.patient.name:
        title = m("page.patient_title_for", name=printable(summary.patient.name))
    made = m("page.made", date=f"{summary.meta.created:%Y-%m-%d}", reviewed=str(summary.meta.content_reviewed))
    plan_items = [(m("page.first_dose"), first_dose(plan, words))]
    if plan.dose_time_text:
        plan_items.append((m("page.time_of_day"), plan.dose_time_text))
    plan_items.append((m("page.stepping_up"), plan.titration))
    if plan.steps:
        plan_items.append((m("page.steps"), steps_text(summary, lang) + "."))
    findings = [
        (level_tag(f.level, words), f.level, f.title, f.patient_text, m("page.evidence", words=words.evidence_words.get(f.evidence, f.evidence)))
        for f in summary.findings
    ]
    return {
        "title": title,
        "made": made,
        "verdict_heading": m("page.verdict"),
        "verdict": verdict_tag(plan.verdict, words),
        "level": verdict_level(plan.verdict),
        "headline": plan.headline or "",
        "explain": plan.explain or "",
        "plan_heading": m("page.plan"),
        "plan": plan_items,
        "options_heading": m("page.options"),
        "options": list(plan.options),
        "medicine_heading": m("page.medicine"),
        "medicine": medicine_text(summary, lang),
        "findings_heading": m("page.findings", n=len(summary.findings)),
        "findings": findings,
        "questions_heading": m("page.questions"),
        "questions": list(summary.provider_questions),
        "disclaimer": summary.disclaimer or words.disclaimer.strip(),
        "crisis": (summary.crisis or words.crisis).strip(),
    }


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(printable(text), width=78, initial_indent=indent, subsequent_indent=indent) or [indent]


def render_patient_text(summary: Any, bank: Any, lang: str) -> str:
    p = _parts(summary, bank, lang)
    out = [p["title"], "=" * min(len(p["title"]), 78), p["made"], ""]
    out += [f"{p['verdict']}: {printable(p['headline'])}"] + _wrap(p["explain"], "  ")
    out += ["", p["plan_heading"]]
    for label, value in p["plan"]:
        out += _wrap(f"{label}: {value}", "  ")
    if p["options"]:
        out += ["", p["options_heading"]]
        for o in p["options"]:
            out += _wrap(f"- {o}", "  ")
    if p["medicine"]:
        out += ["", p["medicine_heading"]] + _wrap(p["medicine"], "  ")
    out += ["", p["findings_heading"]]
    for tag, _level, title, told, evidence in p["findings"]:
        out.append(f"  {tag}: {printable(title)}")
        out += _wrap(told, "      ") + _wrap(evidence, "      ")
    if p["questions"]:
        out += ["", p["questions_heading"]]
        for q in p["questions"]:
            out += _wrap(f"- {q}", "  ")
    out += [""] + _wrap(p["disclaimer"]) + [""] + _wrap(p["crisis"])
    return "\n".join(out) + "\n"


def render_patient_markdown(summary: Any, bank: Any, lang: str) -> str:
    from ldnwizard.core.report.render import md_escape as e

    p = _parts(summary, bank, lang)
    out = [f"# {e(p['title'])}", "", e(p["made"]), "", f"## {e(p['verdict_heading'])}: {e(p['verdict'])}: {e(p['headline'])}", "", e(p["explain"]), ""]
    out += [f"## {e(p['plan_heading'])}", ""] + [f"- **{e(k)}:** {e(v)}" for k, v in p["plan"]]
    if p["options"]:
        out += ["", f"## {e(p['options_heading'])}", ""] + [f"- {e(o)}" for o in p["options"]]
    if p["medicine"]:
        out += ["", f"## {e(p['medicine_heading'])}", "", e(p["medicine"])]
    out += ["", f"## {e(p['findings_heading'])}", ""]
    for tag, _level, title, told, evidence in p["findings"]:
        out += [f"### {e(tag)}: {e(title)}", "", e(told), "", f"*{e(evidence)}*", ""]
    if p["questions"]:
        out += [f"## {e(p['questions_heading'])}", ""] + [f"- {e(q)}" for q in p["questions"]] + [""]
    out += ["---", "", f"*{e(p['disclaimer'])}*", "", f"**{e(p['crisis'])}**", ""]
    return "\n".join(out)


def patient_html_section(summary: Any, bank: Any, lang: str) -> str:
    """The patient's page as an HTML ``<main lang=..>`` element (styled by render_html's CSS)."""
    h = lambda t: html.escape(printable(str(t)))  # noqa: E731
    p = _parts(summary, bank, lang)
    out = [f'<main lang="{h(lang)}" class="patient-page">', f"<h1>{h(p['title'])}</h1>", f'<p class="meta">{h(p["made"])}</p>']
    out += [
        f'<section class="verdict level-{p["level"]}"><h2>{h(p["verdict_heading"])}</h2>',
        f'<p class="headline"><span class="tag">{h(p["verdict"])}</span>{h(p["headline"])}</p>',
        f"<p>{h(p['explain'])}</p></section>",
        f"<h2>{h(p['plan_heading'])}</h2>",
        '<dl class="plan">' + "".join(f"<dt>{h(k)}</dt><dd>{h(v)}</dd>" for k, v in p["plan"]) + "</dl>",
    ]
    if p["options"]:
        out += [f"<h2>{h(p['options_heading'])}</h2>", "<ul>" + "".join(f"<li>{h(o)}</li>" for o in p["options"]) + "</ul>"]
    if p["medicine"]:
        out += [f"<h2>{h(p['medicine_heading'])}</h2>", f"<p>{h(p['medicine'])}</p>"]
    out.append(f"<h2>{h(p['findings_heading'])}</h2>")
    for tag, level, title, told, evidence in p["findings"]:
        out.append(
            f'<section class="finding level-{h(level)}"><h3><span class="tag">{h(tag)}</span>{h(title)}</h3>'
            f'<p>{h(told)}</p><p class="small">{h(evidence)}</p></section>'
        )
    if p["questions"]:
        out += [f"<h2>{h(p['questions_heading'])}</h2>", "<ul>" + "".join(f"<li>{h(q)}</li>" for q in p["questions"]) + "</ul>"]
    out += [f'<footer><p class="disclaimer">{h(p["disclaimer"])}</p><p><strong>{h(p["crisis"])}</strong></p></footer>', "</main>"]
    return "\n".join(out)


def render_patient(summary: Any, bank: Any, lang: str, fmt: str = "text") -> str:
    """The patient's page in ``lang`` (``text``, ``markdown`` or ``html``), re-made from the content."""
    english = english_of(bank)
    words = translate(english, lang)
    if summary_language(summary) != lang:
        summary = relabel(summary, english, lang)
    if fmt == "markdown":
        return render_patient_markdown(summary, words, lang)
    if fmt == "html":
        from ldnwizard.core.report.render_html import CSS

        title = html.escape(_parts(summary, words, lang)["title"])
        return "\n".join(
            ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">', f"<title>{title}</title>",
             f"<style>{CSS}</style>", "</head>", "<body>", patient_html_section(summary, words, lang), "</body>", "</html>", ""]
        )
    return render_patient_text(summary, words, lang)


def render_provider(summary: Any, bank: Any, fmt: str = "text") -> str:
    """The provider's page, wholly in English whatever language the patient saw."""
    from ldnwizard.core.report.render import render

    english = english_of(bank)
    if summary_language(summary) != "en":
        summary = relabel(summary, english, "en")  # what was saved is kept word for word when it is already English
    return render(summary, english, fmt)


def render_pages(summary: Any, bank: Any, langs: list[str], fmt: str = "text") -> str:
    """What ``show --lang`` prints: ``[en]`` the provider's page; ``[es]`` the patient's page;
    ``[es, en]`` the patient's page in Spanish, then the provider's in English."""
    if langs == ["en"]:
        return render_provider(summary, bank, fmt)
    if len(langs) == 1:
        return render_patient(summary, bank, langs[0], fmt)
    patient_lang = langs[0]
    provider = render_provider(summary, bank, fmt)
    if fmt == "html":
        english = english_of(bank)
        told = summary if summary_language(summary) == patient_lang else relabel(summary, english, patient_lang)
        section = patient_html_section(told, translate(english, patient_lang), patient_lang)
        section = section.replace('<main lang=', '<main style="break-after: page; page-break-after: always" lang=', 1)
        return provider.replace("<body>\n<main>", "<body>\n" + section + "\n<main>", 1) if "<body>\n<main>" in provider else provider.replace("<body>", "<body>\n" + section, 1)
    rule = "\n" + ("-" * 78 if fmt == "text" else "---") + "\n\n"
    if fmt == "text":
        rule = "\n\f\n"  # a form feed: the provider's page starts on a new printed page
    return render_patient(summary, bank, patient_lang, fmt) + rule + provider
