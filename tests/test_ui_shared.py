"""The wizard and the kiosk share what they do alike (ldnwizard.ui), each with its own look.

For the same answers, both review lists hold the rows of ``ui.review.review_rows``, both
finish views name the verdict and the findings with the same word and icon from the
question set (``ui.verdict``), and both offer a list of medicines in the order of
``ui.choices.offered`` ("Not sure", "None" first). Each screen is shown on a bare host app,
so the test looks at the views' own widgets, not at either app's wiring.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual import on
from textual.app import App
from textual.screen import Screen

from ldnwizard.core.content.messages import _ as tr
from ldnwizard.ui import choices as ui_choices
from ldnwizard.ui.choices import Marks, matches, narrowed, offered, pinned, toggled
from ldnwizard.ui.review import AnswerReview, review_rows
from ldnwizard.ui.verdict import FindingBox, VerdictBox, findings_of, verdict_of
from tui_support import STANDARD, VERDICT_ANSWERS, fixed_clock, flow_with, shipped_bank


class Host(App):
    """A bare app that shows one screen (no CSS, no wiring): what the screen itself builds."""

    def __init__(self, screen: Screen, results: list | None = None) -> None:
        super().__init__()
        self.first = screen
        self.results = results  # what the screen dismisses with

    def on_mount(self) -> None:
        self.push_screen(self.first, callback=None if self.results is None else self.results.append)


async def shown(screen: Screen, check) -> Any:
    """Run ``check(screen)`` once ``screen`` is mounted on a bare host, and return what it returns."""
    app = Host(screen)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.screen is screen
        return check(screen)


def with_one_left_out() -> dict[str, Any]:
    """The standard answers with an optional-looking one taken out, so a row reads "not answered"."""
    answers = dict(STANDARD)
    answers.pop("ldn_reason")
    return answers


async def test_both_reviews_show_the_rows_of_review_rows() -> None:
    from ldnwizard.kiosk.screens import ReviewScreen as KioskReview
    from ldnwizard.kiosk.tiles import AnswerTiles
    from ldnwizard.kiosk.widgets import Tile
    from ldnwizard.tui.screens.review import AnswerList, ReviewScreen as WizardReview

    flow = flow_with(with_one_left_out())
    rows = review_rows(flow)
    assert [r.question_id for r in rows] == [q.id for q in flow.visible()]
    left_out = next(r for r in rows if r.question_id == "ldn_reason")
    assert not left_out.answered and left_out.answer == tr("answer.not_answered")

    def wizard(screen):
        answers = screen.query_one(AnswerList)
        prompts = [str(answers.get_option(r.question_id).prompt) for r in answers.rows]
        return answers.rows, prompts

    def kiosk(screen):
        answers = screen.query_one(AnswerTiles)
        return answers.rows, [t.label for t in answers.query(".answer").results(Tile)]

    wizard_rows, wizard_text = await shown(WizardReview(flow), wizard)
    kiosk_rows, kiosk_text = await shown(KioskReview(flow), kiosk)
    assert wizard_rows == kiosk_rows == rows
    for row, in_wizard, in_kiosk in zip(rows, wizard_text, kiosk_text, strict=True):
        for line in (in_wizard, in_kiosk):
            assert row.prompt in line and row.answer in line


async def test_a_pick_on_either_review_asks_to_change_that_answer() -> None:
    """Enter on the wizard's option and a press on the kiosk's tile both end in ``ChangeRequested`` for that question."""
    from ldnwizard.kiosk.messages import ChangeWanted
    from ldnwizard.kiosk.screens import ReviewScreen as KioskReview
    from ldnwizard.kiosk.tiles import AnswerTiles
    from ldnwizard.kiosk.widgets import Tile
    from ldnwizard.tui.screens.review import AnswerList, ReviewScreen as WizardReview

    flow = flow_with(STANDARD)
    target = review_rows(flow)[2].question_id
    heard: list[str] = []

    class Listening(Host):
        @on(AnswerReview.ChangeRequested)
        def _heard(self, event: AnswerReview.ChangeRequested) -> None:
            heard.append(f"asked:{event.question_id}")  # the screens stop it: this must stay empty

        @on(ChangeWanted)
        def _kiosk_wants(self, event: ChangeWanted) -> None:
            heard.append(f"kiosk:{event.question_id}")

    wizard_result: list[str] = []
    app = Listening(WizardReview(flow), wizard_result)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        answers = app.screen.query_one(AnswerList)
        answers.focus()
        answers.highlighted = answers.get_option_index(target)
        await pilot.press("enter")
        await pilot.pause()
    assert wizard_result == [f"change:{target}"]

    app = Listening(KioskReview(flow))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        tiles = app.screen.query_one(AnswerTiles)
        next(t for t in tiles.query(".answer").results(Tile) if t.value == target).action_press()
        await pilot.pause()
    assert heard == [f"kiosk:{target}"]


@pytest.mark.parametrize("verdict", sorted(VERDICT_ANSWERS))
async def test_both_finish_views_name_the_verdict_and_findings_alike(verdict: str) -> None:
    from ldnwizard.kiosk.screens import FinishScreen
    from ldnwizard.tui.screens.summary import SummaryScreen, make_summary

    flow = flow_with(VERDICT_ANSWERS[verdict])
    bank = flow.bank
    summary = make_summary(flow, fixed_clock)
    assert summary.plan.verdict == verdict
    said = bank.plan.verdicts[verdict]
    expected = verdict_of(summary, bank.plan)
    assert expected.tag == f"{said.icon} {said.word}"

    def boxes(screen):
        box = screen.query_one(VerdictBox)
        findings = list(screen.query(FindingBox))
        return box.verdict, str(box.render()).splitlines()[0], [f.finding for f in findings], box.classes

    in_wizard = await shown(SummaryScreen(flow, clock=fixed_clock), boxes)
    in_kiosk = await shown(FinishScreen(summary, "7KX40P", bank.plan), boxes)
    for verdict_line, first_line, findings, classes in (in_wizard, in_kiosk):
        assert verdict_line == expected
        assert first_line == expected.line  # the word and icon from plan.toml, then the headline
        assert f"level-{expected.level}" in classes
        assert findings == findings_of(summary, bank.plan)
        for f in findings:
            level = bank.plan.levels[f.level]
            assert f.line.startswith(f"{level.icon} {level.word}: ")


async def test_both_views_offer_a_list_of_medicines_in_the_same_order() -> None:
    from ldnwizard.kiosk.screens import QuestionScreen as KioskQuestion
    from ldnwizard.kiosk.widgets import Tile
    from ldnwizard.tui.screens.question import QuestionScreen as WizardQuestion
    from ldnwizard.tui.widgets.fields import MedicinePicker

    bank = shipped_bank()
    q = bank.by_id["benzo"]
    order = [c.value for c in offered(q, bank)]
    assert set(order[:3]) == {"other", "unsure", "none"} == pinned(q, bank)  # the way out leads the list
    assert sorted(order) == sorted(c.value for c in q.choices)

    in_wizard = await shown(WizardQuestion(flow_with({}, at="benzo")), lambda s: [c.value for c in s.query_one(MedicinePicker).choices.shown])
    kiosk_flow = flow_with({}, at="benzo")  # the kiosk's screen holds its flow weakly: keep it alive here
    in_kiosk = await shown(KioskQuestion(kiosk_flow), lambda s: [t.value for t in s.query(".choice").results(Tile)])
    assert in_wizard == in_kiosk == order


def test_ticks_follow_one_rule_in_the_question_order() -> None:
    q = shipped_bank().by_id["other_medicines"]
    exclusive = next(c.value for c in q.choices if c.exclusive)
    a, b = [c.value for c in q.choices if not c.exclusive][:2]
    assert toggled(q, [], b) == [b]
    assert toggled(q, [b], a) == [a, b]  # the question's order, not the order of ticking
    assert toggled(q, [a, b], exclusive) == [exclusive]  # "None" clears the others
    assert toggled(q, [exclusive], a) == [a]  # and a medicine clears "None"
    assert toggled(q, [a, b], a) == [b]


def test_typed_words_find_a_choice_by_label_value_or_brand_and_keep_the_way_out() -> None:
    bank = shipped_bank()
    q = bank.by_id["benzo"]
    diazepam = next(c for c in q.choices if c.value == "diazepam")
    assert matches(diazepam, "valium") and matches(diazepam, "DIAZ") and matches(diazepam, "")
    assert not matches(diazepam, "clon")
    shown_, found = narrowed(q.choices, "clo", pinned(q, bank))
    starting = [c.value for c in shown_[:found] if ui_choices.starts_a_word(c, "clo")]
    assert "zopiclone" in [c.value for c in shown_[:found]] and "zopiclone" not in starting
    assert [c.value for c in shown_[: len(starting)]] == starting  # a word that starts with it comes first
    assert {c.value for c in shown_[found:]} == pinned(q, bank)  # never filtered away
    radio = Marks("(•)", "( )")
    assert radio.label(diazepam, True) == f"(•) {diazepam.label}" and radio.of(False) == "( )"


def test_each_view_marks_a_choice_its_own_way() -> None:
    from ldnwizard.kiosk import tiles as kiosk_tiles
    from ldnwizard.tui.widgets import choices as wizard_choices

    marks = {kiosk_tiles.RADIO, kiosk_tiles.TICKS, wizard_choices.RADIO, wizard_choices.CHECK}
    assert all(isinstance(m, ui_choices.Marks) for m in marks) and len(marks) == 4


async def test_both_faces_pick_tick_and_refuse_an_empty_answer_alike() -> None:
    """The wizard's list and the kiosk's tiles are both ChoicePickers: the same ticks after the
    same presses (None clears the others), and the same message for nothing ticked."""
    from ldnwizard.kiosk.screens import QuestionScreen as KioskQuestion
    from ldnwizard.kiosk.tiles import ChoiceTiles
    from ldnwizard.tui.screens.question import QuestionScreen as WizardQuestion
    from ldnwizard.tui.widgets.choices import MultiChoice
    from ldnwizard.ui.picker import ChoicePicker

    q = shipped_bank().by_id["benzo_uses"]
    assert not q.optional
    first, second = q.choices[0].value, q.choices[1].value
    exclusive = [c.value for c in q.choices if c.exclusive]
    presses = [second, first, *exclusive[:1]]
    expected = list(STANDARD["benzo_uses"])  # what the person answered before coming back
    for value in presses:
        expected = toggled(q, expected, value)
    empty = tr("answer.empty_multi")

    async def run(screen, face):
        app = Host(screen)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            picker = screen.query_one(face)
            assert isinstance(picker, ChoicePicker)
            for value in presses:
                picker.pick(value)
            await pilot.pause()
            after = list(picker.picked)
            for value in list(picker.picked):
                picker.pick(value)  # untick everything
            await pilot.pause()  # as between two presses: the screen has heard every pick
            screen.action_next() if face is ChoiceTiles else await screen.action_next()
            await pilot.pause()
            error = str(screen.query_one("#error").render())
        return after, error

    wizard_flow = flow_with(STANDARD, at="benzo_uses")
    kiosk_flow = flow_with(STANDARD, at="benzo_uses")
    in_wizard = await run(WizardQuestion(wizard_flow), MultiChoice)
    in_kiosk = await run(KioskQuestion(kiosk_flow), ChoiceTiles)
    assert in_wizard[0] == in_kiosk[0] == expected
    # Unticking the old answer and pressing Next never goes on with the old answer.
    assert empty in in_wizard[1] and empty in in_kiosk[1]
    assert wizard_flow.current.id == kiosk_flow.current.id == "benzo_uses"


def test_both_views_build_review_finish_and_choices_from_ui() -> None:
    """Drawn from the imports: the wizard's and the kiosk's screens each use the three shared modules."""
    from test_import_circles import import_graph

    graph = import_graph()
    wizard = graph["ldnwizard.tui.screens.review"] | graph["ldnwizard.tui.screens.summary"] | graph["ldnwizard.tui.widgets.choices"]
    kiosk = graph["ldnwizard.kiosk.screens"] | graph["ldnwizard.kiosk.tiles"]
    for shared in ("ldnwizard.ui.review", "ldnwizard.ui.verdict", "ldnwizard.ui.choices", "ldnwizard.ui.picker"):
        assert shared in wizard and shared in kiosk, shared
