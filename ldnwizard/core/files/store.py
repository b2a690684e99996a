"""Writing files safely: atomic (temp file, fsync, rename), mode 0600, never overwriting by accident."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from ldnwizard.core.errors import InputError, safe_message
from ldnwizard.core.text import printable
from ldnwizard.core.files.tomlfile import file_kind

#: A temp file of ours this old is a leftover from a crash (a write takes milliseconds).
STALE_TEMP_SECONDS = 600


class OutputExists(InputError):
    """The output file is already there and replacing it was not asked for."""

    def __init__(self, path: Path) -> None:
        super().__init__("the file already exists", path)


def refuse_existing(path: Path | None, force: bool) -> None:
    """Raise early, before any work: :class:`OutputExists` if ``path`` exists and ``force`` is off,
    :class:`InputError` if it is anything but a regular file (``force`` never replaces those)."""
    if path is None:
        return
    refuse_special(Path(path))
    if path.exists() and not force:
        raise OutputExists(path)


def refuse_special(path: Path) -> None:
    """Raise :class:`InputError` if ``path`` is (or links to) a folder, pipe, device or socket.

    Only a regular file, or nothing, may be at an output path: ``--force`` replaces a
    regular file, never a device node or FIFO another program reads from.
    """
    try:
        mode = os.stat(path).st_mode  # through a symlink: what it points to
    except OSError:
        return  # nothing there (or a link to nothing): the name is free to take
    kind = file_kind(mode)
    if kind is not None:
        if stat.S_ISDIR(mode):
            raise InputError("this is a folder; give a file name such as summary.toml", path)
        raise InputError(f"{kind}; only a regular file can be written or replaced", path)


def clean_stale_temps(folder: Path, prefix: str) -> None:
    """Remove our own temp files ``{prefix}*.tmp`` in ``folder`` left by a crash (older than STALE_TEMP_SECONDS).

    Only regular files of this user with mode 0600, as :func:`private_temp` makes them;
    best effort, never an error.
    """
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    now = time.time()
    for name in names:
        full = Path(folder) / name
        try:
            info = os.lstat(full)
            if (
                stat.S_ISREG(info.st_mode)
                and stat.S_IMODE(info.st_mode) == 0o600
                and info.st_uid == os.getuid()
                and now - info.st_mtime > STALE_TEMP_SECONDS
            ):
                full.unlink()
        except OSError:
            continue


def write_private(path: Path, text: str, *, force: bool = False) -> Path:
    """Write ``text`` to ``path`` atomically with mode 0600.

    Without ``force`` an existing file is never replaced (checked at the moment of the
    rename, so a file that appears meanwhile is safe too). On any failure nothing is
    left behind: no partial file, no temp file.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    refuse_special(path)
    if not folder.is_dir():
        raise InputError("the folder does not exist", folder)
    if path.exists() and not force:
        raise OutputExists(path)
    clean_stale_temps(folder, f".{path.name}.")
    try:
        tmp = private_temp(folder, text, prefix=f".{path.name}.")
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror or exc}", folder) from None
    try:
        if force:
            refuse_special(path)  # again, just before: a pipe put there meanwhile is not replaced
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the name was taken meanwhile
            except FileExistsError:
                raise OutputExists(path) from None
            except OSError:  # a file system without hard links
                if path.exists():
                    raise OutputExists(path) from None
                os.replace(tmp, path)
        fsync_dir(folder)
    except OSError as exc:
        raise InputError(f"cannot write the file: {exc.strerror or exc}", path) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def private_temp(folder: Path, text: str, prefix: str) -> Path:
    """A complete temp file in ``folder``: mode 0600 from the start, written and fsynced.

    The caller gives it its final name (rename or hard link) and removes it on failure;
    if writing fails here, nothing is left behind.
    """
    import tempfile  # only when writing: keeps the command's start light

    fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def fsync_dir(folder: Path) -> None:
    """Make a rename or link in ``folder`` durable (best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_out(text: str, output: Path | None, *, force: bool = False, what: str = "Output") -> None:
    """Print ``text``, or write it to ``output`` (atomic, 0600, replaced only with ``force``) and say so on stderr.

    The one stdout-or-file writer of the commands that print a page (summarize, export,
    questions, pickup): plain values in, so any front end can use it. On a terminal, control
    characters that TOML and JSON leave as they are (C1, bidi overrides) are shown visibly;
    a pipe or file gets the document exactly.
    """
    import sys

    if output is None:
        try:
            on_terminal = sys.stdout.isatty()
        except (AttributeError, ValueError):
            on_terminal = False
        sys.stdout.write(printable(text) if on_terminal else text)
    else:
        write_private(output, text, force=force)
        print(safe_message(f"{what} saved to {output}"), file=sys.stderr)
