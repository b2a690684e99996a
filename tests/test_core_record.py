"""Content records and condition nodes: frozen value objects without generated code (core/content/record.py)."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from ldnwizard.core.content.conditions import Answered, VarInfo
from ldnwizard.core.content.models import Choice, Question


def test_records_are_built_by_name_or_in_order_with_defaults() -> None:
    q = Question(id="age", section="you", kind="single", prompt="How old are you?")
    assert q.choices == () and q.optional is False and q.help is None
    assert Answered("benzo", 3) == Answered(name="benzo", column=3)
    assert VarInfo("single").values is None


def test_a_missing_an_unknown_or_a_doubled_field_is_refused() -> None:
    with pytest.raises(TypeError, match="missing keyword argument: 'prompt'"):
        Question(id="age", section="you", kind="single")
    with pytest.raises(TypeError, match="unexpected keyword arguments: promt"):
        Question(id="age", section="you", kind="single", prompt="P", promt="typo")
    with pytest.raises(TypeError, match="'name' twice"):
        Answered("benzo", 3, name="x")
    with pytest.raises(TypeError, match="takes 2 arguments, 3 given"):
        Answered("benzo", 3, 4)


def test_records_are_frozen_and_compared_and_hashed_by_value() -> None:
    a = Choice(value="yes", label="Yes")
    b = Choice(value="yes", label="Yes")
    assert a == b and hash(a) == hash(b) and a != Choice(value="yes", label="Yes, often")
    assert a != Answered("yes", 1) and len({a, b}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.label = "No"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del a.label  # type: ignore[misc]
    assert repr(a) == "Choice(value='yes', label='Yes', hint=None, exclusive=False, keywords=())"


def test_replace_fields_and_pickle_work_as_for_any_dataclass() -> None:
    a = Choice(value="yes", label="Yes")
    assert dataclasses.replace(a, label="Sí") == Choice(value="yes", label="Sí")
    assert [f.name for f in dataclasses.fields(a)] == ["value", "label", "hint", "exclusive", "keywords"]
    again = pickle.loads(pickle.dumps(a))
    assert again == a and type(again) is Choice
    with pytest.raises(dataclasses.FrozenInstanceError):
        again.value = "no"  # type: ignore[misc]


def test_pydantic_builds_validated_records_and_refuses_unknown_keys() -> None:
    from pydantic import TypeAdapter, ValidationError

    built = TypeAdapter(Choice).validate_python({"value": "yes", "label": "Yes", "keywords": ["y"]})
    assert built == Choice(value="yes", label="Yes", keywords=("y",))
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(Choice).validate_python({"value": "Yes!", "label": "", "colour": "red"})
    kinds = {e["type"] for e in caught.value.errors()}
    assert kinds == {"string_pattern_mismatch", "string_too_short", "unexpected_keyword_argument"}


def test_default_factories_work_and_field_options_record_would_ignore_are_refused() -> None:
    from dataclasses import field

    from ldnwizard.core.content.record import frozen_record
    from ldnwizard.core.content.record import Record as Base

    @frozen_record
    class Bag(Base):
        items: list = field(default_factory=list)

    assert Bag().items == [] and Bag().items is not Bag().items
    with pytest.raises(TypeError, match="no init/compare/repr/hash options"):

        @frozen_record
        class Odd(Base):
            seen: int = field(default=0, compare=False)
