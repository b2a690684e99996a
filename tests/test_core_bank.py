"""Loading a question set: the shipped one is sound; each authoring mistake is named at its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ldnwizard.core.content.welcome import default_questions_dir
from ldnwizard.core.content.load import load_bank
from ldnwizard.core.errors import ContentErrors


@pytest.fixture
def qdir(tmp_path: Path) -> Path:
    target = tmp_path / "set"
    shutil.copytree(default_questions_dir(), target)
    return target


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` once; return the 1-based line where the change starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path.name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(ContentErrors) as exc:
        load_bank(folder)
    return [str(e) for e in exc.value.errors]


def test_shipped_set_loads(bank):
    assert bank.questionnaire.id == "ldn-benzo"
    assert len(bank.questions) >= 15
    assert {q.id for q in bank.questions} >= {
        "benzo", "benzo_dose_mg", "benzo_doses_per_day", "benzo_uses",
        "taper_status", "cns_sensitivity", "mood_history", "opioids",
    }


def test_unknown_question_id_in_show_if(qdir):
    line = edit(qdir / "questionnaire.toml", "show_if = 'benzo not in [\"none\"]'", "show_if = 'benz not in [\"none\"]'")
    errs = errors_of(qdir)
    assert any(f"questionnaire.toml:{line}" in e and "unknown question id 'benz'" in e for e in errs), errs


def test_unknown_choice_value_in_rule(qdir):
    line = edit(qdir / "rules.toml", "when = 'opioids == \"yes\" or", "when = 'opioids == \"yess\" or")
    errs = errors_of(qdir)
    assert any(f"rules.toml:{line}" in e and "no choice 'yess'" in e and "opioids-stop" in e for e in errs), errs


def test_duplicate_question_id(qdir):
    edit(qdir / "questionnaire.toml", 'id = "liver_disease"', 'id = "thyroid"')
    errs = errors_of(qdir)
    assert any("questionnaire.toml:" in e and "duplicate question id 'thyroid'" in e for e in errs), errs


def test_duplicate_rule_id(qdir):
    edit(qdir / "rules.toml", 'id = "liver-disease"', 'id = "pregnancy"')
    errs = errors_of(qdir)
    assert any("rules.toml:" in e and "duplicate rule id 'pregnancy'" in e for e in errs), errs


def test_rule_citing_unknown_source(qdir):
    line = edit(qdir / "rules.toml", 'sources = ["naltrexone-label", "naltrexone-er-label", "fda-2019-opioid-taper"]', 'sources = ["naltrexone-label", "kim-blog", "fda-2019-opioid-taper"]')
    errs = errors_of(qdir)
    assert any(f"rules.toml:{line}" in e and "unknown source 'kim-blog'" in e for e in errs), errs


def test_rule_that_can_never_fire(qdir):
    # taper_status is hidden when benzo is "none", so this can never be true.
    line = edit(qdir / "rules.toml", "when = 'taper_status == \"recently-changed\"'",
                "when = 'taper_status == \"recently-changed\" and benzo == \"none\"'")
    errs = errors_of(qdir)
    assert any(f"rules.toml:{line}" in e and "can never fire" in e and "recent-dose-change" in e for e in errs), errs


def test_contradiction_never_fires(qdir):
    edit(qdir / "rules.toml", "when = 'liver_disease == \"yes\"'", "when = 'liver_disease == \"yes\" and liver_disease == \"no\"'")
    assert any("can never fire" in e and "liver-disease" in e for e in errors_of(qdir))


def test_show_if_cycle(qdir):
    path = qdir / "questionnaire.toml"
    edit(path, 'id = "benzo"\nsection = "medicine"\nkind = "single"',
         'id = "benzo"\nsection = "medicine"\nkind = "single"\nshow_if = \'answered benzo_uses\'')
    errs = errors_of(qdir)
    assert any("show-if cycle" in e and "'benzo'" in e and "'benzo_uses'" in e for e in errs), errs


def test_show_if_on_itself_is_a_cycle(qdir):
    edit(qdir / "questionnaire.toml", 'id = "thyroid"\nsection = "health"',
         'id = "thyroid"\nsection = "health"\nshow_if = \'thyroid == "yes"\'')
    assert any("show-if cycle" in e and "'thyroid'" in e for e in errors_of(qdir))


def test_show_if_on_a_later_question(qdir):
    edit(qdir / "questionnaire.toml", 'id = "thyroid"\nsection = "health"',
         'id = "thyroid"\nsection = "health"\nshow_if = \'surgery_planned == "yes"\'')
    assert any("asked later" in e and "'surgery_planned'" in e for e in errors_of(qdir))


def test_toml_syntax_error_has_line(qdir):
    line = edit(qdir / "sources.toml", 'year = 1998', 'year = = 1998')
    errs = errors_of(qdir)
    assert any(f"sources.toml:{line}" in e and "not valid TOML" in e for e in errs), errs


def test_unknown_key_is_a_typo(qdir):
    line = edit(qdir / "rules.toml", 'level = "stop"', 'levle = "stop"')
    errs = errors_of(qdir)
    assert any("rules.toml:" in e and "unknown key" in e for e in errs), errs
    assert any(f"rules.toml:{line}" in e for e in errs), errs


def test_bad_level_value(qdir):
    line = edit(qdir / "rules.toml", 'level = "caution"', 'level = "danger"')
    errs = errors_of(qdir)
    assert any(f"rules.toml:{line}" in e and "level" in e for e in errs), errs


def test_missing_file(qdir):
    (qdir / "plan.toml").unlink()
    assert any("plan.toml" in e and "file not found" in e for e in errors_of(qdir))


def test_binary_file(qdir):
    (qdir / "sources.toml").write_bytes(b"\x89PNG\x00\x01\x02")
    assert any("sources.toml" in e and "binary" in e for e in errors_of(qdir))


def test_public_contract_is_guarded(qdir):
    edit(qdir / "questionnaire.toml", 'id = "opioids"', 'id = "opioid_use"')
    errs = errors_of(qdir)
    assert any("public question id 'opioids' is missing" in e for e in errs), errs


def test_public_choice_values_are_guarded(qdir):
    edit(qdir / "questionnaire.toml", '{ value = "planning"', '{ value = "plan"')
    errs = errors_of(qdir)
    assert any("'taper_status' must offer the public values: planning" in e for e in errs), errs


def test_unknown_equivalence_table(qdir):
    edit(qdir / "medicines.toml", '{ table = "ashton-jcpg", mg = 0.5 }', '{ table = "ashton", mg = 0.5 }')
    assert any("medicines.toml:" in e and "unknown table 'ashton'" in e for e in errors_of(qdir))


def test_urgent_must_name_a_rule(qdir):
    edit(qdir / "questionnaire.toml", 'finding = "urgent-withdrawal"', 'finding = "urgent"')
    assert any("no rule with id 'urgent'" in e for e in errors_of(qdir))


def test_every_error_is_reported_at_once(qdir):
    edit(qdir / "rules.toml", 'sources = ["toljan-2018"]', 'sources = ["nope-1"]')
    edit(qdir / "rules.toml", "when = 'thyroid == \"yes\"'", "when = 'thyroid == \"maybe\"'")
    assert len(errors_of(qdir)) >= 2


def test_equivalence_values(bank):
    eq = bank.equivalence({"benzo": "clonazepam", "benzo_dose_mg": 0.5, "benzo_doses_per_day": 2})
    assert eq.diazepam_mg_per_day == 20
    eq = bank.equivalence({"benzo": "zolpidem", "benzo_dose_mg": 10, "benzo_doses_per_day": 1})
    assert eq.diazepam_mg_per_day == 5 and "z-drugs" in eq.table_title
    eq = bank.equivalence({"benzo": "estazolam", "benzo_dose_mg": 2, "benzo_doses_per_day": 1})
    assert (eq.low, eq.high) == (10, 20) and eq.diazepam_mg_per_day == 15
    eq = bank.equivalence({"benzo": "bromazepam", "benzo_dose_mg": 3, "benzo_doses_per_day": 1})
    assert eq.diazepam_mg_per_day == 5 and "WHO" in eq.table_title
    assert bank.equivalence({"benzo": "eszopiclone", "benzo_dose_mg": 3, "benzo_doses_per_day": 1}) is None
    assert bank.equivalence({"benzo": "other", "benzo_dose_mg": 3, "benzo_doses_per_day": 1}) is None


def test_fast_load_uses_and_refreshes_its_cache(tmp_path, qdir, monkeypatch):
    from ldnwizard.core.content import load as load_module
    from ldnwizard.core.content.load import load_bank_fast
    from ldnwizard.core.content.welcome import warm_welcome, welcome_from_bank

    cache = tmp_path / "cache"
    first = load_bank_fast(qdir, cache_dir=cache)
    files = list(cache.glob("bank-*.pickle"))
    assert len(files) == 1
    full_loads = []
    monkeypatch.setattr(load_module, "load_bank", lambda folder: full_loads.append(folder) or first)
    again = load_bank_fast(qdir, cache_dir=cache)
    assert full_loads == []  # read from the cache, not loaded again
    assert again is not first and again.questionnaire == first.questionnaire and again.rules == first.rules
    welcome = warm_welcome(qdir, cache)  # the head of the same file, read without the Bank
    assert welcome == welcome_from_bank(first) and welcome.cache == files[0]
    assert load_bank_fast(qdir, cache=welcome.cache).questionnaire == first.questionnaire and full_loads == []
    monkeypatch.undo()
    # Changed content is a new key: checked again, so a mistake is still reported.
    edit(qdir / "rules.toml", "when = 'thyroid == \"yes\"'", "when = 'thyroid == \"maybe\"'")
    with pytest.raises(ContentErrors):
        load_bank_fast(qdir, cache_dir=cache)
    # A damaged cache file is rebuilt, not trusted.
    edit(qdir / "rules.toml", "when = 'thyroid == \"maybe\"'", "when = 'thyroid == \"yes\"'")
    files[0].write_bytes(b"garbage")
    assert load_bank_fast(qdir, cache_dir=cache).questionnaire == first.questionnaire


def test_rule_reading_a_question_that_is_never_asked(qdir):
    # stopped_unwell is only asked when no benzo is taken: with this show-if it never is
    line = edit(
        qdir / "questionnaire.toml",
        """show_if = 'benzo_stopped in ["under-1-month", "1-to-6-months", "unsure"]'
safety""",
        """show_if = 'benzo_stopped in ["under-1-month", "1-to-6-months", "unsure"] and benzo != "none"'
safety""",
    )
    errs = errors_of(qdir)
    assert any(f"questionnaire.toml:{line}" in e and "never asked" in e and "stopped_unwell" in e for e in errs), errs
    assert any("rules.toml:" in e and "reads 'stopped_unwell', which is never asked" in e for e in errs), errs


def test_safety_question_needs_a_topic(qdir):
    edit(qdir / "questionnaire.toml", 'topic = "opioids"\n', "")
    errs = errors_of(qdir)
    assert any("questionnaire.toml:" in e and "(opioids)" in e and "needs a `topic`" in e for e in errs), errs


def test_bracketed_source_title_is_refused(qdir):
    line = edit(qdir / "sources.toml", 'title = "Naltrexone"\nauthor = "LiverTox', 'title = "[LiverTox page]"\nauthor = "LiverTox')
    errs = errors_of(qdir)
    assert any(f"sources.toml:{line}" in e and "bracketed title" in e for e in errs), errs


def test_rule_needs_exactly_one_of_when_and_trigger(qdir):
    edit(qdir / "rules.toml", 'trigger = "unanswered-safety"\n', 'trigger = "unanswered-safety"\nwhen = \'always\'\n')
    errs = errors_of(qdir)
    assert any("rules.toml:" in e and "exactly one of `when` and `trigger`" in e for e in errs), errs


def test_contract_two_values_are_exact(qdir):
    edit(qdir / "questionnaire.toml", '{ value = "65-or-older", label = "65 or older" },', '{ value = "65-plus", label = "65 or older" },')
    errs = errors_of(qdir)
    assert any("'age_group' must offer the public values: 65-or-older" in e for e in errs), errs


def test_content_edited_during_a_full_load_is_not_cached_under_the_old_key(tmp_path, qdir, monkeypatch):
    from ldnwizard.core.content import load as load_module

    real = load_module.load_bank

    def load_then_edit(folder):
        bank = real(folder)
        (qdir / "rules.toml").write_text((qdir / "rules.toml").read_text() + "\n# edited meanwhile\n")
        return bank

    monkeypatch.setattr(load_module, "load_bank", load_then_edit)
    load_module.load_bank_fast(qdir, cache_dir=tmp_path / "cache")
    assert list((tmp_path / "cache").glob("bank-*.pickle")) == []
