"""Collecting every piece of patient-facing text of a question set, and scoring it."""

from __future__ import annotations

import re
import statistics

import textstat

from ldnwizard.core.content.bank import Bank

# Medicine names are long words a reader knows from their own box; they are swapped
# for a short word before scoring, as the readability rule asks.
EXTRA_MEDICINE_NAMES = [
    "naltrexone", "benzodiazepines", "benzodiazepine", "tramadol", "codeine", "morphine", "oxycodone",
    "hydrocodone", "fentanyl", "methadone", "buprenorphine", "diphenoxylate", "levothyroxine",
    "Synthroid", "Eltroxin", "tacrolimus", "cyclosporine", "sirolimus", "Z-drugs", "Z-drug",
]


def medicine_words(bank: Bank) -> list[str]:
    names = list(EXTRA_MEDICINE_NAMES)
    for med in bank.medicines.medicines:
        names.append(med.name)
        names.extend(med.brands)
    return sorted(set(names), key=len, reverse=True)


def patient_texts(bank: Bank) -> dict[str, str]:
    """Every text a patient reads, keyed by where it lives."""
    qn = bank.questionnaire
    out: dict[str, str] = {}
    w = qn.welcome
    for key in ("heading", "body", "kiosk_body", "not_for", "evidence_note", "start_hint"):
        if getattr(w, key):
            out[f"welcome.{key}"] = getattr(w, key)
    for s in qn.sections:
        out[f"section.{s.id}.title"] = s.title
        if s.intro:
            out[f"section.{s.id}.intro"] = s.intro
    for q in bank.questions:
        out[f"question.{q.id}.prompt"] = q.prompt
        if q.help:
            out[f"question.{q.id}.help"] = q.help
        if q.error_hint:
            out[f"question.{q.id}.error_hint"] = q.error_hint
        if q.choices and q.choices_from != "medicines":
            out[f"question.{q.id}.choices"] = ". ".join(c.label for c in q.choices) + "."
    for u in qn.urgent:
        out[f"urgent.{u.id}"] = u.title + ". " + u.text
    for r in bank.rules:
        out[f"rule.{r.id}"] = r.title + ". " + r.patient_text
        for i, ask in enumerate(r.ask):
            out[f"rule.{r.id}.ask{i}"] = ask
    plan = bank.plan
    for v, text in plan.verdicts.items():
        out[f"verdict.{v}"] = f"{text.headline}. {text.explain} {text.titration}"
        for i, option in enumerate(text.options):
            out[f"verdict.{v}.option{i}"] = option
        for i, ask in enumerate(text.ask):
            out[f"verdict.{v}.ask{i}"] = ask
        for key in ("first_dose", "no_dose"):
            if getattr(text, key):
                out[f"verdict.{v}.{key}"] = getattr(text, key).replace("{dose}", "1")
    out["crisis"] = plan.crisis
    out["medicines.daily_dose_error"] = bank.medicines.daily_dose_error.replace("{daily}", "300").replace("{name}", "pill")
    for key, text in plan.dose_times.items():
        out[f"dose_time.{key}"] = text
    for key, level in plan.levels.items():
        out[f"level.{key}"] = level.meaning
    out["disclaimer"] = plan.disclaimer
    for i, ask in enumerate(plan.always_ask):
        out[f"always_ask.{i}"] = ask
    return out


def prepared(text: str, names: list[str]) -> str:
    text = text.replace("\\\n", " ")
    for name in names:
        text = re.sub(rf"\b{re.escape(name)}\b", "pill", text, flags=re.IGNORECASE)
    text = re.sub(r"^\s*-\s+", "", text, flags=re.MULTILINE)  # list bullets
    return " ".join(text.split())


def grades(bank: Bank) -> dict[str, float]:
    """Flesch-Kincaid grade of every patient text (medicine names swapped out)."""
    names = medicine_words(bank)
    return {key: textstat.flesch_kincaid_grade(prepared(text, names)) for key, text in patient_texts(bank).items()}


def report(bank: Bank) -> str:
    g = grades(bank)
    worst = sorted(g.items(), key=lambda kv: kv[1], reverse=True)[:5]
    return f"{len(g)} texts, median grade {statistics.median(g.values()):.1f}, worst " + ", ".join(
        f"{k} {v:.1f}" for k, v in worst
    )
