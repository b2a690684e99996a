"""Line-by-line input and output for the plain mode: no escape codes, ever.

Output is plain text written to a stream; input is read one line at a time with
``readline`` (never the ``readline`` module, which may send terminal codes). When
input does not come from a terminal, each answer read is written back after its
prompt, so a scripted session reads like a transcript.
"""

from __future__ import annotations

import sys
from typing import TextIO

from ldnwizard.core.text import printable


class EndOfInput(Exception):
    """Input ended (end of file or a closed pipe) before the session was done."""


class Console:
    """Where the plain mode says things and reads answers."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None, echo: bool | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        if echo is None:
            try:
                echo = not self.stdin.isatty()
            except (AttributeError, ValueError):
                echo = True
        self.echo = echo

    def say(self, text: str = "") -> None:
        """Write text from the question set, an answer or the interface, made safe to print."""
        self.stdout.write(printable(text) + "\n")
        self.stdout.flush()

    def lines(self, *texts: str) -> None:
        """Write several lines."""
        for text in texts:
            self.say(text)

    def ask(self, prompt: str = "> ") -> str:
        """Show the prompt and read one line (without its line end); raise :class:`EndOfInput` at the end."""
        self.stdout.write(printable(prompt))
        self.stdout.flush()
        try:
            line = self.stdin.readline()
        except (OSError, ValueError, UnicodeDecodeError):
            raise EndOfInput from None
        if line == "":
            self.stdout.write("\n")
            self.stdout.flush()
            raise EndOfInput
        line = line.rstrip("\r\n")
        if self.echo:
            self.stdout.write(printable(line) + "\n")
            self.stdout.flush()
        return line
