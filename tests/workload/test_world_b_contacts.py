"""World B's contact agent: deterministic, opt-in, truth consistent with what its sources state."""

from __future__ import annotations

from collections import Counter

import pytest

from veracity.workload import RunBundle
from veracity.workload.world_b import WorldBConfig, simulate_b
from veracity.workload.world_b.contacts import CONTACT_MODES, PATHS

from .helpers import get, output, spans

SEED = 13


@pytest.fixture(scope="module")
def contacts() -> list[RunBundle]:
    return list(simulate_b(WorldBConfig(runs=400, seed=SEED, contacts=1.0)))


def _results(b: RunBundle) -> str:
    texts = []
    for s in spans(b.request).values():
        a = s["attrs"]
        if a.get("gen_ai.operation.name") == "execute_tool":
            texts.append(str(a["gen_ai.tool.call.result"]))
    return "\n".join(texts)


def test_contacts_are_opt_in_and_leave_the_company_world_as_it_was() -> None:
    plain = [b.truth for b in simulate_b(WorldBConfig(runs=60, seed=SEED))]
    again = [b.truth for b in simulate_b(WorldBConfig(runs=60, seed=SEED, contacts=0.0))]
    assert plain == again and not any(t.get("domain") == "contact" for t in plain)
    mixed = [b.truth for b in simulate_b(WorldBConfig(runs=60, seed=SEED, contacts=0.5))]
    assert 10 < sum(t.get("domain") == "contact" for t in mixed) < 50


def test_same_seed_same_runs(contacts: list[RunBundle]) -> None:
    again = list(simulate_b(WorldBConfig(runs=400, seed=SEED, contacts=1.0)))
    assert [b.truth for b in again] == [b.truth for b in contacts]


def test_every_contact_failure_and_a_clean_majority(contacts: list[RunBundle]) -> None:
    counts = Counter(b.truth["failure"] for b in contacts)
    assert {m for m, _ in CONTACT_MODES} <= set(counts)
    assert counts["clean"] > 0.4 * len(contacts)
    for b in contacts:
        t = b.truth
        assert t["agent"] == "lead-finder" and t["domain"] == "contact"
        assert bool(t["wrong_fields"]) == (t["failure"] != "clean"), t["failure"]
        if t["wrong_fields"]:
            assert t["origin_step"] in spans(b.request)


def test_clean_values_are_stated_by_a_source(contacts: list[RunBundle]) -> None:
    for b in contacts:
        if b.truth["failure"] != "clean":
            continue
        out, text = output(b.request, b.truth["root_span"]), _results(b)
        for f in ("name", "title", "town", "site", "email"):
            value = get(out, PATHS[f])
            assert value is None or str(value) in text, (f, value)


def test_invented_values_are_stated_by_no_source(contacts: list[RunBundle]) -> None:
    for b in contacts:
        if b.truth["failure"] not in ("inferred_missing", "silent_tool_failure"):
            continue
        out, text = output(b.request, b.truth["root_span"]), _results(b)
        for path in b.truth["unsupported_fields"]:
            assert str(get(out, path)) not in text


def test_quotes_are_exact(contacts: list[RunBundle]) -> None:
    quoted = [(b, q) for b in contacts for q in b.truth["wrong_quotes"]]
    assert quoted
    for b, q in quoted:
        text = get(output(b.request, b.truth["root_span"]), q["field"])
        assert text[q["start"]:q["end"]] == q["quote"]
