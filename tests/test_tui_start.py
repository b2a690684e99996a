"""Quick start: the first screen before the question set is loaded, and everything that waits for it.

With a warm cache (the checked question set is pickled), the wizard shows its welcome
(or the resume prompt) without importing pydantic, loads the Bank in a thread right
after, and Start/Continue wait for it. A cold cache keeps the full check before any UI.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path

import pytest

from ldnwizard.cli import main as cli_main
from ldnwizard.core.content.bank import FILES
from ldnwizard.core.content.load import load_bank_fast
from ldnwizard.core.answering.drafts import DraftStore
from ldnwizard.core.errors import ContentError, ContentErrors
from ldnwizard.core.content.welcome import CONTENT_FILES, default_questions_dir, read_welcome, warm_welcome
from ldnwizard.tui.app import WizardApp
from ldnwizard.tui.screens.dialogs import AskScreen
from ldnwizard.tui.screens.question import QuestionScreen
from ldnwizard.tui.screens.welcome import WelcomeScreen
from tui_support import STANDARD, first_paint, flow_with, shipped_bank

SIZE = (80, 24)
ROOT = Path(__file__).resolve().parent.parent

def warm(tmp_path: Path, folder: Path | None = None) -> None:
    """Fill the question-set cache the subprocess will find (XDG_CACHE_HOME=tmp_path/cache)."""
    load_bank_fast(folder or default_questions_dir(), cache_dir=tmp_path / "cache" / "ldnwizard")


def test_the_welcome_appears_without_pydantic_when_the_cache_is_warm(tmp_path: Path) -> None:
    warm(tmp_path)
    seen = first_paint(tmp_path, "--no-draft")
    assert seen["first_screen"] == "WelcomeScreen"
    assert seen["pydantic_at_first_screen"] == [] and not seen["bank_at_first_screen"]
    assert seen["after_enter"] == "QuestionScreen" and seen["at"] == "age_group" and seen["rc"] == 0
    assert seen["pydantic_at_first_question"] == []  # the cached set loads as plain records
    assert seen["tomllib_at_first_screen"] is False  # texts and interface strings come from the cache head


def test_the_resume_prompt_appears_without_pydantic_and_continue_resumes(tmp_path: Path) -> None:
    warm(tmp_path)
    DraftStore(tmp_path / "data").save(flow_with(STANDARD, at="thyroid"))
    seen = first_paint(tmp_path)
    assert seen["first_screen"] == "AskScreen" and seen["pydantic_at_first_screen"] == []
    assert seen["after_enter"] == "QuestionScreen" and seen["at"] == "thyroid" and seen["answers"] == len(STANDARD)


def test_a_cold_cache_loads_in_full_first(tmp_path: Path) -> None:
    seen = first_paint(tmp_path, "--no-draft")
    assert seen["first_screen"] == "WelcomeScreen" and seen["bank_at_first_screen"]
    assert seen["pydantic_at_first_screen"] != []
    assert seen["after_enter"] == "QuestionScreen"


def broken_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    shutil.copytree(default_questions_dir(), folder)
    rules = folder / "rules.toml"
    rules.write_text(rules.read_text().replace('level = "', 'levle = "', 1))
    return folder


def test_bad_content_on_a_cold_cache_exits_2_with_file_and_line_and_no_ui(tmp_path: Path, monkeypatch, capsys) -> None:
    folder = broken_copy(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LDNWIZARD_NO_CACHE", raising=False)
    started = []
    monkeypatch.setattr(WizardApp, "run", lambda self: started.append(self))
    assert warm_welcome(folder) is None  # never checked, so never cached
    assert cli_main(["--questions", str(folder), "--no-draft"]) == 2
    err = capsys.readouterr().err
    assert f"{folder / 'rules.toml'}:" in err and "Traceback" not in err
    assert started == []


def test_changed_content_is_not_taken_as_known_valid(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "set"
    shutil.copytree(default_questions_dir(), folder)
    cache = tmp_path / "cache"
    load_bank_fast(folder, cache_dir=cache)
    assert warm_welcome(folder, cache_dir=cache) == read_welcome(folder)
    monkeypatch.setenv("LDNWIZARD_NO_CACHE", "1")
    assert warm_welcome(folder, cache_dir=cache) is None
    monkeypatch.delenv("LDNWIZARD_NO_CACHE")
    (folder / "rules.toml").write_text((folder / "rules.toml").read_text() + "\n# changed\n")
    assert warm_welcome(folder, cache_dir=cache) is None


def test_a_changed_interface_catalogue_is_not_taken_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    from ldnwizard.core.content import messages

    folder = tmp_path / "messages"
    shutil.copytree(messages.CATALOGUE_DIR, folder)
    monkeypatch.setattr(messages, "CATALOGUE_DIR", folder)
    cache = tmp_path / "cache"
    load_bank_fast(default_questions_dir(), cache_dir=cache)
    assert warm_welcome(default_questions_dir(), cache_dir=cache) is not None
    en = folder / "en.toml"
    en.write_text(en.read_text(encoding="utf-8").replace('start = "Start"', 'start = "Begin"', 1), encoding="utf-8")
    assert warm_welcome(default_questions_dir(), cache_dir=cache) is None  # a new key: loaded and cached again
    messages.reset_catalogues()
    load_bank_fast(default_questions_dir(), cache_dir=cache)
    try:
        assert warm_welcome(default_questions_dir(), cache_dir=cache) is not None
        assert messages.message("keys.start", "en") == "Begin"  # the first start = "Start" is in [keys]
    finally:
        messages.reset_catalogues()


def test_odd_welcome_texts_fall_back_to_the_full_load(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(default_questions_dir(), folder)
    good = read_welcome(folder)
    assert good is not None and good.set_id == "ldn-benzo" and good.minutes == 5
    qn = folder / "questionnaire.toml"
    text = qn.read_text()
    for bad in (text.replace("minutes = 5", 'minutes = "5"'), text.replace("[welcome]", "[welcom]"), text + "\n[[x"):
        qn.write_text(bad)
        assert read_welcome(folder) is None


def test_content_file_names_agree_with_the_bank() -> None:
    assert tuple(name for name, _ in FILES.values()) == CONTENT_FILES


def test_the_light_printable_matches_the_core_one() -> None:
    from ldnwizard.core.report.render import printable as core_printable
    from ldnwizard.tui.text import printable

    every = "".join(map(chr, range(0x110000)))
    assert printable(every) == core_printable(every)


# -- in process: the bank arrives later than the first screen ------------------------


def late_app(gate: threading.Event, drafts: DraftStore | None = None, fail: Exception | None = None) -> WizardApp:
    bank = shipped_bank()

    def load():
        gate.wait(10)
        if fail is not None:
            raise fail
        return bank

    welcome = read_welcome(default_questions_dir())
    return WizardApp(welcome=welcome, load_bank=load, drafts=drafts, theme="dark", steady=True)


async def until(pilot, condition) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("timed out")


async def test_start_waits_for_a_late_bank() -> None:
    gate = threading.Event()
    app = late_app(gate)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, WelcomeScreen) and app.bank is None and app.flow is None
        await pilot.press("enter", "enter")
        await pilot.pause(0.05)
        assert isinstance(app.screen, WelcomeScreen)  # Start is held, the welcome stays
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        assert app.flow.current.id == "age_group"
        assert sum(isinstance(s, QuestionScreen) for s in app.screen_stack) == 1


async def test_ctrl_q_before_the_bank_quits_at_once() -> None:
    gate = threading.Event()
    app = late_app(gate)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        gate.set()
    assert app.return_code == 1


async def test_continue_waits_for_a_late_bank(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    drafts.save(flow_with(STANDARD, {"name": "A.B."}, at="thyroid"))
    gate = threading.Event()
    app = late_app(gate, drafts)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, AskScreen)
        assert f"{len(STANDARD) + 1} answers were kept" in app.screen.question
        await pilot.press("enter")  # Continue, before the bank is there
        await pilot.pause(0.05)
        assert isinstance(app.screen, WelcomeScreen)
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        assert app.flow.current.id == "thyroid"
        assert app.flow.answers == STANDARD and app.flow.patient == {"name": "A.B."}


async def test_continue_then_start_before_the_bank_shows_one_question_screen(tmp_path: Path) -> None:
    """Enter held through the resume prompt: Continue, then Start on the welcome; the draft wins, once.

    Textual counts the screen just below the top one as current, so a welcome under the
    resumed question screen must not push a second one when its held Start runs.
    """
    drafts = DraftStore(tmp_path)
    drafts.save(flow_with(STANDARD, at="thyroid"))
    gate = threading.Event()
    app = late_app(gate, drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", "enter")  # Continue, then Start twice on the welcome
        await pilot.pause(0.05)
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await pilot.pause(0.05)
        assert [type(s) for s in app.screen_stack] == [WelcomeScreen, QuestionScreen]
        assert app.screen.flow is app.flow and app.flow.current.id == "thyroid"


async def test_start_over_before_the_bank_deletes_the_draft(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    drafts.save(flow_with(STANDARD, at="thyroid"))
    gate = threading.Event()
    app = late_app(gate, drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#no")
        assert isinstance(app.screen, WelcomeScreen) and not drafts.exists("ldn-benzo")
        gate.set()
        await until(pilot, lambda: app.bank is not None)
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen) and not app.flow.has_answers()


async def test_a_draft_that_no_longer_fits_is_dropped_with_a_notice_once_the_bank_is_there(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    drafts.folder.mkdir(exist_ok=True)
    drafts.path("ldn-benzo").write_text('question_set = "ldn-benzo"\nat = ""\n[answers]\nbenzo = "not-a-medicine"\n')
    gate = threading.Event()
    app = late_app(gate, drafts)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, AskScreen)  # counted, not yet checked
        gate.set()
        await until(pilot, lambda: app.bank is not None)
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert any("no longer fits" in str(n.message) for n in app._notifications)
        assert drafts.exists("ldn-benzo")  # left alone, as when it is checked before the first screen
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen) and not app.flow.has_answers()


async def test_a_failed_late_load_exits_with_2_and_keeps_the_error() -> None:
    gate = threading.Event()
    gate.set()
    error = ContentErrors([ContentError("boom", Path("rules.toml"), 3, None)])
    app = late_app(gate, fail=error)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: not app.is_running or app.return_code is not None)
    assert app.return_code == 2 and app.load_error is error


def test_a_failed_late_load_prints_the_error_and_exits_2(tmp_path: Path, monkeypatch, capsys) -> None:
    from ldnwizard.tui import run as run_module

    def broken(folder, cache=None):
        def load():
            raise ValueError("pickle went wrong")

        return load

    async def headless(app) -> int | None:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.return_code is not None)
        return app.return_code

    warm(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LDNWIZARD_NO_CACHE", raising=False)
    monkeypatch.setattr(run_module, "_loader", broken)
    monkeypatch.setattr(WizardApp, "run", lambda self: asyncio.run(headless(self)))
    assert cli_main(["--no-draft"]) == 2
    err = capsys.readouterr().err
    assert "ldnwizard: error: the question set could not be loaded" in err and "pickle went wrong" in err
    assert "Traceback" not in err


def test_an_app_without_a_bank_needs_the_welcome_and_a_loader() -> None:
    with pytest.raises(ValueError):
        WizardApp()
    with pytest.raises(ValueError):
        WizardApp(welcome=read_welcome(default_questions_dir()), load_bank=shipped_bank, start="questions")


def test_a_cache_others_could_write_is_never_unpickled(tmp_path: Path, monkeypatch) -> None:
    """Unpickling runs code: a cache file or folder that group or others may write is ignored, as is a symlink."""
    import pickle

    from ldnwizard.core.content import load as load_module

    cache = tmp_path / "cache"
    first = load_bank_fast(default_questions_dir(), cache_dir=cache)
    (path,) = cache.glob("bank-*.pickle")
    assert warm_welcome(default_questions_dir(), cache_dir=cache) is not None
    full_loads: list[Path] = []
    monkeypatch.setattr(load_module, "load_bank", lambda folder: full_loads.append(folder) or first)
    for name in ("load", "loads"):
        monkeypatch.setattr(pickle, name, lambda *a, **k: pytest.fail("an untrusted cache was unpickled"))
    for folder_mode, file_mode in ((0o700, 0o622), (0o777, 0o600), (0o770, 0o600)):
        cache.chmod(folder_mode)
        path.chmod(file_mode)
        assert warm_welcome(default_questions_dir(), cache_dir=cache) is None
        load_bank_fast(default_questions_dir(), cache_dir=cache)
    assert len(full_loads) == 3
    cache.chmod(0o700)
    real = tmp_path / "elsewhere.pickle"
    path.replace(real)
    path.symlink_to(real)
    assert warm_welcome(default_questions_dir(), cache_dir=cache) is None


def test_a_cached_catalogue_missing_a_string_falls_back_to_the_files() -> None:
    from ldnwizard.core.content import messages

    english = messages.message("tui.start", "en")
    try:
        messages.reset_catalogues()
        messages.use_catalogues({"en": {"keys.quit": "Quit"}})  # a damaged head: most strings missing
        assert messages.message("tui.start", "en") == english
        with pytest.raises(KeyError):
            messages.message("no.such.string", "en")
    finally:
        messages.reset_catalogues()


def test_a_cache_folder_that_is_a_link_to_a_shared_folder_is_not_trusted(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_bank_fast(default_questions_dir(), cache_dir=cache)
    shared = tmp_path / "shared"
    cache.rename(shared)
    shared.chmod(0o777)
    cache.symlink_to(shared)
    assert warm_welcome(default_questions_dir(), cache_dir=cache) is None
    shared.chmod(0o700)
    assert warm_welcome(default_questions_dir(), cache_dir=cache) is not None  # a link to a folder of one's own is fine


async def test_an_enter_typed_before_the_app_had_the_terminal_starts_too() -> None:
    """A terminal not yet in raw mode turns Enter into a line feed, which Textual reads as ctrl+j."""
    app = WizardApp(shipped_bank(), drafts=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("ctrl+j")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
