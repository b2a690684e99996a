"""Plain mode in Spanish on a terminal (pexpect): LANG=es_MX picks Spanish, the walk answers in Spanish words,
and the saved summary says language = "es" with the same clinical result as in English."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from ldnwizard.core.answering.assess import assess
from ldnwizard.core.content.i18n import translate
from test_plain_support import plain_env

pexpect = pytest.importorskip("pexpect")

PROMPT = r"\n> "

#: What the person types at each question: Spanish words where a choice is named.
TYPED = {
    "age_group": "65 años o más",
    "benzo": "alprazolam",
    "benzo_dose_mg": "0,5",
    "benzo_doses_per_day": "2",
    "benzo_uses": "dormir, ansiedad",
    "benzo_how_long": "más de tres meses",
    "taper_status": "1",
    "cns_sensitivity": "no",
    "mood_history": "No",
    "self_harm_thoughts": "no",
    "other_medicines": "ninguno de estos",
    "opioids": "no",
    "alcohol": "nunca",
    "seizure_disorder": "no",
    "transplant": "no",
    "immune_medicines": "no",
    "thyroid": "no estoy seguro",
    "liver_disease": "no",
    "kidney_disease": "no",
    "pregnancy": "no",
    "surgery_planned": "no",
    "ldn_reason": "fibromialgia",
    "name": "saltar",
}


def _which(shown: str, es_bank) -> str | None:
    fits = [q for q in es_bank.questions if q.prompt in shown]
    return max(fits, key=lambda q: len(q.prompt)).id if fits else None


def test_a_spanish_walk_ends_in_a_spanish_summary(tmp_path: Path, bank) -> None:
    es_bank = translate(bank, "es")
    env = plain_env(TERM="dumb", LANG="es_MX.UTF-8")
    env.pop("LC_ALL", None)
    child = pexpect.spawn(
        sys.executable, ["-m", "ldnwizard", "--plain", "--no-draft"], cwd=str(tmp_path), env=env,
        encoding="utf-8", timeout=30, dimensions=(24, 80),
    )
    asked: list[str] = []
    transcript: list[str] = []
    while True:
        child.expect(PROMPT)
        shown = child.before
        transcript.append(shown)
        if "Sus respuestas" in shown:
            child.sendline("")  # the review: Enter shows the summary
            break
        qid = _which(shown, es_bank)
        assert qid is not None, shown
        assert qid not in asked, f"{qid} asked twice: {shown}"
        asked.append(qid)
        child.sendline(TYPED[qid])
    child.expect(PROMPT)
    summary_screen = child.before
    child.sendline("")  # save under the default name
    child.expect(PROMPT)
    child.sendline("sí")  # a copy to print: the patient's page, then the prescriber's
    child.expect(PROMPT)
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before

    assert "Parte 1 de 7: Antes de empezar" in transcript[0] and "¿Qué edad tiene?" in transcript[0]
    assert "En cualquier pregunta puede escribir: atrás" in transcript[0]
    assert "Su resumen" in summary_screen and "EMPIECE BAJO" in summary_screen
    assert "marque 2" in summary_screen  # the crisis lines close the summary, in Spanish
    saved = sorted(tmp_path.glob("ldn-summary-*.toml"))
    assert len(saved) == 1
    data = tomllib.loads(saved[0].read_text(encoding="utf-8"))
    assert data["meta"]["language"] == "es"
    assert data["answers"]["benzo_dose_mg"] == 0.5 and data["answers"]["thyroid"] == "unsure"
    assert data["plan"]["headline"] == es_bank.plan.verdicts[data["plan"]["verdict"]].headline
    english = assess(bank, data["answers"])  # the language never changes the result
    assert data["plan"]["verdict"] == english.plan.verdict == "start-low"
    assert data["plan"]["start_dose_mg"] == english.plan.start_dose_mg
    assert [f["id"] for f in data["findings"]] == [r.id for r in english.findings]
    assert all(f["provider_text"] == r.provider_text for f, r in zip(data["findings"], english.findings))
    copy = saved[0].with_suffix(".md").read_text(encoding="utf-8")
    assert copy.index("# Su resumen") < copy.index("# LDN and benzodiazepine summary")
