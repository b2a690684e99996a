"""A whole ``ldnwizard --plain`` session on a terminal (pexpect), as a screen-reader user would have it."""

from __future__ import annotations

import datetime as dt
import sys
import tomllib
from pathlib import Path

import pytest

from ldnwizard.core.answering.flow import Flow
from ldnwizard.core.report.summary import build_summary
from test_plain_support import STANDARD, STANDARD_LINES, plain_env, run_cli, write_answers

pexpect = pytest.importorskip("pexpect")

PROMPT = r"\n> "


def spawn(cwd: Path, **env: str):
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ldnwizard", "--plain", "--no-draft"],
        cwd=str(cwd),
        env=plain_env(**env),
        encoding="utf-8",
        timeout=30,
        dimensions=(24, 80),
    )
    return child


def answer(child, text: str) -> str:
    """Wait for the prompt, type ``text``; return what was shown before the prompt."""
    child.expect(PROMPT)
    shown = child.before
    child.sendline(text)
    return shown


def test_a_whole_session_on_a_terminal(tmp_path: Path, bank) -> None:
    child = spawn(tmp_path, TERM="dumb")
    shown: list[str] = []
    for line in STANDARD_LINES:
        shown.append(answer(child, line))
    review = answer(child, "")  # the review; Enter shows the summary
    save = answer(child, "")  # save under the default name
    copy = answer(child, "yes")  # a Markdown copy
    answer(child, "")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    tail = child.before

    assert "How old are you?" in shown[0] and "Which benzo or sleep pill do you take?" in shown[1]
    assert "Part 1 of 7: Before we start" in shown[0] and "Part 2 of 7: Your benzo or sleep pill" in shown[1]
    assert "Your name or initials" in shown[-1]
    assert "Your answers" in review and "23. Your name or initials" in review
    assert "Your summary" in save and "● MAY FIT: LDN may fit; talk about it with your prescriber" in save
    saved = tmp_path / f"ldn-summary-{dt.date.today():%Y-%m-%d}.toml"
    assert f"Saved your summary to {saved}" in copy
    assert f"Saved the copy to {saved.with_suffix('.md')}" in tail
    everything = "".join(shown) + review + save + copy + tail
    assert "\x1b" not in everything

    data = tomllib.loads(saved.read_text(encoding="utf-8"))
    assert data["answers"] == STANDARD
    # The same plan as `ldnwizard summarize` of the same answers ...
    summarized = run_cli("summarize", str(write_answers(tmp_path / "answers.toml", STANDARD)))
    assert summarized.returncode == 0, summarized.stderr
    assert data["plan"] == tomllib.loads(summarized.stdout)["plan"]
    # ... and as the wizard's: it drives the same Flow and takes its assessment.
    wizard = build_summary(bank, Flow(bank, STANDARD).assessment())
    assert data["plan"]["verdict"] == wizard.plan.verdict
    assert data["plan"]["start_dose_mg"] == wizard.plan.start_dose_mg
    assert data["plan"]["dose_time"] == wizard.plan.dose_time
    assert [s["dose_mg"] for s in data["plan"]["steps"]] == [s.dose_mg for s in wizard.plan.steps]
    assert [f["id"] for f in data["findings"]] == [f.id for f in wizard.findings]


def test_quit_on_a_terminal_asks_then_exits_1(tmp_path: Path) -> None:
    child = spawn(tmp_path, NO_COLOR="1")
    answer(child, "2")
    answer(child, "quit")
    asked = answer(child, "yes")
    child.expect(pexpect.EOF)
    child.close()
    assert "Quit now? Your answers will be lost." in asked
    assert "Stopped. Nothing was saved." in child.before
    assert child.exitstatus == 1
    assert "\x1b" not in asked + child.before
    assert list(tmp_path.iterdir()) == []
