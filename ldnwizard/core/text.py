"""Showing text from files and people literally: the one rule every front end uses.

Every string that comes from a file, a person or the question set goes through
:func:`printable` (or :func:`one_line` for error messages) before it reaches a
terminal, a page or a log. Control characters (C0, DEL, C1: the start of every
terminal escape sequence), Unicode line and paragraph separators and bidi
overrides are shown as visible ``\\x1b`` / ``\\u202e`` text, so nothing a file
holds can move the cursor, set a window title, clear the screen or reorder text.

Kept free of pydantic and Textual so the wizard's first screen can use it cheaply.
"""

from __future__ import annotations

import re

#: C0 (but the line end), DEL, C1, line/paragraph separators, bidi embeddings, overrides and isolates.
_UNSAFE = "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[{_UNSAFE}]")
_CONTROL_OR_NEWLINE = re.compile(f"[{_UNSAFE}\n]")
#: The characters :func:`printable` makes visible (for checks that refuse them).
CONTROL = _CONTROL

#: The longest value quoted whole in a message; longer ones are cut with an ellipsis.
QUOTE_LIMIT = 80


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def has_control(text: str) -> bool:
    """Whether ``text`` holds a character :func:`printable` would make visible (line ends do not count)."""
    return _CONTROL.search(text) is not None


def printable(text: str) -> str:
    """``text`` with control characters made visible, so a terminal never acts on them (line ends kept)."""
    return _CONTROL.sub(_visible, text)


def one_line(text: str) -> str:
    """:func:`printable`, with line ends made visible too: for one-line messages and names."""
    return _CONTROL_OR_NEWLINE.sub(_visible, text)


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"
