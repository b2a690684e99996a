"""What a newcomer meets first in the wizard: every keypress shows something, nothing is lost or cut silently.

Driven through the Flow by question id (what the question set asks may change), at 80x24.
"""

from __future__ import annotations

from textual.widgets import Static

from ldnwizard.core.answering.flow import Flow
from ldnwizard.tui.screens.question import QuestionScreen
from ldnwizard.tui.widgets.choices import ChoiceList
from tui_support import calm_answer, flow_with, make_app, shipped_bank

SIZE = (80, 24)


def on_screen(widget) -> bool:
    """Whether ``widget`` is shown and wholly inside the visible part of the screen."""
    region = widget.region
    return bool(widget.display and region.height and widget.screen.region.contains_region(region))


def medicine_question():
    return next(q for q in shipped_bank().questions if q.choices_from == "medicines" and q.kind == "single")


async def test_enter_on_a_fresh_first_question_shows_why_nothing_happened() -> None:
    app = make_app(start="questions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.flow.current
        await pilot.press("enter")  # without moving the highlight
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.flow.current is first
        error = app.screen.query_one("#error", Static)
        assert str(error.content).startswith("⚠") and on_screen(error)


async def test_on_the_medicine_list_the_message_shows_and_not_sure_and_none_come_first() -> None:
    q = medicine_question()
    bank = shipped_bank()
    own = [c.value for c in q.choices if c.value not in bank.medicine_by_id]
    assert own, "the medicine question has choices of its own (another one, not sure, none)"
    app = make_app(flow=flow_with({}, at=q.id), start="questions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        choices = app.screen.query_one("#choices", ChoiceList)
        assert [c.value for c in choices.shown[: len(own)]] == own
        assert all(on_screen_line(choices, i) for i in range(len(own)))
        await pilot.press("enter")  # an empty filter: nothing picked yet
        await pilot.pause()
        error = app.screen.query_one("#error", Static)
        assert app.flow.current is not None and app.flow.current.id == q.id
        assert str(error.content).startswith("⚠") and on_screen(error)
        await pilot.press(*"zzqx")  # nothing matches: the line says so, and the own choices stay
        await pilot.pause()
        assert [c.value for c in choices.shown] == own
        assert app.screen.query_one("#no-match").display and "hidden" not in app.screen.query_one("#no-match").classes
        await pilot.press("enter")  # typed nonsense never picks "Another one" by itself
        await pilot.pause()
        assert app.flow.value(q) is None


def on_screen_line(choices: ChoiceList, index: int) -> bool:
    """Whether option ``index`` of the list is within the visible screen."""
    line = choices._index_to_line[index] - round(choices.scroll_y)
    y = choices.content_region.y + line
    return 0 <= line < choices.content_region.height and y < choices.screen.region.height


async def test_the_progress_counts_parts_and_never_goes_back_while_answering() -> None:
    app = make_app(start="questions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seen: list[tuple[int, int]] = []
        for _ in range(60):
            if not isinstance(app.screen, QuestionScreen) or app.flow.current is None:
                break
            q = app.flow.current
            text = str(app.screen.query_one("#section", Static).content)
            part = text.split("part ")[1].split()  # "part 2 of 7 ━━..."
            seen.append((int(part[0]), int(part[2])))
            assert str(app.screen.query_one("#step", Static).content) == f"Question {app.flow.progress()[0]}"
            app.flow.answer(calm_answer(q), q)
            assert app.flow.urgent() is None
            app.flow.next()
            if app.flow.done:
                break
            await app.screen.show_question()
            await pilot.pause()
        assert len(seen) > 3
        assert all(total == seen[0][1] for _, total in seen), "the number of parts never changes"
        assert [n for n, _ in seen] == sorted(n for n, _ in seen), "the part number never goes back"


def test_calm_answers_walk_the_whole_set() -> None:
    flow = Flow(shipped_bank())
    for _ in range(100):
        q = flow.current
        if q is None:
            break
        flow.answer(calm_answer(q), q)
        assert flow.urgent() is None, q.id
        flow.next()
    assert flow.done


# -- saving -----------------------------------------------------------------------------


async def test_enter_on_the_markdown_box_saves_both_files_and_keeps_the_tick(tmp_path) -> None:
    from textual.widgets import Checkbox

    from tui_support import STANDARD

    app = make_app(flow=flow_with(STANDARD), start="summary", save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("tab")  # the path field -> the Markdown box
        assert app.focused is not None and app.focused.id == "markdown"
        await pilot.press("space")  # Space ticks
        assert app.screen.query_one("#markdown", Checkbox).value
        await pilot.press("enter")  # Enter saves, it does not untick
        await pilot.pause()
        assert len(app.saved) == 2 and all(p.exists() for p in app.saved)
        assert app.saved[1].suffix == ".md"


async def test_back_from_saving_keeps_the_typed_path_and_a_fixed_path_clears_the_message(tmp_path) -> None:
    from textual.widgets import Input

    from tui_support import STANDARD

    app = make_app(flow=flow_with(STANDARD), start="summary", save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Folder:" not in "\n".join(str(w.content) for w in app.screen.query(Static))
        path = app.screen.query_one("#path", Input)
        path.value = "no/such/folder/mine.toml"
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#error", Static)
        assert error.display and "folder" in str(error.content).lower()
        await pilot.press("backspace")  # fixing the path: the old message goes
        await pilot.pause()
        assert not error.display
        await pilot.press("escape")  # back to the summary ...
        await pilot.pause()
        await pilot.press("ctrl+s")  # ... and again: the path is as it was left
        await pilot.pause()
        assert app.screen.query_one("#path", Input).value == "no/such/folder/mine.tom"
        app.screen.query_one("#path", Input).value = "mine.toml"
        await pilot.press("enter")
        await pilot.pause()
        assert app.saved == [tmp_path / "mine.toml"]
        keys = str(app.screen.query_one("#keys", Static).content)
        assert "Save" not in keys and "Finish" in keys


async def test_the_quit_question_styles_the_focused_answer_as_the_main_one() -> None:
    from textual.widgets import Button

    from tui_support import STANDARD

    app = make_app(flow=flow_with(STANDARD, at="name"), start="questions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, Button) and focused.id == "no"  # Stay
        assert focused.variant == "primary"
        assert app.screen.query_one("#yes", Button).variant != "primary"


async def test_a_name_that_is_too_long_is_refused_with_a_message_not_cut() -> None:
    from textual.widgets import Input

    q = next(q for q in shipped_bank().questions if q.kind == "text" and q.max_length and q.patient_field)
    app = make_app(flow=flow_with({}, at=q.id), start="questions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        long_name = "A" * (q.max_length + 5)
        await pilot.press(*long_name)
        assert app.screen.query_one(Input).value == long_name  # every letter kept
        await pilot.press("enter")
        await pilot.pause()
        assert app.flow.current is not None and app.flow.current.id == q.id
        error = app.screen.query_one("#error", Static)
        assert on_screen(error) and str(q.max_length) in str(error.content)
        assert q.id not in app.flow.answers and not app.flow.patient


def test_without_a_terminal_the_wizard_says_to_use_plain_and_exits_2(tmp_path) -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ, LDNWIZARD_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-m", "ldnwizard", "--no-draft"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env,
    )
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr and "ldnwizard --plain" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


# -- sizes ------------------------------------------------------------------------------


async def test_at_60x20_the_key_bar_and_the_top_bar_are_not_cut() -> None:
    from ldnwizard.tui.widgets.keybar import KeyBar

    q = medicine_question()
    app = make_app(flow=flow_with({}, at=q.id), start="questions")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        keys = app.screen.query_one(KeyBar)
        assert on_screen(keys) and keys.region.height <= 2
        lines = [strip.text for strip in keys.render_lines(keys.region.reset_offset)]
        assert "Quit" in " ".join(lines)  # the last key, wrapped rather than cut
        part = app.screen.query_one("#section", Static)
        assert len(str(part.content)) <= part.region.width


async def test_at_200x50_text_stays_near_80_columns() -> None:
    from tui_support import STANDARD

    for start, box in (("summary", "#summary"), ("review", "#review")):
        app = make_app(flow=flow_with(STANDARD), start=start)
        async with app.run_test(size=(200, 50)) as pilot:
            await pilot.pause()
            assert app.screen.query_one(box).region.width <= 90
    app = make_app(flow=flow_with(STANDARD, at="name"), start="questions")
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#body").region.width <= 90
