"""Small yes/no questions: quit?, replace the file?, continue the draft?"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ldnwizard.tui.widgets import steady_button


class AskScreen(ModalScreen[bool]):
    """A question with two answers; dismisses True for ``yes``, False for ``no``.

    Escape gives the safe answer: ``no`` unless ``safe_yes`` (continuing a draft is the
    safe answer to "continue where you left off?": starting over deletes it).
    """

    BINDINGS = [Binding("escape", "safe", "Cancel")]

    def __init__(
        self, question: str, yes: str, no: str, *, focus_yes: bool = False, safe_yes: bool = False, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.question, self.yes, self.no, self.focus_yes, self.safe_yes = question, yes, no, focus_yes, safe_yes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="question", markup=False)
            with Horizontal(id="answers"):
                # The answer that has the focus (the safe one, unless focus_yes) is the one styled primary.
                yield steady_button(self.yes, id="yes", variant="primary" if self.focus_yes else "default")
                yield steady_button(self.no, id="no", variant="default" if self.focus_yes else "primary")

    def on_mount(self) -> None:
        self.query_one("#yes" if self.focus_yes else "#no", Button).focus()

    def action_safe(self) -> None:
        """Escape: the safe answer."""
        self.dismiss(self.safe_yes)

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)
