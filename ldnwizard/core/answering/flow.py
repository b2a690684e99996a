"""Walking through a question set: the one place that decides what is asked next.

The wizard, the kiosk and the plain mode all drive a :class:`Flow`; none of them
decides which question applies or keeps its own copy of the answers.
"""

from __future__ import annotations

from typing import Any

from ldnwizard.core.answering.answers import Answer, AnswerError, check_answer, parse_typed
from ldnwizard.core.answering.assess import Assessment, assess
from ldnwizard.core.content.bank import Bank
from ldnwizard.core.content.models import Question, Section, Urgent


class Flow:
    """Answers so far and the current question.

    ``position`` indexes :meth:`visible`; ``len(visible())`` means the walk is done
    (time for the review). Changing an answer drops answers to questions that no
    longer apply.
    """

    def __init__(
        self,
        bank: Bank,
        answers: dict[str, Any] | None = None,
        patient: dict[str, str] | None = None,
        at: str | None = None,
    ) -> None:
        self.bank = bank
        self.answers: dict[str, Any] = bank.applicable(answers or {})
        self.patient: dict[str, str] = dict(patient or {})
        self.position = 0
        if at is not None:
            self.goto(at)

    # -- where we are ------------------------------------------------------

    def visible(self) -> list[Question]:
        """The questions that apply now, in order."""
        return self.bank.visible_questions(self.answers)

    @property
    def current(self) -> Question | None:
        """The question to show, or None when every question has been passed."""
        qs = self.visible()
        return qs[self.position] if self.position < len(qs) else None

    @property
    def done(self) -> bool:
        """True when the walk has passed the last question."""
        return self.current is None

    def progress(self) -> tuple[int, int]:
        """(number of the current question, how many apply now), 1-based."""
        qs = self.visible()
        return min(self.position + 1, len(qs)), len(qs)

    def section(self) -> tuple[Section, int, int]:
        """(current section, its 1-based number, how many sections)."""
        sections = self.bank.questionnaire.sections
        q = self.current or self.visible()[-1]
        n = self.bank.section_of(q)
        return sections[n - 1], n, len(sections)

    # -- answers -------------------------------------------------------------

    def value(self, question: Question | str) -> Any:
        """The current answer to a question (None if there is none)."""
        q = self.bank.by_id[question] if isinstance(question, str) else question
        if q.patient_field:
            return self.patient.get(q.patient_field)
        return self.answers.get(q.id)

    def answer(self, value: Any, question: Question | None = None) -> Answer:
        """Set the answer to ``question`` (default: the current one); raise :class:`AnswerError` if invalid."""
        q = question or self.current
        if q is None:
            raise AnswerError("there is no question to answer")
        checked = check_answer(q, value)
        self._check_daily_dose(q, checked)
        self._store(q, checked)
        return checked

    def _check_daily_dose(self, q: Question, value: Answer) -> None:
        """A dose that makes more a day than anyone takes is asked again (a typing error, most likely)."""
        if q.kind == "number":
            problem = self.bank.dose_problem({**self.answers, q.id: value})
            if problem:
                raise AnswerError(problem)

    def answer_typed(self, text: str, question: Question | None = None) -> Answer | None:
        """Set an answer from typed text. Empty text clears an optional answer."""
        q = question or self.current
        if q is None:
            raise AnswerError("there is no question to answer")
        if not text.strip():
            if q.optional:
                self.clear(q)
                return None
            raise AnswerError(self.empty_message(q))
        checked = parse_typed(q, text)
        self._check_daily_dose(q, checked)
        self._store(q, checked)
        return checked

    @staticmethod
    def empty_message(q: Question) -> str:
        """What to say when a required question is left empty."""
        from ldnwizard.core.content.messages import _

        if q.kind == "number":
            return q.error_hint or _("answer.empty_number")
        if q.kind == "multi":
            return _("answer.empty_multi")
        if q.kind == "single":
            return _("answer.empty_single")
        return _("answer.empty_text")

    def clear(self, question: Question | str) -> None:
        """Remove an answer (and answers that depended on it)."""
        q = self.bank.by_id[question] if isinstance(question, str) else question
        if q.patient_field:
            self.patient.pop(q.patient_field, None)
        else:
            self.answers.pop(q.id, None)
            self.answers = self.bank.applicable(self.answers)

    def _store(self, q: Question, value: Answer) -> None:
        if q.patient_field:
            self.patient[q.patient_field] = value  # type: ignore[assignment]
            return
        self.answers[q.id] = value
        self.answers = self.bank.applicable(self.answers)

    def is_answered(self, question: Question) -> bool:
        """Whether the question has an answer."""
        return self.value(question) is not None

    # -- moving ----------------------------------------------------------------

    def can_go_on(self) -> bool:
        """The current question is answered, or may be left empty."""
        q = self.current
        return q is None or q.optional or self.is_answered(q)

    def next(self) -> Question | None:
        """Go to the next question that applies; None when the walk is done.

        Raises :class:`AnswerError` if the current question needs an answer first.
        """
        q = self.current
        if q is not None and not self.can_go_on():
            raise AnswerError(self.empty_message(q))
        self.position = min(self.position + 1, len(self.visible()))
        return self.current

    def back(self) -> Question | None:
        """Go to the previous question (always allowed); None if already at the first."""
        if self.position == 0:
            return None
        self.position = min(self.position - 1, len(self.visible()) - 1)
        return self.current

    def goto(self, question_id: str) -> Question:
        """Jump to a question that applies (from the review)."""
        ids = [q.id for q in self.visible()]
        if question_id not in ids:
            raise KeyError(f"{question_id!r} does not apply with these answers")
        self.position = ids.index(question_id)
        return self.visible()[self.position]

    def finish(self) -> None:
        """Jump to the end (the review)."""
        self.position = len(self.visible())

    # -- outcomes ----------------------------------------------------------------

    def urgent(self) -> Urgent | None:
        """The urgent-help message that applies now, if any: it stops the walk."""
        return self.bank.urgent_stop(self.answers)

    def assessment(self) -> Assessment:
        """The assessment of the answers so far."""
        return assess(self.bank, self.answers, self.patient)

    def has_answers(self) -> bool:
        """Whether anything would be lost by quitting."""
        return bool(self.answers or self.patient)

    def state(self) -> dict[str, Any]:
        """Everything needed to resume later (a draft)."""
        q = self.current
        return {
            "question_set": self.bank.questionnaire.id,
            "question_set_version": self.bank.questionnaire.version,
            "at": q.id if q else "",
            "answers": dict(self.answers),
            "patient": dict(self.patient),
        }

    def reset(self) -> None:
        """Forget every answer and go back to the first question."""
        self.answers.clear()
        self.patient.clear()
        self.position = 0
