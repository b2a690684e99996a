"""Translations of a question set's patient-facing text (``questions/<set>/i18n/<lang>.toml``).

English is the source. Every text a patient reads has a stable key (``questions.opioids.prompt``,
``rules.kratom.patient_text``, ``plan.verdicts.wait.explain``); a translation file gives, for
each key, the translated text and a short hash of the English text it was made from::

    [text."questions.opioids.prompt"]
    from = "3f1c0a9b2d"
    es = "¿Toma algún opioide ...?"

:func:`check_translations` reports every missing entry (no translation of an English text) and
every stale one (the English changed since: the hash differs) as ``file:line (key)``.
:func:`translate` gives a :class:`~ldnwizard.core.content.bank.Bank` whose patient-facing texts are in
the language; a missing or stale entry keeps its English text there, never an out-of-date
translation. Provider texts, medicine names and brands, sources and every id, condition and
number stay as they are, so the language never changes a clinical result.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from ldnwizard.core.content.bank import Bank
from ldnwizard.core.errors import ContentError
from ldnwizard.core.files.tomlfile import TomlLines, read_toml

from ldnwizard.core.content.messages import (  # noqa: F401  (re-exported)
    LANGUAGES,
    SOURCE_LANGUAGE,
    choose_language,
    language_from_env,
)
I18N_DIR = "i18n"
HASH_LENGTH = 10
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def digest(text: str) -> str:
    """The short hash a translation records of the English text it was made from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


# ---------------------------------------------------------------- the English texts


@dataclass(frozen=True)
class SourceText:
    """One translatable English text: its key, the text, and where it lives."""

    key: str
    text: str
    file: str  # the content file, such as "questionnaire.toml"
    loc: tuple[Any, ...]  # pydantic-style location, for the line of a missing entry


def source_texts(bank: Bank) -> list[SourceText]:
    """Every patient-facing English text of a question set, with its key, in file order."""
    out: list[SourceText] = []

    def add(key: str, text: str | None, file: str, loc: tuple[Any, ...]) -> None:
        if text:
            out.append(SourceText(key, text, file, loc))

    qn = bank.questionnaire
    qf = "questionnaire.toml"
    add("title", qn.title, qf, ("title",))
    for name in ("heading", "body", "kiosk_body", "not_for", "evidence_note", "start_hint"):
        add(f"welcome.{name}", getattr(qn.welcome, name), qf, ("welcome", name))
    for c in qn.yes_no_unsure:
        add(f"yes_no_unsure.{c.value}.label", c.label, qf, ("yes_no_unsure", c.label))
        add(f"yes_no_unsure.{c.value}.hint", c.hint, qf, ("yes_no_unsure", c.hint))
    for i, s in enumerate(qn.sections):
        add(f"sections.{s.id}.title", s.title, qf, ("sections", i, "title"))
        add(f"sections.{s.id}.intro", s.intro, qf, ("sections", i, "intro"))
    for i, q in enumerate(qn.questions):  # the question's own choices, not the catalogue's medicines
        for name in ("prompt", "help", "topic", "error_hint", "unit"):
            add(f"questions.{q.id}.{name}", getattr(q, name), qf, ("questions", i, name))
        for c in q.choices:
            add(f"questions.{q.id}.choices.{c.value}.label", c.label, qf, ("questions", i, "label"))
            add(f"questions.{q.id}.choices.{c.value}.hint", c.hint, qf, ("questions", i, "hint"))
    for i, u in enumerate(qn.urgent):
        add(f"urgent.{u.id}.title", u.title, qf, ("urgent", i, "title"))
        add(f"urgent.{u.id}.text", u.text, qf, ("urgent", i, "text"))
    rf = "rules.toml"
    for i, r in enumerate(bank.rules):
        add(f"rules.{r.id}.title", r.title, rf, ("rules", i, "title"))
        add(f"rules.{r.id}.patient_text", r.patient_text, rf, ("rules", i, "patient_text"))
        for n, ask in enumerate(r.ask):
            add(f"rules.{r.id}.ask.{n}", ask, rf, ("rules", i, "ask"))
    pf = "plan.toml"
    plan = bank.plan
    for level, lt in plan.levels.items():
        add(f"plan.levels.{level}.word", lt.word, pf, ("levels", level, "word"))
        add(f"plan.levels.{level}.meaning", lt.meaning, pf, ("levels", level, "meaning"))
    for verdict, vt in plan.verdicts.items():
        for name in ("word", "headline", "explain", "first_dose", "no_dose", "titration"):
            add(f"plan.verdicts.{verdict}.{name}", getattr(vt, name), pf, ("verdicts", verdict, name))
        for n, option in enumerate(vt.options):
            add(f"plan.verdicts.{verdict}.options.{n}", option, pf, ("verdicts", verdict, "options"))
        for n, ask in enumerate(vt.ask):
            add(f"plan.verdicts.{verdict}.ask.{n}", ask, pf, ("verdicts", verdict, "ask"))
    for name, text in plan.dose_times.items():
        add(f"plan.dose_times.{name}", text, pf, ("dose_times", name))
    for name, text in plan.evidence_words.items():
        add(f"plan.evidence_words.{name}", text, pf, ("evidence_words", name))
    add("plan.disclaimer", plan.disclaimer, pf, ("disclaimer",))
    add("plan.crisis", plan.crisis, pf, ("crisis",))
    for n, ask in enumerate(plan.always_ask):
        add(f"plan.always_ask.{n}", ask, pf, ("always_ask",))
    mf = "medicines.toml"
    add("medicines.approximate_note", bank.medicines.approximate_note, mf, ("approximate_note",))
    add("medicines.daily_dose_error", bank.medicines.daily_dose_error, mf, ("daily_dose_error",))
    return out


# ---------------------------------------------------------------- translation files


@dataclass(frozen=True)
class Entry:
    key: str
    source_hash: str
    text: str
    line: int  # 1-based line of the entry's header in the translation file


@dataclass
class Catalogue:
    """One translation file, read and shape-checked."""

    language: str
    path: Path
    entries: dict[str, Entry]
    glossary: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)


def translation_path(folder: Path, language: str) -> Path:
    return Path(folder) / I18N_DIR / f"{language}.toml"


def _header_lines(text: str) -> dict[str, int]:
    """1-based line of each ``[text."KEY"]`` header."""
    out: dict[str, int] = {}
    pattern = re.compile(r'^\s*\[\s*text\s*\.\s*"([^"]+)"\s*\]')
    for i, line in enumerate(text.splitlines(), start=1):
        m = pattern.match(line)
        if m:
            out.setdefault(m.group(1), i)
    return out


def load_catalogue(folder: Path, language: str) -> Catalogue | None:
    """The translation file of ``language`` in a question set, or None when there is none."""
    path = translation_path(folder, language)
    if not path.exists():
        return None
    data, text = read_toml(path, ContentError)
    lines = _header_lines(text)
    errors: list[ContentError] = []
    entries: dict[str, Entry] = {}
    table = data.get("text", {})
    unknown = sorted(set(data) - {"text", "glossary", "meta"})
    for name in unknown:
        errors.append(ContentError(f"unknown table [{name}] (a typo?)", path, TomlLines(text).table(name), name))
    if not isinstance(table, dict):
        errors.append(ContentError("[text] must be a table of entries", path))
        table = {}
    for key, value in table.items():
        line = lines.get(key)
        if not isinstance(value, dict) or set(value) != {"from", language}:
            errors.append(ContentError(f'an entry has exactly two keys: from (the hash) and {language} (the text)', path, line, key))
            continue
        source_hash, translated = value["from"], value[language]
        if not isinstance(source_hash, str) or not re.fullmatch(rf"[0-9a-f]{{{HASH_LENGTH}}}", source_hash):
            errors.append(ContentError(f"from must be the first {HASH_LENGTH} hex digits of the English text's sha256", path, line, key))
            continue
        if not isinstance(translated, str) or not translated.strip():
            errors.append(ContentError(f"{language} must be a text that is not empty", path, line, key))
            continue
        entries[key] = Entry(key, source_hash, translated, line or 0)
    glossary = data.get("glossary", {})
    if not isinstance(glossary, dict):
        errors.append(ContentError("[glossary] must be a table", path))
        glossary = {}
    return Catalogue(language, path, entries, glossary, errors)


def check_translations(bank: Bank, languages: tuple[str, ...] | None = None) -> list[ContentError]:
    """Every problem of the question set's translations: missing, stale, unknown or malformed entries."""
    folder = Path(bank.path)
    if languages is None:
        found = sorted(p.stem for p in (folder / I18N_DIR).glob("*.toml")) if (folder / I18N_DIR).is_dir() else []
        languages = tuple(found)
    sources = source_texts(bank)
    lines: dict[str, TomlLines] = {}
    errors: list[ContentError] = []
    for language in languages:
        if language not in LANGUAGES or language == SOURCE_LANGUAGE:
            errors.append(ContentError(f"ldnwizard does not speak {language!r} (it knows {', '.join(l for l in LANGUAGES if l != SOURCE_LANGUAGE)})", translation_path(folder, language)))
            continue
        try:
            cat = load_catalogue(folder, language)
        except ContentError as exc:
            errors.append(exc)
            continue
        if cat is None:
            errors.append(ContentError("no translation file", translation_path(folder, language)))
            continue
        errors.extend(cat.errors)
        known = {s.key for s in sources}
        for src in sources:
            entry = cat.entries.get(src.key)
            if entry is None:
                if src.file not in lines:
                    try:
                        lines[src.file] = TomlLines((folder / src.file).read_text(encoding="utf-8"))
                    except OSError:
                        lines[src.file] = TomlLines("")
                errors.append(
                    ContentError(
                        f"missing {language} translation (in {cat.path.name}){_moved(cat, src)}",
                        folder / src.file,
                        _line_of(lines[src.file], src),
                        src.key,
                    )
                )
                continue
            if entry.source_hash != digest(src.text):
                errors.append(
                    ContentError(
                        f"stale: the English text changed since this was translated (now {digest(src.text)}); "
                        f"check the translation, then update from{_moved(cat, src)}",
                        cat.path,
                        entry.line,
                        src.key,
                    )
                )
                continue
            want = set(_PLACEHOLDER.findall(src.text))
            have = set(_PLACEHOLDER.findall(entry.text))
            if want != have:
                errors.append(
                    ContentError(
                        f"placeholders differ: English has {sorted(want)}, the translation {sorted(have)}",
                        cat.path,
                        entry.line,
                        src.key,
                    )
                )
        errors.extend(_glossary_problems(cat))
        for key in sorted(set(cat.entries) - known):
            errors.append(ContentError("no English text has this key (removed or renamed?)", cat.path, cat.entries[key].line, key))
    return errors


def _glossary_problems(cat: Catalogue) -> list[ContentError]:
    """Entries that use a word the glossary rules out (``avoid``), naming the word to use instead."""
    out: list[ContentError] = []
    for name, term in cat.glossary.items():
        if not isinstance(term, dict):
            out.append(ContentError("a glossary term is a table with es = [...] and avoid = [...]", cat.path, None, f"glossary.{name}"))
            continue
        use = term.get(cat.language, [])
        use = [use] if isinstance(use, str) else list(use)
        for word in term.get("avoid", []):
            pattern = re.compile(rf"(?<!\w){re.escape(str(word).strip())}(?!\w)", re.IGNORECASE)
            for entry in cat.entries.values():
                if pattern.search(entry.text):
                    instead = f"; the glossary ({name}) uses {' or '.join(repr(u) for u in use)}" if use else ""
                    out.append(ContentError(f"uses {str(word).strip()!r}{instead}", cat.path, entry.line, entry.key))
    return out


def _line_of(lines: TomlLines, src: SourceText) -> int | None:
    """The 1-based line of an English text in its file: its first words, searched from its table."""
    start = lines.line_of(src.loc)
    first = src.text.strip().splitlines()[0][:30]
    for snippet in (first, first.replace('"', '\\"')):
        for i in range((start or 1) - 1, len(lines.lines)):
            if snippet in lines.lines[i]:
                return i + 1
    return start


# ---------------------------------------------------------------- a translated Bank


def _moved(cat: Catalogue, src: SourceText) -> str:
    """A hint when another entry was made from exactly this English (a list item that moved, a text that moved key)."""
    same = [e.key for e in cat.entries.values() if e.source_hash == digest(src.text) and e.key != src.key]
    return f"; the entry {same[0]} was made from this same English: move or copy it here" if same else ""


def lookup(bank: Bank, language: str) -> dict[str, str]:
    """key -> text in ``language`` for every translatable text; a missing or stale entry keeps the English.

    An entry made from exactly this English under another key (a list item that moved) is
    used too: a translation is of a text, and the hash says which text.
    """
    sources = source_texts(bank)
    english = {s.key: s.text for s in sources}
    if language == SOURCE_LANGUAGE:
        return english
    try:
        cat = load_catalogue(Path(bank.path), language)
    except ContentError:
        cat = None
    if cat is None:
        return english
    out = dict(english)
    by_hash: dict[str, Entry] = {}
    for entry in cat.entries.values():
        by_hash.setdefault(entry.source_hash, entry)
    for src in sources:
        entry = cat.entries.get(src.key)
        if entry is None or entry.source_hash != digest(src.text):
            entry = by_hash.get(digest(src.text))
        if entry is not None and set(_PLACEHOLDER.findall(src.text)) == set(_PLACEHOLDER.findall(entry.text)):
            out[src.key] = entry.text
    return out


@dataclass
class TranslatedBank(Bank):
    """A :class:`Bank` whose patient-facing texts are in ``language``; ``english`` is the source."""

    language: str = SOURCE_LANGUAGE
    english: Bank | None = None


def _choices(choices, prefix: str, t: Mapping[str, str]):
    return tuple(
        replace(
            c,
            label=t.get(f"{prefix}.{c.value}.label", c.label),
            hint=t.get(f"{prefix}.{c.value}.hint", c.hint) if c.hint else None,
        )
        for c in choices
    )


def translate(bank: Bank, language: str) -> Bank:
    """``bank`` with its patient-facing texts in ``language`` (English: ``bank`` itself)."""
    english = bank.english if isinstance(bank, TranslatedBank) and bank.english is not None else bank
    if language == SOURCE_LANGUAGE:
        return english
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    t = lookup(english, language)
    qn = english.questionnaire

    def q_update(q):
        upd: dict[str, Any] = {}
        for name in ("prompt", "help", "topic", "error_hint", "unit"):
            if getattr(q, name):
                upd[name] = t.get(f"questions.{q.id}.{name}", getattr(q, name))
        upd["choices"] = _choices(q.choices, f"questions.{q.id}.choices", t)
        return replace(q, **upd)

    welcome = replace(
        qn.welcome,
        **{
            name: t.get(f"welcome.{name}", getattr(qn.welcome, name))
            for name in ("heading", "body", "kiosk_body", "not_for", "evidence_note", "start_hint")
            if getattr(qn.welcome, name)
        },
    )
    questionnaire = replace(
        qn,
        title=t["title"],
        welcome=welcome,
        yes_no_unsure=_choices(qn.yes_no_unsure, "yes_no_unsure", t),
        sections=tuple(
            replace(
                s,
                title=t[f"sections.{s.id}.title"],
                intro=t.get(f"sections.{s.id}.intro", s.intro) if s.intro else None,
            )
            for s in qn.sections
        ),
        questions=tuple(q_update(q) for q in qn.questions),
        urgent=tuple(replace(u, title=t[f"urgent.{u.id}.title"], text=t[f"urgent.{u.id}.text"]) for u in qn.urgent),
    )
    rules = tuple(
        replace(
            r,
            title=t[f"rules.{r.id}.title"],
            patient_text=t[f"rules.{r.id}.patient_text"],
            ask=tuple(t[f"rules.{r.id}.ask.{n}"] for n in range(len(r.ask))),
        )
        for r in english.rules
    )
    plan = english.plan
    plan_t = replace(
        plan,
        levels={
            k: replace(v, word=t[f"plan.levels.{k}.word"], meaning=t[f"plan.levels.{k}.meaning"])
            for k, v in plan.levels.items()
        },
        verdicts={
            k: replace(
                v,
                **{
                    name: t.get(f"plan.verdicts.{k}.{name}", getattr(v, name))
                    for name in ("word", "headline", "explain", "first_dose", "no_dose", "titration")
                    if getattr(v, name)
                },
                options=tuple(t[f"plan.verdicts.{k}.options.{n}"] for n in range(len(v.options))),
                ask=tuple(t[f"plan.verdicts.{k}.ask.{n}"] for n in range(len(v.ask))),
            )
            for k, v in plan.verdicts.items()
        },
        dose_times={k: t[f"plan.dose_times.{k}"] for k in plan.dose_times},
        evidence_words={k: t[f"plan.evidence_words.{k}"] for k in plan.evidence_words},
        disclaimer=t["plan.disclaimer"],
        crisis=t["plan.crisis"],
        always_ask=tuple(t[f"plan.always_ask.{n}"] for n in range(len(plan.always_ask))),
    )
    medicines = replace(
        english.medicines,
        approximate_note=t["medicines.approximate_note"],
        daily_dose_error=t["medicines.daily_dose_error"],
    )
    out = TranslatedBank(
        path=english.path,
        questionnaire=questionnaire,
        rules=rules,
        medicines=medicines,
        sources=english.sources,
        plan=plan_t,
        language=language,
        english=english,
    )
    out.conditions = english.conditions  # the same conditions, parsed once
    return out


def language_of(bank: Bank) -> str:
    """The language a bank's patient-facing texts are in."""
    return bank.language if isinstance(bank, TranslatedBank) else SOURCE_LANGUAGE


def english_of(bank: Bank) -> Bank:
    """The English source of a (possibly translated) bank."""
    return bank.english if isinstance(bank, TranslatedBank) and bank.english is not None else bank


# ---------------------------------------------------------------- summaries in another language


def provider_text(bank: Bank, rule: Any, unanswered_safety: list[str] | tuple[str, ...] = ()) -> str:
    """A finding's provider text, always in English (filled with the English topics of unanswered safety questions)."""
    english = english_of(bank)
    source = next((r for r in english.rules if r.id == rule.id), None)
    if source is None:
        return rule.provider_text
    text = source.provider_text
    if "{questions}" in text:
        topics = [english.by_id[q].topic or q if q in english.by_id else q for q in unanswered_safety]
        text = text.replace("{questions}", ", ".join(topics))
    return text


def summary_language(summary: Any) -> str:
    """The language a summary's patient texts are in (summaries before it was recorded: English)."""
    language = getattr(summary.meta, "language", None)
    return language if language in LANGUAGES else SOURCE_LANGUAGE


def relabel(summary: Any, bank: Bank, language: str) -> Any:
    """The summary with its patient-facing texts in ``language``, re-made from the content by finding id.

    Ids, answers, numbers, the verdict, doses and provider texts are kept as they are; only the
    words change. A finding whose id the content no longer has keeps its words.
    """
    english = english_of(bank)
    target = translate(english, language)
    before = lookup(english, summary_language(summary))
    after = lookup(english, language)
    reverse: dict[str, str] = {}
    for key, text in before.items():
        reverse.setdefault(text.strip(), key)

    def convert(text: str) -> str:
        key = reverse.get(text.strip())
        return after[key].strip() if key is not None else text

    rules = {r.id: r for r in target.rules}
    findings = []
    for f in summary.findings:
        rule = rules.get(f.id)
        if rule is None:
            findings.append(f)
            continue
        told = rule.patient_text
        if "{questions}" in told:
            told = told.replace("{questions}", ", ".join(target.by_id[q].topic or q if q in target.by_id else q for q in f.unanswered))
        findings.append(f.model_copy(update={"title": rule.title, "patient_text": told}))
    plan = summary.plan
    words = target.plan.verdicts.get(plan.verdict)
    plan_update: dict[str, Any] = {}
    if words is not None:
        titles = {f.id: f.title for f in findings}
        reasons = target.plan.reasons_joiner.join(titles.get(i, rules[i].title if i in rules else i) for i in plan.decided_by)
        plan_update = {
            "headline": words.headline,
            "explain": words.explain.replace("{reasons}", reasons),
            "titration": words.titration,
            "options": list(words.options),
            "dose_time_text": target.plan.dose_times[plan.dose_time] if plan.dose_time else None,
        }
    medication = summary.medication
    if medication and isinstance(medication.get("equivalent_note"), str):
        medication = {**medication, "equivalent_note": convert(medication["equivalent_note"])}
    return summary.model_copy(
        update={
            "meta": summary.meta.model_copy(update={"language": language}),
            "plan": plan.model_copy(update=plan_update),
            "findings": findings,
            "provider_questions": [convert(q) for q in summary.provider_questions],
            "disclaimer": target.plan.disclaimer.strip() if summary.disclaimer is not None else None,
            "crisis": target.plan.crisis.strip(),
            "medication": medication,
        }
    )
