"""Spanish content: complete, never stale, one glossary, easy to read, and never a different clinical result."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
import textstat

from ldnwizard.core.content.load import load_bank
from ldnwizard.core.answering.cases import case_answers, load_cases, run_cases
from ldnwizard.core.content.i18n import (
    check_translations,
    choose_language,
    digest,
    english_of,
    language_from_env,
    language_of,
    load_catalogue,
    lookup,
    source_texts,
    translate,
)
from ldnwizard.core.files.tomlfile import read_toml
from readability_support import medicine_words

SET = Path(__file__).resolve().parent.parent / "questions" / "ldn-benzo"


@pytest.fixture(scope="module")
def es_bank(bank):
    return translate(bank, "es")


@pytest.fixture(scope="module")
def spanish(bank) -> dict[str, str]:
    """key -> Spanish text of every patient-facing text."""
    return lookup(bank, "es")


def _copy_set(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    shutil.copytree(SET, folder)
    return folder


def _check(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ldnwizard", "check", str(folder)], capture_output=True, text=True, timeout=120
    )


# ---------------------------------------------------------------- complete and fresh


def test_every_patient_text_has_a_fresh_spanish_entry(bank):
    assert check_translations(bank) == []
    cat = load_catalogue(SET, "es")
    keys = {s.key for s in source_texts(bank)}
    assert set(cat.entries) == keys
    assert len(keys) > 300


def test_keys_cover_what_a_patient_reads_and_not_the_provider_text(bank):
    keys = {s.key for s in source_texts(bank)}
    for r in bank.rules:
        assert f"rules.{r.id}.patient_text" in keys and f"rules.{r.id}.title" in keys
        assert f"rules.{r.id}.provider_text" not in keys
    for needed in ("plan.crisis", "plan.disclaimer", "plan.verdicts.wait.explain", "medicines.approximate_note",
                   "medicines.daily_dose_error", "welcome.kiosk_body", "urgent.urgent-self-harm.text",
                   "questions.opioids.prompt", "questions.taper_status.choices.stable.hint", "yes_no_unsure.unsure.label"):
        assert needed in keys


def test_a_changed_english_text_makes_its_entry_stale_and_check_fails(tmp_path):
    folder = _copy_set(tmp_path)
    qn = folder / "questionnaire.toml"
    text = qn.read_text(encoding="utf-8")
    old = 'prompt = "Do you take any opioid, or have you taken one in the last 2 weeks?"'
    assert old in text
    qn.write_text(text.replace(old, 'prompt = "Do you take any opioid now, or did you in the last 2 weeks?"'), encoding="utf-8")
    errors = check_translations(load_bank(folder))
    assert [e.where for e in errors] == ["questions.opioids.prompt"]
    es_text = (folder / "i18n" / "es.toml").read_text(encoding="utf-8").splitlines()
    assert es_text[errors[0].line - 1] == '[text."questions.opioids.prompt"]'
    done = _check(folder)
    assert done.returncode == 1, done.stderr
    assert f"es.toml:{errors[0].line} (questions.opioids.prompt): stale" in done.stderr
    assert "1 translation problem(s)" in done.stderr
    # the stale Spanish is never shown: the page falls back to the (new) English
    assert lookup(load_bank(folder), "es")["questions.opioids.prompt"] == "Do you take any opioid now, or did you in the last 2 weeks?"


def test_a_deleted_entry_is_missing_and_check_names_the_english_line(tmp_path):
    folder = _copy_set(tmp_path)
    es = folder / "i18n" / "es.toml"
    text = es.read_text(encoding="utf-8")
    entry = re.search(r'\[text\."rules\.kratom\.patient_text"\]\nfrom = "[0-9a-f]+"\nes = "[^\n]*"\n', text)
    assert entry
    es.write_text(text.replace(entry.group(), ""), encoding="utf-8")
    done = _check(folder)
    assert done.returncode == 1
    rules_lines = (folder / "rules.toml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, l in enumerate(rules_lines, start=1) if l.startswith('patient_text = "Kratom acts like an opioid'))
    assert f"rules.toml:{line} (rules.kratom.patient_text): missing es translation" in done.stderr


def test_placeholders_must_match(tmp_path):
    folder = _copy_set(tmp_path)
    es = folder / "i18n" / "es.toml"
    text = es.read_text(encoding="utf-8")
    assert "Esto lo decidió: {reasons}. Hable con su médico antes de nada." in text
    es.write_text(text.replace("Esto lo decidió: {reasons}. Hable con su médico antes de nada.", "Hable con su médico antes de nada."), encoding="utf-8")
    errors = check_translations(load_bank(folder))
    assert [(e.where, "placeholders differ" in e.message) for e in errors] == [("plan.verdicts.do-not-start.explain", True)]


def test_unknown_keys_and_bad_hashes_are_named(tmp_path):
    folder = _copy_set(tmp_path)
    es = folder / "i18n" / "es.toml"
    text = es.read_text(encoding="utf-8")
    text += '\n[text."rules.gone.title"]\nfrom = "0123456789"\nes = "Ya no existe"\n'
    text = text.replace(f'from = "{digest("Yes")}"\nes = "Sí"', 'from = "nothex"\nes = "Sí"', 1)
    es.write_text(text, encoding="utf-8")
    errors = check_translations(load_bank(folder))
    wheres: dict[str, list[str]] = {}
    for e in errors:
        wheres.setdefault(e.where, []).append(e.message)
    assert set(wheres) == {"rules.gone.title", "yes_no_unsure.yes.label"}
    assert any("no English text has this key" in m for m in wheres["rules.gone.title"])
    assert any("hex digits" in m for m in wheres["yes_no_unsure.yes.label"])
    assert any("missing es translation" in m for m in wheres["yes_no_unsure.yes.label"])  # a broken entry translates nothing


# ---------------------------------------------------------------- the glossary


def _glossary():
    data, _ = read_toml(SET / "i18n" / "es.toml")
    return data["glossary"]


def test_glossary_terms_are_used_and_rejected_synonyms_never_appear(spanish):
    every = "\n".join(spanish.values())
    glossary = _glossary()
    assert {"benzodiazepine", "withdrawal", "dose", "ldn", "suicide"} <= set(glossary)
    for name, term in glossary.items():
        for word in term["es"]:
            assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", every), f"{name}: {word!r} is never used"
        for word in term["avoid"]:
            hits = [k for k, v in spanish.items() if re.search(rf"(?<!\w){re.escape(word.strip())}(?!\w)", v, re.IGNORECASE)]
            assert not hits, f"{name}: {word!r} (not our term) appears in {hits}"


def test_glossary_spelling_of_ldn_and_withdrawal(spanish):
    every = "\n".join(spanish.values())
    assert "naltrexona en dosis bajas (LDN)" in spanish["welcome.body"]
    assert "abstinencia" in spanish["rules.never-change-benzo.patient_text"]
    assert "retirada" not in every.lower()
    assert "suicid" not in every.lower()  # safe messaging: "quitarse la vida", never "cometer suicidio"


def test_spanish_crisis_lines(spanish):
    for key in ("plan.crisis", "urgent.urgent-self-harm.text"):
        text = spanish[key]
        assert "988" in text and "marque 2" in text and "AYUDA" in text and "911" in text
        assert "116 123" in text and "999" in text  # the UK lines stay too


def test_usted_form_not_tu(spanish):
    tu_words = r"\b(tú|tienes|puedes|tomas|quieres|dile|habla con tu|tu médico|tus)\b"
    hits = {k: v for k, v in spanish.items() if re.search(tu_words, v, re.IGNORECASE)}
    assert not hits


def test_medicine_names_and_brands_are_not_translated(bank, es_bank):
    medicine_ids = {m.id for m in bank.medicines.medicines}
    for qid in ("benzo", "other_medicines"):
        en = [c for c in bank.by_id[qid].choices if c.value in medicine_ids]
        es = [c for c in es_bank.by_id[qid].choices if c.value in medicine_ids]
        assert en == es and len(en) > 10
    assert es_bank.medicines.medicines == bank.medicines.medicines
    assert es_bank.sources == bank.sources


# ---------------------------------------------------------------- readability

SPANISH_MEDICINE_WORDS = [
    "naltrexona", "benzodiazepinas", "benzodiazepina", "codeína", "morfina", "oxicodona", "fentanilo", "metadona",
    "buprenorfina", "levotiroxina", "metotrexato", "prednisona", "loperamida", "gabapentina", "pregabalina",
    "clonazepam", "clobazam", "diazepam", "zolpidem", "paracetamol", "ibuprofeno", "co-codamol",
]


def spanish_scores(bank, spanish) -> dict[str, tuple[float, float]]:
    """Fernández-Huerta and Szigriszt-Pazos of every Spanish patient text of 8 words or more (names swapped out)."""
    names = sorted(set(medicine_words(bank) + SPANISH_MEDICINE_WORDS), key=len, reverse=True)
    out = {}
    textstat.set_lang("es")
    try:
        for key, text in spanish.items():
            if len(text.split()) < 8:
                continue
            for name in names:
                text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", "pastilla", text, flags=re.IGNORECASE)
            text = " ".join(re.sub(r"^\s*-\s+", "", text, flags=re.MULTILINE).split())
            out[key] = (textstat.fernandez_huerta(text), textstat.szigriszt_pazos(text))
    finally:
        textstat.set_lang("en_US")
    return out


def test_spanish_reads_easily(bank, spanish):
    scores = spanish_scores(bank, spanish)
    assert len(scores) > 200
    fh = [a for a, _ in scores.values()]
    sp = [b for _, b in scores.values()]
    worst = sorted(scores.items(), key=lambda kv: kv[1][1])[:3]
    figures = f"FH median {statistics.median(fh):.1f}, SP median {statistics.median(sp):.1f}, worst {worst}"
    assert statistics.median(fh) >= 65, figures  # INFLESZ 65-80: "bastante fácil"
    assert statistics.median(sp) >= 65, figures
    assert min(fh) >= 40 and min(sp) >= 40, figures  # no text far below "normal" (55)
    rule_texts = [scores[k][1] for k in scores if k.endswith(".patient_text")]
    assert statistics.median(rule_texts) >= 65, figures


# ---------------------------------------------------------------- the language never changes a result


def test_every_case_gives_the_same_result_in_spanish(bank, es_bank):
    cases, lines = load_cases(SET)
    english = run_cases(bank, cases, lines)
    spanish = run_cases(es_bank, cases, lines)
    assert len(english) == len(cases) > 50
    for en, es in zip(english, spanish):
        assert en.ok and es.ok, (en.case.name, en.problems, es.problems)
        a, b = en.assessment.plan, es.assessment.plan
        assert (a.verdict, a.start_dose_mg, a.dose_time, a.steps, a.decided_by) == (b.verdict, b.start_dose_mg, b.dose_time, b.steps, b.decided_by)
        assert [r.id for r in en.assessment.findings] == [r.id for r in es.assessment.findings]
        assert en.assessment.provider_questions != es.assessment.provider_questions or not en.assessment.provider_questions
        for r_en, r_es in zip(en.assessment.findings, es.assessment.findings):
            if r_en.trigger is None:  # provider texts stay English (the unanswered-safety one is filled in build_summary)
                assert r_en.provider_text == r_es.provider_text


def test_translated_bank_knows_its_language(bank, es_bank):
    assert language_of(es_bank) == "es" and language_of(bank) == "en"
    assert english_of(es_bank) is bank and translate(es_bank, "en") is bank
    assert es_bank.questionnaire.welcome.heading == "¿Piensa en la LDN y toma una benzo?"
    assert es_bank.plan.verdicts["wait"].word == "ESPERE"
    assert [r.provider_text for r in es_bank.rules] == [r.provider_text for r in bank.rules]
    assert es_bank.dose_problem({"benzo": "alprazolam", "benzo_dose_mg": 100, "benzo_doses_per_day": 4}).startswith("Eso da 400 mg de Alprazolam al día")


@pytest.mark.parametrize(
    ("env", "want"),
    [
        ({"LANG": "es_MX.UTF-8"}, "es"),
        ({"LANG": "es_US.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "es_ES@euro"}, "es"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_from_the_environment(env, want):
    assert language_from_env(env) == want
    assert choose_language("en", env) == "en"
    assert choose_language(None, env) == want


def test_case_answers_are_language_free(bank):
    cases, _ = load_cases(SET)
    by_name = {c.name: c for c in cases}
    for case in cases:
        for value in case_answers(case, by_name).values():
            assert not (isinstance(value, str) and re.search(r"[áéíóúñ¿¡]", value))


def test_check_names_a_word_the_glossary_rules_out(tmp_path):
    folder = _copy_set(tmp_path)
    es = folder / "i18n" / "es.toml"
    text = es.read_text(encoding="utf-8")
    old = "Dejar una benzo de golpe puede causar una abstinencia grave"
    assert old in text
    es.write_text(text.replace(old, "Dejar una benzo de golpe puede causar una retirada grave"), encoding="utf-8")
    errors = check_translations(load_bank(folder))
    assert [(e.where, e.message) for e in errors] == [
        ("rules.never-change-benzo.patient_text", "uses 'retirada'; the glossary (withdrawal) uses 'abstinencia'")
    ]
    assert str(errors[0]).startswith(f"{es}:{errors[0].line} (rules.never-change-benzo.patient_text)")


def test_a_changed_interface_string_is_stale_and_a_new_one_missing(tmp_path, monkeypatch):
    from ldnwizard.core.content import messages

    folder = tmp_path / "messages"
    shutil.copytree(messages.CATALOGUE_DIR, folder)
    en = folder / "en.toml"
    text = en.read_text(encoding="utf-8")
    assert 'start_over = "Start over"' in text
    en.write_text(text.replace('start_over = "Start over"', 'start_over = "Begin again"') + '\n[extra]\nnew = "A new string"\n', encoding="utf-8")
    monkeypatch.setattr(messages, "CATALOGUE_DIR", folder)
    messages.reset_catalogues()
    try:
        errors = messages.check_messages()
        found = {e.where: e for e in errors}
        assert set(found) == {"kiosk.start_over", "extra.new"}
        assert "stale" in found["kiosk.start_over"].message and found["kiosk.start_over"].line
        lines = (folder / "es.toml").read_text(encoding="utf-8").splitlines()
        assert lines[found["kiosk.start_over"].line - 1] == '[msg."kiosk.start_over"]'
        assert "missing es translation" in found["extra.new"].message
        assert messages.message("kiosk.start_over", "es") == "Begin again"  # stale: the new English, never the old Spanish
    finally:
        messages.reset_catalogues()


def test_a_list_item_that_moved_keeps_its_spanish_and_check_says_where_it_is(tmp_path):
    import tomllib

    folder = _copy_set(tmp_path)
    rules = folder / "rules.toml"
    text = rules.read_text(encoding="utf-8")
    rule = next(r for r in tomllib.loads(text)["rules"] if len(r.get("ask", [])) >= 2 and all(text.count(f'"{a}"') == 1 for a in r["ask"][:2]))
    first, second = rule["ask"][:2]
    rules.write_text(text.replace(f'"{first}"', "@@").replace(f'"{second}"', f'"{first}"').replace("@@", f'"{second}"'), encoding="utf-8")
    bank = load_bank(folder)
    keys = {f"rules.{rule['id']}.ask.0", f"rules.{rule['id']}.ask.1"}
    errors = [e for e in check_translations(bank) if e.where in keys]
    assert {e.where for e in errors} == keys
    assert all("was made from this same English: move or copy it here" in e.message for e in errors)
    spanish, before = lookup(bank, "es"), lookup(load_bank(SET), "es")
    a, b = sorted(keys)
    assert spanish[a] == before[b] and spanish[b] == before[a]  # each question keeps its own Spanish
