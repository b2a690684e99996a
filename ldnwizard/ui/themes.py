"""Colour themes shared by the wizard and the kiosk: the built-in dark and light ones, and a high-contrast one."""

from __future__ import annotations

import os

from textual.app import App
from textual.theme import BUILTIN_THEMES, Theme

HIGH_CONTRAST = Theme(
    name="ldnwizard-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#00FFFF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#FFFFFF",
    warning="#FFFF00",
    error="#FF6060",
    success="#00FF00",
    dark=True,
    variables={
        "footer-key-foreground": "#FFFF00",
        "input-selection-background": "#FFFF00 40%",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        # Fields and lists without the focus keep a white edge: Textual derives this one from
        # the surface, which is black here, so an unfocused field would have no edge at all.
        "border-blurred": "#FFFFFF",
    },
)


def terminal_is_light() -> bool:
    """Whether the terminal says (in ``COLORFGBG``) that its background is light."""
    value = os.environ.get("COLORFGBG", "")
    try:
        background = int(value.split(";")[-1])
    except ValueError:
        return False
    return background in (7, 15) or 9 < background < 16 and background not in (8,)


def theme_for(choice: str) -> Theme:
    """The Textual theme itself for ``--theme``."""
    name = theme_name(choice)
    return HIGH_CONTRAST if name == HIGH_CONTRAST.name else BUILTIN_THEMES[name]


def theme_name(choice: str) -> str:
    """The Textual theme for ``--theme`` (``auto`` follows the terminal's background)."""
    if choice == "high-contrast":
        return HIGH_CONTRAST.name
    if choice == "light" or (choice == "auto" and terminal_is_light()):
        return "textual-light"
    return "textual-dark"


def start_in_theme(app: App, theme: Theme) -> None:
    """Give ``app`` its theme before it runs, so its styles are parsed once, in that theme.

    Setting ``app.theme`` runs Textual's watcher, which re-parses every stylesheet on the
    app's next turn: at start-up that is all of them a second time (about 75 M
    instructions, 7 % of the wizard's first paint). Before the app runs nothing is parsed
    yet, so the theme is set quietly and the stylesheet given its variables, with the
    classes and the colour filter the watcher would set. Call it from ``__init__``.
    """
    app.register_theme(theme)
    if app.theme == theme.name:
        return
    app.set_reactive(App.theme, theme.name)
    app.stylesheet.set_variables(app.get_css_variables())
    app.set_class(True, f"-theme-{theme.name}", update=False)
    app.set_class(theme.dark, "-dark-mode", update=False)
    app.set_class(not theme.dark, "-light-mode", update=False)
    app._refresh_truecolor_filter(app.ansi_theme)  # what App._watch_theme does for ANSI colours
