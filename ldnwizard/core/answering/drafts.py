"""Drafts: the answers so far, kept between runs so a person can continue later.

A draft is :meth:`Flow.state() <ldnwizard.core.answering.flow.Flow.state>` written as TOML,
atomically and with mode 0600, in the user's data folder (``LDNWIZARD_DATA_DIR``
or the ``folder`` argument overrides it). Loading checks every answer again with
:func:`~ldnwizard.core.answering.answers.check_answers`; a broken or foreign draft is
ignored with a notice, never a crash. This module does not import Textual, and
:meth:`DraftStore.peek` (is there a draft, how many answers) needs no loaded
question set, so it imports no pydantic either.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from ldnwizard.core.errors import LdnError
from ldnwizard.core.content.messages import _
from ldnwizard.core.files.store import write_private
from ldnwizard.core.text import has_control
from ldnwizard.core.files.tomlfile import read_toml

if TYPE_CHECKING:
    from ldnwizard.core.content.bank import Bank
    from ldnwizard.core.answering.flow import Flow

#: A loaded question set, or just its id (``questionnaire.toml``'s ``id``).
SetRef = Union["Bank", str]

DRAFT_NAME = "draft.toml"


@dataclass
class Resumed:
    """What :meth:`DraftStore.load` found: a flow to continue, or a notice why not."""

    flow: Flow | None
    notice: str | None = None


@dataclass
class Peek:
    """What :meth:`DraftStore.peek` saw without the question set: how many answers, or a notice why none."""

    count: int
    notice: str | None = None


def _set_id(ref: SetRef) -> str:
    return ref if isinstance(ref, str) else ref.questionnaire.id


def _shape(data: dict[str, Any], set_id: str) -> tuple[dict[str, Any], dict[str, Any], str] | str:
    """A draft's (answers, patient, at), or the notice saying why it is left out."""
    if data.get("question_set") != set_id:
        return _("draft.other_set")
    answers, patient, at = data.get("answers"), data.get("patient", {}), data.get("at", "")
    if not isinstance(answers, dict) or not isinstance(patient, dict) or not isinstance(at, str):
        return _("draft.damaged")
    if any(has_control(s) for s in _texts([answers, patient, at])):  # a name with a terminal escape, say
        return _("draft.damaged")
    return answers, patient, at


def _texts(value: Any) -> list[str]:
    """Every string in a draft's data (keys too)."""
    out: list[str] = []
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return out


def default_folder() -> Path:
    """Where drafts live: ``LDNWIZARD_DATA_DIR`` if set, else the platform's user data folder."""
    override = os.environ.get("LDNWIZARD_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("ldnwizard"))


class DraftStore:
    """One draft file per question set in ``folder`` (created 0700 when first needed)."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_folder()

    def path(self, bank: SetRef) -> Path:
        """The draft file for this question set (a Bank, or its id)."""
        return self.folder / f"{_set_id(bank)}-{DRAFT_NAME}"

    def exists(self, bank: SetRef) -> bool:
        """Whether a draft file is there (it may still turn out unusable)."""
        return self.path(bank).is_file()

    def save(self, flow: Flow) -> Path | None:
        """Write the flow's state; a flow without answers removes the draft instead.

        Returns the path written, or None. A failure to write is not fatal: the
        walk goes on without a draft (the error is returned by :meth:`try_save`).
        """
        if not flow.has_answers():
            self.delete(flow.bank)
            return None
        import tomli_w

        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return write_private(self.path(flow.bank), tomli_w.dumps(flow.state()), force=True)

    def try_save(self, flow: Flow) -> str | None:
        """:meth:`save`, returning a message instead of raising when the disk refuses."""
        try:
            self.save(flow)
        except (OSError, LdnError) as exc:
            return _("draft.not_saved", error=exc)
        return None

    def _read(self, set_id: str) -> dict[str, Any] | str | None:
        """The draft's TOML data, None when there is no draft, or the notice saying why it cannot be read."""
        path = self.path(set_id)
        if not os.path.lexists(path):
            return None
        try:
            return read_toml(path)[0]  # a regular file, size and nesting limited, like every file read
        except LdnError:
            return _("draft.unreadable")

    def peek(self, set_id: str) -> Peek:
        """How many answers the draft of question set ``set_id`` holds, without loading the question set.

        ``Peek(0)``: no draft. A draft that cannot be read, or is damaged or foreign,
        gives ``Peek(0, notice)`` (the same notice :meth:`load` gives). A positive count
        still has to pass :meth:`load`, which checks every answer against the questions.
        """
        data = self._read(set_id)
        if data is None:
            return Peek(0)
        if isinstance(data, str):
            return Peek(0, data)
        shape = _shape(data, set_id)
        if isinstance(shape, str):
            return Peek(0, shape)
        answers, patient, _ = shape
        return Peek(len(answers) + len(patient))

    def load(self, bank: Bank) -> Resumed:
        """Read the draft for ``bank``; anything wrong gives ``Resumed(None, notice)``."""
        data = self._read(bank.questionnaire.id)
        if data is None:
            return Resumed(None)
        if isinstance(data, str):
            return Resumed(None, data)
        return self._flow(bank, data)

    def _flow(self, bank: Bank, data: dict[str, Any]) -> Resumed:
        from ldnwizard.core.answering.answers import check_answers
        from ldnwizard.core.answering.flow import Flow

        shape = _shape(data, bank.questionnaire.id)
        if isinstance(shape, str):
            return Resumed(None, shape)
        answers, patient, at = shape
        try:
            checked = check_answers(bank, answers, patient=patient)
        except LdnError:
            return Resumed(None, "A saved draft no longer fits these questions, so it was left out.")
        flow = Flow(bank, checked.answers, checked.patient)
        if not flow.has_answers():
            return Resumed(None)
        ids = [q.id for q in flow.visible()]
        if at in ids:
            flow.goto(at)
        else:  # the draft's place no longer applies: the first open question, else the review
            first_open = next((q for q in flow.visible() if not q.optional and not flow.is_answered(q)), None)
            if first_open is not None:
                flow.goto(first_open.id)
            else:
                flow.finish()
        return Resumed(flow)

    def delete(self, bank: SetRef) -> None:
        """Remove the draft (after the summary is saved, or on "Start over")."""
        try:
            self.path(bank).unlink()
        except FileNotFoundError:
            pass
