"""The kiosk's terminal drivers: Textual's own, without the in-band resize trap.

Textual 8.2.8 believes any ``ESC [ 48 ; rows ; cols ; px-rows ; px-cols t`` it reads
(an "in-band resize" report, terminal mode 2048), even one a customer pastes or
types, even inside a bracketed paste and even though the kiosk never turned mode
2048 on. The report switches its parser to pixel mouse coordinates, and with a pixel
size of 0 the next click divides by zero in the input thread (``ZeroDivisionError``
in ``XTermParser.parse_mouse_code``; Textual issue 6706, open upstream): the kiosk
died and left the customer at a shell. The report also resizes the app to whatever
size it names (``ESC[48;20000;20000;0;0t`` grows the screen buffers to gigabytes).

The fix here, at the parser and driver level, for the kiosk only:

- :class:`KioskParser` never uses pixel mouse coordinates (the kiosk never asks the
  terminal for them), so no report can switch them on;
- the drivers never query or enable mode 2048 or pixel mouse reports (1016), and drop
  every ``Resize`` or ``InBandWindowResize`` the parser makes from input: the real
  size comes from SIGWINCH (terminal) or the server's resize packets (web);
- bytes that are not UTF-8 become U+FFFD instead of a ``UnicodeDecodeError`` that
  would end the input thread the same way;
- if the parser still fails on some other input, the input thread logs it for staff
  and goes on with a fresh parser instead of ending the app.

:func:`kiosk_driver` picks the safe driver for the one Textual would use. Textual is
pinned (``textual==8.2.8`` in pyproject.toml): the two ``run_input_thread`` methods
below follow that version's, with the parser swapped and the recovery added. Drop
this module once Textual issue 6706 is fixed and the pin moves past it.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from typing import Callable, Iterable

from textual import events, log
from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message
from textual.messages import InBandWindowResize

TEXTUAL_ISSUE = "https://github.com/Textualize/textual/issues/6706"


class KioskParser(XTermParser):
    """Textual's xterm parser with pixel mouse coordinates switched off for good.

    ``XTermParser`` sets ``mouse_pixels = True`` when it reads an in-band resize
    report and then divides click positions by the reported pixel size. Here the
    attribute always reads False and ignores assignments, so clicks are always in
    cells and never divided.
    """

    @property  # type: ignore[override]
    def mouse_pixels(self) -> bool:
        return False

    @mouse_pixels.setter
    def mouse_pixels(self, value: bool) -> None:
        pass


def _from_input(message: Message) -> bool:
    """Whether the driver must drop ``message`` made by the parser from input bytes."""
    return isinstance(message, (events.Resize, InBandWindowResize))


class _Feeder:
    """Feeds decoded input to a :class:`KioskParser`; a parser failure costs the input, not the app."""

    def __init__(self, debug: bool, process: Callable[[Message], None], report: Callable[[str], None]) -> None:
        self.debug = debug
        self.process = process
        self.report = report
        self.parser = KioskParser(debug)
        self.failures = 0

    def _run(self, events_: Callable[[], Iterable[Message]]) -> None:
        try:
            for event in events_():
                self.process(event)
        except Exception as exc:  # noqa: BLE001 - the input thread must live on
            self.failures += 1
            self.report(f"input the terminal parser could not handle was dropped ({type(exc).__name__}: {exc})")
            self.parser = KioskParser(self.debug)

    def feed(self, text: str) -> None:
        self._run(lambda: self.parser.feed(text))

    def tick(self) -> None:
        self._run(self.parser.tick)


def _report(message: str) -> None:
    from ldnwizard.kiosk.supervisor import staff_log

    staff_log(message)


class KioskLinuxDriver(LinuxDriver):
    """The terminal driver of ``ldnwizard kiosk``: no in-band resize, no pixel mouse, input that cannot kill it."""

    def _query_in_band_window_resize(self) -> None:
        """Never ask for in-band resize reports (so a real terminal never sends them)."""

    def _enable_mouse_pixels(self) -> None:
        """Never switch the terminal to pixel mouse reports."""

    def process_message(self, message: Message) -> None:
        if _from_input(message):
            return
        super().process_message(message)

    def run_input_thread(self) -> None:
        """Textual 8.2.8's ``LinuxDriver.run_input_thread`` with :class:`_Feeder` in place of the bare parser."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        EVENT_READ = selectors.EVENT_READ
        feeder = _Feeder(self._debug, self.process_message, _report)
        decode = getincrementaldecoder("utf-8")(errors="replace").decode
        read = os.read

        def process_selector_events(selector_events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for last, (_selector_key, mask) in loop_last(selector_events):
                if mask & EVENT_READ:
                    unicode_data = decode(read(fileno, 1024 * 4), final=final and last)
                    if not unicode_data:
                        break
                    feeder.feed(unicode_data)
            feeder.tick()

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in feeder.parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass


def _web_driver_class() -> type[Driver]:
    from textual.drivers._byte_stream import ByteStream
    from textual.drivers.web_driver import WebDriver, _ExitInput

    class KioskWebDriver(WebDriver):
        """The driver of a kiosk in a browser (``ldnwizard serve``), with the same input guard."""

        def process_message(self, message: Message) -> None:
            if _from_input(message):
                return
            super().process_message(message)

        def run_input_thread(self) -> None:
            """Textual 8.2.8's ``WebDriver.run_input_thread`` with :class:`_Feeder` in place of the bare parser."""
            input_reader = self._input_reader
            feeder = _Feeder(self._debug, self.process_message, _report)
            decode = getincrementaldecoder("utf-8")(errors="replace").decode
            byte_stream = ByteStream()
            try:
                for data in input_reader:
                    if data:
                        for packet_type, payload in byte_stream.feed(data):
                            if packet_type == "D":
                                feeder.feed(decode(payload))
                            else:
                                self._on_meta(packet_type, payload)
                    feeder.tick()
            except _ExitInput:
                pass
            except Exception:
                from traceback import format_exc

                log(format_exc())
            finally:
                input_reader.close()

    return KioskWebDriver


def kiosk_driver(driver_class: type[Driver]) -> type[Driver]:
    """The kiosk's guarded driver in place of Textual's terminal or web driver; any other is kept."""
    if driver_class is LinuxDriver:
        return KioskLinuxDriver
    if driver_class.__module__ == "textual.drivers.web_driver" and driver_class.__name__ == "WebDriver":
        return _web_driver_class()
    return driver_class

