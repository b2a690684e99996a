"""Whole walks through the wizard with Pilot: save, change an answer, drafts, quitting, typing checks."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import tomli_w

from ldnwizard.cli import main as cli_main
from ldnwizard.core.answering.drafts import DraftStore
from ldnwizard.tui.screens.dialogs import AskScreen
from ldnwizard.tui.screens.question import QuestionScreen
from ldnwizard.tui.screens.review import ReviewScreen
from ldnwizard.tui.screens.save import SaveScreen
from ldnwizard.tui.screens.summary import SummaryScreen
from ldnwizard.tui.screens.urgent import UrgentScreen
from ldnwizard.tui.screens.welcome import WelcomeScreen
from textual.widgets import OptionList, Static
from tui_support import STANDARD, VERDICT_ANSWERS, flow_with, make_app

SIZE = (80, 24)


def shown_text(screen) -> str:
    """Every Static's text and every list option's text on a screen, joined."""
    texts = [str(w.content) for w in screen.query(Static)]
    texts += [str(o.prompt) for ol in screen.query(OptionList) for o in ol.options]
    return "\n".join(texts)


async def answer_current(pilot, app, answers: dict) -> None:
    """Answer the current question the way a person would, with keys only."""
    q = app.flow.current
    value = answers.get(q.id)
    if q.kind in ("number", "text"):
        if value is not None:
            await pilot.press(*str(value).replace(".", ","))
    elif q.choices_from == "medicines" and q.kind == "multi":
        for v in value:  # type each name, Enter ticks it; the last Enter (below) goes on
            choice = q.choices[[c.value for c in q.choices].index(v)]
            await pilot.press(*(choice.keywords[0] if choice.keywords else choice.label).lower()[:5], "enter")
    elif q.choices_from == "medicines":
        await pilot.press(*q.choices[[c.value for c in q.choices].index(value)].keywords[0].lower()[:4])
    elif q.kind == "single":
        index = [c.value for c in q.choices].index(value)
        await pilot.press("down", *(["down"] * index), "up") if index == 0 else await pilot.press(*(["down"] * index))
    else:
        for v in value:
            index = [c.value for c in q.choices].index(v)
            await pilot.press("home", *(["down"] * index), "space")
    await pilot.press("enter")
    await pilot.pause()


async def test_full_walk_saves_the_same_plan_as_summarize(tmp_path: Path) -> None:
    answers = VERDICT_ANSWERS["start-low"]
    app = make_app(save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen)
        while isinstance(app.screen, QuestionScreen):
            await answer_current(pilot, app, answers)
        assert isinstance(app.screen, ReviewScreen)
        assert app.flow.answers == answers
        await pilot.press("enter")  # "See my summary" has the focus
        assert isinstance(app.screen, SummaryScreen)
        await pilot.click("#save")
        assert isinstance(app.screen, SaveScreen)
        await pilot.click("#markdown")
        await pilot.click("#save")
        await pilot.pause()
        saved = tmp_path / "ldn-summary-2026-11-24.toml"
        assert app.saved == [saved, saved.with_suffix(".md")]
        assert str(saved) in shown_text(app.screen)
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        await pilot.click("#finish")
    assert app.return_code == 0
    ours = tomllib.loads(saved.read_text())
    (tmp_path / "answers.toml").write_text(tomli_w.dumps(answers))
    assert cli_main(["summarize", str(tmp_path / "answers.toml"), "-o", str(tmp_path / "cli.toml")]) == 0
    theirs = tomllib.loads((tmp_path / "cli.toml").read_text())
    assert ours["plan"] == theirs["plan"]
    assert ours["answers"] == theirs["answers"]
    assert [f["id"] for f in ours["findings"]] == [f["id"] for f in theirs["findings"]]
    assert "# LDN and benzodiazepine summary" in saved.with_suffix(".md").read_text()


async def test_changing_an_answer_drops_the_one_that_depended_on_it() -> None:
    app = make_app(flow=flow_with(VERDICT_ANSWERS["wait"]), start="review")
    async with app.run_test(size=SIZE) as pilot:
        assert "urgent_symptoms" in app.flow.answers
        app.screen.change("taper_status")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.flow.current.id == "taper_status"
        await pilot.press("up", "up", "up", "enter")  # tapering -> stable
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.flow.answers["taper_status"] == "stable"
        assert "urgent_symptoms" not in app.flow.answers
        assert "Right now, do you have any of these?" not in shown_text(app.screen)


async def test_a_question_appears_after_an_answer_and_back_goes_to_it() -> None:
    app = make_app(flow=flow_with(STANDARD, at="taper_status"), start="questions")
    async with app.run_test(size=SIZE) as pilot:
        before = app.flow.progress()[1]
        await pilot.press("down", "down", "down", "enter")  # tapering
        assert app.flow.current.id == "urgent_symptoms"
        assert app.flow.progress()[1] == before + 1
        await pilot.press("escape")
        assert app.flow.current.id == "taper_status"


async def test_urgent_answer_shows_urgent_help_at_once_and_back_returns() -> None:
    app = make_app(flow=flow_with({**STANDARD, "taper_status": "withdrawal"}, at="urgent_symptoms"), start="questions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "enter")  # a seizure
        await pilot.pause()
        assert isinstance(app.screen, UrgentScreen)
        assert "Please get help now" in shown_text(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.flow.current.id == "urgent_symptoms"
        await pilot.press("space", "end", "space", "enter")  # untick, then None of these
        await pilot.pause()
        assert app.flow.answers["urgent_symptoms"] == ["none"]
        assert isinstance(app.screen, QuestionScreen) and app.flow.current.id != "urgent_symptoms"


async def test_urgent_quit_exits_with_1() -> None:
    app = make_app(flow=flow_with({**STANDARD, "taper_status": "withdrawal"}, at="urgent_symptoms"), start="questions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "space", "enter")  # confusion
        await pilot.pause()
        await pilot.click("#quit")
    assert app.return_code == 1


async def test_exclusive_choice_clears_the_others() -> None:
    app = make_app(flow=flow_with({**STANDARD, "taper_status": "tapering"}, at="urgent_symptoms"), start="questions")
    async with app.run_test(size=SIZE) as pilot:
        widget = app.screen.query_one("#answer")
        await pilot.press("space")
        assert widget.values() == ["seizure"]
        await pilot.press("end", "space")
        assert widget.values() == ["none"]
        await pilot.press("home", "space")
        assert widget.values() == ["seizure"]


async def test_validation_message_in_place_and_back_still_allowed() -> None:
    app = make_app(flow=flow_with({"benzo": "clonazepam"}, at="benzo_dose_mg"), start="questions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "b", "c", "enter")
        assert app.flow.current.id == "benzo_dose_mg"
        error = app.screen.query_one("#error", Static)
        assert error.display and "A dose is a number of milligrams" in str(error.content)
        assert not app.screen.children or not any(isinstance(s, AskScreen) for s in app.screen_stack)
        await pilot.press("escape")
        assert app.flow.current.id == "benzo"
        assert "benzo_dose_mg" not in app.flow.answers
        await pilot.press("enter")  # the medicine is still chosen
        await pilot.press("0", ",", "5", " ", "m", "g", "enter")
        assert app.flow.answers["benzo_dose_mg"] == 0.5


async def test_enter_on_a_fresh_choice_asks_for_a_pick_instead_of_guessing() -> None:
    app = make_app(flow=flow_with(STANDARD, at="opioids"), start="questions")
    app.flow.clear("opioids")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert app.flow.current.id == "opioids" and "opioids" not in app.flow.answers
        assert "Please pick one" in str(app.screen.query_one("#error", Static).content)


async def test_medicine_found_by_brand_name() -> None:
    app = make_app(flow=flow_with({}, at="benzo"), start="questions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"xanax")
        choices = app.screen.query_one("#choices")
        assert choices.matched == 1 and choices.shown[0].value == "alprazolam"  # then the question's own choices
        await pilot.press("enter")
        assert app.flow.answers["benzo"] == "alprazolam"
        assert app.flow.current.id == "benzo_dose_mg"


async def test_ctrl_q_without_answers_quits_at_once() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
    assert app.return_code == 1


async def test_ctrl_q_with_answers_asks_first() -> None:
    app = make_app(flow=flow_with(STANDARD, at="thyroid"), start="questions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, AskScreen)
        await pilot.press("enter")  # "Stay" has the focus
        assert isinstance(app.screen, QuestionScreen) and app.is_running
        await pilot.press("ctrl+q")
        await pilot.click("#yes")
    assert app.return_code == 1


async def test_ctrl_q_after_saving_quits_with_0(tmp_path: Path) -> None:
    app = make_app(flow=flow_with(STANDARD), start="summary", save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        assert app.saved
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_save_never_replaces_without_asking(tmp_path: Path) -> None:
    target = tmp_path / "ldn-summary-2026-11-24.toml"
    target.write_text("keep me")
    app = make_app(flow=flow_with(STANDARD), start="summary", save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        await pilot.press("enter")  # "Keep it" has the focus
        await pilot.pause()
        assert target.read_text() == "keep me" and not app.saved
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert app.saved == [target]
        assert tomllib.loads(target.read_text())["plan"]["verdict"] == "standard"


async def test_save_to_a_missing_folder_says_so_beside_the_field(tmp_path: Path) -> None:
    app = make_app(flow=flow_with(STANDARD), start="summary", save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        app.screen.query_one("#path").value = "nowhere/at/all.toml"
        await pilot.press("enter")
        await pilot.pause()
        assert not app.saved and isinstance(app.screen, SaveScreen)
        assert "folder does not exist" in str(app.screen.query_one("#error", Static).content)


async def test_review_change_and_back_to_the_summary() -> None:
    app = make_app(flow=flow_with(STANDARD), start="summary")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, QuestionScreen) and app.flow.current.id == "name"


def test_high_contrast_theme_is_registered() -> None:
    import asyncio

    async def run() -> str:
        app = make_app(theme="high-contrast")
        async with app.run_test(size=SIZE):
            return app.theme

    assert asyncio.run(run()) == "ldnwizard-high-contrast"


# -- drafts ---------------------------------------------------------------------


async def test_draft_saved_after_every_step_and_deleted_once_saved(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path / "data")
    app = make_app(drafts=drafts, save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "down", "space", "enter", *"clon", "enter")  # 18 to 64, then clonazepam
        path = drafts.path(app.bank)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert tomllib.loads(path.read_text())["answers"] == {"age_group": "18-to-64", "benzo": "clonazepam"}
        app.flow = flow_with(STANDARD)
        app.show_summary()
        await pilot.pause()
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        assert app.saved and not path.exists()


async def test_resume_a_draft(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    drafts.save(flow_with(STANDARD, {"name": "A.B."}, at="thyroid"))
    app = make_app(drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, AskScreen)
        await pilot.press("enter")  # Continue where you left off
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.flow.current.id == "thyroid"
        assert app.flow.answers == STANDARD and app.flow.patient == {"name": "A.B."}


async def test_escape_on_the_resume_prompt_keeps_the_draft_and_continues(tmp_path: Path) -> None:
    """Escape gives the safe answer: here that is Continue, since Start over deletes the answers."""
    drafts = DraftStore(tmp_path)
    drafts.save(flow_with(STANDARD, at="thyroid"))
    app = make_app(drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, AskScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.flow.current.id == "thyroid"
        assert drafts.exists(app.bank) and app.flow.answers == STANDARD


async def test_escape_on_the_quit_dialog_stays(tmp_path: Path) -> None:
    app = make_app(flow=flow_with(STANDARD, at="thyroid"), start="questions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.return_code is None


async def test_start_over_deletes_the_draft(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    drafts.save(flow_with(STANDARD, at="thyroid"))
    app = make_app(drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#no")
        assert isinstance(app.screen, WelcomeScreen)
        assert not drafts.exists(app.bank) and not app.flow.has_answers()


async def test_a_broken_draft_is_ignored_with_a_notice(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    drafts.folder.mkdir(exist_ok=True)
    app = make_app(drafts=drafts)
    drafts.path(app.bank).write_text("answers = [not toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert any("could not be read" in str(n.message) for n in app._notifications)


async def test_markup_and_escapes_in_a_name_are_shown_literally_and_do_nothing(tmp_path: Path) -> None:
    app = make_app(flow=flow_with(STANDARD, at="name"), start="questions", save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"[@click=app.quit]x")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "[@click=app.quit]x" in shown_text(app.screen)
        answers = app.screen.query_one("#review", OptionList)
        answers.highlighted = answers.get_option_index("name")
        await pilot.pause()
        line = answers._index_to_line[answers.highlighted] - round(answers.scroll_y)
        await pilot.click(answers, offset=(20, line + 1))  # on the answer: opens the question, nothing else
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, QuestionScreen) and app.flow.current.id == "name"
    for name in ("[red]x", "\x1b[31mx[/]", "[b]bold[/b]"):
        app = make_app(flow=flow_with(STANDARD, {"name": name}), start="review", save_dir=tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            text = shown_text(app.screen)
            expected = name.replace("\x1b", "\\x1b")
            assert expected in text and "\x1b" not in text
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)
            assert expected in shown_text(app.screen)


async def test_a_folder_as_the_path_saves_inside_it_and_a_name_gets_toml(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    app = make_app(flow=flow_with(STANDARD), start="summary", save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        app.screen.query_one("#path").value = "docs"
        await pilot.press("enter")
        await pilot.pause()
        assert app.saved == [tmp_path / "docs" / "ldn-summary-2026-11-24.toml"]
    app = make_app(flow=flow_with(STANDARD), start="summary", save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        app.screen.query_one("#path").value = "for-dr-lee"
        await pilot.press("enter")
        await pilot.pause()
        assert app.saved == [tmp_path / "for-dr-lee.toml"]


def test_run_wizard_wires_drafts_theme_and_exit_code(monkeypatch, tmp_path: Path) -> None:
    import argparse

    from ldnwizard.tui import run as run_module
    from ldnwizard.tui.app import WizardApp

    seen = {}

    def fake_run(self):
        seen.update(drafts=self.drafts, theme=self.theme_choice, save_dir=self.save_dir)
        return None  # as when the terminal closes without a choice

    monkeypatch.setattr(WizardApp, "run", fake_run)
    monkeypatch.setenv("LDNWIZARD_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    from tui_support import shipped_bank

    args = argparse.Namespace(no_draft=True, theme="high-contrast", questions=None)
    assert run_module.run_wizard(shipped_bank(), args) == 1
    assert seen == {"drafts": None, "theme": "high-contrast", "save_dir": tmp_path}
    args.no_draft = False
    run_module.run_wizard(shipped_bank(), args)
    assert seen["drafts"].folder == tmp_path


async def test_medicine_list_arrows_and_typing_back_into_the_filter() -> None:
    app = make_app(flow=flow_with({}, at="benzo"), start="questions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "l", "o", "down")
        choices = app.screen.query_one("#choices")
        assert choices.has_focus
        assert [c.value for c in choices.shown][:3] == ["clobazam", "clonazepam", "clorazepate"]
        assert "zopiclone" in [c.value for c in choices.shown]  # the name contains "clo" too
        await pilot.press("n")
        assert app.screen.query_one("#filter").value == "clon"
        assert [c.value for c in choices.shown][0] == "clonazepam"
        await pilot.press("down", "space")
        assert choices.chosen == "clonazepam" and app.flow.current.id == "benzo"
        await pilot.press("enter")
        assert app.flow.answers["benzo"] == "clonazepam"


async def test_a_pick_is_kept_when_going_back() -> None:
    app = make_app(flow=flow_with({k: v for k, v in STANDARD.items() if k not in ("opioids",)}, at="opioids"), start="questions")
    app.flow.clear("opioids")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "space", "escape")
        assert app.flow.current.id == "other_medicines"
        assert app.flow.answers["opioids"] == "no"
        await pilot.press("enter")
        assert app.flow.current.id == "opioids"
        assert app.screen.query_one("#answer").chosen == "no"


async def test_ctrl_q_asks_again_once_answers_change_after_saving(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path / "data")
    app = make_app(flow=flow_with(STANDARD), start="summary", save_dir=tmp_path, drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        assert app.saved and not app.unsaved()
        await pilot.press("escape")  # back to the summary
        await pilot.pause()
        await pilot.press("escape")  # the review
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        app.screen.change("thyroid")
        await pilot.pause()
        await pilot.press("down", "enter")  # no -> unsure
        await pilot.pause()
        assert app.flow.answers["thyroid"] != STANDARD["thyroid"] and app.unsaved()
        assert drafts.exists(app.bank)  # unsaved answers are kept as a draft again
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, AskScreen) and app.screen.id == "quit"
        assert "after saving" in app.screen.question
        await pilot.press("enter")  # Stay
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.click("#yes")
    assert app.return_code == 0  # a summary was saved before


async def test_ctrl_q_after_saving_and_changing_back_quits_at_once(tmp_path: Path) -> None:
    app = make_app(flow=flow_with(STANDARD), start="summary", save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        app.flow.answer("unsure", app.bank.by_id["thyroid"])
        assert app.unsaved()
        app.flow.answer("no", app.bank.by_id["thyroid"])
        assert not app.unsaved()
        await pilot.press("ctrl+q")
    assert app.return_code == 0
