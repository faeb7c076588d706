"""Reading generated traces back: spans by id, attributes as plain values, the run's output."""

from __future__ import annotations

import json
from typing import Any

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest


def _value(v: Any) -> Any:
    kind = v.WhichOneof("value")
    return getattr(v, kind) if kind else None


def spans(req: ExportTraceServiceRequest) -> dict[str, dict[str, Any]]:
    """span id (hex) -> {name, parent, attrs, status}."""
    out: dict[str, dict[str, Any]] = {}
    for rs in req.resource_spans:
        for ss in rs.scope_spans:
            for s in ss.spans:
                out[s.span_id.hex()] = {"name": s.name, "parent": s.parent_span_id.hex() or None,
                                        "trace": s.trace_id.hex(), "status": s.status.code,
                                        "attrs": {a.key: _value(a.value) for a in s.attributes}}
    return out


def output(req: ExportTraceServiceRequest, root: str) -> dict[str, Any]:
    attrs = spans(req)[root]["attrs"]
    if "output.value" in attrs:
        return json.loads(attrs["output.value"])
    msgs = json.loads(attrs["gen_ai.output.messages"])
    return json.loads(msgs[-1]["parts"][0]["content"])


def tool_result(span: dict[str, Any]) -> str | None:
    """The result text of a tool or retriever span (JSON re-dumped without escapes)."""
    text = _raw_result(span)
    if text and text[:1] in "[{":
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return text


def _raw_result(span: dict[str, Any]) -> str | None:
    a = span["attrs"]
    if a.get("openinference.span.kind") == "RETRIEVER":
        return "\n".join(str(v) for k, v in a.items() if k.startswith("retrieval.documents."))
    if a.get("openinference.span.kind") == "TOOL":
        return a.get("output.value")
    if a.get("gen_ai.operation.name") == "execute_tool":
        return a.get("gen_ai.tool.call.result")
    return None


def get(d: Any, path: str) -> Any:
    for k in path.split("."):
        d = d[int(k)] if isinstance(d, list) else d.get(k)
    return d


def _digits(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


def money_forms(amount: int) -> list[str]:
    from veracity.workload import formats as fmt
    from veracity.workload.universe import Money

    forms = [str(amount), f"{amount:,}"]
    for cur in ("USD", "EUR", "GBP", "SEK", "INR", "CAD", "AUD", "SGD"):
        forms += [fmt.money(Money(amount, cur), s) for s in fmt.MONEY_STYLES]
    return forms


def stated(field: str, value: Any, text: str) -> bool:
    """Whether a tool result states a canonical value in some format (a loose, test-only matcher)."""
    low = text.lower()
    if field == "employee_count":
        from veracity.workload import formats as fmt

        return any(fmt.count(value, s) in text for s in fmt.COUNT_STYLES)
    if field in ("revenue", "funding"):
        return any(f in text for f in money_forms(value.amount))
    if field == "phone":
        return value[-7:] in _digits(text)
    if field == "address":
        number = next(w for w in value.split(",")[0].split() if w.isdigit())
        return value.split(",")[1].strip().lower() in low and number in text
    if field == "legal_name":
        return value.split(",")[0].split(" ")[0].lower() in low
    if field == "executives":
        return all(n.lower() in low for n, _ in value)
    if field == "country":
        return value in text
    return str(value).lower() in low
