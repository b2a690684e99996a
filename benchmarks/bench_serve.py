"""``ldnwizard serve`` under load: memory per browser session, time to first screen, memory after.

Starts a real ``ldnwizard serve`` on a free loopback port (``--max-sessions`` raised to
the largest step), then for 1, 5, 10 and 20 sessions: opens that many websockets at once
(aiohttp's client, as a browser's page script would, with its Origin), waits for each
kiosk's first screen (the first output frame over 10 bytes, when the page shows the
terminal), lets them settle, reads every kiosk process's memory from /proc, closes all
sockets and waits until every kiosk process is gone. Prints numbers; asserts nothing.

    python benchmarks/bench_serve.py [--steps 1,5,10,20] [--settle 2]

RSS counts shared pages (the Python interpreter, Textual's code) in each process; PSS
shares them out and is closer to what one more session really costs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry.name))
    return out


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MB; (0, 0) when it is gone."""
    rss = pss = 0.0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, pss


async def first_screen(session: aiohttp.ClientSession, base: str, origin: str, started: float):
    ws = await session.ws_connect(f"{base}/ws?width=120&height=36", origin=origin)
    while True:
        msg = await ws.receive(timeout=120)
        if msg.type == aiohttp.WSMsgType.BINARY and len(msg.data) > 10:
            return ws, time.monotonic() - started
        if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            raise RuntimeError(f"session closed before its first screen: {msg}")


async def drain(ws: aiohttp.ClientWebSocketResponse) -> None:
    """Keep reading (a browser would), so the kiosk is never held up by a full socket."""
    try:
        async for _ in ws:
            pass
    except Exception:
        pass


async def step(base: str, origin: str, serve_pid: int, n: int, settle: float) -> dict:
    async with aiohttp.ClientSession() as session:
        started = time.monotonic()
        results = await asyncio.gather(*(first_screen(session, base, origin, started) for _ in range(n)))
        sockets = [ws for ws, _ in results]
        times = sorted(t for _, t in results)
        readers = [asyncio.create_task(drain(ws)) for ws in sockets]
        # one keypress each, so every kiosk has drawn and handled input once
        for ws in sockets:
            await ws.send_str(json.dumps(["stdin", "\t"]))
        await asyncio.sleep(settle)
        kids = children_of(serve_pid)
        mem = [memory_mb(pid) for pid in kids]
        parent = memory_mb(serve_pid)
        closing = time.monotonic()
        for ws in sockets:
            await ws.close()
        while children_of(serve_pid) and time.monotonic() - closing < 30:
            await asyncio.sleep(0.05)
        gone = time.monotonic() - closing
        left = children_of(serve_pid)
        for task in readers:
            task.cancel()
        await asyncio.sleep(0.5)
        after = memory_mb(serve_pid)
    return {
        "n": n,
        "kids": len(kids),
        "first_median": statistics.median(times),
        "first_max": times[-1],
        "rss_mean": statistics.mean(r for r, _ in mem),
        "pss_mean": statistics.mean(p for _, p in mem),
        "pss_total": sum(p for _, p in mem),
        "parent_during": parent[0],
        "gone_s": gone,
        "left": len(left),
        "parent_after": after[0],
        "left_mb": sum(memory_mb(pid)[0] for pid in left),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", default="1,5,10,20", help="session counts (default 1,5,10,20)")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds between first screens and measuring")
    args = parser.parse_args()
    steps = [int(s) for s in args.steps.split(",")]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        log = open(Path(tmp) / "serve.log", "w")
        proc = subprocess.Popen(
            [sys.executable, "-m", "ldnwizard", "serve", "--port", str(port), "--spool", str(Path(tmp) / "spool"),
             "--max-sessions", str(max(steps)), "--idle-seconds", "600"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
        )
        try:
            end = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    if time.monotonic() > end or proc.poll() is not None:
                        raise SystemExit("serve did not start: " + (Path(tmp) / "serve.log").read_text())
                    time.sleep(0.1)
            idle_parent = memory_mb(proc.pid)[0]
            print(f"ldnwizard serve on {base}: serve itself {idle_parent:.0f} MB RSS before any session; "
                  f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
            print(f"{'sessions':>8} {'first screen median/max (s)':>28} {'RSS/kiosk':>10} {'PSS/kiosk':>10} "
                  f"{'PSS all':>8} {'serve RSS':>9} {'all gone (s)':>12} {'left':>5} {'serve after':>11}")
            for n in steps:
                r = asyncio.run(step(base, base, proc.pid, n, args.settle))
                print(f"{r['n']:>8} {r['first_median']:>13.2f} / {r['first_max']:<12.2f} {r['rss_mean']:>8.0f}MB "
                      f"{r['pss_mean']:>8.0f}MB {r['pss_total']:>6.0f}MB {r['parent_during']:>7.0f}MB "
                      f"{r['gone_s']:>12.2f} {r['left']:>5} {r['parent_after']:>9.0f}MB")
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
            log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
