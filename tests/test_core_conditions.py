"""The condition language: parsing, evaluation, checking against a schema."""

from __future__ import annotations

import pytest

from ldnwizard.core.content import conditions as cond


class Schema:
    vars = {
        "benzo": cond.VarInfo("single", frozenset({"clonazepam", "none", "other"})),
        "uses": cond.VarInfo("multi", frozenset({"sleep", "panic", "anxiety"})),
        "dose": cond.VarInfo("number"),
        "name": cond.VarInfo("text"),
    }

    def var(self, name):
        return self.vars.get(name)


@pytest.mark.parametrize(
    "text, facts, expected",
    [
        ('benzo == "clonazepam"', {"benzo": "clonazepam"}, True),
        ('benzo == "clonazepam"', {"benzo": "none"}, False),
        ('benzo != "none"', {"benzo": "clonazepam"}, True),
        ('benzo != "none"', {}, False),  # unanswered: every comparison is false
        ('not benzo == "none"', {}, True),
        ('benzo in ["clonazepam", "other"]', {"benzo": "other"}, True),
        ('benzo not in ["none"]', {"benzo": "none"}, False),
        ('benzo not in ["none"]', {}, False),
        ('uses has "sleep"', {"uses": ["panic", "sleep"]}, True),
        ('uses has any ["sleep", "panic"]', {"uses": ["anxiety"]}, False),
        ('uses has all ["sleep", "panic"]', {"uses": ["sleep", "panic"]}, True),
        ('uses has all ["sleep", "panic"]', {"uses": ["sleep"]}, False),
        ("dose > 15", {"dose": 15.5}, True),
        ("dose > 15", {"dose": 15}, False),
        ("dose >= 15 and dose <= 20", {"dose": 20}, True),
        ("dose < 1 or dose == 5", {"dose": 5}, True),
        ("answered dose", {"dose": 1}, True),
        ("answered dose", {}, False),
        ("always", {}, True),
        ('(benzo == "none" or dose > 1) and not uses has "sleep"', {"dose": 2, "uses": ["panic"]}, True),
        ('name == "x"', {"name": "x"}, True),
    ],
)
def test_evaluate(text, facts, expected):
    assert cond.parse(text).evaluate(facts) is expected


def test_and_binds_tighter_than_or():
    node = cond.parse('benzo == "none" or benzo == "other" and dose > 1')
    assert node.evaluate({"benzo": "none"}) is True
    assert node.evaluate({"benzo": "other", "dose": 0}) is False


@pytest.mark.parametrize(
    "text, column",
    [
        ("benzo ==", 9),
        ("benzo = 1", 7),
        ('benzo == "x" dose', 14),
        ('(benzo == "x"', 14),
        ("uses has 3", 6),
        ("benzo in none", 10),
        ("benzo not", 10),
        ('__import__("os")', 11),
    ],
)
def test_syntax_errors_say_where(text, column):
    with pytest.raises(cond.ConditionSyntaxError) as err:
        cond.parse(text)
    assert err.value.column == column
    assert f"column {column}" in str(err.value)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('nope == "x"', "unknown question id 'nope'"),
        ('benzo == "xanax"', "'benzo' has no choice 'xanax'"),
        ('uses has "walking"', "'uses' has no choice 'walking'"),
        ('uses == "sleep"', "use 'has'"),
        ('benzo has "none"', "'has' is for questions with several choices"),
        ('dose == "ten"', "compare it with a number"),
        ("benzo > 3", "compare it with a quoted value"),
        ('dose in ["1"]', "'in' is for single-choice questions"),
    ],
)
def test_check_finds_problems(text, fragment):
    problems = cond.check(cond.parse(text), Schema())
    assert problems and fragment in problems[0][1]


def test_check_accepts_good_condition():
    text = 'benzo in ["clonazepam"] and uses has any ["sleep"] and dose > 2 and answered name'
    assert cond.check(cond.parse(text), Schema()) == []


def test_no_eval_of_python():
    # Names are just names: a Python expression is a syntax error, never run.
    with pytest.raises(cond.ConditionSyntaxError):
        cond.parse("__import__('os').system('true')")


from hypothesis import given, settings
from hypothesis import strategies as st

ALPHABET = st.sampled_from(list('abz_ "()[],=!<>0123456789.') + ["and ", "or ", "not ", "in ", "has ", "any ", "answered ", "always"])


@settings(max_examples=500, deadline=None)
@given(st.lists(ALPHABET, max_size=30).map("".join))
def test_parser_never_fails_in_an_unplanned_way(text):
    try:
        node = cond.parse(text)
    except cond.ConditionSyntaxError as exc:
        assert 1 <= exc.column <= len(text) + 1
        return
    cond.check(node, Schema())
    node.evaluate({"benzo": "none", "uses": ["sleep"], "dose": 3})
