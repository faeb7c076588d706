"""OTLP/HTTP responses: success, partial success and errors, in the request's encoding."""

from __future__ import annotations

import orjson
from fastapi import Response
from google.rpc.status_pb2 import Status
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceResponse

PROTOBUF = "application/x-protobuf"
JSON = "application/json"


def wants_json(content_type: str | None) -> bool:
    return (content_type or "").split(";")[0].strip().lower().endswith("json")


def export_response(json: bool, rejected: int = 0, message: str = "") -> Response:
    """200 with an `ExportTraceServiceResponse`; `partial_success` when spans were rejected or warned about."""
    if json:
        body: dict = {}
        if rejected or message:
            body["partialSuccess"] = {"rejectedSpans": str(rejected), "errorMessage": message}
        return Response(orjson.dumps(body), media_type=JSON)
    response = ExportTraceServiceResponse()
    if rejected or message:
        response.partial_success.rejected_spans = rejected
        response.partial_success.error_message = message
    return Response(response.SerializeToString(), media_type=PROTOBUF)


def error_response(json: bool, status: int, message: str, retry_after: int | None = None) -> Response:
    """An error with a `google.rpc.Status` body, as the OTLP/HTTP specification asks."""
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    if json:
        return Response(orjson.dumps({"code": status, "message": message}), status, headers, media_type=JSON)
    return Response(Status(code=status, message=message).SerializeToString(), status, headers, media_type=PROTOBUF)
