"""The duplicate-record matching rule: independent identifiers, typed normal forms, different inputs."""

from __future__ import annotations

from typing import Any

from tests.checks.calls import call_cohort
from veracity.checks.context import Context, EvidenceSet
from veracity.checks.duplicates import is_duplicate, matches
from veracity.checks.duplicates.keys import Signature, address_key, signature
from veracity.checks.duplicates.types import DuplicateCandidates, Entry
from veracity.model import Run
from veracity.values import ValueType, normalize


def sig_of(r: Run) -> Signature:
    return signature(r, EvidenceSet().of(r))


def profile(**over: Any) -> dict[str, Any]:
    base = {
        "legal_name": "Drift Solar Limited",
        "domain": "driftsolar.io",
        "address": "950 High Street, Bristol, SX1 8HA",
        "phone": "+44 746 596864",
        "revenue": "£3.15bn",
        "employee_count": 20000,
        "founded_year": 2019,
    }
    base.update(over)
    return {k: v for k, v in base.items() if v is not None}


def run(run_id: str, company: str, output: dict[str, Any], country: str = "GB", t: int = 0, **kw: Any) -> Run:
    return Run(run_id=run_id, input={"company": company, "country": country}, output=output, started_at=t, **kw)


def test_shared_phone_address_revenue_headcount_is_a_duplicate_on_both_runs() -> None:
    a = run("a", "Drift Solar", profile(), t=1)
    b = run("b", "Drift Analytics", profile(legal_name="Drift Analytics Ltd", domain=None), country="CA", t=2)
    found = call_cohort([a, b], Context())
    assert {f.run_id for f in found} == {"a", "b"}
    fb = next(f for f in found if f.run_id == "b")
    assert fb.kind == "duplicate_record" and fb.severity == "major" and fb.field is None
    assert fb.origin_step is None and fb.check == "duplicates"
    assert fb.evidence["other_run_id"] == "a" and fb.evidence["other_is_earlier"] is True
    assert set(fb.evidence["attributes"]) == {"phone", "address", "revenue_headcount"}
    assert fb.evidence["shared"]["phone"] == "+44 746 596864"
    assert fb.evidence["shared"]["revenue"] == "£3.15bn" and fb.evidence["shared"]["headcount"] == 20000
    assert next(f for f in found if f.run_id == "a").evidence["other_run_id"] == "b"


def test_same_company_rerun_is_not_a_duplicate() -> None:
    a = run("a", "Drift Solar Limited", profile(), t=1)
    b = run("b", "Drift Solar", profile(), t=2)
    c = Run(run_id="c", input={"company": "Drift Solar", "domain": "https://www.driftsolar.io/"}, output=profile())
    assert call_cohort([a, b, c], Context()) == []


def test_shadow_pair_is_not_a_duplicate() -> None:
    a = Run(run_id="a", input="Drift Solar", output=profile(), pair_key="pk1")
    b = Run(run_id="b", input="Drift Solar Ltd.", output=profile(), pair_key="pk1")
    assert call_cohort([a, b], Context()) == []


def test_shared_city_and_round_revenue_is_not_a_duplicate() -> None:
    a = run("a", "Alpha Robotics", {"address": "Bristol", "revenue": "£10M", "employees": 50, "founded": 2019,
                                     "phone": "+44 20 7946 0001"})
    b = run("b", "Beta Foods", {"address": "Bristol, UK", "revenue": "10 million GBP", "headcount": 120,
                                 "founded": 2019, "phone": "+44 20 7946 0999"})
    assert call_cohort([a, b], Context()) == []


def test_one_strong_identifier_alone_is_not_a_duplicate() -> None:
    a = run("a", "Alpha Robotics", {"address": "1 Main Street, Springfield, 12345", "phone": "+1 415 555 0100"})
    b = run("b", "Beta Foods", {"address": "1 Main St, Springfield 12345", "phone": "+1 212 555 0199"})
    assert call_cohort([a, b], Context()) == []


def test_formatting_variants_of_phone_and_address_still_match() -> None:
    a = run("a", "Acme Robotics", {"hq_address": "Herengracht 118, Amsterdam, 8264 LM", "phone": "+1 (415) 738-2290"},
            country="NL")
    b = run("b", "Acme Logistics", {"location": {"address": "Herengracht 118, 8264LM Amsterdam"},
                                     "phone": "415.738.2290"}, country="NL")
    found = call_cohort([a, b], Context())
    assert {f.run_id for f in found} == {"a", "b"}
    assert address_key(normalize("950 High St., Bristol SX1 8HA", ValueType.ADDRESS)) == address_key(  # type: ignore[arg-type]
        normalize("950 High Street, Bristol, SX1 8HA", ValueType.ADDRESS))  # type: ignore[arg-type]


def test_field_names_differ_per_agent() -> None:
    a = run("a", "Drift Solar", profile())
    b = run("b", "Drift Analytics", {"company": "Drift Analytics", "location": {"address": "950 High St, Bristol SX1 8HA"},
                                      "revenue": {"amount": 3150000000, "currency": "GBP"}, "headcount": "20,000",
                                      "phone": "0746 596864"}, country="CA")
    sig = sig_of(b)
    assert set(sig.attrs) == {"phone", "address", "revenue_headcount"}
    assert {m.run_id for m in matches([a, b], EvidenceSet(), Context())} == {"a", "b"}


def test_same_name_in_another_country_is_another_input() -> None:
    a = run("a", "Torch Photonics S.A.", profile(), country="FR")
    b = run("b", "Torch Photonics, Inc.", profile(), country="CA")
    assert {f.run_id for f in call_cohort([a, b], Context())} == {"a", "b"}


def test_a_value_many_inputs_share_is_not_identifying() -> None:
    cowork = {"address": "1 Canal Street, Manchester, M1 3HE", "phone": "+44 161 000 0000"}
    runs = [run(f"r{i}", f"Startup {chr(65 + i)}{chr(70 + i)} Labs", dict(cowork)) for i in range(12)]
    assert call_cohort(runs, Context()) == []


def test_rule_needs_two_attributes_and_weight() -> None:
    assert is_duplicate({"phone", "address"})
    assert is_duplicate({"address", "revenue_headcount"})
    assert not is_duplicate({"phone"})
    assert not is_duplicate({"revenue_headcount"})


def test_stored_candidates_are_matched_but_only_batch_runs_get_findings() -> None:
    stored = sig_of(run("old", "Drift Solar", profile(), t=1))
    entries = (*stored.entries(), Entry(12345, "other", 1, 2, "GB", 0))
    b = run("b", "Drift Analytics", profile(), country="CA", t=5)
    found = call_cohort([b], Context(state={"duplicates": DuplicateCandidates(entries)}))
    assert [(f.run_id, f.evidence["other_run_id"]) for f in found] == [("b", "old")]
    assert call_cohort([b], Context()) == []  # stateless: only the runs given


def test_missing_values_are_not_identifiers() -> None:
    a = run("a", "Alpha", {"phone": "unknown", "address": "n/a", "revenue": "not disclosed", "employees": None})
    assert sig_of(a).attrs == {}
