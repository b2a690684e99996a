"""The wizard in Spanish starts as quickly as in English: the welcome from the cache and es.toml, no pydantic before it."""

from __future__ import annotations

import shutil

from ldnwizard.core.content.load import load_bank_fast
from ldnwizard.core.content.welcome import default_questions_dir, warm_welcome
from tui_support import first_paint

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
