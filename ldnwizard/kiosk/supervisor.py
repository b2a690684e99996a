"""``ldnwizard kiosk`` under a supervisor: the kiosk runs in a child process and comes back.

A kiosk that crashes, or is killed (``kill -9``, out of memory), cannot clean up after
itself: the last customer's code and verdict stay on screen, mouse reporting stays on,
and on a plain terminal the next customer finds a shell. So ``ldnwizard kiosk`` on a
terminal runs the app (``ldnwizard kiosk --no-supervise``) as a child of
:class:`Supervisor`, a small loop that:

- when the child ends with status 0 (the operator's PIN, or the stop signal passed on
  below), puts the terminal back and ends with 0;
- when the child ends with status 2 (its settings or question set are wrong: this
  does not mend itself), puts the terminal back, logs it and ends with 2;
- when the child dies any other way (a signal, or a non-zero status such as 70 for a
  crash), clears the screen, switches mouse reporting, the alternate screen and the
  other modes off (:data:`RESET`), logs one line for staff and starts a fresh child:
  0.5 s after the first crash, then 1, 2, 4, 8 s; at most
  :data:`RESTARTS_PER_MINUTE` restarts in any minute (then it waits for the minute);
- on SIGTERM, SIGINT or SIGHUP passes SIGTERM to the child (which ends cleanly), waits
  up to :data:`STOP_GRACE` seconds (then kills it), puts the terminal back, ends with 0.

While it supervises, the terminal does not echo keys and makes no signals from
them (Ctrl+C, Ctrl+Z, Ctrl+\\ are inert even between two children); its settings
are put back on the way out.

Staff messages (:func:`staff_log`) go to the system log (the journal under systemd,
as ``ldnwizard-kiosk``) and to stderr when stderr is not the kiosk's screen; the
supervisor also writes them on the screen between two children. They never hold
anything a customer entered.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Callable, Sequence

from ldnwizard.core.content.messages import message
from ldnwizard.core.text import printable

RESET = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1016l"  # every mouse report off
    "\x1b[?2004l\x1b[?2048l\x1b[?1004l"  # bracketed paste, in-band resize, focus reports off
    "\x1b[<u"  # the kitty keyboard protocol back to what it was
    "\x1b[?7h\x1b[0m"  # line wrap on, colours and styles off
    "\x1b[H\x1b[2J"  # clear the screen (a console without an alternate screen shows the app here)
    "\x1b[?1049l"  # leave the alternate screen
    "\x1b[?25h"  # cursor on
    "\x1b[H\x1b[2J\x1b[3J"  # clear the normal screen and its scrollback
)
"""Everything the kiosk may have switched on in the terminal, switched off; the screen cleared."""

RESTARTING = "kiosk.restarting"
"""The interface string shown between two children (a crash loop must not look like a working kiosk)."""

EXIT_CRASH = 70
"""The kiosk's exit status when it ended any other way than the operator's (EX_SOFTWARE)."""
EXIT_BAD_INPUT = 2
BACKOFF_FIRST = 0.5
BACKOFF_MAX = 30.0
RESTARTS_PER_MINUTE = 5
STOP_GRACE = 5.0
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)

_syslog_open = False


def staff_log(message: str, *, screen: bool = False) -> None:
    """One line for staff: to the system log, and to stderr unless stderr is the kiosk's screen.

    ``screen=True`` writes to stderr even when it is a terminal (the supervisor, between
    two children, when the screen is the place staff look).
    """
    global _syslog_open
    line = printable(message).replace("\n", " ")
    try:
        import syslog

        if not _syslog_open:
            syslog.openlog("ldnwizard-kiosk", syslog.LOG_PID, syslog.LOG_USER)
            _syslog_open = True
        syslog.syslog(syslog.LOG_ERR, line)
    except (ImportError, OSError):  # no syslog on this system
        pass
    err = sys.__stderr__
    if err is None:
        return
    try:
        if screen or not err.isatty():
            err.write(f"ldnwizard kiosk: {line}\n")
            err.flush()
    except (OSError, ValueError):
        pass


def screen_fd() -> int | None:
    """The terminal the kiosk draws on: stderr (Textual writes there), else stdout; None if neither is one."""
    for stream in (sys.__stderr__, sys.__stdout__):
        try:
            if stream is not None and stream.isatty():
                return stream.fileno()
        except (OSError, ValueError):
            continue
    return None


def reset_terminal(fd: int | None) -> None:
    """Write :data:`RESET` to ``fd`` (a terminal); errors are ignored (the terminal may be gone)."""
    if fd is None:
        return
    try:
        os.write(fd, RESET.encode())
    except OSError:
        pass


def describe_exit(status: int) -> str:
    """``Popen.returncode`` in words: "killed by SIGKILL", "exit status 70"."""
    if status < 0:
        try:
            return f"killed by {signal.Signals(-status).name}"
        except ValueError:
            return f"killed by signal {-status}"
    return f"exit status {status}"


class Supervisor:
    """Runs ``argv`` (the kiosk app) again and again until the operator stops it. See the module."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        tty_fd: int | None = None,
        screen: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        language: str = "en",
    ) -> None:
        self.argv = list(argv)
        self.language = language  # of the words shown between two children: the kiosk's own
        self.tty_fd = tty_fd
        self.screen = screen
        self.clock = clock
        self.child: subprocess.Popen[bytes] | None = None
        self.stopping = False
        self.restarts: list[float] = []
        self._saved_tty: list | None = None

    # -- the terminal ------------------------------------------------------------

    def _quiet_tty(self) -> None:
        """No echo, no line editing, no signals from keys: the state between two children."""
        if self.tty_fd is None:
            return
        import termios

        try:
            if self._saved_tty is None:
                self._saved_tty = termios.tcgetattr(self.tty_fd)
            attrs = termios.tcgetattr(self.tty_fd)
            attrs[0] &= ~(termios.IXON | termios.IXOFF)
            attrs[3] &= ~(termios.ECHO | termios.ICANON | termios.ISIG | termios.IEXTEN)
            termios.tcsetattr(self.tty_fd, termios.TCSANOW, attrs)
            termios.tcflush(self.tty_fd, termios.TCIFLUSH)  # keys pressed meanwhile go nowhere
        except termios.error:
            pass

    def _restore_tty(self) -> None:
        if self.tty_fd is None or self._saved_tty is None:
            return
        import termios

        try:
            termios.tcsetattr(self.tty_fd, termios.TCSANOW, self._saved_tty)
        except termios.error:
            pass

    def _say(self, message: str) -> None:
        staff_log(message, screen=self.screen is not None)

    # -- signals -----------------------------------------------------------------

    def _on_stop(self, signum: int, _frame: object) -> None:
        self.stopping = True
        child = self.child
        # SIGTERM ends the kiosk cleanly, whichever stop signal came here.
        if child is not None and child.poll() is None:
            try:
                child.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass

    # -- the loop ----------------------------------------------------------------

    def run(self) -> int:
        """Supervise until the operator stops the kiosk; return the exit status for the command."""
        previous = {sig: signal.signal(sig, self._on_stop) for sig in STOP_SIGNALS}
        self._quiet_tty()
        try:
            return self._loop()
        finally:
            child = self.child
            if child is not None and child.poll() is None:
                child.kill()
                child.wait()
            reset_terminal(self.screen)
            self._restore_tty()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _loop(self) -> int:
        while not self.stopping:
            self.child = subprocess.Popen(self.argv)
            status = self._wait(self.child)
            self.child = None
            if self.stopping or status == 0:
                return 0
            reset_terminal(self.screen)
            self._quiet_tty()
            if status == EXIT_BAD_INPUT:
                self._say("the kiosk could not start (exit status 2: its settings or question set are wrong); not restarting")
                return EXIT_BAD_INPUT
            delay, why = self._next_delay()
            self._say(f"the kiosk stopped unexpectedly ({describe_exit(status)}); restarting in {delay:g} s{why}")
            self._show(message(RESTARTING, self.language))
            self._sleep(delay)
            self.restarts.append(self.clock())
        return 0

    def _next_delay(self) -> tuple[float, str]:
        now = self.clock()
        self.restarts = [t for t in self.restarts if now - t < 60.0]
        if len(self.restarts) >= RESTARTS_PER_MINUTE:
            wait = max(0.0, 60.0 - (now - self.restarts[0]))
            return round(wait, 1), f" ({len(self.restarts)} restarts in the last minute, the most allowed)"
        return min(BACKOFF_FIRST * 2 ** len(self.restarts), BACKOFF_MAX), ""

    def _show(self, message: str) -> None:
        if self.screen is None:
            return
        try:
            os.write(self.screen, f"\r\n  {message}\r\n".encode())
        except OSError:
            pass

    def _wait(self, child: subprocess.Popen[bytes]) -> int:
        deadline: float | None = None
        while True:
            try:
                return child.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                pass
            if self.stopping:
                if deadline is None:  # the signal may have come before the child was known
                    deadline = self.clock() + STOP_GRACE
                    self._on_stop(signal.SIGTERM, None)
                elif self.clock() > deadline:
                    child.kill()

    def _sleep(self, seconds: float) -> None:
        end = self.clock() + seconds
        while not self.stopping and self.clock() < end:
            time.sleep(min(0.1, max(0.0, end - self.clock())))
