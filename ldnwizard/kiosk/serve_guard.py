"""What ``ldnwizard serve`` checks before a browser reaches a kiosk (no aiohttp, no Textual here).

- :func:`check_address`: ``--host``, ``--port`` and ``--public-url`` agree, or a clear error.
- :func:`read_token_file`: the shared secret of ``--token-file`` (a private regular file).
- :func:`allowed_origins`: the Origins a websocket may come from (same origin by default).
- :class:`InputFilter`: drops the terminal reports that crash Textual's input parser
  (``CSI ... t`` window reports such as the in-band resize ``ESC[48;30;100;0;0t``,
  Textual issue 6706, and the mode report that switches it on) and runaway sequences,
  even when a report is split across messages.
- :class:`TokenBucket`: a rate limit (messages, bytes) for one session.
- :func:`clamp_size`: a terminal size within sane bounds.
"""

from __future__ import annotations

import ipaddress
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ldnwizard.core.errors import InputError

MIN_COLUMNS, MAX_COLUMNS = 20, 300
MIN_ROWS, MAX_ROWS = 10, 100
TOKEN_MIN, TOKEN_MAX = 16, 512
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::", "[::]", "*", "0"})
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def clamp_size(width: object, height: object, default: tuple[int, int] = (80, 24)) -> tuple[int, int]:
    """``width`` x ``height`` as whole numbers within MIN..MAX (a non-number gives the default)."""

    def one(value: object, low: int, high: int, fallback: int) -> int:
        if isinstance(value, bool):
            return fallback
        if isinstance(value, str):
            value = value.strip()
            if not value.isdigit() or len(value) > 9:
                return fallback
            value = int(value)
        if isinstance(value, float) and value == value and abs(value) < 1e9:
            value = int(value)
        if not isinstance(value, int):
            return fallback
        return max(low, min(high, value))

    return one(width, MIN_COLUMNS, MAX_COLUMNS, default[0]), one(height, MIN_ROWS, MAX_ROWS, default[1])


# -- address -----------------------------------------------------------------------------


def is_wildcard(host: str) -> bool:
    """True for a listening address that means "every address of this machine"."""
    if host.strip() in WILDCARD_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def check_public_url(url: str) -> str:
    """``--public-url`` as http(s)://HOST[:PORT][/PATH] without a trailing slash, or :class:`InputError`."""
    shown = url if len(url) <= 200 else url[:200] + "…"
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise InputError(f"--public-url {shown!r} has spaces or control characters; give it like https://kiosk.example:8443")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InputError(f"--public-url {shown!r} is not a valid address ({exc}); give it like https://kiosk.example:8443") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"--public-url {shown!r} must start with http:// or https:// and name a host, like https://kiosk.example:8443")
    if parts.username is not None or parts.password is not None or parts.query or parts.fragment:
        raise InputError(f"--public-url {shown!r} must not hold a user name, password, ?query or #fragment")
    if is_wildcard(parts.hostname):
        raise InputError(f"--public-url {shown!r} names no machine a browser can reach; use this machine's name or address")
    if port == 0:
        raise InputError(f"--public-url {shown!r}: the port must be between 1 and 65535")
    return url.rstrip("/")


def check_address(host: str, port: int, public_url: str | None) -> str:
    """The public URL browsers use (checked), or :class:`InputError` saying what to pass."""
    if not 0 < port < 65536:
        raise InputError(f"--port must be between 1 and 65535; it is {port}")
    if public_url is not None:
        return check_public_url(public_url)
    if is_wildcard(host):
        raise InputError(
            f"--host {host or repr(host)} listens on every address, so the page cannot tell browsers where to connect; "
            f"add --public-url http://THIS-MACHINE:{port} (the name or address staff type in the browser), "
            "or https://... when a TLS proxy is in front"
        )
    name = f"[{host}]" if ":" in host and not host.startswith("[") else host
    if port == 80:
        return f"http://{name}"
    return f"http://{name}:{port}"


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, with the scheme's default port left out."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or (scheme, port) in (("http", 80), ("https", 443)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def allowed_origins(public_url: str, extra: list[str] | None = None) -> frozenset[str]:
    """The public URL's origin, its loopback twins (localhost/127.0.0.1/[::1]) and each ``--allow-origin``."""
    out = {origin_of(public_url)}
    parts = urlsplit(public_url)
    if (parts.hostname or "").lower() in ("127.0.0.1", "localhost", "::1"):
        port = f":{parts.port}" if parts.port else ""
        out.update(origin_of(f"{parts.scheme}://{name}{port}") for name in LOOPBACK_NAMES)
    for origin in extra or []:
        shown = origin if len(origin) <= 200 else origin[:200] + "…"
        try:
            parts = urlsplit(origin)
            parts.port  # noqa: B018 (raises on a bad port)
        except ValueError:
            parts = None
        if (
            parts is None or parts.scheme not in ("http", "https") or not parts.hostname
            or parts.path not in ("", "/") or parts.query or parts.fragment or parts.username is not None
        ):
            raise InputError(f"--allow-origin {shown!r} must be scheme://host[:port], like https://kiosk.example")
        out.add(origin_of(origin))
    return frozenset(out)


# -- token -------------------------------------------------------------------------------


def read_token_file(path: Path) -> str:
    """The shared secret in ``path``: a regular file other users cannot read, one line, 16 to 512 characters."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError("token file not found", path) from None
    except PermissionError:
        raise InputError("no permission to read the token file", path) from None
    except OSError as exc:
        if os.path.islink(path):
            raise InputError("the token file is a symbolic link; give the file itself", path) from None
        raise InputError(f"cannot open the token file: {exc.strerror or exc}", path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("the token file must be a regular file (not a folder, device or pipe)", path)
        if info.st_mode & (stat.S_IROTH | stat.S_IWOTH):
            raise InputError(f"every user can read or change the token file; make it private: chmod 600 {path}", path)
        if info.st_size > 4096:
            raise InputError("the token file is too big; it holds one line: the token", path)
        raw = os.read(fd, 4097)
    finally:
        os.close(fd)
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise InputError("the token must be plain ASCII letters, digits and punctuation", path, 1) from None
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) != 1:
        raise InputError("the token file must hold exactly one line: the token", path)
    token = lines[0].strip()
    if not (TOKEN_MIN <= len(token) <= TOKEN_MAX) or not all(33 <= ord(ch) < 127 for ch in token):
        raise InputError(
            f"the token must be {TOKEN_MIN} to {TOKEN_MAX} characters without spaces; make one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'",
            path, 1,
        )
    return token


# -- input -------------------------------------------------------------------------------

ESC = "\x1b"
_MAX_SEQUENCE = 64
_MAX_DIGITS = 5
_DROP_MODE_REPORT = re.compile(r"\?2048;\d*\$")  # DECRPM for in-band resize: would switch pixel mouse on


def _forbidden(params: str, final: str) -> bool:
    """A complete CSI sequence (``ESC [`` + params + final) that must not reach the kiosk."""
    if final == "t":  # window reports (in-band resize ESC[48;...t and friends)
        return True
    if final == "y" and _DROP_MODE_REPORT.match(params):
        return True
    return any(len(number) > _MAX_DIGITS for number in re.findall(r"\d+", params))


@dataclass
class InputFilter:
    """Stateful filter for one session's stdin (text as the browser sends it).

    Plain text and complete, harmless escape sequences pass unchanged; forbidden and
    overlong CSI sequences are dropped whole. An incomplete CSI sequence at the end of a
    message waits for the next message, so a report cannot be smuggled in two halves.
    """

    dropped: int = 0
    _state: str = field(default="text", repr=False)  # text | esc | csi | skip
    _params: str = field(default="", repr=False)
    _esc_sent: bool = field(default=False, repr=False)  # the last message ended with a lone ESC, passed on

    def feed(self, data: str) -> str:
        out: list[str] = []
        state, params = self._state, self._params
        esc_sent, self._esc_sent = self._esc_sent, False
        if esc_sent and state == "text" and data[:1] == "[":
            # ESC was passed on as the Escape key; this "[" would complete a CSI sequence in
            # the kiosk's parser: check it like one, and pass it on without a second ESC.
            state, params, data = "csi", "", data[1:]
        for ch in data:
            if state == "text":
                if ch == ESC:
                    state = "esc"
                else:
                    out.append(ch)
            elif state == "esc":
                if ch == "[":
                    state, params = "csi", ""
                elif ch == ESC:
                    out.append(ESC)
                else:
                    out.append(ESC + ch)
                    state = "text"
            else:  # csi or skip
                code = ord(ch)
                if 0x20 <= code <= 0x3F:
                    if state == "csi":
                        params += ch
                        if len(params) > _MAX_SEQUENCE:
                            self.dropped += 1
                            state, params = "skip", ""
                elif 0x40 <= code <= 0x7E:
                    if state == "csi":
                        if _forbidden(params, ch):
                            self.dropped += 1
                        else:
                            out.append(("[" if esc_sent else ESC + "[") + params + ch)
                    state, params, esc_sent = "text", "", False
                else:
                    # a control character cuts the sequence short: drop what came so far
                    if state == "csi":
                        self.dropped += 1
                    state, params, esc_sent = "text", "", False
                    if ch == ESC:
                        state = "esc"
                    else:
                        out.append(ch)
        if state == "esc":
            # A lone ESC at the end: the Escape key (or an alt+key to come). Pass it on now.
            out.append(ESC)
            state = "text"
            self._esc_sent = True
        elif state == "csi" and esc_sent:
            self._esc_sent = True  # still completing the sequence whose ESC went on earlier
        self._state, self._params = state, params
        return "".join(out)


@dataclass
class TokenBucket:
    """``rate`` tokens a second, at most ``burst`` saved up; :meth:`take` says whether ``cost`` was there."""

    rate: float
    burst: float
    tokens: float = -1.0
    stamp: float = 0.0

    def take(self, cost: float, now: float) -> bool:
        if self.tokens < 0:
            self.tokens, self.stamp = self.burst, now
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if cost > self.tokens:
            return False
        self.tokens -= cost
        return True
