"""Shared pieces of the answer widgets: the go-on message and steady (test-frozen) controls."""

from __future__ import annotations

from textual._context import active_app
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input


class GoOn(Message):
    """The person pressed Enter in an answer widget: commit and go to the next question."""


def _steady() -> bool:
    try:
        return bool(getattr(active_app.get(), "steady", False))
    except LookupError:
        return False


def steady_button(
    label: str | Content, *, id: str | None = None, variant: str = "default", classes: str = "", compact: bool = False
) -> Button:
    """A Button whose press flash is off when the app is steady (snapshot tests)."""
    button = Button(label, id=id, variant=variant, classes=classes, compact=compact)  # type: ignore[arg-type]
    if _steady():
        button.active_effect_duration = 0
    return button


def steady_input(**kwargs) -> Input:
    """An Input whose cursor does not blink when the app is steady (snapshot tests)."""
    field = Input(**kwargs)
    if _steady():
        field.set_reactive(Input.cursor_blink, False)
    return field
