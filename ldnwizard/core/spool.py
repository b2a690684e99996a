"""The kiosk spool: summaries saved under a short retrieval code for the pharmacist.

A code is 6 characters from :data:`ALPHABET`. Characters that look alike are never
*both* in the alphabet: of each look-alike group exactly one member is kept and the
others are mapped to it when a code is typed (:data:`LOOKALIKES`), so a pharmacist
who types ``O`` for ``0`` or ``l`` for ``1`` still finds the summary.

    kept   typed by mistake
    0      O Q D
    1      I L
    2      Z
    5      S
    6      G
    8      B
    U      V

Letters are shown and stored in upper case; typing is case-insensitive, and spaces
and dashes are ignored (the code is shown as ``ABC-123``).

Files are ``<spool>/<CODE>.toml``, written atomically with mode 0600. A code is never
reused while its file exists (the final name is claimed with a hard link, which fails
if the name is taken). Files older than the retention time are deleted by :func:`purge`.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path
from typing import Callable

from ldnwizard.core.errors import InputError, LdnError
from ldnwizard.core.store import fsync_dir, private_temp

DIGITS = "0123456789"
LETTERS = "ACEFHJKMNPRTUWXY"
ALPHABET = DIGITS + LETTERS
"""The characters of a code: all digits and the letters with no look-alike in the set."""

LOOKALIKES: dict[str, str] = {
    "O": "0",
    "Q": "0",
    "D": "0",
    "I": "1",
    "L": "1",
    "Z": "2",
    "S": "5",
    "G": "6",
    "B": "8",
    "V": "U",
}
"""Characters that are not in :data:`ALPHABET`, each mapped to the one it is mistaken for."""

CODE_LENGTH = 6
SUFFIX = ".toml"
_TMP_PREFIX = ".spool-"
_CODE_FILE = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}\.toml$")
_MAX_TRIES = 100

Choice = Callable[[str], str]
"""Picks one character from a string (``secrets.choice``; tests inject their own)."""


class SpoolError(LdnError):
    """The spool folder cannot be used (missing rights, not a folder)."""


class CodeNotFound(LdnError):
    """No summary is stored under this code (wrong code, or already purged)."""


class CodeExpired(LdnError):
    """The summary under this code is older than the retention time."""


def new_code(choice: Choice = secrets.choice) -> str:
    """A fresh random code (not yet checked against the spool)."""
    return "".join(choice(ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code: str) -> str:
    """The code as shown to people: two groups of three, ``7KX-40P``."""
    return f"{code[:3]}-{code[3:]}"


def normalize_code(text: str) -> str:
    """A typed code -> the stored code: upper case, look-alikes fixed, spaces and dashes dropped.

    Raises :class:`InputError` if what is left cannot be a code.
    """
    cleaned = re.sub(r"[\s\-_.]", "", text).upper()
    code = "".join(LOOKALIKES.get(ch, ch) for ch in cleaned)
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        shown = " ".join(repr(ch) for ch in bad)
        raise InputError(
            f"{text!r} is not a pickup code: {shown} never appears in one "
            f"(a code is {CODE_LENGTH} letters and digits, such as {display_code('7KX40P')})"
        )
    if len(code) != CODE_LENGTH:
        raise InputError(
            f"{text!r} is not a pickup code: it has {len(code)} letters and digits, a code has {CODE_LENGTH}"
        )
    return code


def ensure_spool(folder: Path) -> Path:
    """Create the spool folder (mode 0700) if it is missing; check it is a writable folder."""
    folder = Path(folder)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError:
        raise SpoolError(f"{folder}: the spool must be a folder, this is a file") from None
    except OSError as exc:
        raise SpoolError(f"{folder}: cannot create the spool folder: {exc.strerror or exc}") from None
    if not folder.is_dir():
        raise SpoolError(f"{folder}: the spool must be a folder, this is a file")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise SpoolError(f"{folder}: no permission to write in the spool folder")
    return folder


def path_of(folder: Path, code: str) -> Path:
    """Where the summary of ``code`` is stored."""
    return Path(folder) / f"{code}{SUFFIX}"


def save(folder: Path, text: str, choice: Choice = secrets.choice) -> str:
    """Store ``text`` under a new code and return the code.

    The file is complete before it gets its name (temp file, fsync, hard link), has
    mode 0600, and never replaces another customer's file: a taken code is skipped.
    """
    folder = ensure_spool(folder)
    try:
        tmp = private_temp(folder, text, prefix=_TMP_PREFIX)
    except OSError as exc:
        raise SpoolError(f"{folder}: cannot write in the spool folder: {exc.strerror or exc}") from None
    try:
        for _ in range(_MAX_TRIES):
            code = new_code(choice)
            try:
                os.link(tmp, path_of(folder, code))
            except FileExistsError:
                continue
            fsync_dir(folder)
            return code
        raise SpoolError(f"{folder}: no free code found after {_MAX_TRIES} tries; is the spool full?")
    except OSError as exc:
        raise SpoolError(f"{folder}: cannot save in the spool folder: {exc.strerror or exc}") from None
    finally:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass


def find(folder: Path, code: str, retain_hours: float, now: float | None = None) -> Path:
    """The spool file of ``code`` (already normalised).

    Raises :class:`CodeNotFound`, or :class:`CodeExpired` (and deletes the file) when
    it is older than ``retain_hours``.
    """
    path = path_of(folder, code)
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except FileNotFoundError:
        raise CodeNotFound(code) from None
    except OSError as exc:
        raise SpoolError(f"{path}: cannot read the spool file: {exc.strerror or exc}") from None
    if age > retain_hours * 3600:
        _unlink(path)
        raise CodeExpired(code)
    return path


def purge(folder: Path, retain_hours: float, now: float | None = None) -> int:
    """Delete spool files (and left-over temp files) older than ``retain_hours``; return how many."""
    folder = Path(folder)
    limit = (time.time() if now is None else now) - retain_hours * 3600
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return 0
    except OSError as exc:
        raise SpoolError(f"{folder}: cannot read the spool folder: {exc.strerror or exc}") from None
    for entry in entries:
        if not (_CODE_FILE.match(entry.name) or entry.name.startswith(_TMP_PREFIX)):
            continue  # not ours: leave it alone
        try:
            if not entry.is_file(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_mtime >= limit:
                continue
        except FileNotFoundError:
            continue
        if _unlink(Path(entry.path)):
            removed += 1
    return removed


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise SpoolError(f"{path}: cannot delete the old spool file: {exc.strerror or exc}") from None
    return True

