"""`assemble(spans) -> runs`: group spans by trace, find each run's root, map the run.

A run is the work under the outermost agent span of a trace (OpenInference `AGENT`,
GenAI `invoke_agent`, OpenLLMetry `workflow`/`agent`); with no such span, the trace's
root; with no root yet (an incomplete trace), its earliest span. Spans above the run
root are context, not steps. Spans whose parent has not arrived are kept in the run.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import msgspec

from veracity.ingest import conventions as c
from veracity.ingest.events import fold_log_records, with_event_content
from veracity.ingest.mapping import (
    Groups,
    as_text,
    handed_results,
    indexed_groups,
    is_agent_span,
    reported_status,
    step_sources,
    to_step,
    tool_call_id,
)
from veracity.ingest.output import find_input, find_output, unredacted
from veracity.ingest.spans import Span
from veracity.model import Run, Source, Step


def group_by_trace(spans: Iterable[Span]) -> dict[str, list[Span]]:
    """Spans by trace id; a span sent twice (exporter retries) is kept once, the last copy."""
    traces: dict[str, dict[str, Span]] = defaultdict(dict)
    for span in spans:
        traces[span.trace_id][span.span_id] = span
    return {trace_id: list(by_id.values()) for trace_id, by_id in traces.items()}


def break_cycles(spans: list[Span]) -> list[Span]:
    """The spans with every parent cycle cut, in linear time.

    A span whose parent is itself, or a ring of spans each the parent of the next, has no
    root: walking up would never end. In each cycle the earliest span (start, then id)
    becomes a root, and the cut is reported on it. Spans are never dropped.
    """
    by_id = {s.span_id: s for s in spans}
    state: dict[str, int] = {}  # 1: on the current walk, 2: known to reach a root
    cut: dict[str, str] = {}
    for span in spans:
        path: list[str] = []
        node: str | None = span.span_id
        while node is not None and node in by_id and node not in state:
            state[node] = 1
            path.append(node)
            node = by_id[node].parent_id
        if node is not None and state.get(node) == 1:  # the walk came back to itself
            ring = path[path.index(node) :]
            head = min((by_id[i] for i in ring), key=lambda s: (s.start_ns, s.span_id))
            cut[head.span_id] = " → ".join(ring[:8]) + (" → …" if len(ring) > 8 else "")
        for i in path:
            state[i] = 2
    if not cut:
        return spans
    out = []
    for span in spans:
        if span.span_id in cut and by_id[span.span_id] is span:
            problem = f"span {span.span_id}: parent cycle ({cut[span.span_id]}) cut; the span is kept as a root"
            span = msgspec.structs.replace(span, parent_id=None, errors=[*span.errors, problem])
        out.append(span)
    return out


def _under_agent(spans: list[Span], by_id: dict[str, Span]) -> dict[str, bool]:
    """For each span, whether an agent span is among its ancestors (memoised: linear on a forest)."""
    known: dict[str, bool] = {}
    for span in spans:
        path: list[Span] = []
        node = span
        while node.span_id not in known:
            path.append(node)
            parent = by_id.get(node.parent_id) if node.parent_id is not None else None
            if parent is None:
                known[node.span_id] = False
                path.pop()
                break
            node = parent
        above = known[node.span_id] or is_agent_span(node.attributes)
        for child in reversed(path):
            known[child.span_id] = above
            above = above or is_agent_span(child.attributes)
    return known


def _run_roots(spans: list[Span], by_id: dict[str, Span]) -> list[Span]:
    under = _under_agent(spans, by_id)
    outermost = [s for s in spans if is_agent_span(s.attributes) and not under[s.span_id]]
    if outermost:
        return sorted(outermost, key=lambda s: (s.start_ns, s.span_id))
    roots = [s for s in spans if s.parent_id is None]
    candidates = roots or spans
    return [min(candidates, key=lambda s: (s.start_ns, s.span_id))]


def _descendants(root: Span, children: dict[str, list[Span]]) -> list[Span]:
    found, stack, seen = [root], [root.span_id], {root.span_id}
    while stack:
        for child in children.get(stack.pop(), ()):
            if child.span_id not in seen:
                seen.add(child.span_id)
                found.append(child)
                stack.append(child.span_id)
    return found


_OPEN_END = 1 << 64


def _home(roots: list[Span]) -> Callable[[Span], Span]:
    """The first root (in start order) whose time covers a span, else the first root: O(log n) a span."""
    starts = [r.start_ns for r in roots]
    reach: list[int] = []  # the latest end among roots[: i + 1]; an open end (0) reaches everything
    latest = -1
    for r in roots:
        latest = max(latest, r.end_ns or _OPEN_END)
        reach.append(latest)

    def home(span: Span) -> Span:
        last = bisect_right(starts, span.start_ns)
        first = bisect_left(reach, span.start_ns, 0, last)
        return roots[first] if first < last else roots[0]

    return home


def _attempts(steps: list[Step], spans: dict[str, Span]) -> list[Step]:
    """Number repeated calls: `http.request.resend_count`, else same tool with the same arguments."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for step in steps:
        resend = spans[step.step_id].attributes.get(c.HTTP_RESEND_COUNT)
        if step.kind in ("tool", "retriever"):
            key = (step.name, as_text(step.args))
            seen[key] = seen.get(key, 0) + 1
            attempt = seen[key]
            if isinstance(resend, int) and resend >= 0:
                attempt = resend + 1
            if attempt != 1:
                step = _replace(step, attempt=attempt)
        out.append(step)
    return out


def _results_handed_on(steps: list[Step], members: list[Span], groups: list[Groups]) -> list[Step]:
    """A tool span that recorded no result, whose result a model was handed (same tool call id):
    the result is what the model received (`gen_ai.tool.call.result` is opt-in; the messages often are not)."""
    if not any(s.kind == "tool" and s.result is None for s in steps):
        return steps
    handed: dict[str, str] = {}
    for span, group in zip(members, groups, strict=True):
        handed.update(handed_results(span, group))
    out = []
    for step in steps:
        call = tool_call_id(step) if step.kind == "tool" and step.result is None else None
        out.append(_replace(step, result=handed[call]) if call in handed else step)
    return out


def _replace(step: Step, **changes: Any) -> Step:
    return msgspec.structs.replace(step, **changes)


def _first_attr(spans: list[Span], *keys: str) -> Any:
    for span in spans:
        for key in keys:
            value = span.attributes.get(key)
            if value is not None and value != "":
                return value
    return None


def build_run(run_id: str, root: Span, members: list[Span]) -> Run:
    """One run from its root span and every span that belongs to it."""
    root = with_event_content(unredacted(root))
    members = sorted((with_event_content(unredacted(s)) for s in members), key=lambda s: (s.start_ns, s.span_id))
    by_id = {s.span_id: s for s in members}
    groups = [indexed_groups(s.attributes) for s in members]
    steps = _attempts([to_step(s, i, g) for i, (s, g) in enumerate(zip(members, groups, strict=True))], by_id)
    steps = _results_handed_on(steps, members, groups)
    sources: list[Source] = []
    seen_content: set[str] = set()
    for span, step, group in zip(members, steps, groups, strict=True):
        for source in step_sources(span, step, group):
            if source.kind == "message" and source.content in seen_content:
                continue
            seen_content.add(source.content)
            sources.append(source)
    attrs, resource = root.attributes, root.resource
    inp = find_input(root, steps)
    if inp is not None:
        sources.append(Source(source_id="input", kind="input", content=as_text(inp), step_id=root.span_id))
    models: list[str] = []
    for span in members:
        for key in (c.GENAI_RESPONSE_MODEL, c.GENAI_REQUEST_MODEL, c.OI_LLM_MODEL_NAME):
            model = span.attributes.get(key)
            if isinstance(model, str) and model and model not in models:
                models.append(model)
    errors = [e for s in members for e in s.errors]
    return Run(
        run_id=run_id,
        trace_id=root.trace_id,
        root_step_id=root.span_id,
        project=_str(attrs.get(c.VERACITY_PROJECT) or resource.get(c.SERVICE_NAME)),
        agent=_str(attrs.get(c.GENAI_AGENT_NAME) or attrs.get(c.OI_AGENT_NAME) or root.name),
        agent_version=_str(
            attrs.get(c.GENAI_AGENT_VERSION) or attrs.get(c.VERACITY_AGENT_VERSION) or resource.get(c.SERVICE_VERSION)
        ),
        input=inp,
        output=find_output(root, steps)[0],
        reported_status=reported_status(root),
        models=models,
        prompt_version=_str(
            _first_attr(
                [root, *members], c.VERACITY_PROMPT_VERSION, c.GENAI_PROMPT_VERSION, c.OI_PROMPT_TEMPLATE_VERSION
            )
        ),
        pair_key=_str(attrs.get(c.VERACITY_PAIR_KEY)),
        identity=_str(attrs.get(c.OI_USER_ID)),
        session=_str(attrs.get(c.OI_SESSION_ID) or attrs.get(c.GENAI_CONVERSATION_ID)),
        started_at=root.start_ns,
        ended_at=root.end_ns,
        steps=steps,
        sources=sources,
        errors=errors,
    )


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def assemble_trace(trace_id: str, spans: list[Span]) -> list[Run]:
    spans = break_cycles(fold_log_records(spans))
    if not spans:
        return []  # log records whose spans have not arrived yet
    by_id = {s.span_id: s for s in spans}
    children: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        if span.parent_id is not None and span.parent_id in by_id:
            children[span.parent_id].append(span)
    roots = _run_roots(spans, by_id)
    members = {root.span_id: _descendants(root, children) for root in roots}
    claimed = {s.span_id for group in members.values() for s in group}
    context = set()
    for root in roots:
        parent = root.parent_id
        while parent in by_id and parent not in context:
            context.add(parent)
            parent = by_id[parent].parent_id
    home = _home(roots)
    for span in spans:
        if span.span_id in claimed or span.span_id in context:
            continue
        members[home(span).span_id].append(span)
    runs = []
    for root in roots:
        explicit = root.attributes.get(c.VERACITY_RUN_ID)
        if explicit:
            run_id = str(explicit)
        elif len(roots) == 1:
            run_id = trace_id
        else:
            run_id = f"{trace_id}-{root.span_id}"
        runs.append(build_run(run_id, root, members[root.span_id]))
    return runs


def assemble(spans: Iterable[Span]) -> list[Run]:
    """Runs from spans of any number of requests or files, in order of first start."""
    runs = [run for trace_id, group in group_by_trace(spans).items() for run in assemble_trace(trace_id, group)]
    return sorted(runs, key=lambda r: (r.started_at, r.run_id))


