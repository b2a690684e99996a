"""``ldnwizard kiosk`` as a real process in a pseudo-terminal: the operator's SIGTERM ends it cleanly."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def _read_until(fd: int, needle: bytes, limit: float) -> bytes:
    seen = b""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
        if needle in seen:
            break
    return seen


def _drain(fd: int, limit: float) -> bytes:
    return _read_until(fd, b"\x00never\x00", limit)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_ends_the_kiosk_with_0_and_clears_the_screen(tmp_path, sig):
    main, child = pty.openpty()
    os.set_blocking(main, True)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30", "TEXTUAL_ANIMATIONS": "none"}
    env.pop("TEXTUAL_ALLOW_SIGNALS", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ldnwizard", "kiosk", "--spool", str(tmp_path / "spool")],
        stdin=child, stdout=child, stderr=child, env=env, start_new_session=True, close_fds=True,
    )
    os.close(child)
    try:
        seen = _read_until(main, b"Enter to start", 20)
        assert b"Enter to start" in seen, seen[-500:]
        # ctrl+c from the keyboard is a key here, not a signal: the kiosk keeps running.
        os.write(main, b"\x03")
        time.sleep(0.5)
        assert proc.poll() is None
        proc.send_signal(sig)
        rest = _drain(main, 5)
        assert proc.wait(10) == 0
        assert rest.endswith(b"\x1b[H\x1b[2J\x1b[3J"), rest[-200:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        os.close(main)


def test_bad_kiosk_settings_exit_2_before_any_screen(tmp_path):
    pin = tmp_path / "pin"
    pin.write_text("1234\n")
    pin.chmod(0o644)
    result = subprocess.run(
        [sys.executable, "-m", "ldnwizard", "kiosk", "--spool", str(tmp_path / "s"), "--operator-pin-file", str(pin)],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"ldnwizard: error: {pin}: other users can read the operator PIN file; make it private: chmod 600 {pin}"]
    result = subprocess.run(
        [sys.executable, "-m", "ldnwizard", "kiosk", "--idle-seconds", "-3"], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2 and "must be a number above 0" in result.stderr and "Traceback" not in result.stderr


def test_serve_runs_the_kiosk_with_the_same_settings(tmp_path):
    import shlex

    from ldnwizard.kiosk.config import KioskConfig
    from ldnwizard.kiosk.serve import kiosk_command

    spool = tmp_path / "a spool; rm -rf x"
    cmd = kiosk_command(KioskConfig(spool=spool, idle_seconds=30, retain_hours=2).argv(), "/q s")
    assert shlex.split(cmd) == [
        sys.executable, "-m", "ldnwizard", "--questions", "/q s", "kiosk",
        "--spool", str(spool), "--idle-seconds", "30", "--retain-hours", "2",
    ]


def test_serve_refuses_a_bad_port_before_listening(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "ldnwizard", "serve", "--port", "70000", "--spool", str(tmp_path / "s")],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "ldnwizard: error: --port must be between 1 and 65535; it is 70000"
