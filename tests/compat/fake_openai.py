"""A fake OpenAI-compatible server on 127.0.0.1 for the compatibility suite.

A real HTTP server (the standard library's) answering `/v1/chat/completions` (plain and
streamed) and `/v1/responses` with a scripted conversation: the first model turn calls the
tool named in the request's tool list with `{"company": ...}`; once the conversation holds a
tool result, the model answers with the scenario's final JSON. The scenario is the first
path segment (`http://127.0.0.1:PORT/<scenario>/v1`), so one server serves every test.

A framework that insists on a final-answer tool (smolagents' `final_answer`) gets its answer
as that tool's call. Nothing here knows which instrumentation is watching.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.compat.scenarios import SCENARIOS, answer_of

COMPANY = "Acme Robotics"


def _tool_names(body: dict[str, Any]) -> list[str]:
    names = []
    for tool in body.get("tools") or []:
        fn = tool.get("function") if isinstance(tool.get("function"), dict) else tool
        if isinstance(fn, dict) and fn.get("name"):
            names.append(str(fn["name"]))
    return names


def _has_tool_result(body: dict[str, Any]) -> bool:
    for message in body.get("messages") or []:
        if isinstance(message, dict) and message.get("role") == "tool":
            return True
    for item in body.get("input") or []:
        if isinstance(item, dict) and item.get("type") == "function_call_output":
            return True
    # Frameworks that hand tool results back as user text (smolagents: "Observation: ...").
    return any(
        isinstance(m, dict) and m.get("role") not in ("system", "developer")
        and "Observation:" in json.dumps(m.get("content"))
        for m in body.get("messages") or []
    )


def next_turn(scenario: str, body: dict[str, Any]) -> tuple[str, Any]:
    """('call', (tool, args)) or ('answer', text): what the scripted model does next."""
    tools = _tool_names(body)
    search = next((t for t in tools if "final" not in t), None)
    if not _has_tool_result(body) and search is not None:
        return "call", (search, {"company": COMPANY})
    answer = json.dumps(answer_of(scenario))
    final = next((t for t in tools if t == "final_answer"), None)
    if final is not None:
        return "call", (final, {"answer": answer})
    structured = next((t for t in tools if t == "final_result"), None)  # pydantic-ai's output tool
    if structured is not None:
        return "call", (structured, answer_of(scenario))
    return "answer", answer


def _usage() -> dict[str, int]:
    return {"prompt_tokens": 40, "completion_tokens": 20, "total_tokens": 60}


def chat_completion(scenario: str, body: dict[str, Any], n: int) -> dict[str, Any]:
    what, value = next_turn(scenario, body)
    if what == "call":
        name, args = value
        message: dict[str, Any] = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
            ],
        }
        reason = "tool_calls"
    else:
        message, reason = {"role": "assistant", "content": value}, "stop"
    return {
        "id": f"chatcmpl-{n}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model") or "gpt-4o-mini",
        "choices": [{"index": 0, "message": message, "finish_reason": reason, "logprobs": None}],
        "usage": _usage(),
    }


def chat_chunks(completion: dict[str, Any]) -> list[dict[str, Any]]:
    """The same completion as streamed chunks (one delta with everything, then the finish)."""
    choice = completion["choices"][0]
    delta = {k: v for k, v in choice["message"].items() if v is not None}
    if "tool_calls" in delta:
        delta["tool_calls"] = [{"index": i, **c} for i, c in enumerate(delta["tool_calls"])]
    base = {k: completion[k] for k in ("id", "created", "model")} | {"object": "chat.completion.chunk"}
    return [
        base | {"choices": [{"index": 0, "delta": delta, "finish_reason": None}]},
        base | {"choices": [{"index": 0, "delta": {}, "finish_reason": choice["finish_reason"]}]},
        base | {"choices": [], "usage": _usage()},
    ]


def response(scenario: str, body: dict[str, Any], n: int) -> dict[str, Any]:
    what, value = next_turn(scenario, body)
    if what == "call":
        name, args = value
        output: list[dict[str, Any]] = [
            {"type": "function_call", "id": f"fc_{n}", "call_id": f"call_{n}", "name": name,
             "arguments": json.dumps(args), "status": "completed"}
        ]
    else:
        output = [
            {"type": "message", "id": f"msg_{n}", "role": "assistant", "status": "completed",
             "content": [{"type": "output_text", "text": value, "annotations": []}]}
        ]
    return {
        "id": f"resp_{n}", "object": "response", "created_at": int(time.time()), "status": "completed",
        "model": body.get("model") or "gpt-4o-mini", "output": output, "parallel_tool_calls": True,
        "tool_choice": "auto", "tools": [], "temperature": 1.0, "top_p": 1.0, "error": None,
        "incomplete_details": None, "instructions": None, "metadata": {},
        "usage": {"input_tokens": 40, "output_tokens": 20, "total_tokens": 60,
                  "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}},
    }


class _Handler(BaseHTTPRequestHandler):
    counter = 0
    lock = threading.Lock()

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, payload: Any) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._send(200, {"object": "list", "data": [{"id": "gpt-4o-mini", "object": "model", "owned_by": "fake"}]})

    def do_POST(self) -> None:
        parts = self.path.strip("/").split("/")
        scenario = parts[0] if parts and parts[0] in SCENARIOS else "clean"
        body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
        with _Handler.lock:
            _Handler.counter += 1
            n = _Handler.counter
        if self.path.endswith("/chat/completions"):
            completion = chat_completion(scenario, body, n)
            if body.get("stream"):
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                for chunk in chat_chunks(completion):
                    self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
                self.wfile.write(b"data: [DONE]\n\n")
                return
            self._send(200, completion)
        elif self.path.endswith("/responses"):
            self._send(200, response(scenario, body, n))
        else:
            self._send(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})


class FakeOpenAI:
    """`with FakeOpenAI() as fake: fake.base_url("clean")`."""

    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def base_url(self, scenario: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{scenario}/v1"

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
