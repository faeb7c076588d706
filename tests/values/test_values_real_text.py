"""Extractors on real human-written text: NBA game summaries and their box scores (OTLP JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from veracity.values import ValueType, extract_claims, find_values, locate, normalize

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real-dev" / "accuracy"  # ../shared beside the repository
pytestmark = pytest.mark.skipif(not (DATA / "traces.jsonl").exists(), reason="real-dev data not present")


def _attrs(span: dict[str, Any]) -> dict[str, str]:
    return {a["key"]: a["value"].get("stringValue", "") for a in span.get("attributes", [])}


def _runs() -> list[tuple[str, str]]:
    """(summary text, box score JSON text) per trace."""
    out: list[tuple[str, str]] = []
    for line in (DATA / "traces.jsonl").read_text().splitlines()[:40]:
        doc = json.loads(line)
        spans = [s for rs in doc["resourceSpans"] for ss in rs["scopeSpans"] for s in ss["spans"]]
        root = next(s for s in spans if not s.get("parentSpanId"))
        ra = _attrs(root)
        output = ra.get("output.value") or ra.get("gen_ai.output.messages", "")
        try:
            summary = json.loads(output).get("summary", output)
        except (ValueError, AttributeError):
            summary = output
        tool = next((s for s in spans if "box" in s.get("name", "")), None)
        box = _attrs(tool).get("output.value", "") if tool else ""
        out.append((summary, box))
    return out


def _truth() -> list[dict[str, Any]]:
    return [json.loads(line) for line in (DATA / "truth.jsonl").read_text().splitlines()]


def test_claims_cover_annotated_number_and_name_errors() -> None:
    hit = total = 0
    for t in _truth():
        text = t["summary"]
        claims = extract_claims(text)
        for c in claims:
            assert text[c.start : c.end] == c.raw
        for e in t["errors"]:
            if e["category"] not in ("NUMBER", "NAME"):
                continue
            total += 1
            hit += any(c.start < e["end"] and e["start"] < c.end for c in claims)
    assert total > 500
    assert hit / total >= 0.9, (hit, total)


def test_summary_numbers_and_names() -> None:
    summary, _ = _runs()[0]
    claims = extract_claims(summary)
    raws = [(c.kind, c.raw, c.measure) for c in claims]
    assert (ValueType.COUNT, "38", "point") in raws
    assert (ValueType.COUNT, "six", "assist") in raws
    assert (ValueType.PERSON_NAME, "Isaiah Thomas", "name") in raws
    assert any(r[1] == "Boston Celtics" for r in raws)
    assert any(c.kind is ValueType.DATE and c.measure == "weekday" for c in claims)


def test_box_score_json_supports_summary_values() -> None:
    _, box = _runs()[0]
    assert box
    counts = find_values(box, ValueType.COUNT)
    assert len(counts) > 100
    for m in counts:
        assert box[m.start : m.end] == m.raw
    # "Isaiah Thomas's 38 points": the name and the number are both in the box score JSON.
    assert locate(box, normalize("Isaiah Thomas", ValueType.PERSON_NAME))  # type: ignore[arg-type]
    pts = [m for m in counts if m.raw == "38"]
    assert pts and all(m.label is not None for m in pts)
    assert any(m.raw == "Isaiah Thomas" for m in find_values(box, ValueType.PERSON_NAME))
