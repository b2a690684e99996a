"""``ldnwizard serve``: the kiosk in a web browser, built on textual-serve (aiohttp).

textual-serve starts one process per browser connection; here that is ``python -m
ldnwizard kiosk`` with the same (already checked) settings. The kiosk never ends by
itself (Done and the idle timer return to its welcome screen), so a page stays usable;
if a session does end, the page offers a fresh one.

On top of textual-serve's ``Server`` and ``AppService`` (subclassed, see
``serve_guard`` for the checks themselves):

- at most ``--max-sessions`` kiosks at once (a kiosk counts until its process is gone);
  more get a "busy" page (HTTP 503) or a websocket closed with 1013 "try again later";
- websockets only from allowed Origins (the public URL's by default, ``--allow-origin``
  for more), others get 403; with ``--token-file`` the page needs ``?token=`` once (it
  then sets a cookie), the websocket needs that cookie;
- per session: messages of at most 64 KiB, a message and a byte rate limit, the terminal
  size clamped, terminal reports that crash Textual's parser dropped (``serve_guard``);
- a kiosk that does not take its input for ``INPUT_TIMEOUT`` seconds is ended; every
  kiosk is ended when its socket closes (SIGTERM, then SIGKILL) and all of
  them when ``serve`` gets SIGTERM or SIGINT; a kiosk also dies with ``serve``
  (``PR_SET_PDEATHSIG``) and never sees the terminal's Ctrl+C (own session);
- one operator-PIN lockout for every kiosk (a file in a private folder, see
  ``config.OperatorLockout``);
- our own page (``web/``): fonts and scripts from this server only, a strict
  Content-Security-Policy, no folder listing, no download route.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import os
import shlex
import shutil
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ldnwizard.core.files import spool
from ldnwizard.core.errors import InputError

WEB_DIR = Path(__file__).with_name("web")
DEFAULT_MAX_SESSIONS = 8
MAX_MESSAGE = 64 * 1024
MESSAGE_RATE, MESSAGE_BURST = 100.0, 300.0  # websocket messages a second
BYTE_RATE, BYTE_BURST = 4 * 1024.0, 16 * 1024.0  # stdin characters a second; also the longest paste
RESIZE_COST = 10.0  # a resize redraws the whole screen: it counts as this many messages
FLOOD_LIMIT = 500  # dropped messages before a session is closed
INPUT_TIMEOUT = 5.0  # a kiosk that takes no input for this long is stuck: end it
STOP_GRACE = 2.0  # seconds from SIGTERM to SIGKILL
STDERR_KEEP = 16 * 1024
COOKIE = "ldnwizard_kiosk"
STATE_TOUCH_SECONDS = 3600.0
CLOSE_TRY_AGAIN_LATER = 1013

log = logging.getLogger("ldnwizard.serve")


def kiosk_argv(argv: list[str], questions: str | None = None) -> list[str]:
    """The command line of the kiosk textual-serve starts for each browser session."""
    parts = [sys.executable, "-m", "ldnwizard"]
    if questions:
        parts += ["--questions", questions]
    return [*parts, "kiosk", *argv]


def kiosk_command(argv: list[str], questions: str | None = None) -> str:
    """The same as one shell-quoted string (how textual-serve shows it)."""
    return shlex.join(kiosk_argv(argv, questions))


# -- one kiosk process -----------------------------------------------------------------------


def _die_with_parent() -> None:  # runs in the child between fork and exec
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


def _load_prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()


class SessionStuck(Exception):
    """The kiosk did not take its input in time."""


def _make_app_service():
    from textual_serve.app_service import AppService

    class KioskAppService(AppService):
        """One kiosk process: started without a shell, ended for sure, stderr kept short."""

        def __init__(self, argv: list[str], *, extra_env: dict[str, str], **kwargs: Any) -> None:
            super().__init__(shlex.join(argv), **kwargs)
            self.argv = argv
            self.extra_env = extra_env
            self._stderr_tail = b""
            self.input_bytes = 0
            self.dropped = 0
            self._stopping: asyncio.Future | None = None

        @property
        def pid(self) -> int | None:
            return None if self._process is None else self._process.pid

        @property
        def alive(self) -> bool:
            return self._process is not None and self._process.returncode is None

        def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
            env = super()._build_environment(width, height)
            env.pop("TEXTUAL_ALLOW_SIGNALS", None)
            env.update(self.extra_env)
            return env

        async def _open_app_process(self, width: int = 80, height: int = 24):
            self._process = process = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=self._build_environment(width=width, height=height),
                start_new_session=True,
                preexec_fn=_die_with_parent if _PRCTL is not None else None,
            )
            self._stdin = process.stdin
            return process

        async def send_within(self, coro) -> None:
            try:
                ok = await asyncio.wait_for(coro, INPUT_TIMEOUT)
            except asyncio.TimeoutError:
                raise SessionStuck() from None
            if not ok:
                raise SessionStuck()

        async def run(self) -> None:
            """Pass the kiosk's output on (as textual-serve does), keep only the end of stderr."""
            process = self._process
            assert process is not None and process.stdout is not None and process.stderr is not None
            stdout, stderr = process.stdout, process.stderr

            async def read_stderr() -> None:
                while data := await stderr.read(4096):
                    self._stderr_tail = (self._stderr_tail + data)[-STDERR_KEEP:]

            stderr_task = asyncio.create_task(read_stderr())
            try:
                for _ in range(10):
                    line = await stdout.readline()
                    if not line or line == b"__GANGLION__\n":
                        break
                while True:
                    kind = await stdout.readexactly(1)
                    size = int.from_bytes(await stdout.readexactly(4), "big")
                    payload = await stdout.readexactly(size)
                    if kind == b"D":
                        await self.on_data(payload)
                    elif kind == b"M":
                        await self.on_meta(payload)
                    # b"P" (file deliveries): the kiosk sends none; ignored.
            except (asyncio.IncompleteReadError, ConnectionResetError, asyncio.LimitOverrunError, ValueError):
                pass
            except Exception as exc:  # the browser went away while we wrote to it
                log.debug("session %s output ended: %s", self.app_service_id[:8], exc)
            finally:
                stderr_task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await stderr_task
                # The kiosk ended or stopped talking: the browser's session is over.
                with contextlib.suppress(Exception):
                    await self.remote_close()

        async def on_meta(self, data: bytes) -> None:
            try:
                meta = json.loads(data)
            except ValueError:
                return
            if isinstance(meta, dict) and meta.get("type") == "exit":
                await self.remote_close()
            # open_url and file deliveries are not for a kiosk: ignored.

        def _signal(self, sig: int) -> None:
            process = self._process
            if process is None or process.returncode is not None:
                return
            try:
                os.killpg(process.pid, sig)  # its own session and group (start_new_session)
            except (ProcessLookupError, PermissionError):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(process.pid, sig)

        async def _wait(self, seconds: float) -> bool:
            process = self._process
            assert process is not None
            try:
                await asyncio.wait_for(process.wait(), seconds)
                return True
            except asyncio.TimeoutError:
                return False

        async def stop(self) -> None:
            """End the kiosk for sure: SIGTERM (the kiosk's own clean stop, exit 0), then SIGKILL.

            Callers at the same time (the socket's handler and serve's shutdown) share one
            stop, so the kiosk gets one SIGTERM, not a second one while it is ending.
            """
            if self._stopping is None:
                self._stopping = asyncio.ensure_future(self._stop())
            await asyncio.shield(self._stopping)

        async def _stop(self) -> None:
            process = self._process
            if process is None:
                return
            if process.returncode is None:
                self._signal(signal.SIGTERM)
                if not await self._wait(STOP_GRACE):
                    self._signal(signal.SIGKILL)
                    await process.wait()
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)  # anything the kiosk may have left in its group
            if self._task is not None:
                task, self._task = self._task, None
                with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError, Exception):
                    await asyncio.wait_for(task, 1.0)
            if process.returncode not in (0, None, -signal.SIGTERM, -signal.SIGKILL) and self._stderr_tail:
                tail = self._stderr_tail.decode("utf-8", "replace").strip().splitlines()[-3:]
                log.warning("kiosk %s ended with %s: %s", process.pid, process.returncode, " | ".join(tail)[:600])

    return KioskAppService


# -- the server --------------------------------------------------------------------------------


def _make_server_class():
    import aiohttp_jinja2
    import jinja2
    from aiohttp import WSCloseCode, WSMsgType, web
    from aiohttp.web_runner import GracefulExit
    from textual_serve.server import Server

    from ldnwizard.kiosk.serve_guard import InputFilter, TokenBucket, clamp_size, origin_of

    KioskAppService = _make_app_service()

    @web.middleware
    async def security_headers(request: web.Request, handler):
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            response = exc
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if isinstance(response, web.HTTPException):
            raise response
        return response

    class KioskServer(Server):
        """textual-serve's Server with the limits above."""

        def __init__(
            self,
            argv: list[str],
            *,
            host: str,
            port: int,
            public_url: str,
            max_sessions: int = DEFAULT_MAX_SESSIONS,
            origins: frozenset[str],
            token: str | None = None,
            lockout_file: Path | None = None,
            language: str = "en",
        ) -> None:
            super().__init__(
                shlex.join(argv), host=host, port=port, title="ldnwizard kiosk",
                public_url=public_url, templates_path=WEB_DIR,
            )
            self.argv = argv
            self.max_sessions = max_sessions
            self.origins = origins
            self.cookie_value = (
                None if token is None
                else hmac.new(token.encode(), b"ldnwizard serve session cookie", hashlib.sha256).hexdigest()
            )
            self.token = token
            self.language = language  # of the pages (busy, link needed, starting): the kiosk's own
            self.extra_env: dict[str, str] = {}
            self.lockout_file = lockout_file
            self._touch_task: asyncio.Task | None = None
            if lockout_file is not None:
                from ldnwizard.kiosk.config import LOCKOUT_ENV

                self.extra_env[LOCKOUT_ENV] = str(lockout_file)
            self.sessions: set[Any] = set()
            self.sockets: set[web.WebSocketResponse] = set()
            self.refused = {"busy": 0, "origin": 0, "token": 0}

        # -- set-up ------------------------------------------------------------------

        def initialize_logging(self) -> None:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("ldnwizard serve: %(message)s"))
            log.handlers[:] = [handler]
            log.setLevel(logging.INFO)
            log.propagate = False
            for name in ("textual-serve", "aiohttp.access", "aiohttp.server", "aiohttp.web"):
                logging.getLogger(name).setLevel(logging.ERROR)
                logging.getLogger(name).propagate = False
                logging.getLogger(name).handlers[:] = [handler]

        async def _make_app(self) -> web.Application:
            app = web.Application(client_max_size=16 * 1024, middlewares=[security_headers])
            aiohttp_jinja2.setup(
                app, loader=jinja2.FileSystemLoader(str(self.templates_path)), autoescape=jinja2.select_autoescape(["html"])
            )
            app.add_routes([
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.static("/static", self.statics_path, show_index=False, follow_symlinks=False, name="static"),
            ])
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        async def _keep_state_fresh(self) -> None:
            """Touch the lockout file now and then, so a temp-folder cleaner never takes it by age."""
            while True:
                await asyncio.sleep(STATE_TOUCH_SECONDS)
                for path in (self.lockout_file.parent, self.lockout_file):
                    with contextlib.suppress(OSError):
                        os.utime(path, follow_symlinks=False)

        async def on_startup(self, app: web.Application) -> None:
            if self.lockout_file is not None:
                self._touch_task = asyncio.create_task(self._keep_state_fresh())
            token = " (the page needs ?token=...)" if self.token else ""
            log.info(
                "serving the kiosk on %s%s, at most %d at once (stop with Ctrl+C or SIGTERM)",
                self.public_url, token, self.max_sessions,
            )

        async def on_shutdown(self, app: web.Application) -> None:
            """SIGTERM/SIGINT: close every socket and end every kiosk, all at once."""
            if self._touch_task is not None:
                self._touch_task.cancel()
            sessions = list(self.sessions)
            for ws in list(self.sockets):
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(ws.close(code=WSCloseCode.GOING_AWAY, message=b"server stopping"), 0.5)
            if sessions:
                await asyncio.gather(*(s.stop() for s in sessions), return_exceptions=True)
            log.info(
                "stopped; %d kiosk session(s) ended; refused since start: %d busy, %d wrong origin, %d without token",
                len(sessions), self.refused["busy"], self.refused["origin"], self.refused["token"],
            )

        def serve(self, sock: socket.socket | None = None, debug: bool = False) -> None:  # type: ignore[override]
            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(sig, self.request_exit)
            try:
                web.run_app(
                    self._make_app(), sock=sock, handle_signals=False, loop=loop, print=None,
                    access_log=None, shutdown_timeout=STOP_GRACE + 1.5,
                )
            finally:
                for session in list(self.sessions):  # nothing outlives serve
                    session._signal(signal.SIGKILL)

        def request_exit(self) -> None:
            raise GracefulExit()

        # -- checks ------------------------------------------------------------------

        def _has_token(self, request: web.Request) -> bool:
            if self.cookie_value is None:
                return True
            cookie = request.cookies.get(COOKIE, "")
            return hmac.compare_digest(cookie.encode("utf-8", "replace"), self.cookie_value.encode())

        def _origin_ok(self, request: web.Request) -> bool:
            origin = request.headers.get("Origin")
            if not origin:
                return False
            try:
                return origin_of(origin.strip()) in self.origins
            except ValueError:
                return False

        @property
        def live(self) -> int:
            """Sessions whose kiosk is starting or running (one being ended counts until its process is gone)."""
            return sum(1 for s in self.sessions if s._process is None or s.alive)

        @property
        def full(self) -> bool:
            return self.live >= self.max_sessions

        def _page(self, request: web.Request, name: str, status: int, **context: Any) -> web.Response:
            page = {"static": self._static_url(request), "lang": self.language, "words": web_words(self.language)}
            response = aiohttp_jinja2.render_template(name, request, {**page, **context}, status=status)
            response.headers["Cache-Control"] = "no-store"
            response.headers["Content-Security-Policy"] = (
                "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
                "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
            )
            return response

        def _static_url(self, request: web.Request) -> str:
            # A path, not a whole URL: the page then works under any name of this server
            # (localhost, 127.0.0.1) and behind a proxy that serves it under a folder.
            prefix = urlsplit(self.public_url).path.rstrip("/")
            return f"{prefix}{request.app.router['static'].url_for(filename='/')}".rstrip("/") + "/"

        # -- the page ------------------------------------------------------------------

        async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
            if self.token is not None and "token" in request.query:
                given = request.query.get("token", "")
                if not hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode()):
                    self.refused["token"] += 1
                    return self._page(request, "denied.html", 403)
                # The same page without the token in its address (and in the browser's history).
                prefix = urlsplit(self.public_url).path.rstrip("/")
                size = request.query.get("fontsize", "")
                location = f"{prefix}/" + (f"?fontsize={size}" if size.isascii() and size.isdigit() else "")
                response = web.HTTPSeeOther(location=location)
                response.set_cookie(
                    COOKIE, self.cookie_value or "", httponly=True, samesite="Strict", path=f"{prefix}/",
                    secure=self.public_url.startswith("https:"),
                )
                response.headers["Cache-Control"] = "no-store"
                raise response
            if not self._has_token(request):
                self.refused["token"] += 1
                return self._page(request, "denied.html", 403)
            if self.full:
                self.refused["busy"] += 1
                response = self._page(request, "busy.html", 503, retry=10)
                response.headers["Retry-After"] = "10"
                return response
            font_size = clamp_font(request.query.get("fontsize", "16"))
            ws_url = ("wss:" if self.public_url.startswith("https:") else "ws:") + (
                f"{self.public_url}{request.app.router['websocket'].url_for()}".split(":", 1)[1]
            )
            response = self._page(
                request, "app_index.html", 200, font_size=font_size, app_websocket_url=ws_url, title=self.title
            )
            ws_origin = origin_of(ws_url.replace("wss:", "https:", 1).replace("ws:", "http:", 1))
            ws_origin = ("wss:" if ws_url.startswith("wss:") else "ws:") + ws_origin.split(":", 1)[1]
            response.headers["Content-Security-Policy"] = (
                "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                f"img-src 'self' data:; font-src 'self'; connect-src 'self' {ws_origin}; "
                "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
            )
            return response

        # -- the websocket ---------------------------------------------------------------

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
            if not self._origin_ok(request):
                self.refused["origin"] += 1
                log.info("refused a websocket from origin %r", (request.headers.get("Origin") or "")[:100])
                raise web.HTTPForbidden(text="This origin may not open a kiosk session.\n")
            if not self._has_token(request):
                self.refused["token"] += 1
                raise web.HTTPForbidden(text="Open the kiosk page with its access link first.\n")
            websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE, autoping=True)
            if self.full:
                self.refused["busy"] += 1
                await websocket.prepare(request)
                await websocket.close(code=CLOSE_TRY_AGAIN_LATER, message=b"busy: try again shortly")
                return websocket
            width, height = clamp_size(request.query.get("width", "80"), request.query.get("height", "24"))
            service = KioskAppService(
                self.argv, extra_env=self.extra_env,
                write_bytes=websocket.send_bytes, write_str=websocket.send_str, close=websocket.close,
                download_manager=self.download_manager, debug=False,
            )
            self.sessions.add(service)  # counted from now (no await since the check) until its process is gone
            try:
                await websocket.prepare(request)
            except BaseException:
                self.sessions.discard(service)  # not a websocket handshake after all: aiohttp answers 400
                raise
            self.sockets.add(websocket)
            try:
                await service.start(width, height)
                log.info("session started (pid %s, %dx%d, %d live)", service.pid, width, height, self.live)
                await self._process_messages(websocket, service)
            except SessionStuck:
                log.warning("kiosk %s took no input for %g s: ended", service.pid, INPUT_TIMEOUT)
            except (asyncio.CancelledError, ConnectionResetError):
                pass
            except Exception as error:  # noqa: BLE001 (one session's fault must not stop serve)
                log.warning("session ended on an error: %s", str(error)[:300])
            finally:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(websocket.close(), 1.0)
                try:
                    await asyncio.shield(service.stop())
                finally:
                    self.sessions.discard(service)
                    self.sockets.discard(websocket)
                    code = service._process.returncode if service._process is not None else None
                    log.info(
                        "session ended (pid %s, exit %s, %d bytes of input passed, %d messages dropped, %d live)",
                        service.pid, code, service.input_bytes, service.dropped, self.live,
                    )
            return websocket

        async def _process_messages(self, websocket: web.WebSocketResponse, service) -> None:  # type: ignore[override]
            messages = TokenBucket(MESSAGE_RATE, MESSAGE_BURST)
            chars = TokenBucket(BYTE_RATE, BYTE_BURST)
            stdin = InputFilter()
            dropped = 0
            size = None
            async for message in websocket:
                if message.type in (WSMsgType.ERROR, WSMsgType.CLOSE, WSMsgType.CLOSING):
                    break
                kind, data = "", None
                if message.type == WSMsgType.TEXT:
                    try:
                        envelope = json.loads(message.data)
                    except (ValueError, RecursionError):
                        await websocket.close(code=WSCloseCode.UNSUPPORTED_DATA, message=b"not JSON")
                        break
                    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
                        await websocket.close(code=WSCloseCode.UNSUPPORTED_DATA, message=b"not a message")
                        break
                    kind = envelope[0]
                    data = envelope[1] if len(envelope) > 1 else None
                now = time.monotonic()
                cost = RESIZE_COST if kind == "resize" else 1.0
                # Every message counts (binary ones too, though they are ignored).
                if not messages.take(cost, now) or (
                    kind == "stdin" and isinstance(data, str) and not chars.take(len(data), now)
                ):
                    dropped += 1
                    service.dropped = dropped
                    if dropped >= FLOOD_LIMIT:
                        log.warning("session of kiosk %s closed: too much input", service.pid)
                        await websocket.close(code=WSCloseCode.POLICY_VIOLATION, message=b"too much input")
                        break
                    continue
                if kind == "stdin":
                    if not isinstance(data, str):
                        continue
                    text = stdin.feed(data)
                    if text:
                        payload = text.encode("utf-8", "replace")
                        service.input_bytes += len(payload)
                        await service.send_within(service.send_bytes(payload))
                elif kind == "resize":
                    if not isinstance(data, dict):
                        continue
                    new = clamp_size(data.get("width"), data.get("height"))
                    if new != size:
                        size = new
                        await service.send_within(service.send_meta({"type": "resize", "width": new[0], "height": new[1]}))
                elif kind == "ping":
                    if isinstance(data, str) and len(data) <= 32:
                        await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await service.send_within(service.send_meta({"type": "blur"}))
                elif kind == "focus":
                    await service.send_within(service.send_meta({"type": "focus"}))

    return KioskServer


def clamp_font(text: str) -> int:
    """The page's font size (``?fontsize=``), 8 to 48 pixels."""
    return max(8, min(48, int(text))) if text.isdigit() and len(text) < 4 else 16


def web_words(language: str) -> dict[str, str]:
    """The words of the serve pages (``[web]`` in the message catalogue) in ``language``, by their short key."""
    from ldnwizard.core.content.messages import catalogue

    return {key[4:]: text for key, text in catalogue(language).items() if key.startswith("web.")}


def make_server(argv: list[str], **kwargs: Any):
    """A ready KioskServer (textual-serve Server subclass) for the kiosk command line ``argv``."""
    return _make_server_class()(argv, **kwargs)


# -- the command ---------------------------------------------------------------------------------


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, or :class:`InputError` in one line (a busy port, an unknown host)."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise InputError(f"--host {host!r}: cannot use this address ({exc.strerror})") from None
    family, _type, _proto, _name, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6 and host in ("::", "[::]"):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        import errno

        if exc.errno == errno.EADDRINUSE:
            raise InputError(
                f"port {port} on {host} is already in use (another ldnwizard serve?); stop that or pick another --port"
            ) from None
        if exc.errno == errno.EACCES:
            raise InputError(f"no permission to listen on port {port} (ports below 1024 need privileges); pick another --port") from None
        raise InputError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
    sock.set_inheritable(False)
    return sock


def _private_runtime_dir() -> str | None:
    """$XDG_RUNTIME_DIR when it is this user's private folder (never cleaned by age), else None (the temp folder)."""
    path = os.environ.get("XDG_RUNTIME_DIR")
    if not path:
        return None
    try:
        info = os.lstat(path)
    except OSError:
        return None
    import stat as stat_

    if stat_.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077:
        return path
    return None


def run_serve(args: argparse.Namespace) -> int:
    """Check every setting once, then serve until SIGTERM or Ctrl+C."""
    from ldnwizard.core.content.load import load_bank
    from ldnwizard.kiosk.config import read_pin, resolve
    from ldnwizard.kiosk.serve_guard import allowed_origins, check_address, read_token_file

    public_url = check_address(args.host, args.port, getattr(args, "public_url", None))
    max_sessions = getattr(args, "max_sessions", DEFAULT_MAX_SESSIONS)
    if max_sessions is None:
        max_sessions = DEFAULT_MAX_SESSIONS
    if not 1 <= max_sessions <= 1000:
        raise InputError(f"--max-sessions must be between 1 and 1000; it is {max_sessions}")
    origins = allowed_origins(public_url, getattr(args, "allow_origin", None) or [])
    token_file = getattr(args, "token_file", None)
    token = read_token_file(token_file) if token_file is not None else None

    config = resolve(args)
    if config.operator_pin_file is not None:
        read_pin(config.operator_pin_file)
    try:
        spool.ensure_spool(config.spool, config.spool_group)
    except spool.SpoolError as exc:
        raise InputError(str(exc)) from None
    load_bank(args.questions)  # a bad question set fails here, not in every browser tab

    questions = str(args.questions.resolve()) if args.questions is not None else None
    resolved = config.resolved()  # every setting, paths made absolute
    sock = bind(args.host, args.port)
    state = Path(tempfile.mkdtemp(prefix="ldnwizard-serve-", dir=_private_runtime_dir()))  # 0700: the PIN lockout
    try:
        server = make_server(
            kiosk_argv(resolved.argv(), questions), host=args.host, port=args.port, public_url=public_url,
            max_sessions=max_sessions, origins=origins, token=token, lockout_file=state / "operator-lockout",
            language=resolved.language,
        )
        server.serve(sock)
    finally:
        sock.close()
        shutil.rmtree(state, ignore_errors=True)
    return 0
