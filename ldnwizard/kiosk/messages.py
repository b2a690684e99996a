"""What the kiosk's screens tell the app; the app decides what happens next.

Screens never call into the app (that would make screens and app import each other):
they post one of these and the app handles it (``@on(...)`` in :mod:`ldnwizard.kiosk.app`).
What a screen needs to show comes through its constructor. Imports only Textual's Message.
"""

from __future__ import annotations

from textual.message import Message


class StartPressed(Message):
    """A customer starts on the welcome screen."""


class LanguageChosen(Message):
    """On the welcome screen: the customer picked the language to go on in."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language


class Moved(Message):
    """The customer's Flow moved (an answer, Back, or a jump from the review): show where it is now."""


class UrgentFound(Message):
    """An answer calls for urgent help: show it (it stops the questions)."""


class ReviewWanted(Message):
    """The walk is through: show every answer before finishing."""


class ChangeWanted(Message):
    """On the review: the customer wants to change the answer to ``question_id``."""

    def __init__(self, question_id: str) -> None:
        super().__init__()
        self.question_id = question_id


class Finished(Message):
    """The customer is done: save the summary and show the code."""


class StartOver(Message):
    """Wipe every answer and go back to the welcome (Start over, Done, the idle countdown ran out)."""


class StillHere(Message):
    """The customer answered "I'm still here"."""


class PinEntered(Message):
    """The operator typed a PIN (checked by the app)."""

    def __init__(self, pin: str) -> None:
        super().__init__()
        self.pin = pin


class OperatorClosed(Message):
    """The operator's PIN box was closed without a PIN."""


class StopRequested(Message):
    """Staff stop the kiosk (after the PIN)."""
