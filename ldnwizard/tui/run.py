"""``ldnwizard`` with no command: run the wizard and return its exit code."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ldnwizard.core.content.bank import Bank
    from ldnwizard.core.content.welcome import WelcomeText


def _loader(folder: Path | None, cache: Path | None = None) -> Callable[[], Bank]:
    """Load the (cached, checked) question set in ``folder``; called in a thread after the first screen.

    ``cache`` is the cache file the welcome came from (its key need not be worked out again).
    """

    def load() -> Bank:
        from ldnwizard.core.content.load import load_bank_fast
        from ldnwizard.core.content.messages import current_language

        bank = load_bank_fast(folder, cache=cache)
        if current_language() != "en":  # the language the welcome was shown in
            from ldnwizard.core.content.i18n import translate

            bank = translate(bank, current_language())
        return bank

    return load


def run_wizard(bank: Bank | None, args: argparse.Namespace, *, welcome: WelcomeText | None = None) -> int:
    """Run the wizard; 0 when a summary was saved (or the walk finished), 1 when the person quit.

    With ``bank=None`` and the ``welcome`` texts (the question set is known valid: its
    checked Bank is cached), the welcome shows first and the Bank loads just after.
    If that load fails, its error is raised once the terminal is restored (the
    command prints it and exits with 2).
    """
    from ldnwizard.tui.app import QUIT, WizardApp

    drafts = None
    if not getattr(args, "no_draft", False):
        from ldnwizard.core.answering.drafts import DraftStore

        drafts = DraftStore()
    theme = getattr(args, "theme", "auto") or "auto"
    if bank is None:
        load = _loader(getattr(args, "questions", None), welcome.cache if welcome is not None else None)
        app = WizardApp(welcome=welcome, load_bank=load, drafts=drafts, save_dir=Path.cwd(), theme=theme)
    else:
        app = WizardApp(bank, drafts=drafts, save_dir=Path.cwd(), theme=theme)
    result = app.run()
    if app.load_error is not None:
        raise app.load_error
    return result if result is not None else QUIT
