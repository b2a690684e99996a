"""The plain session: the same :class:`~ldnwizard.core.flow.Flow` as the wizard, asked line by line.

Exit codes (the command's contract): 0 the walk was finished (with or without a saved
file); 1 the person did not finish: they quit, input ended early, or an answer called
for urgent help and the walk stopped (nothing is saved then); 2 bad usage.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ldnwizard.core.answers import AnswerError
from ldnwizard.core.bank import Bank
from ldnwizard.core.errors import InputError
from ldnwizard.core.flow import Flow
from ldnwizard.core.models import Question
from ldnwizard.core.render import choice_labels, format_value, render_markdown
from ldnwizard.core.store import write_private
from ldnwizard.core.summary import Summary, build_summary, to_toml
from ldnwizard.plain.choices import resolve_choice, resolve_choices
from ldnwizard.plain.console import Console, EndOfInput
from ldnwizard.plain.summary_text import patient_text

COMMANDS_LINE = "At any question you can type: back (previous question), help, skip (only where an answer may be left out), quit."
YES = {"y", "yes"}
NO = {"n", "no"}


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
            self.io.say(f"Stopped. Saved only {saved}." if saved else "Stopped. Nothing was saved.")
            return 1
        except Stopped:
            return 1
        return 0

    def ended_message(self) -> str:
        """The one line to show when input ends before the session is done."""
        if self.saved:
            return f"input ended before the end; saved only {', '.join(str(p) for p in self.saved)}"
        return "input ended before the end; nothing was saved"

    def welcome(self) -> None:
        qn = self.bank.questionnaire
        w = qn.welcome
        self.io.lines(qn.title, "", w.heading, "", w.body.strip(), "", w.not_for.strip(), "", w.evidence_note.strip(), "")
        self.io.lines(w.start_hint.strip(), COMMANDS_LINE, "")

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
                    self.io.say("This is the first question.")
                only_new = False
            else:
                flow.next()

    def show_question(self, q: Question) -> None:
        flow = self.flow
        section, n, total = flow.section()
        if section.id != self._shown_section:
            self._shown_section = section.id
            self.io.say("")
            self.io.say(f"Part {n} of {total}: {section.title}")
            if section.intro:
                self.io.say(section.intro.strip())
        number, count = flow.progress()
        self.io.say("")
        self.io.say(f"Question {number} of {count}")
        self.io.say(q.prompt)
        for i, c in enumerate(q.choices, start=1):
            self.io.say(f"  {i}. {c.label}" + (f" ({c.hint})" if c.hint else ""))
        self.io.say(self.how_to(q))
        current = flow.value(q)
        if current is not None:
            self.io.say(f"Your answer now: {format_value(current, self.labels.get(q.id))}. Press Enter to keep it.")

    @staticmethod
    def how_to(q: Question) -> str:
        if q.kind == "single":
            text = "Type the number of your answer, or its words."
        elif q.kind == "multi":
            text = "Type the numbers of all answers that fit, with commas between them (for example: 1, 3)."
        elif q.kind == "number":
            unit = f" ({q.unit})" if q.unit else ""
            example = f", for example {q.example}" if q.example else ""
            text = f"Type a number{unit}{example}."
        else:
            text = "Type your answer."
        if q.optional:
            text += " You may leave this out: type skip, or press Enter."
        return text

    def ask_question(self, q: Question) -> str:
        """Ask until a valid answer (or a command). Returns "next" or "back"."""
        self.show_question(q)
        self.seen.add(q.id)
        while True:
            text = self.io.ask("> ").strip()
            word = text.casefold()
            if word == "back":
                return "back"
            if word == "quit":
                self.confirm_quit()
                self.io.say(q.prompt)
                continue
            if word in ("help", "?"):
                if q.help:
                    self.io.say(q.help.strip())
                self.io.say(self.how_to(q))
                self.io.say(COMMANDS_LINE)
                continue
            if word == "skip":
                if q.optional:
                    self.flow.clear(q)
                    return "next"
                self.io.say("This question needs an answer. " + self.how_to(q))
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
        self.io.lines("", urgent.title, "", urgent.text.strip(), "", "The questions stop here. Nothing was saved.")
        raise Stopped

    def confirm_quit(self) -> None:
        if not self.flow.has_answers():
            raise Quit
        self.io.say("Quit now? Your answers will be lost. Type yes to quit, or no to go on.")
        if self.yes_no():
            raise Quit

    def yes_no(self) -> bool:
        while True:
            word = self.io.ask("> ").strip().casefold()
            if word in YES:
                return True
            if word in NO:
                return False
            self.io.say("Please type yes or no.")

    # ------------------------------------------------------------------ review

    def review(self) -> None:
        """Show the answers, numbered; let the person change any of them by number."""
        while True:
            questions = self.flow.visible()
            self.io.lines("", "Your answers")
            for i, q in enumerate(questions, start=1):
                value = self.flow.value(q)
                shown = format_value(value, self.labels.get(q.id)) if value is not None else "(left out)"
                self.io.say(f"{i}. {q.prompt}")
                self.io.say(f"   {shown}")
            self.io.say("")
            self.io.say(f"To change an answer, type its number (1 to {len(questions)}). To see your summary, press Enter.")
            while True:
                text = self.io.ask("> ").strip()
                word = text.casefold()
                if word in ("", "done", "summary"):
                    return
                if word == "quit":
                    self.confirm_quit()
                    continue
                if word == "help":
                    self.io.say(f"Type a number from 1 to {len(questions)} to change that answer, or press Enter to go on.")
                    continue
                if word == "back":
                    text = str(len(questions))
                if text.isdigit() and 1 <= int(text) <= len(questions):
                    self.change(questions[int(text) - 1])
                    break
                self.io.say(f"Type a number from 1 to {len(questions)}, or press Enter to see your summary.")

    def change(self, q: Question) -> None:
        self.flow.goto(q.id)
        self._shown_section = None
        if self.ask_question(q) == "back":
            return
        self.walk(only_new=True)

    # ------------------------------------------------------------------ saving

    def save(self, summary: Summary) -> None:
        default = self.folder / f"ldn-summary-{self.today:%Y-%m-%d}.toml"
        self.io.lines("", "Save your summary as a file for your prescriber. To see your answers again, type back.")
        path = self.save_file(to_toml(summary), default, ".toml", can_go_back=True)
        if path is None:
            self.io.say("The summary was not saved.")
            return
        self.io.say(f"Saved your summary to {path}")
        self.io.say("Also save a copy to print or read (Markdown)? Type yes or no.")
        if self.yes_no():
            text = render_markdown(summary, self.bank.plan, self.labels)
            md = self.save_file(text, path.with_suffix(".md"), ".md")
            if md is not None:
                self.io.say(f"Saved the copy to {md}")

    def save_file(self, text: str, default: Path, suffix: str, *, can_go_back: bool = False) -> Path | None:
        """Ask where to save (Enter for ``default``), never replacing a file without asking."""
        while True:
            self.io.say(f"Press Enter to save it as {default}, or type another file name. Type no to not save it.")
            answer = self.io.ask("> ").strip()
            if answer.casefold() in NO:
                return None
            if answer.casefold() == "quit":
                self.confirm_quit()
                continue
            if answer.casefold() == "back" and can_go_back:
                raise BackToReview
            path = Path(answer).expanduser() if answer else default
            if not path.is_absolute():
                path = self.folder / path
            if not path.suffix:
                path = path.with_suffix(suffix)
            force = False
            if path.exists() and not path.is_dir():
                self.io.say(f"There is already a file {path}. Replace it? Type yes or no.")
                if not self.yes_no():
                    default = path
                    continue
                force = True
            try:
                written = write_private(path, text, force=force).resolve()
            except InputError as exc:
                self.io.say(f"Could not save: {exc}")
                continue
            self.saved.append(written)
            return written
