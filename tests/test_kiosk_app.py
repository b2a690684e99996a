"""The kiosk app under Pilot: whole sessions by keys and by mouse, lockdown, idle wipe, operator exit, signals."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import stat
import time
import weakref
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, Static

from ldnwizard.core.report.summary import read_summary
from ldnwizard.kiosk.app import KioskApp
from ldnwizard.kiosk.config import KioskConfig
from ldnwizard.kiosk.widgets import Keys
from ldnwizard.kiosk.screens import (
    FinishScreen,
    ReviewScreen,
    OperatorScreen,
    QuestionScreen,
    StillThereScreen,
    UrgentScreen,
    WelcomeScreen,
)

SIZE = (100, 30)


def make_app(bank, tmp_path: Path, *, code: str = "7KX40P", pin: str | None = None, **kw) -> KioskApp:
    config = KioskConfig(
        spool=tmp_path / "spool",
        idle_seconds=kw.pop("idle_seconds", 90),
        retain_hours=24,
        countdown_seconds=kw.pop("countdown_seconds", 20),
    )
    chars = iter(code * 50)
    kw.setdefault("handle_signals", False)
    return KioskApp(bank, config, pin=pin, choice=lambda _a: next(chars), **kw)


def emptied(screen) -> bool:
    """A removed screen is gone, or (if Textual still holds the object) holds nothing of the customer."""
    if screen is None:
        return True
    if screen.is_attached or screen in screen.app.screen_stack:
        return False
    if isinstance(screen, QuestionScreen):
        return screen.wiped() and not screen.picked
    if isinstance(screen, FinishScreen):
        return screen.summary is None and screen.code is None
    return False


async def settle(pilot, n: int = 2) -> None:
    for _ in range(n):
        await pilot.pause()


async def past_age(pilot) -> None:
    """Answer the first question (age) with "18 to 64", the second choice, by keys."""
    await settle(pilot)
    await pilot.press("down", "enter")
    await settle(pilot)


AGE = {"age_group": "18-to-64"}


async def answer_by_mouse(pilot, app: KioskApp) -> None:
    """Answer every question with clicks only ("No" where there is one, else the first choice; typed answers left empty), then Finish."""
    for _ in range(40):
        screen = app.screen
        if isinstance(screen, ReviewScreen):
            await pilot.click("#finish")
            await settle(pilot)
            return
        if not isinstance(screen, QuestionScreen):
            return
        q = screen.question
        if q.kind == "single":
            tiles = list(screen.query(".choice"))
            no = [t for t in tiles if getattr(t, "value", None) == "no"]
            await pilot.click(no[0] if no else tiles[0])
        elif q.kind == "multi":
            await pilot.click(".choice")
            await pilot.click("#next")
        else:
            await pilot.click("#next")
        await settle(pilot)
    raise AssertionError("the walk did not end")


async def answer_by_keys(pilot, app: KioskApp) -> None:
    """Answer every question with the keyboard only, then Finish on the review (it has the focus)."""
    for _ in range(40):
        screen = app.screen
        if isinstance(screen, ReviewScreen):
            await pilot.press("enter")
            await settle(pilot)
            return
        if not isinstance(screen, QuestionScreen):
            return
        q = screen.question
        if q.id == "benzo":
            await pilot.press(*"valium", "enter")
        elif q.id == "other_medicines":
            await pilot.press(*"none", "enter")  # the filter finds "None of these"; Enter picks the one match
            for _ in range(60):
                if app.focused is not None and app.focused.id == "next":
                    break
                await pilot.press("tab")
            await pilot.press("enter")
        elif q.id == "taper_status":
            await pilot.press("enter")  # the first choice: a stable dose
        elif q.kind == "single":
            await pilot.press("down", "enter")  # the second choice ("No" for yes/no questions)
        elif q.kind == "multi":
            await pilot.press("space")
            for _ in range(12):
                if app.focused is not None and app.focused.id == "next":
                    break
                await pilot.press("tab")
            await pilot.press("enter")
        elif q.kind == "number":
            await pilot.press("2", "enter")
        else:
            await pilot.press(*"Kim", "enter")
        await settle(pilot)
    raise AssertionError("the walk did not end")


# -- whole sessions -------------------------------------------------------------------


async def test_a_whole_session_with_keys_only_saves_a_private_summary(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")
        await settle(pilot)
        await answer_by_keys(pilot, app)
        assert isinstance(app.screen, FinishScreen)
        assert "Code: 7KX-40P" == str(app.screen.query_one("#code-plain", Static).render())
        path = tmp_path / "spool" / "7KX40P.toml"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        summary = read_summary(path)
        assert summary.answers["benzo"] == "diazepam"
        assert summary.answers["benzo_dose_mg"] == 2
        assert summary.patient.name == "Kim"
        finish = weakref.ref(app.screen)
        await pilot.press("enter")  # Done
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen) and app.flow is None
        gc.collect()
        assert emptied(finish()), "the last customer's summary is still in memory"
        assert [w.value for w in gc.get_objects() if isinstance(w, Input) and w.value] == []


async def test_a_whole_session_with_mouse_only(bank, tmp_path):
    app = make_app(bank, tmp_path, code="ACEF12")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click("#start")
        await settle(pilot)
        await answer_by_mouse(pilot, app)
        assert isinstance(app.screen, FinishScreen)
        assert (tmp_path / "spool" / "ACEF12.toml").exists()
        await pilot.click("#done")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.sessions_finished == 1


async def test_on_screen_keys_type_a_dose_and_back_keeps_answers(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click("#start")
        await past_age(pilot)
        await pilot.press(*"xanax", "enter")
        await settle(pilot)
        assert app.screen.question.id == "benzo_dose_mg"
        for key in ("0", ".", "5"):
            tile = next(t for t in app.screen.query("#keys Tile") if t.value == key)
            await pilot.click(tile)
        assert app.screen.query_one("#typed", Input).value == "0.5"
        await pilot.click("#next")
        await settle(pilot)
        await pilot.click("#back")
        await settle(pilot)
        assert app.screen.question.id == "benzo_dose_mg"
        assert app.screen.query_one("#typed", Input).value == "0.5"
        assert app.flow.answers == {**AGE, "benzo": "alprazolam", "benzo_dose_mg": 0.5}
        await pilot.press("escape")  # Escape is "back" on a question (never out of the kiosk)
        await settle(pilot)
        assert app.screen.question.id == "benzo"
        assert app.flow.answers == {**AGE, "benzo": "alprazolam", "benzo_dose_mg": 0.5}


async def test_on_screen_letters_type_a_name_with_n_tilde_hyphen_and_space(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.start_session()
        await settle(pilot)
        app.flow.goto("name")
        app.show_current()
        await settle(pilot)
        keys = {t.value: t for t in app.screen.query("#keys Tile")}
        assert {"Ñ", "-", "'", ".", Keys.SPACE, Keys.BACKSPACE} <= keys.keys()
        for key in ("P", "E", "Ñ", "A", Keys.SPACE, "M", "."):
            await pilot.click(keys[key])
        assert app.screen.query_one("#typed", Input).value == "PEÑA M."
        space = keys[Keys.SPACE]
        assert space.size.width > 5 * keys["A"].size.width  # the space bar takes what its row leaves
        assert space.region.y == keys["."].region.y and space.region.right == keys[Keys.BACKSPACE].region.right


async def test_a_wrong_answer_is_explained_and_the_walk_waits(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await past_age(pilot)
        await pilot.press(*"valium", "enter")
        await settle(pilot)
        await pilot.press(*"5000", "enter")
        await settle(pilot)
        assert app.screen.question.id == "benzo_dose_mg"
        error = str(app.screen.query_one("#error", Static).render())
        assert error.startswith("⚠ ")


async def test_urgent_answers_stop_the_questions_and_still_give_a_code(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.flow.answer("diazepam", bank.by_id["benzo"])
        app.flow.answer("withdrawal", bank.by_id["taper_status"])
        app.flow.goto("urgent_symptoms")
        app.show_current()
        await settle(pilot)
        seizure = next(t for t in app.screen.query(".choice") if t.value == "seizure")
        await pilot.click(seizure)
        await pilot.click("#next")
        await settle(pilot)
        assert isinstance(app.screen, UrgentScreen)
        await pilot.click("#finish")
        await settle(pilot)
        assert isinstance(app.screen, FinishScreen)
        summary = read_summary(tmp_path / "spool" / "7KX40P.toml")
        assert summary.plan.verdict == "do-not-start"


# -- lockdown ---------------------------------------------------------------------------

LOCK_KEYS = ["ctrl+c", "ctrl+q", "ctrl+p", "ctrl+d", "ctrl+z", "ctrl+backslash", "escape", "ctrl+x", "ctrl+v"]


@pytest.mark.parametrize("where", ["welcome", "choices", "typing", "finish", "still-there"])
async def test_no_key_lets_a_customer_out(bank, tmp_path, monkeypatch, where):
    called = []
    monkeypatch.setattr(KioskApp, "action_suspend_process", lambda self: called.append("suspend"))
    monkeypatch.setattr(KioskApp, "action_quit", lambda self: called.append("quit"))
    app = make_app(bank, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if where != "welcome":
            await pilot.press("enter")
            await settle(pilot)
        if where == "choices":
            await pilot.press("tab")  # from the filter to the first medicine
        if where == "typing":
            await pilot.press(*"valium", "enter")
            await settle(pilot)
            await pilot.press("4")
        if where == "finish":
            await answer_by_keys(pilot, app)
        if where == "still-there":
            app.ask_still_there()
            await settle(pilot)
        before = (type(app.screen), len(app.screen_stack), dict(app.flow.answers) if app.flow else None)
        for key in LOCK_KEYS:
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running and app.return_code is None, key
            assert not any(isinstance(s, CommandPalette) for s in app.screen_stack), key
            if key != "escape":
                assert (type(app.screen), len(app.screen_stack)) == before[:2], key
        if where == "welcome":
            assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 2
        assert not called
        assert app.clipboard == ""


async def test_markup_actions_and_app_actions_are_refused(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        trap = Static("[@click=app.quit]LEAVE[/] [@click=screen.dismiss]BACK[/] [@click=app.push_screen('x')]X[/]", id="trap")
        await app.screen.mount(trap)
        await settle(pilot)
        for offset in ((1, 0), (8, 0), (13, 0)):
            await pilot.click("#trap", offset=offset)
            await settle(pilot)
        assert app.is_running and isinstance(app.screen, QuestionScreen)
        for action in ("app.quit", "app.command_palette", "app.pop_screen", "screen.dismiss", "app.suspend_process",
                       "app.screenshot", "app.toggle_dark", "app.change_theme"):
            assert await app.run_action(action) is False, action
        assert app.is_running and len(app.screen_stack) == 3
        assert app.ENABLE_COMMAND_PALETTE is False and app.ALLOW_SELECT is False
        for screen_type in (WelcomeScreen, QuestionScreen, FinishScreen, StillThereScreen, OperatorScreen, UrgentScreen):
            assert screen_type.ALLOW_SELECT is False


async def test_text_from_the_person_is_shown_literally(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.flow.answer("diazepam", bank.by_id["benzo"])
        app.flow.goto("name")
        app.show_current()
        await settle(pilot)
        await pilot.press(*"[@click=app.quit]x[red]", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert any("[@click=app.quit]x[red]" in t.label for t in app.screen.query(".answer"))
        await pilot.press("enter")  # Finish has the focus
        await settle(pilot)
        assert isinstance(app.screen, FinishScreen)
        shown = app.screen.query_one(".for", Static)
        assert str(shown.render()) == "Summary for [@click=app.quit]x[red]"
        await pilot.click(shown, offset=(14, 0))
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, FinishScreen)


# -- idle and the wipe --------------------------------------------------------------------


async def wait_until(pilot, predicate, limit: float = 5.0) -> float:
    """Wait (bounded) until ``predicate()``; return the seconds it took."""
    start = time.monotonic()
    while not predicate():
        assert time.monotonic() - start < limit, "timed out"
        await pilot.pause(0.05)
    return time.monotonic() - start


async def test_typing_postpones_idle_then_the_countdown_wipes_everything(bank, tmp_path):
    app = make_app(bank, tmp_path, idle_seconds=1.0, countdown_seconds=0.8)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await past_age(pilot)
        # Typing in the search field for about twice the idle time: no countdown.
        for ch in "zolpid":
            await pilot.press(ch)
            await asyncio.sleep(0.3)
            assert not isinstance(app.screen, StillThereScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.flow.answers == {**AGE, "benzo": "zolpidem"}
        await pilot.press("1", "2")  # typed in the dose field, not sent: wiped all the same
        old_screen = weakref.ref(app.screen)
        old_flow = weakref.ref(app.flow)
        waited = await wait_until(pilot, lambda: isinstance(app.screen, StillThereScreen))
        assert waited >= 0.5, "the countdown came long before the idle time"
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.pause(0.3)  # let the removed screens' timers and tasks finish
        assert app.flow is None and app.resets == 1
        assert [type(s).__name__ for s in app.screen_stack] == ["Screen", "WelcomeScreen"]
        gc.collect()
        assert old_flow() is None, "the last customer's answers are still in memory"
        assert emptied(old_screen()), "the last customer's question screen still holds answers"
        typed = [w.value for w in gc.get_objects() if isinstance(w, Input) and w.value]
        assert typed == [], "text the last customer typed is still in memory"
        assert not list((tmp_path / "spool").glob("*.toml"))


async def test_i_am_still_here_keeps_the_answers(bank, tmp_path):
    app = make_app(bank, tmp_path, idle_seconds=0.6, countdown_seconds=5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await past_age(pilot)
        await pilot.press(*"ativan", "enter")
        await settle(pilot)
        await asyncio.sleep(1.0)
        assert isinstance(app.screen, StillThereScreen)
        await pilot.click("#still-here")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == "benzo_dose_mg"
        assert app.flow.answers == {**AGE, "benzo": "lorazepam"}


async def test_start_over_wipes_and_purges_expired_files(bank, tmp_path):
    old = tmp_path / "spool" / "AAAAAA.toml"
    old.parent.mkdir()
    old.write_text("x")
    app = make_app(bank, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert old.exists()  # fresh: kept
        t = 0
        os.utime(old, (t, t))
        await pilot.press("enter")
        await pilot.press(*"valium", "enter")
        await settle(pilot)
        await pilot.click("#restart")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen) and app.flow is None
        assert not old.exists()


async def test_expired_files_are_purged_at_start(bank, tmp_path):
    old = tmp_path / "spool" / "AAAAAA.toml"
    old.parent.mkdir()
    old.write_text("x")
    os.utime(old, (0, 0))
    app = make_app(bank, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not old.exists()


# -- the operator ---------------------------------------------------------------------------


async def test_operator_exit_needs_the_right_pin(bank, tmp_path):
    app = make_app(bank, tmp_path, pin="4711")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f12", "f12")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, OperatorScreen)
        assert "4711" not in str(app.screen.query_one("#operator-title", Static).render())
        await pilot.press(*"1234", "enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, WelcomeScreen)
        await pilot.press("f12", "f12", "f12")
        await settle(pilot)
        await pilot.press(*"4711", "enter")
        await settle(pilot)
    assert app.return_code == 0


async def test_without_a_pin_the_operator_box_only_explains_and_with_one_it_locks_after_wrong_tries(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f12", "f12", "f12")
        await settle(pilot)
        assert isinstance(app.screen, OperatorScreen) and not app.screen.query(Input)  # no PIN to try
        await pilot.press(*"0000", "enter")  # Close: nothing typed anywhere, nothing stopped
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen) and app.is_running
    app = make_app(bank, tmp_path, pin="4711")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(3):
            await pilot.press("f12", "f12", "f12")
            await settle(pilot)
            await pilot.press(*"0000", "enter")
            await settle(pilot)
        await pilot.press("f12", "f12", "f12")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen), "locked out after three wrong PINs"


async def test_sigterm_ends_the_kiosk_cleanly(bank, tmp_path):
    app = make_app(bank, tmp_path, handle_signals=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(50):
            await asyncio.sleep(0.02)
            if not app.is_running:
                break
    assert app.return_code == 0
    assert app.flow is None
    # The handler went with the app.
    loop = asyncio.get_running_loop()
    assert not loop.remove_signal_handler(signal.SIGTERM)


async def test_text_cannot_be_selected_with_the_mouse(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.mouse_down("#prompt", offset=(0, 0))
        await pilot.hover("#prompt", offset=(20, 0))
        await pilot.mouse_up("#prompt", offset=(20, 0))
        await settle(pilot)
        assert not app.screen.selections
        assert app.screen.get_selected_text() is None
        assert isinstance(app.screen, QuestionScreen)
