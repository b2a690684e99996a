"""The kiosk's faces of the widgets it shares with the wizard: a question's choices and the review's answers, as big tiles.

:class:`ChoiceTiles` is the kiosk's :class:`~ldnwizard.ui.picker.ChoicePicker` (the wizard's
are option lists); :class:`AnswerTiles` is its :class:`~ldnwizard.ui.review.AnswerReview`.
What is offered, in what order, how a pick is marked and stored, and which rows a review
has, come from ``ldnwizard.ui``; the look (tiles, marks, columns) is the kiosk's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll

from ldnwizard.core.content.messages import _ as tr
from ldnwizard.kiosk.widgets import Tile
from ldnwizard.ui.choices import Marks
from ldnwizard.ui.picker import ChoicePicker
from ldnwizard.ui.review import AnswerReview, ReviewRow

if TYPE_CHECKING:
    from ldnwizard.core.content.models import Choice, Question

#: The kiosk's marks: a round one for one choice, a box for several.
RADIO, TICKS = Marks("●", "○"), Marks("☑", "☐")


class ChoiceTiles(ChoicePicker, Grid):
    """A question's choices as a grid of big tiles, 1 to 3 columns by label length; a press picks.

    The chosen tiles carry ``-chosen`` and a mark before the label.
    """

    def __init__(self, question: Question, value: object = None, *, pinned: frozenset[str] = frozenset(), id: str | None = None) -> None:
        self.set_question(question, value, pinned)  # pinned: shown first, never filtered away
        longest = max(len(c.label) for c in question.choices)
        columns = 1 if longest > 40 else 2 if longest > 26 or len(question.choices) in (2, 4) else 3
        super().__init__(id=id, classes=f"cols-{columns}")
        self.styles.grid_size_columns = columns
        inner = 92 // columns - 5
        self.styles.grid_rows = "4" if longest + 2 > inner else "3"

    def _label(self, choice: Choice) -> str:
        return (TICKS if self.several else RADIO).label(choice, self.is_picked(choice.value))

    def compose(self) -> ComposeResult:
        for c in self.shown:
            tile = Tile(self._label(c), value=c.value, classes="choice")
            tile.set_class(self.is_picked(c.value), "-chosen")
            yield tile

    def on_unmount(self) -> None:
        self.picked = []  # a removed widget that Textual keeps a while holds nothing of the customer

    @property
    def tiles(self) -> list[Tile]:
        """The choice tiles, in the order shown."""
        return list(self.query_children(".choice").results(Tile))

    def show_marks(self) -> None:
        by_value = {c.value: c for c in self.question.choices}
        for tile in self.tiles:
            tile.set_class(self.is_picked(tile.value), "-chosen")
            tile.set_label(self._label(by_value[tile.value]))

    def show_choices(self) -> None:
        """After narrowing: the tiles shown, in the shared order (matches first); the others hidden."""
        tiles = {t.value: t for t in self.tiles}
        order = [c.value for c in self.shown]
        order += [value for value in tiles if value not in set(order)]
        for i, value in enumerate(order):
            tile = tiles[value]
            tile.display = i < len(self.shown)
            if self.children[i] is not tile:
                self.move_child(tile, before=i)

    @on(Tile.Pressed, ".choice")
    def _pressed(self, event: Tile.Pressed) -> None:
        event.stop()
        self.pick(event.tile.value)


class AnswerTiles(AnswerReview, VerticalScroll):
    """The review's answers, each a big tile (its question, the answer in words, "Change"): touch one to change it."""

    def __init__(self, rows: list[ReviewRow], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows

    def compose(self) -> ComposeResult:
        change = tr("kiosk.change")
        for row in self.rows:
            yield Tile(f"{row.number}. {row.prompt}\n→ {row.answer}   {change}", value=row.question_id, classes="answer")

    @on(Tile.Pressed, ".answer")
    def _pressed(self, event: Tile.Pressed) -> None:
        event.stop()
        self.request_change(event.tile.value)
