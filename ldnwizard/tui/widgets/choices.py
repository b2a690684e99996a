"""Choice widgets: one choice (also yes / no / not sure) and several choices, as option lists.

Both are the wizard's face of :class:`~ldnwizard.ui.picker.ChoicePicker` (the kiosk's is a
grid of tiles): what is picked, the order, the filter and the commit are shared.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ldnwizard.core.content.models import Choice, Question
from ldnwizard.tui.text import literal
from ldnwizard.tui.widgets.base import GoOn
from ldnwizard.ui.choices import Marks
from ldnwizard.ui.picker import ChoicePicker

#: The wizard's marks: a radio button for one choice, a check box for several.
RADIO, CHECK = Marks("(•)", "( )"), Marks("[x]", "[ ]")


class _LeftClickList(OptionList):
    """An OptionList that a right or middle click does not pick from (only a left click or a tap)."""

    def _on_click(self, event) -> None:
        if event.button > 1:
            event.prevent_default()  # OptionList's own click handler does not run


def choice_prompt(choice: Choice, marks: Marks | None = None, chosen: bool = False) -> Content:
    """A choice's label (and hint) as literal text, after its mark when ``marks`` are given."""
    label = literal(choice.label if marks is None else marks.label(choice, chosen))
    if choice.hint:
        pad = " " * (len(marks.of(chosen)) + 1) if marks is not None else ""
        label = Content.assemble(label, "\n", pad, literal(choice.hint).stylize("dim"))
    return label


class ChoiceList(ChoicePicker, _LeftClickList):
    """Pick one choice. Arrows move, Space or a click picks, Enter picks and goes on.

    Enter picks the highlighted choice only once the person has moved the highlight:
    an Enter pressed by habit on a fresh question never answers it by itself.
    """

    BINDINGS = [
        Binding("enter", "choose_and_go", "Pick and go on", show=False),
        Binding("space", "select", "Pick", show=False),
    ]

    def __init__(
        self,
        question: Question,
        chosen: str | None = None,
        *,
        pinned: frozenset[str] = frozenset(),
        id: str | None = None,
        classes: str = "",
    ) -> None:
        self.set_question(question, chosen, pinned)  # pinned: shown first, never filtered away
        self.moved = False
        super().__init__(*self._make_options(), id=id, classes=classes)

    @property
    def chosen(self) -> str | None:
        """The picked choice's value (None: nothing picked yet)."""
        return self.picked[0] if self.picked else None

    def _make_options(self) -> list[Option]:
        return [Option(choice_prompt(c, RADIO, self.is_picked(c.value)), id=c.value) for c in self.shown]

    def on_mount(self) -> None:
        self.highlighted = self._index_of(self.chosen) if self.chosen else (0 if self.shown else None)

    def load(self, question: Question, chosen: str | None) -> None:
        """Show another question's choices in this list (instead of mounting a new one)."""
        self.set_question(question, chosen)
        self.moved = False
        self.remove_class("-invalid")
        self.set_options(self._make_options())
        self.on_mount()

    def _index_of(self, value: str | None) -> int | None:
        for i, c in enumerate(self.shown):
            if c.value == value:
                return i
        return None

    def show_choices(self) -> None:
        """After narrowing: the choices shown, the picked one (or the first) highlighted."""
        self.set_options(self._make_options())
        index = self._index_of(self.chosen)
        self.highlighted = index if index is not None else (0 if self.shown else None)

    def show_marks(self) -> None:
        for c in self.shown:
            self.replace_option_prompt(c.value, choice_prompt(c, RADIO, self.is_picked(c.value)))

    def choose(self, value: str) -> None:
        """Mark ``value`` as the chosen one."""
        self.pick(value)

    def action_select(self) -> None:
        """Space or a click: pick the highlighted choice."""
        if self.highlighted is not None and self.shown:
            self.pick(self.shown[self.highlighted].value)

    def action_cursor_up(self) -> None:
        self.moved = True
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        self.moved = True
        super().action_cursor_down()

    def action_choose_and_go(self) -> None:
        """Enter: pick the highlighted choice (once the person moved to it) and go on."""
        if self.moved or self.chosen is not None:
            self.action_select()
        self.post_message(GoOn())


class MultiChoice(ChoicePicker, _LeftClickList):
    """Pick several choices with Space or a click; Enter goes on. A choice marked exclusive clears the others.

    With a filter (the medicine catalogue), :meth:`narrow` shows only the choices the typed
    text finds; ticks stay on choices that are filtered out of view.
    """

    BINDINGS = [
        Binding("enter", "go_on", "Go on", show=False),
        Binding("space", "select", "Tick", show=False),
    ]

    def __init__(
        self,
        question: Question,
        chosen: list[str] | None = None,
        *,
        pinned: frozenset[str] = frozenset(),
        id: str | None = None,
    ) -> None:
        self.set_question(question, chosen or [], pinned)  # pinned: shown first, never filtered away
        super().__init__(*self._make_options(), id=id)

    @property
    def ticked(self) -> set[str]:
        """The ticked values."""
        return set(self.picked)

    def _prompt(self, choice: Choice) -> Content:
        return choice_prompt(choice, CHECK, self.is_picked(choice.value))

    def _make_options(self) -> list[Option]:
        return [Option(self._prompt(c), id=c.value) for c in self.shown]

    def on_mount(self) -> None:
        self.highlighted = 0 if self.shown else None

    def load(self, question: Question, chosen: list[str] | None) -> None:
        """Show another question's choices in this list (instead of mounting a new one)."""
        self.set_question(question, chosen or [])
        self.remove_class("-invalid")
        self.set_options(self._make_options())
        self.highlighted = 0

    def show_choices(self) -> None:
        """After narrowing: the choices shown, the first highlighted."""
        self.set_options(self._make_options())
        self.highlighted = 0 if self.shown else None

    def show_marks(self) -> None:
        for c in self.shown:
            self.replace_option_prompt(c.value, self._prompt(c))

    def toggle(self, value: str) -> None:
        """Tick or untick ``value``; ticking an exclusive choice clears the others and the other way round."""
        self.pick(value)

    def action_select(self) -> None:
        """Space or a click: tick or untick the highlighted choice."""
        if self.highlighted is not None and self.shown:
            self.pick(self.shown[self.highlighted].value)

    def action_go_on(self) -> None:
        """Enter: go on with the choices as they are."""
        self.post_message(GoOn())

    def values(self) -> list[str]:
        """The ticked values, in the question's order."""
        return [c.value for c in self.question.choices if c.value in self.picked]

    def labels(self) -> list[str]:
        """The ticked choices' labels without the brands in brackets, in the question's order."""
        return [c.label.split(" (")[0] for c in self.question.choices if c.value in self.picked]
