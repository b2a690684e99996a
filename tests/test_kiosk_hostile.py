"""The terminal kiosk under hostile input and hard endings, and its spool under bad settings.

- the in-band resize report + click that crashed Textual's parser (Textual issue 6706)
  does nothing, in a real pseudo-terminal;
- a crash ends with a non-zero status, the screen cleared and the terminal modes off;
- the supervisor restarts the kiosk after ``kill -9`` and clears the screen first;
- spool folders that are symbolic links, open to others or someone else's are
  refused (exit 2, one line); ``pickup`` does not follow a link out of the spool;
- retention runs on a timer while the kiosk idles; stale temp files go at start;
- a spool that does not take a summary: the customer is sent to staff, the summary
  is kept, staff are told and can save it again;
- the finish screen wipes itself after ``finish_seconds``, behind an opaque
  "Still there?"; a right or middle click never picks an answer.
"""

from __future__ import annotations

import errno
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ldnwizard import cli
from ldnwizard.core.files import spool
from ldnwizard.kiosk.app import KioskApp
from ldnwizard.kiosk.config import KioskConfig, read_config_file, resolve
from ldnwizard.kiosk.driver import KioskParser
from ldnwizard.kiosk.screens import FinishScreen, OperatorScreen, QuestionScreen, StillThereScreen, WelcomeScreen
from ldnwizard.kiosk.staff import StaffScreen
from ldnwizard.kiosk.supervisor import RESET

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

HOSTILE = (
    b"\x1b[200~\x1b[48;30;100;0;0t\x1b[201~"  # the report, pasted
    b"\x1b[48;30;100;0;0t"  # the report, typed
    b"\x1b[48;0;0;0;0t"  # a zero-size screen
    b"\x1b[48;20000;20000;0;0t"  # a huge one
    b"\x1b[?2048;1$y"  # "in-band resize is on"
    b"\xff\xfe\x80"  # bytes that are not UTF-8
)
LEFT_CLICK = b"\x1b[<0;10;10M\x1b[<0;10;10m"


# -- helpers ------------------------------------------------------------------------


def _read_until(fd: int, needle: bytes | None, limit: float) -> bytes:
    seen = b""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the other side closed the terminal
            break
        if not chunk:
            break
        seen += chunk
        if needle is not None and needle in seen:
            break
    return seen


class Terminal:
    """``ldnwizard kiosk`` in a pseudo-terminal of 100x30."""

    def __init__(self, tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.main, child = pty.openpty()
        os.set_blocking(self.main, True)
        full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30", "TEXTUAL_ANIMATIONS": "none"}
        for name in ("TEXTUAL_ALLOW_SIGNALS", "TEXTUAL_DRIVER", "LDNWIZARD_SPOOL", "LDNWIZARD_CONFIG"):
            full_env.pop(name, None)
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ldnwizard", "kiosk", "--spool", str(tmp_path / "spool"), *args],
            stdin=child, stdout=child, stderr=child, env=full_env, start_new_session=True, close_fds=True,
        )
        os.close(child)

    def read_until(self, needle: bytes | None, limit: float = 20) -> bytes:
        return _read_until(self.main, needle, limit)

    def write(self, data: bytes) -> None:
        os.write(self.main, data)

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        os.close(self.main)


@pytest.fixture
def terminal(tmp_path):
    started: list[Terminal] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Terminal:
        t = Terminal(tmp_path, *args, env=env)
        started.append(t)
        return t

    yield start
    for t in started:
        t.close()


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        out = []
        for stat_file in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat_file.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(stat_file.parent.name))
        return out


def make_app(bank, tmp_path: Path, *, pin: str | None = None, clock=time.monotonic, **settings) -> KioskApp:
    chars = iter("7KX40P" * 50)
    config = KioskConfig(spool=tmp_path / "spool", **settings)
    return KioskApp(bank, config, pin=pin, choice=lambda _a: next(chars), clock=clock, handle_signals=False)


async def wait_until(pilot, predicate, limit: float = 5.0) -> None:
    end = time.monotonic() + limit
    while not predicate():
        assert time.monotonic() < end, "timed out"
        await pilot.pause(0.05)


# -- the parser crash (Textual issue 6706) -------------------------------------------


def test_the_parser_never_uses_pixel_coordinates():
    parser = KioskParser()
    events = list(parser.feed("\x1b[48;30;100;0;0t\x1b[<0;10;10M"))
    assert parser.mouse_pixels is False
    down = [e for e in events if type(e).__name__ == "MouseDown"]
    assert len(down) == 1 and (down[0].x, down[0].y) == (9, 9)


@posix_only
def test_the_in_band_resize_report_and_a_click_do_not_crash_the_kiosk(terminal):
    t = terminal("--no-supervise")
    assert b"Enter to start" in t.read_until(b"Enter to start")
    t.write(HOSTILE)
    time.sleep(0.2)
    t.write(LEFT_CLICK)  # this click divided by zero before
    seen = t.read_until(b"Question 1", 10)
    assert b"Question 1" in seen, seen[-400:]  # the click still works: the walk started
    assert t.proc.poll() is None
    t.proc.send_signal(signal.SIGTERM)
    rest = t.read_until(None, 3)
    assert t.proc.wait(10) == 0
    assert rest.endswith(RESET.encode())


def test_the_kiosk_in_a_browser_keeps_taking_input_after_the_report(tmp_path):
    """The same bytes through Textual's web driver (``ldnwizard serve``) used to end its input thread."""
    env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver", "COLUMNS": "100", "ROWS": "30"}
    env["TEXTUAL_ANIMATIONS"] = "none"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ldnwizard", "kiosk", "--spool", str(tmp_path / "spool")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
    )

    def packet(data: bytes) -> None:
        proc.stdin.write(b"D" + len(data).to_bytes(4, "big") + data)
        proc.stdin.flush()

    try:
        out = proc.stdout.fileno()
        assert b"Enter to start" in _read_until(out, b"Enter to start", 20)
        packet(HOSTILE)
        time.sleep(0.2)
        packet(LEFT_CLICK)
        assert b"Question 1" in _read_until(out, b"Question 1", 10)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)


def test_input_the_parser_cannot_handle_is_dropped_and_input_goes_on(monkeypatch):
    from ldnwizard.kiosk.driver import _Feeder

    got, reports = [], []
    feeder = _Feeder(False, got.append, reports.append)

    def broken(self, code):
        raise ValueError("a parser bug")

    monkeypatch.setattr(KioskParser, "parse_mouse_code", broken)
    feeder.feed("\x1b[<0;10;10M")
    monkeypatch.undo()
    feeder.feed("a")
    assert feeder.failures == 1 and reports == ["input the terminal parser could not handle was dropped (ValueError: a parser bug)"]
    assert [getattr(e, "key", None) for e in got] == ["a"]


def test_the_kiosk_drivers_replace_textuals_own():
    from textual.drivers.linux_driver import LinuxDriver
    from textual.drivers.web_driver import WebDriver

    from ldnwizard.kiosk.driver import KioskLinuxDriver, kiosk_driver

    assert kiosk_driver(LinuxDriver) is KioskLinuxDriver
    web = kiosk_driver(WebDriver)
    assert issubclass(web, WebDriver) and web is not WebDriver and "run_input_thread" in vars(web)

    class Custom(WebDriver):
        pass

    assert kiosk_driver(Custom) is Custom  # someone else's driver is theirs to guard


# -- the supervisor, without a terminal ----------------------------------------------------


def _script(tmp_path: Path, body: str) -> list[str]:
    script = tmp_path / "child.py"
    script.write_text(body)
    return [sys.executable, str(script)]


def test_the_supervisor_restarts_a_crashed_child_and_ends_with_a_clean_exit(tmp_path, capfd):
    from ldnwizard.kiosk.supervisor import Supervisor

    count = tmp_path / "count"
    argv = _script(tmp_path, f"""
import pathlib, sys
p = pathlib.Path({str(count)!r})
n = int(p.read_text()) if p.exists() else 0
p.write_text(str(n + 1))
sys.exit(70 if n < 2 else 0)
""")
    assert Supervisor(argv).run() == 0
    assert count.read_text() == "3"
    err = capfd.readouterr().err
    assert "the kiosk stopped unexpectedly (exit status 70); restarting in 0.5 s" in err
    assert "the kiosk stopped unexpectedly (exit status 70); restarting in 1 s" in err


def test_the_supervisor_does_not_restart_a_kiosk_with_bad_settings(tmp_path, capfd):
    from ldnwizard.kiosk.supervisor import Supervisor

    assert Supervisor(_script(tmp_path, "raise SystemExit(2)")).run() == 2
    assert "not restarting" in capfd.readouterr().err


def test_the_supervisor_backs_off_and_caps_restarts_per_minute():
    from ldnwizard.kiosk.supervisor import RESTARTS_PER_MINUTE, Supervisor

    now = [100.0]
    sup = Supervisor([], clock=lambda: now[0])
    delays = []
    for _ in range(RESTARTS_PER_MINUTE):
        delays.append(sup._next_delay()[0])
        now[0] += 1
        sup.restarts.append(now[0])
    assert delays == [0.5, 1, 2, 4, 8]
    wait, why = sup._next_delay()
    assert 54 <= wait <= 60 and "the most allowed" in why
    now[0] += 61
    assert sup._next_delay()[0] == 0.5


CRASH_DRIVER = '''
from textual import events
from textual.drivers.linux_driver import LinuxDriver


class CrashDriver(LinuxDriver):
    """Fails in the input thread on F9, the way Textual's parser failed on issue 6706."""

    def process_message(self, message):
        if isinstance(message, events.Key) and message.key == "f9":
            raise RuntimeError("a bug in the input thread")
        super().process_message(message)
'''


@posix_only
def test_a_crash_exits_non_zero_with_the_screen_cleared_and_modes_reset(terminal, tmp_path):
    (tmp_path / "crash_driver.py").write_text(CRASH_DRIVER)
    t = terminal(env={"TEXTUAL_DRIVER": "crash_driver:CrashDriver", "PYTHONPATH": str(tmp_path)})
    assert b"Enter to start" in t.read_until(b"Enter to start")
    t.write(b"\x1b[20~")  # F9
    rest = t.read_until(None, 5)
    assert t.proc.wait(10) == 70
    assert b"RuntimeError" in rest  # Textual's report, on the screen a moment ...
    tail = rest[rest.rindex(b"RuntimeError"):]
    assert RESET.encode() in tail  # ... then cleared, with every mode off
    for mode in (b"\x1b[?1000l", b"\x1b[?1003l", b"\x1b[?1006l", b"\x1b[?1049l", b"\x1b[?25h", b"\x1b[3J"):
        assert mode in tail
    assert b"the kiosk crashed" not in tail  # staff's line goes to the log, not onto the customer's screen


@posix_only
def test_the_supervisor_restarts_the_kiosk_after_kill_9_and_clears_the_screen(terminal):
    t = terminal()
    assert b"Enter to start" in t.read_until(b"Enter to start")
    (first,) = _children(t.proc.pid)
    os.kill(first, signal.SIGKILL)
    # the first screen may still be drawing (it names "Enter to start" more than once): read up to the
    # supervisor's line first, then up to the new welcome screen
    before = t.read_until(b"restarting in 0.5 s", 20)
    seen = before + t.read_until(b"Enter to start", 20)
    assert b"Enter to start" in seen[len(before):], seen[-400:]
    assert RESET.encode() in before
    assert b"the kiosk stopped unexpectedly (killed by SIGKILL); restarting in 0.5 s" in before
    assert before.index(RESET.encode()) < before.index(b"restarting in")
    (second,) = _children(t.proc.pid)
    assert second != first
    t.write(b"\x03\x1a\x1c")  # Ctrl+C, Ctrl+Z, Ctrl+\ are keys, not signals
    time.sleep(0.3)
    assert t.proc.poll() is None
    t.proc.send_signal(signal.SIGTERM)
    rest = t.read_until(None, 5)
    assert t.proc.wait(10) == 0
    assert rest.endswith(RESET.encode())
    assert not Path(f"/proc/{second}").exists()


# -- spool settings --------------------------------------------------------------------


def _kiosk_exit(argv: list[str], capsys) -> tuple[int, str]:
    code = cli.main(argv)
    return code, capsys.readouterr().err


@posix_only
def test_unsafe_spool_folders_are_refused_with_one_line(tmp_path, capsys):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    code, err = _kiosk_exit(["kiosk", "--no-supervise", "--spool", str(link)], capsys)
    assert code == 2 and err == f"ldnwizard: error: {link}: the spool is a symbolic link; give the real folder (ldnwizard does not follow links here)\n"

    open_ = tmp_path / "open"
    open_.mkdir()
    open_.chmod(0o777)
    code, err = _kiosk_exit(["kiosk", "--no-supervise", "--spool", str(open_)], capsys)
    assert code == 2 and err == (
        f"ldnwizard: error: {open_}: other users can open the spool folder (mode 0777); make it private: chmod 2770 {open_}\n"
    )
    code, err = _kiosk_exit(["pickup", "7KX40P", "--spool", str(open_)], capsys)
    assert code == 2 and "other users can open the spool folder" in err

    if os.geteuid() == 0:
        theirs = tmp_path / "theirs"
        theirs.mkdir(mode=0o700)
        os.chown(theirs, 54321, -1)
        code, err = _kiosk_exit(["kiosk", "--no-supervise", "--spool", str(theirs)], capsys)
        assert code == 2 and "belongs to another user (uid 54321)" in err and err.count("\n") == 1


@posix_only
def test_a_spool_shared_with_a_group_is_2770_with_0640_files(tmp_path):
    import grp

    group = grp.getgrgid(os.getegid()).gr_name
    folder = spool.ensure_spool(tmp_path / "shared", group)
    assert folder.stat().st_mode & 0o7777 == 0o2770
    code = spool.save(folder, "x = 1\n")
    assert spool.path_of(folder, code).stat().st_mode & 0o777 == 0o640
    private = spool.ensure_spool(tmp_path / "private")
    assert private.stat().st_mode & 0o777 == 0o700
    assert spool.path_of(private, spool.save(private, "x = 1\n")).stat().st_mode & 0o777 == 0o600
    with pytest.raises(spool.SpoolError, match="spool group 'no-such-group-x' does not exist"):
        spool.ensure_spool(tmp_path / "g", "no-such-group-x")


@posix_only
def test_pickup_does_not_follow_a_link_out_of_the_spool(tmp_path, capsys):
    folder = spool.ensure_spool(tmp_path / "spool")
    secret = tmp_path / "elsewhere.toml"
    secret.write_text("[meta]\n")
    spool.path_of(folder, "7KX40P").symlink_to(secret)
    code, err = _kiosk_exit(["pickup", "7KX-40P", "--spool", str(folder)], capsys)
    assert code == 2
    assert err == f"ldnwizard: error: {folder / '7KX40P.toml'}: this spool file is a symbolic link; ldnwizard does not follow links out of the spool\n"


def test_spool_and_retention_come_from_one_config_for_kiosk_and_pickup(tmp_path, monkeypatch):
    import argparse

    conf = tmp_path / "kiosk.toml"
    conf.write_text('spool = "/srv/spool"\nretain_hours = 6\nfinish_seconds = 20\nspool_group = "pharmacy"\n')
    monkeypatch.setenv("LDNWIZARD_CONFIG", str(conf))
    cfg = resolve(argparse.Namespace())
    assert (cfg.spool, cfg.retain_hours, cfg.finish_seconds, cfg.spool_group) == (Path("/srv/spool"), 6, 20, "pharmacy")
    assert cfg.argv()[-4:] == ["--finish-seconds", "20", "--spool-group", "pharmacy"]
    monkeypatch.delenv("LDNWIZARD_CONFIG")
    monkeypatch.setenv("LDNWIZARD_SPOOL", "/var/spool/elsewhere")
    assert resolve(argparse.Namespace()).spool == Path("/var/spool/elsewhere")
    assert resolve(argparse.Namespace(spool=Path("/x"))).spool == Path("/x")
    conf.write_text("finish_seconds = 2\n")
    from ldnwizard.core.errors import InputError

    with pytest.raises(InputError, match="finish_seconds must be at least 5"):
        read_config_file(conf)


def test_pickup_enforces_the_kiosks_retention_on_the_whole_spool(tmp_path, capsys):
    folder = spool.ensure_spool(tmp_path / "spool")
    conf = tmp_path / "kiosk.toml"
    conf.write_text(f'spool = "{folder}"\nretain_hours = 2\n')
    expired = spool.path_of(folder, "1111AA")
    expired.write_text("x = 1\n")
    old = time.time() - 3 * 3600
    os.utime(expired, (old, old))
    assert cli.main(["pickup", "7KX40P", "--config", str(conf)]) == 1  # another code, unknown
    assert "summaries are kept for 2 hours" in capsys.readouterr().err
    assert not expired.exists()


def test_stale_temp_files_go_at_start_fresh_ones_stay(tmp_path):
    folder = spool.ensure_spool(tmp_path / "spool")
    stale, fresh = folder / ".spool-dead.tmp", folder / ".spool-busy.tmp"
    for f in (stale, fresh):
        f.write_text("a whole summary")
    old = time.time() - spool.STALE_TEMP_SECONDS - 5
    os.utime(stale, (old, old))
    assert spool.purge(folder, retain_hours=24) == 1
    assert not stale.exists() and fresh.exists()


# -- the app -----------------------------------------------------------------------------


async def test_retention_runs_on_a_timer_while_the_kiosk_idles(bank, tmp_path, monkeypatch):
    monkeypatch.setattr(KioskApp, "PURGE_SECONDS", 0.2)
    app = make_app(bank, tmp_path, retain_hours=1)
    async with app.run_test(size=(100, 30)) as pilot:
        folder = tmp_path / "spool"
        expired = spool.path_of(folder, spool.save(folder, "x = 1\n"))
        kept = spool.path_of(folder, spool.save(folder, "x = 2\n"))
        old = time.time() - 3600 - 60
        os.utime(expired, (old, old))
        assert isinstance(app.screen, WelcomeScreen)
        await wait_until(pilot, lambda: not expired.exists(), 3)
        assert kept.exists() and isinstance(app.screen, WelcomeScreen)


async def test_a_summary_the_spool_does_not_take_is_kept_and_staff_are_told(bank, tmp_path, monkeypatch, capfd):
    def disk_full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(spool, "private_temp", disk_full)
    app = make_app(bank, tmp_path, pin="4321")
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_session()
        await pilot.pause()
        app.finish()
        await wait_until(pilot, lambda: isinstance(app.screen, FinishScreen) and bool(app.screen.query("#done")))
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "could not be saved" in shown and "ask the pharmacist" in shown
        assert "Wait" in shown or "wait" in shown  # the verdict is on screen
        assert len(app.unsaved) == 1 and "No space left on device" in app.unsaved[0].error
        err = capfd.readouterr().err
        assert "a summary could not be saved and is kept for staff" in err and "No space left on device" in err

        await pilot.click("#done")  # Done clears the screen ...
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert len(app.unsaved) == 1  # ... but does not drop the summary

        await pilot.press("f12", "f12", "f12")
        await wait_until(pilot, lambda: isinstance(app.screen, OperatorScreen) and bool(app.screen.query("#pin")))
        assert "1 summary not saved" in str(app.screen.query_one("#operator-alert").render())
        await pilot.press(*"4321", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffScreen) and bool(app.screen.query("#staff-retry")))
        assert app.return_code is None  # the PIN did not stop the kiosk with a summary unsaved
        problem = str(app.screen.query_one("#staff-problem").render())
        assert "1 summary could not be saved" in problem and "No space left on device" in problem

        monkeypatch.undo()  # staff free some space
        await pilot.click("#staff-retry")
        await pilot.pause()
        assert app.unsaved == []
        assert spool.path_of(tmp_path / "spool", "7KX40P").exists()
        assert "7KX-40P" in str(app.screen.query_one("#staff-result").render())
        assert "staff saved 1 kept summaries again" in capfd.readouterr().err


async def test_the_finish_screen_wipes_itself_after_finish_seconds(bank, tmp_path):
    now = [1000.0]
    app = make_app(bank, tmp_path, finish_seconds=6, clock=lambda: now[0])
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_session()
        await pilot.pause()
        now[0] += 60  # a question screen waits the full idle time (90 s) ...
        await pilot.pause(1.2)
        assert isinstance(app.screen, QuestionScreen)
        app.finish()
        await wait_until(pilot, lambda: isinstance(app.screen, FinishScreen) and bool(app.screen.query("#done")))
        now[0] += 3.1  # ... the finish screen asks after 6 - 3 s
        await wait_until(pilot, lambda: isinstance(app.screen, StillThereScreen) and app.screen.deadline > 0, 3)
        assert app.screen.seconds == 3
        assert app.screen.styles.background.a == 1  # opaque: the code and verdict do not show through
        now[0] += 3.1
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), 3)
        assert not any(isinstance(s, FinishScreen) for s in app.screen_stack)


async def test_a_right_or_middle_click_does_not_pick_an_answer(bank, tmp_path):
    app = make_app(bank, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click(offset=(10, 10), button=3)  # not even the welcome screen's "tap anywhere"
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        app.start_session()
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen) and bool(app.screen.query("#nav")))
        if app.screen.question.kind != "single":  # go to a one-choice question, wherever it is
            app.flow.goto(next(q.id for q in app.flow.visible() if q.kind == "single"))
            app.show_current()
            await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen) and app.screen.question.kind == "single" and bool(app.screen.query(".choice")))
        first = app.screen
        for button in (2, 3):
            await pilot.click(".choice", button=button)
            await pilot.pause()
        assert app.screen is first and app.flow.value(first.question) is None
        await pilot.click(".choice")  # a left click (or a tap) picks
        await wait_until(pilot, lambda: app.screen is not first)


async def test_a_right_or_middle_click_does_not_pick_in_the_wizard_either(bank):
    from textual.app import App

    from ldnwizard.tui.widgets.choices import ChoiceList, MultiChoice

    single = next(q for q in bank.questions if q.kind == "single")
    multi = next(q for q in bank.questions if q.kind == "multi")

    class Lists(App):
        def compose(self):
            yield ChoiceList(single, id="one")
            yield MultiChoice(multi, id="many")

    app = Lists()
    async with app.run_test(size=(100, 30)) as pilot:
        one, many = app.query_one("#one", ChoiceList), app.query_one("#many", MultiChoice)
        for button in (2, 3):
            await pilot.click("#one", offset=(5, 1), button=button)
            await pilot.click("#many", offset=(5, 1), button=button)
        await pilot.pause()
        assert one.chosen is None and many.ticked == set()
        await pilot.click("#one", offset=(5, 1))
        await pilot.click("#many", offset=(5, 1))
        await pilot.pause()
        assert one.chosen == single.choices[0].value and many.ticked == {multi.choices[0].value}
