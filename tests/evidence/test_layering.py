"""The evidence layer and the checks: no import cycle, no private name imported across modules,
evidence imports `veracity.model` and `veracity.values` only, no cache keyed by object ids."""

from __future__ import annotations

import ast
from pathlib import Path

import veracity

ROOT = Path(veracity.__file__).parent
AREAS = ("checks", "evidence")


def _module(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _files() -> list[Path]:
    return sorted(p for area in AREAS for p in (ROOT / area).rglob("*.py"))


def _imports(path: Path) -> list[tuple[str, list[str], bool]]:
    """(module, names, at module level) of every `from veracity... import` and `import veracity...`."""
    tree = ast.parse(path.read_text())
    top = set(map(id, tree.body))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("veracity"):
            out.append((node.module, [a.name for a in node.names], id(node) in top))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("veracity"):
                    out.append((a.name, [], id(node) in top))
    return out


def test_no_private_name_is_imported_across_modules() -> None:
    crossing = [f"{_module(p)}: from {m} import {n}" for p in _files() for m, names, _ in _imports(p)
                for n in names if n.startswith("_")]
    assert crossing == []


def test_evidence_imports_model_and_values_only() -> None:
    allowed = ("veracity.model", "veracity.values", "veracity.evidence")
    wrong = [f"{_module(p)}: {m}" for p in (ROOT / "evidence").rglob("*.py") for m, _, _ in _imports(p)
             if not m.startswith(allowed)]
    assert wrong == []


def test_no_import_cycle_among_checks_and_evidence() -> None:
    modules = {_module(p): p for p in _files()}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for m, names, _ in _imports(path):
            for target in [f"{m}.{n}" for n in names] + [m]:
                if target in modules and target != name:
                    deps.add(target)
                    break
        graph[name] = deps
    # A package's __init__ re-exporting its own modules is not a cycle back into it.
    for name in graph:
        graph[name] = {d for d in graph[name] if not (name.startswith(d + ".") and modules[d].name == "__init__.py")}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycles.append([*path[path.index(dep):], dep] if dep in path else [node, dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_imports_stand_at_the_top_of_modules() -> None:
    inner = [f"{_module(p)}: {m}" for p in _files() for m, _, top in _imports(p) if not top]
    assert inner == []


def test_no_cache_is_keyed_by_object_ids() -> None:
    keyed = [str(p.relative_to(ROOT)) for p in _files() if "id(run)" in p.read_text()]
    assert keyed == []
