"""Errors that carry a place (file and line) and a plain message for the person."""

from __future__ import annotations

from pathlib import Path


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
            place = str(self.path)
            if self.line is not None:
                place += f":{self.line}"
        if self.where:
            place = f"{place} ({self.where})" if place else self.where
        return f"{place}: {self.message}" if place else self.message


class ContentError(InputError):
    """A problem in a question set (questions/...): wrong wording is not a crash."""


class ContentErrors(LdnError):
    """Several content problems found in one pass, so an author can fix them all at once."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
