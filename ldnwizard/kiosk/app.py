"""The kiosk app: one customer after another, nothing left behind, no way out but the operator's.

Lockdown
    No inherited quit/copy bindings, no command palette, no text selection, and
    :meth:`KioskApp.run_action` refuses every action that could end the app, switch or
    drop screens, touch the clipboard, or change the look (whether it comes from a key,
    a widget or a ``[@click=...]`` in some text). The operator stops the kiosk with
    SIGTERM (or SIGINT, SIGHUP), or F12 three times within three seconds and the PIN
    from the PIN file.

Idle
    Every input event (keys, typing in a field, mouse, touch, paste) counts as activity
    (:meth:`KioskApp.on_event`). After ``idle_seconds`` without any, a "Still there?"
    countdown; when it runs out the session is wiped: the Flow is dropped and every
    screen above the base is removed, then a fresh welcome screen is shown. The finish
    screen (code, verdict, name) goes sooner: wiped ``finish_seconds`` after the last
    touch, the countdown included.

Spool
    Expired summaries are purged at start, after each session and every
    :attr:`KioskApp.PURGE_SECONDS` while the kiosk idles. A summary the spool does not
    take is kept in :attr:`KioskApp.unsaved` for staff (see :mod:`ldnwizard.kiosk.staff`).
"""

from __future__ import annotations

import asyncio
import hmac
import os
import secrets
import signal
import time
from typing import Callable

from textual import events, on
from textual.app import App
from textual.binding import Binding

from ldnwizard.core.files import spool
from ldnwizard.core.content.bank import Bank
from ldnwizard.core.answering.flow import Flow
from ldnwizard.core.content.i18n import LANGUAGES, translate, translation_path
from ldnwizard.core.content.messages import set_language
from ldnwizard.core.report.summary import build_summary, to_toml
from ldnwizard.core.text import printable
from ldnwizard.kiosk import messages
from ldnwizard.kiosk.config import KioskConfig, lockout_from_env
from ldnwizard.kiosk.screens import (
    FinishScreen,
    KioskScreen,
    OperatorScreen,
    QuestionScreen,
    ReviewScreen,
    StillThereScreen,
    UrgentScreen,
    WelcomeScreen,
)
from ldnwizard.kiosk.staff import StaffScreen, Unsaved
from ldnwizard.kiosk.supervisor import staff_log
from ldnwizard.ui.themes import HIGH_CONTRAST, start_in_theme

KIOSK_THEME = HIGH_CONTRAST
"""The wizard's high-contrast theme: white on black, yellow for the focused target (plus a fill, not colour alone)."""

DENIED_ACTIONS = frozenset(
    {
        "quit", "help_quit", "command_palette", "suspend_process", "screenshot",
        "change_theme", "toggle_dark", "push_screen", "switch_screen", "pop_screen",
        "switch_mode", "back", "simulate_key", "show_help_panel", "hide_help_panel",
        "maximize", "minimize", "copy", "copy_text", "cut", "paste", "select_all",
        "add_class", "remove_class", "toggle_class", "dismiss", "notify", "bell",
        "open_url", "toggle_maximize", "focus", "delete_screen",
    }
)
"""Actions that never run in the kiosk, whoever asks for them."""

OPERATOR_KEY = "f12"
OPERATOR_PRESSES = 3
OPERATOR_WINDOW = 3.0


class KioskApp(App[int], inherit_bindings=False):
    """The pharmacy kiosk."""

    CSS_PATH = "kiosk.tcss"
    TITLE = "ldnwizard kiosk"
    ENABLE_COMMAND_PALETTE = False
    ALLOW_SELECT = False
    PURGE_SECONDS = 60.0
    """How often expired summaries are purged while the kiosk runs."""
    BINDINGS = [
        # Claimed first so nothing deeper (a field's copy/cut/paste, a quit) sees them.
        Binding("ctrl+c,ctrl+q,ctrl+p,ctrl+z,ctrl+backslash,ctrl+x,ctrl+v,ctrl+s", "nothing", show=False, priority=True),
    ]

    def __init__(
        self,
        bank: Bank,
        config: KioskConfig,
        *,
        pin: str | None = None,
        choice: Callable[[str], str] = secrets.choice,
        clock: Callable[[], float] = time.monotonic,
        countdown_seconds: float | None = None,
        handle_signals: bool = True,
        stop_pid: int | None = None,
    ) -> None:
        super().__init__()
        # One bank per language the question set speaks; the customer picks on the welcome screen.
        self.banks = {lang: translate(bank, lang) for lang in LANGUAGES if lang == "en" or translation_path(bank.path, lang).is_file()}
        self.language = config.language if config.language in self.banks else "en"
        self.bank = self.banks[self.language]
        set_language(self.language)
        self.config = config
        self.pin = pin
        self.choice = choice
        self.clock = clock
        self.countdown_seconds = config.countdown_seconds if countdown_seconds is None else countdown_seconds
        self.handle_signals = handle_signals
        self.flow: Flow | None = None
        self.sessions_finished = 0
        self.resets = 0
        self._last_input = clock()
        self._operator_presses: list[float] = []
        # Shared by every kiosk of one `ldnwizard serve` (see config.OperatorLockout).
        self.lockout = lockout_from_env(clock)
        self._signals: list[int] = []
        self.unsaved: list[Unsaved] = []
        """Summaries the spool did not take, kept until staff deal with them."""
        self._spool_problem: str | None = None
        self._changing = False  # an answer is being changed from the review
        self.stop_pid = stop_pid if stop_pid is not None else os.getpid()
        """The process staff send SIGTERM to (the supervisor's, when there is one)."""
        self.staff_language = config.language
        """The language of the staff screens: the kiosk's own (its ``--lang``), whatever the customer picked."""
        start_in_theme(self, KIOSK_THEME)  # styles parsed once, in the kiosk's theme

    # -- start and stop ------------------------------------------------------

    def on_mount(self) -> None:
        self.purge()
        self.push_screen(self._welcome())
        self.set_interval(min(1.0, self.config.idle_seconds / 5, self.config.finish_seconds / 5), self._check_idle)
        self.set_interval(self.PURGE_SECONDS, self.purge)
        if self.handle_signals:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                try:
                    loop.add_signal_handler(sig, self.on_stop_signal, sig)
                except (NotImplementedError, RuntimeError, ValueError):
                    continue
                self._signals.append(sig)

    def on_unmount(self) -> None:
        self.remove_signal_handlers()

    def remove_signal_handlers(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for sig in self._signals:
            loop.remove_signal_handler(sig)
        self._signals.clear()

    def on_stop_signal(self, sig: int = signal.SIGTERM) -> None:
        """The operator's signal: drop the session and exit cleanly (exit code 0)."""
        self.stop_by_operator()

    def purge(self) -> int:
        """Delete expired spool files. A spool problem must not stop the kiosk, but staff hear of it."""
        try:
            removed = spool.purge(self.config.spool, self.config.retain_hours)
        except spool.SpoolError as exc:
            self.spool_problem(f"cannot purge expired summaries: {exc}")
            return 0
        self._spool_problem = None
        return removed

    def spool_problem(self, message: str) -> None:
        """Tell staff (system log, stderr unless it is the screen) once per problem."""
        self.log.error(message)
        if message != self._spool_problem:
            self._spool_problem = message
            staff_log(message)

    # -- lockdown ------------------------------------------------------------

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:  # type: ignore[override]
        _target, name, _params = self._parse_action(action, self if default_namespace is None else default_namespace, namespaces)
        if name in DENIED_ACTIONS:
            return False
        return await super().run_action(action, default_namespace, namespaces)

    def action_nothing(self) -> None:
        """Keys that would quit, suspend, copy or open the palette elsewhere do nothing here."""

    # -- activity and idle -----------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.InputEvent, events.Paste)):
            self.touch()
            if isinstance(event, events.Key) and event.key == OPERATOR_KEY and not event.is_forwarded:
                self._operator_key()
        await super().on_event(event)

    def touch(self) -> None:
        """Note activity now (postpones the idle countdown)."""
        self._last_input = self.clock()

    @property
    def idle_for(self) -> float:
        """Seconds since the last input."""
        return self.clock() - self._last_input

    def _check_idle(self) -> None:
        if isinstance(self.screen, (WelcomeScreen, StillThereScreen)):
            return
        limit = self.config.idle_seconds
        if isinstance(self.screen, FinishScreen):
            limit = self.config.finish_seconds - self._finish_countdown()
        if self.idle_for >= limit:
            self.ask_still_there()

    def _finish_countdown(self) -> float:
        """The finish screen's countdown: part of ``finish_seconds``, so the whole wait is that long."""
        return min(self.countdown_seconds, self.config.finish_seconds / 2)

    def ask_still_there(self) -> None:
        """Show the "Still there?" countdown (it hides the screen behind it)."""
        if not isinstance(self.screen, StillThereScreen):
            finish = isinstance(self.screen, FinishScreen)
            self.push_screen(StillThereScreen(self._finish_countdown() if finish else self.countdown_seconds, self.clock))

    def still_here(self) -> None:
        """The customer answered "I'm still here"."""
        self.touch()
        if isinstance(self.screen, StillThereScreen):
            self.pop_screen()

    def reset_session(self) -> None:
        """Wipe every answer and return to a fresh welcome screen."""
        self.flow = None
        self._changing = False
        self.resets += 1
        self.call_later(self._reset)

    async def _reset(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, KioskScreen):
                screen.forget()
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        self.use_language(self.config.language)  # the next customer starts in the kiosk's own language
        await self.push_screen(self._welcome())
        self.purge()
        self.touch()

    # -- the walk ----------------------------------------------------------------

    def _welcome(self) -> WelcomeScreen:
        return WelcomeScreen(self.bank.questionnaire.welcome, tuple(self.banks), self.language)

    def use_language(self, language: str) -> None:
        """Every word from now on in ``language`` (content and interface)."""
        self.language = language if language in self.banks else "en"
        self.bank = self.banks[self.language]
        set_language(self.language)

    async def _choose_language(self, language: str) -> None:
        if not isinstance(self.screen, WelcomeScreen) or language == self.language:
            return
        self.use_language(language)
        await self.switch_screen(self._welcome())  # the new welcome focuses Start: Enter goes on

    def start_session(self) -> None:
        """A customer starts: a new Flow, the first question."""
        if not isinstance(self.screen, WelcomeScreen):
            return
        self.flow = Flow(self.bank)
        self._changing = False
        self.touch()
        self.push_screen(QuestionScreen(self.flow))

    def _show(self, screen) -> None:
        if isinstance(self.screen, (QuestionScreen, UrgentScreen, ReviewScreen)):
            self.screen.forget()
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_current(self) -> None:
        """Show the Flow's current question, or every answer for a last look when the walk is done."""
        if self.flow is None:
            return
        if self.flow.done:
            self._changing = False
            self._show(ReviewScreen(self.flow))
            return
        self._show(QuestionScreen(self.flow))

    def show_urgent(self) -> None:
        """The urgent-help message (it stops the questions)."""
        urgent = self.flow.urgent() if self.flow is not None else None
        if urgent is not None:
            self._show(UrgentScreen(urgent))

    def _nothing_left(self) -> bool:
        """Every question that applies from here on has an answer (or may stay empty)."""
        assert self.flow is not None
        rest = self.flow.visible()[self.flow.position :]
        return all(q.optional or self.flow.is_answered(q) for q in rest)

    # -- what the screens say (kiosk.messages) ------------------------------------

    @on(messages.LanguageChosen)
    async def _language_chosen(self, message: messages.LanguageChosen) -> None:
        await self._choose_language(message.language)

    @on(messages.StartPressed)
    def _start_pressed(self) -> None:
        self.start_session()

    @on(messages.Moved)
    def _moved(self) -> None:
        if self.flow is not None and self._changing and not self.flow.done and self._nothing_left():
            self.flow.finish()  # one answer changed from the review: straight back to it
        self.show_current()

    @on(messages.ChangeWanted)
    def _change_wanted(self, message: messages.ChangeWanted) -> None:
        if self.flow is None:
            return
        self.flow.goto(message.question_id)
        self._changing = True
        self.show_current()

    @on(messages.UrgentFound)
    def _urgent_found(self) -> None:
        self.show_urgent()

    @on(messages.Finished)
    def _finished(self) -> None:
        self.finish()

    @on(messages.StartOver)
    def _start_over(self) -> None:
        self.reset_session()

    @on(messages.StillHere)
    def _still_here(self) -> None:
        self.still_here()

    @on(messages.PinEntered)
    def _pin_entered(self, message: messages.PinEntered) -> None:
        self.operator_pin(message.pin)

    @on(messages.OperatorClosed)
    def _operator_closed(self) -> None:
        self.close_operator()

    @on(messages.StopRequested)
    def _stop_requested(self) -> None:
        self.stop_by_operator()

    def finish(self) -> None:
        """Save the summary under a new code and show the code."""
        if self.flow is None:
            return
        summary = build_summary(self.bank, self.flow.assessment())
        code: str | None
        text = to_toml(summary)
        try:
            code = spool.save(self.config.spool, text, choice=self.choice)
        except spool.SpoolError as exc:
            # Kept for staff (the customer is told to ask them, and sees the verdict).
            self.unsaved.append(Unsaved(text, summary.meta.created, printable(summary.patient.name or ""), str(exc)))
            self.spool_problem(f"a summary could not be saved and is kept for staff (F12 three times, PIN): {exc}")
            code = None
        self.flow = None
        self.sessions_finished += 1
        self._show(FinishScreen(summary, code, self.bank.plan))

    # -- operator --------------------------------------------------------------

    def _operator_key(self) -> None:
        if isinstance(self.screen, OperatorScreen):
            return
        now = self.clock()
        if self.pin is not None and self.lockout.locked():
            return
        self._operator_presses = [t for t in self._operator_presses if now - t <= OPERATOR_WINDOW] + [now]
        if len(self._operator_presses) >= OPERATOR_PRESSES:
            self._operator_presses.clear()
            # Without a PIN file the box says so, and how staff stop the kiosk instead.
            self.push_screen(OperatorScreen(len(self.unsaved), pin_set=self.pin is not None, stop_pid=self.stop_pid, language=self.staff_language))

    def operator_pin(self, entered: str) -> None:
        """Check the PIN typed in the operator box: right -> exit 0; wrong -> the box closes."""
        right = self.pin is not None and hmac.compare_digest(entered.strip().encode(), self.pin.encode())
        if self.lockout.locked():  # locked meanwhile (another kiosk of the same serve): no try counts
            self.close_operator()
            return
        if right:
            self.lockout.succeed()
            if self.unsaved:  # staff first see the summaries the spool did not take
                self.close_operator()
                self.push_screen(StaffScreen(self.unsaved, self.save_unsaved, language=self.staff_language))
                return
            self.stop_by_operator()
            return
        self.lockout.fail()
        self.close_operator()

    def stop_by_operator(self) -> None:
        """End the kiosk (exit 0): the operator's PIN, or staff stopping it with summaries unsaved."""
        if self.unsaved:
            staff_log(f"stopped by staff; {len(self.unsaved)} unsaved summaries dropped")
        self.unsaved.clear()
        self.flow = None
        self.exit(0)

    def save_unsaved(self) -> list[tuple[str, Unsaved]]:
        """Try to save the kept summaries again; return (new code, summary) for each saved one."""
        saved: list[tuple[str, Unsaved]] = []
        for item in list(self.unsaved):
            try:
                code = spool.save(self.config.spool, item.text, choice=self.choice)
            except spool.SpoolError as exc:
                item.error = str(exc)
                continue
            self.unsaved.remove(item)
            saved.append((code, item))
        if saved:
            staff_log(f"staff saved {len(saved)} kept summaries again; {len(self.unsaved)} still unsaved")
        return saved

    def close_operator(self) -> None:
        if isinstance(self.screen, OperatorScreen):
            self.pop_screen()

