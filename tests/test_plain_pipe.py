"""``ldnwizard --plain`` scripted through a pipe: one answer per line, checks, commands, exit codes."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from test_plain_support import STANDARD, STANDARD_LINES, run_cli, run_plain, write_answers

TODAY = dt.date.today()


def default_file(cwd: Path) -> Path:
    return cwd / f"ldn-summary-{TODAY:%Y-%m-%d}.toml"


def after(text: str, marker: str) -> str:
    """The output from the first time ``marker`` was shown."""
    assert marker in text, f"{marker!r} not in output"
    return text[text.index(marker) :]


def test_full_session_saves_the_same_plan_as_summarize(tmp_path: Path) -> None:
    result = run_plain(STANDARD_LINES + ["", "", "yes", ""], tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    saved = default_file(tmp_path)
    assert f"Saved your summary to {saved}" in result.stdout
    assert saved.stat().st_mode & 0o777 == 0o600
    data = tomllib.loads(saved.read_text(encoding="utf-8"))
    assert data["answers"] == STANDARD
    assert "patient" not in data or "name" not in data["patient"]
    md = saved.with_suffix(".md")
    assert f"Saved the copy to {md}" in result.stdout
    assert md.read_text(encoding="utf-8").startswith("# LDN and benzodiazepine summary")

    answers = write_answers(tmp_path / "answers.toml", STANDARD)
    summarized = run_cli("summarize", str(answers), cwd=tmp_path)
    assert summarized.returncode == 0, summarized.stderr
    assert data["plan"] == tomllib.loads(summarized.stdout)["plan"]
    assert [f["id"] for f in data["findings"]] == [f["id"] for f in tomllib.loads(summarized.stdout)["findings"]]


def test_shows_sections_progress_numbered_choices_and_the_summary(tmp_path: Path) -> None:
    result = run_plain(STANDARD_LINES + ["", "no"], tmp_path)
    out = result.stdout
    assert result.returncode == 0
    assert "Part 1 of 7: Before we start" in out
    assert "Part 2 of 7: Your benzo or sleep pill" in out
    assert "Part 7 of 7: About you" in out
    assert "  5. Clonazepam (Klonopin, Rivotril)" in out
    review = after(out, "Your answers")
    assert "2. Which benzo or sleep pill do you take?\n   Clonazepam (Klonopin, Rivotril)" in review
    assert "5. What do you take it for? Pick all that fit.\n   Anxiety or worry; Sleep" in review
    assert "3. How much is one dose, in milligrams (mg)?\n   0.5 mg\n" in review  # the unit, not a bare number
    assert "11. Do you take any of these? Pick all that fit.\n   None of these" in review
    assert "23. Your name or initials" in review
    summary = after(out, "Your summary")
    assert "● MAY FIT: LDN may fit; talk about it with your prescriber" in summary
    assert "Options to talk about\n- Not taking LDN." in summary
    assert "go to an emergency room (A&E).\n" in summary.split("Save")[0]  # the summary ends with the crisis lines
    assert "- First dose: 1 mg a day" in summary
    assert "Questions to ask your prescriber" in summary
    assert "[1] LDN and Benzodiazepines: Can You Take Them Together Safely? Yoon Hang" in summary
    assert "It is not medical advice and it does not prescribe." in summary


def test_end_of_input_midway_quits_with_one_line(tmp_path: Path) -> None:
    result = run_plain(STANDARD_LINES[:6], tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["ldnwizard: input ended before the end; nothing was saved"]
    assert "Traceback" not in result.stdout + result.stderr
    assert list(tmp_path.iterdir()) == []


def test_end_of_input_after_saving_says_what_was_saved(tmp_path: Path) -> None:
    result = run_plain(STANDARD_LINES + ["", ""], tmp_path)  # input ends at "also a Markdown copy?"
    assert result.returncode == 1
    assert result.stderr.strip() == f"ldnwizard: input ended before the end; saved only {default_file(tmp_path)}"


def test_a_letter_for_a_dose_is_asked_again(tmp_path: Path) -> None:
    lines = ["18 to 64", "clonazepam", "abc", "5000", "0"] + STANDARD_LINES[2:] + ["", "", "no"]
    result = run_plain(lines, tmp_path)
    assert result.returncode == 0
    dose = after(result.stdout, "How much is one dose")
    assert '> abc\n"abc" is not a number written with digits. A dose is a number of milligrams, such as 0.5 or 10.\n> 5000\n' in dose
    assert "5000 is too large (at most 1000). A dose is a number of milligrams, such as 0.5 or 10.\n> 0\n" in dose
    assert "Must be more than 0." in dose
    assert tomllib.loads(default_file(tmp_path).read_text())["answers"]["benzo_dose_mg"] == 0.5


def test_an_unknown_choice_is_asked_again(tmp_path: Path) -> None:
    result = run_plain(["2", "banana", "99", "zo", "zolp"], tmp_path)
    out = result.stdout
    assert '"banana" is not one of the choices. Type a number from 1 to 26, or the words of a choice.' in out
    assert "There is no choice 99. Type a number from 1 to 26" in out
    assert '"zo" is not one of the choices' in out  # too short to pick by a part
    assert "How much is one dose" in out  # "zolp" picked Zolpidem, the one label it is part of
    assert result.returncode == 1


def test_a_part_that_fits_several_choices_asks_for_the_number(tmp_path: Path) -> None:
    result = run_plain(["2", "azepam"], tmp_path)
    assert '"azepam" fits more than one choice (1. Alprazolam' not in result.stdout
    assert '"azepam" fits more than one choice (' in result.stdout
    assert "Type the number of the one you mean." in result.stdout


def test_none_with_another_choice_is_asked_again(tmp_path: Path) -> None:
    lines = STANDARD_LINES[:6] + ["tapering", "none, 1", "4"]
    result = run_plain(lines, tmp_path)
    urgent_q = after(result.stdout, "Right now, do you have any of these?")
    assert '> none, 1\n"None of these" cannot go with other choices. Pick it alone, or pick the others without it.\n> 4\n' in urgent_q
    assert "Have medicines that act on the brain" in urgent_q  # went on after the valid answer


def test_an_urgent_answer_stops_at_once(tmp_path: Path) -> None:
    lines = STANDARD_LINES[:6] + ["withdrawal", "1"] + ["no"] * 5
    result = run_plain(lines, tmp_path)
    assert result.returncode == 1
    out = after(result.stdout, "Please get help now")
    assert "911 in the US or Canada, 999 in the UK" in out
    assert "Do not stop or change any medicine on your own." in out
    assert "The questions stop here. Nothing was saved." in out
    assert "Have medicines that act on the brain" not in out
    assert list(tmp_path.iterdir()) == []


def test_back_goes_to_the_previous_question_and_keeps_its_answer(tmp_path: Path) -> None:
    lines = ["18 to 64", "diazepam", "back", "", "skip", "back", "back", "back", "back", "", "clonazepam"] + STANDARD_LINES[2:] + ["", "", "no"]
    result = run_plain(lines, tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Your answer now: Diazepam (Valium, Stesolid). Press Enter to keep it." in out
    assert "This is the first question." in out
    data = tomllib.loads(default_file(tmp_path).read_text())
    assert data["answers"]["benzo"] == "clonazepam"


def test_help_explains_the_question_and_how_to_answer(tmp_path: Path) -> None:
    result = run_plain(["2", "help"], tmp_path)
    out = after(result.stdout, "> help")
    assert "Type part of the name or the brand to find it." in out
    assert "Type the number of your answer, or its words." in out
    assert "back (previous question)" in out


def test_skip_only_where_an_answer_may_be_left_out(tmp_path: Path) -> None:
    result = run_plain(["skip", "2", "clonazepam", "skip", "skip", "1"], tmp_path)
    out = result.stdout
    assert "This question needs an answer." in after(out, "Question 1 of")
    assert out.count("This question needs an answer.") == 1  # only the age question refused the skip
    assert "What do you take it for?" in after(out, "> clonazepam")  # both optional numbers were skipped


def test_quit_asks_first_when_answers_would_be_lost(tmp_path: Path) -> None:
    result = run_plain(["2", "clonazepam", "quit", "maybe", "no", "quit", "yes"], tmp_path)
    assert result.returncode == 1
    out = result.stdout
    assert out.count("Quit now? Your answers will be lost. Type yes to quit, or no to go on.") == 2
    assert "Please type yes or no." in out
    assert out.rstrip().endswith("Stopped. Nothing was saved.")
    assert result.stderr == ""


def test_quit_with_nothing_to_lose_leaves_at_once(tmp_path: Path) -> None:
    result = run_plain(["quit"], tmp_path)
    assert result.returncode == 1
    assert "Quit now?" not in result.stdout
    assert result.stdout.rstrip().endswith("Stopped. Nothing was saved.")


def test_the_review_changes_an_answer_by_number(tmp_path: Path) -> None:
    # Change answer 12 (opioids) to yes: the plan becomes do-not-start.
    result = run_plain(STANDARD_LINES + ["30", "12", "yes", "", "", "no"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Type a number from 1 to 23, or press Enter to see your summary." in result.stdout
    data = tomllib.loads(default_file(tmp_path).read_text())
    assert data["answers"]["opioids"] == "yes"
    assert data["plan"]["verdict"] == "do-not-start"
    assert "✖ DO NOT START: Do not start LDN for now" in result.stdout
    assert "- First dose: None. No dose is given." in result.stdout and "- Time of day" not in after(result.stdout, "DO NOT START")


def test_a_change_that_opens_new_questions_asks_them(tmp_path: Path) -> None:
    # Taper "stable" -> "tapering" opens "Right now, do you have any of these?"
    result = run_plain(STANDARD_LINES + ["7", "4", "4", "", "", "no"], tmp_path)
    assert result.returncode == 0, result.stderr
    data = tomllib.loads(default_file(tmp_path).read_text())
    assert data["answers"]["taper_status"] == "tapering"
    assert data["answers"]["urgent_symptoms"] == ["none"]
    assert data["plan"]["verdict"] == "wait"


def test_never_overwrites_without_asking(tmp_path: Path) -> None:
    existing = default_file(tmp_path)
    existing.write_text("keep me", encoding="utf-8")
    result = run_plain(STANDARD_LINES + ["", "", "no", "mine", "no"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"There is already a file {existing}. Replace it? Type yes or no." in result.stdout
    assert existing.read_text(encoding="utf-8") == "keep me"
    assert f"Saved your summary to {tmp_path / 'mine.toml'}" in result.stdout
    assert tomllib.loads((tmp_path / "mine.toml").read_text())["plan"]["verdict"] == "standard"


def test_replacing_a_file_only_after_yes(tmp_path: Path) -> None:
    existing = default_file(tmp_path)
    existing.write_text("old", encoding="utf-8")
    result = run_plain(STANDARD_LINES + ["", "", "yes", "no"], tmp_path)
    assert result.returncode == 0
    assert tomllib.loads(existing.read_text())["meta"]["schema"] == "ldnwizard.summary/1"


def test_a_folder_that_does_not_exist_is_asked_again(tmp_path: Path) -> None:
    result = run_plain(STANDARD_LINES + ["", "nowhere/x.toml", "no"], tmp_path)
    assert result.returncode == 0
    assert "Could not save:" in result.stdout and "the folder does not exist" in result.stdout
    assert "The summary was not saved." in result.stdout


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_escape_codes(tmp_path: Path, env: dict[str, str]) -> None:
    lines = ["help", "x"] + STANDARD_LINES + ["", "", "no"]
    result = run_plain(lines, tmp_path, **env)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout + result.stderr
    assert "Your summary" in result.stdout


def test_text_from_a_person_is_shown_literally(tmp_path: Path) -> None:
    name = "[red]x\x1b[2J<b>"
    lines = STANDARD_LINES[:-1] + [name, "", "", "no"]
    result = run_plain(lines, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "For: [red]x\\x1b[2J<b>" in result.stdout


def test_back_at_the_save_step_shows_the_answers_again(tmp_path: Path) -> None:
    result = run_plain(STANDARD_LINES + ["", "back", "12", "3", "", "", "no"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Your answers\n") == 3  # first, after back, after the change
    data = tomllib.loads(default_file(tmp_path).read_text())
    assert data["answers"]["opioids"] == "unsure"
    assert data["plan"]["verdict"] == "wait"


def test_bytes_that_are_not_utf8_are_an_unknown_answer_not_a_crash(tmp_path: Path) -> None:
    import subprocess
    import sys

    from test_plain_support import plain_env

    result = subprocess.run(
        [sys.executable, "-m", "ldnwizard", "--plain", "--no-draft"],
        input=b"\xff\xfe\n4\n",
        cwd=tmp_path,
        env=plain_env(),
        capture_output=True,
        timeout=60,
    )
    out = result.stdout.decode("utf-8")
    assert "is not one of the choices" in out
    assert "There is no choice 4." in out  # the first question (age) has 3 choices
    assert result.returncode == 1 and b"Traceback" not in result.stderr


def test_every_question_shows_its_help_under_the_prompt_without_asking(tmp_path: Path) -> None:
    from ldnwizard.core.content.load import cached_bank

    result = run_plain(STANDARD_LINES + ["", "", "no"], tmp_path)
    shown = [q for q in cached_bank().questions if q.help and f"\n{q.prompt}\n" in result.stdout]
    assert len(shown) >= 3
    for q in shown:
        assert f"\n{q.prompt}\n{q.help.strip()}\n" in result.stdout, q.id
