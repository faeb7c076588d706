"""The public surface stays honest: `__all__` lists exactly the public names, docs name every `veracity.*` attribute.

As httpx's `tests/test_exported_members.py` does it, both ways: every name in `__all__` exists,
and every public name the package's namespace defines or re-exports is in `__all__`. Submodules
(attributes once imported) and `from __future__ import annotations` are not names a package exports.
"""

import __future__

import ast
import importlib
import types
from pathlib import Path

import pytest

import veracity
from veracity.ingest import conventions

ROOT = Path(veracity.__file__).parent


def _packages_with_all() -> list[str]:
    """Every package (an `__init__.py`) under veracity/ that declares `__all__`."""
    out = []
    for init in sorted(ROOT.rglob("__init__.py")):
        if "__all__" in init.read_text():
            out.append(".".join(init.parent.relative_to(ROOT.parent).parts))
    return out


def _public_names(module: types.ModuleType) -> set[str]:
    return {
        name for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType | __future__._Feature)
    }


@pytest.mark.parametrize("name", _packages_with_all())
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    missing = [n for n in module.__all__ if not hasattr(module, n)]
    assert missing == [], f"{name}.__all__ names what it does not define"
    assert len(set(module.__all__)) == len(module.__all__), f"{name}.__all__ repeats a name"


@pytest.mark.parametrize("name", _packages_with_all())
def test_every_public_name_is_in_all(name: str) -> None:
    module = importlib.import_module(name)
    unlisted = sorted(_public_names(module) - set(module.__all__))
    assert unlisted == [], f"{name} exposes names its __all__ does not list"


def test_veracity_all_is_sorted() -> None:
    assert sorted(veracity.__all__) == veracity.__all__


def test_no_module_imports_the_package_root() -> None:
    """`veracity/__init__.py` is the public face: a module inside importing it makes an import cycle."""
    inside = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "veracity" and node.level == 0:
                inside += [f"{path.relative_to(ROOT)}: {a.name}" for a in node.names
                           if not isinstance(getattr(veracity, a.name, None), types.ModuleType)]
    assert inside == []


def test_every_veracity_attribute_is_documented() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "attributes.md").read_text()
    missing = [name for name in conventions.VERACITY_ATTRIBUTES if f"`{name}`" not in doc]
    assert not missing, f"undocumented attributes: {missing}"
    declared = {v for k, v in vars(conventions).items() if k.isupper() and isinstance(v, str) and v.startswith("veracity.")}
    assert declared == set(conventions.VERACITY_ATTRIBUTES)
