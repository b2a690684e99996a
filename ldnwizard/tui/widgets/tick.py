"""A checkbox that shows its state in characters, not only in colour: ``[x]`` or ``[ ]``."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A Checkbox drawn as ``[x]`` when ticked and ``[ ]`` when not.

    Space or a click ticks it; Enter does what Enter does in the form around it (it posts
    :class:`TickBox.Submitted`, as an Input does), so a habit Enter never unticks it.
    """

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"
    BINDINGS = [Binding("space", "toggle_button", "Tick", show=False), Binding("enter", "submit", show=False)]

    class Submitted(Message):
        """Enter was pressed on the box."""

        def __init__(self, box: "TickBox") -> None:
            super().__init__()
            self.box = box

        @property
        def control(self) -> "TickBox":
            return self.box

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self))

    @property
    def _button(self) -> Content:
        return Content.assemble("[", ("x" if self.value else " ", "bold"), "]")
