"""The key bar at the bottom: which keys do what on this screen (lighter than Footer, which
rebuilds itself on every focus change)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ldnwizard.core.content.messages import _ as tr


def _quit() -> tuple[str, str]:
    return ("Ctrl+Q", tr("keys.quit"))


def keys_content(keys: list[tuple[str, str]]) -> Content:
    """``[("Enter", "Next"), ...]`` as one line: the key in bold, then what it does."""
    parts: list[Content | str | tuple[str, str]] = []
    for key, what in keys:
        parts += [(f" {key}", "bold $text-accent"), f" {what} "]
    return Content.assemble(*parts)


class KeyBar(Static):
    """One line of key hints, docked at the bottom of a screen (styled in app.tcss). Ctrl+Q is always listed."""

    def __init__(self, *keys: tuple[str, str]) -> None:
        super().__init__(keys_content([*keys, _quit()]), id="keys")

    def show(self, *keys: tuple[str, str]) -> None:
        """Replace the hints (the question screen changes them with the kind of question)."""
        self.update(keys_content([*keys, _quit()]))
