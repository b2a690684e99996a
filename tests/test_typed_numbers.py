"""Typed numbers (wizard, kiosk, plain): only plain decimals count; anything that could be misread is asked again."""

from __future__ import annotations

import pytest

from ldnwizard.core.answering.answers import AnswerError, parse_typed


@pytest.fixture()
def dose(bank):
    return next(q for q in bank.questions if q.kind == "number" and q.unit == "mg")


@pytest.mark.parametrize("typed, value", [("2", 2), ("0,5", 0.5), ("0.5", 0.5), (".5", 0.5), ("0.5 mg", 0.5), (" 10 ", 10)])
def test_plain_decimals_are_read(dose, typed, value) -> None:
    assert parse_typed(dose, typed) == value


@pytest.mark.parametrize("typed", ["1,000", "12,500", "2,000,000"])
def test_a_thousands_comma_is_asked_again_never_read_as_a_small_number(dose, typed) -> None:
    with pytest.raises(AnswerError) as err:
        parse_typed(dose, typed)
    message = str(err.value)
    assert typed.replace(",", "") in message and "comma" in message


@pytest.mark.parametrize("typed", ["nan", "inf", "-inf", "1e3", "1E3", "-1", "+2", "0x10", "1.000,5", "½"])
def test_anything_but_digits_is_refused_with_a_readable_message(dose, typed) -> None:
    with pytest.raises(AnswerError) as err:
        parse_typed(dose, typed)
    message = str(err.value)
    assert "not a number written with digits" in message and "got" not in message
