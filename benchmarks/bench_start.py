"""Start-up of the real ``ldnwizard`` command in a pseudo-terminal, next to a bare Textual app.

Both are spawned the same way (the Python of this virtualenv running a script) in an
80x24 pty, alternating run by run so a busy machine slows both alike. Prints numbers
only, no asserts:

1. First paint: spawn -> the first screen's heading written to the terminal (the
   wizard's welcome heading, read from the question set; the bare app's one line).
2. First question: the welcome paints, Enter comes 50 ms later (a quick person), and
   the clock stops when the first question's prompt is written. Compared with the
   bare app's first paint (the floor for any Textual app) and with the bare app doing
   the same (Enter 50 ms after its first screen switches to a second screen).

Both run from compiled bytecode, as after any install (pip compiles it; Python writes it
on first import): the children get their own ``PYTHONPYCACHEPREFIX`` in the work folder,
filled by one run of each before the measured ones, even where ``PYTHONDONTWRITEBYTECODE``
is set (it is on some machines, where an editable checkout would otherwise be compiled
from source on every start while Textual's bytecode came with its install).

The question-set cache is warm (as from the second run on) unless ``--cold``: then the
cache folder is emptied before every wizard run (the first run after an install or a
content change). ``--load-first`` measures the other way to have the content ready for
Enter: load the (cached) question set before the first screen, as the wizard does when
the cache is cold, instead of in a thread after it.
Run: ``python benchmarks/bench_start.py [--runs N] [--cold] [--load-first]``.
The same start-up counted in instructions, which do not move from run to run, is
``benchmarks/bench_instructions.py``.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # after PYTHONPATH: a checkout given there is the one measured

from stats import ms, p90  # noqa: E402  (benchmarks/stats.py, beside this script)

#: Two screens, switched by a priority binding so no focused widget can swallow Enter.
BARE_APP = '''
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static


class Second(Screen):
    def compose(self):
        yield Static("BARE-SECOND-SCREEN")


class Bare(App):
    BINDINGS = [Binding("enter", "next", priority=True)]

    def compose(self):
        yield Static("BARE-FIRST-SCREEN")

    def action_next(self):
        self.push_screen(Second())


Bare().run()
'''

#: The wizard with the question set loaded before its first screen (``--load-first``).
LOAD_FIRST = """
import sys
import ldnwizard.core.content.welcome as welcome
welcome.warm_welcome = lambda *args, **kwargs: None  # as with a cold cache: load, then show
from ldnwizard.cli import main
raise SystemExit(main(sys.argv[1:]))
"""

_ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])")


def _visible(raw: bytes) -> bytes:
    """The text written to the terminal, escape sequences removed."""
    return _ANSI.sub(b"", raw)


def spawn(argv: list[str], env: dict[str, str]) -> tuple[int, int]:
    """Start ``argv`` on a new 80x24 pty (the size set in the child before exec); (pid, master fd)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: its stdin is the pty's slave side
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvpe(argv[0], argv, env)
    return pid, fd


def cpu_seconds(pid: int) -> float:
    """CPU time the process has used so far, all its threads (Linux ``schedstat``, nanoseconds)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total / 1e9


def wait_for(fd: int, needle: bytes, seen: bytearray, start: float, timeout: float = 20.0, pid: int = 0) -> tuple[float, float]:
    """Read the pty until ``needle`` is among the visible text; (wall seconds since ``start``, CPU seconds of ``pid``)."""
    while time.perf_counter() - start < timeout:
        ready, _, _ = select.select([fd], [], [], 0.01)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if needle in _visible(bytes(seen)):
                return time.perf_counter() - start, cpu_seconds(pid) if pid else 0.0
    raise RuntimeError(f"{needle!r} never appeared; last output: {_visible(bytes(seen))[-300:]!r}")


def drain_until(fd: int, until: float) -> None:
    """Keep reading (so the app never blocks on a full pty) until ``until``."""
    while time.perf_counter() < until:
        ready, _, _ = select.select([fd], [], [], max(0.0, until - time.perf_counter()))
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def stop(pid: int, fd: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)


def one_run(argv: list[str], env: dict[str, str], first: bytes, second: bytes, delay: float) -> tuple[float, ...]:
    """(first paint, second screen) in wall seconds from spawn, then the same in CPU seconds used by the app.

    Enter goes ``delay`` s after the first paint.
    """
    pid, fd = spawn(argv, env)
    start = time.perf_counter()
    try:
        seen = bytearray()
        painted, painted_cpu = wait_for(fd, first, seen, start, pid=pid)
        drain_until(fd, start + painted + delay)
        seen.clear()
        os.write(fd, b"\r")
        reached, reached_cpu = wait_for(fd, second, seen, start, pid=pid)
        return painted, reached, painted_cpu, reached_cpu
    finally:
        stop(pid, fd)


def needles() -> tuple[bytes, bytes]:
    """The welcome heading and the start of the first question's prompt, from the shipped content."""
    from ldnwizard.core.content.load import load_bank
    from ldnwizard.core.answering.flow import Flow
    from ldnwizard.core.content.welcome import default_questions_dir, read_welcome

    welcome = read_welcome(default_questions_dir())
    assert welcome is not None, "the shipped questionnaire.toml has no readable welcome"
    question = Flow(load_bank()).current
    assert question is not None
    # Enough words to be unique, few enough to sit on one terminal line at 80 columns.
    return welcome.heading[:24].encode(), question.prompt[:24].encode()



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each app, alternating (default 9)")
    parser.add_argument("--delay", type=float, default=0.05, help="seconds from first paint to Enter (default 0.05)")
    parser.add_argument("--cold", action="store_true", help="empty the question-set cache before every wizard run")
    parser.add_argument("--load-first", action="store_true", help="load the question set before the first screen")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ldnwizard-bench-start-"))
    bare_script = work / "bare.py"
    bare_script.write_text(BARE_APP)
    cache_home = work / "cache"
    env = dict(os.environ, TERM="xterm-256color", XDG_CACHE_HOME=str(cache_home), LDNWIZARD_DATA_DIR=str(work / "data"))
    env["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("TEXTUAL_ANIMATIONS", None)
    env.pop("LDNWIZARD_NO_CACHE", None)
    wizard = [str(Path(sys.executable).parent / "ldnwizard"), "--no-draft"]
    if args.load_first:
        launcher = work / "load_first.py"
        launcher.write_text(LOAD_FIRST)
        wizard = [sys.executable, str(launcher), "--no-draft"]
    bare = [sys.executable, str(bare_script)]
    heading, prompt = needles()

    one_run(wizard, env, heading, prompt, args.delay)  # fills the cache (and the OS file cache) for both
    one_run(bare, env, b"BARE-FIRST-SCREEN", b"BARE-SECOND-SCREEN", args.delay)
    ours: list[tuple[float, ...]] = []
    theirs: list[tuple[float, ...]] = []
    for _ in range(args.runs):
        if args.cold:
            shutil.rmtree(cache_home, ignore_errors=True)
        ours.append(one_run(wizard, env, heading, prompt, args.delay))
        theirs.append(one_run(bare, env, b"BARE-FIRST-SCREEN", b"BARE-SECOND-SCREEN", args.delay))
    shutil.rmtree(work, ignore_errors=True)

    w_paint, w_question, w_paint_cpu, w_question_cpu = (list(col) for col in zip(*ours))
    b_paint, b_second, b_paint_cpu, b_second_cpu = (list(col) for col in zip(*theirs))
    bare_paint = statistics.median(b_paint)
    cache = "cold (emptied before each run)" if args.cold else "warm"
    how = "loaded before the first screen" if args.load_first else "loaded in a thread after the first screen"
    print(f"start-up in a pty at 80x24, {args.runs} alternating runs each, question-set cache {cache}, {how}")
    print(f"  first paint      ldnwizard median {ms(statistics.median(w_paint))} p90 {ms(p90(w_paint))}")
    print(f"                   bare app  median {ms(bare_paint)} p90 {ms(p90(b_paint))}")
    print(f"                   ratio     {statistics.median(w_paint) / bare_paint:5.2f}x (goal: within 1.10x)")
    paired = [o / t for o, t in zip(w_paint, b_paint)]
    print(f"                   ratio run by run (each wizard run / the bare run after it): median {statistics.median(paired):5.2f}x")
    print(f"  Enter {args.delay * 1000:.0f} ms after the first paint -> next screen written")
    print(f"    first question ldnwizard median {ms(statistics.median(w_question))} p90 {ms(p90(w_question))}")
    print(f"    second screen  bare app  median {ms(statistics.median(b_second))} p90 {ms(p90(b_second))}")
    print(
        f"    first question / bare first paint {statistics.median(w_question) / bare_paint:5.2f}x (goal: within 1.8x)"
    )
    paired = [o / t for o, t in zip(w_question, b_paint)]
    print(f"    run by run: median {statistics.median(paired):5.2f}x")
    m = statistics.median
    print("  CPU time used by the app (all threads), less sensitive to a busy machine than the wall clock")
    print(f"    to first paint      ldnwizard {ms(m(w_paint_cpu))}  bare {ms(m(b_paint_cpu))}  ratio {m(w_paint_cpu) / m(b_paint_cpu):5.2f}x")
    print(
        f"    to first question   ldnwizard {ms(m(w_question_cpu))}  bare second screen {ms(m(b_second_cpu))}"
        f"  / bare first paint {m(w_question_cpu) / m(b_paint_cpu):5.2f}x"
    )


if __name__ == "__main__":
    main()
