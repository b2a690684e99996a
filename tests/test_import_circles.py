"""No import circles in ldnwizard: a module never needs, even indirectly, a module that needs it.

The graph is built from the source (AST) of every module found by
``pkgutil.walk_packages``, so nothing is imported to draw it. Every import counts:
at module level, inside functions (deferred imports), and under ``if TYPE_CHECKING:``
(a circle in the types is still a circle a newcomer has to untangle). An import of
``a.b.c`` is an edge to ``a.b.c`` only, not to the packages above it.
"""

from __future__ import annotations

import ast
import importlib.util
import pkgutil
from pathlib import Path

import ldnwizard

#: Circles allowed for now, each with why and who removes it. Nothing else may join one.
ALLOWED: list[frozenset[str]] = []  # none: add one only with why and who removes it


def modules() -> dict[str, Path]:
    """Every module of the package: dotted name -> source file."""
    found = {"ldnwizard": Path(ldnwizard.__file__)}
    for info in pkgutil.walk_packages(ldnwizard.__path__, prefix="ldnwizard."):
        spec = importlib.util.find_spec(info.name)
        if spec is not None and spec.origin and spec.origin.endswith(".py"):
            found[info.name] = Path(spec.origin)
    return found


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The module an import of ``name`` loads (the deepest known prefix), or None outside ldnwizard."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The ldnwizard modules ``module`` imports anywhere in its source."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # ``from pkg import sub`` loads the submodule ``pkg.sub`` when there is one.
            targets = [f"{origin}.{a.name}" if f"{origin}.{a.name}" in known else origin for a in node.names]
        else:
            continue
        for target in targets:
            resolved = _resolve(target, known)
            if resolved is not None and resolved != module:
                out.add(resolved)
    return out


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_every_part_of_the_package() -> None:
    graph = import_graph()
    assert {"ldnwizard.cli", "ldnwizard.core.content.bank", "ldnwizard.tui.app", "ldnwizard.kiosk.app"} <= set(graph)
    assert any(name.startswith("ldnwizard.tui.screens.") for name in graph)  # subpackages too
    assert "ldnwizard.core.content.load" in graph["ldnwizard.cli"]  # a deferred (function-level) import counts


def test_the_circle_finder_finds_a_circle_through_three_modules() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [frozenset({"a", "b", "c"})]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles() -> None:
    graph = import_graph()
    unexpected = [group for group in circles(graph) if not any(group <= allowed for allowed in ALLOWED)]
    described = [" <-> ".join(sorted(group)) for group in unexpected]
    assert not unexpected, "import circles (break them: move the shared piece down a layer, or post a message):\n" + "\n".join(described)


def test_the_wizard_the_kiosk_and_plain_mode_do_not_import_each_other() -> None:
    """What two front ends share lives in ldnwizard.ui (Textual) or ldnwizard.core (no Textual)."""
    graph = import_graph()
    fronts = ("ldnwizard.tui", "ldnwizard.kiosk", "ldnwizard.plain")

    def front(module: str) -> str | None:
        return next((f for f in fronts if module == f or module.startswith(f + ".")), None)

    crossing = sorted(
        f"{a} -> {b}" for a, targets in graph.items() for b in targets if front(a) and front(b) and front(a) != front(b)
    )
    assert crossing == []


#: The core's layers, lowest first: a module may import its own layer or lower ones only.
LAYERS = ("ldnwizard.core.errors ldnwizard.core.text", "ldnwizard.core.files", "ldnwizard.core.content",
          "ldnwizard.core.answering", "ldnwizard.core.report")


def layer_of(module: str) -> int | None:
    for i, names in enumerate(LAYERS):
        if any(module == n or module.startswith(n + ".") for n in names.split()):
            return i
    return None


def test_the_core_layers_only_import_downwards() -> None:
    """report > answering > content > files > errors/text, as the folder names say."""
    known = modules()
    wrong = []
    for module, path in known.items():
        mine = layer_of(module)
        if mine is None:
            continue
        for target in imports_of(module, path, known):
            theirs = layer_of(target)
            if theirs is not None and theirs > mine:
                wrong.append(f"{module} -> {target}")
    assert not wrong, "imports against the layers:\n" + "\n".join(sorted(wrong))


def test_the_core_is_grouped_by_concern() -> None:
    """Every core module lives in one of the four folders, except the two shared leaves."""
    loose = [m for m in modules() if m.count(".") == 2 and m.startswith("ldnwizard.core.")
             and m not in ("ldnwizard.core.errors", "ldnwizard.core.text")
             and m.rsplit(".", 1)[1] not in ("files", "content", "answering", "report")]
    assert not loose, loose


def test_ui_sits_below_the_views_and_above_the_core() -> None:
    """tui and kiosk may import ldnwizard.ui; ui imports no view; the core never imports ui."""
    graph = import_graph()
    views = ("ldnwizard.tui", "ldnwizard.kiosk", "ldnwizard.plain", "ldnwizard.cli", "ldnwizard.fhir")

    def under(module: str, package: str) -> bool:
        return module == package or module.startswith(package + ".")

    wrong = sorted(
        f"{a} -> {b}"
        for a, targets in graph.items()
        for b in targets
        if (under(a, "ldnwizard.ui") and any(under(b, v) for v in views))
        or (under(a, "ldnwizard.core") and under(b, "ldnwizard.ui"))
    )
    assert not wrong, "ldnwizard.ui is shared by the views and built on the core:\n" + "\n".join(wrong)
    assert any(under(b, "ldnwizard.ui") for b in graph["ldnwizard.kiosk.screens"])  # the rule has something to hold
