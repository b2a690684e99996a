"""The summary in the patient's language: [meta] language, English provider texts, show --lang, the two-page print."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from ldnwizard.cli import main
from ldnwizard.core.answering.assess import assess
from ldnwizard.core.answering.cases import case_answers, load_cases
from ldnwizard.core.content.i18n import lookup, relabel, translate
from ldnwizard.core.content.messages import check_messages, english, message
from ldnwizard.core.report.patient_page import render_pages
from ldnwizard.core.report.render import render
from ldnwizard.core.report.summary import build_summary, read_summary, to_toml

SET = Path(__file__).resolve().parent.parent / "questions" / "ldn-benzo"
WHEN = dt.datetime(2026, 12, 1, 10, 30, tzinfo=dt.timezone.utc)
SPANISH_MARKS = re.compile(r"[áéíóúñ¿¡]")


@pytest.fixture(scope="module")
def es_bank(bank):
    return translate(bank, "es")


@pytest.fixture(scope="module")
def cases():
    loaded, _ = load_cases(SET)
    by_name = {c.name: c for c in loaded}
    return [(c.name, case_answers(c, by_name)) for c in loaded]


def _pair(bank, es_bank, answers):
    en = build_summary(bank, assess(bank, answers), created=WHEN)
    es = build_summary(es_bank, assess(es_bank, answers), created=WHEN)
    return en, es


def test_every_case_same_clinical_result_in_both_languages(bank, es_bank, cases):
    assert len(cases) > 50
    spanish_seen = 0
    for name, answers in cases:
        en, es = _pair(bank, es_bank, answers)
        assert (en.plan.verdict, en.plan.start_dose_mg, en.plan.dose_time, en.plan.steps, en.plan.decided_by) == (
            es.plan.verdict, es.plan.start_dose_mg, es.plan.dose_time, es.plan.steps, es.plan.decided_by
        ), name
        assert [f.id for f in en.findings] == [f.id for f in es.findings], name
        assert [f.provider_text for f in en.findings] == [f.provider_text for f in es.findings], name  # English, always
        assert [f.because for f in en.findings] == [f.because for f in es.findings], name
        assert en.answers == es.answers and en.unanswered == es.unanswered, name
        assert en.meta.language == "en" and es.meta.language == "es"
        spanish_seen += sum(1 for f in es.findings if SPANISH_MARKS.search(f.title + f.patient_text))
    assert spanish_seen > 100


def test_patient_texts_in_spanish_provider_texts_in_english(bank, es_bank):
    answers = {"age_group": "18-to-64", "benzo": "clonazepam", "taper_status": "tapering", "opioids": "no"}
    en, es = _pair(bank, es_bank, answers)
    safety = next(f for f in es.findings if f.id == "unanswered-safety")
    assert "Algunas preguntas importantes para su seguridad" in safety.patient_text
    assert "sus otros medicamentos" in safety.patient_text  # the topics, in Spanish, for the patient
    assert safety.provider_text == next(f.provider_text for f in en.findings if f.id == "unanswered-safety")
    assert "your other medicines" in safety.provider_text
    assert es.plan.headline == "Espere antes de empezar la LDN"
    assert "quitarse la vida" in es.crisis and "marque 2" in es.crisis
    back = read_summary_text(to_toml(es))
    assert back.meta.language == "es"


def read_summary_text(text: str, tmp=Path("/tmp")):
    from ldnwizard.core.report.summary import from_data
    import tomllib

    return from_data(tomllib.loads(text))


def test_show_en_of_a_spanish_summary_is_the_english_page(bank, es_bank, cases):
    for name, answers in cases:
        en, es = _pair(bank, es_bank, answers)
        for fmt in ("text", "markdown", "html"):
            english_page = render_pages(es, es_bank, ["en"], fmt)
            assert english_page == render(en, bank, fmt), (name, fmt)
            assert not SPANISH_MARKS.search(english_page), (name, fmt)


def test_relabel_round_trip(bank, es_bank, cases):
    for name, answers in cases[:20]:
        en, es = _pair(bank, es_bank, answers)
        assert relabel(en, bank, "es").model_dump() == es.model_dump(), name
        assert relabel(es, bank, "en").model_dump() == en.model_dump(), name


def test_patient_page_then_provider_page(bank, es_bank, cases):
    answers = dict(cases[0][1])
    _, es = _pair(bank, es_bank, answers)
    text = render_pages(es, es_bank, ["es", "en"], "text")
    patient, provider = text.split("\f")
    assert patient.startswith(message("page.patient_title", "es"))
    assert "Preguntas para su médico" in patient and "988" in patient and "marque 2" in patient
    assert provider.strip().startswith("LDN and benzodiazepine summary") and not SPANISH_MARKS.search(provider)
    page = render_pages(es, es_bank, ["es", "en"], "html")
    mains = re.findall(r"<main[^>]*>", page)
    assert len(mains) == 2 and 'lang="es"' in mains[0] and "break-after: page" in mains[0]
    assert page.index("Su plan para hablar") < page.index("Plan to discuss")


def test_cli_summarize_and_show_in_spanish(tmp_path, capsys):
    answers = tmp_path / "a.toml"
    answers.write_text('age_group = "18-to-64"\nbenzo = "alprazolam"\nopioids = "yes"\n', encoding="utf-8")
    out = tmp_path / "s.toml"
    assert main(["summarize", "--lang", "es", str(answers), "-o", str(out)]) == 0
    summary = read_summary(out)
    assert summary.meta.language == "es" and summary.plan.verdict == "do-not-start"
    assert summary.plan.headline == "No empiece la LDN por ahora"
    capsys.readouterr()
    assert main(["show", "--lang", "en", str(out)]) == 0
    page = capsys.readouterr().out
    assert "Do not start LDN for now" in page and not SPANISH_MARKS.search(page)
    assert main(["show", str(out)]) == 0  # the provider's page is English unless told
    assert capsys.readouterr().out == page
    assert main(["show", "--lang", "es,en", str(out)]) == 0
    both = capsys.readouterr().out
    assert both.index("No empiece la LDN por ahora") < both.index("Do not start LDN for now")
    assert main(["--lang", "es", "summarize", str(answers)]) == 0  # before the command works too
    assert 'language = "es"' in capsys.readouterr().out
    assert main(["check", "--lang", "es"]) == 0


def test_cli_refuses_bad_languages(tmp_path, capsys):
    answers = tmp_path / "a.toml"
    answers.write_text('benzo = "alprazolam"\n', encoding="utf-8")
    assert main(["summarize", "--lang", "fr", str(answers)]) == 2
    assert "'fr' is not a language ldnwizard speaks (en, es)" in capsys.readouterr().err
    assert main(["summarize", "--lang", "es,en", str(answers)]) == 2
    assert "this command takes one language" in capsys.readouterr().err
    assert main(["show", "--lang", "es,en,es", str(answers)]) == 2


def test_interface_catalogue_complete_and_fresh():
    assert check_messages() == []
    for key, en in english().items():
        es = message(key, "es")
        assert set(re.findall(r"\{(\w+)\}", es)) == set(re.findall(r"\{(\w+)\}", en)), key
        assert not re.search(r"\b(tú|tienes|puedes|tu)\b", es, re.IGNORECASE), key


def test_spanish_summary_texts_come_from_the_translation(bank, es_bank):
    es_texts = set(lookup(bank, "es").values())
    answers = {"age_group": "65-or-older", "benzo": "zolpidem", "benzo_dose_mg": 10, "benzo_doses_per_day": 1}
    _, es = _pair(bank, es_bank, answers)
    for f in es.findings:
        assert f.title in es_texts
    for q in es.provider_questions:
        assert q in es_texts


def test_export_of_a_spanish_summary_is_english(tmp_path, bank, es_bank):
    import json

    answers = {"age_group": "18-to-64", "benzo": "diazepam", "taper_status": "tapering", "opioids": "no"}
    _, es = _pair(bank, es_bank, answers)
    path = tmp_path / "es.toml"
    path.write_text(to_toml(es), encoding="utf-8")
    out = tmp_path / "r.json"
    assert main(["export", str(path), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Wait before you start LDN" in text and "Espere" not in text
    assert json.loads(text)["language"] == "en"
