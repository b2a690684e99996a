"""The ``ldnwizard`` command: the wizard, and the commands that need no screen.

Exit codes: 0 done, 1 the person quit or a file failed a check, 2 bad usage or bad input.
Bad input never shows a traceback: one message saying what and where.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence

from ldnwizard import __version__
from ldnwizard.core.errors import ContentErrors, InputError, LdnError, safe_message


CONDITIONS_HELP = """\
conditions (show_if in questionnaire.toml, when in rules.toml):
  always                          true for everyone
  answered ID                     the question has an answer
  ID == "value"   ID != "value"   single choice or text
  ID in ["a", "b"]                one of these choices (also: not in)
  ID has "a"                      several-choices question includes "a"
  ID has any ["a", "b"]           ... includes any of them (also: has all)
  ID > 15   (<, <=, >=, ==, !=)   numbers
  not X,  X and Y,  X or Y,  ( X )
  A comparison with an unanswered question is false. Besides question ids,
  conditions may use medicine_kind ("benzodiazepine", "z-drug") and
  diazepam_mg_per_day (approximate, from medicines.toml).
"""


KIOSK_STAFF_EXIT = """\
staff: how to stop the kiosk
  With a PIN file (--operator-pin-file F): press F12 three times within three
  seconds, type the PIN, press Enter. Three wrong PINs lock the box for a while.
  Without a PIN file the keyboard cannot stop it (customers cannot either):
  send SIGTERM to the kiosk process, kill -TERM PID. The PID is printed when the
  kiosk starts, and F12 three times shows it on the screen.
"""


class UsageError(LdnError):
    """Bad command-line usage (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(f"{self.prog}: {message}")


class _QuietParser(_Parser):
    """A first look at the command line: a mistake is left to the full parser to report."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _questions_arg(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--questions",
        metavar="DIR",
        type=Path,
        default=default,
        help="use the question set in DIR instead of the built-in one",
    )


def _lang_list(text: str) -> list[str]:
    from ldnwizard.core.content.messages import LANGUAGES  # no question-set code: the wizard starts quickly

    langs = [part.strip() for part in text.split(",")]
    for lang in langs:
        if lang not in LANGUAGES:
            raise argparse.ArgumentTypeError(f"{lang!r} is not a language ldnwizard speaks ({', '.join(LANGUAGES)})")
    if len(langs) > 2:
        raise argparse.ArgumentTypeError(f"{text!r}: at most two languages (the patient's page, then the provider's)")
    return langs


def _lang_arg(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--lang",
        metavar="LANG",
        type=_lang_list,
        default=default,
        help="es or en: the language of what a person reads (the wizard follows LC_ALL/LANG when not told); "
        "show and pickup: en (default) the provider's page in English, es the patient's page in Spanish, "
        "es,en the patient's page then the provider's",
    )


def _one_lang(args: argparse.Namespace, default: str | None = "en") -> str | None:
    """The one language a command works in (--lang LANG); two are only for show and pickup."""
    langs = getattr(args, "lang", None)
    if not langs:
        return default
    if len(langs) > 1:
        raise UsageError(f"ldnwizard: --lang {','.join(langs)}: this command takes one language")
    return langs[0]


def _wizard_parser(parser_class: type[_Parser] = _Parser, *, version: bool = False, **options: object) -> argparse.ArgumentParser:
    """The top-level parser: the options of the wizard itself (``options`` go to the parser).

    ``version`` adds --version first, right after -h, where the usage line has always shown it.
    """
    parser = parser_class(
        prog="ldnwizard",
        description="Get ready to talk with your prescriber about low dose naltrexone (LDN) "
        "when you take a benzodiazepine or a Z-drug. With no command, opens the wizard.",
        **options,
    )
    if version:
        parser.add_argument("--version", action="version", version=f"ldnwizard {__version__}")
    _questions_arg(parser)
    _lang_arg(parser)
    parser.add_argument("--no-draft", action="store_true", help="do not save answers as a draft while you go")
    parser.add_argument("--plain", action="store_true", help="plain line-by-line questions (screen readers, scripts; needed when input is not a terminal)")
    parser.add_argument("--theme", choices=["auto", "dark", "light", "high-contrast"], default="auto", help="colour theme of the wizard")
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line, read.

    When it holds only the wizard's own options (the usual ``ldnwizard``), they are read
    without building every command's parser, which would cost the wizard's first paint
    about 10 ms. Anything else (a command, help, --version, an abbreviation, a mistake)
    goes through the full parser, so its messages and exit codes are the same as ever.
    """
    quick = _wizard_parser(_QuietParser, add_help=False, allow_abbrev=False)
    try:
        args, rest = quick.parse_known_args(argv)
    except UsageError:
        rest = ["(a mistake: the full parser says what)"]
    if not rest:
        args.command = None
        return args
    return build_parser().parse_args(argv)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command (also used to print help)."""
    parser = _wizard_parser(version=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("summarize", help="answers (or an old summary, or a FHIR QuestionnaireResponse) -> summary file, no screen")
    p.add_argument("answers", type=Path, metavar="ANSWERS.toml")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.toml", help="write here (default: print)")
    p.add_argument("--force", action="store_true", help="replace OUT.toml if it exists")
    _questions_arg(p, argparse.SUPPRESS)
    _lang_arg(p, argparse.SUPPRESS)

    p = sub.add_parser("show", help="show a summary file or a FHIR QuestionnaireResponse (the provider's view)")
    p.add_argument("file", type=Path, metavar="FILE.toml")
    p.add_argument("--format", choices=["text", "markdown", "html"], default="text")
    _questions_arg(p, argparse.SUPPRESS)
    _lang_arg(p, argparse.SUPPRESS)

    p = sub.add_parser(
        "check",
        help="check a question set folder or a summary file",
        description="Check a question set (every problem is reported as file:line) or a summary file "
        "(valid, and its answers still give the same plan). Exit 0 when sound, 1 when not.",
        epilog=CONDITIONS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("target", type=Path, nargs="?", metavar="DIR|SUMMARY.toml|RESPONSE.json")
    _questions_arg(p, argparse.SUPPRESS)
    _lang_arg(p, argparse.SUPPRESS)
    _kiosk_parsers(sub)
    _fhir_parsers(sub)
    return parser


def _fhir_parsers(sub) -> None:
    p = sub.add_parser("export", help="a summary (or answers) file -> FHIR R4 QuestionnaireResponse for clinic systems")
    p.add_argument("file", type=Path, metavar="FILE.toml")
    p.add_argument("--format", choices=["fhir"], default="fhir", help="fhir: FHIR R4 JSON (the default)")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.json", help="write here (default: print)")
    p.add_argument("--force", action="store_true", help="replace OUT.json if it exists")
    p.add_argument("--subject", metavar="REF", help="the patient, as a FHIR reference such as Patient/123 (default: none)")
    p.add_argument("--author", metavar="REF", help="who recorded it, such as Practitioner/7 (default: none)")
    p.add_argument("--include-name", action="store_true", help="also export the name or initials the person typed (left out by default)")
    p.add_argument("--base-url", metavar="URL", help="canonical base of the Questionnaire and code systems (default https://ldnwizard.org/fhir)")
    _questions_arg(p, argparse.SUPPRESS)
    _lang_arg(p, argparse.SUPPRESS)

    p = sub.add_parser("questions", help="the question set as a FHIR R4 Questionnaire")
    p.add_argument("--format", choices=["fhir"], default="fhir", help="fhir: FHIR R4 JSON (the default)")
    p.add_argument("--bundle", action="store_true", help="a Bundle: the Questionnaire, its CodeSystems and extension definitions")
    p.add_argument("--base-url", metavar="URL", help="canonical base of the Questionnaire and code systems (default https://ldnwizard.org/fhir)")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.json", help="write here (default: print)")
    p.add_argument("--force", action="store_true", help="replace OUT.json if it exists")
    _questions_arg(p, argparse.SUPPRESS)
    _lang_arg(p, argparse.SUPPRESS)


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} must be a number above 0")
    return value


def _kiosk_options(p: argparse.ArgumentParser, *, all_options: bool = True) -> None:
    p.add_argument("--config", type=Path, metavar="FILE", help="kiosk settings (TOML); options given here win")
    p.add_argument("--spool", type=Path, metavar="DIR", help="folder of the saved summaries (shared with pickup)")
    p.add_argument("--retain-hours", type=_positive, metavar="H", help="delete saved summaries after H hours (default 24)")
    if all_options:
        p.add_argument("--idle-seconds", type=_positive, metavar="N", help="start over after N seconds without input (default 90)")
        p.add_argument("--operator-pin-file", type=Path, metavar="F", help="file with the PIN that stops the kiosk (F12 three times)")
        p.add_argument("--finish-seconds", type=_positive, metavar="N", help="wipe an untouched finish screen (code, verdict) after N seconds (default 45)")
        p.add_argument("--spool-group", metavar="GROUP", help="share the spool with this group of staff (folder 2770, files 0640)")
    _questions_arg(p, argparse.SUPPRESS)
    _lang_arg(p, argparse.SUPPRESS)


def _kiosk_parsers(sub) -> None:
    p = sub.add_parser(
        "kiosk",
        help="pharmacy kiosk: one customer after another, summaries saved under a code",
        description="The pharmacy kiosk: one customer after another, summaries saved under a code for the pharmacist.",
        epilog=KIOSK_STAFF_EXIT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _kiosk_options(p)
    p.add_argument("--no-supervise", action="store_true", help="run the kiosk itself, without the supervisor that restarts it after a crash")

    p = sub.add_parser("pickup", help="the pharmacist's side of the kiosk: the summary saved under a code")
    p.add_argument("code", metavar="CODE", help="the 6-character code the customer was shown")
    p.add_argument("--format", choices=["text", "markdown", "toml"], help="default: text (toml when -o ends in .toml)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of showing it")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    _kiosk_options(p, all_options=False)

    p = sub.add_parser("serve", help="the kiosk in a web browser (textual-serve), one kiosk per browser tab")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--public-url", metavar="URL", help="the address browsers use, if not http://HOST:PORT (needed with --host 0.0.0.0)")
    p.add_argument("--max-sessions", type=int, default=8, metavar="N", help="at most N kiosks at once; more get a busy page (default 8)")
    p.add_argument("--allow-origin", action="append", metavar="ORIGIN", help="also accept pages from this origin, like https://kiosk.example (repeatable)")
    p.add_argument("--token-file", type=Path, metavar="F", help="file with a shared secret: the page then needs ?token=SECRET once")
    _kiosk_options(p)


def _note(text: str) -> None:
    """One line on stderr, made safe: control characters visible, long quoted values cut."""
    print(safe_message(text), file=sys.stderr)


def _bank(args: argparse.Namespace):
    from ldnwizard.core.content.load import load_bank

    return load_bank(args.questions)


def _read_answers(path: Path, bank):
    """Answers from an answers file or an old summary's [answers] (and [patient])."""
    from ldnwizard.core.answering.answers import check_answers
    from ldnwizard.core.report.summary import from_data, is_summary
    from ldnwizard.core.files.tomlfile import TomlLines, read_toml

    from ldnwizard import fhir

    if fhir.looks_like_json(path):  # a FHIR QuestionnaireResponse
        imported = fhir.read_response(bank, path)
        return check_answers(bank, imported.answers, path=path, patient=imported.patient)
    data, text = read_toml(path)
    lines = TomlLines(text)
    if is_summary(data):
        old = from_data(data, path, text)
        return check_answers(
            bank, old.answers, path=path, lines=lines, table="answers", patient=old.patient.model_dump(exclude_none=True)
        )
    nested = [k for k, v in data.items() if isinstance(v, dict)]
    if nested:
        raise InputError(
            f"an answers file is a flat list of question id = value; [{nested[0]}] is a table", path, where=nested[0]
        )
    checked = check_answers(bank, data, path=path, lines=lines)
    if not checked.answers and not checked.dropped:
        raise InputError("no answers: give at least one question id = value", path)
    return checked


def _same_question_set(summary, bank, path: Path) -> None:
    """A summary is read with the question set it was made with: its answers fit no other."""
    if summary.meta.question_set != bank.questionnaire.id:
        raise InputError(
            f"this summary was made with question set {summary.meta.question_set!r}, not "
            f"{bank.questionnaire.id!r}; give its folder with --questions DIR",
            path,
            where="meta.question_set",
        )


def refuse_existing(path: Path | None, force: bool) -> None:
    """Stop before any work when ``--output`` exists and ``--force`` is not given.

    The files layer is imported here, not at the top: the wizard's first screen does not need it.
    """
    from ldnwizard.core.files.store import refuse_existing as refuse

    refuse(path, force)


def cmd_summarize(args: argparse.Namespace) -> int:
    from ldnwizard.core.answering.assess import assess
    from ldnwizard.core.report.summary import build_summary, to_toml

    refuse_existing(args.output, args.force)
    bank = _in_language(_bank(args), _one_lang(args))
    checked = _read_answers(args.answers, bank)
    for key in checked.dropped:
        _note(f"ldnwizard: note: {args.answers} ({key}): left out, the question does not apply with these answers")
    result = assess(bank, checked.answers, checked.patient)
    _warn_unanswered_safety(args.answers, bank, result)
    write_out(args, to_toml(build_summary(bank, result)), "Summary")
    return 0


def _warn_unanswered_safety(path: Path, bank, result) -> None:
    """Say on stderr which safety questions apply but have no answer (the plan is then held at wait)."""
    if result.unanswered_safety:
        ids = ", ".join(result.unanswered_safety)
        print(
            f"ldnwizard: warning: {path}: safety questions without an answer ({ids}): "
            f"the plan is {result.plan.verdict} until they are answered",
            file=sys.stderr,
        )


def cmd_show(args: argparse.Namespace) -> int:
    from ldnwizard.core.report.patient_page import render_pages
    from ldnwizard.core.report.summary import read_summary

    from ldnwizard import fhir

    langs = getattr(args, "lang", None) or ["en"]  # the provider's page, in English, unless told
    if fhir.looks_like_json(args.file):
        bank = _bank(args)
        summary, _ = _summary_of_response(args.file, bank)
    else:
        summary = read_summary(args.file)
        bank = _bank(args)
    sys.stdout.write(render_pages(summary, bank, langs, args.format))
    return 0


def _in_language(bank, lang: str | None):
    """The bank with its patient-facing texts in ``lang`` (English: as it is)."""
    from ldnwizard.core.content.i18n import translate

    return translate(bank, lang) if lang and lang != "en" else bank


def _summary_of_response(path: Path, bank):
    """A FHIR QuestionnaireResponse, assessed again: its summary (created when it was authored) and the import."""
    from ldnwizard import fhir
    from ldnwizard.core.answering.answers import check_answers
    from ldnwizard.core.answering.assess import assess
    from ldnwizard.core.report.summary import build_summary

    imported = fhir.read_response(bank, path)
    checked = check_answers(bank, imported.answers, path=path, patient=imported.patient)
    return build_summary(bank, assess(bank, checked.answers, checked.patient), created=imported.authored), imported


def write_out(args: argparse.Namespace, text: str, what: str) -> None:
    """Print ``text``, or write it to ``--output`` (atomic, 0600, replaced only with --force)."""
    from ldnwizard.core.files.store import write_out as write

    write(text, args.output, force=args.force, what=what)


def cmd_export(args: argparse.Namespace) -> int:
    from ldnwizard import fhir
    from ldnwizard.core.answering.assess import assess
    from ldnwizard.core.report.summary import build_summary, is_summary, read_summary

    refuse_existing(args.output, args.force)
    bank = _bank(args)
    checked = _read_answers(args.file, bank)  # every answer checked against the question set, with its line
    data = None if fhir.looks_like_json(args.file) else _toml_data(args.file)
    if data is not None and is_summary(data):
        summary = read_summary(args.file)
        _same_question_set(summary, bank, args.file)
        if summary.meta.question_set_version != bank.questionnaire.version:
            # the response points at the Questionnaire this set exports, so it is assessed by this version
            print(
                f"ldnwizard: note: {args.file}: made with version {summary.meta.question_set_version} of the "
                f"question set; assessed again with version {bank.questionnaire.version}",
                file=sys.stderr,
            )
            summary = build_summary(bank, assess(bank, checked.answers, checked.patient), created=summary.meta.created)
        else:
            summary = summary.model_copy(update={"answers": checked.answers})
    else:
        summary = build_summary(bank, assess(bank, checked.answers, checked.patient))
    dropped = fhir.left_out(bank, summary)
    for key in dropped:
        _note(f"ldnwizard: note: {args.file} ({key}): left out, it comes after an urgent stop")
    if dropped:  # the response's plan and findings follow from the answers it holds
        kept = {k: v for k, v in summary.answers.items() if k not in dropped}
        summary = build_summary(bank, assess(bank, kept, checked.patient), created=summary.meta.created)
    from ldnwizard.core.content.i18n import relabel, summary_language

    if summary_language(summary) != "en":  # clinic systems get the provider's copy: every word in English
        summary = relabel(summary, bank, "en")
    resource = fhir.questionnaire_response(
        bank, summary, base=args.base_url, subject=args.subject, author=args.author, include_name=args.include_name
    )
    write_out(args, fhir.to_json(resource), "QuestionnaireResponse")
    return 0


def _toml_data(path: Path):
    from ldnwizard.core.files.tomlfile import read_toml

    return read_toml(path)[0]


def cmd_questions(args: argparse.Namespace) -> int:
    from ldnwizard import fhir

    refuse_existing(args.output, args.force)
    bank = _bank(args)
    if args.bundle:
        resource, missing = fhir.bundle(bank, args.base_url)
    else:
        resource, missing = fhir.questionnaire_and_notes(bank, args.base_url)
    stops = {k: why for k, why in missing.items() if k.startswith("urgent ")}
    if stops:  # a form without the stop would go on to the next question: refuse
        key, why = next(iter(stops.items()))
        raise InputError(f"{key}: its `when` cannot be said with enableWhen ({why}), so a form would not stop there")
    for qid, why in missing.items():
        _note(f"ldnwizard: note: {qid}: show-if not expressed as enableWhen ({why}); see the item's extension")
    write_out(args, fhir.to_json(resource), "Bundle" if args.bundle else "Questionnaire")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from ldnwizard.core.content.welcome import default_questions_dir
    from ldnwizard.core.content.load import load_bank

    target = args.target
    if target is None or target.is_dir():
        folder = target or args.questions or default_questions_dir()
        try:
            bank = load_bank(folder)
        except ContentErrors as exc:
            for err in exc.errors:
                print(err, file=sys.stderr)
            _note(f"{len(exc.errors)} problem(s) in {folder}")
            return 1
        from ldnwizard.core.content.i18n import check_translations

        only = tuple(lang for lang in getattr(args, "lang", None) or () if lang != "en") or None
        from ldnwizard.core.content.messages import check_messages

        stale = check_translations(bank, only) + check_messages()  # missing, stale or broken translations, each as file:line (key)
        for err in stale:
            print(err, file=sys.stderr)
        if stale:
            _note(f"{len(stale)} translation problem(s) in {folder}")
            return 1
        counts = _run_content_cases(Path(folder), bank)
        if counts is None:
            return 1
        ran, failed = counts
        print(
            safe_message(
                f"{folder}: {'OK' if not failed else 'FAILED'}: {len(bank.questions)} questions in {len(bank.questionnaire.sections)} sections, "
                f"{len(bank.rules)} rules, {len(bank.medicines.medicines)} medicines, {len(bank.sources.sources)} sources"
                + (f", {ran} cases ({failed} failed)" if ran else "")
            )
        )
        return 1 if failed else 0
    from ldnwizard import fhir

    if fhir.looks_like_json(target):
        return _check_response(args, target)
    return _check_summary(args, target)


def _run_content_cases(folder: Path, bank) -> tuple[int, int] | None:
    """Run the set's cases.toml; print each failing case. (cases run, cases failed), or None if the file is bad."""
    from ldnwizard.core.answering.cases import CASES_FILE, load_cases, run_cases

    try:
        loaded = load_cases(folder)
    except ContentErrors as exc:
        for err in exc.errors:
            print(err, file=sys.stderr)
        return None
    except LdnError as exc:
        _note(str(exc))
        return None
    if loaded is None:
        return 0, 0
    cases, lines = loaded
    results = run_cases(bank, cases, lines)
    failed = [r for r in results if not r.ok]
    for r in failed:
        where = f"{folder / CASES_FILE}:{r.line}" if r.line else str(folder / CASES_FILE)
        _note(f"{where} ({r.case.name}): {'; '.join(r.problems)}; {r.got()}")
    return len(results), len(failed)


def _check_response(args: argparse.Namespace, path: Path) -> int:
    """A QuestionnaireResponse: its answers are valid, its status is honest, and its plan (if it carries one) still holds."""
    from ldnwizard import fhir

    bank = _bank(args)
    summary, imported = _summary_of_response(path, bank)
    problems = fhir.response_problems(bank, summary, imported.resource)
    for p in problems:
        _note(f"{path}: {p}")
    if problems:
        return 1
    print(safe_message(f"{path}: OK: a QuestionnaireResponse ({imported.status}) for {bank.questionnaire.id} {bank.questionnaire.version}; its answers give {summary.plan.verdict}"))
    return 0


def _check_summary(args: argparse.Namespace, path: Path) -> int:
    from ldnwizard.core.answering.assess import assess
    from ldnwizard.core.report.summary import read_summary

    summary = read_summary(path)
    bank = _bank(args)
    _same_question_set(summary, bank, path)  # what export refuses, check refuses too
    checked = _read_answers(path, bank)
    again = assess(bank, checked.answers, checked.patient)
    problems = []
    if again.plan.verdict != summary.plan.verdict:
        problems.append(f"plan.verdict is {summary.plan.verdict!r}, but its answers give {again.plan.verdict!r}")
    if again.plan.start_dose_mg != summary.plan.start_dose_mg:
        problems.append(f"plan.start_dose_mg is {summary.plan.start_dose_mg}, but its answers give {again.plan.start_dose_mg}")
    if again.plan.dose_time != summary.plan.dose_time:
        problems.append(f"plan.dose_time is {summary.plan.dose_time!r}, but its answers give {again.plan.dose_time!r}")
    have = [f.id for f in summary.findings]
    want = [r.id for r in again.findings]
    if have != want:
        problems.append(f"findings {have} differ from what its answers give: {want}")
    if again.unanswered_safety:
        problems.append(
            "safety questions apply but have no answer ("
            + ", ".join(again.unanswered_safety)
            + "): this summary cannot support a start"
        )
    for p in problems:
        _note(f"{path}: {p}")
    if problems:
        return 1
    print(safe_message(f"{path}: OK: a valid {summary.meta.schema_} summary; its answers give the same plan ({summary.plan.verdict})"))
    return 0


def cmd_wizard(args: argparse.Namespace) -> int:
    from ldnwizard.core.content.messages import (  # no pydantic: the first screen stays quick
        choose_language,
        set_language,
    )

    lang = choose_language(_one_lang(args, None))  # --lang, else LC_ALL / LC_MESSAGES / LANG
    set_language(lang)
    if not args.plain:
        from ldnwizard.core.content.welcome import warm_welcome

        welcome = warm_welcome(args.questions, language=lang)  # None unless the question set is cached as checked
        if welcome is not None:
            from ldnwizard.tui.run import run_wizard

            return run_wizard(None, args, welcome=welcome)  # the bank loads after the first screen
    from ldnwizard.core.content.load import load_bank_fast

    bank = _in_language(load_bank_fast(args.questions), lang)  # a full, checked load: bad content exits 2 before any UI
    if args.plain:
        from ldnwizard.plain import run_plain

        return run_plain(bank, args)
    from ldnwizard.tui.run import run_wizard

    return run_wizard(bank, args)


def _kiosk_command(name: str, args: argparse.Namespace) -> int:
    """kiosk, pickup and serve live in ldnwizard.kiosk (pickup needs no Textual)."""
    if name == "pickup":
        from ldnwizard.kiosk.pickup import run_pickup

        return run_pickup(args)
    if name == "serve":
        from ldnwizard.kiosk.serve import run_serve

        return run_serve(args)
    from ldnwizard.kiosk.run import run_kiosk

    return run_kiosk(args)


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_wizard,
    "summarize": cmd_summarize,
    "show": cmd_show,
    "check": cmd_check,
    "export": cmd_export,
    "questions": cmd_questions,
    "kiosk": lambda args: _kiosk_command("kiosk", args),
    "pickup": lambda args: _kiosk_command("pickup", args),
    "serve": lambda args: _kiosk_command("serve", args),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit code."""
    try:
        args = parse_args(argv)
        return COMMANDS[args.command](args)
    except UsageError as exc:
        _note(str(exc))
        return 2
    except ContentErrors as exc:
        for err in exc.errors:
            _note(f"ldnwizard: error: {err}")
        return 2
    except LdnError as exc:
        from ldnwizard.core.files.store import (  # deferred: the wizard's first screen does not need it
            OutputExists,
        )

        _note(f"ldnwizard: error: {exc}; use --force to replace it" if isinstance(exc, OutputExists) else f"ldnwizard: error: {exc}")
        return 2
    except RecursionError:  # a last guard: every file is depth-checked when read
        _note("ldnwizard: error: the input is nested too deeply")
        return 2
    except KeyboardInterrupt:
        print("ldnwizard: stopped", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
