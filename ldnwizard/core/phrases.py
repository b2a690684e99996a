"""Small phrases every view shares: doses, counts, and the one name (and style level) of each verdict.

Imports nothing heavy (no pydantic, no Textual): the wizard's question screens use
it before the summary models are needed. The words themselves come from the question
set (``plan.toml``): a verdict's name and icon are ``[verdicts.<id>] word, icon``.
"""

from __future__ import annotations

from typing import Any

#: Which finding level's look (colour, border) a verdict takes in every view. Only the
#: look: a verdict is always *named* by its own word from the question set (verdict_tag).
VERDICT_LEVEL = {"do-not-start": "stop", "wait": "wait", "start-low": "caution", "standard": "info"}


def verdict_level(verdict: str) -> str:
    """The style level of a verdict (``stop``, ``wait``, ``caution``, ``info``)."""
    return VERDICT_LEVEL.get(verdict, "info")


def verdict_tag(verdict: str, words: Any) -> str:
    """The verdict's one name with its icon, as the question set words it ("‖ WAIT").

    ``words`` is the question set's plan texts (``bank.plan``).
    """
    text = words.verdicts.get(verdict)
    return f"{text.icon} {text.word}" if text is not None else verdict.upper()


def level_tag(level: str, words: Any) -> str:
    """A finding level's word with its icon ("★ TIP"), as the question set words it."""
    text = words.levels.get(level)
    return f"{text.icon} {text.word}" if text is not None else level.upper()


def fmt_mg(value: float) -> str:
    """A dose in mg without trailing zeros: 0.5, 1, 4.5."""
    return f"{value:g}"


def count(n: float, one: str, many: str) -> str:
    """``1 dose``, ``2 doses``, ``1.5 doses``: the number and the word that fits it."""
    return f"{fmt_mg(n)} {one if n == 1 else many}"
