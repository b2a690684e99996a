"""Staff can always find out how to stop the kiosk: with a PIN (F12 three times), or without one (SIGTERM to a printed pid)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from ldnwizard.cli import build_parser
from ldnwizard.kiosk import run as run_module
from ldnwizard.kiosk.app import KioskApp
from ldnwizard.kiosk.config import KioskConfig
from ldnwizard.kiosk.screens import OperatorScreen, WelcomeScreen


def make_app(bank, tmp_path: Path, pin: str | None) -> KioskApp:
    config = KioskConfig(spool=tmp_path / "spool", idle_seconds=600, retain_hours=24, countdown_seconds=20)
    return KioskApp(bank, config, pin=pin, handle_signals=False, stop_pid=4242)


async def test_without_a_pin_the_operator_key_says_no_pin_is_set_and_how_to_stop(bank, tmp_path) -> None:
    app = make_app(bank, tmp_path, pin=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f12", "f12", "f12")
        await pilot.pause()
        assert isinstance(app.screen, OperatorScreen)
        told = str(app.screen.query_one("#operator-help", Static).content)
        assert "No PIN is set" in told and "kill -TERM 4242" in told and "--operator-pin-file" in told
        assert not app.screen.query(Input)  # nothing to type a PIN into
        await pilot.press("enter")  # Close
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.is_running


async def test_with_a_pin_the_operator_box_says_what_to_do(bank, tmp_path) -> None:
    app = make_app(bank, tmp_path, pin="2468")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f12", "f12", "f12")
        await pilot.pause()
        assert isinstance(app.screen, OperatorScreen)
        assert "PIN" in str(app.screen.query_one("#operator-help", Static).content)
        await pilot.press(*"2468", "enter")
        await pilot.pause()
    assert app.return_code == 0


def test_without_a_pin_the_kiosk_says_how_to_stop_it_before_taking_the_screen(tmp_path, monkeypatch, capfd) -> None:
    monkeypatch.delenv(run_module.STOP_PID_ENV, raising=False)
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    started = {}

    def run_app(bank, config, pin):
        started["pin"] = pin
        started["told"] = capfd.readouterr().err
        return 0

    monkeypatch.setattr(run_module, "run_app", run_app)
    monkeypatch.setattr(run_module, "supervised", lambda args: False)
    args = build_parser().parse_args(["kiosk", "--spool", str(tmp_path / "spool")])
    assert run_module.run_kiosk(args) == 0
    assert started["pin"] is None
    assert f"kill -TERM {os.getpid()}" in started["told"] and "--operator-pin-file" in started["told"]


def test_kiosk_help_says_how_staff_stop_it(capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["kiosk", "--help"])
    out = capsys.readouterr().out
    assert "F12 three times" in out and "kill -TERM PID" in out
