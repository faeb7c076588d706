"""OTLP log records (protobuf `ExportLogsServiceRequest` or JSON `{"resourceLogs": ...}`) → span records.

The GenAI conventions carry message content in log records joined to their span by trace and
span id (`gen_ai.user.message`, `gen_ai.tool.message`, `gen_ai.choice`,
`gen_ai.client.inference.operation.details`). Each record becomes a span-shaped record
under the span it names (`parent_id`), marked `veracity.log_record`, with a span id derived
from its content: the store keeps it like a span until its trace is checked, whichever
arrives first, and `ingest.events.fold_log_records` turns it into an event of that span.
A record with no trace id belongs to no run and is reported, not kept.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from google.protobuf.message import DecodeError as ProtoDecodeError
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest

from veracity.ingest import conventions as c
from veracity.ingest.otlp_json import any_value as json_any_value
from veracity.ingest.otlp_json import attributes as json_attributes
from veracity.ingest.otlp_json import normalise_id
from veracity.ingest.otlp_proto import any_value as proto_any_value
from veracity.ingest.spans import DecodeError, Span


def is_otlp_logs(obj: Any) -> bool:
    return isinstance(obj, dict) and ("resourceLogs" in obj or "resource_logs" in obj)


def _record_id(trace_id: str, span_id: str, time_ns: int, name: str, body: Any, attrs: dict[str, Any]) -> str:
    digest = hashlib.blake2b(digest_size=8)
    digest.update(orjson.dumps([trace_id, span_id, time_ns, name, body, attrs], default=str,
                               option=orjson.OPT_SORT_KEYS))
    return digest.hexdigest()


def record_span(trace_id: str, span_id: str | None, time_ns: int, name: str, body: Any,
                attrs: dict[str, Any], resource: dict[str, Any], scope: str) -> Span:
    """One log record as a span-shaped record under the span it names."""
    attributes = {**attrs, c.VERACITY_LOG_RECORD: True, c.EVENT_NAME: name}
    if body is not None:
        attributes["body"] = body
    return Span(
        trace_id=trace_id,
        span_id=_record_id(trace_id, span_id or "", time_ns, name, body, attrs),
        parent_id=span_id,
        name=name,
        start_ns=time_ns,
        end_ns=time_ns,
        attributes=attributes,
        resource=resource,
        scope=scope,
    )


def decode_logs_protobuf(data: bytes) -> tuple[list[Span], list[str]]:
    """Span records of one `ExportLogsServiceRequest`; raises `DecodeError` when it is not one."""
    try:
        request = ExportLogsServiceRequest.FromString(data)
    except ProtoDecodeError as e:
        raise DecodeError(f"truncated or invalid OTLP protobuf ExportLogsServiceRequest ({e})") from None
    out: list[Span] = []
    problems: list[str] = []
    for resource_logs in request.resource_logs:
        resource = {kv.key: proto_any_value(kv.value) for kv in resource_logs.resource.attributes}
        for scope_logs in resource_logs.scope_logs:
            scope = scope_logs.scope.name
            for n, record in enumerate(scope_logs.log_records):
                attrs = {kv.key: proto_any_value(kv.value) for kv in record.attributes}
                name = record.event_name or str(attrs.get(c.EVENT_NAME) or "")
                if not record.trace_id:
                    problems.append(f"log record {n} of scope {scope!r} ({name or 'unnamed'}) has no trace id: "
                                    "it belongs to no run and was not kept")
                    continue
                body = proto_any_value(record.body) if record.HasField("body") else None
                out.append(record_span(record.trace_id.hex(), record.span_id.hex() if record.span_id else None,
                                       record.time_unix_nano or record.observed_time_unix_nano, name, body, attrs,
                                       resource, scope))
    return out, problems


def _json_record(raw: dict[str, Any], resource: dict[str, Any], scope: str, where: str,
                 problems: list[str]) -> Span | None:
    errors: list[str] = []
    attrs = json_attributes(raw.get("attributes"), errors, where)
    problems.extend(errors)
    name = str(raw.get("eventName") or raw.get("event_name") or attrs.get(c.EVENT_NAME) or "")
    trace_raw = raw.get("traceId") or raw.get("trace_id")
    if not trace_raw:
        problems.append(f"{where} ({name or 'unnamed'}) has no trace id: it belongs to no run and was not kept")
        return None
    span_raw = raw.get("spanId") or raw.get("span_id")
    body_raw = raw.get("body")
    body = json_any_value(body_raw) if isinstance(body_raw, dict) else None
    when = raw.get("timeUnixNano") or raw.get("time_unix_nano") or raw.get("observedTimeUnixNano") or 0
    return record_span(normalise_id(trace_raw, 16), normalise_id(span_raw, 8) if span_raw else None, int(when),
                       name, body, attrs, resource, scope)


def logs_request_to_spans(obj: dict[str, Any], where: str = "request") -> tuple[list[Span], list[str]]:
    """Span records of one OTLP JSON logs request; an unreadable record is reported, not fatal."""
    out: list[Span] = []
    problems: list[str] = []
    resource_logs = obj.get("resourceLogs", obj.get("resource_logs"))
    if not isinstance(resource_logs, list):
        raise DecodeError(f"{where}: resourceLogs is not a list")
    for i, rl in enumerate(resource_logs):
        if not isinstance(rl, dict):
            problems.append(f"{where}: resourceLogs[{i}] is not an object")
            continue
        resource = json_attributes((rl.get("resource") or {}).get("attributes"), problems, f"{where} resource")
        for scope_logs in rl.get("scopeLogs", rl.get("scope_logs")) or []:
            scope = str((scope_logs.get("scope") or {}).get("name", ""))
            for j, raw in enumerate(scope_logs.get("logRecords", scope_logs.get("log_records")) or []):
                here = f"{where}: log record {j} of scope {scope!r}"
                try:
                    record = _json_record(raw, resource, scope, here, problems)
                except (ValueError, TypeError, AttributeError) as e:
                    problems.append(f"{here} unreadable: {e}")
                    continue
                if record is not None:
                    out.append(record)
    return out, problems
