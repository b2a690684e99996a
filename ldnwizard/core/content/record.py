"""Frozen value records without generated code: the base of content records and condition trees.

``@dataclass`` writes six functions per class with ``exec`` (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``), which made importing the
content models and the condition language the largest part of the wizard's first
question. :class:`Record` gives them once, for any dataclass declared with
``@dataclass(init=False, repr=False, eq=False)`` on top of it: :func:`frozen_record`.
"""

from __future__ import annotations

from dataclasses import MISSING, Field, FrozenInstanceError, dataclass
from typing import Any


class Record:
    """A frozen record built from its fields (in order, or by name), compared and hashed by value.

    Pydantic builds validated records without calling ``__init__``; pickle restores them
    the same way; :func:`dataclasses.replace` and :func:`dataclasses.fields` work as usual.
    """

    __slots__ = ()
    __dataclass_fields__: dict[str, Field]

    def __init__(self, *args: Any, **values: Any) -> None:
        known = self.__dataclass_fields__
        if len(args) > len(known):
            raise TypeError(f"{type(self).__name__}() takes {len(known)} arguments, {len(args)} given")
        for name, value in zip(known, args):
            if name in values:
                raise TypeError(f"{type(self).__name__}() got {name!r} twice")
            values[name] = value
        unknown = values.keys() - known.keys()
        if unknown:
            raise TypeError(f"{type(self).__name__}() got unexpected keyword arguments: {', '.join(sorted(unknown))}")
        for name, spec in known.items():
            if name in values:
                value = values[name]
            elif spec.default is not MISSING:
                value = spec.default
            elif spec.default_factory is not MISSING:
                value = spec.default_factory()
            else:
                raise TypeError(f"{type(self).__name__}() missing keyword argument: {name!r}")
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__dataclass_fields__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self.__dataclass_fields__)})"


def frozen_record(cls: type) -> type:
    """``cls`` as a dataclass on :class:`Record`: its fields, with Record's methods (no generated code)."""
    return plain_fields(dataclass(init=False, repr=False, eq=False)(cls))


def plain_fields(cls: type) -> type:
    """``cls``, once sure every field is one Record handles: set from its value, compared, shown.

    ``field(init=False)``, ``compare=False``, ``repr=False`` and ``hash=...`` would be
    ignored by Record's methods, so they are refused when the class is made.
    """
    for spec in cls.__dataclass_fields__.values():  # type: ignore[attr-defined]
        if not (spec.init and spec.compare and spec.repr) or spec.hash is not None:
            raise TypeError(f"{cls.__name__}.{spec.name}: Record fields take no init/compare/repr/hash options")
    return cls
