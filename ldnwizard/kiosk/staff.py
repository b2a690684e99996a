"""Summaries the spool could not take, kept for staff, and the screen where staff deal with them.

When saving a summary fails (the disk is full, the spool is read-only or was made
unsafe), the customer is told to ask staff and still sees their verdict; the summary
is kept here, in memory, until staff deal with it: a line goes to the system log
(see :func:`~ldnwizard.kiosk.supervisor.staff_log`), and after the operator's PIN
(F12 three times) :class:`StaffScreen` shows the problem and offers to save the
summaries again (showing their new codes), to go back to the kiosk, or to stop the
kiosk anyway (which drops them). Done and the idle wipe clear the customer's screen
but never this list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ldnwizard.core.content.messages import message
from ldnwizard.core.files.spool import display_code
from ldnwizard.kiosk import messages
from ldnwizard.kiosk.widgets import Tile


@dataclass
class Unsaved:
    """One summary the spool did not take: its TOML text, when it was made, who for, and why it failed."""

    text: str
    when: dt.datetime
    name: str
    error: str


class StaffScreen(ModalScreen[None]):
    """Staff only (after the PIN): summaries not saved. Save again, back to the kiosk, or stop anyway.

    Its words are in ``language``: the kiosk's own, not the last customer's (staff read it).
    """

    ALLOW_SELECT = False
    BINDINGS = [
        Binding("escape", "back", show=False),
        Binding("tab,down,right", "app.focus_next", show=False),
        Binding("shift+tab,up,left", "app.focus_previous", show=False),
    ]

    def __init__(self, unsaved: list[Unsaved], save_again: Callable[[], list[tuple[str, Unsaved]]], *, language: str | None = None) -> None:
        """``unsaved`` is the app's own list (it changes as summaries are saved); ``save_again`` tries them again."""
        super().__init__()
        self.unsaved = unsaved
        self.save_again = save_again
        self.language = language  # None: the current language

    def say(self, key: str, **values: object) -> str:
        """The interface string ``key`` in the staff's language."""
        return message(key, self.language, **values)

    def compose(self) -> ComposeResult:
        with Vertical(id="staff"):
            yield Static(Content(self.say("staff.title")), id="staff-title")
            yield Static(Content(self._problem()), id="staff-problem")
            yield Static(Content(""), id="staff-result")
            with Horizontal(id="staff-nav"):
                yield Tile(self.say("staff.save_again"), id="staff-retry")
                yield Tile(self.say("staff.back"), id="staff-back")
                yield Tile(self._stop_label(), id="staff-stop")

    def _problem(self) -> str:
        unsaved = self.unsaved
        if not unsaved:
            return self.say("staff.all_saved")
        n = len(unsaved)
        lines = [self.say("staff.not_saved_one" if n == 1 else "staff.not_saved_many", n=n), unsaved[-1].error, ""]
        lines += [f"• {u.when:%H:%M}" + (f"  {u.name}" if u.name else "") for u in unsaved]
        lines += ["", self.say("staff.fix")]
        return "\n".join(lines)

    def _stop_label(self) -> str:
        n = len(self.unsaved)
        if not n:
            return self.say("staff.stop")
        return self.say("staff.stop_lost_one" if n == 1 else "staff.stop_lost_many", n=n)

    def on_mount(self) -> None:
        self.query_one("#staff-retry" if self.unsaved else "#staff-back").focus()

    def on_tile_pressed(self, event: Tile.Pressed) -> None:
        event.stop()
        if event.tile.id == "staff-retry":
            self._retry()
        elif event.tile.id == "staff-back":
            self.action_back()
        elif event.tile.id == "staff-stop":
            self.post_message(messages.StopRequested())

    def _retry(self) -> None:
        saved = self.save_again()
        result = self.query_one("#staff-result", Static)
        if saved:
            codes = "\n".join(f"• {display_code(code)}  {u.when:%H:%M}" + (f"  {u.name}" if u.name else "") for code, u in saved)
            result.update(Content(f"{self.say('staff.saved_again')}\n{codes}"))
        elif self.unsaved:
            result.update(Content(self.say("staff.still_failing", error=self.unsaved[-1].error)))
        self.query_one("#staff-problem", Static).update(Content(self._problem()))
        self.query_one("#staff-stop", Tile).set_label(self._stop_label())

    def action_back(self) -> None:
        self.dismiss()
