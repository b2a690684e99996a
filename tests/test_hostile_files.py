"""Hostile files for every file command: exit 0, 1 or 2, one line, never a traceback, never a hang,
and every string from a file shown inert (control and escape characters visible, never sent raw).

The commands run in-process through ``ldnwizard.cli.main``; the question set is loaded once.
Summaries are made from answers the shipped question set accepts, found by walking its
questions (no question list is written here).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import math
import os
import signal
import stat
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ldnwizard import cli
from ldnwizard.core.answering.answers import check_answers
from ldnwizard.core.answering.assess import assess
from ldnwizard.core.content.load import load_bank
from ldnwizard.core.content.content_text_check import UNSAFE
from ldnwizard.core.errors import ContentErrors, InputError
from ldnwizard.core.files.store import STALE_TEMP_SECONDS, write_private
from ldnwizard.core.report.summary import build_summary, to_toml
from ldnwizard.core.text import one_line, printable
from ldnwizard.core.files.tomlfile import MAX_DEPTH, MAX_FILE_BYTES, read_toml
from ldnwizard.plain.console import Console

#: An OSC window title, a clear-screen, a C1 CSI, a bidi override and a bell.
ESC = "\x1b]0;PWNED\x07\x1b[2J\x9b31m\u202eX"
COMMANDS = (
    ["show"],
    ["show", "--format", "markdown"],
    ["show", "--format", "html"],
    ["check"],
    ["export", "--format", "fhir"],
    ["summarize"],
)


# ------------------------------------------------------------------ helpers


def sample_answers(bank) -> dict[str, Any]:
    """Valid answers to every question that shows, found by walking the question set."""
    answers: dict[str, Any] = {}
    for _ in range(len(bank.questions) + 1):
        added = False
        for q in bank.visible_questions(answers):
            if q.id in answers or q.patient_field:
                continue
            if q.kind == "number":
                low = q.minimum if q.minimum is not None else 0
                value: Any = min(low + 1, q.maximum) if q.maximum is not None else low + 1
            elif q.kind == "text":
                value = "some words"
            else:
                plain = [c for c in q.choices if not getattr(c, "exclusive", False)] or list(q.choices)
                pick = plain[-1].value  # the last ordinary choice: seldom an urgent stop
                value = pick if q.kind == "single" else [pick]
            answers[q.id] = value
            added = True
        if not added:
            break
    return check_answers(bank, answers).answers


@pytest.fixture(scope="module")
def base(bank) -> dict[str, Any]:
    """A valid summary's data, with a patient name, made from sampled answers."""
    answers = sample_answers(bank)
    name_q = next((q for q in bank.questions if q.patient_field == "name"), None)
    patient = {"name": "Ann"} if name_q is not None else {}
    data = tomllib.loads(to_toml(build_summary(bank, assess(bank, answers, patient))))
    assert data["answers"], "the walk found no answers"
    return data


@pytest.fixture
def fast_bank(bank, monkeypatch):
    """The commands use the session's loaded question set instead of loading it each time."""
    monkeypatch.setattr(cli, "_bank", lambda args: bank)
    return bank


def run(capsys, *args: Any) -> tuple[int, str, str]:
    """Run a command in-process: (exit code, stdout, stderr). Any exception escaping is a failure."""
    capsys.readouterr()
    rc = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return rc, out, err


def assert_clean_failure(rc: int, err: str) -> None:
    assert rc in (0, 1, 2)
    assert "Traceback" not in err
    assert UNSAFE.search(err) is None, repr(err[:300])
    if rc == 2:
        lines = err.strip().splitlines()
        assert lines and all(line.startswith("ldnwizard:") for line in lines), err[:500]


@contextlib.contextmanager
def deadline(seconds: int):
    """Fail (instead of hanging the suite) if the block takes longer than ``seconds``."""

    def _raise(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# ------------------------------------------------------------------ fuzz: structure

_TEXT = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(list("\x1b\x07\x9b\x00\x7f\u202e\u2028[]{}\"'\\=.#\n"))),
    max_size=40,
)
_SCALAR = st.one_of(
    _TEXT,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.just(dt.timezone.utc)),
    st.just("x" * 5000),
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(_TEXT.filter(bool), inner, max_size=4),
    ),
    max_leaves=12,
)
_TABLES = ("", "meta", "patient", "answers", "plan", "medication", "findings.0", "sources.*", "plan.steps.0")


def _table(data: dict[str, Any], name: str) -> dict[str, Any] | None:
    node: Any = data
    for part in name.split(".") if name else []:
        if part == "*":
            node = next(iter(node.values()), None) if isinstance(node, dict) else None
        elif part.isdigit():
            node = node[int(part)] if isinstance(node, list) and len(node) > int(part) else None
        else:
            node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


@st.composite
def mutated(draw, base: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(base)
    if draw(st.booleans()):
        data.setdefault("medication", {"id": "x", "name": "X"})
    for _ in range(draw(st.integers(1, 4))):
        table = _table(data, draw(st.sampled_from(_TABLES)))
        if table is None:
            continue
        keys = sorted(table) or ["x"]
        key = draw(st.one_of(st.sampled_from(keys), _TEXT.filter(bool)))
        if draw(st.integers(0, 5)) == 0:
            table.pop(key, None)
        else:
            table[key] = draw(_VALUE)
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_fuzz_summary_structure(data, base, fast_bank, capsys, tmp_path_factory) -> None:
    summary = data.draw(mutated(base))
    try:
        text = tomli_w.dumps(summary)
    except (TypeError, ValueError):
        return  # tomli_w cannot write it, so no file can hold it
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "summary.toml"
    path.write_text(text, encoding="utf-8")
    for command in COMMANDS:
        rc, out, err = run(capsys, *command, path)
        assert_clean_failure(rc, err)
        if command[0] == "show":
            assert UNSAFE.search(out) is None, repr(out[:300])
            assert "nan mg" not in out and "inf mg" not in out


_RAW = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(st.integers(0, 3000), st.sampled_from("[{")).map(lambda n: f"a = {n[1] * n[0]}".encode()),
    st.integers(0, 3000).map(lambda n: ("a" + ".a" * n + " = 1\n").encode()),
    st.text(max_size=200).map(lambda t: ("\ufeff" + t).encode("utf-8", "surrogatepass")),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=_RAW)
def test_fuzz_raw_bytes(raw, fast_bank, capsys, tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("raw") / "file.toml"
    path.write_bytes(raw)
    for command in COMMANDS:
        rc, out, err = run(capsys, *command, path)
        assert_clean_failure(rc, err)


_FHIR_KEYS = ("resourceType", "status", "item", "linkId", "answer", "valueCoding", "valueString", "valueDecimal",
              "valueInteger", "code", "system", "authored", "questionnaire", "text", "extension", "url")
_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _TEXT, st.sampled_from(_FHIR_KEYS + ("completed", "benzo"))),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(_FHIR_KEYS) | _TEXT, inner, max_size=5)),
    max_leaves=20,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(doc=st.dictionaries(st.sampled_from(_FHIR_KEYS), _JSON, max_size=6), response=st.booleans())
def test_fuzz_json_responses(doc, response, fast_bank, capsys, tmp_path_factory) -> None:
    """The commands also read a FHIR QuestionnaireResponse (JSON): the same contract holds."""
    import json

    if response:
        doc["resourceType"] = "QuestionnaireResponse"
    path = tmp_path_factory.mktemp("json") / "response.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    for command in COMMANDS:
        rc, out, err = run(capsys, *command, path)
        assert_clean_failure(rc, err)


# ------------------------------------------------------------------ not a regular file

def _specials(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    return {"pipe (FIFO)": fifo, "device": zero, "folder": folder}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c))
def test_fifo_device_and_folder_are_refused_at_once(command, fast_bank, tmp_path, capsys) -> None:
    for word, path in _specials(tmp_path).items():
        if command == ["check"] and word == "folder":
            continue  # check DIR checks a question set folder
        started = time.monotonic()
        with deadline(10):
            rc, out, err = run(capsys, *command, path)
        assert time.monotonic() - started < 5
        assert rc == 2 and word in err and "Traceback" not in err, err
        assert len(err.strip().splitlines()) == 1


def test_the_reader_never_reads_past_its_limit(tmp_path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"a = 1\n" + b"#" * MAX_FILE_BYTES)
    with pytest.raises(InputError, match="too big"):
        read_toml(big)
    with deadline(10), pytest.raises(InputError, match="device"):
        read_toml(_specials(tmp_path)["device"])


def test_a_drafts_pipe_is_a_notice_not_a_hang(tmp_path) -> None:
    from ldnwizard.core.answering.drafts import DraftStore

    store = DraftStore(tmp_path)
    os.mkfifo(store.path("ldn-benzo"))
    with deadline(10):
        peek = store.peek("ldn-benzo")
    assert peek.count == 0 and peek.notice


def test_a_draft_with_an_escape_in_a_name_is_left_out(bank, tmp_path) -> None:
    from ldnwizard.core.answering.drafts import DraftStore

    store = DraftStore(tmp_path)
    answers = sample_answers(bank)
    draft = {"question_set": bank.questionnaire.id, "answers": answers, "patient": {"name": "Ann" + ESC}, "at": ""}
    store.path(bank).write_text(tomli_w.dumps(draft), encoding="utf-8")
    assert store.peek(bank.questionnaire.id).notice and store.load(bank).flow is None
    draft["patient"] = {}
    store.path(bank).write_text(tomli_w.dumps(draft), encoding="utf-8")
    assert store.peek(bank.questionnaire.id).notice is None and store.load(bank).flow is not None


# ------------------------------------------------------------------ depth, size, BOM, empty


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 50_000 + "]" * 50_000 + "\n",
        "a = " + "{b = " * 50_000 + "1" + "}" * 50_000 + "\n",
        "a" + ".a" * 50_000 + " = 1\n",
        "[" + "a." * 50_000 + "a]\nb = 1\n",
    ],
    ids=["arrays", "inline-tables", "dotted-key", "dotted-header"],
)
def test_deep_nesting_is_one_line_quickly(text, fast_bank, tmp_path, capsys) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    for command in COMMANDS:
        started = time.monotonic()
        rc, _, err = run(capsys, *command, path)
        assert time.monotonic() - started < 3
        assert rc == 2 and f"more than {MAX_DEPTH}" in err and "deep.toml:1" in err, err


def test_nesting_inside_strings_and_comments_is_not_nesting(tmp_path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(
        'a = "' + "[" * 100 + '"\n' + "b = '''\n" + "{" * 100 + "'''\n# " + "[" * 100 + "\nc = [[1], [2.5]]\nd.e.f = 1\n",
        encoding="utf-8",
    )
    data, _ = read_toml(path)
    assert data["c"] == [[1], [2.5]] and data["d"] == {"e": {"f": 1}}


def test_a_byte_order_mark_is_accepted(bank, base, fast_bank, tmp_path, capsys) -> None:
    path = tmp_path / "answers.toml"
    path.write_bytes("\ufeff".encode() + tomli_w.dumps(base["answers"]).encode())
    rc, out, err = run(capsys, "summarize", path)
    assert rc == 0, err
    assert tomllib.loads(out)["answers"] == base["answers"]


@pytest.mark.parametrize("text", ["", "# nothing\n", '\ufeff\n'])
def test_an_empty_answers_file_is_an_error(text, fast_bank, tmp_path, capsys) -> None:
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    rc, out, err = run(capsys, "summarize", path)
    assert rc == 2 and "no answers" in err and out == ""


def test_a_long_answer_is_not_echoed_whole(fast_bank, base, tmp_path, capsys) -> None:
    qid = next(iter(base["answers"]))
    path = tmp_path / "answers.toml"
    path.write_text(tomli_w.dumps({qid: ["x" * 900_000]}) if isinstance(base["answers"][qid], str) else tomli_w.dumps({qid: "x" * 900_000}), encoding="utf-8")
    rc, _, err = run(capsys, "summarize", path)
    assert rc == 2 and "…" in err and len(err) < 3000, len(err)
    big = tmp_path / "big.toml"
    big.write_text(tomli_w.dumps({qid: "x" * 1_900_000}), encoding="utf-8")
    rc, _, err = run(capsys, "summarize", big)
    assert rc == 2 and "too big" in err and len(err) < 300


# ------------------------------------------------------------------ values check accepts, show renders


@pytest.mark.parametrize(
    "change, where",
    [
        (lambda d: d["medication"].update(dose_mg=math.nan), "medication.dose_mg"),
        (lambda d: d["medication"].update(daily_mg=math.inf), "medication.daily_mg"),
        (lambda d: d["medication"].update(diazepam_equivalent_mg_per_day=5, diazepam_equivalent_range_mg=[1]), "medication.diazepam_equivalent_range_mg"),
        (lambda d: d["medication"].update(doses_per_day="two"), "medication.doses_per_day"),
        (lambda d: d["medication"].update(name=["a"]), "medication.name"),
        (lambda d: d["plan"].update(steps=[{"dose_mg": 1.0, "for_days": 10**30}]), "plan.steps.0.for_days"),
        (lambda d: d["plan"].update(steps=[{"dose_mg": math.nan, "for_days": 14}]), "plan.steps.0.dose_mg"),
        (lambda d: d["plan"].update(start_dose_mg=-1.0), "plan.start_dose_mg"),
        (lambda d: d["answers"].update(extra={"a": 1}), "answers.extra"),
        (lambda d: d["answers"].update(extra=[1, 2]), "answers.extra"),
    ],
)
def test_values_show_cannot_print_are_refused_by_every_command(change, where, base, fast_bank, tmp_path, capsys) -> None:
    data = copy.deepcopy(base)
    data.setdefault("medication", {"id": "m", "name": "M"})
    change(data)
    path = tmp_path / "s.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    for command in COMMANDS:
        rc, out, err = run(capsys, *command, path)
        assert rc == 2 and f"({where}" in err, (command, err)
        assert "nan" not in out


def test_check_refuses_what_export_refuses(base, fast_bank, tmp_path, capsys) -> None:
    data = copy.deepcopy(base)
    data["meta"]["question_set"] = "another-set"
    path = tmp_path / "s.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    for command in (["check"], ["export"]):
        rc, _, err = run(capsys, *command, path)
        assert rc == 2 and "another-set" in err and "--questions" in err


def test_a_good_summary_passes_every_command(base, fast_bank, tmp_path, capsys) -> None:
    path = tmp_path / "s.toml"
    path.write_text(tomli_w.dumps(base), encoding="utf-8")
    for command in COMMANDS:
        rc, out, err = run(capsys, *command, path)
        assert rc in (0, 1) and "Traceback" not in err, (command, err)  # check may say 1: sampled answers, real rules
        assert out or command == ["check"]


# ------------------------------------------------------------------ escapes come out inert


def _evil(base: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(base)
    data["patient"]["name"] = "Ann" + ESC
    sid = next(iter(data["sources"]))
    data["sources"][sid + ESC] = data["sources"].pop(sid)
    data["sources"][sid + ESC]["title"] = "Title" + ESC
    for finding in data["findings"]:
        finding["title"] += ESC
        finding["patient_text"] += ESC
        finding["provider_text"] += ESC
        finding["sources"] = [s + ESC if s == sid else s for s in finding["sources"]]
        finding["because"] = {"k" + ESC: "v" + ESC}
    data["plan"]["headline"] = "Headline" + ESC
    data["plan"]["explain"] = "Explain" + ESC
    data["plan"]["titration"] = "Titration" + ESC
    data["medication"] = {"id": "m" + ESC, "name": "Medicine" + ESC, "equivalent_table": "T" + ESC, "equivalent_note": "N" + ESC,
                          "diazepam_equivalent_mg_per_day": 5}
    data["provider_questions"] = ["Question" + ESC]
    data["unanswered"] = ["u" + ESC]
    data["answers"]["x" + ESC] = "answer" + ESC
    data["disclaimer"] = "Disclaimer" + ESC
    data["meta"]["tool_version"] = "1" + ESC
    return data


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_escapes_in_every_summary_field_are_shown_inert(fmt, base, fast_bank, tmp_path, capsys) -> None:
    path = tmp_path / "evil.toml"
    path.write_text(tomli_w.dumps(_evil(base)), encoding="utf-8")
    rc, out, err = run(capsys, "show", "--format", fmt, path)
    assert rc == 0, err
    assert UNSAFE.search(out) is None
    for word in ("Ann", "Headline", "Medicine", "Question", "Disclaimer", "Title"):
        shown = out.replace("\\\\", "\\").replace("\\[", "[").replace("\\]", "]")  # Markdown escapes its brackets
        assert f"{word}\\x1b]0;PWNED\\x07\\x1b" in shown, word


def test_escapes_in_error_messages_are_shown_inert(base, fast_bank, tmp_path, capsys) -> None:
    path = tmp_path / "evil.toml"
    path.write_text(tomli_w.dumps(_evil(base)), encoding="utf-8")
    for command in (["check"], ["export"], ["summarize"]):
        rc, _, err = run(capsys, *command, path)
        assert rc == 2 and UNSAFE.search(err) is None and "\\x1b]0;PWNED" in err, err
    odd = tmp_path / ("name" + ESC + ".toml")
    rc, _, err = run(capsys, "show", odd)
    assert rc == 2 and UNSAFE.search(err) is None and "name\\x1b]0;PWNED" in err
    answers = tmp_path / "answers.toml"
    answers.write_text(tomli_w.dumps({"id" + ESC: 1}), encoding="utf-8")
    rc, _, err = run(capsys, "summarize", answers)
    assert rc == 2 and UNSAFE.search(err) is None and "unknown question id" in err


def test_escapes_in_a_kiosk_settings_file_are_shown_inert(tmp_path, capsys) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(tomli_w.dumps({"t" + ESC: {"a": 1}}), encoding="utf-8")
    rc, _, err = run(capsys, "pickup", "ABC234", "--config", config, "--spool", tmp_path / "spool")
    assert rc == 2 and UNSAFE.search(err) is None and "t\\x1b]0;PWNED" in err, err


def test_plain_mode_shows_escapes_inert() -> None:
    out = io.StringIO()
    console = Console(stdin=io.StringIO("typed" + ESC + "\n"), stdout=out, echo=True)
    console.say("Question" + ESC)
    assert console.ask("> " + ESC) == "typed" + ESC  # the answer itself is kept as typed
    assert UNSAFE.search(out.getvalue()) is None and out.getvalue().count("\\x1b]0;PWNED") == 3


def test_the_sanitiser() -> None:
    assert printable("a\nb\tc\x1b\x9b\u202e") == "a\nb\\x09c\\x1b\\x9b\\u202e"
    assert one_line("a\nb") == "a\\x0ab"
    assert printable("ünï 日本 ✓") == "ünï 日本 ✓"


def test_escapes_in_question_set_text_fail_check(tmp_path, capsys) -> None:
    from ldnwizard.core.content.welcome import default_questions_dir

    folder = tmp_path / "set"
    folder.mkdir()
    for src in default_questions_dir().iterdir():
        if src.is_file():
            (folder / src.name).write_bytes(src.read_bytes())
    qn = folder / "questionnaire.toml"
    text = qn.read_text(encoding="utf-8")
    start = text.index('prompt = "') + len('prompt = "')
    qn.write_text(text[:start] + "\\u001b]0;PWNED\\u0007" + text[start:], encoding="utf-8")
    rc, _, err = run(capsys, "check", folder)
    assert rc == 1 and "control character (\\x1b)" in err and "questionnaire.toml:" in err, err
    assert UNSAFE.search(err) is None
    with pytest.raises(ContentErrors):  # the wizard, plain mode and the kiosk never load it
        load_bank(folder)


# ------------------------------------------------------------------ writing


@pytest.mark.parametrize("kind", ["pipe (FIFO)", "device", "folder"])
def test_force_replaces_regular_files_only(kind, base, fast_bank, tmp_path, capsys) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text(tomli_w.dumps(base["answers"]), encoding="utf-8")
    target = _specials(tmp_path)[kind]
    before = os.lstat(target)
    with deadline(10):
        rc, _, err = run(capsys, "summarize", answers, "-o", target, "--force")
    assert rc == 2 and ("folder" if kind == "folder" else kind) in err, err
    after = os.lstat(target)
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_force_still_replaces_a_regular_file(tmp_path) -> None:
    target = tmp_path / "out.toml"
    target.write_text("old", encoding="utf-8")
    write_private(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new" and stat.S_IMODE(target.stat().st_mode) == 0o600


def test_crash_left_temp_files_are_cleaned(tmp_path) -> None:
    old = tmp_path / ".out.toml.abc123.tmp"
    fresh = tmp_path / ".out.toml.def456.tmp"
    foreign = tmp_path / ".out.toml.ghi789.tmp"
    for p in (old, fresh, foreign):
        p.write_text("half a summary", encoding="utf-8")
    old.chmod(0o600)
    fresh.chmod(0o600)
    foreign.chmod(0o644)  # not made by us: left alone
    past = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(old, (past, past))
    os.utime(foreign, (past, past))
    write_private(tmp_path / "out.toml", "new")
    assert not old.exists() and fresh.exists() and foreign.exists()


def test_the_content_cache_is_private(tmp_path) -> None:
    from ldnwizard.core.content.load import load_bank_fast

    cache = tmp_path / "cache"
    load_bank_fast(None, cache)
    files = list(cache.iterdir())
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert not [f for f in files if f.name.endswith(".tmp")]


def test_machine_output_on_a_terminal_is_inert(monkeypatch, capsys) -> None:
    from ldnwizard.core.files import store

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    monkeypatch.setattr("sys.stdout", tty)
    store.write_out('a = "\x9b\u202e"\n', None)
    assert UNSAFE.search(tty.getvalue()) is None and "\\x9b" in tty.getvalue()
