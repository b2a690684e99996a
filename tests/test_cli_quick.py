"""The wizard's quick look at the command line answers exactly as the full parser does.

``cli.parse_args`` reads the wizard's own options without building every command's
parser; for every command line the result, the messages and the exit code must be those
of ``build_parser().parse_args`` (what ldnwizard always did).
"""

from __future__ import annotations

import pytest

from ldnwizard import cli

LINES = [
    [], ["--"], ["--", "--plain"], ["--plain", "--"], ["--questions"], ["--questions", "x"], ["--questions=x"],
    ["--lang=es"], ["--lang", "fr"], ["--lang", "es,en"], ["--lang", "es,"], ["--no-draft", "--plain"], ["--pla"],
    ["--plain=1"], ["--theme=light"], ["--theme", "x"], ["--the", "light"], ["-h"], ["--he"], ["--version"],
    ["--vers"], ["-x"], ["foo"], ["--plain", "check"], ["--questions", "--"], ["--questions", "-1"], ["-"], [""],
    ["--=x"], ["---plain"], ["--PLAIN"], ["--theme", "dark", "--theme", "light"], ["--no-draft", "--version"],
]


def _outcome(parse, argv, capsys):
    try:
        result = ("ok", sorted(vars(parse(argv)).items(), key=str))
    except SystemExit as exc:
        result = ("exit", exc.code)
    except cli.UsageError as exc:
        result = ("usage", str(exc))
    captured = capsys.readouterr()
    return result, captured.out, captured.err


@pytest.mark.parametrize("argv", LINES, ids=" ".join)
def test_quick_parse_is_the_full_parse(argv, capsys):
    assert _outcome(cli.parse_args, argv, capsys) == _outcome(lambda a: cli.build_parser().parse_args(a), argv, capsys)


def test_usage_lists_version_beside_help(capsys):
    """The usage line and 'could match' lists read as before the quick parser: -h, --version, then the wizard's."""
    assert cli.main(["--=x"]) == 2
    err = capsys.readouterr().err
    assert "usage: ldnwizard [-h] [--version] [--questions DIR]" in err
    assert "could match --help, --version, --questions," in err
