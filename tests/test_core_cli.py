"""The non-interactive commands: summarize, show, check. Bad input: exit 2, one message, no traceback, no file."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from ldnwizard.cli import main
from ldnwizard.core.content.welcome import default_questions_dir

GOOD = """\
age_group = "18-to-64"
benzo = "clonazepam"
benzo_dose_mg = 0.5
benzo_doses_per_day = 2
benzo_uses = ["sleep", "anxiety"]
benzo_how_long = "over-3-months"
taper_status = "stable"
cns_sensitivity = "yes"
mood_history = "no"
self_harm_thoughts = "no"
other_medicines = ["none"]
opioids = "no"
transplant = "no"
seizure_disorder = "no"
liver_disease = "no"
kidney_disease = "no"
pregnancy = "no"
name = "[red]x[/red] [@click=app.quit]y"
"""


def run(*args: str) -> int:
    return main([str(a) for a in args])


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.toml"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_summarize_writes_private_summary(answers, tmp_path, capsys):
    out = tmp_path / "s.toml"
    assert run("summarize", answers, "-o", out) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert data["meta"]["schema"] == "ldnwizard.summary/1"
    assert data["plan"]["verdict"] == "start-low" and data["plan"]["start_dose_mg"] == 0.5
    assert data["plan"]["dose_time"] == "morning"
    assert data["patient"]["name"] == "[red]x[/red] [@click=app.quit]y"
    assert "name" not in data["answers"]
    assert data["medication"]["diazepam_equivalent_mg_per_day"] == 20
    assert all(f["sources"] and f["evidence"] for f in data["findings"])
    assert set(s for f in data["findings"] for s in f["sources"]) <= set(data["sources"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.toml", "s.toml"]


def test_summarize_to_stdout(answers, capsys):
    assert run("summarize", answers) == 0
    assert 'verdict = "start-low"' in capsys.readouterr().out


def test_existing_output_is_not_overwritten(answers, tmp_path, capsys):
    out = tmp_path / "s.toml"
    out.write_text("precious", encoding="utf-8")
    assert run("summarize", answers, "-o", out) == 2
    assert "already exists; use --force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "precious"
    assert run("summarize", answers, "-o", out, "--force") == 0
    assert "[plan]" in out.read_text(encoding="utf-8")


def test_old_summary_is_reassessed(answers, tmp_path):
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    assert run("summarize", answers, "-o", first) == 0
    assert run("summarize", first, "-o", second) == 0
    a = tomllib.loads(first.read_text(encoding="utf-8"))
    b = tomllib.loads(second.read_text(encoding="utf-8"))
    assert a["plan"] == b["plan"] and a["answers"] == b["answers"] and a["patient"] == b["patient"]


def test_unknown_keys_in_a_summary_are_kept(answers, tmp_path):
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    assert run("summarize", answers, "-o", first) == 0
    text = first.read_text(encoding="utf-8").replace("[meta]\n", "[meta]\nclinic_ref = \"A-17\"\n")
    first.write_text(text + "\n[extra]\nnote = \"kept\"\n", encoding="utf-8")
    from ldnwizard.core.report.summary import read_summary, to_toml

    again = tomllib.loads(to_toml(read_summary(first)))
    assert again["meta"]["clinic_ref"] == "A-17" and again["extra"] == {"note": "kept"}


BAD = [
    ('benzo_dose_mg = "half"', 2, "benzo_dose_mg", "milligrams"),
    ("benzo_dose_mg = -1", 2, "benzo_dose_mg", "more than 0"),
    ("benzo_dose_mg = 5000", 2, "benzo_dose_mg", "too large"),
    ("benzo_dose_mg = true", 2, "benzo_dose_mg", "expected"),
    ("benzo_dose_mg = nan", 2, "benzo_dose_mg", "expected"),
    ('benzo_uses = "sleep"', 2, "benzo_uses", "list of choices"),
    ('benzo_uses = ["sleep", "sleep"]', 2, "benzo_uses", "twice"),
    ('taper_status = "slowly"', 2, "taper_status", "'slowly' is not a choice"),
    ('benzo = "Xanax"', 2, "benzo", "'Xanax' is not a choice"),
    ('favourite_colour = "blue"', 2, "favourite_colour", "unknown question id"),
    ('urgent_symptoms = ["none", "seizure"]', 2, "urgent_symptoms", "cannot go with other choices"),
    ('name = "' + "x" * 41 + '"', 2, "name", "40 letters"),
]


@pytest.mark.parametrize("line, lineno, key, fragment", BAD)
def test_bad_answers(tmp_path, capsys, line, lineno, key, fragment):
    path = tmp_path / "answers.toml"
    path.write_text('benzo = "clonazepam"\n' + line + "\n" if not line.startswith("benzo =") else line + "\n", encoding="utf-8")
    out = tmp_path / "out.toml"
    assert run("summarize", path, "-o", out) == 2
    err = capsys.readouterr().err
    expected_line = 1 if line.startswith("benzo =") else lineno
    assert f"{path}:{expected_line} ({key})" in err and fragment in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.toml"]


@pytest.mark.parametrize(
    "content, fragment",
    [
        (b'benzo = "clonazepam\n', "not valid TOML"),
        (b"\x00\x01\x02binary", "binary file"),
        (b"\xff\xfe not utf8", "not UTF-8"),
        (b"[meta]\nschema = \"other.tool/3\"\n", "schema 'other.tool/3'"),
        (b"[meta]\ncreated = 1\n", "no [meta] table with a schema"),
        (b"[answers]\nbenzo = \"none\"\n", "flat list of question id"),
        (b'[meta]\nschema = "ldnwizard.summary/1"\n', "Field required"),
    ],
)
def test_bad_files(tmp_path, capsys, content, fragment):
    path = tmp_path / "in.toml"
    path.write_bytes(content)
    assert run("summarize", path, "-o", tmp_path / "out.toml") == 2
    err = capsys.readouterr().err
    assert str(path) in err and fragment in err and "Traceback" not in err, err
    assert not (tmp_path / "out.toml").exists()


def test_toml_error_names_the_line(tmp_path, capsys):
    path = tmp_path / "in.toml"
    path.write_text('benzo = "none"\nopioids = = "no"\n', encoding="utf-8")
    assert run("summarize", path) == 2
    assert f"{path}:2:" in capsys.readouterr().err


def test_missing_file_and_folder(tmp_path, capsys):
    assert run("summarize", tmp_path / "nope.toml") == 2
    assert "file not found" in capsys.readouterr().err
    assert run("show", tmp_path) == 2
    assert "folder" in capsys.readouterr().err


def test_output_into_missing_folder(answers, tmp_path, capsys):
    assert run("summarize", answers, "-o", tmp_path / "no" / "s.toml") == 2
    assert "folder does not exist" in capsys.readouterr().err


def test_dropped_answers_are_named(tmp_path, capsys):
    path = tmp_path / "a.toml"
    path.write_text('benzo = "none"\nbenzo_dose_mg = 2\nopioids = "no"\n', encoding="utf-8")
    assert run("summarize", path) == 0
    captured = capsys.readouterr()
    assert "benzo_dose_mg" in captured.err and "does not apply" in captured.err
    assert "benzo_dose_mg" not in tomllib.loads(captured.out)["answers"]


def test_usage_errors(capsys):
    assert run("frobnicate") == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err
    assert run("show") == 2
    assert run("show", "x.toml", "--format", "pdf") == 2


def test_show_text_and_markdown_keep_text_literal(answers, tmp_path, capsys):
    out = tmp_path / "s.toml"
    run("summarize", answers, "-o", out)
    text = out.read_text(encoding="utf-8").replace('name = "[red]', 'name = "\\u001b[31m[red]')
    out.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert run("show", out) == 0
    shown = capsys.readouterr().out
    assert "\x1b" not in shown
    assert "\\x1b[31m[red]x[/red] [@click=app.quit]y" in shown
    assert "VERDICT: ▲ START LOW" in shown and "CAUTION" in shown and "Sources" in shown
    assert "Because: cns_sensitivity: Yes" in shown and shown.rstrip().endswith("(A&E).")
    assert run("show", out, "--format", "markdown") == 0
    md = capsys.readouterr().out
    assert md.startswith("# LDN and benzodiazepine summary for \\\\x1b\\[31m\\[red\\]x\\[/red\\]")
    assert "| benzo | Clonazepam (Klonopin, Rivotril) |" in md


def test_check_question_set(capsys, tmp_path):
    assert run("check") == 0
    assert "OK:" in capsys.readouterr().out
    broken = tmp_path / "set"
    shutil.copytree(default_questions_dir(), broken)
    rules = broken / "rules.toml"
    rules.write_text(rules.read_text(encoding="utf-8").replace('"kim-ldnmd"', '"kim"', 1), encoding="utf-8")
    assert run("check", broken) == 1
    err = capsys.readouterr().err
    assert "rules.toml:" in err and "unknown source 'kim'" in err


def test_check_summary(answers, tmp_path, capsys):
    out = tmp_path / "s.toml"
    run("summarize", answers, "-o", out)
    assert run("check", out) == 0
    out.write_text(out.read_text(encoding="utf-8").replace('verdict = "start-low"', 'verdict = "standard"'), encoding="utf-8")
    assert run("check", out) == 1
    assert "plan.verdict is 'standard'" in capsys.readouterr().err


def test_questions_option_everywhere(answers, tmp_path, capsys):
    copy = tmp_path / "set"
    shutil.copytree(default_questions_dir(), copy)
    plan = copy / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('word = "CAUTION"', 'word = "CAREFUL"'), encoding="utf-8")
    shutil.rmtree(copy / "i18n")  # a changed English word would make its Spanish stale (tests/test_i18n.py)
    out = tmp_path / "s.toml"
    assert run("--questions", copy, "summarize", answers, "-o", out) == 0
    assert run("show", out, "--questions", copy) == 0
    assert "CAREFUL" in capsys.readouterr().out
    assert run("check", "--questions", copy) == 0
    assert run("summarize", answers, "--questions", tmp_path / "none") == 2
    assert "no such question set folder" in capsys.readouterr().err


def test_console_script_has_no_traceback(tmp_path):
    bad = tmp_path / "a.toml"
    bad.write_text("benzo_dose_mg = 5000\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "ldnwizard", "summarize", str(bad)],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"ldnwizard: error: {bad}:1 (benzo_dose_mg)")


def test_installed_wheel_ships_questions(tmp_path):
    """A real wheel carries the question set, and the command finds it from any folder."""
    import zipfile

    root = Path(__file__).resolve().parent.parent
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(root)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next((tmp_path / "dist").glob("ldnwizard-*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        assert "ldnwizard/questions/ldn-benzo/questionnaire.toml" in zf.namelist()
        zf.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "ldnwizard", "check"],
        capture_output=True, text=True, cwd=elsewhere, env={**os.environ, "PYTHONPATH": str(site)}, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert str(site / "ldnwizard" / "questions" / "ldn-benzo") in proc.stdout
