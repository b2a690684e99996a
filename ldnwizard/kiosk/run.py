"""``ldnwizard kiosk``: settings, then the app; the screen is cleared on the way out."""

from __future__ import annotations

import argparse
import os
import sys

from ldnwizard.core import spool
from ldnwizard.core.errors import InputError


def run_kiosk(args: argparse.Namespace) -> int:
    """Check the settings (bad ones exit 2 before any screen), run the kiosk, clear the screen."""
    from ldnwizard.core.bank import load_bank
    from ldnwizard.kiosk.config import read_pin, resolve

    config = resolve(args)
    pin = read_pin(config.operator_pin_file) if config.operator_pin_file is not None else None
    try:
        spool.ensure_spool(config.spool)
    except spool.SpoolError as exc:
        raise InputError(str(exc)) from None
    bank = load_bank(args.questions)
    # Signals must not come from the keyboard (Textual honours this variable).
    os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)

    from ldnwizard.kiosk.app import KioskApp

    app = KioskApp(bank, config, pin=pin)
    code = app.run()
    # Leave nothing of the last customer on screen or in the scrollback.
    if sys.stdout.isatty():
        sys.stdout.write("\x1b[H\x1b[2J\x1b[3J")
        sys.stdout.flush()
    return 0 if code is None else int(code)
