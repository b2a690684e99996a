"""``ldnwizard --plain``: the questions as plain line-by-line prompts.

For screen-reader and braille users, dumb terminals and scripts: no full screen,
no cursor movement, no colour, not a single escape code. It drives the same
:class:`~ldnwizard.core.answering.flow.Flow` as the wizard, so questions, order, checks and
assessment are the wizard's. See :mod:`ldnwizard.plain.session` for exit codes.
"""

from __future__ import annotations

import argparse
import sys

from ldnwizard.core.content.bank import Bank
from ldnwizard.core.text import one_line
from ldnwizard.plain.console import Console, EndOfInput
from ldnwizard.plain.session import PlainSession

__all__ = ["run_plain", "PlainSession", "Console"]


def run_plain(bank: Bank, args: argparse.Namespace | None = None) -> int:
    """Run a plain session on stdin/stdout; return the exit code."""
    for stream, errors in ((sys.stdin, "replace"), (sys.stdout, "backslashreplace"), (sys.stderr, "backslashreplace")):
        try:
            stream.reconfigure(errors=errors)  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            pass
    session = PlainSession(bank, Console())
    try:
        return session.run()
    except EndOfInput:
        print(f"ldnwizard: {one_line(session.ended_message())}", file=sys.stderr)
        return 1
