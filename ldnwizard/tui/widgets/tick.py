"""A checkbox that shows its state in characters, not only in colour: ``[x]`` or ``[ ]``."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A Checkbox drawn as ``[x]`` when ticked and ``[ ]`` when not."""

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    @property
    def _button(self) -> Content:
        return Content.assemble("[", ("x" if self.value else " ", "bold"), "]")
