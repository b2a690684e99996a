"""Loading a question set: read every file, validate it with the models, check it, cache it.

:func:`load_bank` reports every problem as ``file:line: problem`` (see
:mod:`ldnwizard.core.content.checks`); :func:`load_bank_fast` keeps the checked
result in the user's cache; :func:`cached_bank` memoises per folder.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from typing import TYPE_CHECKING, Any

from ldnwizard.core.content.bank import FILES, Bank
from ldnwizard.core.content.welcome import cache_file, cache_head, default_questions_dir, read_cache
from ldnwizard.core.errors import ContentError, ContentErrors
from ldnwizard.core.files.tomlfile import TomlLines, read_toml

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError

_ADAPTERS: dict[type, TypeAdapter] = {}


def _adapter(model: type) -> TypeAdapter:
    """The pydantic validator of one file's record (built once; pydantic is imported only here)."""
    from pydantic import TypeAdapter

    if model not in _ADAPTERS:
        _ADAPTERS[model] = TypeAdapter(model)
    return _ADAPTERS[model]


def _validation_errors(exc: ValidationError, path: Path, lines: TomlLines) -> list[ContentError]:
    out = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        msg = err.get("msg", "invalid")
        kind = err.get("type")
        if kind in ("extra_forbidden", "unexpected_keyword_argument"):
            msg = "unknown key (a typo?)"
        if loc and loc[-1] == "[key]":  # a table's key, such as a source id
            loc = loc[:-1]
            if kind == "string_pattern_mismatch":
                msg = f"id {loc[-1]!r} must be lower-case letters, digits and dashes"
        where = ".".join(str(p) for p in loc)
        out.append(ContentError(f"{where}: {msg}", path, lines.line_of(loc, err.get("input")), None))
    return out


def _read_models(folder: Path) -> tuple[dict[str, Any], dict[str, TomlLines], list[ContentError]]:
    from pydantic import ValidationError

    models: dict[str, Any] = {}
    lines: dict[str, TomlLines] = {}
    errors: list[ContentError] = []
    for key, (name, model) in FILES.items():
        path = folder / name
        try:
            data, text = read_toml(path, ContentError)
        except ContentError as exc:
            errors.append(exc)
            continue
        lines[key] = TomlLines(text)
        try:
            models[key] = _adapter(model).validate_python(data)
        except ValidationError as exc:
            errors.extend(_validation_errors(exc, path, lines[key]))
    return models, lines, errors


def load_bank(folder: Path | str | None = None, *, check_reach: bool = True) -> Bank:
    """Load and check a question set; raise :class:`ContentErrors` listing every problem."""
    folder = Path(folder) if folder is not None else default_questions_dir()
    if not folder.is_dir():
        raise ContentErrors([ContentError("no such question set folder", folder)])
    models, lines, errors = _read_models(folder)
    if errors:
        raise ContentErrors(errors)
    bank = Bank(
        path=folder,
        questionnaire=models["questionnaire"],  # type: ignore[arg-type]
        rules=models["rules"].rules,  # type: ignore[attr-defined]
        medicines=models["medicines"],  # type: ignore[arg-type]
        sources=models["sources"],  # type: ignore[arg-type]
        plan=models["plan"],  # type: ignore[arg-type]
    )
    from ldnwizard.core.content.checks import check_bank  # only a full load checks: the cache holds checked sets

    errors = check_bank(bank, lines, check_reach=check_reach)
    if errors:
        raise ContentErrors(errors)
    return bank


_CACHE: dict[tuple[str, float], Bank] = {}


def load_bank_fast(folder: Path | str | None = None, cache_dir: Path | None = None, *, cache: Path | None = None) -> Bank:
    """:func:`load_bank`, with the checked result kept in the user's cache folder.

    Starting the wizard then skips re-validating content that has not changed
    (the key covers every content file and the core's own code). Any problem with
    the cache falls back to a full, checked load. ``LDNWIZARD_NO_CACHE=1`` turns it off.
    ``cache`` is the cache file when the caller has just worked it out
    (:attr:`~ldnwizard.core.content.welcome.WelcomeText.cache`).

    A cache file holds two pickles: its head as plain data (the first screen reads only
    this: :func:`~ldnwizard.core.content.welcome.cache_head`), then the Bank.
    """
    import io
    import pickle

    folder = Path(folder) if folder is not None else default_questions_dir()
    if os.environ.get("LDNWIZARD_NO_CACHE"):
        return load_bank(folder)
    try:
        cache = cache if cache is not None else cache_file(folder, cache_dir)
    except OSError:
        return load_bank(folder)  # unreadable content: the full load reports it properly
    data = read_cache(cache)  # this user's own regular file only (unpickling runs code)
    if data is not None:
        try:
            stream = io.BytesIO(data)
            pickle.load(stream)  # the head (each pickle has its own unpickler: their memos differ)
            bank = pickle.load(stream)
            if isinstance(bank, Bank) and bank.path == folder:
                return bank
        except Exception:  # a stale or damaged cache is simply rebuilt
            pass
    bank = load_bank(folder)
    for text in [q.show_if for q in bank.questions if q.show_if] + [r.when for r in bank.rules if r.when]:
        bank.condition(text)
    try:
        if cache_file(folder, cache.parent) != cache:
            return bank  # the content changed while it loaded: do not keep it under the old key
    except OSError:
        return bank
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600), "wb") as handle:
            # mode 0600 from the start, like every file ldnwizard writes
            handle.write(pickle.dumps(cache_head(bank)) + pickle.dumps(bank))
        os.replace(tmp, cache)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return bank


def cached_bank(folder: Path | str | None = None) -> Bank:
    """:func:`load_bank`, memoised per folder and modification time (tests, kiosk sessions)."""
    folder = Path(folder) if folder is not None else default_questions_dir()
    try:
        stamp = max(os.stat(folder / name).st_mtime for name, _ in FILES.values())
    except OSError:
        stamp = -1.0
    key = (str(folder.resolve()), stamp)
    if key not in _CACHE:
        _CACHE[key] = load_bank(folder)
    return _CACHE[key]
