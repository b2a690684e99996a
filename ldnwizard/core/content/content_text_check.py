"""A question set's text holds no control characters: ``ldnwizard check`` refuses them.

TOML lets a file spell any character with an escape (``"\\u001b[2J"``), so a question,
a choice label or a finding could carry a terminal escape that clears the screen or
sets a window title on every kiosk. The front ends show such characters visibly
(:func:`ldnwizard.core.text.printable`), but content has no reason to hold them:
each one is reported at its file and line. Line ends are allowed (multi-line texts);
tabs are not (they show as ``\\x09``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from ldnwizard.core.content.models import as_data
from ldnwizard.core.errors import ContentError
from ldnwizard.core.text import CONTROL, one_line
from ldnwizard.core.files.tomlfile import TomlLines

if TYPE_CHECKING:
    from ldnwizard.core.content.bank import Bank

#: The characters :func:`~ldnwizard.core.text.printable` would make visible (all but the line end).
UNSAFE = CONTROL


def _strings(value: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string in dumped model data (keys too), with its location (``('questions', 3, 'prompt')``)."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield loc + (key,), key
            yield from _strings(item, loc + (key,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _strings(item, loc + (i,))


def _file_data(bank: Bank) -> dict[str, Any]:
    """Each content file's data as its model holds it, by the keys of :data:`ldnwizard.core.content.bank.FILES`."""
    return {
        "questionnaire": as_data(bank.questionnaire),
        "rules": {"rules": [as_data(r) for r in bank.rules]},
        "medicines": as_data(bank.medicines),
        "sources": as_data(bank.sources),
        "plan": as_data(bank.plan),
    }


def control_characters(bank: Bank, lines: dict[str, TomlLines]) -> list[ContentError]:
    """One error for each text of the question set holding a control or escape character."""
    from ldnwizard.core.content.bank import FILES

    errors: list[ContentError] = []
    for key, data in _file_data(bank).items():
        file_lines = lines.get(key)
        for loc, text in _strings(data, ()):
            found = UNSAFE.search(text)
            if found is None:
                continue
            where = ".".join(str(p) for p in loc)
            line = file_lines.line_of(loc) if file_lines is not None else None
            errors.append(
                ContentError(
                    f"{where}: the text holds a control character ({one_line(found.group())}); "
                    "remove it (terminals would act on it)",
                    bank.path / FILES[key][0],
                    line,
                    None,
                )
            )
    return errors
