"""Plain-mode parts in process: choosing by number or words, the person's summary text, the session on a Flow."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ldnwizard.core.answering.answers import AnswerError, check_answers
from ldnwizard.core.answering.assess import assess
from ldnwizard.core.content.welcome import default_questions_dir
from ldnwizard.core.report.summary import build_summary
from ldnwizard.plain.choices import resolve_choice, resolve_choices
from ldnwizard.plain.console import Console, EndOfInput
from ldnwizard.plain.session import PlainSession
from ldnwizard.plain.summary_text import patient_text
from test_plain_support import STANDARD_LINES, VERDICT_ANSWERS, plain_env


@pytest.mark.parametrize(
    ("typed", "value"),
    [("5", "clonazepam"), ("clonazepam", "clonazepam"), ("CLONAZEPAM", "clonazepam"), ("klonopin", "clonazepam"),
     ("Clonazepam (Klonopin, Rivotril)", "clonazepam"), ("  rivotril ", "clonazepam"), ("none", "none"),
     ("Not sure which one", "unsure"), ("ambien", "zolpidem"), ("lunest", "eszopiclone")],
)
def test_a_choice_by_number_value_label_or_brand(bank, typed: str, value: str) -> None:
    assert resolve_choice(bank.by_id["benzo"], typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [("0", "There is no choice 0."), ("27", "There is no choice 27."), ("xyz", '"xyz" is not one of the choices.'),
     ("pam", '"pam" fits more than one choice'), ("", "is not one of the choices")],
)
def test_a_choice_that_is_not_one(bank, typed: str, message: str) -> None:
    with pytest.raises(AnswerError, match=message.replace("(", r"\(")):
        resolve_choice(bank.by_id["benzo"], typed)


def test_several_choices(bank) -> None:
    q = bank.by_id["urgent_symptoms"]
    assert resolve_choices(q, "1, 3") == ["seizure", "self-harm"]
    assert resolve_choices(q, "1 3") == ["seizure", "self-harm"]
    assert resolve_choices(q, "3,1,3") == ["self-harm", "seizure"]
    assert resolve_choices(q, "none of these") == ["none"]
    with pytest.raises(AnswerError, match='"None of these" cannot go with other choices'):
        resolve_choices(q, "none, 2")
    with pytest.raises(AnswerError, match="Please pick at least one"):
        resolve_choices(q, " , ")


@pytest.mark.parametrize("verdict", list(VERDICT_ANSWERS))
def test_the_persons_summary_for_each_verdict(bank, verdict: str) -> None:
    checked = check_answers(bank, VERDICT_ANSWERS[verdict])
    summary = build_summary(bank, assess(bank, checked.answers, {"name": "[b]x\x1b"}))
    text = patient_text(summary, bank.plan)
    words = bank.plan
    assert words.verdicts[verdict].headline in text
    assert "For: [b]x\\x1b" in text and "\x1b" not in text
    for i, f in enumerate(summary.findings, start=1):
        lw = words.levels[f.level]
        assert f"{i}. {lw.icon} {lw.word}: {f.title}" in text
        assert f.patient_text in text
        assert f.provider_text not in text  # the person's words, not the prescriber's
    for n in range(1, len(summary.sources) + 1):
        assert f"\n[{n}] " in text
    for q in summary.provider_questions:
        assert f"- {q}" in text
    assert summary.disclaimer and summary.disclaimer in text
    assert summary.crisis and text.rstrip().endswith(summary.crisis)  # every summary ends with the crisis lines
    if verdict == "do-not-start":
        assert "- First dose: None. No dose is given." in text and "- Time of day" not in text
    if verdict == "wait":  # a waiting plan must not read as a go-ahead
        assert "- First dose: Not yet. Later, once your prescriber agrees, 0.5 mg a day" in text


def test_a_session_in_process_uses_the_flow(bank, tmp_path: Path) -> None:
    lines = STANDARD_LINES + ["", "no"]
    out = io.StringIO()
    session = PlainSession(bank, Console(io.StringIO("\n".join(lines) + "\n"), out), folder=tmp_path)
    assert session.run() == 0
    assert session.flow.done
    assert session.flow.assessment().plan.verdict == "standard"
    assert "The summary was not saved." in out.getvalue()
    assert list(tmp_path.iterdir()) == []


def test_console_end_of_input(bank) -> None:
    console = Console(io.StringIO("one\n"), io.StringIO(), echo=False)
    assert console.ask() == "one"
    with pytest.raises(EndOfInput):
        console.ask()


def test_another_question_set_with_questions_dir(tmp_path: Path) -> None:
    qset = tmp_path / "set"
    shutil.copytree(default_questions_dir(), qset)
    path = qset / "questionnaire.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('title = "LDN with', 'title = "Test set: LDN with', 1))
    result = subprocess.run(
        [sys.executable, "-m", "ldnwizard", "--plain", "--no-draft", "--questions", str(qset)],
        input="quit\n",
        cwd=tmp_path,
        env=plain_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.startswith("Test set: LDN with a benzodiazepine or Z-drug\n")
    assert result.returncode == 1
    missing = subprocess.run(
        [sys.executable, "-m", "ldnwizard", "--plain", "--questions", str(tmp_path / "nope")],
        input="",
        env=plain_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2 and "no such question set folder" in missing.stderr
