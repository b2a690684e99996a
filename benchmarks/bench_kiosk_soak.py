"""Kiosk soak: hundreds of complete sessions in one process; does memory or speed drift?

Runs the real kiosk app headless (App.run_test + Pilot) with a short idle time. Most
sessions answer every question and finish (summary saved in a temporary spool under a
code, then Done); every tenth customer walks away after a few answers and the idle
countdown wipes the session. Prints numbers; asserts nothing.

    TEXTUAL_ANIMATIONS=none python benchmarks/bench_kiosk_soak.py [--sessions 300]

RSS growth is measured from the end of the first 50 sessions (Textual fills its style
and render caches while warming up) to the end, after a garbage collection; drift
compares the mean time of the last 50 sessions with the first 50.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from textual.widgets import Input  # noqa: E402

from ldnwizard.core.content.load import cached_bank  # noqa: E402
from ldnwizard.kiosk.app import KioskApp  # noqa: E402
from ldnwizard.kiosk.config import KioskConfig  # noqa: E402
from ldnwizard.kiosk.screens import (  # noqa: E402
    FinishScreen,
    QuestionScreen,
    ReviewScreen,
    StillThereScreen,
    UrgentScreen,
    WelcomeScreen,
)

IDLE = 2.0
COUNTDOWN = 0.5


def rss_mb() -> float:
    """Resident memory of this process now (not the peak), in MB."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


async def wait_for(pilot, predicate, limit: float = 10.0) -> None:
    end = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > end:
            raise RuntimeError("the kiosk did not get there in time")
        await pilot.pause(0.02)


STILL_HERE = 0


async def still_here(pilot, app: KioskApp) -> None:
    """A slow machine can let the idle time pass mid-answer: the customer taps "I'm still here"."""
    global STILL_HERE
    while isinstance(app.screen, StillThereScreen):
        STILL_HERE += 1
        await pilot.press("enter")
        await pilot.pause()


async def session(pilot, app: KioskApp, rng: random.Random, walk_away: bool) -> None:
    """One customer: start, answer (a random choice each time), finish and press Done, or walk away."""
    await pilot.press("enter")
    await pilot.pause()
    answered = 0
    small = False  # after a refused dose: the smallest numbers from here on
    while True:
        await still_here(pilot, app)
        if not isinstance(app.screen, QuestionScreen):
            break
        if walk_away and answered == 3:
            await wait_for(pilot, lambda: isinstance(app.screen, StillThereScreen))
            await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen) and app.flow is None)
            return
        screen = app.screen
        q = screen.question
        app.touch()  # direct calls below are not input events; a real tap would count as activity
        if q.kind == "single":
            choices = [c.value for c in q.choices if not (q.id == "taper_status" and c.value != "stable")]
            screen._answer(rng.choice(choices))
        elif q.kind == "multi":
            screen.picked = [rng.choice([c.value for c in q.choices if not c.exclusive] or [q.choices[0].value])]
            screen.action_next()
        elif q.kind == "number":
            # A dose the question set finds implausible (say 10 mg ten times a day) is asked
            # again, as a customer would be: they type a smaller number, and if even the
            # smallest does not fit, they go back and give a smaller dose.
            first = 0.1 if small else rng.choice([1, 2, 5, 10])
            for value in [first, 1, 0.5, 0.1]:
                screen.query_one("#typed", Input).value = ""
                await pilot.press(*str(value), "enter")
                await pilot.pause()
                if app.screen is not screen:
                    break
            else:
                small = True
                await pilot.press("escape")
                await pilot.pause()
        else:
            await pilot.press(*rng.choice(["", "Kim", "A. B."]), "enter")
        await pilot.pause()
        answered += 1
    await still_here(pilot, app)
    if isinstance(app.screen, (ReviewScreen, UrgentScreen)):  # Finish has the focus on both
        await pilot.press("enter")
        await pilot.pause()
        await still_here(pilot, app)
    if not isinstance(app.screen, FinishScreen):
        raise RuntimeError(f"expected the finish screen, got {app.screen!r}")
    await pilot.press("enter")  # Done
    await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen) and app.flow is None)


async def soak(sessions: int, seed: int) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        config = KioskConfig(spool=Path(tmp) / "spool", idle_seconds=IDLE, countdown_seconds=COUNTDOWN)
        app = KioskApp(cached_bank(), config, handle_signals=False)
        times: list[float] = []
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            gc.collect()
            start_rss = rss_mb()
            warm_rss = start_rss
            for n in range(sessions):
                t0 = time.perf_counter()
                await session(pilot, app, rng, walk_away=(n % 10 == 9))
                times.append(time.perf_counter() - t0)
                if n == 49:
                    gc.collect()
                    warm_rss = rss_mb()
                if (n + 1) % 50 == 0:
                    print(f"  {n + 1} sessions, RSS {rss_mb():.1f} MB", file=sys.stderr, flush=True)
            gc.collect()
            end_rss = rss_mb()
            finished, resets = app.sessions_finished, app.resets
            saved = len(list(config.spool.glob("*.toml")))
    first = statistics.mean(times[:50])
    last = statistics.mean(times[-50:])
    print(f"kiosk soak: {sessions} sessions: {finished} finished and saved ({saved} spool files),"
          f" {resets} wipes back to the welcome screen (Done, or the idle countdown)")
    print(f"  RSS: {start_rss:.1f} MB at start, {warm_rss:.1f} MB after 50 sessions, {end_rss:.1f} MB at the end")
    print(f"  RSS growth after warm-up: {end_rss - warm_rss:+.1f} MB (from start: {end_rss - start_rss:+.1f} MB)")
    print(f"  time per session: first 50 {first:.3f} s, last 50 {last:.3f} s, drift {100 * (last - first) / first:+.1f}%")
    print(f"  (sessions with an idle wipe include {IDLE + COUNTDOWN:.1f} s of waiting by design;"
          f" 'I'm still here' was needed {STILL_HERE} times)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    if args.sessions < 100:
        parser.error("use at least 100 sessions (the first and last 50 are compared)")
    asyncio.run(soak(args.sessions, args.seed))


if __name__ == "__main__":
    main()
