"""Kiosk settings: defaults, then the ``--config`` TOML file, then the command line (which wins).

A config file is a flat TOML table::

    spool = "/var/spool/ldnwizard"       # relative paths are relative to this file
    spool_group = "pharmacy"             # staff who run `ldnwizard pickup` (optional)
    idle_seconds = 90
    finish_seconds = 45
    retain_hours = 24
    operator_pin_file = "/etc/ldnwizard/pin"

Without ``--config``, the file named by ``LDNWIZARD_CONFIG`` is read, if that is set.
The spool is, first found: ``--spool``; ``spool`` in the config file;
``LDNWIZARD_SPOOL``; :data:`SYSTEM_SPOOL` if that folder exists; else a folder of
the user's own (fine for one user, but a kiosk user and a pharmacist user then do
not share it). ``kiosk`` and ``pickup`` read the same settings, so both use the same
spool and the same retention (one default, :data:`DEFAULT_RETAIN_HOURS`).

This module does not import Textual: ``ldnwizard pickup`` uses it too.
"""

from __future__ import annotations

import argparse
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ldnwizard.core.errors import InputError
from ldnwizard.core.files.tomlfile import TomlLines, read_text, read_toml

DEFAULT_IDLE_SECONDS = 90.0
DEFAULT_RETAIN_HOURS = 24.0
DEFAULT_FINISH_SECONDS = 45.0
"""An untouched finish screen (the code, the verdict, the name) is wiped after this long."""
COUNTDOWN_SECONDS = 20.0
PIN_MIN, PIN_MAX = 4, 64


SPOOL_ENV = "LDNWIZARD_SPOOL"
CONFIG_ENV = "LDNWIZARD_CONFIG"
SYSTEM_SPOOL = Path("/var/spool/ldnwizard")
"""The shared spool of a system install: used when it exists and nothing else is configured."""


def default_spool() -> Path:
    """The spool folder when none is configured: ``LDNWIZARD_SPOOL``, the system spool if it exists, else the user's own."""
    env = os.environ.get(SPOOL_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    if SYSTEM_SPOOL.is_dir():
        return SYSTEM_SPOOL
    import platformdirs

    return platformdirs.user_data_path("ldnwizard") / "kiosk-spool"


@dataclass(frozen=True)
class KioskConfig:
    """Everything the kiosk needs to know before it starts."""

    spool: Path
    idle_seconds: float = DEFAULT_IDLE_SECONDS
    retain_hours: float = DEFAULT_RETAIN_HOURS
    operator_pin_file: Path | None = None
    countdown_seconds: float = COUNTDOWN_SECONDS
    finish_seconds: float = DEFAULT_FINISH_SECONDS
    spool_group: str | None = None
    language: str = "en"  # the welcome's language, and the one the idle wipe returns to

    def resolved(self) -> "KioskConfig":
        """The same settings with absolute paths (for a kiosk started elsewhere: serve, the supervisor)."""
        from dataclasses import replace

        pin = self.operator_pin_file
        return replace(self, spool=self.spool.resolve(), operator_pin_file=pin.resolve() if pin is not None else None)

    def argv(self) -> list[str]:
        """These settings as ``ldnwizard kiosk`` options (for ``serve`` and the supervisor, which start kiosks)."""
        out = [
            "--spool", str(self.spool),
            "--idle-seconds", f"{self.idle_seconds:g}",
            "--retain-hours", f"{self.retain_hours:g}",
        ]
        if self.operator_pin_file is not None:
            out += ["--operator-pin-file", str(self.operator_pin_file)]
        if self.finish_seconds != DEFAULT_FINISH_SECONDS:
            out += ["--finish-seconds", f"{self.finish_seconds:g}"]
        if self.spool_group is not None:
            out += ["--spool-group", self.spool_group]
        if self.language != "en":
            out += ["--lang", self.language]
        return out


# key -> (kind, smallest allowed value)
_KEYS: dict[str, tuple[str, float]] = {
    "spool": ("path", 0),
    "spool_group": ("group", 0),
    "idle_seconds": ("number", 5),
    "finish_seconds": ("number", 5),
    "retain_hours": ("number", 0),
    "operator_pin_file": ("path", 0),
    "language": ("language", 0),
}


def read_config_file(path: Path) -> dict[str, Any]:
    """Read a kiosk config file; raise :class:`InputError` with file:line for anything wrong."""
    path = Path(path)
    data, text = read_toml(path)
    lines = TomlLines(text)
    out: dict[str, Any] = {}
    for key, value in data.items():
        line = lines.key_in(None, key)
        line = None if line is None else line + 1
        if isinstance(value, dict):
            header = lines.table(key)
            line = None if header is None else header + 1
            raise InputError(
                f"[{key}]: a kiosk config is a flat list of settings ({', '.join(_KEYS)}); tables are not used",
                path, line,
            )
        if key not in _KEYS:
            raise InputError(f"unknown setting {key!r}; known settings: {', '.join(_KEYS)}", path, line)
        kind, low = _KEYS[key]
        if kind == "path":
            if not isinstance(value, str) or not value.strip():
                raise InputError(f"{key} must be a path in quotes, such as {key} = \"/var/lib/ldnwizard\"", path, line)
            p = Path(value).expanduser()
            out[key] = p if p.is_absolute() else (path.parent / p)
        elif kind == "language":
            from ldnwizard.core.content.i18n import LANGUAGES

            if value not in LANGUAGES:
                raise InputError(f"{key} must be one of {', '.join(LANGUAGES)}, such as {key} = \"es\"", path, line)
            out[key] = value
        elif kind == "group":
            if not isinstance(value, str) or not _GROUP.match(value):
                raise InputError(f"{key} must be the name of a group in quotes, such as {key} = \"pharmacy\"", path, line)
            out[key] = value
        else:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise InputError(f"{key} must be a number, such as {key} = {int(_default_of(key))}", path, line)
            if value < low or (key == "retain_hours" and value <= 0):
                raise InputError(f"{key} must be {'above' if low == 0 else 'at least'} {low:g}; it is {value}", path, line)
            out[key] = float(value)
    return out


_GROUP = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,31}$")


def _default_of(key: str) -> float:
    return {"idle_seconds": DEFAULT_IDLE_SECONDS, "finish_seconds": DEFAULT_FINISH_SECONDS}.get(key, DEFAULT_RETAIN_HOURS)


def resolve(args: argparse.Namespace) -> KioskConfig:
    """Defaults < ``--config FILE`` < command-line options (those left as None are not given)."""
    values: dict[str, Any] = {}
    config = getattr(args, "config", None)
    if config is None and os.environ.get(CONFIG_ENV, "").strip():
        config = Path(os.environ[CONFIG_ENV].strip()).expanduser()
    if config is not None:
        values.update(read_config_file(config))
    for key in _KEYS:
        given = getattr(args, key, None)
        if given is not None:
            values[key] = given
    langs = getattr(args, "lang", None)  # --lang LANG (a list from the command line)
    if langs and len(langs) == 1:
        values["language"] = langs[0]
    elif langs and getattr(args, "command", None) in ("kiosk", "serve"):  # pickup may show two pages
        raise InputError(f"--lang {','.join(langs)}: the kiosk starts in one language")
    idle = float(values.get("idle_seconds", DEFAULT_IDLE_SECONDS))
    retain = float(values.get("retain_hours", DEFAULT_RETAIN_HOURS))
    if idle < _KEYS["idle_seconds"][1]:
        raise InputError(f"--idle-seconds must be at least {_KEYS['idle_seconds'][1]:g}; it is {idle:g}")
    if retain <= 0:
        raise InputError(f"--retain-hours must be above 0; it is {retain:g}")
    finish = float(values.get("finish_seconds", DEFAULT_FINISH_SECONDS))
    if finish < _KEYS["finish_seconds"][1]:
        raise InputError(f"--finish-seconds must be at least {_KEYS['finish_seconds'][1]:g}; it is {finish:g}")
    group = values.get("spool_group")
    if group is not None and not _GROUP.match(group):
        raise InputError(f"--spool-group must be the name of a group, such as pharmacy; it is {group!r}")
    pin = values.get("operator_pin_file")
    return KioskConfig(
        spool=Path(values.get("spool") or default_spool()),
        idle_seconds=idle,
        retain_hours=retain,
        operator_pin_file=Path(pin) if pin is not None else None,
        countdown_seconds=min(COUNTDOWN_SECONDS, idle),
        finish_seconds=finish,
        spool_group=group,
        language=values.get("language", "en"),
    )


def read_pin(path: Path) -> str:
    """The operator PIN from its file: one line of 4 to 64 letters or digits, readable only by its owner."""
    path = Path(path)
    try:
        info = path.stat()
        raw = read_text(path, limit=4096)  # a regular file only (a pipe never hangs the kiosk), BOM dropped
    except FileNotFoundError:
        raise InputError("operator PIN file not found", path) from None
    except IsADirectoryError:
        raise InputError("this is a folder; the operator PIN file is a file with one line", path) from None
    except PermissionError:
        raise InputError("no permission to read the operator PIN file", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the operator PIN file: {getattr(exc, 'strerror', None) or exc}", path) from None
    if os.name == "posix" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InputError(f"other users can read the operator PIN file; make it private: chmod 600 {path}", path)
    pin = raw.strip()
    lines = [ln for ln in raw.splitlines() if ln.strip()]
    if len(lines) > 1:
        raise InputError("the operator PIN file must hold one line: the PIN", path, 2)
    if not (PIN_MIN <= len(pin) <= PIN_MAX) or not pin.isalnum() or not pin.isascii():
        raise InputError(f"the operator PIN must be {PIN_MIN} to {PIN_MAX} letters or digits", path, 1)
    return pin


# -- the operator PIN lockout ---------------------------------------------------------------

LOCKOUT_ENV = "LDNWIZARD_OPERATOR_LOCKOUT"
"""Set by ``ldnwizard serve`` for every kiosk it starts: the file that holds the shared lockout."""
LOCKOUT_TRIES = 3
LOCKOUT_SECONDS = 60.0
LOCKOUT_MAX_SECONDS = 3600.0
LOCKOUT_FORGET_SECONDS = 24 * 3600.0


class OperatorLockout:
    """Wrong operator PINs: after ``tries`` wrong ones the box stays shut for ``seconds``.

    Each lockout in a row doubles the wait (up to ``LOCKOUT_MAX_SECONDS``); a right PIN, or a
    day without a wrong one, starts again. With ``path`` the count lives in that file (0600,
    under an ``fcntl`` lock), so every kiosk of one ``ldnwizard serve`` shares it: a guesser
    gains nothing by opening more browser tabs. ``clock`` must be the same clock in every
    process (``time.monotonic`` is system-wide on Linux). If the file cannot be used, the
    box stays shut (it fails closed) and ``error`` says why.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        tries: int = LOCKOUT_TRIES,
        seconds: float = LOCKOUT_SECONDS,
        clock=None,
    ) -> None:
        import time

        self.path = Path(path) if path is not None else None
        self.tries = tries
        self.seconds = seconds
        self.clock = clock or time.monotonic
        self.error: str | None = None
        self._state = {"fails": 0, "locked_until": 0.0, "streak": 0, "last_fail": 0.0}

    def locked(self) -> bool:
        """True while the operator box must stay shut."""
        state = self._update(None)
        return state is None or self.clock() < state["locked_until"]

    def fail(self) -> None:
        """Count one wrong PIN (and lock when it is the last allowed)."""
        self._update(self._count_fail)

    def succeed(self) -> None:
        """The right PIN: forget the wrong ones."""
        self._update(lambda state: {"fails": 0, "locked_until": 0.0, "streak": 0, "last_fail": 0.0})

    def _count_fail(self, state: dict) -> dict:
        now = self.clock()
        if now - state["last_fail"] > LOCKOUT_FORGET_SECONDS:
            state["streak"] = 0
        state["last_fail"] = now
        state["fails"] += 1
        if state["fails"] >= self.tries:
            state["fails"] = 0
            state["locked_until"] = now + min(self.seconds * 2 ** state["streak"], max(self.seconds, LOCKOUT_MAX_SECONDS))
            state["streak"] = min(state["streak"] + 1, 32)
        return state

    def _update(self, change) -> dict | None:
        if self.path is None:
            if change is not None:
                self._state = change(dict(self._state))
            return self._state
        try:
            return self._update_file(change)
        except (OSError, ValueError) as exc:
            self.error = f"operator lockout file {self.path}: {getattr(exc, 'strerror', None) or exc}"
            return None

    def _update_file(self, change) -> dict:
        import fcntl
        import json

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
                raise ValueError("not a private regular file of this user (want mode 0600)")
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = os.read(fd, 4096)
            state = dict(self._state if not raw else {})
            if raw:
                loaded = json.loads(raw)
                for key in ("fails", "locked_until", "streak", "last_fail"):
                    value = loaded.get(key, 0)
                    if isinstance(value, bool) or not isinstance(value, (int, float)):
                        raise ValueError(f"{key} is not a number")
                    state[key] = value
            if change is not None:
                state = change(state)
                data = json.dumps(state).encode()
                os.lseek(fd, 0, os.SEEK_SET)
                os.ftruncate(fd, 0)
                os.write(fd, data)
            self.error = None
            return state
        finally:
            os.close(fd)  # also drops the lock


def lockout_from_env(clock=None) -> OperatorLockout:
    """The lockout ``ldnwizard serve`` shares (see ``LOCKOUT_ENV``), else one for this process alone."""
    path = os.environ.get(LOCKOUT_ENV)
    return OperatorLockout(Path(path) if path else None, tries=LOCKOUT_TRIES, seconds=LOCKOUT_SECONDS, clock=clock)
