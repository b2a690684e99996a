"""Showing text from files and people literally: never markup, never terminal escapes."""

from __future__ import annotations

import re

from textual.content import Content

from ldnwizard.core.text import printable

_SOFT_BREAK = re.compile(r"(?<!\n)\n(?!\n)")

def literal(value: object) -> Content:
    """``value`` as Content shown exactly as written (control characters made visible)."""
    return Content(printable(str(value)))


def tidy(value: str) -> str:
    """A TOML multi-line string as paragraphs: trimmed, single line breaks kept only before list items."""
    lines = value.strip().split("\n")
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line and not line.lstrip().startswith(("- ", "* ")):
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line.rstrip())
    return "\n".join(out)


def paragraph(value: str) -> Content:
    """Literal Content of a tidied multi-line text."""
    return literal(tidy(value))
