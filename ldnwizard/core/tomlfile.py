"""Reading TOML files with clear, placed errors, and finding the line of a key.

``tomllib`` does not keep line numbers, so :class:`TomlLines` finds them again
in the text: good enough to point an author at the right line.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ldnwizard.core.errors import InputError

MAX_FILE_BYTES = 2_000_000
_AT_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(path: Path, error: type[InputError] = InputError) -> tuple[dict[str, Any], str]:
    """Read and parse a TOML file; return the data and its text.

    Every failure (missing, a folder, too big, binary, not UTF-8, bad TOML)
    becomes ``error`` with the path and, for syntax errors, the line.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error("file not found", path) from None
    except IsADirectoryError:
        raise error("this is a folder, not a TOML file", path) from None
    except PermissionError:
        raise error("no permission to read this file", path) from None
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror or exc}", path) from None
    if len(raw) > MAX_FILE_BYTES:
        raise error(f"the file is too big for a summary or answers file ({len(raw)} bytes)", path)
    if b"\x00" in raw:
        raise error("this is a binary file, not TOML text", path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error("the file is not UTF-8 text", path, line) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _AT_LINE.search(msg)
        line = int(m.group(1)) if m else None
        msg = _AT_LINE.sub("", msg).strip()
        raise error(f"not valid TOML: {msg}", path, line) from None
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
