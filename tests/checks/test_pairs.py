"""The pairs check on hand-built runs: benign non-determinism is quiet, material divergence is found."""

from __future__ import annotations

from typing import Any

import pytest

from tests.checks.calls import call_pair
from veracity.checks.context import Context
from veracity.checks.pairs import NAME, record_pair, severity
from veracity.checks.pairs.fields import compare_outputs
from veracity.checks.pairs.steps import align, first_divergence
from veracity.checks.pairs.text import contradictions
from veracity.config import Config, FieldSetting
from veracity.model import Run, Source, Step
from veracity.stats.calibration import Calibration

BASE: dict[str, Any] = {
    "legal_name": "Acme Robotics, Inc.",
    "website": "https://acmerobotics.io",
    "location": {"address": "12 Market Street, Springfield, 01101", "country": "US"},
    "founded_year": 2011,
    "employee_count": 230,
    "revenue": "$12.5M",
    "industry": "Industrial Robotics",
    "ceo": "Dana Liu",
    "registry_id": "HRB 706886",
    "competitors": ["Botco", "Gearworks", "Servo Labs"],
    "executives": [{"name": "Dana Liu", "title": "CEO"}, {"name": "Sam Ortiz", "title": "CTO"}],
    "description": "Acme Robotics builds warehouse robots in Springfield. Founded in 2011, it employs 230 people. "
    "CEO Dana Liu leads the company. Revenue last year was $12.5M.",
}


def _steps(prefix: str, domain: str, answer: str) -> list[Step]:
    return [
        Step(step_id=f"{prefix}0", name="agent", kind="agent", order=0),
        Step(f"{prefix}1", "web_search", "tool", f"{prefix}0", 1, {"query": "Acme Robotics"}, "[...]"),
        Step(f"{prefix}2", "pick_domain", "llm", f"{prefix}0", 2, "which?", f'{{"domain": "{domain}"}}'),
        Step(f"{prefix}3", "company_api", "tool", f"{prefix}0", 3, {"domain": domain}, "{...}"),
        Step(f"{prefix}4", "write_profile", "llm", f"{prefix}0", 4, "profile", answer),
    ]


def run(run_id: str, output: dict[str, Any], domain: str = "acmerobotics.io", source: str = "") -> Run:
    import orjson

    prefix = run_id[:2]
    return Run(
        run_id=run_id,
        root_step_id=f"{prefix}0",
        agent="enricher",
        output=output,
        pair_key="pk-1",
        steps=_steps(prefix, domain, orjson.dumps(output).decode()),
        sources=[Source(source_id="s", kind="tool_result", content=source, step_id=f"{prefix}3")]
        if source
        else [],
    )


def pair(b_changes: dict[str, Any], **kw: Any) -> tuple[Run, Run]:
    a = run("aa-run", BASE, source=kw.get("source_a", ""))
    b = run(
        "bb-run",
        {**BASE, **b_changes},
        domain=kw.get("domain_b", "acmerobotics.io"),
        source=kw.get("source_b", ""),
    )
    return a, b


def material(findings: list[Any]) -> list[Any]:
    return [f for f in findings if f.severity in ("critical", "major")]


@pytest.mark.parametrize(
    "changes",
    [
        {"revenue": "12,500,000 USD"},
        {"revenue": "$12.46M"},
        {"legal_name": "Acme Robotics Inc"},
        {"website": "https://www.acmerobotics.io/"},
        {"employee_count": "about 230"},
        {"competitors": ["Servo Labs", "Botco", "Gearworks"]},
        {"executives": [{"title": "CTO", "name": "Sam Ortiz"}, {"name": "Dana Liu", "title": "CEO"}]},
        {
            "description": "Based in Springfield, Acme Robotics makes robots for warehouses. It was founded in 2011 "
            "and has a team of 230 staff. Dana Liu is the CEO. Annual revenue is 12.5 million dollars."
        },
        {"location": {"address": "12 Market St, Springfield, 01101", "country": "US"}},
    ],
)
def test_benign_differences_raise_nothing(changes: dict[str, Any]) -> None:
    a, b = pair(changes)
    assert call_pair(a, b, Context()) == []


def test_material_revenue_on_both_runs_with_field_evidence_and_origin() -> None:
    a, b = pair({"revenue": "$17.5M"})
    fs = call_pair(a, b, Context())
    rev = [f for f in fs if f.field == "revenue"]
    assert {f.run_id for f in rev} == {"aa-run", "bb-run"}
    assert all(f.check == NAME and f.kind == "divergent_field" and f.severity == "major" for f in rev)
    ev = rev[0].evidence
    assert ev["value_a"] == "$12.5M" and ev["value_b"] == "$17.5M"
    assert ev["distance"] > ev["threshold"]["value"] and ev["threshold"]["source"] == "default"
    # no path divergence: the origin is the step that wrote the field in each run
    assert {f.run_id: f.origin_step for f in rev} == {"aa-run": "aa4", "bb-run": "bb4"}


def test_different_ceo_is_critical() -> None:
    a, b = pair({"ceo": "John Smith"})
    fs = [f for f in call_pair(a, b, Context()) if f.field == "ceo"]
    assert len(fs) == 2 and all(f.severity == "critical" for f in fs)


def test_different_year_and_identifier() -> None:
    a, b = pair({"founded_year": 2012, "registry_id": "HRB 706887"})
    fields = {f.field for f in material(call_pair(a, b, Context()))}
    assert fields == {"founded_year", "registry_id"}


def test_path_divergence_sets_origin_on_the_deciding_step() -> None:
    a, b = pair({"employee_count": 3200, "revenue": "$87M"}, domain_b="acme-robotic-systems.com")
    fs = material(call_pair(a, b, Context()))
    assert fs
    assert {f.origin_step for f in fs if f.run_id == "bb-run"} == {"bb2"}
    assert {f.origin_step for f in fs if f.run_id == "aa-run"} == {"aa2"}
    d = first_divergence(a, b)
    assert d is not None and d.name == "pick_domain"


def test_unknown_against_value_is_lower_severity() -> None:
    # No source states a's revenue: a's value is the suspect, b's honest unknown is not.
    a, b = pair({"revenue": "unknown", "industry": "n/a"})
    fs = call_pair(a, b, Context())
    rev = {f.run_id: f for f in fs if f.field == "revenue"}
    ind = [f for f in fs if f.field == "industry"]
    assert {f.evidence["comparison"] for f in rev.values()} == {"unknown"}
    assert rev["aa-run"].severity == "major" and rev["bb-run"].severity == "minor"
    assert ind and all(f.severity == "minor" for f in ind)


def test_grounded_value_against_unknown_is_an_omission() -> None:
    # a's own sources state its revenue; b, with the same sources, left it out: both answers are right.
    a, b = pair({"revenue": None}, source_a="Revenue: $12.5M", source_b="Revenue: $12.5M")
    fs = [f for f in call_pair(a, b, Context()) if f.field == "revenue"]
    assert len(fs) == 2 and all(f.severity == "minor" and f.evidence["comparison"] == "unknown" for f in fs)


def test_both_unknown_is_agreement() -> None:
    a = run("aa-run", {**BASE, "revenue": None})
    b = run("bb-run", {**BASE, "revenue": "not disclosed"})
    assert call_pair(a, b, Context()) == []


def test_list_with_a_different_element() -> None:
    a, b = pair({"competitors": ["Botco", "Gearworks", "Roboworx"]})
    fs = [f for f in call_pair(a, b, Context()) if f.field == "competitors"]
    assert len(fs) == 2 and fs[0].evidence["comparison"] == "list"


def test_nested_object_list_paths() -> None:
    a, b = pair(
        {
            "executives": [
                {"name": "Sam Ortiz", "title": "CTO"},
                {"name": "Dana Liu", "title": "Head of Sales"},
            ]
        }
    )
    fs = call_pair(a, b, Context())
    assert {f.field for f in fs if f.run_id == "aa-run"} == {"executives.0.title"}
    assert {f.field for f in fs if f.run_id == "bb-run"} == {"executives.1.title"}


def test_nested_dict_path() -> None:
    a, b = pair({"location": {"address": "99 Harbour Road, Portland, 97201", "country": "US"}})
    fields = {f.field for f in call_pair(a, b, Context())}
    assert fields == {"location.address"}


def test_object_against_text_reads_the_object() -> None:
    a = run("aa-run", {"funding": {"amount": 80000000, "currency": "CAD"}})
    b = run("bb-run", {"funding": "80 million Canadian dollars"})
    assert call_pair(a, b, Context()) == []


def test_free_text_contradiction_is_major_with_quote() -> None:
    text = "Acme Robotics builds robots. It employs 230 people. CEO Dana Liu leads it."
    a, b = pair({"description": text.replace("230", "2,300")})
    a = run("aa-run", {**BASE, "description": text})
    fs = [f for f in call_pair(a, b, Context()) if f.field == "description"]
    assert len(fs) == 2 and all(f.severity == "major" for f in fs)
    quote = next(f.evidence["quote"] for f in fs if f.run_id == "bb-run")
    assert quote == "2,300"


def test_own_sources_tell_which_run_is_grounded() -> None:
    a, b = pair({"revenue": "$17.5M"}, source_a="Revenue: $12.5M", source_b="Revenue: $12.5M")
    fs = [f for f in call_pair(a, b, Context()) if f.field == "revenue"]
    sup = fs[0].evidence["supported_by_own_sources"]
    assert sup == {"aa-run": True, "bb-run": False}
    by_run = {f.run_id: f for f in fs}
    assert by_run["bb-run"].severity == "major" and by_run["aa-run"].severity == "minor"
    assert "its own sources" in by_run["bb-run"].message


def test_calibrated_threshold_is_used_and_shown() -> None:
    cal = Calibration()
    for i in range(200):
        cal.record("type:money", 0.3 if i < 10 else 0.0)
    a, b = pair({"revenue": "$14M"})  # distance ~0.11 < calibrated 0.3
    assert call_pair(a, b, Context(state={NAME: cal})) == []
    a, b = pair({"revenue": "$40M"})
    fs = call_pair(a, b, Context(state={NAME: cal}))
    assert (
        fs
        and fs[0].evidence["threshold"]["source"] == "calibrated"
        and fs[0].evidence["threshold"]["n"] == 200
    )


def test_learn_pair_records_field_and_type_distances() -> None:
    cal = Calibration()
    a, b = pair({"revenue": "12,500,000 USD"})
    record_pair(a, b, cal)
    assert cal.distances["field:enricher:revenue"] == [0.0]
    assert "type:money" in cal.distances


def test_declared_type_and_materiality_and_alpha() -> None:
    cfg = Config(fields={"ticker_code": FieldSetting(type="identifier", materiality="critical")}, raw={})
    a = run("aa-run", {"ticker_code": "ACME"})
    b = run("bb-run", {"ticker_code": "ACMF"})
    fs = call_pair(a, b, Context(config=cfg))
    assert fs and all(f.severity == "critical" for f in fs)


def test_same_run_twice_and_empty_outputs() -> None:
    a, _ = pair({})
    assert call_pair(a, a, Context()) == []
    assert call_pair(run("aa-x", {}), run("bb-x", {}), Context()) == []


def test_plain_text_outputs() -> None:
    a = run("aa-run", {"text": "The producer of the 1963 film was Michael Relph."})
    b = run("bb-run", {"text": "The producer of the 1963 film was Michael Powell."})
    assert material(call_pair(a, b, Context()))
    b2 = run("bb-run", {"text": "Michael Relph produced the 1963 film."})
    assert not material(call_pair(a, b2, Context()))


def test_contradictions_need_a_shared_slot() -> None:
    assert contradictions("It has 230 staff.", "It has 230 staff and won a prize in 2019.") == []
    found = contradictions("It was founded on March 9, 1944.", "It was founded on April 6, 1944.")
    assert found and found[0].kind.value == "date"


def test_severity_ranks_types() -> None:
    diffs = {
        d.field: d
        for d in compare_outputs(
            {"industry": "Robotics", "revenue": "$1M"}, {"industry": "Food", "revenue": "$9M"}
        )
    }
    assert severity(diffs["industry"]) == "minor"
    assert severity(diffs["revenue"]) == "critical"


def test_alignment_folds_retries_and_matches_names() -> None:
    a, b = pair({})
    retry = Step("bb9", "company_api", "tool", "bb0", 4, {"domain": "acmerobotics.io"}, "{}", attempt=2)
    b = Run(run_id=b.run_id, root_step_id="bb0", output=b.output, steps=[*b.steps[:4], retry, b.steps[4]])
    pairs = align(a, b)
    assert [(x.name if x else None, y.step_id if y else None) for x, y in pairs][2] == ("company_api", "bb9")
    assert first_divergence(a, b) is None


# --- values that name one member of a code list (a country, a currency) ---------------------------


@pytest.mark.parametrize(
    "a_value, b_value",
    [
        ({"country_code": "DE"}, {"country_code": "Germany"}),  # read as an identifier by its name
        ({"jurisdiction": "GB"}, {"jurisdiction": "United Kingdom"}),  # read as a category
        ({"registration": {"country": "AT"}}, {"registration": {"country": "Austria"}}),  # read as an address
        ({"location": {"address": "12 Market Street", "country": "USA"}}, {"location": {"address": "12 Market Street", "country": "United States"}}),
        ({"markets": ["FR", "DE"]}, {"markets": ["Germany", "France"]}),
        ({"turnover": {"amount": 12_500_000, "currency": "EUR"}}, {"turnover": {"amount": 12_500_000, "currency": "€"}}),
        ({"turnover": {"amount": 12_500_000, "currency": "GBP"}}, {"turnover": {"amount": 12_500_000, "currency": "pound sterling"}}),
    ],
)
def test_a_code_and_a_name_of_one_member_are_one_fact(a_value: dict[str, Any], b_value: dict[str, Any]) -> None:
    a, b = run("aa-run", {**BASE, **a_value}), run("bb-run", {**BASE, **b_value})
    assert call_pair(a, b, Context()) == []


@pytest.mark.parametrize(
    "a_value, b_value, field",
    [
        ({"country_code": "DE"}, {"country_code": "Austria"}, "country_code"),
        ({"registration": {"country": "Germany"}}, {"registration": {"country": "AT"}}, "registration.country"),
        ({"turnover": {"amount": 12_500_000, "currency": "EUR"}}, {"turnover": {"amount": 12_500_000, "currency": "$"}}, "turnover.currency"),
    ],
)
def test_two_members_of_one_code_list_still_diverge(a_value: dict[str, Any], b_value: dict[str, Any], field: str) -> None:
    a, b = run("aa-run", {**BASE, **a_value}), run("bb-run", {**BASE, **b_value})
    fs = [f for f in material(call_pair(a, b, Context())) if f.field == field]
    assert {f.run_id for f in fs} == {"aa-run", "bb-run"} and all(f.evidence["distance"] == 1.0 for f in fs)


def test_an_unbacked_category_against_a_backed_one_is_the_suspect() -> None:
    # A category difference is minor by its type; when only the partner's value is in the sources
    # both runs saw, this run's value is the suspect one (a wrong job title, sector).
    src = "Acme Robotics. Industry: Industrial Robotics. CEO Dana Liu."
    a, b = pair({"industry": "Consumer Electronics"}, source_a=src, source_b=src)
    fs = {f.run_id: f for f in call_pair(a, b, Context()) if f.field == "industry"}
    assert fs["bb-run"].severity == "major" and fs["aa-run"].severity == "minor"
    declared = Context(config=Config(fields={"industry": FieldSetting(materiality="minor")}))
    assert {f.severity for f in call_pair(a, b, declared) if f.field == "industry"} == {"minor"}


def test_prose_is_free_text_whatever_its_field_is_called() -> None:
    # "company" names an organisation field; a paragraph under it is compared by its claims.
    text = "Acme Robotics was founded in 2011 in Springfield and builds warehouse robots for retailers."
    paraphrase = "Based in Springfield, Acme Robotics (founded 2011) makes robots that retailers use in warehouses."
    a = run("aa-run", {**BASE, "company_story": text})
    assert call_pair(a, run("bb-run", {**BASE, "company_story": paraphrase}), Context()) == []
    fs = material(call_pair(a, run("bb-run", {**BASE, "company_story": text.replace("2011", "2014")}), Context()))
    assert {f.field for f in fs} == {"company_story"} and {f.evidence["comparison"] for f in fs} == {"claims"}


def test_a_close_figure_the_sources_do_not_state_is_a_divergence() -> None:
    # 1,200 against 1,187 is within the count's run-to-run tolerance; the sources both runs saw
    # state only 1,187, so the rounded figure is a different fact (b's), and a's is grounded.
    src = "Acme Robotics employs 1,187 people in Springfield."
    a = run("aa-run", {**BASE, "employee_count": 1187}, source=src)
    b = run("bb-run", {**BASE, "employee_count": 1200}, source=src)
    fs = {f.run_id: f for f in call_pair(a, b, Context()) if f.field == "employee_count"}
    assert fs["bb-run"].severity == "major" and fs["aa-run"].severity == "minor"
    assert fs["bb-run"].evidence["beyond_threshold"] is False
    # Without sources the same gap is run-to-run noise.
    quiet_a, quiet_b = run("aa-run", {**BASE, "employee_count": 1187}), run("bb-run", {**BASE, "employee_count": 1200})
    assert call_pair(quiet_a, quiet_b, Context()) == []
    # A source that says "about 1,200" states both figures: no divergence.
    approx = "Acme Robotics employs about 1,200 people (1,187 at year end)."
    assert call_pair(run("aa-run", a.output, source=approx), run("bb-run", b.output, source=approx), Context()) == []
