"""The truth about a world-B run, read off what it output against the firm its input names."""

from __future__ import annotations

from veracity.workload.world_b.agents import Agent
from veracity.workload.world_b.firms import Firm
from veracity.workload.world_b.runner import UNKNOWN, Outcome
from veracity.workload.world_b.scenario import Scenario


def _right(f: str, v: object, t: Firm) -> bool:
    if f == "legal":
        return v in (t.legal, t.brand)
    return v == t.value(f)


def _slot_right(f: str, v: object, t: Firm) -> bool:
    if f == "name":
        return v in (t.brand, t.legal)
    if f == "city":
        return v == t.address.city
    if f == "sector":
        return True  # look-alikes share the sector; the text names it in English
    return v == t.value(f)


def judge(agent: Agent, sc: Scenario, out: Outcome) -> tuple[list[str], list[dict[str, object]], list[str], list[str]]:
    """Wrong paths, wrong quotes in the prose field, honestly unknown paths, paths not backed by a source."""
    t = sc.target
    wrong: list[str] = []
    missing: list[str] = []
    unsupported: list[str] = []
    for f, path in agent.paths.items():
        if f == "text":
            continue
        v = out.values.get(f, UNKNOWN)
        if v is UNKNOWN:
            missing.append(path)
            continue
        if not _right(f, v, t):
            wrong.append(path)
        if out.origins.get(f, ("", None))[0] not in ("source", "input"):
            unsupported.append(path)
    text_path = agent.paths["text"]
    quotes = [{"field": text_path, "start": s.start, "end": s.end, "quote": out.text[s.start:s.end], "fact": s.field}
              for s in out.slots if not _slot_right(s.field, s.value, t)]
    if quotes:
        wrong.append(text_path)
    return wrong, quotes, missing, unsupported


def origin(sc: Scenario, out: Outcome, wrong: bool) -> str | None:
    """Where the failure began: the decision that left the firm, the bad tool answer, or the model's own step."""
    if wrong and sc.deviated and any(p.key != sc.target.key for p in sc.picks.values()):
        return out.decisions[sc.deviated]
    if out.failed:
        return str(out.failed[0]["span_id"])
    if sc.invent or sc.contradict:
        return out.steps["compose"]
    if sc.text_errors:
        return out.steps["text"]
    if out.attempts:
        ids = out.attempts[0]["span_ids"]
        return str(ids[0]) if isinstance(ids, list) else None
    return None


def record(agent: Agent, sc: Scenario, out: Outcome, failure: str, pair_key: str | None,
           cohort: dict[str, str]) -> dict[str, object]:
    """One truth.jsonl line, in the schema world A's benches read (pair and duplicate links filled in later)."""
    wrong, quotes, missing, unsupported = judge(agent, sc, out)
    other = next((p for p in sc.picks.values() if p.key != sc.target.key), None)
    is_wrong = bool(wrong)
    return {
        "run_id": out.trace_id, "world": "b", "failure": failure, "wrong_fields": wrong, "wrong_quotes": quotes,
        "origin_step": origin(sc, out, is_wrong) if (is_wrong or out.attempts or out.failed) else None,
        "pair_key": pair_key, "divergent_fields": [], "divergent_step": None, "duplicate_of": [],
        "cohort": cohort, "agent": agent.name, "convention": agent.convention,
        "entity": {"id": sc.target.key, "domain": sc.target.domain, "name": sc.target.brand},
        "blend_entity": other.key if other else None, "failed_steps": out.failed, "attempts": out.attempts,
        "missing_fields": missing, "unsupported_fields": unsupported,
        "field_sources": {agent.paths[f]: s for f, (how, s) in out.origins.items() if how == "source" and s},
        "texts": {agent.paths["text"]: out.text}, "root_span": out.root_span, "trace_root_span": out.root_span,
        "steps": dict(out.steps), "started_at_ns": out.started_ns, "ended_at_ns": out.ended_ns,
    }
