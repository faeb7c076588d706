"""The truth agrees with the traces: wrong values come from where the truth says, right ones are grounded."""

from __future__ import annotations

from typing import Any

from tests.workload.helpers import get, output, spans, stated, tool_result
from veracity.workload import RunBundle, build_universe
from veracity.workload.agents import AGENTS
from veracity.workload.universe import value_of

UNIVERSE = build_universe(11, 3000)
CANON = {a: {path: f for f, path in spec.paths.items()} for a, spec in AGENTS.items()}


def _results(b: RunBundle) -> dict[str, str]:
    return {sid: r for sid, s in spans(b.request).items() if (r := tool_result(s)) is not None}


def _of(bundles: list[RunBundle], failure: str) -> list[RunBundle]:
    runs = [b for b in bundles if b.truth["failure"] == failure]
    assert runs, failure
    return runs


def test_clean_runs_are_grounded_or_honestly_unknown(bundles: list[RunBundle]) -> None:
    checked = 0
    for b in _of(bundles, "clean")[:400]:
        t = b.truth
        assert t["wrong_fields"] == [] and t["wrong_quotes"] == [] and t["origin_step"] is None
        company = UNIVERSE.by_id[t["entity"]["id"]]
        results = _results(b)
        out = output(b.request, t["root_span"])
        for path, f in CANON[t["agent"]].items():
            if f == "description" or path in t["missing_fields"] or (get(out, path) is None and f == "ticker"):
                continue
            value = value_of(company, f)
            sid = t["field_sources"].get(path)
            if sid is None:  # from the input (country)
                assert f in ("country", "legal_name"), (path, t)
                continue
            assert stated(f, value, results[sid]), (f, value, results[sid][:300])
            checked += 1
    assert checked > 2000


def test_missing_fields_are_written_as_unknown(bundles: list[RunBundle]) -> None:
    n = 0
    for b in bundles[:1500]:
        out = output(b.request, b.truth["root_span"])
        for path in b.truth["missing_fields"]:
            assert get(out, path) in (None, "unknown", "not disclosed", "N/A", []), (path, get(out, path))
            n += 1
    assert n > 50


def test_blend_values_come_from_a_neighbour_source(bundles: list[RunBundle]) -> None:
    for b in _of(bundles, "blend"):
        t = b.truth
        neighbour = UNIVERSE.by_id[t["blend_entity"]]
        target = UNIVERSE.by_id[t["entity"]["id"]]
        assert neighbour.id in target.neighbours
        assert t["origin_step"] in (t["steps"]["select"], t["steps"]["resolve"])
        results = _results(b)
        structured = [p for p in t["wrong_fields"] if p != CANON_DESC[t["agent"]]]
        assert structured, t
        right = 0
        for path in structured:
            f = CANON[t["agent"]][path.split(".")[0]] if "." in path and path.split(".")[0] == "executives" else CANON[t["agent"]][path]
            if f in ("executives", "domain"):
                continue
            sid = t["field_sources"][path]
            assert stated(f, value_of(neighbour, f), results[sid]), (path, results[sid][:300])
            right += 1
        assert right or structured


CANON_DESC = {a: spec.paths["description"] for a, spec in AGENTS.items()}


def test_wrong_entity_profile_is_about_the_neighbour(bundles: list[RunBundle]) -> None:
    for b in _of(bundles, "wrong_entity"):
        t = b.truth
        out = output(b.request, t["root_span"])
        neighbour = UNIVERSE.by_id[t["blend_entity"]]
        domain_path = AGENTS[t["agent"]].paths["domain"]
        assert neighbour.domain in str(get(out, domain_path))
        assert domain_path in t["wrong_fields"] and t["origin_step"] == t["steps"]["select"]


def test_text_error_quotes_are_exact(bundles: list[RunBundle]) -> None:
    for b in _of(bundles, "text_error"):
        t = b.truth
        out = output(b.request, t["root_span"])
        assert t["wrong_quotes"]
        for q in t["wrong_quotes"]:
            text = get(out, q["field"])
            assert text == t["texts"][q["field"]]
            assert text[q["start"]:q["end"]] == q["quote"] and q["quote"]
        assert t["origin_step"] == t["steps"]["description"]
        assert spans(b.request)[t["origin_step"]]["attrs"].get("openinference.span.kind", "LLM") == "LLM"


def test_all_quotes_everywhere_are_exact(bundles: list[RunBundle]) -> None:
    for b in bundles:
        for q in b.truth["wrong_quotes"]:
            assert b.truth["texts"][q["field"]][q["start"]:q["end"]] == q["quote"]


def test_inferred_values_appear_in_no_tool_result(bundles: list[RunBundle]) -> None:
    for b in _of(bundles, "inferred_missing"):
        t = b.truth
        assert t["unsupported_fields"] and t["origin_step"] == t["steps"]["extract"]
        out = output(b.request, t["root_span"])
        blob = "\n".join(_results(b).values())
        for path in t["unsupported_fields"]:
            v = get(out, path)
            if isinstance(v, int) and v > 100:
                assert f"{v:,}" not in blob and f" {v} " not in blob, (path, v)


def test_silent_failures_name_a_garbage_step(bundles: list[RunBundle]) -> None:
    for b in _of(bundles, "silent_tool_failure") + _of(bundles, "retry_garbage"):
        t = b.truth
        assert t["failed_steps"] and t["wrong_fields"]
        sp = spans(b.request)
        step = sp[t["failed_steps"][0]["span_id"]]
        assert t["origin_step"] == t["failed_steps"][0]["span_id"]
        assert step["attrs"].get("http.response.status_code", 200) == 200
        assert step["status"] != 2  # not ERROR: it looked like success


def test_retries_are_visible_as_attempts(bundles: list[RunBundle]) -> None:
    for b in _of(bundles, "retry_ok") + _of(bundles, "retry_garbage"):
        t = b.truth
        (att,) = t["attempts"]
        assert att["attempts"] == len(att["span_ids"]) >= 2 and att["first_ok"] is False
        assert att["accepted_garbage"] is (t["failure"] == "retry_garbage")
        sp = spans(b.request)
        names = {sp[s]["name"] for s in att["span_ids"]}
        assert len(names) == 1
        assert [sp[s]["attrs"].get("http.request.resend_count", 0) for s in att["span_ids"]] == list(range(att["attempts"]))
        if t["failure"] == "retry_ok":
            assert t["wrong_fields"] == [] and t["origin_step"] == att["span_ids"][0]


def _pairs(bundles: list[RunBundle], failure: str) -> list[tuple[RunBundle, RunBundle]]:
    by: dict[str, list[RunBundle]] = {}
    for b in _of(bundles, failure):
        by.setdefault(b.truth["pair_key"], []).append(b)
    assert all(len(v) == 2 for v in by.values())
    return [(v[0], v[1]) for v in by.values()]


def _session(b: RunBundle) -> tuple[Any, Any]:
    a = spans(b.request)[b.truth["root_span"]]["attrs"]
    return a.get("session.id") or a.get("gen_ai.conversation.id"), a["user.id"]


def test_benign_pairs_are_both_right_with_different_identities(bundles: list[RunBundle]) -> None:
    differ = 0
    for a, b in _pairs(bundles, "pair_benign"):
        assert a.run_id != b.run_id and a.truth["entity"] == b.truth["entity"]
        assert _session(a)[0] != _session(b)[0] and _session(a)[1] != _session(b)[1]
        assert a.truth["wrong_fields"] == b.truth["wrong_fields"] == [] and a.truth["divergent_fields"] == []
        differ += output(a.request, a.truth["root_span"]) != output(b.request, b.truth["root_span"])
    assert differ > 0


def test_material_pairs_record_divergence(bundles: list[RunBundle]) -> None:
    for a, b in _pairs(bundles, "pair_material"):
        assert a.truth["wrong_fields"] == [] and b.truth["wrong_fields"]
        assert a.truth["divergent_fields"] == b.truth["divergent_fields"] == b.truth["wrong_fields"]
        assert b.truth["divergent_step"] == b.truth["origin_step"] in spans(b.request)


def test_duplicates_share_identifying_attributes(bundles: list[RunBundle]) -> None:
    by_id = {b.run_id: b for b in bundles}
    for b in _of(bundles, "duplicate"):
        (first,) = b.truth["duplicate_of"]
        a = by_id[first]
        assert a.truth["entity"]["id"] != b.truth["entity"]["id"] and a.truth["failure"] == "clean"
        assert b.truth["blend_entity"] == a.truth["entity"]["id"]
        spec = AGENTS[b.truth["agent"]]
        company = UNIVERSE.by_id[a.truth["entity"]["id"]]
        out_b = output(b.request, b.truth["root_span"])
        for f in ("address", "phone", "employee_count", "revenue"):
            path = spec.paths[f]
            if path in b.truth["missing_fields"]:
                continue
            assert path in b.truth["wrong_fields"] or value_of(company, f) == value_of(UNIVERSE.by_id[b.truth["entity"]["id"]], f)
        assert get(out_b, spec.paths["legal_name"]) is not None
