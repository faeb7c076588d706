"""Entity attribution and grounding on fingerprinted sources reach the raw text's verdicts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.checks.calls import call, grounding_of
from veracity.checks import Context, entity, grounding
from veracity.config import parse_config
from veracity.evidence import Value, entity_map, facts, ground_fingerprints, payload
from veracity.model import Run, Source, Step
from veracity.values import ValueType, normalize

SECRET = b"s3cret"

# A search: the input's company, a confusable rival, and the rival's numbers.
SEARCH = json.dumps([
    {"name": "Acme Robotics", "domain": "acmerobotics.io", "country": "US", "employees": 230, "revenue_usd": 12500000},
    {"name": "Acme Payments GmbH", "domain": "acmepayments.de", "country": "DE", "employees": 910,
     "revenue_usd": 88000000},
])


def _run(output: dict[str, Any], content: str, printed: bool) -> Run:
    text = payload(content, SECRET) if printed else content
    step = Step(step_id="s1", name="company_search", kind="tool", order=1, result=text)
    return Run(
        run_id="r-" + ("p" if printed else "raw"), trace_id="t", agent="a", input={"company": "Acme Robotics"},
        output=output, steps=[step],
        sources=[Source(source_id="s1:result", kind="tool_result", content=text, step_id="s1")],
    )


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERACITY_FINGERPRINT_SECRET", SECRET.decode())


def _context() -> Context:
    return Context(config=parse_config({}, Path(".")))


def _kinds(run: Run) -> set[tuple[str, str | None]]:
    context = _context()
    found = call(grounding.check, run, context) + call(entity.check, run, context)
    return {(f.kind, f.field) for f in found if f.severity in ("critical", "major")}


@pytest.mark.parametrize("printed", [False, True])
def test_a_blended_profile_is_caught_on_fingerprints_as_on_raw_text(printed: bool) -> None:
    blended = {"company": "Acme Robotics", "domain": "acmerobotics.io", "employees": 230, "revenue": "$88M"}
    kinds = _kinds(_run(blended, SEARCH, printed))
    assert ("wrong_entity_field", "revenue") in kinds
    assert ("blended_entity", None) in kinds


@pytest.mark.parametrize("printed", [False, True])
def test_a_wrong_entity_profile_is_caught_and_a_right_one_passes(printed: bool) -> None:
    wrong = {"company": "Acme Payments GmbH", "domain": "acmepayments.de", "employees": 910, "revenue": "$88M"}
    assert ("wrong_entity_field", None) in _kinds(_run(wrong, SEARCH, printed))
    right = {"company": "Acme Robotics", "domain": "acmerobotics.io", "employees": 230, "revenue": "$12.5M"}
    assert _kinds(_run(right, SEARCH, printed)) == set()


def test_records_of_a_fingerprinted_source_hold_no_raw_text() -> None:
    run = _run({}, SEARCH, True)
    assert "Acme" not in run.sources[0].content and "acmepayments" not in run.sources[0].content
    recs = entity_map(run, SECRET).records["s1:result"]
    assert len(recs) == 2 and all(r.hashed for r in recs)
    profile = entity_map(run, SECRET).profile
    assert [profile.compare(r) for r in recs] == ["same", "different"]
    assert entity_map(run, None).records["s1:result"] == []  # without the secret nothing can be compared


def test_entity_map_of_raw_sources_is_unchanged_by_a_secret() -> None:
    run = _run({}, SEARCH, False)
    a, b = entity_map(run), entity_map(run, SECRET)
    assert a.records == b.records and a.profile.domains == b.profile.domains


def _supported(value: str, vtype: ValueType, path: str, source: str) -> bool:
    v = Value(path, vtype, value, normalize(value, vtype), status="unsupported")
    src = Source(source_id="x", kind="tool_result", content=payload(source, SECRET), step_id="s")
    ground_fingerprints([v], [src], SECRET)
    return v.status == "supported"


def test_money_written_with_json_escapes_is_read_as_a_reader_reads_it() -> None:
    source = json.dumps({"turnover": "£25,700,000"})  # "\\u00a325,700,000" in the recorded text
    assert "\\u00a3" in source
    assert _supported("25,700,000 GBP", ValueType.MONEY, "annual_revenue", source)


def test_compound_street_names_are_address_tokens() -> None:
    source = "<footer>Hauptstraße 48, Stuttgart, 93209, Germany | Call us: +49 929 192 533</footer>"
    assert _supported("Hauptstraße 48, Stuttgart, 93209", ValueType.ADDRESS, "hq_address", source)
    assert _supported("Friedrichstraße 92, Berlin, 91912", ValueType.ADDRESS, "hq_address",
                      "<footer>FRIEDRICHSTR. 92 BERLIN 91912 | Call us: +49754253965</footer>")


def test_identifiers_however_spaced_and_tickers() -> None:
    assert _supported("HRB 882848", ValueType.IDENTIFIER, "registry_id", "Name: Kestrel GmbH | Number: HRB 882848 |")
    assert not _supported("HRB 882849", ValueType.IDENTIFIER, "registry_id", "Number: HRB 882848 |")
    assert _supported("PIS", ValueType.IDENTIFIER, "ticker", "our shares trade under the ticker PIS.")


def test_a_city_in_prose_against_a_name_or_an_address() -> None:
    assert _supported("Dublin", ValueType.ORG_NAME, "city", "<footer>1201 Patrick Street · Dublin D95 K850 | Call")
    assert _supported("Atlanta", ValueType.ORG_NAME, "city", "© Everly Group, Inc. | 974 MISSION ST. ATLANTA 39550 |")
    assert not _supported("Boston", ValueType.ORG_NAME, "city", "974 MISSION ST. ATLANTA 39550")


def test_facts_carry_positions_and_entity_anchors() -> None:
    entries = facts(SEARCH, SECRET)
    assert all(isinstance(e.get("p"), int) or e["t"] == "at" for e in entries)
    anchors = [e for e in entries if e["t"] == "e"]
    assert {e["k"] for e in anchors} >= {"n", "d", "c"}
    assert {e.get("r") for e in anchors} == {0, 1}


def test_contradictions_with_the_input_markers() -> None:
    source = json.dumps({"name": "Acme Robotics", "domain": "acmerobotics.io", "ceo": "Jane Costa"})
    src = Source(source_id="x", kind="tool_result", content=payload(source, SECRET), step_id="s")
    v = Value("ceo", ValueType.PERSON_NAME, "Mark Lee", normalize("Mark Lee", ValueType.PERSON_NAME),
              status="unsupported")
    ground_fingerprints([v], [src], SECRET)
    assert v.status == "unsupported"  # without markers, as before
    ground_fingerprints([v], [src], SECRET, markers=({"acmerobotics.io"}, {"acme robotics"}))
    assert v.status == "contradicted"
    w = Value("ceo", ValueType.PERSON_NAME, "Mark Lee", v.normal, status="unsupported")
    ground_fingerprints([w], [src], SECRET, markers=({"other.io"}, {"other co"}))
    assert w.status == "unsupported"  # a source about another entity contradicts nothing


def test_ground_run_reads_fingerprinted_sources() -> None:
    run = _run({"employees": 230, "revenue": "$12.5M"}, SEARCH, True)
    statuses = {v.path: v.status for v in grounding_of(run, _context()).values}
    assert statuses == {"employees": "supported", "revenue": "supported"}
