"""Attribute conventions → the run model: a span's step, its sources, a root's run fields."""

from __future__ import annotations

from typing import Any

import orjson

from veracity.ingest import conventions as c
from veracity.ingest.spans import STATUS_ERROR, STATUS_OK, Span
from veracity.model import Run, Source, Step
from veracity.model.text import as_text, readable


def parse_json_text(value: Any) -> Any:
    """JSON text of an object or array parsed; any other value or text unchanged."""
    if isinstance(value, str):
        head = value.lstrip()[:1]
        if head in ("{", "["):
            try:
                return orjson.loads(value)
            except orjson.JSONDecodeError:
                return value
    return value


_MESSAGE_TYPES = {"human": "user", "user": "user", "ai": "assistant", "assistant": "assistant",
                  "tool": "tool", "system": "system", "AIMessage": "assistant", "HumanMessage": "user",
                  "ToolMessage": "tool", "SystemMessage": "system"}


def serialised_message(value: Any) -> tuple[str, Any] | None:
    """(role, content) of one serialised chat message, else None.

    LangChain writes messages as `{"type": "tool", "data": {"content": ...}}` (`messages_to_dict`) or
    `{"lc": 1, "id": [..., "ToolMessage"], "kwargs": {"content": ...}}`; chat APIs as `{"role", "content"}`.
    """
    if not isinstance(value, dict):
        return None
    data = value.get("data")
    if isinstance(data, dict) and "content" in data and value.get("type") in _MESSAGE_TYPES:
        return _MESSAGE_TYPES[str(value["type"])], data["content"]
    kwargs, ids = value.get("kwargs"), value.get("id")
    if value.get("lc") and isinstance(kwargs, dict) and "content" in kwargs and isinstance(ids, list) and ids:
        return _MESSAGE_TYPES.get(str(ids[-1]), "other"), kwargs["content"]
    if isinstance(value.get("role"), str) and "content" in value and set(value) <= {"role", "content", "name"}:
        return str(_MESSAGE_TYPES.get(value["role"], value["role"])), value["content"]
    return None


def conversation(value: Any) -> list[tuple[str, Any]] | None:
    """A value that is a conversation (`{"messages": [...], ...}`: LangGraph's state, Haystack's agent result)
    as its readable (role, content) pairs; None when the value is no conversation. Messages written as
    object reprs cannot be read: the conversation is then empty."""
    if not (isinstance(value, dict) and isinstance(value.get("messages"), list)):
        return None
    return [m for m in (serialised_message(x) for x in value["messages"]) if m is not None]


def _first(attrs: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        value = attrs.get(key)
        if value is not None and value != "":
            return value
    return None


def _present(attrs: dict[str, Any], *keys: str) -> Any:
    """The first of the keys that is recorded at all: an empty result is a result, not a missing one."""
    for key in keys:
        value = attrs.get(key)
        if value is not None:
            return value
    return None


def step_kind(attrs: dict[str, Any]) -> str:
    oi = attrs.get(c.OI_SPAN_KIND)
    if oi:
        return c.OI_KINDS.get(str(oi).upper(), "other")
    op = attrs.get(c.GENAI_OPERATION)
    if op:
        return c.GENAI_OPERATIONS.get(str(op), "other")
    tl = attrs.get(c.TL_SPAN_KIND)
    if tl:
        return c.TL_KINDS.get(str(tl), "other")
    if c.TL_REQUEST_TYPE in attrs or c.GENAI_SYSTEM in attrs or c.GENAI_REQUEST_MODEL in attrs:
        return "llm"
    return "other"


def is_agent_span(attrs: dict[str, Any]) -> bool:
    return any(attrs.get(key) == value for key, value in c.AGENT_SPAN_MARKERS)


# --- messages -------------------------------------------------------------------------------


def _parts_text(parts: Any, part_type: str = "text", field: str = "content") -> str:
    if isinstance(parts, str):
        return parts
    if not isinstance(parts, list):
        return ""
    texts = [as_text(p.get(field)) for p in parts if isinstance(p, dict) and p.get("type") == part_type]
    return "\n".join(t for t in texts if t)


def genai_messages(value: Any) -> list[dict[str, Any]]:
    """`gen_ai.input.messages` / `gen_ai.output.messages` (JSON text or structured) as a list."""
    value = parse_json_text(value)
    if isinstance(value, dict):
        value = [value]
    return [m for m in value if isinstance(m, dict)] if isinstance(value, list) else []


def last_message_text(messages: list[dict[str, Any]], roles: tuple[str, ...]) -> str | None:
    for message in reversed(messages):
        if message.get("role") in roles:
            text = _parts_text(message.get("parts"))
            if not text and "content" in message:
                text = as_text(message.get("content"))
            if text:
                return text
    return None


_INDEXED_PREFIXES = (
    c.OI_RETRIEVAL_DOCUMENTS_PREFIX,
    c.OI_INPUT_MESSAGES_PREFIX,
    c.OI_OUTPUT_MESSAGES_PREFIX,
    c.GENAI_PROMPT_PREFIX,
    c.GENAI_COMPLETION_PREFIX,
)
Groups = dict[str, dict[int, dict[str, Any]]]


def indexed_groups(attrs: dict[str, Any]) -> Groups:
    """Every `prefix.N.rest` attribute of the indexed families, in one pass: {prefix: {N: {rest: value}}}."""
    groups: Groups = {}
    for key, value in attrs.items():
        if not key.startswith(_INDEXED_PREFIXES):
            continue
        for prefix in _INDEXED_PREFIXES:
            if key.startswith(prefix):
                index, _, rest = key[len(prefix) :].partition(".")
                if index.isdigit() and rest:
                    groups.setdefault(prefix, {}).setdefault(int(index), {})[rest] = value
                break
    return groups


def _indexed_messages(groups: Groups, prefix: str, role_key: str, content_key: str) -> list[dict[str, Any]]:
    return [
        {"role": g.get(role_key), "content": g.get(content_key)}
        for _, g in sorted(groups.get(prefix, {}).items())
    ]


def _indexed_calls(message: dict[str, Any], calls_key: str, name_key: str, args_key: str) -> list[dict[str, Any]]:
    """Tool calls of one indexed message: `<calls_key>.K.<name_key>` / `.<args_key>`."""
    calls: dict[int, dict[str, Any]] = {}
    for key, value in message.items():
        if not key.startswith(calls_key):
            continue
        index, _, rest = key[len(calls_key):].partition(".")
        if index.isdigit() and rest in (name_key, args_key):
            calls.setdefault(int(index), {})["name" if rest == name_key else "arguments"] = parse_json_text(value)
    return [call for _, call in sorted(calls.items()) if call.get("name")]


# Where each indexed family writes a message's tool calls: (prefix, calls key, name key, arguments key).
_INDEXED_CALLS = (
    (c.OI_OUTPUT_MESSAGES_PREFIX, "message.tool_calls.", "tool_call.function.name", "tool_call.function.arguments"),
    (c.GENAI_COMPLETION_PREFIX, "tool_calls.", "name", "arguments"),
)


def genai_tool_calls(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The `tool_call` parts of the last assistant message, as `{name, arguments}`."""
    for message in reversed(messages):
        if message.get("role") not in ("assistant", "model"):
            continue
        parts = message.get("parts")
        calls = [
            {"name": p.get("name"), "arguments": parse_json_text(p.get("arguments"))}
            for p in parts if isinstance(p, dict) and p.get("type") == "tool_call" and p.get("name")
        ] if isinstance(parts, list) else []
        return calls
    return []


def model_answer(attrs: dict[str, Any], groups: Groups) -> tuple[Any, bool]:
    """A model turn's answer and whether it is only tool calls.

    A turn that answered with tool calls and no text succeeded: its result is the calls.
    """
    messages = attrs.get(c.GENAI_OUTPUT_MESSAGES)
    if messages is not None:
        parsed = genai_messages(messages)
        text = last_message_text(parsed, ("assistant", "model"))
        if text is None:
            calls = genai_tool_calls(parsed)
            if calls:
                return calls, True
        return text, False
    for prefix, calls_key, name_key, args_key in _INDEXED_CALLS:
        found = groups.get(prefix)
        if not found:
            continue
        last = found[max(found)]
        content = last.get("message.content" if prefix == c.OI_OUTPUT_MESSAGES_PREFIX else "content")
        if content is None or content == "":
            calls = _indexed_calls(last, calls_key, name_key, args_key)
            if calls:
                return calls, True
        return as_text(content), False
    return None, False


# --- steps ----------------------------------------------------------------------------------------


def step_args(attrs: dict[str, Any], kind: str, groups: Groups) -> Any:
    if kind == "llm":
        messages = attrs.get(c.GENAI_INPUT_MESSAGES)
        if messages is not None:
            return genai_messages(messages)
        oi = _indexed_messages(groups, c.OI_INPUT_MESSAGES_PREFIX, "message.role", "message.content")
        if oi:
            return oi
        old = _indexed_messages(groups, c.GENAI_PROMPT_PREFIX, "role", "content")
        if old:
            return old
    return parse_json_text(_first(attrs, c.GENAI_TOOL_ARGS, c.OI_INPUT_VALUE, c.TL_ENTITY_INPUT))


def step_result(attrs: dict[str, Any], kind: str, groups: Groups) -> Any:
    if kind == "llm" and (c.GENAI_OUTPUT_MESSAGES in attrs or any(p in groups for p, *_ in _INDEXED_CALLS)):
        return model_answer(attrs, groups)[0]
    found = _present(attrs, c.GENAI_TOOL_RESULT, c.OI_OUTPUT_VALUE, c.TL_ENTITY_OUTPUT)
    if kind == "tool" and isinstance(found, str) and found.lstrip()[:1] == "{":
        message = serialised_message(parse_json_text(found))
        if message is not None and message[0] == "tool":
            found = message[1]  # a serialised ToolMessage (LangChain): the tool's result is its content
    if found is None and kind in ("agent", "chain") and c.GENAI_OUTPUT_MESSAGES in attrs:
        # A GenAI agent span says what it answered in its output messages.
        found = last_message_text(genai_messages(attrs[c.GENAI_OUTPUT_MESSAGES]), ("assistant", "model", "user"))
    return found


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def to_step(span: Span, order: int, groups: Groups | None = None) -> Step:
    attrs = span.attributes
    if groups is None:
        groups = indexed_groups(attrs)
    kind = step_kind(attrs)
    errors = list(span.errors)
    http_status = _int_or_none(_first(attrs, c.HTTP_STATUS, c.HTTP_STATUS_OLD))
    status = "error" if span.status_code == STATUS_ERROR else "ok" if span.status_code == STATUS_OK else "unset"
    kept = {k: v for k, v in attrs.items() if k not in c.MAPPED_ON_STEPS}
    if groups:
        kept = {k: v for k, v in kept.items() if not k.startswith(c.MAPPED_PREFIXES)}
    return Step(
        step_id=span.span_id,
        parent_id=span.parent_id,
        order=order,
        kind=kind,  # type: ignore[arg-type]
        name=str(_first(attrs, c.GENAI_TOOL_NAME, c.OI_TOOL_NAME, c.TL_ENTITY_NAME) or span.name),
        args=step_args(attrs, kind, groups),
        result=step_result(attrs, kind, groups),
        status=status,
        status_message=span.status_message or None,
        http_status=http_status,
        model=_first(attrs, c.GENAI_RESPONSE_MODEL, c.GENAI_REQUEST_MODEL, c.OI_LLM_MODEL_NAME),
        prompt_template=_first(attrs, c.OI_PROMPT_TEMPLATE),
        prompt_version=_first(
            attrs, c.VERACITY_PROMPT_VERSION, c.GENAI_PROMPT_VERSION, c.OI_PROMPT_TEMPLATE_VERSION
        ),
        started_at=span.start_ns,
        ended_at=span.end_ns,
        input_tokens=_int_or_none(_first(attrs, c.GENAI_USAGE_INPUT, c.GENAI_USAGE_PROMPT_OLD, c.OI_TOKENS_PROMPT)),
        output_tokens=_int_or_none(
            _first(attrs, c.GENAI_USAGE_OUTPUT, c.GENAI_USAGE_COMPLETION_OLD, c.OI_TOKENS_COMPLETION)
        ),
        attributes=kept,
        errors=errors,
    )


# --- sources --------------------------------------------------------------------------------------


def _documents(span: Span, groups: Groups) -> list[Source]:
    attrs = span.attributes
    sources = []
    for n, doc in sorted(groups.get(c.OI_RETRIEVAL_DOCUMENTS_PREFIX, {}).items()):
        content = doc.get("document.content")
        if content is None:
            continue
        metadata = parse_json_text(doc.get("document.metadata"))
        metadata = metadata if isinstance(metadata, dict) else {}
        sources.append(
            Source(
                source_id=f"{span.span_id}:doc:{n}",
                kind="document",
                content=as_text(content),
                step_id=span.span_id,
                uri=metadata.get("url") or metadata.get("uri") or metadata.get("source"),
                title=metadata.get("title"),
                metadata={"document_id": doc.get("document.id"), **metadata},
            )
        )
    genai_docs = parse_json_text(attrs.get(c.GENAI_RETRIEVAL_DOCUMENTS))
    if isinstance(genai_docs, list):
        for n, doc in enumerate(genai_docs):
            if isinstance(doc, dict) and doc.get("content") is not None:
                sources.append(
                    Source(
                        source_id=f"{span.span_id}:doc:{n}",
                        kind="document",
                        content=as_text(doc["content"]),
                        step_id=span.span_id,
                        uri=doc.get("url") or doc.get("uri"),
                        title=doc.get("title"),
                        metadata={"document_id": doc.get("id")},
                    )
                )
    return sources


def _tool_messages(span: Span, groups: Groups) -> list[str]:
    """Tool results handed to a model in its input messages (calls outside any traced tool span)."""
    attrs = span.attributes
    found: list[str] = []
    for message in genai_messages(attrs.get(c.GENAI_INPUT_MESSAGES)):
        parts = message.get("parts")
        if isinstance(parts, list):
            for part in parts:
                if isinstance(part, dict) and part.get("type") == "tool_call_response":
                    found.append(as_text(part.get("response", part.get("result"))))
        if message.get("role") == "tool" and not isinstance(parts, list) and message.get("content"):
            found.append(as_text(message["content"]))
    for prefix, role, content in (
        (c.OI_INPUT_MESSAGES_PREFIX, "message.role", "message.content"),
        (c.GENAI_PROMPT_PREFIX, "role", "content"),
    ):
        for m in _indexed_messages(groups, prefix, role, content):
            if m["role"] == "tool" and m["content"]:
                found.append(as_text(m["content"]))
    return [t for t in found if t]


def handed_results(span: Span, groups: Groups) -> dict[str, str]:
    """Tool results a model was handed in its input messages, by tool call id."""
    found: dict[str, str] = {}
    for message in genai_messages(span.attributes.get(c.GENAI_INPUT_MESSAGES)):
        parts = message.get("parts")
        for part in parts if isinstance(parts, list) else []:
            if isinstance(part, dict) and part.get("type") == "tool_call_response" and part.get("id"):
                found[str(part["id"])] = as_text(part.get("response", part.get("result")))
        if message.get("role") == "tool" and message.get("tool_call_id") and message.get("content"):
            found[str(message["tool_call_id"])] = as_text(message["content"])
    for _, g in sorted(groups.get(c.OI_INPUT_MESSAGES_PREFIX, {}).items()):
        if g.get("message.role") == "tool" and g.get("message.tool_call_id") and g.get("message.content"):
            found[str(g["message.tool_call_id"])] = as_text(g["message.content"])
    return {k: v for k, v in found.items() if v}


def tool_call_id(step: Step) -> str | None:
    value = step.attributes.get(c.GENAI_TOOL_CALL_ID) or step.attributes.get(c.OI_TOOL_CALL_ID)
    return str(value) if value else None


def _normal(value: Any) -> str:
    parsed = parse_json_text(value)
    return as_text(parsed).strip() if isinstance(parsed, dict | list) else str(parsed).strip()


def echoes_its_arguments(step: Step) -> bool:
    """A tool whose result is one of the values it was called with (a `final_answer` tool, an echo):
    it fetched nothing, so its result is the agent's claim, never evidence."""
    result = _normal(step.result)
    if not result:
        return False
    values: list[Any] = []
    stack = [step.args]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            values.append(item)
    return any(_normal(v) == result for v in values)


def result_source(step: Step) -> list[Source]:
    """A tool or retriever step's result as a source (none when it is empty or echoes the arguments)."""
    if step.kind not in ("tool", "retriever") or step.result is None or step.result == "" or echoes_its_arguments(step):
        return []
    return [Source(source_id=f"{step.step_id}:result", kind="tool_result", content=readable(as_text(step.result)),
                   step_id=step.step_id, title=step.name)]


def sources_of_steps(run: Run) -> list[Source]:
    """The sources of a run given without any (a hand-written Run JSONL line): its steps' results and its input."""
    sources = [source for step in run.steps for source in result_source(step)]
    if run.input is not None:
        sources.append(Source(source_id="input", kind="input", content=as_text(run.input), step_id=run.root_step_id))
    return sources


def step_sources(span: Span, step: Step, groups: Groups | None = None) -> list[Source]:
    """What this step put in front of the run: tool results, documents, tool messages."""
    if groups is None:
        groups = indexed_groups(span.attributes)
    sources: list[Source] = []
    if step.kind in ("tool", "retriever"):
        sources.extend(_documents(span, groups))
        if not (step.kind == "retriever" and sources):
            sources.extend(result_source(step))
    elif step.kind == "llm":
        for n, text in enumerate(_tool_messages(span, groups)):
            sources.append(Source(source_id=f"{span.span_id}:msg:{n}", kind="message", content=text, step_id=span.span_id))
    return sources


# --- the run's own fields, read from its root ------------------------------------------------------


def run_input(attrs: dict[str, Any]) -> Any:
    value = attrs.get(c.OI_INPUT_VALUE)
    if value is None and c.GENAI_INPUT_MESSAGES in attrs:
        value = last_message_text(genai_messages(attrs[c.GENAI_INPUT_MESSAGES]), ("user",))
    if value is None:
        value = attrs.get(c.TL_ENTITY_INPUT)
        parsed = parse_json_text(value)
        if isinstance(parsed, dict) and set(parsed) == {"args", "kwargs"}:
            return parsed["kwargs"] if parsed["kwargs"] or not parsed["args"] else parsed["args"]
    return parse_json_text(value)


def run_output(attrs: dict[str, Any]) -> Any:
    value = attrs.get(c.OI_OUTPUT_VALUE)
    if value is None and c.GENAI_OUTPUT_MESSAGES in attrs:
        value = last_message_text(genai_messages(attrs[c.GENAI_OUTPUT_MESSAGES]), ("assistant", "model"))
    if value is None:
        value = attrs.get(c.TL_ENTITY_OUTPUT)
    if value is None:
        return None
    parsed = parse_json_text(value)
    return parsed if isinstance(parsed, dict | list) else {"text": as_text(parsed)}


_ERROR_WORDS = frozenset({"error", "failed", "failure", "fail", "false", "0", "aborted", "timeout"})


def reported_status(span: Span) -> str:
    explicit = span.attributes.get(c.VERACITY_REPORTED_STATUS)
    if explicit is not None and explicit != "":
        return "error" if str(explicit).strip().lower() in _ERROR_WORDS else "success"
    return "error" if span.status_code == STATUS_ERROR else "success"
