"""Evidence coverage: what the trace does not carry, so part of the output cannot be checked.

`missing_evidence` (severity minor, so only the verdict precedence makes the run `unverifiable`,
never `verified`) is reported:

- once per tool or retriever that recorded nothing (no result, no document content), naming the
  instrumentation setting that hides it;
- once for fingerprinted evidence when the project's fingerprint secret is not set;
- once for a run whose output was not found (not on its root, nor where its framework puts it, nor in
  its agents' or models' last answer), naming the setting of the run's instrumentation family;
- once per source the checker could not read in full (binary, garbled by an encoding, cut by a
  length limit), naming the source and why;
- once for an output with no source at all (no tool, retriever or tool message was recorded);
- once per output value that grounding could not support while one of the gaps above could have
  supplied it (field set): the value is not a proven guess, it is unchecked;
- for a missing prompt version only when the project asks for it
  (`[coverage] require_prompt_version = true`): no run check reads the prompt version, so by
  default its absence is a coverage metric, not a reason to call an output unchecked.

Grounding steps aside for unsupported values that coverage explains: `explains_unsupported(run,
evidence)`. `coverage_stats(runs)` gives the per-agent and per-tool rates for `veracity report`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from veracity.checks.context import Context
from veracity.evidence import Evidence, is_fingerprinted, unreadable_sources
from veracity.model import Finding, Run, Step

NAME = "coverage"
KIND = "missing_evidence"

FIX_OPENINFERENCE = (
    "set OPENINFERENCE_HIDE_OUTPUTS=false (or TraceConfig(hide_outputs=False)) for its instrumentation"
)
FIX_GENAI = (
    "set OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=SPAN_ONLY (or SPAN_AND_EVENT) so "
    "gen_ai.tool.call.result is recorded"
)
FIX_OPENLLMETRY = "set TRACELOOP_TRACE_CONTENT=true (or Traceloop.init(trace_content=True)) for its instrumentation"
FIX_PYDANTIC_AI = "instrument the agent with InstrumentationSettings(include_content=True)"
FIX_GENERIC = "set its instrumentation to capture outputs"
# The setting that records a run's output, per instrumentation family.
OUTPUT_FIXES = {
    "openinference": "set OPENINFERENCE_HIDE_OUTPUTS=false (or TraceConfig(hide_outputs=False)) so output.value "
    "and llm.output_messages are recorded",
    "genai": "set OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true (SPAN_ONLY or SPAN_AND_EVENT with "
    "OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental) so the model's answer is recorded",
    "openllmetry": "set TRACELOOP_TRACE_CONTENT=true so traceloop.entity.output and gen_ai.completion.* are recorded",
    "pydantic-ai": f"{FIX_PYDANTIC_AI} so final_result is recorded",
    "unknown": "record the run's output on its root span (output.value or gen_ai.output.messages)",
}
FIX_PRIVATE = "or record it as fingerprints (veracity.sdk.fingerprint) if the raw text may not leave the process"
FIX_DOCUMENTS = (
    "set OPENINFERENCE_HIDE_OUTPUTS=false and OPENINFERENCE_HIDE_OUTPUT_TEXT=false for its instrumentation "
    "so retrieval.documents.N.document.content is recorded"
)
FIX_PROMPT = "set veracity.prompt_version (or llm.prompt_template.version / gen_ai.prompt.version) on a span of the run"


def convention(step: Step) -> str:
    """'openinference', 'pydantic-ai', 'genai', 'openllmetry' or 'unknown': which attribute family a step speaks."""
    attrs = step.attributes
    if "openinference.span.kind" in attrs:
        return "openinference"
    if any(k.startswith(("pydantic_ai.", "logfire.")) for k in attrs):
        return "pydantic-ai"
    if "gen_ai.operation.name" in attrs or any(k.startswith("gen_ai.tool.") for k in attrs):
        return "genai"
    if "traceloop.span.kind" in attrs:
        return "openllmetry"
    return "unknown"


def fix_for(step: Step) -> str:
    """The instrumentation setting that would record this step's result."""
    conv = convention(step)
    if step.kind == "retriever" and conv == "openinference":
        base = FIX_DOCUMENTS
    else:
        base = {"openinference": FIX_OPENINFERENCE, "genai": FIX_GENAI, "openllmetry": FIX_OPENLLMETRY,
                "pydantic-ai": FIX_PYDANTIC_AI}.get(conv, FIX_GENERIC)
    return f"{base}, {FIX_PRIVATE}"


def run_convention(run: Run) -> str:
    """The attribute family most of the run's steps speak ('unknown' when none)."""
    counts: dict[str, int] = defaultdict(int)
    for step in run.steps:
        conv = convention(step)
        if conv != "unknown":
            counts[conv] += 1
    if counts.get("pydantic-ai"):
        return "pydantic-ai"  # pydantic-ai's spans speak GenAI too; its own setting records content
    return max(sorted(counts), key=lambda k: counts[k]) if counts else "unknown"


def _no_output(run: Run) -> bool:
    """No output was found anywhere in the run (ingestion looked at the root, the framework's places and
    the last agent or model answer): nothing can be checked."""
    return run.output is None or run.output == {} or run.output == []


def _failed(step: Step) -> bool:
    """A call that failed outright returned nothing to record."""
    return step.status == "error" or (step.http_status is not None and step.http_status >= 400)


def blind_steps(run: Run) -> list[Step]:
    """Tool and retriever calls that recorded no result and no document content."""
    recorded = {s.step_id for s in run.sources if s.step_id}
    return [
        s
        for s in run.steps
        if s.kind in ("tool", "retriever") and s.result is None and s.step_id not in recorded and not _failed(s)
    ]


def _unreadable_prints(run: Run, evidence: Evidence) -> bool:
    """Fingerprinted evidence that cannot be read: the project's secret is not set."""
    return evidence.secret is None and any(is_fingerprinted(s) for s in run.sources)


def _no_sources(run: Run) -> bool:
    return not any(s.kind != "input" for s in run.sources)


def explains_unsupported(run: Run, evidence: Evidence) -> bool:
    """Whether an unsupported output value may have come from evidence the trace did not record."""
    return (bool(blind_steps(run)) or _unreadable_prints(run, evidence) or _no_sources(run)
            or bool(unreadable_sources(run.sources)))


def _require_prompt_version(context: Context) -> bool:
    section = context.config.raw.get("coverage") if isinstance(context.config.raw, dict) else None
    return bool(isinstance(section, dict) and section.get("require_prompt_version"))


def _finding(run: Run, message: str, evidence: dict[str, Any], field: str | None = None,
             origin: str | None = None) -> Finding:
    return Finding(check=NAME, kind=KIND, severity="minor", run_id=run.run_id, field=field,
                   message=message, evidence=evidence, origin_step=origin)


def _gap_findings(run: Run, evidence: Evidence, context: Context) -> tuple[list[Finding], str]:
    """Run-level findings, one per gap, and a short reason for the field-level ones."""
    findings: list[Finding] = []
    reasons: list[str] = []
    by_tool: dict[str, list[Step]] = defaultdict(list)
    for step in blind_steps(run):
        by_tool[step.name].append(step)
    for tool, steps in by_tool.items():
        what = "retriever" if steps[0].kind == "retriever" else "tool"
        records = "records no document content" if what == "retriever" else "records no result"
        findings.append(_finding(
            run,
            f"{what} `{tool}` {records}: {fix_for(steps[0])}",
            {"tool": tool, "steps": [s.step_id for s in steps], "convention": convention(steps[0]),
             "fix": fix_for(steps[0])},
        ))
        reasons.append(f"{what} `{tool}` recorded no result")
    if _unreadable_prints(run, evidence):
        printed = [s for s in run.sources if is_fingerprinted(s)]
        findings.append(_finding(
            run,
            "evidence is recorded as fingerprints but the fingerprint secret is not set: set the variable "
            "named by [privacy] secret_env (default VERACITY_FINGERPRINT_SECRET) where veracity runs",
            {"sources": [s.source_id for s in printed]},
        ))
        reasons.append("its evidence is fingerprinted and the secret is not set")
    for source_id, why in unreadable_sources(run.sources).items():
        source = next(s for s in run.sources if s.source_id == source_id)
        findings.append(_finding(
            run,
            f"source {source.uri or source_id} could not be read in full ({why}): the values it may state are unchecked",
            {"source": source_id, "why": why, "steps": [source.step_id] if source.step_id else []},
            origin=source.step_id,
        ))
        reasons.append(f"source {source.uri or source_id} could not be read ({why})")
    if not by_tool and _no_sources(run):
        entered = evidence.lineage.first_unrecorded_input()
        findings.append(_finding(
            run,
            "the output has no sources: no tool result, retrieved document or tool message was recorded; "
            "instrument the agent's tools and retrievers",
            {"steps": [s.step_id for s in run.steps]},
            origin=entered.step_id if entered else None,
        ))
        reasons.append("the run recorded no sources")
    if _no_output(run):
        family = run_convention(run)
        fix = OUTPUT_FIXES[family]
        findings.append(_finding(
            run,
            f"the run's output was not found: its root, the framework's known places and its agents' and models' "
            f"answers recorded none; {fix}",
            {"missing": "output", "convention": family, "fix": fix},
        ))
        reasons.append("the run's output was not recorded")
    if run.prompt_version is None and _require_prompt_version(context):
        findings.append(_finding(run, f"no prompt version recorded: {FIX_PROMPT}", {"fix": FIX_PROMPT}))
    return findings, "; ".join(reasons)


def check(run: Run, evidence: Evidence, context: Context) -> list[Finding]:
    """`missing_evidence` for each gap in the trace and for each output value a gap leaves unchecked."""
    findings, reason = _gap_findings(run, evidence, context)
    if not reason:
        return findings
    for value in evidence.grounding.values:
        if value.status != "unsupported":
            continue
        shown = str(value.raw if value.quote is None else value.quote[2])[:60]
        about: dict[str, Any] = {"value": shown, "type": value.type_name}
        if value.quote is not None:
            about.update(quote=value.quote[2], start=value.quote[0], end=value.quote[1])
        findings.append(_finding(run, f"{value.path} {shown!r} could not be checked: {reason}", about,
                                 field=value.path))
    return findings


# --- rates for `veracity report` -------------------------------------------------------------------


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def coverage_stats(runs: Any) -> dict[str, Any]:
    """Per agent (runs with full evidence) and per tool (calls whose result was recorded), with fixes.

    `runs` is any iterable of runs, or of lists of runs (what `store.iter_runs()` yields).
    """
    agents: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    tools: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    fixes: dict[str, str] = {}
    for item in runs:
        for run in item if isinstance(item, list) else [item]:
            blind = {s.step_id for s in blind_steps(run)}
            printed = {s.step_id for s in run.sources if s.step_id and is_fingerprinted(s)}  # one pass, not one a step
            a = agents[run.agent or "?"]
            a["runs"] += 1
            a["complete"] += not blind and not _no_sources(run)
            a["prompt_version"] += run.prompt_version is not None
            for step in run.steps:
                if step.kind not in ("tool", "retriever") or _failed(step):
                    continue
                t = tools[step.name]
                t["calls"] += 1
                t["results"] += step.step_id not in blind
                t["args"] += step.args is not None
                t["fingerprinted"] += step.step_id in printed
                if step.step_id in blind:
                    fixes.setdefault(step.name, fix_for(step))
    return {
        "agents": {
            name: {"runs": a["runs"], "complete_rate": _rate(a["complete"], a["runs"]),
                   "prompt_version_rate": _rate(a["prompt_version"], a["runs"]),
                   **({"fix": f"agent `{name}` records no prompt version on some runs: {FIX_PROMPT}"}
                      if a["prompt_version"] < a["runs"] else {})}
            for name, a in sorted(agents.items())
        },
        "tools": {
            name: {"calls": t["calls"], "result_rate": _rate(t["results"], t["calls"]),
                   "args_rate": _rate(t["args"], t["calls"]),
                   "fingerprinted_rate": _rate(t["fingerprinted"], t["calls"]),
                   **({"fix": f"tool `{name}` records no result on {t['calls'] - t['results']} of {t['calls']} "
                              f"calls: {fixes[name]}"} if name in fixes else {})}
            for name, t in sorted(tools.items())
        },
    }
