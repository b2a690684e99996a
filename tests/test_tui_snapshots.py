"""Snapshots of every screen and state a person can reach, at 80x24 (and a subset at 120x40).

Steady: TEXTUAL_ANIMATIONS=none, no cursor blink, no button flash, a fixed clock and a
fixed save folder, so nothing changes between runs. Look at the SVGs before accepting.
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from ldnwizard.core.answering.drafts import DraftStore
from tui_support import SNAP_DIR, STANDARD, VERDICT_ANSWERS, flow_with, make_app, shipped_bank

SMALL, LARGE, WIDE = (80, 24), (120, 40), (200, 50)


def fresh_snap_dir() -> None:
    """An empty save folder with a fixed name (its path is shown on the save screen)."""
    shutil.rmtree(SNAP_DIR, ignore_errors=True)
    SNAP_DIR.mkdir(parents=True)


def at(question: str, answers: dict[str, Any] | None = None, **patient: str):
    """The app on one question, with ``answers`` (default: the standard ones) given so far."""
    return make_app(flow=flow_with(answers if answers is not None else STANDARD, patient or None, at=question), start="questions")


SCENES: dict[str, tuple[Any, list[str]]] = {
    "welcome": (lambda: make_app(), []),
    "single": (lambda: at("benzo_how_long"), []),
    "multi": (lambda: at("benzo_uses"), ["down", "space"]),
    "number": (lambda: at("benzo_dose_mg", {"benzo": "clonazepam"}), []),
    "yes_no_unsure": (lambda: at("cns_sensitivity", {k: v for k, v in STANDARD.items() if k != "cns_sensitivity"}), []),
    "text": (lambda: at("name"), ["A", ".", "B", "."]),
    "medicine_filtered": (lambda: at("benzo", {}), ["v", "a", "l"]),
    "validation_error": (lambda: at("benzo_dose_mg", {"benzo": "clonazepam"}), ["1", "0", "0", "0", "0", "enter"]),
    "question_appears": (lambda: at("taper_status"), ["down", "down", "down", "enter"]),
    "review": (lambda: make_app(flow=flow_with(STANDARD, {"name": "A.B."}), start="review"), []),
    "urgent": (
        lambda: at("urgent_symptoms", {**STANDARD, "taper_status": "withdrawal"}),
        ["space", "enter"],
    ),
    "save_done": (lambda: make_app(flow=flow_with(STANDARD), start="summary"), ["ctrl+s", "enter"]),
    # the second answers contract
    "age": (lambda: at("age_group", {}), []),
    "other_medicines_picked": (lambda: at("other_medicines"), [*"subox", "enter", *"lyri", "enter", *"co-co"]),
    "self_harm_question": (lambda: at("self_harm_thoughts"), []),
    "urgent_self_harm": (
        lambda: at("self_harm_now", {**STANDARD, "self_harm_thoughts": "yes"}),
        ["space", "enter"],
    ),
    "summary_specialist_first": (lambda: make_app(flow=flow_with({**STANDARD, "pregnancy": "yes"}), start="summary"), []),
}
for verdict, answers in VERDICT_ANSWERS.items():
    SCENES[f"summary_{verdict}"] = (lambda answers=answers: make_app(flow=flow_with(answers), start="summary"), [])

LARGE_SCENES = ["welcome", "medicine_filtered", "validation_error", "review", "summary_start-low", "urgent", "save_done"]


@pytest.mark.parametrize("scene", list(SCENES))
def test_small(scene: str, snap_compare) -> None:
    make, keys = SCENES[scene]
    assert snap_compare(make(), press=keys, terminal_size=SMALL, run_before=lambda pilot: fresh_snap_dir())


@pytest.mark.parametrize("scene", LARGE_SCENES)
def test_large(scene: str, snap_compare) -> None:
    make, keys = SCENES[scene]
    assert snap_compare(make(), press=keys, terminal_size=LARGE, run_before=lambda pilot: fresh_snap_dir())


def test_wide_terminal_centres_the_reading_column(snap_compare) -> None:
    """At 200x50 the question sits in a column of 90 in the middle; the top bar, the buttons and
    the key bar run the full width. The medicine filter has lines above and below, no side edges."""
    make, keys = SCENES["other_medicines_picked"]
    assert snap_compare(make(), press=keys, terminal_size=WIDE, run_before=lambda pilot: fresh_snap_dir())


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_resume_prompt(size: tuple[int, int], snap_compare, tmp_path) -> None:
    drafts = DraftStore(tmp_path)
    drafts.save(flow_with(STANDARD, at="thyroid"))
    assert snap_compare(make_app(drafts=drafts), terminal_size=size)


def test_scenes_reach_each_verdict() -> None:
    """The four summary snapshots really show the four verdicts."""
    bank = shipped_bank()
    from ldnwizard.core.answering.assess import assess

    for verdict, answers in VERDICT_ANSWERS.items():
        assert assess(bank, answers).plan.verdict == verdict


@pytest.mark.parametrize("theme", ["light", "high-contrast"])
@pytest.mark.parametrize("scene", ["summary_start-low", "single"])
def test_themes(theme: str, scene: str, snap_compare) -> None:
    make, keys = SCENES[scene]
    app = make()
    app.theme_choice = theme
    assert snap_compare(app, press=keys, terminal_size=SMALL)


def test_high_contrast_fields_keep_a_white_edge_without_the_focus(snap_compare) -> None:
    """In high contrast the medicine filter, once the focus has moved to the list, still shows
    its lines (white); before, Textual drew them in the black of the screen, so the box vanished."""
    make, keys = SCENES["other_medicines_picked"]
    app = make()
    app.theme_choice = "high-contrast"
    assert snap_compare(app, press=[*keys, "tab"], terminal_size=SMALL)


@pytest.mark.parametrize("theme", ["light", "high-contrast"])
@pytest.mark.parametrize("scene", ["welcome", "single", "summary_start-low"])
def test_a_theme_chosen_at_start_draws_what_a_theme_switch_draws(theme: str, scene: str) -> None:
    """start_in_theme sets the theme before any style is parsed (no second parse); the screen must be
    the very same as with Textual's own watcher, which the app uses when the choice changes later."""
    import asyncio

    make, keys = SCENES[scene]

    async def shot(app) -> str:
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            return app.export_screenshot()

    from ldnwizard.ui.themes import start_in_theme, theme_for

    switched = make()
    switched.theme_choice = theme  # applied in on_mount, through Textual's watcher
    quiet = make()
    start_in_theme(quiet, theme_for(theme))  # as __init__ does, before anything is parsed
    quiet.theme_choice = theme
    assert asyncio.run(shot(quiet)) == asyncio.run(shot(switched))
