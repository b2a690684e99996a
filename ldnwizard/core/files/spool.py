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

Files are ``<spool>/<CODE>.toml``, written atomically. A code is never reused while
its file exists (the final name is claimed with a hard link, which fails if the name
is taken). Files older than the retention time are deleted by :func:`purge`, and so
are temp files (``.spool-*.tmp``) left by a kiosk that died while writing.

Who may read it: the folder is private (0700, files 0600), or shared with one group
of staff (2770 with the set-group-id bit, files 0640 in that group): the kiosk's user
writes, the pharmacists in the group read with ``ldnwizard pickup``. A spool that is a
symbolic link, that other users may open (say 0777), or (for the kiosk, which writes)
that belongs to another user is refused with a message saying how to fix it; spool
files that are symbolic links are never followed.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from pathlib import Path
from typing import Callable

from ldnwizard.core.errors import InputError, LdnError
from ldnwizard.core.files.store import fsync_dir, private_temp

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
STALE_TEMP_SECONDS = 60.0
"""A temp file lives for milliseconds; one older than this was left by a kiosk that died."""

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


def _group_id(group: str) -> int:
    import grp

    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise SpoolError(f"spool group {group!r} does not exist; create it (groupadd {group}) or fix spool_group") from None


def check_spool(folder: Path, *, writer: bool = False) -> os.stat_result:
    """Check the spool folder before use; raise :class:`SpoolError` saying what is wrong and how to fix it.

    Refused: a symbolic link, not a folder, a folder other users may open (any "other"
    permission bit, say 0777 or 0755); for ``writer`` (the kiosk) also a folder that
    belongs to another user or that this user cannot write in.
    """
    folder = Path(folder)
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        raise SpoolError(f"{folder}: the spool folder does not exist") from None
    except OSError as exc:
        raise SpoolError(f"{folder}: cannot use the spool folder: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise SpoolError(f"{folder}: the spool is a symbolic link; give the real folder (ldnwizard does not follow links here)")
    if not stat.S_ISDIR(info.st_mode):
        raise SpoolError(f"{folder}: the spool must be a folder, this is a file")
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o007:
        fix = "2770" if mode & 0o070 else "700"
        raise SpoolError(
            f"{folder}: other users can open the spool folder (mode {mode:04o}); "
            f"make it private: chmod {fix} {folder}"
        )
    if writer:
        if info.st_uid != os.geteuid():
            raise SpoolError(
                f"{folder}: the spool folder belongs to another user (uid {info.st_uid}); "
                f"the kiosk's user must own it: chown {os.geteuid()} {folder}"
            )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise SpoolError(f"{folder}: no permission to write in the spool folder")
    return info


def ensure_spool(folder: Path, group: str | None = None) -> Path:
    """Create the spool folder if it is missing, and check it (see :func:`check_spool`) for the kiosk.

    Without ``group`` a new folder is private (0700). With ``group`` the folder is
    given to that group with mode 2770 (set-group-id: files made in it belong to the
    group too), created or not, so staff in the group can read the summaries.
    """
    folder = Path(folder)
    try:
        folder.mkdir(mode=0o700, parents=True)
    except FileExistsError:
        pass
    except OSError as exc:
        raise SpoolError(f"{folder}: cannot create the spool folder: {exc.strerror or exc}") from None
    info = check_spool(folder, writer=True)
    if group is not None:
        gid = _group_id(group)
        try:
            if info.st_gid != gid:
                os.chown(folder, -1, gid, follow_symlinks=False)
            if stat.S_IMODE(info.st_mode) != 0o2770:
                os.chmod(folder, 0o2770, follow_symlinks=False)
        except OSError as exc:
            raise SpoolError(
                f"{folder}: cannot share the spool folder with group {group!r} "
                f"(is the kiosk's user a member?): {exc.strerror or exc}"
            ) from None
    return folder


def _share_with_group(tmp: Path, folder_info: os.stat_result) -> None:
    """A new spool file in a folder shared with a group: that group, mode 0640."""
    if not stat.S_IMODE(folder_info.st_mode) & 0o070:
        return
    try:
        if os.stat(tmp).st_gid != folder_info.st_gid:
            os.chown(tmp, -1, folder_info.st_gid)
    except PermissionError:
        pass  # not a member of the folder's group: the file stays in ours
    os.chmod(tmp, 0o640)


def path_of(folder: Path, code: str) -> Path:
    """Where the summary of ``code`` is stored."""
    return Path(folder) / f"{code}{SUFFIX}"


def save(folder: Path, text: str, choice: Choice = secrets.choice) -> str:
    """Store ``text`` under a new code and return the code.

    The file is complete before it gets its name (temp file, fsync, hard link), has
    mode 0600 (0640 in a folder shared with a group), and never replaces another
    customer's file: a taken code is skipped. The folder is checked first
    (:func:`ensure_spool`): a spool made unsafe meanwhile is not written to.
    """
    folder = ensure_spool(folder)
    info = os.lstat(folder)
    try:
        tmp = private_temp(folder, text, prefix=_TMP_PREFIX)
    except OSError as exc:
        raise SpoolError(f"{folder}: cannot write in the spool folder: {exc.strerror or exc}") from None
    try:
        _share_with_group(tmp, info)
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
    it is older than ``retain_hours``, or :class:`SpoolError` when the name is a
    symbolic link or not a regular file (never followed out of the spool).
    """
    path = path_of(folder, code)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise CodeNotFound(code) from None
    except OSError as exc:
        raise SpoolError(f"{path}: cannot read the spool file: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise SpoolError(f"{path}: this spool file is a symbolic link; ldnwizard does not follow links out of the spool")
    if not stat.S_ISREG(info.st_mode):
        raise SpoolError(f"{path}: this spool entry is not a regular file")
    age = (time.time() if now is None else now) - info.st_mtime
    if age > retain_hours * 3600:
        _unlink(path)
        raise CodeExpired(code)
    return path


def purge(folder: Path, retain_hours: float, now: float | None = None) -> int:
    """Delete spool files older than ``retain_hours`` and left-over temp files; return how many.

    A temp file is left-over once it is :data:`STALE_TEMP_SECONDS` old (another kiosk
    on the same spool may be writing a fresh one right now).
    """
    folder = Path(folder)
    now = time.time() if now is None else now
    limit = now - retain_hours * 3600
    temp_limit = now - min(retain_hours * 3600, STALE_TEMP_SECONDS)
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return 0
    except OSError as exc:
        raise SpoolError(f"{folder}: cannot read the spool folder: {exc.strerror or exc}") from None
    for entry in entries:
        temp = entry.name.startswith(_TMP_PREFIX) and entry.name.endswith(".tmp")
        if not (_CODE_FILE.match(entry.name) or temp):
            continue  # not ours: leave it alone
        try:
            if not entry.is_file(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_mtime >= (
                temp_limit if temp else limit
            ):
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

