"""Big touch targets for the kiosk: the on-screen keyboard, big text.

The :class:`~ldnwizard.ui.tile.Tile` itself is shared with the wizard (``ldnwizard.ui.tile``).
"""

from __future__ import annotations

from textual.containers import Grid
from textual.message import Message

from ldnwizard.ui.tile import Tile


class Keys(Grid):
    """An on-screen keyboard: one tile per key; pressing one posts :class:`Keys.Typed`."""

    BACKSPACE = "⌫ Delete"
    SPACE = "Space"

    class Typed(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, rows: list[list[str]], *, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self.rows = rows
        self.styles.grid_size_columns = max(len(r) for r in rows)

    def compose(self):
        width = max(len(r) for r in self.rows)
        for row in self.rows:
            for key in row:
                tile = Tile(_key_label(key), value=key, classes="key")
                if key == Keys.SPACE or len(row) == 1:  # the space bar takes what the row leaves
                    tile.styles.column_span = width - len(row) + 1
                yield tile

    def on_tile_pressed(self, event: Tile.Pressed) -> None:
        event.stop()
        self.post_message(self.Typed(event.tile.value))


def _key_label(key: str) -> str:
    """What a key tile shows: Delete and Space in the customer's language, every other key as it is."""
    from ldnwizard.core.content.messages import _ as tr

    return {Keys.BACKSPACE: tr("kiosk.key_delete"), Keys.SPACE: tr("kiosk.key_space")}.get(key, key)


NUMBER_KEYS = [["7", "8", "9"], ["4", "5", "6"], ["1", "2", "3"], [".", "0", Keys.BACKSPACE]]
LETTER_KEYS = [
    list("QWERTYUIOP"),
    list("ASDFGHJKLÑ"),  # Ñ where a Spanish keyboard has it: Muñoz, Peña, Núñez
    list("ZXCVBNM") + ["-", "'", Keys.BACKSPACE],
    [".", Keys.SPACE],
]


_FONT5X5 = {
    "0": ".###.|#..##|#.#.#|##..#|.###.",
    "1": "..#..|.##..|..#..|..#..|.###.",
    "2": "####.|....#|.###.|#....|#####",
    "3": "####.|....#|.###.|....#|####.",
    "4": "#..#.|#..#.|#####|...#.|...#.",
    "5": "#####|#....|####.|....#|####.",
    "6": ".###.|#....|####.|#...#|.###.",
    "7": "#####|....#|...#.|..#..|..#..",
    "8": ".###.|#...#|.###.|#...#|.###.",
    "9": ".###.|#...#|.####|....#|.###.",
    "A": ".###.|#...#|#####|#...#|#...#",
    "C": ".####|#....|#....|#....|.####",
    "E": "#####|#....|####.|#....|#####",
    "F": "#####|#....|####.|#....|#....",
    "H": "#...#|#...#|#####|#...#|#...#",
    "J": "..###|...#.|...#.|#..#.|.##..",
    "K": "#..#.|#.#..|##...|#.#..|#..#.",
    "M": "#...#|##.##|#.#.#|#...#|#...#",
    "N": "#...#|##..#|#.#.#|#..##|#...#",
    "P": "####.|#...#|####.|#....|#....",
    "R": "####.|#...#|####.|#..#.|#...#",
    "T": "#####|..#..|..#..|..#..|..#..",
    "U": "#...#|#...#|#...#|#...#|.###.",
    "W": "#...#|#...#|#.#.#|##.##|#...#",
    "X": "#...#|.#.#.|..#..|.#.#.|#...#",
    "Y": "#...#|.#.#.|..#..|..#..|..#..",
    "-": ".....|.....|.###.|.....|.....",
}
"""A 5x5 bitmap per code character (``#`` is ink); drawn with half blocks as 3 lines."""


def big_text(value: str) -> str:
    """``value`` (a pickup code) in letters 3 lines tall and 5 wide, drawn with block characters."""
    cells = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    out = []
    for pair in range(3):
        line = []
        for ch in value:
            rows = _FONT5X5.get(ch, ".....|.....|.....|.....|.....").split("|") + ["....."]
            top, bottom = rows[pair * 2], rows[pair * 2 + 1]
            line.append("".join(cells[(t == "#", b == "#")] for t, b in zip(top, bottom)))
        out.append("  ".join(line).rstrip())
    return "\n".join(out)
