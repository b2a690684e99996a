"""Snapshots of the wizard (80x24) and the kiosk (100x30) in Spanish: Spanish is longer, nothing may clip.

Steady as the English snapshots (fixed clock, no blink, TEXTUAL_ANIMATIONS=none). Look at the SVGs before accepting.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from ldnwizard.core.answering.flow import Flow
from ldnwizard.core.content.i18n import translate
from ldnwizard.core.content.messages import set_language
from ldnwizard.kiosk.app import KioskApp
from ldnwizard.kiosk.config import KioskConfig
from tui_support import SNAP_DIR, STANDARD, fixed_clock, shipped_bank

SMALL, KIOSK = (80, 24), (100, 30)


@pytest.fixture(autouse=True)
def spanish():
    set_language("es")
    yield
    set_language("en")


def es_bank():
    return translate(shipped_bank(), "es")


def wizard(answers: dict[str, Any] | None = None, at: str | None = None, start: str | None = None, **patient: str):
    from ldnwizard.tui.app import WizardApp

    kwargs: dict[str, Any] = {"clock": fixed_clock, "steady": True, "theme": "dark", "save_dir": SNAP_DIR}
    if answers is not None:
        flow = Flow(es_bank(), answers, patient or None)
        if at is None:
            flow.finish()
        else:
            flow.goto(at)
        kwargs.update(flow=flow, start=start or "questions")
    return WizardApp(es_bank(), **kwargs)


SCENES: dict[str, tuple[Any, list[str]]] = {
    "welcome": (lambda: wizard(), []),
    "single": (lambda: wizard(STANDARD, at="taper_status"), []),
    "multi": (lambda: wizard(STANDARD, at="benzo_uses"), ["down", "space"]),
    "number_error": (lambda: wizard({"benzo": "clonazepam"}, at="benzo_dose_mg"), ["x", "enter"]),
    "other_medicines": (lambda: wizard(STANDARD, at="other_medicines"), [*"subox", "enter", *"lyri", "enter", *"co-co"]),
    "urgent_self_harm": (lambda: wizard({**STANDARD, "self_harm_thoughts": "yes"}, at="self_harm_now"), ["space", "enter"]),
    "review": (lambda: wizard(STANDARD, start="review", name="A.B."), []),
    "summary_start_low": (lambda: wizard({**STANDARD, "cns_sensitivity": "yes"}, start="summary"), []),
    "summary_wait": (lambda: wizard({**STANDARD, "taper_status": "tapering", "urgent_symptoms": ["none"]}, start="summary"), []),
}


@pytest.mark.parametrize("scene", list(SCENES))
def test_wizard_in_spanish(scene: str, snap_compare) -> None:
    make, keys = SCENES[scene]
    assert snap_compare(make(), press=keys, terminal_size=SMALL)


def test_wizard_saved_in_spanish(snap_compare) -> None:
    def fresh(pilot) -> None:  # an empty save folder with a fixed name: no "replace it?" from an earlier run
        shutil.rmtree(SNAP_DIR, ignore_errors=True)
        SNAP_DIR.mkdir(parents=True)

    app = wizard({**STANDARD, "cns_sensitivity": "yes"}, start="summary")
    assert snap_compare(app, press=["ctrl+s", "tab", "space", "enter"], terminal_size=SMALL, run_before=fresh)
    copy = (SNAP_DIR / "ldn-summary-2026-11-24.md").read_text(encoding="utf-8")
    assert copy.index("# Su resumen") < copy.index("# LDN and benzodiazepine summary")


def kiosk(tmp_path: Path) -> KioskApp:
    chars = iter("7KX40P" * 10)
    return KioskApp(
        shipped_bank(),
        KioskConfig(spool=tmp_path / "spool", language="es"),
        choice=lambda _a: next(chars),
        clock=lambda: 1000.0,
        handle_signals=False,
    )


def test_kiosk_welcome_in_spanish(snap_compare, tmp_path):
    assert snap_compare(kiosk(tmp_path), terminal_size=KIOSK)


def test_kiosk_question_in_spanish(snap_compare, tmp_path):
    assert snap_compare(kiosk(tmp_path), press=["enter", "down", "enter"], terminal_size=KIOSK)


def test_kiosk_medicines_in_spanish(snap_compare, tmp_path):
    async def go(pilot):
        app = pilot.app
        app.start_session()
        await pilot.pause()
        app.flow.goto("other_medicines")
        app.show_current()
        await pilot.pause()

    assert snap_compare(kiosk(tmp_path), run_before=go, terminal_size=KIOSK)


def test_kiosk_urgent_in_spanish(snap_compare, tmp_path):
    async def go(pilot):
        app = pilot.app
        app.start_session()
        await pilot.pause()
        for qid, value in {**STANDARD, "self_harm_thoughts": "yes", "self_harm_now": "yes"}.items():
            if app.flow.bank.shows(app.flow.bank.by_id[qid], app.flow.answers):
                app.flow.answer(value, app.flow.bank.by_id[qid])
        app.show_urgent()
        await pilot.pause()

    assert snap_compare(kiosk(tmp_path), run_before=go, terminal_size=KIOSK)


def test_kiosk_finish_in_spanish(snap_compare, tmp_path):
    async def go(pilot):
        app = pilot.app
        app.start_session()
        await pilot.pause()
        for qid, value in {**STANDARD, "cns_sensitivity": "yes"}.items():
            app.flow.answer(value, app.flow.bank.by_id[qid])
        app.flow.finish()
        app.finish()
        await pilot.pause()

    assert snap_compare(kiosk(tmp_path), run_before=go, terminal_size=KIOSK)


WIZARD_MORE: dict[str, tuple[Any, list[str]]] = {
    "text_name": (lambda: wizard(STANDARD, at="name"), ["A", ".", "B", "."]),
    "yes_no_unsure": (lambda: wizard({k: v for k, v in STANDARD.items() if k != "cns_sensitivity"}, at="cns_sensitivity"), []),
    "quit_dialog": (lambda: wizard(STANDARD, at="alcohol"), ["ctrl+q"]),
    "save_form": (lambda: wizard(STANDARD, start="summary"), ["ctrl+s"]),
}


@pytest.mark.parametrize("scene", list(WIZARD_MORE))
def test_more_wizard_screens_in_spanish(scene: str, snap_compare) -> None:
    make, keys = WIZARD_MORE[scene]

    def fresh(pilot) -> None:
        shutil.rmtree(SNAP_DIR, ignore_errors=True)
        SNAP_DIR.mkdir(parents=True)

    assert snap_compare(make(), press=keys, terminal_size=SMALL, run_before=fresh)


def test_kiosk_review_in_spanish(snap_compare, tmp_path):
    async def go(pilot):
        app = pilot.app
        app.start_session()
        await pilot.pause()
        for qid, value in [("age_group", "65-or-older"), ("benzo", "diazepam"), ("benzo_dose_mg", 5), ("benzo_doses_per_day", 2)]:
            app.flow.answer(value, app.flow.bank.by_id[qid])
        app.flow.finish()
        app.show_current()
        await pilot.pause()

    assert snap_compare(kiosk(tmp_path), run_before=go, terminal_size=KIOSK)


def test_kiosk_still_there_in_spanish(snap_compare, tmp_path):
    async def go(pilot):
        pilot.app.start_session()
        await pilot.pause()
        pilot.app.ask_still_there()
        await pilot.pause()

    assert snap_compare(kiosk(tmp_path), run_before=go, terminal_size=KIOSK)


def test_kiosk_dose_keypad_in_spanish(snap_compare, tmp_path):
    async def go(pilot):
        app = pilot.app
        app.start_session()
        await pilot.pause()
        app.flow.answer("18-to-64", app.flow.bank.by_id["age_group"])
        app.flow.answer("diazepam", app.flow.bank.by_id["benzo"])
        app.flow.goto("benzo_dose_mg")
        app.show_current()
        await pilot.pause()
        await pilot.press("1", "2", ".", "5")

    assert snap_compare(kiosk(tmp_path), run_before=go, terminal_size=KIOSK)


def test_kiosk_name_keyboard_in_spanish(snap_compare, tmp_path):
    async def go(pilot):
        app = pilot.app
        app.start_session()
        await pilot.pause()
        app.flow.goto("name")
        app.show_current()
        await pilot.pause()

    assert snap_compare(kiosk(tmp_path), run_before=go, terminal_size=KIOSK)
