"""The kiosk's last look before finishing: every answer as a big target, each opens its question to change it.

Driven through the Flow by question id (not by a fixed key sequence), so the tests
hold whatever questions the set asks.
"""

from __future__ import annotations

from pathlib import Path

from ldnwizard.core.files import spool
from ldnwizard.core.answering.flow import Flow
from ldnwizard.core.report.phrases import answer_words
from ldnwizard.kiosk.app import KioskApp
from ldnwizard.kiosk.config import KioskConfig
from ldnwizard.kiosk.screens import FinishScreen, QuestionScreen, ReviewScreen, WelcomeScreen
from ldnwizard.kiosk.widgets import Tile
from tui_support import calm_answer


def make_app(bank, tmp_path: Path) -> KioskApp:
    chars = iter("7KX40P" * 50)
    config = KioskConfig(spool=tmp_path / "spool", idle_seconds=600, retain_hours=24, countdown_seconds=20)
    return KioskApp(bank, config, choice=lambda _a: next(chars), handle_signals=False)


def walk_through(flow: Flow) -> None:
    """Answer every question that applies, in order, until the walk is done."""
    for _ in range(100):
        q = flow.current
        if q is None:
            return
        if flow.value(q) is None:
            flow.answer(calm_answer(q), q)
        assert flow.urgent() is None, f"{q.id}: the calm answer stopped the walk"
        flow.next()
    raise AssertionError("the walk did not end")


async def at_review(pilot, app: KioskApp) -> None:
    await pilot.press("enter")  # start
    await pilot.pause()
    walk_through(app.flow)
    app.show_current()
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)


async def test_the_review_lists_every_answer_in_words_and_finish_saves(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_review(pilot, app)
        tiles = list(app.screen.query(".answer").results(Tile))
        visible = app.flow.visible()
        assert [t.value for t in tiles] == [q.id for q in visible]
        for tile, q in zip(tiles, visible):
            assert q.prompt in tile.label and answer_words(app.flow.value(q), q) in tile.label
        assert app.focused is not None and app.focused.id == "finish"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FinishScreen)
        assert spool.find(tmp_path / "spool", "7KX40P", 24).exists()


async def test_a_change_from_the_review_opens_the_question_and_comes_back(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_review(pilot, app)
        target = next(q for q in app.flow.visible() if q.kind == "single" and len(q.choices) > 1)
        tile = next(t for t in app.screen.query(".answer").results(Tile) if t.value == target.id)
        tile.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(tile)  # a big target: a tap anywhere on it
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == target.id
        other = next(c.value for c in target.choices if c.value != app.flow.value(target))
        app.screen._answer(other)
        await pilot.pause()
        if isinstance(app.screen, QuestionScreen):  # the new answer asks something new first
            walk_through(app.flow)
            app.show_current()
            await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.flow.value(target) == other


async def test_back_from_the_review_goes_to_the_last_question(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_review(pilot, app)
        last = app.flow.visible()[-1]
        await pilot.click("#back")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == last.id


async def test_at_80x24_the_start_target_and_the_finish_target_are_on_screen(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        start = app.screen.query_one("#start").region
        assert start.height and app.screen.region.contains_region(start), start
        await at_review(pilot, app)
        finish = app.screen.query_one("#finish").region
        assert finish.height and app.screen.region.contains_region(finish), finish
