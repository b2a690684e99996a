"""``ldnwizard kiosk``: settings, then the app (under the supervisor on a terminal); the screen is cleared on the way out.

Only the operator ends the kiosk (the PIN, or SIGTERM/SIGINT/SIGHUP): that is exit 0.
Any other end is a crash: exit :data:`~ldnwizard.kiosk.supervisor.EXIT_CRASH` (70),
one line for staff, and the screen cleared and the terminal's modes put back either
way. On a terminal, ``ldnwizard kiosk`` runs the app in a child process under
:class:`~ldnwizard.kiosk.supervisor.Supervisor`, which restarts it after a crash or a
``kill -9``; ``--no-supervise`` runs the app itself (the supervisor's child does that).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback

from ldnwizard.core.files import spool
from ldnwizard.core.errors import InputError
from ldnwizard.kiosk.supervisor import EXIT_CRASH, Supervisor, reset_terminal, screen_fd, staff_log

#: The process staff stop with SIGTERM: the outermost ``ldnwizard kiosk`` (the supervisor, when there is one).
STOP_PID_ENV = "LDNWIZARD_KIOSK_STOP_PID"


def run_kiosk(args: argparse.Namespace) -> int:
    """Check the settings (bad ones exit 2 before any screen), then supervise or run the kiosk."""
    from ldnwizard.core.content.load import load_bank
    from ldnwizard.kiosk.config import read_pin, resolve

    config = resolve(args)
    pin = read_pin(config.operator_pin_file) if config.operator_pin_file is not None else None
    try:
        spool.ensure_spool(config.spool, config.spool_group)
    except spool.SpoolError as exc:
        raise InputError(str(exc)) from None
    bank = load_bank(args.questions)
    if STOP_PID_ENV not in os.environ:  # the outermost kiosk process (a supervised child inherits it)
        os.environ[STOP_PID_ENV] = str(os.getpid())
        if pin is None and not os.environ.get("TEXTUAL_DRIVER"):  # serve ends its kiosks itself
            # Before the screen is taken: with no PIN, the keyboard cannot stop the kiosk.
            staff_log(
                f"no operator PIN file (--operator-pin-file), so the kiosk cannot be stopped from its keyboard; "
                f"to stop it: kill -TERM {os.getpid()}",
                screen=True,
            )
    if supervised(args):
        del bank  # the supervisor only needed to know the question set loads
        return Supervisor(child_argv(args, config), tty_fd=sys.__stdin__.fileno(), screen=screen_fd(), language=config.language).run()
    return run_app(bank, config, pin)


def supervised(args: argparse.Namespace) -> bool:
    """Whether to run under the supervisor: on a terminal, unless ``--no-supervise``.

    Not under a Textual driver set from outside (``ldnwizard serve`` runs each kiosk
    with the web driver, and ends and starts them itself), nor without a terminal.
    """
    if getattr(args, "no_supervise", False) or os.environ.get("TEXTUAL_DRIVER"):
        return False
    try:
        return sys.__stdin__ is not None and sys.__stdin__.isatty() and screen_fd() is not None
    except (OSError, ValueError):
        return False


def child_argv(args: argparse.Namespace, config) -> list[str]:
    """The supervisor's child: this kiosk with the same (already checked) settings, run itself."""
    parts = [sys.executable, "-m", "ldnwizard"]
    if getattr(args, "questions", None) is not None:
        parts += ["--questions", str(args.questions.resolve())]
    resolved = config.resolved()
    return [*parts, "kiosk", *resolved.argv(), "--no-supervise"]


def run_app(bank, config, pin: str | None) -> int:
    """Run the kiosk app itself: 0 when the operator stopped it, :data:`EXIT_CRASH` on any other end."""
    # Signals must not come from the keyboard (Textual honours this variable).
    os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)

    from ldnwizard.kiosk.app import KioskApp
    from ldnwizard.kiosk.driver import kiosk_driver

    screen = screen_fd()
    stop_pid = int(os.environ.get(STOP_PID_ENV) or os.getpid())
    app = KioskApp(bank, config, pin=pin, stop_pid=stop_pid)
    app.driver_class = kiosk_driver(app.driver_class)  # the in-band resize guard (Textual issue 6706)
    result = None
    error: BaseException | None = None
    try:
        result = app.run()
    except Exception as exc:  # noqa: BLE001 - a crash must still clear the screen and say so
        error = exc
    finally:
        # Leave nothing of the last customer on screen or in the scrollback, and no
        # mouse reporting or alternate screen behind, however the app ended.
        reset_terminal(screen)
    # The kiosk ends itself only through ``exit(0)`` (the operator's PIN or stop signal).
    if error is None and result == 0 and app.return_code in (0, None):
        return 0
    error = error or getattr(app, "_exception", None)
    staff_log(f"the kiosk crashed{_where(error)}; exit status {EXIT_CRASH}")
    return EXIT_CRASH


def _where(error: BaseException | None) -> str:
    """The kind of error and where it happened (no message: it could quote a customer's answer)."""
    if error is None:
        return ""
    frames = traceback.extract_tb(error.__traceback__)
    place = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return f" ({type(error).__name__}{place})"
