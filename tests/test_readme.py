"""The README's two commands are the ones CI runs."""

from __future__ import annotations

import re

from conftest import ROOT


def commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_exactly_two_commands():
    run, test = commands()
    assert run.startswith("python3 -m venv .venv") and run.endswith(".venv/bin/ldnwizard")
    assert "pytest" in test


def test_ci_runs_the_readme_test_command():
    _, test = commands()
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
