"""The wizard app: welcome, draft prompt, questions, urgent help, review, summary, save."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from ldnwizard.core.errors import LdnError
from ldnwizard.core.content.messages import _ as tr
from ldnwizard.core.content.welcome import WelcomeText, welcome_from_bank
from ldnwizard.ui.themes import HIGH_CONTRAST, start_in_theme, theme_for, theme_name

if TYPE_CHECKING:
    from ldnwizard.core.content.bank import Bank
    from ldnwizard.core.answering.drafts import DraftStore
    from ldnwizard.core.answering.flow import Flow

HERE = Path(__file__).parent

#: Exit codes: saved or finished, quit, and a question set that failed to load.
DONE, QUIT, BAD_INPUT = 0, 1, 2


class WizardApp(App[int]):
    """The terminal wizard around one :class:`Flow`.

    ``drafts`` (None: no drafts) keeps the answers between runs; ``save_dir`` is where
    relative save paths go; ``theme`` is a ``--theme`` choice; ``flow`` starts from
    given answers; ``start`` is ``"welcome"``, ``"questions"``, ``"review"`` or
    ``"summary"``; ``clock`` gives the summary's time; ``steady`` freezes the cursor
    blink and button flash (snapshot tests).

    Quick start: with ``bank=None``, give ``welcome`` (the first screen's texts) and
    ``load_bank`` (called in a thread once the first screen is drawn). Start and
    Continue wait for it; if it fails the app exits with 2 and keeps the error in
    ``load_error``.
    """

    CSS_PATH = [HERE / "app.tcss", HERE / "welcome.tcss"]
    #: The other screens' styles: read just after the welcome is drawn (or before any other
    #: screen is shown), so the first paint parses only what it shows.
    LATER_CSS = (HERE / "question.tcss", HERE / "summary.tcss", HERE / "dialogs.tcss")
    TITLE = "ldnwizard"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit_wizard", "Quit", priority=True)]

    def __init__(
        self,
        bank: Bank | None = None,
        *,
        welcome: WelcomeText | None = None,
        load_bank: Callable[[], Bank] | None = None,
        drafts: DraftStore | None = None,
        save_dir: Path | None = None,
        theme: str = "auto",
        flow: Flow | None = None,
        start: str = "welcome",
        clock: Callable[[], dt.datetime] | None = None,
        steady: bool = False,
    ) -> None:
        if bank is None and (welcome is None or load_bank is None or flow is not None or start != "welcome"):
            raise ValueError("without a bank, give welcome and load_bank, and start at the welcome")
        self.steady = steady
        super().__init__()
        self.bank: Bank | None = bank
        self.welcome = welcome if welcome is not None else welcome_from_bank(bank)
        self._load_bank = load_bank
        self.load_error: LdnError | None = None
        if flow is None and bank is not None:
            from ldnwizard.core.answering.flow import Flow

            flow = Flow(bank)
        self.flow: Flow | None = flow  # None only until the bank is loaded
        self.drafts = drafts
        self.save_dir = save_dir or Path.cwd()
        self.theme_choice = theme
        self.register_theme(HIGH_CONTRAST)  # always there, so --theme may name it whenever it is applied
        start_in_theme(self, theme_for(theme))  # before the first screen is styled, so it is styled once
        self.start = start
        self.clock = clock
        self.saved: list[Path] = []
        self._saved_state: dict | None = None  # answers and patient as last saved
        self._waiting: list[Callable[[], None]] = []  # run once the bank is loaded
        self._draft: Flow | None = None  # the checked draft on offer
        self._draft_open = False  # a draft was offered and neither dropped nor taken yet
        self._save_form: dict = {}  # what was typed on the save screen, kept when the person goes back
        self._later_css_read = False

    def run(self, *args, **kwargs):  # type: ignore[override]
        """Run in the terminal. Without one (input or output not a terminal), say so at once.

        Otherwise the wizard would wait forever for keys no one can press
        (``ldnwizard </dev/null``); the command prints the message and exits with 2.
        """
        if not kwargs.get("headless"):
            for name, stream in (("input", sys.stdin), ("output", sys.stdout)):
                if stream is None or not stream.isatty():
                    raise LdnError(
                        f"the wizard needs a terminal, and its {name} is not one; "
                        "for plain line-by-line questions (scripts, screen readers) use: ldnwizard --plain"
                    )
        return super().run(*args, **kwargs)

    def read_later_css(self) -> None:
        """Read the styles of the screens after the welcome (once; only the new files are parsed)."""
        if self._later_css_read:
            return
        self._later_css_read = True
        for path in self.LATER_CSS:
            self.stylesheet.read(path)
        self.stylesheet.parse()

    def push_screen(self, screen, *args, **kwargs):  # type: ignore[override]
        """Show ``screen``; every screen but the welcome needs the later styles first."""
        if not getattr(screen, "FIRST_SCREEN", False):
            self.read_later_css()
        return super().push_screen(screen, *args, **kwargs)

    def get_default_screen(self) -> Screen:
        """The welcome is the first screen itself (when the walk starts there): one screen less to draw first."""
        if self.start != "welcome":
            return super().get_default_screen()
        from ldnwizard.tui.screens.welcome import WelcomeScreen

        return WelcomeScreen(self.welcome, ready=self.when_bank, on_start=self.show_questions)

    async def on_mount(self) -> None:
        self.theme = theme_name(self.theme_choice)  # in case the choice changed since __init__ (no-op otherwise)
        self.title = self.welcome.title
        if self.start == "questions":
            self.show_questions()
        elif self.start == "review":
            self.show_review()
        elif self.start == "summary":
            self.show_summary()
        else:  # the welcome is already there: the default screen
            self._offer_draft()
            if self.bank is None:
                self.call_after_refresh(self._start_loading)
            self.call_after_refresh(self.read_later_css)

    # -- the question set, loaded after the first screen ---------------------------

    def _start_loading(self) -> None:
        self.run_worker(self._load_in_thread, thread=True, exit_on_error=False, group="bank", name="load-bank")

    def _load_in_thread(self) -> None:
        assert self._load_bank is not None
        try:
            bank = self._load_bank()
            # Imported here, in the thread, while the person reads the welcome: the first
            # question then shows without waiting for these modules on Start.
            import ldnwizard.core.answering.flow  # noqa: F401
            import ldnwizard.tui.screens.question  # noqa: F401
        except LdnError as exc:
            done, result = self._bank_failed, exc
        except Exception as exc:  # never a traceback: say what failed and stop
            done, result = self._bank_failed, LdnError(f"the question set could not be loaded: {exc!r}")
        else:
            done, result = self._bank_loaded, bank
        try:
            self.call_from_thread(done, result)
        except RuntimeError:  # the app closed meanwhile
            pass

    def _bank_loaded(self, bank: Bank) -> None:
        from ldnwizard.core.answering.flow import Flow

        self.bank = bank
        if self.flow is None:
            self.flow = Flow(bank)
        self._check_draft()
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()

    def _bank_failed(self, error: LdnError) -> None:
        self.load_error = error
        self._waiting.clear()
        self.exit(BAD_INPUT, return_code=BAD_INPUT)

    def when_bank(self, then: Callable[[], None]) -> None:
        """Run ``then`` now if the question set is loaded, else as soon as it is."""
        if self.bank is not None:
            then()
        else:
            self._waiting.append(then)

    # -- drafts -------------------------------------------------------------

    def unsaved(self) -> bool:
        """Whether quitting would lose answers: there are some, and they differ from the last saved summary."""
        if self.flow is None or not self.flow.has_answers():
            return False
        return self._saved_state != {"answers": self.flow.answers, "patient": self.flow.patient}

    def save_draft(self, flow: Flow) -> None:
        """After every step: keep the answers as a draft (if drafts are on and they differ from the saved summary)."""
        if self.drafts is not None and self.unsaved():
            problem = self.drafts.try_save(flow)
            if problem:
                self.notify(problem, severity="warning", markup=False)

    def _offer_draft(self) -> None:
        """Offer to continue a draft: checked at once if the bank is loaded, else counted now and checked on load."""
        if self.drafts is None:
            return
        if self.bank is not None:
            found = self.drafts.load(self.bank)
            if found.flow is None:
                if found.notice:
                    self.notify(found.notice, markup=False)
                return
            self._ask_resume(found.flow)
            return
        peek = self.drafts.peek(self.welcome.set_id)
        if peek.notice:
            self.notify(peek.notice, markup=False)
        if peek.count:
            self._ask_resume(None, peek.count)

    @staticmethod
    def _resume_text(n: int) -> str:
        return tr("dialog.resume_one" if n == 1 else "dialog.resume_many", n=n)

    def _ask_resume(self, draft: Flow | None, count: int = 0) -> None:
        from ldnwizard.tui.screens.dialogs import AskScreen

        self._draft, self._draft_open = draft, True
        if draft is not None:
            count = len(draft.answers) + len(draft.patient)

        def chosen(resume: bool | None) -> None:
            if not self._draft_open:  # dropped: it did not fit the questions
                return
            if resume:
                self.when_bank(self._resume)
            else:
                self._draft_open, self._draft = False, None
                if self.drafts is not None:
                    self.drafts.delete(self.welcome.set_id)

        ask = AskScreen(
            self._resume_text(count), tr("dialog.resume_yes"), tr("dialog.resume_no"), focus_yes=True, safe_yes=True, id="resume"
        )
        self.push_screen(ask, chosen)  # Escape continues: starting over would delete the draft

    def _check_draft(self) -> None:
        """Once the bank is loaded: check the draft on offer; one that does not fit is dropped with a notice."""
        if not self._draft_open or self._draft is not None or self.drafts is None or self.bank is None:
            return
        found = self.drafts.load(self.bank)
        prompt = next((s for s in self.screen_stack if s.id == "resume"), None)
        if found.flow is not None:
            self._draft = found.flow
            if prompt is not None:
                from textual.widgets import Static

                text = self._resume_text(len(found.flow.answers) + len(found.flow.patient))
                if text != prompt.question:  # some answers no longer apply
                    prompt.question = text
                    prompt.query_one("#question", Static).update(text)
            return
        self._draft_open = False
        if prompt is not None and prompt.is_current:
            prompt.dismiss(None)
        if found.notice:
            self.notify(found.notice, markup=False)

    def _resume(self) -> None:
        draft = self._draft
        if not self._draft_open or draft is None:
            return
        self._draft_open, self._draft = False, None
        self.flow = draft
        self.show_review() if draft.done else self.show_questions()

    # -- the walk -------------------------------------------------------------

    def show_welcome(self) -> None:
        """Back to the welcome: the first screen, when the walk began there; else a new one."""
        from ldnwizard.tui.screens.welcome import WelcomeScreen

        if isinstance(self.screen_stack[0], WelcomeScreen):
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        self.push_screen(WelcomeScreen(self.welcome, ready=self.when_bank), self._after_welcome)

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

        screen = SaveScreen(summary, self.bank, folder=self.save_dir, on_saved=self._saved, form=self._save_form)
        self.push_screen(screen, self._after_save)

    def _saved(self, paths: list[Path]) -> None:
        self.saved = paths
        self._saved_state = {"answers": dict(self.flow.answers), "patient": dict(self.flow.patient)}
        if self.drafts is not None:
            self.drafts.delete(self.bank)

    def _after_save(self, result: str | None) -> None:
        if result == "finish":
            self.exit(DONE, return_code=DONE)
        else:
            self.show_summary()

    # -- quitting ---------------------------------------------------------------

    def action_quit_wizard(self) -> None:
        """Ctrl+Q: quit, asking first when answers would be lost (also answers changed after saving).

        Exit code 0 once a summary was saved, else 1.
        """
        code = DONE if self.saved else QUIT
        if not self.unsaved() or isinstance(self.screen, _ask_type()):
            self.exit(code, return_code=code)
            return
        kept = tr("dialog.quit_kept") if self.drafts is not None else ""
        if self.saved:
            question = tr("dialog.quit_changed", kept=kept)
        else:
            question = tr("dialog.quit_unsaved", kept=kept)
        from ldnwizard.tui.screens.dialogs import AskScreen

        def chosen(quit_now: bool | None) -> None:
            if quit_now:
                self.exit(code, return_code=code)

        self.push_screen(AskScreen(question, tr("dialog.quit_yes"), tr("dialog.quit_no"), id="quit"), chosen)


def _ask_type() -> type:
    from ldnwizard.tui.screens.dialogs import AskScreen

    return AskScreen
