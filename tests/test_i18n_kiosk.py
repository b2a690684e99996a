"""The kiosk in Spanish: a big Español / English choice on the welcome, and the idle wipe back to the kiosk's own language."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from ldnwizard.core.content.messages import set_language
from ldnwizard.kiosk.app import KioskApp
from ldnwizard.kiosk.config import KioskConfig, read_config_file, resolve
from ldnwizard.kiosk.screens import QuestionScreen, WelcomeScreen

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def _english_after():
    yield
    set_language("en")  # the catalogue's language is process-wide: leave it as other tests expect


def make_app(bank, tmp_path: Path, language: str = "en") -> KioskApp:
    config = KioskConfig(spool=tmp_path / "spool", idle_seconds=90, retain_hours=24, countdown_seconds=20, language=language)
    return KioskApp(bank, config, choice=lambda _a: "7", handle_signals=False)


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def settle(pilot, n: int = 3) -> None:
    for _ in range(n):
        await pilot.pause()


async def test_choose_spanish_then_the_wipe_returns_to_english(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen)
        assert shown(welcome, "#lang-es") == "○ Español" and shown(welcome, "#lang-en") == "● English"
        assert "Thinking about LDN" in shown(welcome, "#heading")
        await pilot.click("#lang-es")  # a tap on a language tile never starts the walk
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen) and app.language == "es"
        assert shown(app.screen, "#heading") == "¿Piensa en la LDN y toma una benzo?"
        assert shown(app.screen, "#lang-es") == "● Español"
        assert "Toque aquí o pulse Enter para empezar" in shown(app.screen, "#start")
        await pilot.click("#start")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, QuestionScreen)
        assert shown(question, "#where").startswith("Parte 1 de 7: Antes de empezar")
        assert shown(question, "#prompt") == "¿Qué edad tiene?"
        app.reset_session()  # what the idle countdown does when it runs out
        await settle(pilot, 5)
        assert isinstance(app.screen, WelcomeScreen) and app.language == "en"
        assert "Thinking about LDN" in shown(app.screen, "#heading")


async def test_a_spanish_kiosk_starts_and_returns_in_spanish(bank, tmp_path):
    app = make_app(bank, tmp_path, "es")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown(app.screen, "#heading") == "¿Piensa en la LDN y toma una benzo?"
        await pilot.press("tab")  # keys reach the language tiles too
        await settle(pilot)
        await pilot.click("#lang-en")
        await settle(pilot)
        assert app.language == "en" and "Thinking about LDN" in shown(app.screen, "#heading")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen) and shown(app.screen, "#prompt") == "How old are you?"
        app.reset_session()
        await settle(pilot, 5)
        assert app.language == "es" and shown(app.screen, "#heading") == "¿Piensa en la LDN y toma una benzo?"


def test_kiosk_language_setting(tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('language = "es"\n', encoding="utf-8")
    assert read_config_file(cfg) == {"language": "es"}
    cfg.write_text('language = "fr"\n', encoding="utf-8")
    with pytest.raises(Exception, match="language must be one of en, es"):
        read_config_file(cfg)

    class Args:
        config = None
        lang = ["es"]
        questions = None

    config = resolve(Args())
    assert config.language == "es" and config.argv()[-2:] == ["--lang", "es"]


def test_pickup_of_a_spanish_summary(tmp_path, bank, capsys):
    from ldnwizard.cli import main
    from ldnwizard.core.files import spool
    from ldnwizard.core.answering.flow import Flow
    from ldnwizard.core.content.i18n import translate
    from ldnwizard.core.report.summary import build_summary, to_toml

    es_bank = translate(bank, "es")
    flow = Flow(es_bank, {"age_group": "18-to-64", "benzo": "diazepam", "taper_status": "tapering", "opioids": "no"})
    it = iter("7KX40P")
    spool.save(tmp_path / "spool", to_toml(build_summary(es_bank, flow.assessment())), choice=lambda _a: next(it))
    assert main(["pickup", "7KX40P", "--spool", str(tmp_path / "spool")]) == 0
    page = capsys.readouterr().out  # the pharmacist's page: English
    assert "Wait before you start LDN" in page and "Espere" not in page
    assert main(["pickup", "7KX40P", "--spool", str(tmp_path / "spool"), "--lang", "es,en"]) == 0
    both = capsys.readouterr().out
    assert both.index("Espere antes de empezar la LDN") < both.index("Wait before you start LDN")
