"""The kiosk's screens: welcome, one question, urgent help, review, finish with the code, still there?, operator.

Every screen drives the app's :class:`~ldnwizard.core.answering.flow.Flow`; none decides what is
asked. Screens never call into the app: they post a message from
:mod:`ldnwizard.kiosk.messages` and get what they show through their constructor.
Clinical words come from the question set; text from files or people is shown as plain
text (``Content``), never as markup.
"""

from __future__ import annotations

import math
import weakref
from typing import TYPE_CHECKING, Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from ldnwizard.core.answering.answers import AnswerError
from ldnwizard.core.answering.flow import Flow
from ldnwizard.core.content.messages import _ as tr, message
from ldnwizard.core.content.models import Question
from ldnwizard.core.files.spool import display_code
from ldnwizard.core.report.summary import Summary
from ldnwizard.kiosk import messages
from ldnwizard.kiosk.widgets import LETTER_KEYS, NUMBER_KEYS, Keys, Tile, big_text
from ldnwizard.kiosk.tiles import AnswerTiles, ChoiceTiles
from ldnwizard.ui.choices import pinned
from ldnwizard.ui.picker import ChoicePicker
from ldnwizard.ui.review import AnswerReview, review_rows
from ldnwizard.ui.verdict import FindingBox, VerdictBox, findings_of, verdict_of

if TYPE_CHECKING:
    from ldnwizard.core.content.models import PlanFile, Urgent, Welcome

def text(value: str, *, id: str | None = None, classes: str = "") -> Static:
    """A Static that shows ``value`` literally (no markup)."""
    return Static(Content(value), id=id, classes=classes)


def paragraphs(value: str) -> str:
    """Content text with its line breaks tidied (TOML multi-line strings)."""
    return "\n\n".join(p.strip() for p in value.strip().split("\n\n"))


class KioskScreen(Screen):
    """Base of the kiosk's full screens: no text selection, arrows move between targets."""

    ALLOW_SELECT = False
    BINDINGS = [
        Binding("tab,down,right", "app.focus_next", show=False),
        Binding("shift+tab,up,left", "app.focus_previous", show=False),
    ]

    def forget(self) -> None:
        """Before this screen goes: blank what the customer typed and drop focus.

        Textual may keep a removed screen object (and the widget it had focused) for a
        while, for example in a render context; it must hold nothing of the customer.
        """
        for field in self.query(Input):
            with field.prevent(Input.Changed):
                field.value = ""
        self.set_focus(None)


class WelcomeScreen(KioskScreen, inherit_bindings=False):
    """The attract screen: what this is, and one big way in."""

    BINDINGS = [Binding("enter,space", "start", show=False)]

    def __init__(self, welcome: Welcome, languages: tuple[str, ...] = (), language: str = "en") -> None:
        super().__init__()
        self.welcome = welcome
        self.languages = languages  # more than one: a big choice of language at the top
        self.language = language

    def compose(self) -> ComposeResult:
        welcome = self.welcome
        if len(self.languages) > 1:
            with Horizontal(id="languages"):
                for lang in self.languages:  # each named in its own language, the one shown marked
                    mark = "● " if lang == self.language else "○ "
                    yield Tile(mark + message("kiosk.language_name", lang), value=lang, id=f"lang-{lang}", classes="lang" + (" -chosen" if lang == self.language else ""))
        with VerticalScroll(id="welcome"):
            yield text(welcome.heading.strip(), id="heading")
            yield text(paragraphs(welcome.kiosk_body or welcome.body), id="body")
            yield text("⚠ " + paragraphs(welcome.not_for), id="not-for")
            yield text(paragraphs(welcome.evidence_note), id="evidence")
            yield text(welcome.start_hint.strip(), id="hint")
        with Center(id="start-bar"):  # docked at the bottom: the way in is always on screen
            yield Tile(tr("kiosk.start"), id="start")

    def on_mount(self) -> None:
        self.query_one("#start").focus()

    def action_start(self) -> None:
        self.post_message(messages.StartPressed())

    def on_tile_pressed(self, event: Tile.Pressed) -> None:
        event.stop()
        if event.tile.has_class("lang"):
            self.post_message(messages.LanguageChosen(event.tile.value))
            return
        self.post_message(messages.StartPressed())

    def on_click(self, event) -> None:
        # A tap anywhere on the welcome screen starts (a right or middle click does not).
        if event.button <= 1:
            self.post_message(messages.StartPressed())


class QuestionScreen(KioskScreen):
    """One question with big answer targets, and Back / Start over / Next."""

    BINDINGS = [Binding("escape", "previous_question", show=False)]

    def __init__(self, flow: Flow) -> None:
        super().__init__()
        # Only a weak reference: a screen object that Textual keeps a little longer
        # (say, in a render context) must not keep the customer's answers alive.
        self._flow = weakref.ref(flow)
        q = flow.current
        assert q is not None
        self.question: Question = q
        self.choices: ChoiceTiles | None = None  # the answer targets, for a question with choices

    @property
    def flow(self) -> Flow:
        """The customer's Flow (the app owns it). Handlers check :meth:`wiped` first."""
        flow = self._flow()
        assert flow is not None, "the session was wiped"
        return flow

    def wiped(self) -> bool:
        """True once the app dropped this customer's Flow (the screen is on its way out)."""
        return self._flow() is None

    @property
    def picked(self) -> list[str]:
        """The choices picked so far on this screen (the flow has them once Next is pressed)."""
        return self.choices.picked if self.choices is not None else []

    @picked.setter
    def picked(self, values: list[str]) -> None:
        if self.choices is not None:
            self.choices.picked = list(values)
            self.choices.show_marks()

    def forget(self) -> None:
        super().forget()
        if self.choices is not None:
            self.choices.picked = []

    def on_unmount(self) -> None:
        if self.choices is not None:
            self.choices.picked = []

    # -- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        q = self.question
        section, sn, sm = self.flow.section()
        n, _ = self.flow.progress()
        # Parts, not "n of total": the total grows when an answer adds a question.
        yield text(tr("kiosk.where", n=sn, total=sm, title=section.title, number=n), id="where")
        with Vertical(id="ask"):
            yield text(q.prompt, id="prompt")
            if q.help:
                yield text(q.help, id="help")
            yield text("", id="error")
        yield from self._answers(q)
        with Horizontal(id="nav"):
            yield Tile(tr("kiosk.back"), id="back", classes="nav" + (" -off" if self.flow.position == 0 else ""))
            yield Tile(tr("kiosk.start_over"), id="restart", classes="nav")
            yield Static(classes="spacer")
            if q.kind != "single":
                yield Tile(tr("kiosk.next"), id="next", classes="nav")

    def _answers(self, q: Question) -> ComposeResult:
        if q.kind in ("single", "multi"):
            if len(q.choices) > 9:
                yield Input(placeholder=tr("kiosk.filter"), id="filter")
            with VerticalScroll(id="answers"):
                # "Not sure", "None" lead a list of medicines, as in the wizard
                self.choices = ChoiceTiles(q, self.flow.value(q), pinned=pinned(q, self.flow.bank), id="choices")
                yield self.choices
            return
        current = self.flow.value(q)
        with Horizontal(id="answers", classes=f"typed {q.kind}"):
            with Vertical(id="field"):
                yield Input(
                    value="" if current is None else _shown(current),
                    type="number" if q.kind == "number" else "text",
                    # No max_length (it would cut silently); the answer check says what is too long.
                    placeholder=q.example and tr("kiosk.for_example", example=q.example) or "",
                    id="typed",
                )
                if q.unit:
                    yield text(q.unit, id="unit")
            yield Keys(NUMBER_KEYS if q.kind == "number" else LETTER_KEYS, id="keys", classes=q.kind)

    def on_mount(self) -> None:
        for input_ in self.query(Input):
            input_.cursor_blink = False
        target = self.query("#filter, #typed").first() if self.query("#filter, #typed") else None
        if target is None and self.choices is not None:
            tiles = self.choices.tiles
            target = next((t for t in tiles if self.choices.is_picked(t.value)), tiles[0])
        if target is not None:
            target.focus()

    def show_error(self, message: str) -> None:
        error = self.query_one("#error", Static)
        error.update(Content("⚠ " + message if message else ""))
        error.set_class(bool(message), "-shown")

    # -- choosing ------------------------------------------------------------

    @on(ChoicePicker.Picked)
    def choose(self, event: ChoicePicker.Picked) -> None:
        """One choice: store it and go on. Several: the tick is shown; Next stores them."""
        event.stop()
        if self.wiped():
            event.picker.picked = []  # the customer is gone: keep nothing of theirs
            return
        if self.question.kind == "single":
            self._commit_and_go_on()
            return
        self.show_error("")

    @on(Input.Changed, "#filter")
    def filter_choices(self, event: Input.Changed) -> None:
        """Show the choices the typed text finds, best first, then those that lead the list (never filtered away)."""
        if not self.wiped() and self.choices is not None:
            self.choices.narrow(event.value)

    @on(Input.Submitted, "#filter")
    def pick_only_match(self, event: Input.Submitted) -> None:
        """Enter in the filter: one match is picked; with more (or none), the first one shown takes the focus."""
        if self.choices is None:
            return
        shown = [t for t in self.choices.tiles if t.display]
        found = shown[: self.choices.matched] if event.value.strip() else shown
        if len(found) == 1:
            found[0].action_press()
        elif shown:  # no match: the focus goes to the choices that lead the list ("Not sure", "None")
            (found or shown)[0].focus()

    @on(Keys.Typed)
    def typed_key(self, event: Keys.Typed) -> None:
        field = self.query_one("#typed", Input)
        if event.key == Keys.BACKSPACE:
            field.value = field.value[:-1]
        else:
            field.value += " " if event.key == Keys.SPACE else event.key
        field.cursor_position = len(field.value)
        self.show_error("")

    @on(Input.Submitted, "#typed")
    def typed_enter(self) -> None:
        self.action_next()

    @on(Tile.Pressed, ".nav")
    def nav(self, event: Tile.Pressed) -> None:
        event.stop()
        if self.wiped():
            return
        if event.tile.id == "back":
            self.action_previous_question()
        elif event.tile.id == "restart":
            self.post_message(messages.StartOver())
        elif event.tile.id == "next":
            self.action_next()

    def action_previous_question(self) -> None:
        if not self.wiped() and self.flow.position > 0:
            self.flow.back()
            self.post_message(messages.Moved())

    def action_next(self) -> None:
        if self.wiped():
            return
        self._commit_and_go_on()

    def _answer(self, value: str) -> None:
        """Answer a one-choice question with ``value`` and go on, as a press on its tile does."""
        self.picked = [value]
        self._commit_and_go_on()

    def _commit_and_go_on(self) -> None:
        """Store the answer on screen in the flow (a message beside it if it is not right), then go on."""
        q = self.question
        try:
            if self.choices is not None:
                self.choices.commit(self.flow)
            elif q.kind in ("number", "text"):
                self.flow.answer_typed(self.query_one("#typed", Input).value, q)
        except AnswerError as exc:
            self.show_error(str(exc))
            return
        self._go_on()

    def _go_on(self) -> None:
        if self.flow.urgent() is not None:
            self.post_message(messages.UrgentFound())
            return
        try:
            self.flow.next()
        except AnswerError as exc:
            self.show_error(str(exc))
            return
        self.post_message(messages.Moved())


def _shown(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class UrgentScreen(KioskScreen):
    """The urgent-help message: it stops the questions."""

    def __init__(self, urgent: Urgent) -> None:
        super().__init__()
        self.urgent = urgent

    def compose(self) -> ComposeResult:
        urgent = self.urgent
        with VerticalScroll(id="urgent"):
            yield text("✖ " + urgent.title.strip(), id="urgent-title")
            yield text(paragraphs(urgent.text), id="urgent-text")
        with Horizontal(id="nav"):
            yield Tile(tr("kiosk.back"), id="back", classes="nav")
            yield Static(classes="spacer")
            yield Tile(tr("kiosk.finish"), id="finish", classes="nav")

    def on_mount(self) -> None:
        self.query_one("#finish").focus()

    def on_tile_pressed(self, event: Tile.Pressed) -> None:
        event.stop()
        if event.tile.id == "back":
            self.post_message(messages.Moved())
        else:
            self.post_message(messages.Finished())


class ReviewScreen(KioskScreen):
    """Every answer before finishing, each a big target: touch one to change it; Finish saves."""

    BINDINGS = [Binding("escape", "previous_question", show=False)]

    def __init__(self, flow: Flow) -> None:
        super().__init__()
        self._flow = weakref.ref(flow)  # as the question screen: never keeps the answers alive

    def compose(self) -> ComposeResult:
        flow = self._flow()
        yield text(tr("kiosk.check_answers"), id="where")
        yield AnswerTiles(review_rows(flow) if flow else [], id="review")
        with Horizontal(id="nav"):
            yield Tile(tr("kiosk.back"), id="back", classes="nav")
            yield Tile(tr("kiosk.start_over"), id="restart", classes="nav")
            yield Static(classes="spacer")
            yield Tile(tr("kiosk.finish"), id="finish", classes="nav")

    def on_mount(self) -> None:
        self.query_one("#finish").focus()

    def action_previous_question(self) -> None:
        flow = self._flow()
        if flow is not None:
            flow.back()
            self.post_message(messages.Moved())

    @on(AnswerReview.ChangeRequested)
    def _change_requested(self, event: AnswerReview.ChangeRequested) -> None:
        event.stop()
        if self._flow() is not None:
            self.post_message(messages.ChangeWanted(event.question_id))

    def on_tile_pressed(self, event: Tile.Pressed) -> None:
        event.stop()
        if self._flow() is None:
            return
        tile = event.tile
        if tile.id == "back":
            self.action_previous_question()
        elif tile.id == "restart":
            self.post_message(messages.StartOver())
        elif tile.id == "finish":
            self.post_message(messages.Finished())


class FinishScreen(KioskScreen):
    """The code to give the pharmacist, large, and the person's summary."""

    def __init__(self, summary: Summary, code: str | None, words: PlanFile) -> None:
        super().__init__()
        self.words = words
        self.summary: Summary | None = summary
        self.code = code

    def forget(self) -> None:
        super().forget()
        for shown in self.query(Static):
            shown.update("")
        self.summary = None
        self.code = None

    def on_unmount(self) -> None:
        self.summary = None
        self.code = None

    def compose(self) -> ComposeResult:
        with Vertical(id="code-box"):
            if self.code:
                yield text(tr("kiosk.give_code"), id="code-label")
                with Center():
                    yield text(big_text(display_code(self.code)), id="code")
                yield text(tr("kiosk.code", code=display_code(self.code)), id="code-plain")
            else:
                yield text(tr("kiosk.not_saved"), id="code-label")
        with VerticalScroll(id="summary"):
            yield from self._summary()
        with Horizontal(id="nav"):
            yield Static(classes="spacer")
            yield Tile(tr("kiosk.done"), id="done", classes="nav")

    def _summary(self) -> ComposeResult:
        words = self.words
        s = self.summary
        assert s is not None
        plan = s.plan
        if s.patient.name:
            yield text(tr("kiosk.summary_for", name=s.patient.name), classes="for")
        yield VerdictBox(verdict_of(s, words))
        for part in (plan.explain, plan.dose_time_text, plan.titration):
            if part:
                yield text(part.strip(), classes="para")
        if plan.options:
            yield text(tr("kiosk.options"), classes="heading")
            yield text("\n".join(f"• {o}" for o in plan.options), classes="para")
        for finding in findings_of(s, words):
            yield FindingBox(finding)
            yield text(finding.finding.patient_text.strip(), classes="para")
        if s.provider_questions:
            yield text(tr("kiosk.questions"), classes="heading")
            yield text("\n".join(f"• {q}" for q in s.provider_questions), classes="para")
        if s.disclaimer:
            yield text(s.disclaimer, classes="para disclaimer")
        yield text((s.crisis or words.crisis).strip(), classes="para crisis")  # every summary ends with them

    def on_mount(self) -> None:
        self.query_one("#done").focus()

    def on_tile_pressed(self, event: Tile.Pressed) -> None:
        event.stop()
        self.post_message(messages.StartOver())


class StillThereScreen(ModalScreen[None]):
    """"Still there?" with a countdown; when it runs out every answer is wiped."""

    ALLOW_SELECT = False
    BINDINGS = [Binding("tab,down,right,shift+tab,up,left", "noop", show=False)]

    def __init__(self, seconds: float, clock: Callable[[], float]) -> None:
        super().__init__()
        self.seconds = seconds
        self.clock = clock
        self.deadline = 0.0
        self.expired = False

    def compose(self) -> ComposeResult:
        with Vertical(id="still-there"):
            yield text(tr("kiosk.still_there"), id="still-title")
            yield text(self._left_text(self.seconds), id="still-left")
            with Center():
                yield Tile(tr("kiosk.still_here"), id="still-here")

    def _left_text(self, left: float) -> str:
        n = max(0, math.ceil(left))
        return tr("kiosk.wiped_in_one" if n == 1 else "kiosk.wiped_in", n=n)

    def on_mount(self) -> None:
        self.deadline = self.clock() + self.seconds
        self.query_one("#still-here").focus()
        self.set_interval(min(1.0, self.seconds / 4), self._tick)

    def _tick(self) -> None:
        if self.expired:
            return
        left = self.deadline - self.clock()
        self.query_one("#still-left", Static).update(Content(self._left_text(left)))
        if left <= 0:
            self.expired = True
            self.post_message(messages.StartOver())

    def action_noop(self) -> None:
        """Focus stays on the one button."""

    def on_tile_pressed(self, event: Tile.Pressed) -> None:
        event.stop()
        self.post_message(messages.StillHere())


class OperatorScreen(ModalScreen[None]):
    """The operator's PIN (F12 three times). A wrong PIN closes the box and says nothing.

    Without a PIN file (``pin_set=False``) there is no PIN to type: the box tells staff
    so, and how to stop the kiosk instead (``kill -TERM`` with ``stop_pid``).
    Its words are in ``language``: the kiosk's own, not the customer's (staff read the box).
    """

    ALLOW_SELECT = False
    BINDINGS = [Binding("escape", "close", show=False)]

    def __init__(self, unsaved: int = 0, *, pin_set: bool = True, stop_pid: int | None = None, language: str | None = None) -> None:
        super().__init__()
        self.unsaved = unsaved  # summaries the spool did not take
        self.pin_set = pin_set
        self.stop_pid = stop_pid
        self.language = language  # None: the current language

    def say(self, key: str, **values: object) -> str:
        """The interface string ``key`` in the staff's language."""
        return message(key, self.language, **values)

    def compose(self) -> ComposeResult:
        with Vertical(id="operator"):
            yield text(self.say("staff.operator_title"), id="operator-title")
            if not self.pin_set:
                stop = self.say("staff.stop_with_pid", pid=self.stop_pid) if self.stop_pid else self.say("staff.stop_without_pid")
                yield text(f"{self.say('staff.no_pin')}\n\n{stop}\n{self.say('staff.pin_next_time')}", id="operator-help")
                with Center():
                    yield Tile(self.say("staff.close"), id="operator-close")
                return
            if self.unsaved:  # the spool failed: staff deal with it after the PIN
                n = self.unsaved
                yield text(self.say("staff.alert_one" if n == 1 else "staff.alert_many", n=n), id="operator-alert")
            yield text(self.say("staff.pin_help"), id="operator-help")
            yield Input(password=True, max_length=64, id="pin")

    def on_mount(self) -> None:
        if not self.pin_set:
            self.query_one("#operator-close").focus()
            return
        pin = self.query_one("#pin", Input)
        pin.cursor_blink = False
        pin.focus()

    def on_tile_pressed(self, event: Tile.Pressed) -> None:
        event.stop()
        self.action_close()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        entered = event.value
        event.input.value = ""
        self.post_message(messages.PinEntered(entered))

    def action_close(self) -> None:
        self.post_message(messages.OperatorClosed())
