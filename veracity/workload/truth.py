"""The truth about a run, computed by comparing what it output with the world, not from intentions."""

from __future__ import annotations

from veracity.workload.agents import AgentSpec
from veracity.workload.run import UNKNOWN, Cohort, Outcome
from veracity.workload.scenario import Scenario
from veracity.workload.universe import Company, value_of


def _get(out: dict[str, object], path: str) -> object:
    cur: object = out
    for k in path.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(k)
    return cur


def _correct(f: str, v: object, t: Company, sc: Scenario) -> bool:
    if f == "legal_name":
        return v in (t.legal_name, t.name) or (sc.keep_input_name and v == sc.input["company"])
    return v == value_of(t, f)


def _slot_truth(field: str, t: Company) -> object:
    if field == "name":
        return t.name
    if field == "city":
        return t.city
    return value_of(t, field)


def judge(spec: AgentSpec, sc: Scenario, out: Outcome) -> tuple[list[str], list[dict[str, object]], list[str], list[str]]:
    """Wrong field paths, wrong quotes, honestly-unknown paths and unsupported paths."""
    t = sc.target
    wrong: list[str] = []
    missing: list[str] = []
    unsupported: list[str] = []
    for f, path in spec.paths.items():
        if f == "description":
            continue
        v = out.values.get(f, UNKNOWN)
        if v is UNKNOWN:
            if f != "ticker":
                missing.append(path)
            continue
        how = out.origins.get(f, ("", None))[0]
        if f == "executives":
            truth = {title: name for name, title in value_of(t, f)}  # type: ignore[attr-defined]
            listed = _get(out.output, path)
            assert isinstance(listed, list)
            for i, person in enumerate(listed):
                if truth.get(person["title"]) != person["name"]:
                    wrong.append(f"{path}.{i}.name")
                    if how != "source":
                        unsupported.append(f"{path}.{i}.name")
            continue
        if not _correct(f, v, t, sc):
            wrong.append(path)
        if how not in ("source", "input"):
            unsupported.append(path)
    desc = spec.paths["description"]
    quotes: list[dict[str, object]] = []
    for s in out.slots:
        if s.value != _slot_truth(s.field, t):
            quotes.append({"field": desc, "start": s.start, "end": s.end, "quote": out.description[s.start:s.end],
                           "fact": s.field})
    if quotes:
        wrong.append(desc)
    return wrong, quotes, missing, unsupported


def origin(sc: Scenario, out: Outcome) -> str | None:
    """The span where the run's failure began (the decision, the bad tool answer, or the model's own step)."""
    mode = sc.mode
    if mode in ("blend", "wrong_entity", "duplicate", "pair_material") and (sc.pick1.id != sc.target.id
                                                                           or sc.pick2.id != sc.target.id):
        return out.steps["select"] if sc.pick1.id != sc.target.id else out.steps["resolve"]
    if mode in ("inferred_missing", "contradiction", "pair_material"):
        return out.steps["extract"]
    if mode in ("silent_tool_failure", "retry_garbage"):
        return str(out.failed[0]["span_id"]) if out.failed else None
    if mode == "retry_ok":
        ids = out.attempts[0]["span_ids"] if out.attempts else None
        return str(ids[0]) if isinstance(ids, list) else None  # type: ignore[index]
    if mode == "text_error":
        return out.steps["description"]
    return None


def record(spec: AgentSpec, sc: Scenario, out: Outcome, cohort: Cohort, failure: str, pair_key: str | None) -> dict[str, object]:
    """One line of truth.jsonl (pair and duplicate links are filled in by the world)."""
    wrong, quotes, missing, unsupported = judge(spec, sc, out)
    neighbour = sc.pick1 if sc.pick1.id != sc.target.id else sc.pick2 if sc.pick2.id != sc.target.id else None
    wrong_run = bool(wrong)
    return {
        "run_id": out.trace_id,
        "failure": failure,
        "wrong_fields": wrong,
        "wrong_quotes": quotes,
        "origin_step": origin(sc, out) if (wrong_run or failure == "retry_ok" or out.failed) else None,
        "pair_key": pair_key,
        "divergent_fields": [],
        "divergent_step": None,
        "duplicate_of": [],
        "cohort": cohort.as_dict(),
        "agent": spec.name,
        "convention": spec.convention,
        "entity": {"id": sc.target.id, "domain": sc.target.domain, "name": sc.target.name},
        "blend_entity": neighbour.id if neighbour else None,
        "failed_steps": out.failed,
        "attempts": out.attempts,
        "missing_fields": missing,
        "unsupported_fields": unsupported,
        "field_sources": {spec.paths[f]: sid for f, (how, sid) in out.origins.items()
                          if how == "source" and f in spec.paths and sid},
        "texts": {spec.paths["description"]: out.description},
        "root_span": out.root_span,
        "trace_root_span": out.trace_root_span,
        "steps": dict(out.steps),
        "started_at_ns": out.started_ns,
        "ended_at_ns": out.ended_ns,
    }
