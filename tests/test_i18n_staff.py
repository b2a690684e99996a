"""The kiosk's staff words (operator box, staff screen, restart line, pickup) come from the catalogue,
in the kiosk's own language whatever the customer picked; and no English sentence creeps back into
the front ends' Python."""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from textual.widgets import Static

from ldnwizard.cli import main
from ldnwizard.core.content import messages
from ldnwizard.core.content.messages import message, set_language
from ldnwizard.kiosk.app import KioskApp
from ldnwizard.kiosk.config import KioskConfig
from ldnwizard.kiosk.screens import OperatorScreen
from ldnwizard.kiosk.staff import StaffScreen, Unsaved

ROOT = Path(__file__).resolve().parent.parent
SIZE = (100, 30)
OTHER = {"en": "es", "es": "en"}


@pytest.fixture(autouse=True)
def _english_after():
    yield
    set_language("en")  # the catalogue's language is process-wide: leave it as other tests expect


def make_app(bank, tmp_path: Path, language: str, pin: str | None = "2468") -> KioskApp:
    config = KioskConfig(spool=tmp_path / "spool", idle_seconds=600, retain_hours=24, countdown_seconds=20, language=language)
    return KioskApp(bank, config, pin=pin, handle_signals=False, stop_pid=4242)


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def settle(pilot, n: int = 3) -> None:
    for _ in range(n):
        await pilot.pause()


async def open_operator_box(app, pilot, customer_language: str) -> None:
    """The customer picks ``customer_language`` on the welcome, then staff press F12 three times."""
    await settle(pilot)
    if customer_language != app.language:
        await pilot.click(f"#lang-{customer_language}")
        await settle(pilot)
    assert app.language == customer_language
    await pilot.press("f12", "f12", "f12")
    await settle(pilot)
    assert isinstance(app.screen, OperatorScreen)


@pytest.mark.parametrize(
    ("kiosk", "title", "help_starts"),
    [("en", "Staff only", "Type the PIN and press Enter"), ("es", "Solo para el personal", "Escriba el PIN y pulse Enter")],
)
async def test_the_operator_box_is_in_the_kiosks_language_whatever_the_customer_picked(bank, tmp_path, kiosk, title, help_starts):
    app = make_app(bank, tmp_path, kiosk)
    async with app.run_test(size=SIZE) as pilot:
        await open_operator_box(app, pilot, OTHER[kiosk])
        assert shown(app.screen, "#operator-title") == title == message("staff.operator_title", kiosk)
        assert shown(app.screen, "#operator-help").startswith(help_starts)
        assert shown(app.screen, "#operator-help") == message("staff.pin_help", kiosk) != message("staff.pin_help", OTHER[kiosk])


async def test_the_operator_box_without_a_pin_in_spanish(bank, tmp_path):
    app = make_app(bank, tmp_path, "es", pin=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_operator_box(app, pilot, "en")
        told = shown(app.screen, "#operator-help")
        assert told.startswith("Este quiosco no tiene PIN")
        assert "kill -TERM 4242" in told and "--operator-pin-file ARCHIVO" in told
        assert shown(app.screen, "#operator-close") == "Cerrar"
        await pilot.press("enter")
        await settle(pilot)
        app.push_screen(OperatorScreen(pin_set=False, language="es"))  # no process to name
        await settle(pilot)
        assert "kill -TERM y el número de su proceso" in shown(app.screen, "#operator-help")


@pytest.mark.parametrize(
    ("language", "n", "alert"),
    [
        ("en", 1, "⚠ 1 summary not saved. Enter the PIN to see it."),
        ("en", 2, "⚠ 2 summaries not saved. Enter the PIN to see them."),
        ("es", 1, "⚠ 1 resumen sin guardar. Escriba el PIN para verlo."),
        ("es", 3, "⚠ 3 resúmenes sin guardar. Escriba el PIN para verlos."),
    ],
)
async def test_the_unsaved_alert_has_one_and_many(bank, tmp_path, language, n, alert):
    app = make_app(bank, tmp_path, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(OperatorScreen(n, language=language))
        await settle(pilot)
        assert shown(app.screen, "#operator-alert") == alert


async def test_the_operator_box_follows_the_catalogue_files(bank, tmp_path, monkeypatch):
    folder = tmp_path / "messages"
    shutil.copytree(messages.CATALOGUE_DIR, folder)
    es = folder / "es.toml"
    es.write_text(es.read_text(encoding="utf-8").replace('es = "Solo para el personal"', 'es = "Solo el personal (prueba)"'), encoding="utf-8")
    en = folder / "en.toml"
    text = en.read_text(encoding="utf-8")
    assert 'close = "Close"' in text
    en.write_text(text.replace('close = "Close"', 'close = "Shut this box"'), encoding="utf-8")
    monkeypatch.setattr(messages, "CATALOGUE_DIR", folder)
    messages.reset_catalogues()
    try:
        app = make_app(bank, tmp_path, "es")
        async with app.run_test(size=SIZE) as pilot:
            await open_operator_box(app, pilot, "es")
            assert shown(app.screen, "#operator-title") == "Solo el personal (prueba)"
        app = make_app(bank, tmp_path, "en", pin=None)
        async with app.run_test(size=SIZE) as pilot:
            await open_operator_box(app, pilot, "en")
            assert shown(app.screen, "#operator-close") == "Shut this box"
    finally:
        messages.reset_catalogues()


async def test_the_staff_screen_in_spanish(bank, tmp_path, monkeypatch):
    from ldnwizard.core.files import spool

    app = make_app(bank, tmp_path, "es")
    when = dt.datetime(2026, 3, 4, 9, 30)
    app.unsaved.extend(Unsaved("x = 1\n", when, "", "disco lleno") for _ in range(2))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_operator_box(app, pilot, "en")
        assert shown(app.screen, "#operator-alert").startswith("⚠ 2 resúmenes sin guardar")
        await pilot.press(*"2468", "enter")
        await settle(pilot, 5)
        assert isinstance(app.screen, StaffScreen)
        assert shown(app.screen, "#staff-title") == "Solo para el personal: resúmenes sin guardar"
        problem = shown(app.screen, "#staff-problem")
        assert problem.startswith("2 resúmenes no se pudieron guardar en la carpeta spool. El último error:\ndisco lleno")
        assert "• 09:30" in problem and problem.endswith(message("staff.fix", "es"))
        assert shown(app.screen, "#staff-retry") == "Guardar de nuevo"
        assert shown(app.screen, "#staff-back") == "Volver al quiosco"
        assert shown(app.screen, "#staff-stop") == "Detener el quiosco (se pierden 2 resúmenes)"

        def still_full(*_a, **_k):
            raise spool.SpoolError("disco lleno otra vez")

        monkeypatch.setattr(spool, "save", still_full)
        app.unsaved.pop()
        await pilot.click("#staff-retry")
        await settle(pilot)
        assert shown(app.screen, "#staff-result") == "Todavía no se puede guardar: disco lleno otra vez"
        assert shown(app.screen, "#staff-stop") == "Detener el quiosco (se pierde 1 resumen)"


def test_the_supervisor_says_it_is_restarting_in_the_kiosks_language(tmp_path):
    from ldnwizard.kiosk.supervisor import Supervisor

    count = tmp_path / "count"
    script = tmp_path / "child.py"
    script.write_text(
        f"import pathlib, sys\np = pathlib.Path({str(count)!r})\n"
        "n = int(p.read_text()) if p.exists() else 0\np.write_text(str(n + 1))\nsys.exit(70 if n < 1 else 0)\n"
    )
    read, write = os.pipe()
    try:
        assert Supervisor([sys.executable, str(script)], screen=write, language="es").run() == 0
        os.close(write)
        write = -1
        with os.fdopen(read, "rb") as fh:
            read = -1
            screen = fh.read().decode()
    finally:
        for fd in (read, write):
            if fd >= 0:
                os.close(fd)
    assert "Este quiosco se está reiniciando." in screen
    assert "This kiosk is restarting" not in screen


def test_pickup_tells_the_pharmacist_in_the_kiosks_language(tmp_path, capsys):
    folder = tmp_path / "spool"
    assert main(["pickup", "AAAAAA", "--spool", str(folder), "--lang", "es"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ldnwizard: no hay ningún resumen con el código AAA-AAA en ") and "se guardan 24 horas" in err
    assert main(["pickup", "AAAAAA", "--spool", str(folder)]) == 1
    assert "no summary under code AAA-AAA" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("language", "index", "busy", "denied"),
    [
        ("en", "Starting the kiosk…", "Busy, try again shortly", "This screen needs its kiosk link"),
        ("es", "Iniciando el quiosco…", "Ocupado, intente otra vez en un momento", "Esta pantalla necesita su enlace del quiosco"),
    ],
)
async def test_the_serve_pages_are_in_the_kiosks_language(language, index, busy, denied):
    pytest.importorskip("textual_serve")
    from aiohttp.test_utils import TestClient, TestServer

    from ldnwizard.kiosk.serve import make_server

    def server(**settings):
        return make_server(["true"], host="127.0.0.1", port=0, public_url="http://127.0.0.1:1", origins=frozenset(), language=language, **settings)

    pages = {}
    for name, kiosk in (("index", server(max_sessions=1)), ("busy", server(max_sessions=0)), ("denied", server(token="t" * 32))):
        async with TestClient(TestServer(await kiosk._make_app())) as client:
            async with client.get("/") as response:
                pages[name] = await response.text()
    assert index in pages["index"] and busy in pages["busy"] and denied in pages["denied"]
    for page in pages.values():
        assert f'<html lang="{language}">' in page
    if language == "es":
        assert not any(english in page for page in pages.values() for english in ("Starting", "Busy", "kiosk link", "Start again"))


# -- no English sentence in the front ends' Python ----------------------------------------------

#: Calls that put words on a screen; their text must come from the catalogue or the question set.
SHOWN = {"Static", "Label", "Button", "Tile", "Input", "Content", "text", "literal", "notify", "update", "set_label", "from_markup"}
#: Keyword arguments that are shown (``id``, ``classes`` and the like are not).
SHOWN_KEYWORDS = {"placeholder", "label", "title", "message", "tooltip", "prompt", "renderable", "content"}
WORDS = re.compile(r"[A-Za-z]{2,}")
FRONT_ENDS = ("ldnwizard/kiosk", "ldnwizard/tui", "ldnwizard/plain", "ldnwizard/ui")


def _literals(node: ast.AST):
    """The literal text in an argument: a string, the fixed parts of an f-string, either side of + or if/else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            yield from _literals(part)
    elif isinstance(node, ast.BinOp):
        yield from _literals(node.left)
        yield from _literals(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)


def english_on_screen(source: str, name: str = "<source>") -> list[str]:
    """``file:line: text`` for every literal word shown by a Static/Tile/notify/update/... call."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if called not in SHOWN:
            continue
        for arg in [*node.args, *(k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS)]:
            found += [f"{name}:{node.lineno}: {text!r}" for text in _literals(arg) if WORDS.search(text)]
    return found


def test_the_scan_finds_english_put_on_screen():
    source = (
        'yield Static(Content("Staff only"), id="t")\n'
        'yield text(f"{n} summaries not saved", id="a")\n'
        'self.notify("Saved")\n'
        'tile.set_label("Stop" if n else "Go")\n'
        'yield Input(placeholder="Type here", id="pin")\n'
        'yield Static(tr("staff.title"), id="staff-title", classes="big title")\n'
        'yield text("⚠ " + tr("kiosk.not_saved"), id="alert")\n'
    )
    found = english_on_screen(source)
    assert sorted(f.split(": ", 1)[1] for f in found) == sorted(["'Staff only'", "' summaries not saved'", "'Saved'", "'Stop'", "'Go'", "'Type here'"])


def test_no_english_sentence_is_put_on_screen_from_python():
    found = []
    for folder in FRONT_ENDS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            found += english_on_screen(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not found, "words on screen belong in ldnwizard/messages/en.toml (or questions/):\n" + "\n".join(found)


def test_the_serve_pages_hold_no_words_of_their_own():
    from html.parser import HTMLParser

    class Words(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.skip = 0
            self.found: list[str] = []

        def handle_starttag(self, tag, attrs) -> None:
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag) -> None:
            self.skip -= tag in ("script", "style")

        def handle_data(self, data) -> None:
            words = re.sub(r"\{\{.*?\}\}", "", data).strip()
            if not self.skip and WORDS.search(words):
                self.found.append(words)

    found = {}
    for page in sorted((ROOT / "ldnwizard/kiosk/web").glob("*.html")):
        parser = Words()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            found[page.name] = parser.found
    assert not found, f"words on the serve pages belong in [web] of ldnwizard/messages/en.toml: {found}"
