"""Can a condition ever be true? Find an example answer set (a witness) or prove it cannot.

Only the questions a condition depends on are varied (with the questions their
show-if depends on), over the values that matter: the choices and numbers the
conditions mention, one value they do not mention, and "not answered".
Answers to questions that would be hidden are dropped before testing, so a rule
that needs a hidden answer is found to never fire.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Iterable

from ldnwizard.core.content import conditions as cond

if TYPE_CHECKING:
    from ldnwizard.core.content.bank import Bank

MAX_COMBINATIONS = 200_000
_DOSE_PROBES = (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 100.0)
_PER_DAY_PROBES = (1, 2, 3, 4)


class TooComplex(Exception):
    """The condition depends on too many answers to check by enumeration."""


def _closure(bank: "Bank", names: Iterable[str]) -> list[str]:
    from ldnwizard.core.content.bank import DERIVED_FROM

    todo = list(names)
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(DERIVED_FROM.get(name, ()))
        q = bank.by_id.get(name)
        if q is not None and q.show_if:
            todo.extend(bank.condition(q.show_if).refs())
    order = {q.id: i for i, q in enumerate(bank.questions)}
    return sorted((n for n in seen if n in order), key=order.__getitem__)


def _mentioned(nodes: Iterable[cond.Node], name: str) -> tuple[set[str], set[float]]:
    strings: set[str] = set()
    numbers: set[float] = set()
    for node in nodes:
        for leaf in cond.leaves(node):
            if getattr(leaf, "name", None) != name:
                continue
            if isinstance(leaf, (cond.Member, cond.Has)):
                strings.update(leaf.values)
            elif isinstance(leaf, cond.Compare):
                (strings if isinstance(leaf.value, str) else numbers).add(leaf.value)  # type: ignore[arg-type]
    return strings, numbers


def _domain(bank: "Bank", name: str, nodes: list[cond.Node], uses_derived: bool) -> list[Any]:
    q = bank.by_id[name]
    strings, numbers = _mentioned(nodes, name)
    values: list[Any] = [None]
    if q.kind == "single":
        all_values = [c.value for c in q.choices]
        if uses_derived and name == "benzo":
            return values + all_values
        values += [v for v in all_values if v in strings]
        values += [v for v in all_values if v not in strings][:1]
    elif q.kind == "multi":
        picked = [c.value for c in q.choices if c.value in strings]
        if uses_derived and q.choices_from == "medicines":
            # derived facts read the medicines' classes: try one medicine of each class
            seen_kinds: set[str] = set()
            for c in q.choices:
                med = bank.medicine_by_id.get(c.value)
                if med is not None and med.kind not in seen_kinds and c.value not in picked:
                    seen_kinds.add(med.kind)
                    picked.append(c.value)
        other = [c.value for c in q.choices if c.value not in strings and c.value not in picked][:1]
        exclusive = {c.value for c in q.choices if c.exclusive}
        base = picked + other
        for size in range(1, len(base) + 1):
            values += [
                list(combo)
                for combo in itertools.combinations(base, size)
                if size == 1 or not exclusive.intersection(combo)
            ]
    elif q.kind == "number":
        probes = set(_DOSE_PROBES if name != "benzo_doses_per_day" else _PER_DAY_PROBES) if uses_derived else {1.0}
        for n in numbers:
            probes.update({n, n + 0.5, n - 0.5})
        low = q.minimum if q.minimum is not None else float("-inf")
        high = q.maximum if q.maximum is not None else float("inf")
        values += sorted(p for p in probes if low < p <= high)
    else:
        values += sorted(strings) or ["x"]
    return values


def witness(bank: "Bank", node: cond.Node, extra: Iterable[cond.Node] = ()) -> dict[str, Any] | None:
    """An answer set (only applicable answers) that makes ``node`` true, or None if none exists."""
    from ldnwizard.core.content.bank import DERIVED

    refs = node.refs()
    names = _closure(bank, refs)
    nodes = [node, *extra] + [bank.condition(bank.by_id[n].show_if) for n in names if bank.by_id[n].show_if]  # type: ignore[arg-type]
    uses_derived = any(r in DERIVED for r in refs)
    domains = [_domain(bank, n, nodes, uses_derived) for n in names]
    total = 1
    for d in domains:
        total *= len(d)
    if total > MAX_COMBINATIONS:
        raise TooComplex(f"depends on {len(names)} answers ({total} combinations)")
    for combo in itertools.product(*domains):
        answers = {n: v for n, v in zip(names, combo) if v is not None}
        kept = bank.applicable(answers)
        if node.evaluate(bank.facts(kept)):
            return kept
    return None
