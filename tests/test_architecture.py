"""The layering of docs/architecture.md holds: no module imports a layer above its own, directly or through a
chain of imports, and no two modules import each other in a circle.

The layers are read from pyproject.toml's import-linter contract (one list, which ``lint-imports`` checks
too); the check is grimp's, the graph import-linter builds. Each rule is also shown to fail on an import
that breaks it, so a test that passes means the rule was applied, not skipped.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp
import pytest

pytestmark = pytest.mark.unit

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def _layers() -> list[grimp.Layer]:
    """pyproject's layers, top first: "a | b" are siblings that may not import each other, "a : b" may."""
    (contract,) = [c for c in tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
                   if c["id"] == "layers"]
    layers = []
    for line in contract["layers"]:
        independent = ":" not in line
        names = [name.strip() for name in line.replace(":", "|").split("|")]
        layers.append(grimp.Layer(*names, independent=independent))
    return layers


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("veracity", cache_dir=None)


def _upward(graph: grimp.ImportGraph) -> set[str]:
    found = graph.find_illegal_dependencies_for_layers(_layers(), containers={"veracity"})
    return {f"{d.importer} imports {d.imported}" for d in found}


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a circle (Tarjan's strongly connected
    components, iteratively: the graph is small, but recursion depth is not worth trusting)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, imports = work[-1]
            for imported in imports:
                if imported not in index:
                    index[imported] = low[imported] = len(index)
                    stack.append(imported)
                    on_stack.add(imported)
                    work.append((imported, iter(sorted(graph.find_modules_directly_imported_by(imported)))))
                    break
                if imported in on_stack:
                    low[module] = min(low[module], index[imported])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[module])
                if low[module] == index[module]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == module:
                            break
                    if len(component) > 1:
                        circles.append(sorted(component))
    return circles


def test_every_package_is_in_a_layer(graph: grimp.ImportGraph) -> None:
    named = {name for layer in _layers() for name in layer.module_tails}
    children = {module.split(".")[1] for module in graph.modules if module.count(".") >= 1}
    assert children <= named, f"place {sorted(children - named)} in pyproject's layers and docs/architecture.md"


def test_no_module_imports_a_layer_above_its_own(graph: grimp.ImportGraph) -> None:
    assert _upward(graph) == set()


def test_no_modules_import_each_other_in_a_circle(graph: grimp.ImportGraph) -> None:
    assert _circles(graph) == []


def test_the_rules_catch_what_breaks_them() -> None:
    broken = grimp.build_graph("veracity", cache_dir=None)
    broken.add_import(importer="veracity.audio.listen", imported="veracity.web.app")  # a layer reaching up
    broken.add_import(importer="veracity.text.quotes", imported="veracity.time.stage")  # siblings kept apart
    assert _upward(broken) == {"veracity.audio imports veracity.web", "veracity.text imports veracity.time"}
    broken.add_import(importer="veracity.errors", imported="veracity.pipeline")  # which imports errors: a circle
    assert any({"veracity.errors", "veracity.pipeline"} <= set(circle) for circle in _circles(broken))
