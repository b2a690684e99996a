"""The wizard in Spanish starts as quickly as in English: the welcome from the cache and es.toml, no pydantic before it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ldnwizard.core.content.load import load_bank_fast
from ldnwizard.core.content.welcome import default_questions_dir, warm_welcome

FIRST_PAINT = r"""
import asyncio, json, sys
from textual.widgets import Static
from ldnwizard.tui.app import WizardApp

seen = {}

async def headless(self):
    async with self.run_test(size=(80, 24)) as pilot:
        seen["first_screen"] = type(self.screen).__name__
        seen["pydantic"] = sorted(m for m in sys.modules if m.split(".")[0] == "pydantic")[:1]
        seen["heading"] = str(self.screen.query_one("#heading", Static).render())
        for _ in range(500):
            if self.bank is not None:
                break
            await pilot.pause(0.01)
        await pilot.press("enter")
        await pilot.pause()
        seen["prompt"] = self.flow.current.prompt if self.flow.current else None
    return 0

WizardApp.run = lambda self: asyncio.run(headless(self))
from ldnwizard.cli import main
rc = main(sys.argv[1:])
print(json.dumps({**seen, "rc": rc}))
"""


def first_paint(tmp_path: Path, *args: str, **env_extra: str) -> dict:
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), LDNWIZARD_DATA_DIR=str(tmp_path / "data"), TEXTUAL_ANIMATIONS="none")
    env.pop("LDNWIZARD_NO_CACHE", None)
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    env.update(env_extra)
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT, *args], env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_lang_env_gives_a_quick_spanish_start(tmp_path):
    load_bank_fast(default_questions_dir(), cache_dir=tmp_path / "cache" / "ldnwizard")
    seen = first_paint(tmp_path, "--no-draft", LANG="es_MX.UTF-8")
    assert seen["first_screen"] == "WelcomeScreen" and seen["pydantic"] == []
    assert seen["heading"] == "¿Piensa en la LDN y toma una benzo?"
    assert seen["prompt"] == "¿Qué edad tiene?"  # the bank loaded after the welcome is the Spanish one
    english = first_paint(tmp_path, "--no-draft", "--lang", "en", LANG="es_MX.UTF-8")
    assert english["heading"] == "Thinking about LDN while you take a benzo?" and english["prompt"] == "How old are you?"


def test_a_stale_welcome_text_stays_english(tmp_path):
    folder = tmp_path / "set"
    shutil.copytree(default_questions_dir(), folder)
    cache = tmp_path / "cache"
    load_bank_fast(folder, cache_dir=cache)
    qn = folder / "questionnaire.toml"
    qn.write_text(qn.read_text(encoding="utf-8").replace("Thinking about LDN while you take a benzo?", "Thinking about LDN with a benzo?"), encoding="utf-8")
    load_bank_fast(folder, cache_dir=cache)  # the changed content is checked and cached again
    welcome = warm_welcome(folder, cache, language="es")
    assert welcome.heading == "Thinking about LDN with a benzo?"  # its Spanish is stale: never shown
    assert welcome.start_hint.startswith("Toma unos 5 minutos")
    assert warm_welcome(folder, cache).start_hint.startswith("It takes about 5 minutes")
