"""The wizard app: welcome, draft prompt, questions, urgent help, review, summary, save."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from textual.app import App
from textual.binding import Binding

from ldnwizard.core.bank import Bank
from ldnwizard.core.flow import Flow
from ldnwizard.tui.themes import HIGH_CONTRAST, theme_name

if TYPE_CHECKING:
    from ldnwizard.core.drafts import DraftStore

HERE = Path(__file__).parent

#: Exit codes: saved or finished, and quit.
DONE, QUIT = 0, 1


class WizardApp(App[int]):
    """The terminal wizard around one :class:`Flow`.

    ``drafts`` (None: no drafts) keeps the answers between runs; ``save_dir`` is where
    relative save paths go; ``theme`` is a ``--theme`` choice; ``flow`` starts from
    given answers; ``start`` is ``"welcome"``, ``"questions"``, ``"review"`` or
    ``"summary"``; ``clock`` gives the summary's time; ``steady`` freezes the cursor
    blink and button flash (snapshot tests).
    """

    CSS_PATH = [HERE / "app.tcss", HERE / "question.tcss", HERE / "summary.tcss", HERE / "dialogs.tcss"]
    TITLE = "ldnwizard"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit_wizard", "Quit", priority=True)]

    def __init__(
        self,
        bank: Bank,
        *,
        drafts: DraftStore | None = None,
        save_dir: Path | None = None,
        theme: str = "auto",
        flow: Flow | None = None,
        start: str = "welcome",
        clock: Callable[[], dt.datetime] | None = None,
        steady: bool = False,
    ) -> None:
        self.steady = steady
        super().__init__()
        self.bank = bank
        self.flow = flow or Flow(bank)
        self.drafts = drafts
        self.save_dir = save_dir or Path.cwd()
        self.theme_choice = theme
        self.start = start
        self.clock = clock
        self.saved: list[Path] = []

    async def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        self.theme = theme_name(self.theme_choice)
        self.title = self.bank.questionnaire.title
        if self.start == "questions":
            self.show_questions()
        elif self.start == "review":
            self.show_review()
        elif self.start == "summary":
            self.show_summary()
        else:
            await self.show_welcome()
            self._offer_draft()

    # -- drafts -------------------------------------------------------------

    def save_draft(self, flow: Flow) -> None:
        """After every step: keep the answers as a draft (if drafts are on)."""
        if self.drafts is not None and not self.saved:
            problem = self.drafts.try_save(flow)
            if problem:
                self.notify(problem, severity="warning", markup=False)

    def _offer_draft(self) -> None:
        if self.drafts is None or not self.drafts.exists(self.bank):
            return
        found = self.drafts.load(self.bank)
        if found.flow is None:
            if found.notice:
                self.notify(found.notice, markup=False)
            return
        from ldnwizard.tui.screens.dialogs import AskScreen

        draft = found.flow

        def chosen(resume: bool | None) -> None:
            if resume:
                self.flow = draft
                self.show_review() if draft.done else self.show_questions()
            elif self.drafts is not None:
                self.drafts.delete(self.bank)

        n = len(draft.answers) + len(draft.patient)
        self.push_screen(
            AskScreen(
                f"You started before: {n} {'answer was' if n == 1 else 'answers were'} kept as a draft on this computer.",
                "Continue where you left off",
                "Start over",
                focus_yes=True,
                id="resume",
            ),
            chosen,
        )

    # -- the walk -------------------------------------------------------------

    def show_welcome(self):
        """The welcome screen (returns an awaitable that completes once it is mounted)."""
        from ldnwizard.tui.screens.welcome import WelcomeScreen

        return self.push_screen(WelcomeScreen(self.bank), self._after_welcome)

    def _after_welcome(self, result: str | None) -> None:
        self.show_questions()

    def show_questions(self, back_to_review: bool = False) -> None:
        """The question screen at the flow's current question."""
        from ldnwizard.tui.screens.question import QuestionScreen

        if self.flow.done:
            self.flow.back()
        self.push_screen(
            QuestionScreen(self.flow, on_step=self.save_draft, back_to_review=back_to_review), self._after_questions
        )

    def _after_questions(self, result: str | None) -> None:
        if result == "review":
            self.show_review()
        elif result == "urgent":
            self.show_urgent()
        else:
            self.show_welcome()

    def show_urgent(self) -> None:
        """Urgent help, at once."""
        from ldnwizard.tui.screens.urgent import UrgentScreen

        urgent = self.flow.urgent()
        assert urgent is not None
        self.push_screen(UrgentScreen(urgent), self._after_urgent)

    def _after_urgent(self, result: str | None) -> None:
        if result == "quit":
            self.exit(QUIT, return_code=QUIT)
        else:
            self.show_questions()

    def show_review(self) -> None:
        """Every answer, each with a Change button."""
        from ldnwizard.tui.screens.review import ReviewScreen

        self.flow.finish()
        self.push_screen(ReviewScreen(self.flow), self._after_review)

    def _after_review(self, result: str | None) -> None:
        if result == "summary":
            self.show_summary()
        elif result and result.startswith("change:"):
            self.flow.goto(result.removeprefix("change:"))
            self.show_questions(back_to_review=True)
        else:
            self.show_questions()

    def show_summary(self) -> None:
        """The summary of the answers."""
        from ldnwizard.tui.screens.summary import SummaryScreen

        screen = SummaryScreen(self.flow, clock=self.clock)
        self.push_screen(screen, lambda result: self._after_summary(result, screen))

    def _after_summary(self, result: str | None, screen) -> None:
        if result == "save":
            self.show_save(screen.summary)
        else:
            self.show_review()

    def show_save(self, summary) -> None:
        """Save the summary to a file."""
        from ldnwizard.tui.screens.save import SaveScreen

        self.push_screen(SaveScreen(summary, self.bank, folder=self.save_dir, on_saved=self._saved), self._after_save)

    def _saved(self, paths: list[Path]) -> None:
        self.saved = paths
        if self.drafts is not None:
            self.drafts.delete(self.bank)

    def _after_save(self, result: str | None) -> None:
        if result == "finish":
            self.exit(DONE, return_code=DONE)
        else:
            self.show_summary()

    # -- quitting ---------------------------------------------------------------

    def action_quit_wizard(self) -> None:
        """Ctrl+Q: quit, asking first when answers would be lost."""
        if self.saved:
            self.exit(DONE, return_code=DONE)
            return
        if not self.flow.has_answers() or isinstance(self.screen, _ask_type()):
            self.exit(QUIT, return_code=QUIT)
            return
        kept = " They are kept as a draft for next time." if self.drafts is not None else ""
        from ldnwizard.tui.screens.dialogs import AskScreen

        def chosen(quit_now: bool | None) -> None:
            if quit_now:
                self.exit(QUIT, return_code=QUIT)

        self.push_screen(
            AskScreen(f"Quit now? Your answers are not saved as a summary yet.{kept}", "Quit", "Stay", id="quit"),
            chosen,
        )


def _ask_type() -> type:
    from ldnwizard.tui.screens.dialogs import AskScreen

    return AskScreen
