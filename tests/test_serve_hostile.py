"""``ldnwizard serve`` against a hostile web client: a real server on 127.0.0.1, real websockets.

No mocks: each test talks to ``python -m ldnwizard serve`` over HTTP and websockets
(aiohttp's client) and looks at the kiosk processes in /proc (their memory, whether
they are gone). The pure checks (input filter, sizes, addresses, token file, the shared
PIN lockout) are tested directly as well.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from ldnwizard.core.errors import InputError
from ldnwizard.kiosk.config import OperatorLockout
from ldnwizard.kiosk.serve_guard import (
    MAX_COLUMNS,
    MAX_ROWS,
    InputFilter,
    allowed_origins,
    check_address,
    clamp_size,
    read_token_file,
)

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

IN_BAND_RESIZE = "\x1b[48;30;100;0;0t"
F12 = "\x1b[24~"
PIN = "4711"


# -- helpers -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serve:
    """One ``ldnwizard serve`` process on a free loopback port."""

    def __init__(self, tmp: Path, *extra: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.origin = self.base
        self.log_path = tmp / f"serve-{self.port}.log"
        self.log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ldnwizard", "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--spool", str(tmp / "spool"), "--idle-seconds", "600", *extra],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
        )
        end = time.monotonic() + 20
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited with {self.proc.returncode}: {self.log_path.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("serve did not listen")

    def children(self) -> list[int]:
        return children_of(self.proc.pid)

    def stop(self) -> None:
        print(f"-- serve log ({self.log_path}):\n{self.log_path.read_text()[-3000:]}")  # shown when a test fails
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.log.close()


def children_of(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``pid``."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(entry.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bytes_read(pid: int) -> int:
    """Bytes the process has read so far (its stdin among them)."""
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    return 0


async def wait_for(check, timeout: float, step: float = 0.05) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        await asyncio.sleep(step)
    return check()


async def first_screen(ws, timeout: float = 30) -> bytes:
    """Frames until the kiosk has drawn something (as the page's script decides: > 10 bytes)."""
    got = b""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        msg = await ws.receive(timeout=end - time.monotonic())
        if msg.type == aiohttp.WSMsgType.BINARY:
            got += msg.data
            if len(msg.data) > 10:
                return got
        elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            raise AssertionError(f"closed before the first screen: {msg}")
    raise AssertionError("no first screen")


async def output_for(ws, seconds: float) -> bytes:
    """Everything the kiosk sends for ``seconds``."""
    got = b""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        try:
            msg = await ws.receive(timeout=left)
        except asyncio.TimeoutError:
            break
        if msg.type == aiohttp.WSMsgType.BINARY:
            got += msg.data
        elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            break
    return got


async def stdin(ws, text: str) -> None:
    await ws.send_str(json.dumps(["stdin", text]))


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One serve for most tests: two sessions at most, an operator PIN."""
    tmp = tmp_path_factory.mktemp("serve")
    pin = tmp / "pin"
    pin.write_text(PIN + "\n")
    pin.chmod(0o600)
    server = Serve(tmp, "--max-sessions", "2", "--operator-pin-file", str(pin), "--finish-seconds", "30")
    yield server
    server.stop()


@pytest.fixture
async def client(served):
    async with aiohttp.ClientSession() as session:
        yield session
    # every test leaves no kiosk behind (and the next one starts from an empty server)
    assert await wait_for(lambda: not served.children(), 8), f"kiosks left: {served.children()}"


# -- the pure checks ------------------------------------------------------------------------


def test_the_input_filter_drops_window_reports_even_split_and_keeps_keys_and_clicks():
    click = "\x1b[<0;5;5M\x1b[<0;5;5m"
    assert InputFilter().feed(IN_BAND_RESIZE + click) == click
    f = InputFilter()
    assert [f.feed(part) for part in ("\x1b[48;30;1", "00;0;0t", click)] == ["", "", click]
    f = InputFilter()
    assert f.feed("\x1b") == "\x1b"  # the Escape key goes on at once
    assert f.feed("[48;30;100;0;0t") == "" and f.dropped == 1
    assert InputFilter().feed("\x1b[?2048;1$y") == ""
    assert InputFilter().feed("\x1b[<0;99999999;5M") == ""
    assert InputFilter().feed("a" + "\x1b[" + "1;" * 60 + "m" + "b") == "ab"
    keys = "héllo\r\x1b[A\x1bOB\x1b[24~\x1b[200~pasted\x1b[201~\x1bx\x7f"
    assert InputFilter().feed(keys) == keys


def test_sizes_are_clamped():
    assert clamp_size(20000, 20000) == (MAX_COLUMNS, MAX_ROWS)
    assert clamp_size("0", "-5") == (20, 24)
    assert clamp_size(0, 1) == (20, 10)
    assert clamp_size("1e9", None) == (80, 24)
    assert clamp_size(True, 3.5) == (80, 10)
    assert clamp_size(120, 40) == (120, 40)


def test_addresses_are_checked():
    assert check_address("127.0.0.1", 8000, None) == "http://127.0.0.1:8000"
    for host in ("0.0.0.0", "::", ""):
        with pytest.raises(InputError, match="--public-url http://THIS-MACHINE:8000"):
            check_address(host, 8000, None)
    assert check_address("0.0.0.0", 8000, "https://kiosk.example/") == "https://kiosk.example"
    for bad in ("kiosk.example", "ftp://kiosk.example", "http://", "http://x:99999", "https://u:p@x", "http://x/?a=1",
                "http://0.0.0.0:8000", "http://x y"):
        with pytest.raises(InputError, match="--public-url"):
            check_address("0.0.0.0", 8000, bad)
    origins = allowed_origins("http://127.0.0.1:8000", ["https://Kiosk.Example:443/"])
    assert origins == {"http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000", "https://kiosk.example"}
    with pytest.raises(InputError, match="--allow-origin"):
        allowed_origins("http://127.0.0.1:8000", ["kiosk.example"])


def test_the_token_file_must_be_private_regular_and_one_line(tmp_path):
    good = tmp_path / "token"
    good.write_text("s3cret-s3cret-s3cret-42\n")
    good.chmod(0o600)
    assert read_token_file(good) == "s3cret-s3cret-s3cret-42"
    good.chmod(0o644)
    with pytest.raises(InputError, match="chmod 600"):
        read_token_file(good)
    short = tmp_path / "short"
    short.write_text("abc\n")
    short.chmod(0o600)
    with pytest.raises(InputError, match="16 to 512"):
        read_token_file(short)
    with pytest.raises(InputError, match="regular file"):
        read_token_file(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(good)
    with pytest.raises(InputError, match="symbolic link"):
        read_token_file(link)
    with pytest.raises(InputError, match="not found"):
        read_token_file(tmp_path / "none")


def test_the_pin_lockout_is_shared_through_its_file(tmp_path):
    now = [1000.0]
    path = tmp_path / "lockout"
    one = OperatorLockout(path, clock=lambda: now[0])
    two = OperatorLockout(path, clock=lambda: now[0])  # another kiosk process, same file
    assert not one.locked() and not two.locked()
    one.fail()
    two.fail()
    assert not one.locked()
    two.fail()
    assert one.locked() and two.locked(), "three wrong PINs over two kiosks lock both"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    now[0] += 61
    assert not one.locked()
    for _ in range(3):
        one.fail()
    now[0] += 61
    assert two.locked(), "a second lockout in a row lasts longer (120 s)"
    now[0] += 60
    assert not two.locked()
    two.succeed()
    for _ in range(3):
        two.fail()
    now[0] += 61
    assert not one.locked(), "the right PIN starts again at 60 s"
    path.write_text("not json")
    assert one.locked() and "lockout" in (one.error or ""), "a damaged file keeps the box shut"
    path.unlink()
    path.symlink_to(tmp_path / "elsewhere")
    assert one.locked(), "a symlink is refused"
    memory = OperatorLockout(None, clock=lambda: now[0])
    for _ in range(3):
        memory.fail()
    assert memory.locked()


# -- the command line ----------------------------------------------------------------------------


def _serve_exit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ldnwizard", "serve", *args], capture_output=True, text=True,
                          timeout=30, cwd=cwd)


def test_wildcard_host_without_public_url_bad_urls_and_a_busy_port_exit_2(tmp_path):
    result = _serve_exit("--host", "0.0.0.0", "--spool", str(tmp_path / "s"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--public-url http://THIS-MACHINE:8000" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = _serve_exit("--host", "0.0.0.0", "--public-url", "kiosk:8000", "--spool", str(tmp_path / "s"))
    assert result.returncode == 2 and "--public-url 'kiosk:8000'" in result.stderr
    result = _serve_exit("--max-sessions", "0", "--spool", str(tmp_path / "s"))
    assert result.returncode == 2 and "--max-sessions must be between 1 and 1000; it is 0" in result.stderr
    result = _serve_exit("--allow-origin", "evil", "--spool", str(tmp_path / "s"))
    assert result.returncode == 2 and "--allow-origin 'evil' must be scheme://host[:port]" in result.stderr
    token = tmp_path / "token"
    token.write_text("x" * 32)
    token.chmod(0o604)
    result = _serve_exit("--token-file", str(token), "--spool", str(tmp_path / "s"))
    assert result.returncode == 2 and "chmod 600" in result.stderr and "Traceback" not in result.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = _serve_exit("--port", str(port), "--spool", str(tmp_path / "s"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"ldnwizard: error: port {port} on 127.0.0.1 is already in use (another ldnwizard serve?); "
        "stop that or pick another --port"
    )


# -- the page ------------------------------------------------------------------------------------


async def test_the_page_uses_no_cdn_and_static_is_not_listable(served, client):
    async with client.get(served.base + "/") as response:
        assert response.status == 200
        page = await response.text()
        csp = response.headers["Content-Security-Policy"]
    assert "googleapis" not in page and "cdn" not in page.lower()
    urls = re.findall(r"""(?:https?|wss?)://[^\s"'<>)]+""", page)
    assert urls and all(u.startswith(f"ws://127.0.0.1:{served.port}/") for u in urls), urls
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
    for asset in re.findall(r'(?:href|src)="([^"]+)"', page) + re.findall(r'url\("([^"]+)"\)', page):
        if asset.startswith("data:"):
            continue
        async with client.get(served.base + asset) as response:
            assert response.status == 200, asset
    for folder in ("/static", "/static/", "/static/js/", "/static/fonts/", "/static/css"):
        async with client.get(served.base + folder) as response:
            body = await response.text()
            assert response.status in (403, 404), folder
            assert "textual.js" not in body and ".ttf" not in body
    async with client.get(served.base + "/download/anything") as response:
        assert response.status == 404


async def test_a_foreign_or_missing_origin_is_refused(served, client):
    for origin in ("http://evil.example", f"http://127.0.0.1:{served.port + 1}", "null", None):
        with pytest.raises(aiohttp.WSServerHandshakeError) as info:
            await client.ws_connect(served.base + "/ws", origin=origin)
        assert info.value.status == 403
    assert served.children() == []


# -- sessions ------------------------------------------------------------------------------------


async def test_the_session_cap_gives_busy_and_counts_only_live_sessions(served, client):
    a = await client.ws_connect(served.base + "/ws?width=100&height=30", origin=served.origin)
    b = await client.ws_connect(served.base + "/ws?width=100&height=30", origin="http://localhost:%d" % served.port)
    await asyncio.gather(first_screen(a), first_screen(b))
    assert len(served.children()) == 2
    argv = Path(f"/proc/{served.children()[0]}/cmdline").read_bytes().split(b"\0")
    assert b"kiosk" in argv and argv[argv.index(b"--finish-seconds") + 1] == b"30", "every kiosk setting goes to the kiosks"
    extra = await client.ws_connect(served.base + "/ws", origin=served.origin)
    msg = await extra.receive(timeout=5)
    assert msg.type == aiohttp.WSMsgType.CLOSE and msg.data == 1013 and "busy" in msg.extra
    async with client.get(served.base + "/") as response:
        assert response.status == 503 and response.headers["Retry-After"] == "10"
        assert "Busy, try again shortly" in await response.text()
    assert len(served.children()) == 2
    await a.close()
    assert await wait_for(lambda: len(served.children()) == 1, 6)
    for _ in range(40):  # the server sees the process gone a moment after /proc does
        async with client.get(served.base + "/") as response:
            if response.status == 200:
                break
        await asyncio.sleep(0.05)
    assert response.status == 200, "a closed session no longer counts"
    c = await client.ws_connect(served.base + "/ws", origin=served.origin)
    await first_screen(c)
    await b.close()
    await c.close()


async def test_huge_sizes_are_clamped_and_memory_stays_bounded(served, client):
    ws = await client.ws_connect(served.base + "/ws?width=20000&height=20000", origin=served.origin)
    await first_screen(ws)
    (pid,) = served.children()
    for size in (20000, 1, 30000, 99999999):
        await ws.send_str(json.dumps(["resize", {"width": size, "height": size}]))
    await stdin(ws, IN_BAND_RESIZE.replace("30;100", "20000;20000"))
    await output_for(ws, 3)
    assert rss_mb(pid) < 250, f"the kiosk grew to {rss_mb(pid):.0f} MB"
    await ws.close()
    assert await wait_for(lambda: not alive(pid), 6)


async def test_a_3_mb_stdin_message_is_refused_and_the_kiosk_ends(served, client):
    ws = await client.ws_connect(served.base + "/ws", origin=served.origin)
    await first_screen(ws)
    (pid,) = served.children()
    try:
        await stdin(ws, "x" * (3 * 1024 * 1024))
    except ConnectionError:
        pass  # the server may close the connection before the client has written it all
    else:
        msg = await ws.receive(timeout=5)
        while msg.type == aiohttp.WSMsgType.BINARY:
            msg = await ws.receive(timeout=5)
        assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)
        assert msg.type != aiohttp.WSMsgType.CLOSE or msg.data == 1009  # "message too big"
    assert await wait_for(lambda: not alive(pid), 6), "the kiosk outlived its socket"


async def test_a_key_flood_is_rate_limited(served, client):
    ws = await client.ws_connect(served.base + "/ws", origin=served.origin)
    await first_screen(ws)
    (pid,) = served.children()
    await stdin(ws, "ab")  # the first keys make Textual import a little more: not counted below
    await output_for(ws, 1)
    start = rss_mb(pid)
    read_before = bytes_read(pid)
    began = time.monotonic()
    for _ in range(40):
        await stdin(ws, "a" * 60000)  # 2.4 MB in all, under the message limit each
        await stdin(ws, "b" * 4000)
    await output_for(ws, 3)
    # What reached the kiosk: the 16 KiB burst plus 4 KiB a second (and some slack);
    # unlimited, the kiosk reads as fast as it can parse (about 45 KB/s on a busy 2-core box).
    allowed = 16 * 1024 + 4 * 1024 * (time.monotonic() - began) + 8 * 1024
    assert bytes_read(pid) - read_before < allowed, f"{bytes_read(pid) - read_before} bytes reached the kiosk"
    assert peak_mb(pid) < start + 150, f"{start:.0f} MB -> peak {peak_mb(pid):.0f} MB"
    await ws.close()
    assert await wait_for(lambda: not alive(pid), 6)


async def test_the_parser_crash_sequence_is_inert_and_closing_ends_the_kiosk(served, client):
    ws = await client.ws_connect(served.base + "/ws?width=100&height=30", origin=served.origin)
    await first_screen(ws)
    (pid,) = served.children()
    await stdin(ws, IN_BAND_RESIZE)
    await stdin(ws, "\x1b")
    await stdin(ws, "[48;30;100;0;0t")
    await stdin(ws, "\x1b[<0;10;5M\x1b[<0;10;5m")
    await output_for(ws, 1)
    # the kiosk still takes input: a new size redraws the screen
    await ws.send_str(json.dumps(["resize", {"width": 90, "height": 28}]))
    assert len(await output_for(ws, 2)) > 100, "the kiosk no longer answers"
    await ws.close()
    assert await wait_for(lambda: not alive(pid), 6), "the kiosk outlived its socket"


async def test_the_operator_lockout_is_shared_by_two_sessions(served, client):
    a = await client.ws_connect(served.base + "/ws?width=100&height=30", origin=served.origin)
    b = await client.ws_connect(served.base + "/ws?width=100&height=30", origin=served.origin)
    await asyncio.gather(first_screen(a), first_screen(b))
    await stdin(a, F12 * 3)
    assert b"Staff only" in await output_for(a, 1.5), "the operator box opens"
    await stdin(a, "0000\r")
    await output_for(a, 0.7)
    for _ in range(2):
        await stdin(a, F12 * 3)
        await output_for(a, 0.7)
        await stdin(a, "0000\r")
        await output_for(a, 0.7)
    await stdin(b, F12 * 3)
    assert b"Staff only" not in await output_for(b, 1.5), "three wrong PINs in one tab lock the other tab too"
    await a.close()
    await b.close()


# -- token and shutdown ---------------------------------------------------------------------------


async def test_a_token_is_required_when_configured(tmp_path):
    token = tmp_path / "token"
    token.write_text("correct-horse-battery-staple\n")
    token.chmod(0o600)
    server = Serve(tmp_path, "--token-file", str(token), "--max-sessions", "1")
    try:
        # unsafe=True: keep cookies for an IP address, as browsers do
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
            async with client.get(server.base + "/") as response:
                assert response.status == 403 and "kiosk link" in await response.text()
            async with client.get(server.base + "/?token=wrong-horse-battery-staple") as response:
                assert response.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError) as info:
                await client.ws_connect(server.base + "/ws", origin=server.origin)
            assert info.value.status == 403
            async with client.get(server.base + "/?token=correct-horse-battery-staple&fontsize=20",
                                  allow_redirects=False) as response:
                assert response.status == 303 and response.headers["Location"] == "/?fontsize=20"
                cookie = response.headers["Set-Cookie"]
                assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
                assert "correct-horse" not in cookie
            async with client.get(server.base + "/") as response:
                assert response.status == 200
            ws = await client.ws_connect(server.base + "/ws", origin=server.origin)
            await first_screen(ws)
            await ws.close()
    finally:
        server.stop()


async def test_sigterm_ends_serve_and_every_kiosk_within_seconds(tmp_path):
    server = Serve(tmp_path, "--max-sessions", "3")
    try:
        async with aiohttp.ClientSession() as client:
            sockets = [await client.ws_connect(server.base + "/ws", origin=server.origin) for _ in range(3)]
            await asyncio.gather(*(first_screen(ws) for ws in sockets))
            # one kiosk no longer reads its input at all (as a wedged one would)
            pids = server.children()
            assert len(pids) == 3
            os.kill(pids[0], signal.SIGSTOP)
            start = time.monotonic()
            server.proc.send_signal(signal.SIGTERM)
            await asyncio.get_running_loop().run_in_executor(None, server.proc.wait, 10)
            took = time.monotonic() - start
            assert server.proc.returncode == 0
            assert took < 6, f"serve took {took:.1f} s to stop"
            assert await wait_for(lambda: not any(alive(p) for p in pids), 2), [p for p in pids if alive(p)]
    finally:
        for pid in children_of(server.proc.pid):
            os.kill(pid, signal.SIGKILL)
        server.stop()


async def test_kiosks_die_with_serve_even_after_kill_9_and_bad_messages_close_a_session(tmp_path):
    server = Serve(tmp_path, "--max-sessions", "2")
    try:
        async with aiohttp.ClientSession() as client:
            bad = await client.ws_connect(server.base + "/ws", origin=server.origin)
            await first_screen(bad)
            (bad_pid,) = server.children()
            await bad.send_str("[" * 30000 + "]" * 30000)  # JSON nested past Python's recursion limit
            msg = await bad.receive(timeout=5)
            while msg.type == aiohttp.WSMsgType.BINARY:
                msg = await bad.receive(timeout=5)
            assert msg.type == aiohttp.WSMsgType.CLOSE and msg.data == 1003
            assert await wait_for(lambda: not alive(bad_pid), 6)
            ws = await client.ws_connect(server.base + "/ws", origin=server.origin)
            await first_screen(ws)
            (pid,) = server.children()
            os.killpg(server.proc.pid, signal.SIGKILL)  # serve's own group: the kiosk is in its own session
            server.proc.wait(5)
            assert alive(pid) is False or await wait_for(lambda: not alive(pid), 3), "an orphaned kiosk"
    finally:
        server.stop()
