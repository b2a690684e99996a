"""``ldnwizard serve`` in a real browser (Debian's chromium driven by Playwright), clicks only.

The page draws the terminal on a canvas, so the test cannot read it; it keeps a twin
kiosk (same code, same terminal size) in step under Pilot and asks the twin where each
target is. The browser's kiosk process is the one that must save the summary, and its
output stream must show the same code as the spool file's name.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ldnwizard.kiosk.app import KioskApp
from ldnwizard.kiosk.config import KioskConfig
from ldnwizard.kiosk.screens import FinishScreen, QuestionScreen, ReviewScreen, WelcomeScreen

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"ldnwizard serve exited early with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"ldnwizard serve did not listen on port {port} within {timeout} s")


@pytest.fixture
def server(tmp_path):
    """``ldnwizard serve`` on a free loopback port; stopped (SIGTERM, then SIGKILL) at the end."""
    port = _free_port()
    spool = tmp_path / "spool"
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ldnwizard", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--spool", str(spool), "--idle-seconds", "600"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
    )
    try:
        _wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}/", spool
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
        log.close()


async def _quiet(frames: list, since: int, *, quiet: float = 0.4, limit: float = 8.0) -> None:
    """Wait until the kiosk has answered (new output) and then gone quiet."""
    end = time.monotonic() + limit
    while len(frames) == since and time.monotonic() < end:
        await asyncio.sleep(0.05)
    count = len(frames)
    last = time.monotonic()
    while time.monotonic() < end:
        await asyncio.sleep(0.05)
        if len(frames) != count:
            count, last = len(frames), time.monotonic()
        elif time.monotonic() - last >= quiet:
            return


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
async def test_a_whole_session_in_the_browser_with_clicks_only(server, bank, tmp_path):
    playwright_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed (pip install playwright)")
    url, spool = server
    frames: list[bytes] = []
    sockets: list[str] = []

    def on_websocket(ws) -> None:
        sockets.append(ws.url)
        ws.on("framereceived", lambda payload: frames.append(payload if isinstance(payload, bytes) else payload.encode()))

    async with playwright_api.async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 800})
            page.on("websocket", on_websocket)
            await page.goto(url, timeout=15000)
            await _quiet(frames, 0, quiet=1.0, limit=15)
            assert sockets, "the page opened no websocket"
            size = dict(re.findall(r"(width|height)=(\d+)", sockets[0]))
            cols, rows = int(size["width"]), int(size["height"])
            assert cols >= 100 and rows >= 30
            box = await page.locator(".xterm-screen").bounding_box()
            cell_w, cell_h = box["width"] / cols, box["height"] / rows

            twin = KioskApp(bank, KioskConfig(spool=tmp_path / "twin"), handle_signals=False)
            async with twin.run_test(size=(cols, rows)) as pilot:
                await pilot.pause()

                async def click(target) -> None:
                    widget = twin.screen.query(target).first() if isinstance(target, str) else target
                    region = widget.region
                    x, y = region.x + region.width // 2, region.y + region.height // 2
                    before = len(frames)
                    await page.mouse.click(box["x"] + (x + 0.5) * cell_w, box["y"] + (y + 0.5) * cell_h)
                    await pilot.click(offset=(x, y))
                    await pilot.pause()
                    await _quiet(frames, before)

                assert isinstance(twin.screen, WelcomeScreen)
                await click("#start")
                for _ in range(40):
                    screen = twin.screen
                    if not isinstance(screen, QuestionScreen):
                        break
                    if screen.question.kind == "single":  # "No" where there is one, else the first choice
                        tiles = list(screen.query(".choice"))
                        no = [t for t in tiles if getattr(t, "value", None) == "no"]
                        await click(no[0] if no else tiles[0])
                    elif screen.question.kind == "multi":
                        await click(".choice")
                        await click("#next")
                    else:
                        await click("#next")
                assert isinstance(twin.screen, ReviewScreen)  # every answer shown before finishing
                await click("#finish")
                assert isinstance(twin.screen, FinishScreen)
                await page.screenshot(path=str(tmp_path / "finish.png"))

                shown = re.findall(rb"Code: ([0-9A-Z]{3}-[0-9A-Z]{3})", b"".join(frames))
                files = list(spool.glob("*.toml"))
                assert len(files) == 1, files
                assert shown and shown[-1].decode().replace("-", "") == files[0].stem
                assert stat.S_IMODE(files[0].stat().st_mode) == 0o600

                await click("#done")
                assert isinstance(twin.screen, WelcomeScreen)
            # Done leads back to the welcome screen: the session goes on, the page is no dead end.
            assert "-closed" not in (await page.locator("body").get_attribute("class") or "")
        finally:
            await browser.close()
