"""Every attribute name ingestion reads, in one place.

Three families are spoken: OpenInference, the OpenTelemetry GenAI semantic conventions
(current and older names) and OpenLLMetry's `traceloop.*`. What none of them covers lives
under `veracity.*` (see `VERACITY_ATTRIBUTES`, documented in docs/attributes.md).
"""

from __future__ import annotations

# --- veracity's own namespace -------------------------------------------------------
VERACITY_RUN_ID = "veracity.run_id"
VERACITY_PAIR_KEY = "veracity.pair_key"
VERACITY_REPORTED_STATUS = "veracity.reported_status"
VERACITY_PROJECT = "veracity.project"
VERACITY_AGENT_VERSION = "veracity.agent_version"
VERACITY_PROMPT_VERSION = "veracity.prompt_version"
# Written by veracity itself on the OTLP log records it keeps beside spans (`ingest/otlp_logs.py`).
VERACITY_LOG_RECORD = "veracity.log_record"

VERACITY_ATTRIBUTES = (
    VERACITY_RUN_ID,
    VERACITY_PAIR_KEY,
    VERACITY_REPORTED_STATUS,
    VERACITY_PROJECT,
    VERACITY_AGENT_VERSION,
    VERACITY_PROMPT_VERSION,
    VERACITY_LOG_RECORD,
)

# --- OpenInference -------------------------------------------------------------------
OI_SPAN_KIND = "openinference.span.kind"
OI_INPUT_VALUE = "input.value"
OI_OUTPUT_VALUE = "output.value"
OI_TOOL_NAME = "tool.name"
OI_TOOL_PARAMETERS = "tool.parameters"
OI_TOOL_CALL_ID = "tool_call.id"
OI_LLM_MODEL_NAME = "llm.model_name"
OI_PROMPT_TEMPLATE = "llm.prompt_template.template"
OI_PROMPT_TEMPLATE_VERSION = "llm.prompt_template.version"
OI_TOKENS_PROMPT = "llm.token_count.prompt"
OI_TOKENS_COMPLETION = "llm.token_count.completion"
OI_INPUT_MESSAGES_PREFIX = "llm.input_messages."
OI_OUTPUT_MESSAGES_PREFIX = "llm.output_messages."
OI_RETRIEVAL_DOCUMENTS_PREFIX = "retrieval.documents."
OI_SESSION_ID = "session.id"
OI_USER_ID = "user.id"
OI_METADATA = "metadata"
OI_AGENT_NAME = "agent.name"

OI_KINDS = {
    "LLM": "llm",
    "TOOL": "tool",
    "RETRIEVER": "retriever",
    "AGENT": "agent",
    "CHAIN": "chain",
    "EMBEDDING": "other",
    "RERANKER": "retriever",
    "GUARDRAIL": "other",
    "EVALUATOR": "other",
    "PROMPT": "other",
}

# --- OpenTelemetry GenAI ---------------------------------------------------------------
GENAI_OPERATION = "gen_ai.operation.name"
GENAI_AGENT_NAME = "gen_ai.agent.name"
GENAI_AGENT_VERSION = "gen_ai.agent.version"
GENAI_CONVERSATION_ID = "gen_ai.conversation.id"
GENAI_INPUT_MESSAGES = "gen_ai.input.messages"
GENAI_OUTPUT_MESSAGES = "gen_ai.output.messages"
GENAI_SYSTEM_INSTRUCTIONS = "gen_ai.system_instructions"
GENAI_TOOL_NAME = "gen_ai.tool.name"
GENAI_TOOL_ARGS = "gen_ai.tool.call.arguments"
GENAI_TOOL_RESULT = "gen_ai.tool.call.result"
GENAI_TOOL_CALL_ID = "gen_ai.tool.call.id"
GENAI_REQUEST_MODEL = "gen_ai.request.model"
GENAI_RESPONSE_MODEL = "gen_ai.response.model"
GENAI_PROMPT_VERSION = "gen_ai.prompt.version"
GENAI_USAGE_INPUT = "gen_ai.usage.input_tokens"
GENAI_USAGE_OUTPUT = "gen_ai.usage.output_tokens"
GENAI_USAGE_PROMPT_OLD = "gen_ai.usage.prompt_tokens"
GENAI_USAGE_COMPLETION_OLD = "gen_ai.usage.completion_tokens"
GENAI_RETRIEVAL_DOCUMENTS = "gen_ai.retrieval.documents"
GENAI_SYSTEM = "gen_ai.system"
GENAI_PROVIDER = "gen_ai.provider.name"
# Older indexed message attributes (still written by deployed OpenLLMetry instrumentations).
GENAI_PROMPT_PREFIX = "gen_ai.prompt."
GENAI_COMPLETION_PREFIX = "gen_ai.completion."
# Older event-based messages (GenAI conventions before 1.37).
GENAI_EVENT_PROMPT = "gen_ai.content.prompt"
GENAI_EVENT_COMPLETION = "gen_ai.content.completion"
GENAI_EVENT_ATTR_PROMPT = "gen_ai.prompt"
GENAI_EVENT_ATTR_COMPLETION = "gen_ai.completion"

GENAI_OPERATIONS = {
    "invoke_agent": "agent",
    "create_agent": "agent",
    "execute_tool": "tool",
    "chat": "llm",
    "text_completion": "llm",
    "generate_content": "llm",
    "embeddings": "other",
    "retrieval": "retriever",
}

# --- OpenLLMetry (traceloop) -------------------------------------------------------------
TL_SPAN_KIND = "traceloop.span.kind"
TL_ENTITY_NAME = "traceloop.entity.name"
TL_ENTITY_INPUT = "traceloop.entity.input"
TL_ENTITY_OUTPUT = "traceloop.entity.output"
TL_REQUEST_TYPE = "llm.request.type"

TL_KINDS = {"workflow": "agent", "agent": "agent", "task": "chain", "tool": "tool"}

# --- Generic OpenTelemetry -------------------------------------------------------------------
HTTP_STATUS = "http.response.status_code"
HTTP_STATUS_OLD = "http.status_code"
HTTP_RESEND_COUNT = "http.request.resend_count"
SERVICE_NAME = "service.name"
SERVICE_VERSION = "service.version"

# Attributes that mark a span as the root of an agent run.
AGENT_SPAN_MARKERS = (
    (OI_SPAN_KIND, "AGENT"),
    (GENAI_OPERATION, "invoke_agent"),
    (TL_SPAN_KIND, "workflow"),
    (TL_SPAN_KIND, "agent"),
)

# Attributes mapped onto step fields; not repeated in `Step.attributes`.
MAPPED_ON_STEPS = frozenset(
    {
        OI_INPUT_VALUE,
        OI_OUTPUT_VALUE,
        GENAI_TOOL_ARGS,
        GENAI_TOOL_RESULT,
        GENAI_INPUT_MESSAGES,
        GENAI_OUTPUT_MESSAGES,
        TL_ENTITY_INPUT,
        TL_ENTITY_OUTPUT,
        GENAI_RETRIEVAL_DOCUMENTS,
        OI_PROMPT_TEMPLATE,
    }
)
MAPPED_PREFIXES = (
    OI_RETRIEVAL_DOCUMENTS_PREFIX,
    OI_INPUT_MESSAGES_PREFIX,
    OI_OUTPUT_MESSAGES_PREFIX,
    GENAI_PROMPT_PREFIX,
    GENAI_COMPLETION_PREFIX,
)

# --- Content outside span attributes: span events and OTLP log records --------------------------
# A log record becomes a span-shaped record under the span it names (see `ingest/otlp_logs.py`),
# marked with this attribute, and is folded into that span's events before the run is built.
EVENT_NAME = "event.name"
GENAI_EVENT_SYSTEM_MESSAGE = "gen_ai.system.message"
GENAI_EVENT_USER_MESSAGE = "gen_ai.user.message"
GENAI_EVENT_ASSISTANT_MESSAGE = "gen_ai.assistant.message"
GENAI_EVENT_TOOL_MESSAGE = "gen_ai.tool.message"
GENAI_EVENT_CHOICE = "gen_ai.choice"
GENAI_EVENT_DETAILS = "gen_ai.client.inference.operation.details"
GENAI_MESSAGE_EVENTS = {
    GENAI_EVENT_SYSTEM_MESSAGE: "system",
    GENAI_EVENT_USER_MESSAGE: "user",
    GENAI_EVENT_ASSISTANT_MESSAGE: "assistant",
    GENAI_EVENT_TOOL_MESSAGE: "tool",
}

# --- Redaction: values that mean "not recorded" ----------------------------------------------------
# OpenInference's TraceConfig(hide_*) writes this placeholder in place of the content.
REDACTED_MARKERS = frozenset({"__REDACTED__"})

# --- Frameworks' own places for a run's output -------------------------------------------------------
PYDANTIC_AI_FINAL_RESULT = "final_result"
PYDANTIC_AI_ALL_MESSAGES = "pydantic_ai.all_messages"
