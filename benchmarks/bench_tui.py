"""Wizard steps, timed next to a bare Textual app in the same process. Numbers only, no asserts.

Every step: Enter pressed until the app is idle again (Pilot, in process, 80x24), over
full walks with every answer filled in: each question -> the next, the last question ->
the review, the review -> the summary, the summary -> the save screen. Printed per
step (median and p90), and overall against a bare app that really replaces its screen
on each Enter (a priority binding, so its focused list cannot swallow the key) with a
fresh one of similar size. Pilot's own cost (a key bound to nothing) is printed, and
the figures net of it.

Start-up in a real pty is ``benchmarks/bench_start.py``; the kiosk's memory and speed
over hundreds of sessions is ``benchmarks/bench_kiosk_soak.py``.

Run: ``python benchmarks/bench_tui.py [--walks N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # after PYTHONPATH: a checkout given there is the one measured
sys.path.append(str(ROOT / "tests"))

from stats import ms, p90  # noqa: E402  (benchmarks/stats.py, beside this script)

#: Step name -> seconds, over all walks (wall clock), and the process's CPU seconds for the same steps.
STEPS: dict[str, list[float]] = defaultdict(list)
CPU: dict[str, list[float]] = defaultdict(list)
idle: list[float] = []
idle_cpu: list[float] = []
_last_cpu = 0.0


async def timed_enter(pilot) -> float:
    """Wall seconds for Enter until idle again (the CPU seconds go to ``_last_cpu``)."""
    global _last_cpu
    start, cpu = time.perf_counter(), time.process_time()
    await pilot.press("enter")
    await pilot.pause()
    _last_cpu = time.process_time() - cpu
    return time.perf_counter() - start


def record(name: str, took: float) -> None:
    STEPS[name].append(took)
    CPU[name].append(_last_cpu)


async def wizard_steps(walks: int) -> None:
    """Enter -> next screen settled, over full walks with every answer filled in, each step apart."""
    from ldnwizard.core.content.load import load_bank_fast
    from ldnwizard.core.answering.flow import Flow
    from ldnwizard.tui.app import WizardApp
    from ldnwizard.tui.screens.question import QuestionScreen
    from ldnwizard.tui.screens.review import ReviewScreen
    from ldnwizard.tui.screens.summary import SummaryScreen
    from tui_support import STANDARD

    bank = load_bank_fast()
    for _ in range(walks):
        app = WizardApp(bank, flow=Flow(bank, STANDARD), start="questions", steady=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            n = 0
            while isinstance(app.screen, QuestionScreen) and app.flow.current is not None:
                here = app.flow.current.id
                took = await timed_enter(pilot)
                n += 1
                if isinstance(app.screen, ReviewScreen):
                    record("last question -> review", took)
                    break
                if app.flow.current is None or app.flow.current.id == here:
                    raise RuntimeError(f"stuck at {here}: {app.screen!r}")
                record(f"{n:2}. {here} -> {app.flow.current.id}", took)
            if not isinstance(app.screen, ReviewScreen):
                raise RuntimeError(f"the walk ended on {app.screen!r}, not the review")
            record("review -> summary", await timed_enter(pilot))
            if not isinstance(app.screen, SummaryScreen):
                raise RuntimeError(f"Enter on the review led to {app.screen!r}")
            record("summary -> save", await timed_enter(pilot))


async def bare_steps(steps: int) -> list[float]:
    """A bare app replacing its screen (a few Statics, a 5-option list, two buttons, a footer) per Enter."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Button, Footer, OptionList, Static

    class Step(Screen):
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
        # priority: the focused OptionList would take Enter (select an option) first
        BINDINGS = [Binding("enter", "next", "Next", priority=True)]
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
            times.append(await timed_enter(pilot))
        if app.n != steps or getattr(app.screen, "n", None) != steps:
            raise RuntimeError(f"the bare app switched {app.n} times for {steps} Enters")
        for _ in range(steps):  # Pilot's own cost: a key nothing is bound to
            start, cpu = time.perf_counter(), time.process_time()
            await pilot.press("f12")
            await pilot.pause()
            idle.append(time.perf_counter() - start)
            idle_cpu.append(time.process_time() - cpu)
    return times



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walks", type=int, default=5, help="full walks for the step timing (default 5)")
    args = parser.parse_args()
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

    asyncio.run(wizard_steps(args.walks))
    questions = [t for name, ts in STEPS.items() if "->" in name and name[:1] in " 0123456789" for t in ts]
    bare = asyncio.run(bare_steps(len(questions)))
    base = statistics.median(idle)
    print(f"Enter -> next screen settled, {args.walks} walks at 80x24 (Pilot, in process; net = minus Pilot's own cost)")
    cpu_base = statistics.median(idle_cpu)
    print(f"  {'step':52} {'p50':>10} {'p90':>10} {'p90 net':>10} {'CPU p90 net':>12}")
    for name, ts in STEPS.items():
        print(f"  {name:52} {ms(statistics.median(ts))} {ms(p90(ts))} {ms(p90(ts) - base)}   {ms(p90(CPU[name]) - cpu_base)}")
    print(f"  {'every question -> next question':52} {ms(statistics.median(questions))} {ms(p90(questions))} {ms(p90(questions) - base)}")
    print(f"  {'bare app: a new screen of similar size':52} {ms(statistics.median(bare))} {ms(p90(bare))} {ms(p90(bare) - base)}")
    print(f"  {'Pilot own cost (a key bound to nothing)':52} {ms(base)} {ms(p90(idle))}              CPU {ms(cpu_base)}")
    print(
        f"  question step / bare: p50 {statistics.median(questions) / statistics.median(bare):5.2f}x"
        f"  p90 {p90(questions) / p90(bare):5.2f}x"
    )


if __name__ == "__main__":
    main()
