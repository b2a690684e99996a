"""What the wizard's first screen needs, without loading the question set.

Loading a :class:`~ldnwizard.core.content.bank.Bank` costs more than drawing the first
screen. When the checked Bank of a folder is already in the user's cache (so the
content is known to be valid), the wizard shows its welcome from :func:`warm_welcome`,
read from the head of the cache file, and loads the Bank just after. This module
imports only the standard library (and platformdirs, for the cache folder): no
pydantic, no Textual.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ldnwizard.core.content.messages import LANGUAGES, catalogue, catalogue_files, use_catalogues
from ldnwizard.core.errors import InputError
from ldnwizard.core.files.tomlfile import read_limited, read_toml

#: The files of a question set, in the order they are checked and hashed.
CONTENT_FILES = ("questionnaire.toml", "rules.toml", "medicines.toml", "sources.toml", "plan.toml")

#: Core modules whose code a cached Bank depends on: a change to them invalidates the cache.
_CODE_FILES = ("bank.py", "models.py", "conditions.py", "record.py")
#: The layout of a cache file: its head (the welcome texts and the interface strings in each
#: language, plain data), then the Bank: two pickles in a row.
CACHE_FORMAT = "3"

_WELCOME_KEYS = ("heading", "body", "not_for", "evidence_note", "start_hint")


def default_questions_dir() -> Path:
    """The shipped question set: inside the installed package, or the repo's ``questions/``."""
    here = Path(__file__).resolve().parents[2]  # the ldnwizard package
    for base in (here / "questions", here.parent / "questions"):
        if (base / "ldn-benzo" / "questionnaire.toml").is_file():
            return base / "ldn-benzo"
    return here.parent / "questions" / "ldn-benzo"


def content_key(folder: Path) -> str:
    """A key for the cache (OSError if a file is unreadable).

    It covers the tool's version, the core's code, every content file, and what the
    cache's head holds besides: the set's translations and the interface catalogues.
    """
    import hashlib

    from ldnwizard import __version__

    digest = hashlib.sha256(f"{__version__}/{CACHE_FORMAT}".encode())
    here = Path(__file__).resolve().parent
    for module in _CODE_FILES:
        digest.update(str((here / module).stat().st_mtime_ns).encode())
    translations = sorted((folder / "i18n").glob("*.toml")) if (folder / "i18n").is_dir() else []
    for path in [*(folder / name for name in CONTENT_FILES), *translations, *catalogue_files()]:
        try:
            raw = read_limited(path)  # regular files only: a pipe in the folder never hangs the start
        except InputError as exc:
            raise OSError(str(exc)) from None
        digest.update(str(path).encode() + b"\0" + raw)
    return digest.hexdigest()[:32]


def cache_folder() -> Path:
    """The user's cache folder for checked question sets."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("ldnwizard"))


#: The largest cache file read (the shipped set's is about 100 KiB).
CACHE_LIMIT = 64 << 20


def read_cache(cache: Path) -> bytes | None:
    """The bytes of a cache file only this user can have written; None for any other.

    A cache file is unpickled, and unpickling runs code, so it is read only when both it
    and its folder belong to this user and nobody else may write to them (a cache folder
    pointed at a shared place, or a planted file, is ignored: the set is loaded in full).
    The folder is opened first and the file opened inside that open folder, and both are
    checked on what was opened (``fstat``), so nothing can be swapped in between a check
    and the read. Symlinks, pipes and devices are refused; the size is capped.
    """
    if os.open not in os.supports_dir_fd or not hasattr(os, "getuid"):
        return None  # no safe way to check here (Windows): load in full
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    try:
        folder = os.open(cache.parent, flags | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        if not _only_mine(os.fstat(folder)):
            return None
        before = os.stat(cache.name, dir_fd=folder, follow_symlinks=False)  # no device is ever opened
        if not stat.S_ISREG(before.st_mode):
            return None
        fd = os.open(cache.name, flags | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0), dir_fd=folder)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not _only_mine(info) or info.st_size > CACHE_LIMIT:
                return None
            data = handle.read(CACHE_LIMIT + 1)
        return data if len(data) <= CACHE_LIMIT else None
    except OSError:
        return None
    finally:
        os.close(folder)


def _only_mine(info: os.stat_result) -> bool:
    """Owned by this user and not writable by group or others."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def cache_file(folder: Path, cache_dir: Path | None = None) -> Path:
    """Where the checked Bank of ``folder`` is (or would be) cached (OSError if content is unreadable)."""
    return (cache_dir if cache_dir is not None else cache_folder()) / f"bank-{content_key(folder)}.pickle"


@dataclass(frozen=True)
class WelcomeText:
    """The texts of the first screen, and the question set's id (drafts are kept per id)."""

    set_id: str
    title: str
    reviewed: dt.date
    minutes: int
    heading: str
    body: str
    not_for: str
    evidence_note: str
    start_hint: str
    cache: Path | None = field(default=None, compare=False)  # the cache file these came from, if any


def welcome_from_bank(bank: Any) -> WelcomeText:
    """The welcome texts of a loaded :class:`~ldnwizard.core.content.bank.Bank`."""
    qn = bank.questionnaire
    w = qn.welcome
    return WelcomeText(
        qn.id, qn.title, qn.reviewed, qn.minutes, w.heading, w.body, w.not_for, w.evidence_note, w.start_hint
    )


def read_welcome(folder: Path) -> WelcomeText | None:
    """The welcome texts from ``folder/questionnaire.toml`` with tomllib; None when anything is off.

    Only the shape the first screen needs is checked here; the full checks belong to
    :func:`~ldnwizard.core.content.load.load_bank`, which runs whenever this returns None.
    """
    try:
        data, _ = read_toml(folder / "questionnaire.toml")
    except InputError:
        return None
    welcome = data.get("welcome")
    set_id, title, reviewed, minutes = (data.get(k) for k in ("id", "title", "reviewed", "minutes"))
    if not isinstance(welcome, dict) or set(welcome) - {"kiosk_body"} != set(_WELCOME_KEYS):
        return None
    texts = [welcome[k] for k in _WELCOME_KEYS]
    if not all(isinstance(v, str) for v in [set_id, title, *texts]):
        return None
    if type(reviewed) is not dt.date or type(minutes) is not int or minutes <= 0:
        return None
    return WelcomeText(set_id, title, reviewed, minutes, *texts)


def warm_welcome(folder: Path | str | None = None, cache_dir: Path | None = None, language: str = "en") -> WelcomeText | None:
    """The welcome texts when the checked Bank of ``folder`` is already cached; else None.

    None (first run, changed content or code, ``LDNWIZARD_NO_CACHE``, anything odd)
    means: load and check the question set in full before showing anything. In another
    ``language``, each text comes from ``i18n/<language>.toml`` when its entry is fresh
    (made from today's English), else it stays English, as the loaded bank would have it.
    Both come from the head of the cache file, which also holds the interface strings:
    those are handed to :func:`~ldnwizard.core.content.messages.use_catalogues`, so the
    first screen parses no TOML at all.
    """
    if os.environ.get("LDNWIZARD_NO_CACHE"):
        return None
    folder = Path(folder) if folder is not None else default_questions_dir()
    try:
        if not folder.is_dir():
            return None
        cache = cache_file(folder, cache_dir)
        if not cache.is_file():
            return None
        data = read_cache(cache)
    except (OSError, ValueError):
        return None
    head = _cache_head(data) if data is not None else None
    if head is None:
        return None
    welcomes, catalogues = head
    use_catalogues(catalogues)
    welcome = welcomes.get(language) or welcomes.get("en")
    if welcome is None:
        return None
    welcome = replace(welcome, cache=cache)
    if language in welcomes or language == "en":
        return welcome
    return _translated_welcome(welcome, folder, language)


def cache_head(bank: Any) -> dict[str, Any]:
    """The head of a cache file, as plain data: the welcome texts and the interface strings in each language."""
    english = welcome_from_bank(bank)
    welcomes = {"en": english}
    for language in LANGUAGES:
        if language != "en" and (bank.path / "i18n" / f"{language}.toml").is_file():
            translated = _translated_welcome(english, bank.path, language)
            if translated is not None:
                welcomes[language] = translated
    return {
        "welcome": {language: _record(w) for language, w in welcomes.items()},
        "messages": {language: catalogue(language) for language in LANGUAGES},
    }


def _record(welcome: WelcomeText) -> dict[str, Any]:
    record = asdict(welcome)
    del record["cache"]
    return record


def _cache_head(data: bytes) -> tuple[dict[str, WelcomeText], dict[str, dict[str, str]]] | None:
    """The welcome texts and catalogues at the head of a cache file (plain data only: no class is loaded); None if odd."""
    import pickle

    try:
        head = pickle.loads(data)  # the first of the file's two pickles
        welcomes = {language: WelcomeText(**record) for language, record in head["welcome"].items()}
        catalogues = head["messages"]
    except Exception:  # a damaged or foreign cache is simply rebuilt by the full load
        return None
    for welcome in welcomes.values():
        texts = [welcome.set_id, welcome.title, *(getattr(welcome, k) for k in _WELCOME_KEYS)]
        if not all(isinstance(v, str) for v in texts) or type(welcome.reviewed) is not dt.date or type(welcome.minutes) is not int:
            return None
    if not isinstance(catalogues, dict) or not all(
        isinstance(c, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in c.items()) for c in catalogues.values()
    ):
        return None
    return welcomes, catalogues


def _translated_welcome(welcome: WelcomeText, folder: Path, language: str) -> WelcomeText | None:
    """``welcome`` in ``language`` from the set's translation file (standard library only); None if it cannot be read."""
    from ldnwizard.core.content.messages import digest

    try:
        data, _ = read_toml(folder / "i18n" / f"{language}.toml")
    except InputError:
        return None
    entries = data.get("text")
    if not isinstance(entries, dict):
        return None
    changes = {}
    keys = {"title": "title", **{name: f"welcome.{name}" for name in _WELCOME_KEYS}}
    for field_name, key in keys.items():
        english = getattr(welcome, field_name)
        entry = entries.get(key)
        if isinstance(entry, dict) and entry.get("from") == digest(english) and isinstance(entry.get(language), str):
            changes[field_name] = entry[language]
    return replace(welcome, **changes)
