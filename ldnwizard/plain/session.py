"""The plain session: the same :class:`~ldnwizard.core.answering.flow.Flow` as the wizard, asked line by line.

Exit codes (the command's contract): 0 the walk was finished (with or without a saved
file); 1 the person did not finish: they quit, input ended early, or an answer called
for urgent help and the walk stopped (nothing is saved then); 2 bad usage.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ldnwizard.core.answering.answers import AnswerError
from ldnwizard.core.content.bank import Bank
from ldnwizard.core.errors import InputError
from ldnwizard.core.content.i18n import language_of
from ldnwizard.core.answering.flow import Flow
from ldnwizard.core.content.messages import _, command_words
from ldnwizard.core.content.models import Question
from ldnwizard.core.report.phrases import answer_words
from ldnwizard.core.report.render import choice_labels, render_markdown
from ldnwizard.core.files.store import write_private
from ldnwizard.core.report.summary import Summary, build_summary, to_toml
from ldnwizard.plain.choices import resolve_choice, resolve_choices
from ldnwizard.plain.console import Console
from ldnwizard.plain.summary_text import patient_text

def _commands_line() -> str:
    return _("plain.commands")


def _yes() -> set[str]:
    return command_words("plain.word_y", "plain.word_yes")


def _no() -> set[str]:
    return command_words("plain.word_n", "plain.word_no")


class Quit(Exception):
    """The person chose to leave."""


class Stopped(Exception):
    """An answer called for urgent help; the walk stops."""


class BackToReview(Exception):
    """The person typed back when asked where to save: show the answers again."""


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


class PlainSession:
    """One person's walk through the questions, as prompts on a :class:`Console`."""

    def __init__(self, bank: Bank, console: Console, *, folder: Path | None = None, today: dt.date | None = None) -> None:
        self.bank = bank
        self.io = console
        self.flow = Flow(bank)
        self.labels = choice_labels(bank.questions)
        self.folder = folder or Path.cwd()
        self.today = today or dt.date.today()
        self.seen: set[str] = set()
        self.saved: list[Path] = []
        self._shown_section: str | None = None

    # ------------------------------------------------------------------ the whole session

    def run(self) -> int:
        try:
            self.welcome()
            self.walk()
            while True:
                self.review()
                summary = build_summary(self.bank, self.flow.assessment())
                self.io.say("")
                self.io.say(patient_text(summary, self.bank.plan))
                try:
                    self.save(summary)
                except BackToReview:
                    continue
                break
        except Quit:
            saved = ", ".join(str(p) for p in self.saved)
            self.io.say(_("plain.stopped_saved", saved=saved) if saved else _("plain.stopped_nothing"))
            return 1
        except Stopped:
            return 1
        return 0

    def ended_message(self) -> str:
        """The one line to show when input ends before the session is done."""
        if self.saved:
            return _("plain.ended_saved", saved=", ".join(str(p) for p in self.saved))
        return _("plain.ended_nothing")

    def welcome(self) -> None:
        qn = self.bank.questionnaire
        w = qn.welcome
        self.io.lines(qn.title, "", w.heading, "", w.body.strip(), "", w.not_for.strip(), "", w.evidence_note.strip(), "")
        self.io.lines(w.start_hint.strip(), _commands_line(), "")

    # ------------------------------------------------------------------ asking

    def walk(self, *, only_new: bool = False) -> None:
        """Ask questions until the walk is done. ``only_new``: ask only questions not seen yet (after a change)."""
        flow = self.flow
        while True:
            if only_new:
                pending = [q for q in flow.visible() if q.id not in self.seen]
                if not pending:
                    flow.finish()
                    return
                flow.goto(pending[0].id)
            q = flow.current
            if q is None:
                return
            step = self.ask_question(q)
            if step == "back":
                if flow.back() is None:
                    self.io.say(_("plain.first_question"))
                only_new = False
            else:
                flow.next()

    def show_question(self, q: Question) -> None:
        flow = self.flow
        section, n, total = flow.section()
        if section.id != self._shown_section:
            self._shown_section = section.id
            self.io.say("")
            self.io.say(_("plain.part", n=n, total=total, title=section.title))
            if section.intro:
                self.io.say(section.intro.strip())
        number, count = flow.progress()
        self.io.say("")
        self.io.say(_("plain.question", number=number, count=count))
        self.io.say(q.prompt)
        if q.help:  # always, under the prompt: a screen-reader user would not know to ask for it
            self.io.say(q.help.strip())
        for i, c in enumerate(q.choices, start=1):
            self.io.say(f"  {i}. {c.label}" + (f" ({c.hint})" if c.hint else ""))
        self.io.say(self.how_to(q))
        current = flow.value(q)
        if current is not None:
            self.io.say(_("plain.answer_now", answer=answer_words(current, q)))

    @staticmethod
    def how_to(q: Question) -> str:
        if q.kind == "single":
            text = _("plain.how_single")
        elif q.kind == "multi":
            text = _("plain.how_multi")
        elif q.kind == "number":
            unit = _("plain.how_number_unit", unit=q.unit) if q.unit else ""
            example = _("plain.how_number_example", example=q.example) if q.example else ""
            text = _("plain.how_number", unit=unit, example=example)
        else:
            text = _("plain.how_text")
        if q.optional:
            text += _("plain.how_optional")
        return text

    def ask_question(self, q: Question) -> str:
        """Ask until a valid answer (or a command). Returns "next" or "back"."""
        self.show_question(q)
        self.seen.add(q.id)
        while True:
            text = self.io.ask("> ").strip()
            word = text.casefold()
            if word in command_words("plain.word_back"):
                return "back"
            if word in command_words("plain.word_quit"):
                self.confirm_quit()
                self.io.say(q.prompt)
                continue
            if word in command_words("plain.word_help") | {"?"}:
                if q.help:
                    self.io.say(q.help.strip())
                self.io.say(self.how_to(q))
                self.io.say(_commands_line())
                continue
            if word in command_words("plain.word_skip"):
                if q.optional:
                    self.flow.clear(q)
                    return "next"
                self.io.say(_("plain.needs_answer") + self.how_to(q))
                continue
            if not text and self.flow.is_answered(q):
                return "next"
            try:
                self.take(q, text)
            except AnswerError as exc:
                self.io.say(_sentence(str(exc)))
                continue
            self.check_urgent()
            return "next"

    def take(self, q: Question, text: str) -> None:
        if not text and not q.optional:
            raise AnswerError(self.flow.empty_message(q))
        if text and q.kind == "single":
            self.flow.answer(resolve_choice(q, text), q)
        elif text and q.kind == "multi":
            self.flow.answer(resolve_choices(q, text), q)
        else:
            self.flow.answer_typed(text, q)

    def check_urgent(self) -> None:
        urgent = self.flow.urgent()
        if urgent is None:
            return
        self.io.lines("", urgent.title, "", urgent.text.strip(), "", _("plain.urgent_stop"))
        raise Stopped

    def confirm_quit(self) -> None:
        if not self.flow.has_answers():
            raise Quit
        self.io.say(_("plain.confirm_quit"))
        if self.yes_no():
            raise Quit

    def yes_no(self) -> bool:
        while True:
            word = self.io.ask("> ").strip().casefold()
            if word in _yes():
                return True
            if word in _no():
                return False
            self.io.say(_("plain.yes_or_no"))

    # ------------------------------------------------------------------ review

    def review(self) -> None:
        """Show the answers, numbered; let the person change any of them by number."""
        while True:
            questions = self.flow.visible()
            self.io.lines("", _("plain.your_answers"))
            for i, q in enumerate(questions, start=1):
                value = self.flow.value(q)
                shown = answer_words(value, q) if value is not None else _("plain.left_out")  # labels, and the unit
                self.io.say(f"{i}. {q.prompt}")
                self.io.say(f"   {shown}")
            self.io.say("")
            self.io.say(_("plain.review_how", n=len(questions)))
            while True:
                text = self.io.ask("> ").strip()
                word = text.casefold()
                if word in ("", "done", "summary"):
                    return
                if word in command_words("plain.word_quit"):
                    self.confirm_quit()
                    continue
                if word in command_words("plain.word_help"):
                    self.io.say(_("plain.review_help", n=len(questions)))
                    continue
                if word in command_words("plain.word_back"):
                    text = str(len(questions))
                if text.isdigit() and 1 <= int(text) <= len(questions):
                    self.change(questions[int(text) - 1])
                    break
                self.io.say(_("plain.review_again", n=len(questions)))

    def change(self, q: Question) -> None:
        self.flow.goto(q.id)
        self._shown_section = None
        if self.ask_question(q) == "back":
            return
        self.walk(only_new=True)

    # ------------------------------------------------------------------ saving

    def save(self, summary: Summary) -> None:
        default = self.folder / f"ldn-summary-{self.today:%Y-%m-%d}.toml"
        self.io.lines("", _("plain.save_intro"))
        path = self.save_file(to_toml(summary), default, ".toml", can_go_back=True)
        if path is None:
            self.io.say(_("plain.not_saved"))
            return
        self.io.say(_("plain.saved", path=path))
        self.io.say(_("plain.also_markdown"))
        if self.yes_no():
            if language_of(self.bank) == "en":
                text = render_markdown(summary, self.bank.plan, self.labels)
            else:  # the person's page in their language, then the prescriber's in English
                from ldnwizard.core.report.patient_page import render_pages

                text = render_pages(summary, self.bank, [language_of(self.bank), "en"], "markdown")
            md = self.save_file(text, path.with_suffix(".md"), ".md")
            if md is not None:
                self.io.say(_("plain.saved_copy", path=md))

    def save_file(self, text: str, default: Path, suffix: str, *, can_go_back: bool = False) -> Path | None:
        """Ask where to save (Enter for ``default``), never replacing a file without asking."""
        while True:
            self.io.say(_("plain.save_where", path=default))
            answer = self.io.ask("> ").strip()
            if answer.casefold() in _no():
                return None
            if answer.casefold() in command_words("plain.word_quit"):
                self.confirm_quit()
                continue
            if answer.casefold() in command_words("plain.word_back") and can_go_back:
                raise BackToReview
            path = Path(answer).expanduser() if answer else default
            if not path.is_absolute():
                path = self.folder / path
            if not path.suffix:
                path = path.with_suffix(suffix)
            force = False
            if path.exists() and not path.is_dir():
                self.io.say(_("plain.replace", path=path))
                if not self.yes_no():
                    default = path
                    continue
                force = True
            try:
                written = write_private(path, text, force=force).resolve()
            except InputError as exc:
                self.io.say(_("plain.could_not_save", error=exc))
                continue
            self.saved.append(written)
            return written
