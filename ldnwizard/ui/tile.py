"""A press target lighter than Textual's Button, shared by the kiosk and the wizard.

A :class:`Tile` is a focusable box that wraps its label (a Button cuts long labels off);
click, tap, Enter or Space press it. Labels are plain text, never markup. The kiosk
makes its big touch targets from it; the wizard's welcome uses one for Start, because
a Button brings its own large stylesheet to the first paint (about 30 ms here). Each
view styles its tiles in its own CSS.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Static


class Tile(Static, can_focus=True):
    """A big button: click, tap, Enter or Space presses it."""

    ALLOW_SELECT = False
    BINDINGS = [
        Binding("enter", "press", "Choose", show=False),
        Binding("space", "press", "Choose", show=False),
    ]

    class Pressed(Message):
        """The tile was pressed."""

        def __init__(self, tile: "Tile") -> None:
            super().__init__()
            self.tile = tile

        @property
        def control(self) -> "Tile":
            return self.tile

    def __init__(self, label: str, *, value: str = "", id: str | None = None, classes: str = "") -> None:
        super().__init__(Content(label), id=id, classes=classes)
        self.value = value
        self.label = label

    def set_label(self, label: str) -> None:
        """Show another label (plain text)."""
        self.label = label
        self.update(Content(label))

    def action_press(self) -> None:
        self.post_message(self.Pressed(self))

    def on_click(self, event) -> None:
        event.stop()
        if event.button > 1:  # a right or middle click never picks
            return
        self.action_press()
