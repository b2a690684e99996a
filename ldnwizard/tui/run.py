"""``ldnwizard`` with no command: run the wizard and return its exit code."""

from __future__ import annotations

import argparse
from pathlib import Path

from ldnwizard.core.bank import Bank


def run_wizard(bank: Bank, args: argparse.Namespace) -> int:
    """Run the wizard; 0 when a summary was saved (or the walk finished), 1 when the person quit."""
    from ldnwizard.tui.app import QUIT, WizardApp

    drafts = None
    if not getattr(args, "no_draft", False):
        from ldnwizard.core.drafts import DraftStore

        drafts = DraftStore()
    app = WizardApp(bank, drafts=drafts, save_dir=Path.cwd(), theme=getattr(args, "theme", "auto") or "auto")
    result = app.run()
    return result if result is not None else QUIT
