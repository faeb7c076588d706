"""The data of one run's page: its output field by field with the evidence, its step outline and bodies.

`run_view` is the page (and `/runs/{id}.json`); a step's body is fetched on demand (`step_body`) so
a run of 10,000 steps sends an outline of small rows, not every prompt and tool result.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import quote

from veracity.evidence import Hit, Value, build_evidence, leaves
from veracity.model import SEVERITY_RANK, Finding, Run, Source
from veracity.report.pages import iso, plain
from veracity.store.base import Store
from veracity.values.fold import fold

SNIPPET = 80
LAZY_STEPS = 1000
BODY_CHARS = 20_000
STATUS_OF_KIND = {"contradicted_value": "contradicted", "wrong_entity_field": "contradicted",
                  "blended_entity": "contradicted", "divergent_field": "contradicted",
                  "unsupported_value": "unsupported", "missing_evidence": "unverifiable"}
STATUS_RANK = {"contradicted": 3, "unsupported": 2, "unverifiable": 1, "supported": 0}


def snippet(source: Source, start: int, end: int) -> dict[str, Any]:
    """The text around a quote in a source, split so a page can put the quote in `<mark>`."""
    text = source.content
    return {"source_id": source.source_id, "step_id": source.step_id, "title": source.title, "uri": source.uri,
            "before": text[max(0, start - SNIPPET):start], "quote": text[start:end], "after": text[end:end + SNIPPET]}


def _hits(hits: list[Hit], sources: dict[str, Source]) -> list[dict[str, Any]]:
    return [snippet(sources[h.source_id], h.start, h.end) for h in hits[:3] if h.source_id in sources]


def _finding_snippet(run: Run, finding: Finding) -> dict[str, Any] | None:
    """Where a stored finding's stated value sits in one of the run's sources (when it names one)."""
    stated = str(finding.evidence.get("stated") or "")
    for source_id in finding.evidence.get("sources") or []:
        source = next((s for s in run.sources if s.source_id == source_id), None)
        if source is not None and stated and (at := source.content.find(stated)) >= 0:
            return snippet(source, at, at + len(stated))
    return None


def _field_status(findings: list[Finding], values: list[Value]) -> str:
    marks = [STATUS_OF_KIND[f.kind] for f in findings if f.kind in STATUS_OF_KIND and f.severity != "info"]
    if marks:
        return max(marks, key=STATUS_RANK.__getitem__)
    if values and all(v.status == "supported" for v in values):
        return "supported"
    return "unverifiable"


def _fields(run: Run, findings: list[Finding]) -> list[dict[str, Any]]:
    """Every output leaf: its value, its mark and the snippets that support or contradict it."""
    grounding = build_evidence(run).grounding
    by_path: dict[str, list[Value]] = defaultdict(list)
    for value in grounding.values:
        by_path[value.path].append(value)
    on_field: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.field:
            on_field[f.field].append(f)
    output = run.output if isinstance(run.output, dict) else {"text": run.output} if run.output else {}
    out = []
    for path, raw in leaves(output):
        if not path:
            continue
        values, mine = by_path.get(path, []), on_field.get(path, [])
        status = _field_status(mine, values)
        evidence = []
        for v in values:
            hits = [h for h, _ in v.contradictions] if status == "contradicted" and v.contradictions else v.support
            for item in _hits(hits, grounding.sources):
                evidence.append({**item, "claim": v.quote[2] if v.quote else None, "stance":
                                 "contradicts" if status == "contradicted" and v.contradictions else "supports"})
        if not evidence:
            evidence = [{**s, "claim": None, "stance": "contradicts"} for f in mine
                        if (s := _finding_snippet(run, f)) is not None]
        declared = any(v.status == "missing" for v in values)
        out.append({"path": path, "value": plain(raw), "status": status, "declared_unknown": declared,
                    "findings": [{"kind": f.kind, "severity": f.severity, "message": f.message} for f in mine],
                    "evidence": evidence})
    return out


def outline(run: Run, findings: list[Finding]) -> list[dict[str, Any]]:
    """The step tree in display order (depth first, children by order), one small row a step,
    each finding placed on the step where it began (its origin step)."""
    ids = {s.step_id for s in run.steps}
    children: dict[str | None, list[Any]] = defaultdict(list)
    for s in run.steps:
        children[s.parent_id if s.parent_id in ids else None].append(s)
    began: dict[str, list[str]] = defaultdict(list)
    for f in findings:
        if f.origin_step and f.severity != "info":
            began[f.origin_step].append(f.kind)
    rows: list[dict[str, Any]] = []
    stack = [(s, 0) for s in sorted(children[None], key=lambda s: (s.order, s.step_id), reverse=True)]
    while stack:
        step, depth = stack.pop()
        rows.append({"step_id": step.step_id, "depth": depth, "name": step.name, "kind": step.kind,
                     "status": step.status, "attempt": step.attempt,
                     "findings": sorted(set(began.get(step.step_id, [])))})
        kids = sorted(children.get(step.step_id, []), key=lambda s: (s.order, s.step_id), reverse=True)
        stack.extend((k, depth + 1) for k in kids)
    return rows


def _findings(store: Store, run_id: str) -> list[Finding]:
    verdict = store.get_verdict(run_id)
    return sorted(verdict.findings if verdict else [], key=lambda f: -SEVERITY_RANK.get(f.severity, 0))


def run_fields(store: Store, run_id: str) -> dict[str, Any] | None:
    """A run's output fields with their marks and evidence (what `run_view` defers for long runs)."""
    run = store.get_run(run_id)
    return None if run is None else {"run_id": run_id, "fields": _fields(run, _findings(store, run_id))}


def run_view(store: Store, run_id: str, with_fields: bool | None = None) -> dict[str, Any] | None:
    """One run's page: summary, verdict, fields with their marks and evidence, findings, step outline.

    Grounding every field reads every source, which takes a while for a run of thousands of steps: past
    `LAZY_STEPS` steps (or with `with_fields=False`) `fields` is None and `fields_url` says where they are.
    """
    run = store.get_run(run_id)
    if run is None:
        return None
    verdict = store.get_verdict(run_id)
    findings = sorted(verdict.findings if verdict else [], key=lambda f: -SEVERITY_RANK.get(f.severity, 0))
    eager = len(run.steps) <= LAZY_STEPS if with_fields is None else with_fields
    return {
        "run": {"run_id": run.run_id, "agent": run.agent, "agent_version": run.agent_version, "models": run.models,
                "prompt_version": run.prompt_version, "pair_key": run.pair_key, "input": plain(run.input),
                "reported_status": run.reported_status, "started_at": iso(run.started_at),
                "ended_at": iso(run.ended_at), "steps": len(run.steps), "sources": len(run.sources)},
        "verdict": None if verdict is None else {"verdict": verdict.verdict, "risk": round(verdict.risk, 4),
                                                 "checker_version": verdict.checker_version},
        "fields": _fields(run, findings) if eager else None,
        "fields_url": f"/runs/{quote(run_id, safe='')}/fields",
        "findings": [{"kind": f.kind, "severity": f.severity, "field": f.field, "message": f.message,
                      "origin_step": f.origin_step, "check": f.check} for f in findings],
        "steps": outline(run, findings),
    }


def _clip(value: Any) -> Any:
    text = value if isinstance(value, str) else None
    if text is not None and len(text) > BODY_CHARS:
        return text[:BODY_CHARS] + f"… ({len(text) - BODY_CHARS} more characters)"
    return plain(value)


def step_body(store: Store, run_id: str, step_id: str) -> dict[str, Any] | None:
    """One step in full (arguments and result clipped to 20,000 characters), with its sources and findings."""
    run = store.get_run(run_id)
    step = run.step(step_id) if run else None
    if run is None or step is None:
        return None
    verdict = store.get_verdict(run_id)
    return {
        "run_id": run_id, "step_id": step.step_id, "name": step.name, "kind": step.kind, "status": step.status,
        "status_message": step.status_message, "http_status": step.http_status, "attempt": step.attempt,
        "model": step.model, "prompt_version": step.prompt_version, "started_at": iso(step.started_at),
        "duration_ms": round((step.ended_at - step.started_at) / 1e6, 1) if step.ended_at else None,
        "input_tokens": step.input_tokens, "output_tokens": step.output_tokens,
        "args": _clip(step.args), "result": _clip(step.result),
        "sources": [{"source_id": s.source_id, "title": s.title, "uri": s.uri} for s in run.sources
                    if s.step_id == step.step_id],
        "findings": [{"kind": f.kind, "severity": f.severity, "message": f.message}
                     for f in (verdict.findings if verdict else []) if f.origin_step == step.step_id],
    }


def run_search(store: Store, run_id: str, q: str) -> dict[str, Any] | None:
    """Steps of a run whose name, arguments or result hold `q`, and output fields that do (casefolded)."""
    run = store.get_run(run_id)
    if run is None:
        return None
    needle = fold(q)
    if not needle:
        return {"q": q, "steps": [], "fields": []}
    steps = [s.step_id for s in run.steps if needle in fold(f"{s.name}\n{plain(s.args)}\n{plain(s.result)}")]
    output = run.output if isinstance(run.output, dict) else {"text": run.output}
    fields = [p for p, v in leaves(output) if needle in fold(f"{p} {v}")]
    return {"q": q, "steps": steps, "fields": fields}
