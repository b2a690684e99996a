"""Reading TOML files with clear, placed errors, and finding the line of a key.

``tomllib`` does not keep line numbers, so :class:`TomlLines` finds them again
in the text: good enough to point an author at the right line.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from ldnwizard.core.errors import InputError

#: The largest file any command reads: summaries, answers, drafts, settings and content files.
MAX_FILE_BYTES = 1 << 20  # 1 MiB: a summary is a few kilobytes, the largest content file about 25
#: The deepest nesting of arrays and tables accepted (a summary needs 3).
MAX_DEPTH = 32
_AT_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")
_BOM = "\ufeff"


def file_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "this is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "this is a pipe (FIFO), not a regular file"
    if stat.S_ISSOCK(mode):
        return "this is a socket, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "this is a device, not a regular file"
    return "this is not a regular file"


def read_limited(path: Path, error: type[InputError] = InputError, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is ``error``.

    The one way ldnwizard reads a file. A pipe, device, socket or folder (also behind
    a symlink) is refused before it is read, so nothing hangs on a FIFO and nothing
    reads ``/dev/zero`` for ever: the file is opened without blocking, checked with
    ``fstat`` on the open descriptor (no swap between check and read), and never read
    past ``limit`` even if it grows meanwhile.
    """
    path = Path(path)
    try:
        kind = file_kind(os.stat(path).st_mode)  # refuse devices before even opening them
        if kind is not None:
            raise error(kind, path)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error("file not found", path) from None
    except PermissionError:
        raise error("no permission to read this file", path) from None
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror or exc}", path) from None
    try:
        info = os.fstat(fd)
        kind = file_kind(info.st_mode)
        if kind is not None:
            raise error(kind, path)
        if info.st_size > limit:
            raise error(f"the file is too big ({info.st_size} bytes; at most {limit})", path)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 16, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror or exc}", path) from None
    finally:
        os.close(fd)
    if size > limit:
        raise error(f"the file is too big (more than {limit} bytes)", path)
    return b"".join(chunks)


def read_text(path: Path, error: type[InputError] = InputError, limit: int = MAX_FILE_BYTES) -> str:
    """A regular UTF-8 text file (see :func:`read_limited`), a leading byte order mark dropped."""
    raw = read_limited(path, error, limit)
    if b"\x00" in raw:
        raise error("this is a binary file, not text", path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error("the file is not UTF-8 text", path, line) from None
    return text[1:] if text.startswith(_BOM) else text


_STRING = "|".join(
    (
        r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # multi-line basic string
        r"'''(?:[^']|'(?!''))*'''",  # multi-line literal string
        r'"(?:[^"\\\n]|\\.)*"',  # basic string
        r"'[^'\n]*'",  # literal string
    )
)
_KEY_PART = r'(?:[A-Za-z0-9_-]++|"(?:[^"\\\n]|\\.)*"|' + r"'[^'\n]*')"
#: A nesting scan counts brackets, line ends and dotted keys of more than MAX_DEPTH parts,
#: and skips strings and comments whole (a bracket inside them is no nesting).
_TOKEN = re.compile(
    rf"(?P<dotted>(?<![A-Za-z0-9_-]){_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART}){{{MAX_DEPTH},}})"
    rf"|(?P<skip>{_STRING}|#[^\n]*)"
    r"|(?P<open>[\[{])|(?P<close>[\]}])|(?P<nl>\n)"
)


def _too_deep(text: str) -> tuple[int, str] | None:
    """Where (line, what) arrays or tables nest deeper than MAX_DEPTH, or None.

    Run before ``tomllib``, which parses nested values recursively (50 000 levels hit
    Python's recursion limit) and takes quadratic time on a key with thousands of dots.
    """
    depth, line = 0, 1
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "nl":
            line += 1
        elif kind == "open":
            depth += 1
            if depth > MAX_DEPTH:
                return line, f"arrays or tables nest too deeply (more than {MAX_DEPTH} levels)"
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "dotted":
            return line, f"a dotted key has too many parts (more than {MAX_DEPTH})"
        else:
            line += m.group().count("\n")
    return None


def _data_depth(data: Any) -> int:
    """How deep tables and arrays nest in parsed data (without recursion: dotted keys nest too)."""
    deepest = 0
    todo: list[tuple[Any, int]] = [(data, 1)]
    while todo:
        value, depth = todo.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(value, dict):
            todo.extend((v, depth + 1) for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            todo.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))
    return deepest


def read_toml(path: Path, error: type[InputError] = InputError) -> tuple[dict[str, Any], str]:
    """Read and parse a TOML file; return the data and its text.

    Every failure (missing, not a regular file, too big, binary, not UTF-8, nested
    too deeply, bad TOML) becomes ``error`` with the path and, where known, the line.
    A UTF-8 byte order mark at the start is accepted.
    """
    import tomllib  # here, not at the top: the wizard's first screen reads no TOML

    text = read_text(path, error)
    too_deep = _too_deep(text)
    if too_deep is not None:
        raise error(too_deep[1], path, too_deep[0])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _AT_LINE.search(msg)
        line = int(m.group(1)) if m else None
        msg = _AT_LINE.sub("", msg).strip()
        raise error(f"not valid TOML: {msg}", path, line) from None
    except RecursionError:
        raise error(f"arrays or tables nest too deeply (more than {MAX_DEPTH} levels)", path) from None
    if _data_depth(data) > MAX_DEPTH:
        raise error(f"keys, arrays or tables nest too deeply (more than {MAX_DEPTH} levels)", path)
    return data, text


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def _norm_header(name: str) -> str:
    return ".".join(part.strip().strip('"').strip("'") for part in name.split("."))


class TomlLines:
    """Find lines in a TOML text: the n-th ``[[array]]`` header, a key in a table."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: list[tuple[int, str, bool]] = []  # (line index, name, is array)
        for i, line in enumerate(self.lines):
            m = _HEADER.match(line)
            if m and not line.lstrip().startswith("#"):
                self.headers.append((i, _norm_header(m.group(1)), line.lstrip().startswith("[[")))

    def _block(self, start: int) -> range:
        following = [i for i, _, _ in self.headers if i > start]
        end = following[0] if following else len(self.lines)
        return range(start, end)

    def array_item(self, name: str, index: int) -> int | None:
        """0-based index of the ``index``-th ``[[name]]`` header line."""
        found = [i for i, n, arr in self.headers if arr and n == name]
        return found[index] if 0 <= index < len(found) else None

    def table(self, name: str) -> int | None:
        """0-based index of the ``[name]`` header line."""
        for i, n, arr in self.headers:
            if not arr and n == name:
                return i
        return None

    def key_in(self, start: int | None, key: str, value: str | None = None) -> int | None:
        """0-based line of ``key =`` (or of ``value`` as a quoted string) in the block at ``start``.

        With ``start`` None, the top of the file before any header is searched.
        """
        block = self._block(start) if start is not None else range(
            0, self.headers[0][0] if self.headers else len(self.lines)
        )
        key_re = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        if value is not None:
            quoted = f'"{value}"'
            for i in block:
                if quoted in self.lines[i]:
                    return i
        for i in block:
            if key_re.match(self.lines[i]):
                return i
        return start

    def line_of(self, loc: tuple[Any, ...], value: Any = None) -> int | None:
        """Best 1-based line for a pydantic error location such as ('questions', 3, 'kind')."""
        if not loc:
            return None
        head = loc[0]
        start: int | None
        rest: tuple[Any, ...]
        if len(loc) >= 2 and isinstance(loc[1], int):
            start = self.array_item(str(head), loc[1])
            rest = loc[2:]
        elif len(loc) >= 2 and self.table(f"{head}.{loc[1]}") is not None:
            start = self.table(f"{head}.{loc[1]}")
            rest = loc[2:]
        elif self.table(str(head)) is not None:
            start = self.table(str(head))
            rest = loc[1:]
        else:
            start, rest = None, loc
        keys = [k for k in rest if isinstance(k, str)]
        found = start
        if keys:
            found = self.key_in(start, keys[0], value if isinstance(value, str) else None)
        return None if found is None else found + 1
