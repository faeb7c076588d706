"""Severity follows the config and the field's role, not the value's type alone."""

from __future__ import annotations

from pathlib import Path

from veracity.checks.context import Context
from veracity.checks.grounding import _severity, field_role
from veracity.config import parse_config
from veracity.evidence import Value
from veracity.values import ValueType


def _context(raw: dict[str, object] | None = None) -> Context:
    return Context(config=parse_config(raw or {}, Path(".")))


def test_a_count_inside_free_text_is_not_critical() -> None:
    # a coding agent's "changed line 42": a claim among many, never a failure on its own
    claim = Value("summary", ValueType.COUNT, "42", None, quote=(13, 15, "42"))
    assert field_role("summary", claim) == "text"
    assert _severity(claim, False, _context()) == "major"
    assert _severity(claim, True, _context()) == "major"


def test_identity_fields_are_critical_when_contradicted() -> None:
    site = Value("homepage", ValueType.URL, "https://acme.com", None)
    assert field_role("homepage", site) == "identity"
    assert _severity(site, True, _context()) == "critical"
    assert _severity(site, False, _context()) == "minor"


def test_config_materiality_wins() -> None:
    revenue = Value("revenue", ValueType.MONEY, "5 EUR", None)
    assert _severity(revenue, True, _context({"fields": {"revenue": {"materiality": "minor"}}})) == "minor"
