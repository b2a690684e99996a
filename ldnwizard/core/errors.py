"""Errors that carry a place (file and line) and a plain message for the person."""

from __future__ import annotations

import re
from pathlib import Path

from ldnwizard.core.text import QUOTE_LIMIT, clip, one_line

#: A quoted value in a message ('...' or "...", as repr and f-strings write them).
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", re.DOTALL)
#: The longest message shown (the list of known ids is the longest honest one).
MESSAGE_LIMIT = 2000


def safe_message(text: str) -> str:
    """A message fit for one line on a terminal.

    Control and escape characters are shown as visible text (a file name, an id or a
    value quoted from a file can never act on the terminal), line ends too; each quoted
    value longer than ``QUOTE_LIMIT`` characters is cut with an ellipsis, and the whole
    message is cut at ``MESSAGE_LIMIT``.
    """
    text = _QUOTED.sub(lambda m: _clip_quoted(m.group()), text)
    return one_line(clip(text, MESSAGE_LIMIT))


def _clip_quoted(quoted: str) -> str:
    if len(quoted) <= QUOTE_LIMIT + 2:
        return quoted
    return quoted[0] + clip(quoted[1:-1], QUOTE_LIMIT) + quoted[-1]


def quote(value: object) -> str:
    """``value`` quoted for a message (repr), cut to ``QUOTE_LIMIT`` characters and made printable."""
    return one_line(_clip_quoted(repr(value)) if isinstance(value, str) else clip(repr(value), QUOTE_LIMIT))


class LdnError(Exception):
    """Base for every error ldnwizard reports without a traceback."""


class InputError(LdnError):
    """Bad input: a file, an answer or an argument. The command exits with 2.

    ``path`` and ``line`` say where, when known; ``where`` names a question id
    or table key when that helps more than a line.
    """

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        where: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.where = where

    def __str__(self) -> str:
        place = ""
        if self.path is not None:
            place = one_line(str(self.path))
            if self.line is not None:
                place += f":{self.line}"
        if self.where:
            where = one_line(clip(self.where, QUOTE_LIMIT))
            place = f"{place} ({where})" if place else where
        message = safe_message(self.message)
        return f"{place}: {message}" if place else message


class ContentError(InputError):
    """A problem in a question set (questions/...): wrong wording is not a crash."""


class ContentErrors(LdnError):
    """Several content problems found in one pass, so an author can fix them all at once."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
