"""One question at a time, with progress, help, the answer widget and a message beside it when it is not right."""

from __future__ import annotations

from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from ldnwizard.core.answering.answers import AnswerError
from ldnwizard.core.answering.flow import Flow
from ldnwizard.core.content.messages import _ as tr
from ldnwizard.core.content.models import Question
from ldnwizard.tui.text import literal, paragraph
from ldnwizard.tui.widgets.keybar import KeyBar
from ldnwizard.tui.widgets import GoOn, answer_widget, reuse_answer_widget, steady_button

#: What the screen dismisses with.
REVIEW, URGENT, BEFORE_START = "review", "urgent", "before-start"


def progress_bar(n: int, m: int, width: int = 20) -> str:
    """A text progress bar (no colour needed to read it)."""
    done = round(width * n / m) if m else width
    return "━" * done + "─" * (width - done)


def key_hints(question: Question) -> list[tuple[str, str]]:
    """The keys that work on this kind of question."""
    enter, esc, space, kind = tr("keys.enter"), tr("keys.esc"), tr("keys.space"), tr("keys.type")
    end = [(enter, tr("keys.next")), (esc, tr("keys.back"))]
    if question.choices_from == "medicines" and question.kind == "multi":
        return [(kind, tr("keys.find")), ("↓", tr("keys.list")), (space, tr("keys.tick")), (enter, tr("keys.tick_or_next")), (esc, tr("keys.back"))]
    if question.choices_from == "medicines":
        return [(kind, tr("keys.find")), ("↓", tr("keys.list")), (space, tr("keys.pick")), *end]
    if question.kind == "single":
        return [("↑↓", tr("keys.move")), (space, tr("keys.pick")), *end]
    if question.kind == "multi":
        return [("↑↓", tr("keys.move")), (space, tr("keys.tick")), *end]
    return end


class QuestionScreen(Screen[str]):
    """Ask the questions of a :class:`Flow` one by one, in place.

    Dismisses with ``"review"`` when every question is passed, ``"urgent"`` as soon
    as an answer calls for urgent help (the flow stays on that question), and
    ``"before-start"`` when Back is pressed on the first question. ``on_step`` is
    called with the flow after every stored answer (drafts use it). With
    ``back_to_review`` (changing one answer from the review), the screen returns to
    the review as soon as nothing that applies is left unanswered.
    """

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "next", "Next"),
    ]

    def __init__(
        self,
        flow: Flow,
        *,
        on_step: Callable[[Flow], None] | None = None,
        back_to_review: bool = False,
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        self.flow = flow
        self.on_step = on_step
        self.back_to_review = back_to_review

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(id="step")
            yield Static(id="section")
        with VerticalScroll(id="body"):
            yield Static(id="intro")
            yield Static(id="prompt")
            yield Static(id="help")
            yield Static(id="error")  # above the answer: a long list never pushes it off screen
            yield Static(id="answer")
        with Horizontal(id="nav"):
            yield steady_button(tr("tui.back"), id="back")
            yield steady_button(tr("tui.next"), id="next", variant="primary")
        yield KeyBar((tr("keys.enter"), tr("keys.next")), (tr("keys.esc"), tr("keys.back")))

    async def on_mount(self) -> None:
        await self.show_question()

    async def show_question(self) -> None:
        """Show the flow's current question (replacing the one shown)."""
        q = self.flow.current
        if q is None:
            return
        n, _ = self.flow.progress()
        section, sn, sm = self.flow.section()
        visible = self.flow.visible()
        first_of_section = self.flow.position == 0 or visible[self.flow.position - 1].section != q.section
        with self.app.batch_update():
            self.query_one("#step", Static).update(tr("tui.question", n=n))
            self._show_part()
            intro = self.query_one("#intro", Static)
            intro.update(paragraph(section.intro) if section.intro and first_of_section else "")
            intro.display = bool(section.intro and first_of_section)
            self.query_one("#prompt", Static).update(literal(q.prompt))
            help_ = self.query_one("#help", Static)
            help_.update(paragraph(q.help) if q.help else "")
            help_.display = bool(q.help)
            self.clear_error()
            widget = self.query_one("#answer")
            if not reuse_answer_widget(widget, q, self.flow):
                await widget.remove()
                widget = answer_widget(q, self.flow)
                await self.query_one("#body").mount(widget, after="#error")
            self.query_one(KeyBar).show(*key_hints(q))
            self._focus_answer(widget)
            body = self.query_one("#body", VerticalScroll)
            if body.scroll_y:
                body.scroll_home(animate=False)

    def _show_part(self) -> None:
        """The part of the questionnaire, on the right of the top bar.

        Progress by parts: their number is fixed, so it never jumps when a question
        appears. On a narrow terminal only the bar and the numbers stay.
        """
        if self.flow.current is None:
            return
        section, sn, sm = self.flow.section()
        bar = progress_bar(sn, sm, 10)
        if self.app.size.width >= 72:
            text = f"{tr('tui.section_line', title=section.title, n=sn, total=sm)}  {bar}"
        else:
            text = f"{bar} {sn}/{sm}"
        self.query_one("#section", Static).update(literal(text))

    def on_resize(self) -> None:
        self._show_part()

    def _focus_answer(self, widget: Widget) -> None:
        target = widget if widget.focusable else next(iter(widget.query(Input)), widget)
        target.focus()

    @property
    def answer(self) -> Widget:
        """The answer widget of the current question."""
        return self.query_one("#answer")

    def show_error(self, message: str) -> None:
        """Show a message beside the field (no dialog)."""
        text = message[:1].upper() + message[1:]
        error = self.query_one("#error", Static)
        error.update(literal(f"⚠ {text}"))
        error.display = True
        error.scroll_visible(animate=False)
        self.answer.add_class("-invalid")

    def clear_error(self) -> None:
        """Hide the message."""
        error = self.query_one("#error", Static)
        error.update("")
        error.display = False

    def commit(self) -> bool:
        """Store the shown answer in the flow; on a problem show it and return False."""
        try:
            self.answer.commit(self.flow)  # type: ignore[attr-defined]
        except AnswerError as exc:
            self.show_error(str(exc))
            return False
        self.answer.remove_class("-invalid")
        self.clear_error()
        return True

    def _step_done(self) -> None:
        if self.on_step is not None:
            self.on_step(self.flow)

    def _nothing_left(self) -> bool:
        rest = self.flow.visible()[self.flow.position :]
        return all(q.optional or self.flow.is_answered(q) for q in rest)

    async def action_next(self) -> None:
        """Commit the answer and go on (or to urgent help, or to the review)."""
        if self.flow.current is None or not self.commit():
            return
        if self.flow.urgent() is not None:
            self._step_done()
            self.dismiss(URGENT)
            return
        try:
            self.flow.next()
        except AnswerError as exc:
            self.show_error(str(exc))
            return
        self._step_done()
        if self.back_to_review and self._nothing_left():
            self.flow.finish()
        if self.flow.done:
            self.dismiss(REVIEW)
            return
        await self.show_question()

    async def action_back(self) -> None:
        """Go back (always allowed); a valid answer is kept, an invalid or missing one is let go."""
        try:
            self.answer.commit(self.flow)  # type: ignore[attr-defined]
        except AnswerError:
            pass
        else:
            if self.flow.urgent() is not None:
                self._step_done()
                self.dismiss(URGENT)
                return
        if self.flow.position == 0:
            self.dismiss(BEFORE_START)
            return
        self.flow.back()
        self._step_done()
        await self.show_question()

    @on(GoOn)
    async def _go_on(self, event: GoOn) -> None:
        event.stop()
        await self.action_next()

    @on(Button.Pressed, "#next")
    async def _next_pressed(self) -> None:
        await self.action_next()

    @on(Button.Pressed, "#back")
    async def _back_pressed(self) -> None:
        await self.action_back()
