"""Wizard speed, printed next to a bare Textual app measured in the same run. Numbers only, no asserts.

1. Cold start: the real command (``python -m ldnwizard --no-draft``) in a pseudo-terminal,
   from spawn to the first screen's heading appearing in its output; against a bare
   Textual app showing one Static the same way. The question-set cache is warm (as
   from the second run on), so the wizard shows its welcome first and loads the
   question set just after; with a cold cache it checks the set in full before.
2. Step: Next -> next question settled (Pilot, in process: Enter pressed until the
   app is idle again), median and p90 over full walks; against a bare app replacing
   its screen with a fresh one of similar size on each key. The step into the review
   (a different, bigger screen) is printed apart.

Run: ``python benchmarks/bench_tui.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pty
import select
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("BARE-FIRST-SCREEN")
Bare().run()
"""


def time_to_text(argv: list[str], needle: bytes, env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds from spawning ``argv`` in an 80x24 pty until ``needle`` is written to it."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    start = time.perf_counter()
    seen = b""
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                seen += chunk
                if needle in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"{needle!r} never appeared")
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)


def cold_start(runs: int) -> tuple[list[float], list[float]]:
    """Start times of the wizard and of the bare app, interleaved."""
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
    env["LDNWIZARD_DATA_DIR"] = tempfile.mkdtemp(prefix="ldnwizard-bench-")
    wizard = [sys.executable, "-m", "ldnwizard", "--no-draft"]
    bare = [sys.executable, "-c", BARE_APP]
    time_to_text(wizard, b"Thinking about LDN", env)  # fills the question-set cache, as a second run would
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(time_to_text(wizard, b"Thinking about LDN", env))
        theirs.append(time_to_text(bare, b"BARE-FIRST-SCREEN", env))
    return ours, theirs


review: list[float] = []
idle: list[float] = []


async def wizard_steps(walks: int) -> list[float]:
    """Enter -> next question settled, over full walks with every answer filled in."""
    from ldnwizard.core.bank import load_bank_fast
    from ldnwizard.core.flow import Flow
    from ldnwizard.tui.app import WizardApp
    from ldnwizard.tui.screens.question import QuestionScreen

    sys.path.insert(0, str(ROOT / "tests"))
    from tui_support import STANDARD

    bank = load_bank_fast()
    times: list[float] = []
    for _ in range(walks):
        app = WizardApp(bank, flow=Flow(bank, STANDARD), start="questions", steady=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            while isinstance(app.screen, QuestionScreen) and app.flow.current is not None:
                before = app.flow.position
                start = time.perf_counter()
                await pilot.press("enter")
                await pilot.pause()
                took = time.perf_counter() - start
                if app.flow.done:  # the last Next opens the review: a different screen, timed apart
                    review.append(took)
                    break
                times.append(took)
                if app.flow.position == before:
                    raise RuntimeError(f"stuck at {app.flow.current.id}")
    return times


async def bare_steps(steps: int) -> list[float]:
    """A bare app replacing its screen (a few Statics, a 5-option list, two buttons, a footer) per key."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Button, Footer, OptionList, Static

    class Step(Screen):
        BINDINGS = [Binding("enter", "app.next", "Next")]

        def __init__(self, n: int) -> None:
            super().__init__()
            self.n = n

        def compose(self) -> ComposeResult:
            yield Static(f"Step {self.n}")
            yield Static("A question?")
            yield Static("Some help text under it.")
            yield OptionList(*(f"Choice {i}" for i in range(5)))
            yield Button("Back")
            yield Button("Next")
            yield Footer()

    class Bare(App):
        n = 0

        def on_mount(self) -> None:
            self.push_screen(Step(0))

        def action_next(self) -> None:
            self.n += 1
            self.switch_screen(Step(self.n))

    times: list[float] = []
    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(steps):
            start = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            times.append(time.perf_counter() - start)
        for _ in range(steps):  # Pilot's own cost: a key nothing is bound to
            start = time.perf_counter()
            await pilot.press("f12")
            await pilot.pause()
            idle.append(time.perf_counter() - start)
    return times


def p90(values: list[float]) -> float:
    """The 90th percentile."""
    return statistics.quantiles(values, n=10)[-1]


def ms(value: float) -> str:
    return f"{value * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="cold starts of each app (default 7)")
    parser.add_argument("--walks", type=int, default=5, help="full walks for the step timing (default 5)")
    args = parser.parse_args()
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

    ours, theirs = cold_start(args.runs)
    o, t = statistics.median(ours), statistics.median(theirs)
    print(f"cold start to first screen (median of {args.runs}, pty 80x24)")
    print(f"  ldnwizard --no-draft {ms(o)}")
    print(f"  bare Textual app     {ms(t)}")
    print(f"  ratio                {o / t:7.2f}x")

    steps = asyncio.run(wizard_steps(args.walks))
    bare = asyncio.run(bare_steps(len(steps)))
    print(f"Next -> next question settled ({len(steps)} steps over {args.walks} walks, Pilot, in process)")
    print(f"  wizard  median {ms(statistics.median(steps))}  p90 {ms(p90(steps))}  max {ms(max(steps))}")
    print(f"  bare    median {ms(statistics.median(bare))}  p90 {ms(p90(bare))}  max {ms(max(bare))}")
    print(
        f"  ratio   median {statistics.median(steps) / statistics.median(bare):7.2f}x"
        f"  p90 {p90(steps) / p90(bare):7.2f}x"
    )
    base = statistics.median(idle)
    print(f"Pilot's own cost (a key bound to nothing) median {ms(base)}; net of it:")
    print(
        f"  wizard  median {ms(statistics.median(steps) - base)}  p90 {ms(p90(steps) - base)}"
        f"    bare median {ms(statistics.median(bare) - base)}  p90 {ms(p90(bare) - base)}"
    )
    print(f"last Next -> review screen (17 answers, a new screen) median {ms(statistics.median(review))}")


if __name__ == "__main__":
    main()
