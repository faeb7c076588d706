"""Grounding and entity coherence from OTLP made by the real SDK to findings."""

from __future__ import annotations

import json

from opentelemetry.trace import Tracer

from tests.traces import to_protobuf
from veracity.checks import Context
from veracity.ingest import assemble, decode
from veracity.model import Run
from veracity.pipeline import check_runs

ACME = {"name": "Acme Robotics, Inc.", "domain": "acmerobotics.io", "employees": 230, "revenue": "$12.5M",
        "hq": "12 Market St., San Francisco, CA", "phone": "+1 (415) 555-0100", "country": "US"}
NEIGHBOUR = {"name": "Acme Robotic Systems GmbH", "domain": "acmerobotic.com", "employees": 1200,
             "revenue": "EUR 80 million", "country": "DE"}


def _run(tracer: Tracer, output: dict, api_domain: str = "acmerobotics.io", api_result: dict = ACME) -> None:
    """An agent that searches, picks a domain (a model decision), then calls a firmographics API."""
    with tracer.start_as_current_span("enrich") as root:
        root.set_attribute("openinference.span.kind", "AGENT")
        root.set_attribute("input.value", json.dumps({"company": "Acme Robotics", "country": "US"}))
        with tracer.start_as_current_span("web_search") as s:
            s.set_attribute("openinference.span.kind", "TOOL")
            s.set_attribute("tool.name", "web_search")
            s.set_attribute("input.value", json.dumps({"q": "Acme Robotics"}))
            s.set_attribute("output.value", json.dumps([
                {"title": "Acme Robotics - Home", "url": "https://acmerobotics.io", "snippet": "Industrial robots."},
                {"title": "Acme Robotic Systems", "url": "https://acmerobotic.com", "snippet": "Automation, Munich."},
            ]))
        with tracer.start_as_current_span("pick_domain") as llm:
            llm.set_attribute("openinference.span.kind", "LLM")
            llm.set_attribute("llm.model_name", "gpt-4.1")
            llm.set_attribute("output.value", json.dumps({"domain": api_domain}))
        with tracer.start_as_current_span("firmographics") as t:
            t.set_attribute("openinference.span.kind", "TOOL")
            t.set_attribute("tool.name", "firmographics")
            t.set_attribute("input.value", json.dumps({"domain": api_domain}))
            t.set_attribute("output.value", json.dumps(api_result))
        with tracer.start_as_current_span("compose") as llm:
            llm.set_attribute("openinference.span.kind", "LLM")
            llm.set_attribute("output.value", json.dumps(output))
        root.set_attribute("output.value", json.dumps(output))


def _check(otel, **kwargs) -> tuple[Run, list]:
    tracer, exporter = otel
    _run(tracer, **kwargs)
    (run,) = assemble(decode(to_protobuf(exporter.get_finished_spans())).spans)
    (verdict,) = check_runs([run], Context())
    return run, verdict


GOOD = {"legal_name": "Acme Robotics Inc", "domain": "https://www.acmerobotics.io", "employee_count": "about 230",
        "revenue": "12,500,000 USD", "address": "12 Market Street, San Francisco, California",
        "phone": "415.555.0100", "description": "Acme Robotics, based in San Francisco, employs 230 people."}


def test_a_profile_its_sources_support_is_verified(otel):
    _, verdict = _check(otel, output=GOOD)
    assert verdict.verdict == "verified", [f.message for f in verdict.findings]


def test_an_invented_value_is_unsupported_and_a_wrong_one_contradicted(otel):
    output = {**GOOD, "revenue": "$40M", "employee_count": 2300, "founded_year": 1999,
              "description": "Acme Robotics employs 2,300 people in San Francisco."}
    run, verdict = _check(otel, output=output)
    kinds = {(f.kind, f.field) for f in verdict.findings if f.check == "grounding"}
    assert ("contradicted_value", "employee_count") in kinds
    assert ("unsupported_value", "founded_year") in kinds
    assert ("contradicted_value", "revenue") in kinds or ("unsupported_value", "revenue") in kinds
    quote = next(f for f in verdict.findings if f.field == "description" and f.kind != "declared_missing")
    assert quote.evidence["quote"] == "2,300"
    assert output["description"][quote.evidence["start"]:quote.evidence["end"]] == "2,300"
    compose = next(s for s in run.steps if s.name == "compose")
    assert next(f for f in verdict.findings if f.field == "founded_year").origin_step == compose.step_id
    assert verdict.verdict == "failed"


def test_an_honest_unknown_is_info_only(otel):
    _, verdict = _check(otel, output={**GOOD, "funding": "not disclosed"})
    (missing,) = [f for f in verdict.findings if f.kind == "declared_missing"]
    assert missing.severity == "info" and missing.field == "funding"
    assert verdict.verdict == "verified"


def test_a_blend_is_caught_at_the_step_that_chose_the_other_company(otel):
    blended = {**GOOD, "employee_count": 1200, "revenue": "EUR 80 million",
               "description": "Acme Robotics, based in San Francisco."}
    run, verdict = _check(otel, output=blended, api_domain="acmerobotic.com", api_result=NEIGHBOUR)
    entity = [f for f in verdict.findings if f.check == "entity"]
    assert {f.field for f in entity if f.kind == "wrong_entity_field"} >= {"employee_count", "revenue"}
    (blend,) = [f for f in entity if f.kind == "blended_entity"]
    pick = next(s for s in run.steps if s.name == "pick_domain")
    assert blend.origin_step == pick.step_id
    assert all(f.origin_step == pick.step_id for f in entity)
    assert verdict.verdict == "failed"


def test_a_rival_named_in_the_description_is_not_a_blend(otel):
    output = {**GOOD, "description": "Acme Robotics competes with Acme Robotic Systems GmbH."}
    _, verdict = _check(otel, output=output)
    assert not [f for f in verdict.findings if f.check == "entity"]


def test_prose_numbers_are_checked_against_the_row_of_their_subject():
    from tests.checks.calls import grounding_of
    from veracity.model import Source

    table = {"stats": {"PLAYER_NAME": {"0": "Isaiah Thomas", "1": "Al Horford"},
                       "PTS": {"0": "38", "1": "11"}, "AST": {"0": "4", "1": "8"}}}
    text = "Isaiah Thomas scored 38 points with six assists. Al Horford added 11 points and eight assists."
    run = Run(run_id="r", input={"game": "x"}, output={"summary": text},
              sources=[Source(source_id="s", kind="tool_result", content=json.dumps(table), step_id="a" * 16)])
    statuses = {v.quote[2]: v.status for v in grounding_of(run, Context()).values if v.quote and v.vtype.value == "count"}
    assert statuses == {"38": "supported", "six": "contradicted", "11": "supported", "eight": "supported"}


def test_a_single_steal_is_one_when_the_table_counts_steals():
    """An article counts one of a noun in a sentence that counts (a stat line), bound to the record's column."""
    from tests.checks.calls import grounding_of
    from veracity.model import Source

    table = {"stats": {"PLAYER_NAME": {"0": "Jae Crowder"}, "STL": {"0": "0"}, "AST": {"0": "1"}, "PTS": {"0": "9"}}}
    text = "Jae Crowder had 9 points, an assist and a steal."
    run = Run(run_id="r", input={"game": "x"}, output={"summary": text},
              sources=[Source(source_id="s", kind="tool_result", content=json.dumps(table), step_id="a" * 16)])
    statuses = {v.quote[0]: v.status for v in grounding_of(run, Context()).values if v.quote and v.vtype.value == "count"}
    assert statuses == {text.index("9"): "supported", text.index("an"): "supported", text.index("a steal"): "contradicted"}


def test_a_value_named_by_the_word_before_it_contradicts():
    """Regression: "<p>Founded 2011.</p>" against a founding year of 1999 is a contradiction, not a gap."""
    from tests.checks.calls import grounding_of
    from veracity.model import Source

    page = "<html><h1>Cobalt Freight</h1><p>Founded 2011.</p></html>"
    run = Run(run_id="r", input={"company": "Cobalt Freight", "domain": "cobaltfreight.com"},
              output={"founded_year": 1999},
              sources=[Source(source_id="s", kind="tool_result", content=page, step_id="b" * 16)])
    (value,) = grounding_of(run, Context()).values
    assert value.status == "contradicted"
