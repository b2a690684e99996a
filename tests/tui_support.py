"""Helpers for the wizard's tests: a steady app, fixed clock, answers that reach each verdict."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from ldnwizard.core.content.bank import Bank
from ldnwizard.core.content.load import cached_bank
from ldnwizard.core.content.welcome import default_questions_dir
from ldnwizard.core.answering.flow import Flow

FIXED = dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.timezone.utc)

#: A folder with a fixed name, so paths shown in snapshots do not change between runs.
SNAP_DIR = Path("/tmp/ldnwizard-snapshots")


def fixed_clock() -> dt.datetime:
    """The summary's creation time in tests."""
    return FIXED


def shipped_bank() -> Bank:
    """The shipped question set."""
    return cached_bank(default_questions_dir())


STANDARD: dict[str, Any] = {
    "age_group": "18-to-64",
    "benzo": "clonazepam",
    "benzo_dose_mg": 0.5,
    "benzo_doses_per_day": 2,
    "benzo_uses": ["anxiety"],
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
    "ldn_reason": ["fibromyalgia"],
}

VERDICT_ANSWERS: dict[str, dict[str, Any]] = {
    "standard": STANDARD,
    "start-low": {**STANDARD, "cns_sensitivity": "yes"},
    "wait": {**STANDARD, "taper_status": "tapering", "urgent_symptoms": ["none"]},
    "do-not-start": {**STANDARD, "opioids": "yes"},
}


def flow_with(answers: dict[str, Any], patient: dict[str, str] | None = None, at: str | None = None) -> Flow:
    """A flow holding ``answers``; at the review unless ``at`` names a question."""
    bank = shipped_bank()
    flow = Flow(bank, answers, patient)
    if at is None:
        flow.finish()
    else:
        flow.goto(at)
    return flow


def make_app(**kwargs: Any):
    """A steady WizardApp (no blink, no flash, fixed clock, no drafts unless given)."""
    from ldnwizard.tui.app import WizardApp

    kwargs.setdefault("clock", fixed_clock)
    kwargs.setdefault("steady", True)
    kwargs.setdefault("theme", "dark")
    kwargs.setdefault("save_dir", SNAP_DIR)
    return WizardApp(shipped_bank(), **kwargs)


def calm_answer(q):
    """An answer that raises no urgent stop: "no" or "none" where offered, else the first choice; 1; a name."""
    if q.kind in ("single", "multi"):
        values = [c.value for c in q.choices]
        pick = next((v for v in ("no", "none", "stable", "over-3-months") if v in values), values[0])
        return [pick] if q.kind == "multi" else pick
    return 1 if q.kind == "number" else "Kim"


#: Runs ``ldnwizard`` (arguments from the command line) headless and prints, as JSON, what the
#: first screen held and loaded, then what Enter led to once the question set was there.
FIRST_PAINT = r"""
import asyncio, json, sys
from textual.widgets import Static
from ldnwizard.tui.app import WizardApp

seen = {}

def loaded(*roots):
    return sorted(m for m in sys.modules if m.split(".")[0] in roots)

async def headless(self):
    async with self.run_test(size=(80, 24)) as pilot:
        seen["first_screen"] = type(self.screen).__name__
        seen["pydantic"] = loaded("pydantic")[:1]
        seen["pydantic_at_first_screen"] = loaded("pydantic", "pydantic_core")[:3]
        seen["tomllib_at_first_screen"] = "tomllib" in sys.modules
        seen["bank_at_first_screen"] = self.bank is not None
        headings = self.screen.query("#heading")
        seen["heading"] = str(headings.first(Static).render()) if headings else None
        for _ in range(500):
            if self.bank is not None:
                break
            await pilot.pause(0.01)
        await pilot.press("enter")
        await pilot.pause()
        seen["after_enter"] = type(self.screen).__name__
        seen["pydantic_at_first_question"] = loaded("pydantic", "pydantic_core")[:3]
        seen["at"] = self.flow.current.id if self.flow.current else None
        seen["prompt"] = self.flow.current.prompt if self.flow.current else None
        seen["answers"] = len(self.flow.answers)
    return 0

WizardApp.run = lambda self: asyncio.run(headless(self))
from ldnwizard.cli import main
rc = main(sys.argv[1:])
print(json.dumps({**seen, "rc": rc}))
"""


def first_paint(tmp_path: Path, *args: str, **env_extra: str) -> dict:
    """Run :data:`FIRST_PAINT` in a fresh process, its cache and data under ``tmp_path``, no locale unless given."""
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), LDNWIZARD_DATA_DIR=str(tmp_path / "data"), TEXTUAL_ANIMATIONS="none")
    for name in ("LDNWIZARD_NO_CACHE", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    env.update(env_extra)
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT, *args], env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])
