"""Contract: what the browser UI's pages ask of a store (search over runs, a pair's runs, filter choices)."""

from __future__ import annotations

from veracity.model import Source
from veracity.store.base import RunQuery, Store

from .conftest import HOUR, T0, finding, run, verdict, write


def _fill(store: Store) -> None:
    a = run(1, agent="a1", model="m1", pair_key="pk", prompt_version="p1", output={"name": "Müller Straße GmbH"})
    b = run(2, agent="a2", model="m2", pair_key="pk", prompt_version="p2",
            sources=[Source(source_id="s1", kind="tool_result", content="Registry: ACME Holdings, Zürich")])
    c = run(3, agent="a1", model="m1", prompt_version="p1")
    write(store, (a, verdict(a, "failed", 0.9, [finding("contradicted_value", field="revenue")])),
          (b, verdict(b, "verified", 0.1, [finding("declared_missing", "info", field="ceo")])),
          (c, verdict(c, "suspect", 0.6, [finding("unsupported_value", field="ceo")])))


def ids(store: Store, query: RunQuery, limit: int = 100, offset: int = 0) -> tuple[list[str], int]:
    rows, total = store.search_runs(query, limit, offset)
    return [r["run_id"] for r in rows], total


def test_search_filters_each_field_newest_first(store: Store) -> None:
    _fill(store)
    assert ids(store, RunQuery()) == (["r003", "r002", "r001"], 3)
    assert ids(store, RunQuery(agent="a1")) == (["r003", "r001"], 2)
    assert ids(store, RunQuery(verdict="verified")) == (["r002"], 1)
    assert ids(store, RunQuery(model="m2", prompt_version="p2")) == (["r002"], 1)
    assert ids(store, RunQuery(prompt_version="p1", agent="a2")) == ([], 0)
    assert ids(store, RunQuery(kind="contradicted_value")) == (["r001"], 1)
    assert ids(store, RunQuery(field="ceo")) == (["r003"], 1)  # the info finding on r002's ceo does not count
    assert ids(store, RunQuery(since_ns=T0 + 2 * HOUR, until_ns=T0 + 3 * HOUR)) == (["r002"], 1)
    assert ids(store, RunQuery(), limit=1, offset=1) == (["r002"], 3)
    row = store.search_runs(RunQuery(agent="a2"))[0][0]
    assert (row["prompt_version"], row["pair_key"], row["verdict"]) == ("p2", "pk", "verified")


def test_text_search_reads_outputs_and_sources_casefolded(store: Store) -> None:
    _fill(store)
    assert ids(store, RunQuery(text="MÜLLER STRASSE")) == (["r001"], 1)  # ß and ü casefold
    assert ids(store, RunQuery(text="acme holdings")) == (["r002"], 1)  # a source's content
    assert ids(store, RunQuery(text="zürich", agent="a1")) == ([], 0)
    assert ids(store, RunQuery(text="company")) == (["r003", "r002"], 2)  # r001 says otherwise


def test_pair_runs_and_filter_choices(store: Store) -> None:
    _fill(store)
    assert store.pair_run_ids("pk") == ["r001", "r002"]
    assert store.pair_run_ids("nope") == []
    choices = store.filter_choices()
    assert choices["agent"] == ["a1", "a2"] and choices["model"] == ["m1", "m2"]
    assert choices["prompt_version"] == ["p1", "p2"]
    assert choices["verdict"] == ["failed", "suspect", "verified"]
    assert choices["kind"] == ["contradicted_value", "unsupported_value"]  # info findings are no filter
    assert choices["field"] == ["ceo", "revenue"]
