"""Helpers (no tests) shared by the plain-mode and export tests: answer scripts and how to run the command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import tomli_w

ROOT = Path(__file__).resolve().parent.parent

#: A person on clonazepam with a steady dose and nothing that calls for care (verdict: standard).
STANDARD: dict[str, Any] = {
    "age_group": "18-to-64",
    "benzo": "clonazepam",
    "benzo_dose_mg": 0.5,
    "benzo_doses_per_day": 2,
    "benzo_uses": ["anxiety", "sleep"],
    "benzo_how_long": "over-3-months",
    "taper_status": "stable",
    "cns_sensitivity": "no",
    "mood_history": "no",
    "self_harm_thoughts": "no",
    "other_medicines": ["none"],
    "opioids": "no",
    "alcohol": "no",
    "seizure_disorder": "no",
    "transplant": "no",
    "immune_medicines": "no",
    "thyroid": "no",
    "liver_disease": "no",
    "kidney_disease": "no",
    "pregnancy": "no",
    "surgery_planned": "no",
    "ldn_reason": ["fibromyalgia", "pain"],
}

#: The four verdicts, each from the one answer that decides it.
VERDICT_ANSWERS: dict[str, dict[str, Any]] = {
    "do-not-start": {**STANDARD, "opioids": "yes"},
    "wait": {**STANDARD, "taper_status": "tapering", "urgent_symptoms": ["none"]},
    "start-low": {**STANDARD, "cns_sensitivity": "yes"},
    "standard": dict(STANDARD),
}

#: What a person types for STANDARD: numbers, words, labels and brand names mixed.
STANDARD_LINES = [
    "18 to 64",  # age, by label
    "Klonopin",  # benzo, by brand
    "0,5 mg",  # dose, with a decimal comma and the unit
    "2",  # doses a day
    "2, sleep",  # uses: a number and a value
    "More than three months",  # how long, by label
    "1",  # taper: stable
    "no",  # cns
    "NO",  # mood
    "no",  # thoughts of ending one's life
    "none",  # other medicines: none of these
    "2",  # opioids: no
    "1",  # alcohol: never or hardly ever
    "no",  # seizures
    "no",  # transplant
    "no",  # immune medicines
    "no",  # thyroid
    "no",  # liver
    "no",  # kidney
    "no",  # pregnancy
    "no",  # surgery
    "1, 5",  # ldn_reason: fibromyalgia, long-term pain
    "",  # name: left out
]


def plain_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LDNWIZARD_", "NO_COLOR", "FORCE_COLOR"))}
    env.update({"PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "COLUMNS": "80", "LC_ALL": "C.UTF-8"})
    env.update(extra)
    return env


def run_plain(lines: list[str], cwd: Path, *, end: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``ldnwizard --plain`` with ``lines`` on a pipe (``end``: close the input after them)."""
    text = "\n".join(lines) + ("\n" if lines else "")
    return subprocess.run(
        [sys.executable, "-m", "ldnwizard", "--plain", "--no-draft"],
        input=text,
        cwd=cwd,
        env=plain_env(**env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ldnwizard", *args],
        cwd=cwd,
        env=plain_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def write_answers(path: Path, answers: dict[str, Any]) -> Path:
    path.write_text(tomli_w.dumps(answers), encoding="utf-8")
    return path
