"""Snapshots of the kiosk at 100x30: welcome, questions, still there?, finish with the code.

Deterministic: the code comes from an injected random source, the clock is frozen,
the cursor does not blink, and TEXTUAL_ANIMATIONS=none.
"""

from __future__ import annotations

from pathlib import Path

from ldnwizard.kiosk.app import KioskApp
from ldnwizard.kiosk.config import KioskConfig

SIZE = (100, 30)


def kiosk(bank, tmp_path: Path) -> KioskApp:
    chars = iter("7KX40P" * 10)
    return KioskApp(
        bank,
        KioskConfig(spool=tmp_path / "spool"),
        choice=lambda _a: next(chars),
        clock=lambda: 1000.0,  # frozen: no idle countdown starts, the countdown shows its full time
        handle_signals=False,
    )


def test_welcome(snap_compare, bank, tmp_path):
    assert snap_compare(kiosk(bank, tmp_path), terminal_size=SIZE)


def test_medicine_question_filtered(snap_compare, bank, tmp_path):
    assert snap_compare(kiosk(bank, tmp_path), press=["enter", *"zo"], terminal_size=SIZE)


def test_several_choices_question(snap_compare, bank, tmp_path):
    async def go(pilot):
        app = pilot.app
        app.start_session()
        await pilot.pause()
        app.flow.answer("clonazepam", bank.by_id["benzo"])
        app.flow.goto("benzo_uses")
        app.show_current()
        await pilot.pause()
        await pilot.press("space", "right", "right", "space")

    assert snap_compare(kiosk(bank, tmp_path), run_before=go, terminal_size=SIZE)


def test_dose_keypad(snap_compare, bank, tmp_path):
    assert snap_compare(kiosk(bank, tmp_path), press=["enter", *"valium", "enter", "1", "2", ".", "5"], terminal_size=SIZE)


def test_still_there_countdown(snap_compare, bank, tmp_path):
    async def go(pilot):
        pilot.app.start_session()
        await pilot.pause()
        pilot.app.ask_still_there()
        await pilot.pause()

    assert snap_compare(kiosk(bank, tmp_path), run_before=go, terminal_size=SIZE)


def test_finish_with_code(snap_compare, bank, tmp_path):
    async def go(pilot):
        app = pilot.app
        app.start_session()
        await pilot.pause()
        flow = app.flow
        for qid, value in [
            ("benzo", "diazepam"),
            ("benzo_uses", ["sleep"]),
            ("benzo_how_long", "over-3-months"),
            ("taper_status", "stable"),
            ("cns_sensitivity", "yes"),
            ("mood_history", "no"),
            ("opioids", "no"),
        ]:
            flow.answer(value, bank.by_id[qid])
        flow.answer("[@click=app.quit]Kim[/]", bank.by_id["name"])
        app.finish()
        await pilot.pause()

    assert snap_compare(kiosk(bank, tmp_path), run_before=go, terminal_size=SIZE)
