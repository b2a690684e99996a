"""A small, safe condition language for show-if and rules (no ``eval``).

Grammar, in words::

    always                                  true for everyone
    answered ID                             the question has an answer
    ID == "value"   ID != "value"           single choice or text
    ID in ["a", "b"]   ID not in ["a"]      single choice
    ID has "value"                          one of several choices was picked
    ID has any ["a", "b"]   ID has all [..] several choices
    ID < 10   <=   >   >=   ==   !=         numbers
    not X    X and Y    X or Y    ( X )

A comparison with a question that has no answer is false (so is ``!=``):
hidden and skipped questions never make a rule fire by accident.
"""

from __future__ import annotations

import re
from typing import Iterable, Literal, Mapping, Protocol, Union

from ldnwizard.core.content.record import Record, frozen_record

Value = Union[str, int, float, bool, list]
VarKind = Literal["single", "multi", "number", "text"]


class ConditionSyntaxError(ValueError):
    """The condition text does not parse; ``column`` is 1-based."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"{message} (column {column})")
        self.column = column


@frozen_record
class VarInfo(Record):
    """What a condition may say about one name: its kind and, for choices, its values."""

    kind: VarKind
    values: frozenset[str] | None = None


class Schema(Protocol):
    """Anything that can tell a condition what a name means."""

    def var(self, name: str) -> VarInfo | None: ...


# ---------------------------------------------------------------- the tree


@frozen_record
class Always(Record):
    def evaluate(self, facts: Mapping[str, Value]) -> bool:
        return True

    def refs(self) -> frozenset[str]:
        return frozenset()


@frozen_record
class Answered(Record):
    name: str
    column: int

    def evaluate(self, facts: Mapping[str, Value]) -> bool:
        return facts.get(self.name) is not None

    def refs(self) -> frozenset[str]:
        return frozenset({self.name})


@frozen_record
class Compare(Record):
    name: str
    op: str
    value: str | float
    column: int

    def evaluate(self, facts: Mapping[str, Value]) -> bool:
        have = facts.get(self.name)
        if have is None or isinstance(have, list):
            return False
        if isinstance(self.value, str):
            if not isinstance(have, str):
                return False
            if self.op == "==":
                return have == self.value
            if self.op == "!=":
                return have != self.value
            return False
        if isinstance(have, bool) or not isinstance(have, (int, float)):
            return False
        return {
            "==": have == self.value,
            "!=": have != self.value,
            "<": have < self.value,
            "<=": have <= self.value,
            ">": have > self.value,
            ">=": have >= self.value,
        }[self.op]

    def refs(self) -> frozenset[str]:
        return frozenset({self.name})


@frozen_record
class Member(Record):
    name: str
    values: tuple[str, ...]
    negate: bool
    column: int

    def evaluate(self, facts: Mapping[str, Value]) -> bool:
        have = facts.get(self.name)
        if not isinstance(have, str):
            return False
        return (have in self.values) != self.negate

    def refs(self) -> frozenset[str]:
        return frozenset({self.name})


@frozen_record
class Has(Record):
    name: str
    values: tuple[str, ...]
    mode: Literal["one", "any", "all"]
    column: int

    def evaluate(self, facts: Mapping[str, Value]) -> bool:
        have = facts.get(self.name)
        if not isinstance(have, list):
            return False
        if self.mode == "all":
            return all(v in have for v in self.values)
        return any(v in have for v in self.values)

    def refs(self) -> frozenset[str]:
        return frozenset({self.name})


@frozen_record
class Not(Record):
    item: "Node"

    def evaluate(self, facts: Mapping[str, Value]) -> bool:
        return not self.item.evaluate(facts)

    def refs(self) -> frozenset[str]:
        return self.item.refs()


@frozen_record
class AllOf(Record):
    items: tuple["Node", ...]

    def evaluate(self, facts: Mapping[str, Value]) -> bool:
        return all(i.evaluate(facts) for i in self.items)

    def refs(self) -> frozenset[str]:
        return frozenset().union(*(i.refs() for i in self.items))


@frozen_record
class AnyOf(Record):
    items: tuple["Node", ...]

    def evaluate(self, facts: Mapping[str, Value]) -> bool:
        return any(i.evaluate(facts) for i in self.items)

    def refs(self) -> frozenset[str]:
        return frozenset().union(*(i.refs() for i in self.items))


Node = Union[Always, Answered, Compare, Member, Has, Not, AllOf, AnyOf]
Leaf = (Answered, Compare, Member, Has)


# ---------------------------------------------------------------- parsing

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<op>==|!=|<=|>=|<|>)
  | (?P<punct>[()\[\],])
    """,
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "has", "any", "all", "answered", "always"}


@frozen_record
class _Tok(Record):
    kind: str
    text: str
    column: int


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ConditionSyntaxError(f"unexpected character {text[pos]!r}", pos + 1)
        kind = m.lastgroup or ""
        if kind != "ws":
            word = m.group()
            if (kind == "name" and word in _KEYWORDS) or word in ("(", ")"):
                kind = word
            out.append(_Tok(kind, word, pos + 1))
        pos = m.end()
    out.append(_Tok("end", "", len(text) + 1))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self, kind: str, what: str) -> _Tok:
        tok = self.peek()
        if tok.kind != kind:
            found = tok.text or "the end"
            raise ConditionSyntaxError(f"expected {what}, found {found!r}", tok.column)
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.or_()
        tok = self.peek()
        if tok.kind != "end":
            raise ConditionSyntaxError(f"unexpected {tok.text!r}; join conditions with 'and' or 'or'", tok.column)
        return node

    def or_(self) -> Node:
        items = [self.and_()]
        while self.peek().kind == "or":
            self.i += 1
            items.append(self.and_())
        return items[0] if len(items) == 1 else AnyOf(tuple(items))

    def and_(self) -> Node:
        items = [self.not_()]
        while self.peek().kind == "and":
            self.i += 1
            items.append(self.not_())
        return items[0] if len(items) == 1 else AllOf(tuple(items))

    def not_(self) -> Node:
        if self.peek().kind == "not":
            self.i += 1
            return Not(self.not_())
        return self.atom()

    def atom(self) -> Node:
        tok = self.peek()
        if tok.kind == "(":
            self.i += 1
            node = self.or_()
            self.take(")", "')'")
            return node
        if tok.kind == "always":
            self.i += 1
            return Always()
        if tok.kind == "answered":
            self.i += 1
            name = self.take("name", "a question id after 'answered'")
            return Answered(name.text, name.column)
        name = self.take("name", "a question id")
        nxt = self.peek()
        if nxt.kind == "op":
            self.i += 1
            return Compare(name.text, nxt.text, self.scalar(), name.column)
        if nxt.kind == "in":
            self.i += 1
            return Member(name.text, self.strings(), False, name.column)
        if nxt.kind == "not":
            self.i += 1
            self.take("in", "'in' after 'not'")
            return Member(name.text, self.strings(), True, name.column)
        if nxt.kind == "has":
            self.i += 1
            mode = self.peek().kind
            if mode in ("any", "all"):
                self.i += 1
                return Has(name.text, self.strings(), mode, name.column)
            value = self.scalar()
            if not isinstance(value, str):
                raise ConditionSyntaxError("'has' takes a quoted choice value", nxt.column)
            return Has(name.text, (value,), "one", name.column)
        found = nxt.text or "the end"
        raise ConditionSyntaxError(
            f"expected ==, !=, <, >, in, not in or has after {name.text!r}, found {found!r}", nxt.column
        )

    def scalar(self) -> str | float:
        tok = self.peek()
        if tok.kind == "string":
            self.i += 1
            return tok.text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        if tok.kind == "number":
            self.i += 1
            return float(tok.text)
        raise ConditionSyntaxError(f"expected a quoted value or a number, found {tok.text or 'the end'!r}", tok.column)

    def strings(self) -> tuple[str, ...]:
        start = self.take("punct", "'['") if self.peek().text == "[" else None
        if start is None:
            tok = self.peek()
            raise ConditionSyntaxError(f"expected a list such as [\"a\", \"b\"], found {tok.text or 'the end'!r}", tok.column)
        values: list[str] = []
        while True:
            value = self.scalar()
            if not isinstance(value, str):
                raise ConditionSyntaxError("list items are quoted choice values", start.column)
            values.append(value)
            tok = self.peek()
            if tok.text == ",":
                self.i += 1
                continue
            if tok.text == "]":
                self.i += 1
                return tuple(values)
            raise ConditionSyntaxError(f"expected ',' or ']', found {tok.text or 'the end'!r}", tok.column)


def parse(text: str) -> Node:
    """Parse a condition; raises :class:`ConditionSyntaxError` with a column."""
    return _Parser(text).parse()


# ---------------------------------------------------------------- checking


def leaves(node: Node) -> Iterable[Node]:
    """Every comparison in a condition, in order."""
    if isinstance(node, Not):
        yield from leaves(node.item)
    elif isinstance(node, (AllOf, AnyOf)):
        for item in node.items:
            yield from leaves(item)
    elif isinstance(node, Leaf):
        yield node


def check(node: Node, schema: Schema) -> list[tuple[int, str]]:
    """Problems with names, values and operators, as (column, message) pairs."""
    problems: list[tuple[int, str]] = []
    for leaf in leaves(node):
        info = schema.var(leaf.name)  # type: ignore[union-attr]
        col = leaf.column  # type: ignore[union-attr]
        if info is None:
            problems.append((col, f"unknown question id {leaf.name!r}"))  # type: ignore[union-attr]
            continue
        if isinstance(leaf, Answered):
            continue
        if isinstance(leaf, Has):
            if info.kind != "multi":
                problems.append((col, f"'has' is for questions with several choices; {leaf.name!r} is {info.kind}"))
                continue
            values = leaf.values
        elif isinstance(leaf, Member):
            if info.kind != "single":
                problems.append((col, f"'in' is for single-choice questions; {leaf.name!r} is {info.kind}"))
                continue
            values = leaf.values
        else:
            assert isinstance(leaf, Compare)
            if info.kind == "multi":
                problems.append((col, f"{leaf.name!r} takes several choices: use 'has', not {leaf.op!r}"))
                continue
            if info.kind == "number":
                if isinstance(leaf.value, str):
                    problems.append((col, f"{leaf.name!r} is a number: compare it with a number, not {leaf.value!r}"))
                continue
            if not isinstance(leaf.value, str):
                problems.append((col, f"{leaf.name!r} is {info.kind}: compare it with a quoted value"))
                continue
            if leaf.op not in ("==", "!="):
                problems.append((col, f"{leaf.op!r} is for numbers; {leaf.name!r} is {info.kind}"))
                continue
            values = (leaf.value,)
        if info.values is not None:
            for v in values:
                if v not in info.values:
                    known = ", ".join(sorted(info.values))
                    problems.append((col, f"{leaf.name!r} has no choice {v!r} (choices: {known})"))  # type: ignore[union-attr]
    return problems


def numbers_in(node: Node, name: str) -> set[float]:
    """The numeric literals a condition compares ``name`` with (for reachability)."""
    return {
        float(leaf.value)
        for leaf in leaves(node)
        if isinstance(leaf, Compare) and leaf.name == name and not isinstance(leaf.value, str)
    }


def reasons(node: Node, facts: Mapping[str, Value]) -> frozenset[str]:
    """The names whose values make ``node`` true (empty if it is false or needs no answer).

    For ``a or b`` only the branches that hold count; for ``not x`` the names ``x`` reads.
    """
    if not node.evaluate(facts):
        return frozenset()
    if isinstance(node, AnyOf):
        return frozenset().union(*(reasons(i, facts) for i in node.items))
    if isinstance(node, AllOf):
        return frozenset().union(*(reasons(i, facts) or _answered_refs(i, facts) for i in node.items))
    if isinstance(node, Not):
        return _answered_refs(node.item, facts)
    if isinstance(node, Always):
        return frozenset()
    return frozenset(n for n in node.refs() if facts.get(n) is not None)


def _answered_refs(node: Node, facts: Mapping[str, Value]) -> frozenset[str]:
    return frozenset(n for n in node.refs() if facts.get(n) is not None)
