"""The question set's own cases (cases.toml): every case passes, through the core and through `summarize`.

A content author who changes a rule sees which cases moved: `check` names each failing case,
what it got and which findings decided it.
"""

from __future__ import annotations

import shutil
import tomllib

import pytest
import tomli_w

from ldnwizard.cli import main
from ldnwizard.core.content.load import cached_bank
from ldnwizard.core.content.welcome import default_questions_dir
from ldnwizard.core.answering.cases import case_answers, load_cases, run_cases

FOLDER = default_questions_dir()
CASES, LINES = load_cases(FOLDER)  # type: ignore[misc]
BY_NAME = {c.name: c for c in CASES}

#: The examples under "Why" in the clinical round 2 issue: each must give what a pharmacist expects.
WHY_EXAMPLES = [
    "kratom-daily", "co-codamol-headaches", "suboxone", "stopped-two-weeks-ago", "pregnant", "maybe-pregnant",
    "new-benzo-ten-days", "sixteen-year-old", "suicidal-thoughts-not-now", "only-the-benzo", "opioids-unsure",
    "rheumatoid-arthritis-methotrexate", "alprazolam-1mg-is-low", "lorazepam-2mg-is-low",
]


def test_there_are_enough_cases_and_every_rule_is_covered():
    bank = cached_bank(FOLDER)
    assert len(CASES) >= 40
    covered = {r for c in CASES for r in c.must}
    assert {r.id for r in bank.rules} <= covered, sorted({r.id for r in bank.rules} - covered)


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_case(name):
    results = run_cases(cached_bank(FOLDER), CASES, LINES)
    result = next(r for r in results if r.case.name == name)
    assert result.ok, f"{name}: {result.problems}; {result.got()}"


@pytest.mark.parametrize("name", WHY_EXAMPLES)
def test_why_example_through_summarize(name, tmp_path, capsys):
    case = BY_NAME[name]
    answers = tmp_path / "answers.toml"
    answers.write_text(tomli_w.dumps(case_answers(case, BY_NAME)), encoding="utf-8")
    out = tmp_path / "summary.toml"
    assert main(["summarize", str(answers), "-o", str(out)]) == 0
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert data["plan"]["verdict"] == case.verdict
    ids = {f["id"] for f in data["findings"]}
    assert set(case.must) <= ids and not set(case.must_not) & ids
    if case.no_dose:
        assert "start_dose_mg" not in data["plan"] and "dose_time" not in data["plan"]
    for finding in data["findings"]:
        assert set(finding.get("because", {})) <= set(data["answers"])
    err = capsys.readouterr().err
    assert ("safety questions without an answer" in err) == ("unanswered-safety" in ids)


def test_check_names_the_cases_a_rule_change_moved(tmp_path, capsys):
    folder = tmp_path / "set"
    shutil.copytree(FOLDER, folder)
    rules = folder / "rules.toml"
    text = rules.read_text(encoding="utf-8")
    # the opioid stop no longer looks at the medicine list: co-codamol slips through
    rules.write_text(text.replace("""when = 'opioids == "yes" or other_medicine_kinds has "opioid"'""", """when = 'opioids == "yes"'""", 1), encoding="utf-8")
    assert main(["check", str(folder)]) == 1
    err = capsys.readouterr().err
    moved = [line for line in err.splitlines() if "cases.toml:" in line]
    assert any("(opioid-without-benzo)" in line and "expected verdict do-not-start" in line and "got standard" in line for line in moved), err
    assert any("(co-codamol-headaches)" in line and "missing findings: opioids-stop" in line for line in moved), err
    assert main(["check", str(FOLDER)]) == 0


def test_check_reports_what_a_failing_case_got(tmp_path, capsys):
    folder = tmp_path / "set"
    shutil.copytree(FOLDER, folder)
    rules = folder / "rules.toml"
    text = rules.read_text(encoding="utf-8")
    start = text.index('id = "pregnancy"')
    rules.write_text(text[:start] + text[start:].replace('level = "wait"', 'level = "tip"', 1), encoding="utf-8")
    assert main(["check", str(folder)]) == 1
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if "(pregnant)" in line)
    assert "cases.toml:" in line and "expected verdict wait" in line and "got standard" in line


def test_check_fails_a_summary_with_unanswered_safety_questions(tmp_path, capsys):
    answers = tmp_path / "a.toml"
    answers.write_text('benzo = "clonazepam"\n', encoding="utf-8")
    summary = tmp_path / "s.toml"
    assert main(["summarize", str(answers), "-o", str(summary)]) == 0
    capsys.readouterr()
    assert main(["check", str(summary)]) == 1
    assert "safety questions apply but have no answer" in capsys.readouterr().err
