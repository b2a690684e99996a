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


#: Start, then "18 to 64" on the age question (the first one): the benzo question and its filter come next.
TO_BENZO = ["enter", "right", "enter"]


def test_medicine_question_filtered(snap_compare, bank, tmp_path):
    """'zo' finds zolpidem and zopiclone; "Another one", "Not sure" and "None" stay, never filtered away."""
    assert snap_compare(kiosk(bank, tmp_path), press=[*TO_BENZO, *"zo"], terminal_size=SIZE)


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
    """'valium' finds diazepam, Enter picks it; the dose is typed on the number keys."""
    assert snap_compare(kiosk(bank, tmp_path), press=[*TO_BENZO, *"valium", "enter", "1", "2", ".", "5"], terminal_size=SIZE)


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
        for qid, value in [  # every safety question answered: a start-low plan, as a customer gets it
            ("age_group", "18-to-64"),
            ("benzo", "diazepam"),
            ("benzo_uses", ["sleep"]),
            ("benzo_how_long", "over-3-months"),
            ("taper_status", "stable"),
            ("cns_sensitivity", "yes"),
            ("mood_history", "no"),
            ("self_harm_thoughts", "no"),
            ("other_medicines", ["none"]),
            ("opioids", "no"),
            ("seizure_disorder", "no"),
            ("transplant", "no"),
            ("liver_disease", "no"),
            ("kidney_disease", "no"),
            ("pregnancy", "no"),
        ]:
            flow.answer(value, bank.by_id[qid])
        flow.answer("[@click=app.quit]Kim[/]", bank.by_id["name"])
        app.finish()
        await pilot.pause()

    assert snap_compare(kiosk(bank, tmp_path), run_before=go, terminal_size=SIZE)


def test_welcome_at_80x24_keeps_the_start_target_on_screen(snap_compare, bank, tmp_path):
    """The smallest supported screen: the welcome text scrolls, the start target stays docked at the bottom."""
    assert snap_compare(kiosk(bank, tmp_path), terminal_size=(80, 24))


def test_review_before_finishing(snap_compare, bank, tmp_path):
    """Every answer as a big target with "Change"; Finish has the focus (answers set through the Flow by id)."""

    async def go(pilot):
        app = pilot.app
        app.start_session()
        await pilot.pause()
        flow = app.flow
        for qid, value in [("benzo", "diazepam"), ("benzo_dose_mg", 5), ("benzo_doses_per_day", 2)]:
            flow.answer(value, bank.by_id[qid])
        flow.finish()
        app.show_current()
        await pilot.pause()

    assert snap_compare(kiosk(bank, tmp_path), run_before=go, terminal_size=SIZE)


def test_operator_box_without_a_pin(snap_compare, bank, tmp_path):
    """F12 three times with no PIN file: staff read that no PIN is set and how to stop the kiosk."""
    app = kiosk(bank, tmp_path)
    app.stop_pid = 4242  # a fixed number for the picture

    assert snap_compare(app, press=["f12", "f12", "f12"], terminal_size=SIZE)
