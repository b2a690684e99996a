"""Interface strings (buttons, key bar, dialogs, errors, page headings) from one catalogue per language.

The catalogues are TOML files in ``ldnwizard/messages/``: ``en.toml`` holds the English
source (``[section] key = "text"``, looked up as ``"section.key"``); every other language
holds, for each key, the translated text and the short hash of the English it was made
from, like the question set's translations (:mod:`ldnwizard.core.content.i18n`)::

    [msg."page.plan"]
    from = "1a2b3c4d5e"
    es = "Plan para hablar"

Why TOML and not gettext ``.po``/``.mo``: the wheel is built by hatchling, which has no
step to compile ``.mo`` files; shipping compiled binaries beside their sources invites
them to drift. A TOML catalogue is read with the standard library (tomllib), is checked
by the same missing/stale machinery as the content (``ldnwizard check``), and keys (not
English sentences) name each string, so a reworded English string makes its
translations stale instead of silently orphaning them.

``_("key", name=value)`` gives the string in the current language (:func:`set_language`),
with ``{name}`` placeholders filled. A missing or stale translation falls back to English.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from ldnwizard.core.errors import ContentError

CATALOGUE_DIR = Path(__file__).resolve().parents[2] / "messages"
SOURCE = "en"
#: Languages ldnwizard speaks; English is the source of every text (content and interface).
LANGUAGES: tuple[str, ...] = ("en", "es")
SOURCE_LANGUAGE = SOURCE
_HASH = 10
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_state = {"language": SOURCE}
#: Catalogues already worked out, by language; those taken from the question-set cache are also in _taken.
_known: dict[str, dict[str, str]] = {}
_taken: set[str] = set()


def digest(text: str) -> str:
    """The short hash a translation records of the English it was made from (first 10 hex of sha256)."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_HASH]


_digest = digest


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        elif isinstance(value, str):
            out[name] = value
    return out


@lru_cache(maxsize=None)
def english() -> dict[str, str]:
    """key -> English text of every interface string."""
    import tomllib

    with open(CATALOGUE_DIR / f"{SOURCE}.toml", "rb") as fh:
        return _flatten(tomllib.load(fh))


@lru_cache(maxsize=None)
def _raw(language: str) -> tuple[dict[str, tuple[str, str, int]], str]:
    """key -> (hash, text, line) of a translated catalogue, and the file's text."""
    import tomllib

    path = CATALOGUE_DIR / f"{language}.toml"
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    lines: dict[str, int] = {}
    for i, line in enumerate(text.splitlines(), start=1):
        m = re.match(r'^\s*\[\s*msg\s*\.\s*"([^"]+)"\s*\]', line)
        if m:
            lines.setdefault(m.group(1), i)
    out = {}
    for key, value in data.get("msg", {}).items():
        if isinstance(value, dict):
            out[key] = (str(value.get("from", "")), str(value.get(language, "")), lines.get(key, 0))
    return out, text


def languages() -> tuple[str, ...]:
    """Languages with a catalogue (English first)."""
    others = sorted(p.stem for p in CATALOGUE_DIR.glob("*.toml") if p.stem != SOURCE)
    return (SOURCE, *others)


def catalogue(language: str) -> dict[str, str]:
    """key -> text in ``language``; a missing or stale entry is the English."""
    if language not in _known:
        _known[language] = _catalogue(language)
    return _known[language]


def reset_catalogues() -> None:
    """Forget every catalogue read or taken so far (after the files change: tests, ``check``)."""
    english.cache_clear()
    _raw.cache_clear()
    _known.clear()
    _taken.clear()


def use_catalogues(catalogues: Mapping[str, dict[str, str]]) -> None:
    """Take catalogues worked out before (the question-set cache keeps them; its key covers these files).

    Should one of them lack a string (a damaged cache), the files are read after all.
    """
    _known.update(catalogues)
    _taken.update(catalogues)


def catalogue_files() -> list[Path]:
    """Every catalogue file, English first."""
    return [CATALOGUE_DIR / f"{language}.toml" for language in languages()]


def _catalogue(language: str) -> dict[str, str]:
    source = english()
    if language == SOURCE or not (CATALOGUE_DIR / f"{language}.toml").is_file():
        return source
    entries, _text = _raw(language)
    out = dict(source)
    for key, en in source.items():
        entry = entries.get(key)
        if entry and entry[0] == _digest(en) and entry[1] and set(_PLACEHOLDER.findall(en)) == set(_PLACEHOLDER.findall(entry[1])):
            out[key] = entry[1]
    return out


def set_language(language: str) -> None:
    """The language of every later :func:`_` call (front ends set it once, the kiosk per customer)."""
    _state["language"] = language if language in languages() else SOURCE


def current_language() -> str:
    return _state["language"]


def message(key: str, language: str | None = None, /, **values: Any) -> str:
    """The interface string ``key`` in ``language`` (default: the current one), placeholders filled."""
    language = language or _state["language"]
    text = catalogue(language).get(key)
    if text is None and language in _taken:  # a catalogue from the cache that lacks it: read the files
        _taken.discard(language)
        _known[language] = _catalogue(language)
        text = _known[language].get(key)
    if text is None:
        raise KeyError(f"no interface string {key!r} in {CATALOGUE_DIR / (SOURCE + '.toml')}")
    return text.format(**values) if values else text


def _(key: str, /, **values: Any) -> str:
    """The interface string ``key`` in the current language."""
    return message(key, None, **values)


def check_messages() -> list[ContentError]:
    """Missing, stale, unknown and mismatched entries of every translated catalogue, as file:line (key)."""
    import tomllib

    errors: list[ContentError] = []
    source = english()
    for language in languages()[1:]:
        path = CATALOGUE_DIR / f"{language}.toml"
        try:
            entries, _text = _raw(language)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            errors.append(ContentError(f"cannot read: {exc}", path))
            continue
        for key, en in source.items():
            entry = entries.get(key)
            if entry is None or not entry[1]:
                errors.append(ContentError(f"missing {language} translation", path, None, key))
            elif entry[0] != _digest(en):
                errors.append(ContentError(f"stale: the English text changed since this was translated (now {_digest(en)})", path, entry[2], key))
            elif set(_PLACEHOLDER.findall(en)) != set(_PLACEHOLDER.findall(entry[1])):
                errors.append(ContentError("placeholders differ from the English", path, entry[2], key))
        for key in sorted(set(entries) - set(source)):
            errors.append(ContentError("no English string has this key", path, entries[key][2], key))
    return errors


def _plain_letters(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def command_words(*keys: str) -> set[str]:
    """The words a person may type for a command: the English and the current language's, with or without accents."""
    words: set[str] = set()
    for key in keys:
        for text in (english()[key], _(key)):
            word = text.strip().casefold()
            words |= {word, _plain_letters(word)}
    return words


# -- choosing a language (standard library only: the wizard decides before anything heavy loads)


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them)."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in LANGUAGES else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def choose_language(requested: str | None, environ: Mapping[str, str] | None = None) -> str:
    """``--lang`` when given, else what the environment asks for, else English."""
    if requested:
        return requested
    return language_from_env(environ)
