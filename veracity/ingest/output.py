"""Where a run's input and output are: the root's attributes first, then the framework's known
places, then the last agent or model answer in the run.

- the root's own attributes (`output.value`, `gen_ai.output.messages`, `traceloop.entity.output`);
- pydantic-ai writes the run's result on its root as `final_result` and the conversation as
  `pydantic_ai.all_messages` (the input is its first user message);
- otherwise the last answer of an agent span under the root, else the last model turn that
  answered in text (openai-agents' roots carry no output: it is the last model turn). A model
  turn that only called tools is not an answer.

What holds only a redaction marker was not recorded (`unredacted`).
"""

from __future__ import annotations

from typing import Any

from veracity.ingest import conventions as c
from veracity.ingest.mapping import (
    as_text,
    conversation,
    genai_messages,
    is_agent_span,
    last_message_text,
    parse_json_text,
    run_input,
    run_output,
)
from veracity.ingest.spans import Span
from veracity.model import Step


def unredacted(span: Span) -> Span:
    """The span without the attributes that hold only a redaction marker: not recorded, not content."""
    attrs = span.attributes
    if not any(isinstance(v, str) and v in c.REDACTED_MARKERS for v in attrs.values()):
        return span
    import msgspec

    kept = {k: v for k, v in attrs.items() if not (isinstance(v, str) and v in c.REDACTED_MARKERS)}
    return msgspec.structs.replace(span, attributes=kept)


def _shaped(value: Any) -> Any:
    if value is None or value == "" or (isinstance(value, str) and value in c.REDACTED_MARKERS):
        return None
    parsed = parse_json_text(value)
    return parsed if isinstance(parsed, dict | list) else {"text": as_text(parsed)}


def _spoken(value: Any, roles: tuple[str, ...], last: bool) -> Any:
    """A conversation-valued input or output: its first user message, or its last assistant answer."""
    turns = conversation(value)
    if turns is None:
        return value
    texts = [content for role, content in turns if role in roles and content not in (None, "", [])]
    if not texts:
        return None
    return parse_json_text(texts[-1] if last else texts[0])


def find_input(root: Span, steps: list[Step] | None = None) -> Any:
    found = _spoken(run_input(root.attributes), ("user",), last=False)
    if found is not None:
        return found
    messages = genai_messages(root.attributes.get(c.PYDANTIC_AI_ALL_MESSAGES))
    for message in messages:
        if message.get("role") == "user":
            return parse_json_text(last_message_text([message], ("user",)))
    for step in sorted(steps or [], key=lambda s: s.order):
        if step.kind == "llm" and isinstance(step.args, list):
            # The root says nothing: the request is the first user message the run's first model saw.
            text = last_message_text([m for m in step.args if isinstance(m, dict)][:2], ("user",))
            if text:
                return parse_json_text(text)
    return None


def find_output(root: Span, steps: list[Step]) -> tuple[Any, str | None]:
    """The run's output and where it was found; (None, None) when it is nowhere."""
    found = run_output(root.attributes)
    if found is not None and conversation(found) is not None:
        # A conversation: its last answer; when none can be read, the models' answers are looked at below.
        found = _shaped(_spoken(found, ("assistant",), last=True))
    if found is not None:
        return found, "root"
    final = _shaped(root.attributes.get(c.PYDANTIC_AI_FINAL_RESULT))
    if final is not None:
        return final, "final_result"
    if root.parent_id is not None and not is_agent_span(root.attributes):
        return None, None  # a stand-in root of an incomplete trace: its real root has not arrived yet
    later = sorted((s for s in steps if s.step_id != root.span_id), key=lambda s: (s.ended_at, s.order))
    for kind in ("agent", "llm"):
        for step in reversed(later):
            if step.kind != kind or step.result is None or isinstance(step.result, list):
                continue
            shaped = _shaped(step.result)
            if shaped is not None:
                return shaped, "agent" if kind == "agent" else "model"
    return None, None
