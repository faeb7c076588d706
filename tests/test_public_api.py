"""The public surface stays honest: `__all__` lists what exists, docs name every `veracity.*` attribute."""

from pathlib import Path

import veracity
from veracity.ingest import conventions


def test_all_names_exist():
    assert all(hasattr(veracity, name) for name in veracity.__all__)
    assert sorted(veracity.__all__) == veracity.__all__


def test_every_veracity_attribute_is_documented():
    doc = (Path(__file__).parent.parent / "docs" / "attributes.md").read_text()
    missing = [name for name in conventions.VERACITY_ATTRIBUTES if f"`{name}`" not in doc]
    assert not missing, f"undocumented attributes: {missing}"
    declared = {v for k, v in vars(conventions).items() if k.isupper() and isinstance(v, str) and v.startswith("veracity.")}
    assert declared == set(conventions.VERACITY_ATTRIBUTES)
