"""``ldnwizard serve``: the kiosk in a web browser through textual-serve.

textual-serve starts one process per browser connection, running a command line; here
that is ``python -m ldnwizard kiosk`` with the same (already checked) settings. The
kiosk never ends by itself (Done and the idle timer return to its welcome screen), so
a page stays usable; if a session does end, textual-serve's page offers a fresh one.
"""

from __future__ import annotations

import argparse
import shlex
import sys

from ldnwizard.core import spool
from ldnwizard.core.errors import InputError


def kiosk_command(argv: list[str], questions: str | None = None) -> str:
    """The shell command textual-serve runs for each browser session."""
    parts = [sys.executable, "-m", "ldnwizard"]
    if questions:
        parts += ["--questions", questions]
    parts += ["kiosk", *argv]
    return shlex.join(parts)


def run_serve(args: argparse.Namespace) -> int:
    """Check the kiosk settings once, then serve until SIGTERM or Ctrl+C."""
    from ldnwizard.core.bank import load_bank
    from ldnwizard.kiosk.config import read_pin, resolve

    config = resolve(args)
    if config.operator_pin_file is not None:
        read_pin(config.operator_pin_file)
    try:
        spool.ensure_spool(config.spool)
    except spool.SpoolError as exc:
        raise InputError(str(exc)) from None
    load_bank(args.questions)  # a bad question set fails here, not in every browser tab
    if not 0 < args.port < 65536:
        raise InputError(f"--port must be between 1 and 65535; it is {args.port}")

    from textual_serve.server import Server

    questions = str(args.questions.resolve()) if args.questions is not None else None
    resolved = config.__class__(
        spool=config.spool.resolve(),
        idle_seconds=config.idle_seconds,
        retain_hours=config.retain_hours,
        operator_pin_file=config.operator_pin_file.resolve() if config.operator_pin_file else None,
        countdown_seconds=config.countdown_seconds,
    )
    server = Server(
        kiosk_command(resolved.argv(), questions),
        host=args.host,
        port=args.port,
        title="ldnwizard kiosk",
        public_url=args.public_url,
    )
    print(f"ldnwizard: serving the kiosk on http://{args.host}:{args.port} (stop with Ctrl+C or SIGTERM)", file=sys.stderr)
    server.serve()
    return 0
