"""Showing text from files and people literally: the one rule every front end uses.

Kept free of pydantic and Textual so the wizard's first screen can use it cheaply.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # everything but the line end


def printable(text: str) -> str:
    """``text`` with control characters made visible, so a terminal never acts on them."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
