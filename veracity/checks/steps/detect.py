"""Is one step result garbage? Error pages, rate-limit and bot walls, empty or broken bodies, placeholders.

Pages are judged by structure and dominance, never by a keyword anywhere: a status-like
opening (an HTML title or heading, the first words of a short body), a body made mostly of
error text, a JSON error envelope with no data. A news article about rate limits is prose.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import orjson

from veracity.checks.steps.placeholder import WEAK, placeholder
from veracity.evidence.cut import cut_format
from veracity.values.lexicon import for_language, guess_language, patterns

Failure = tuple[str, str]  # (failure type, what was seen)

NOT_JSON: Any = object()
BAD_JSON: Any = object()

_I = re.IGNORECASE
_CODE_RE = re.compile(
    r"^\W{0,3}(?:http(?:/[\d.]+)?\s*|error\W{0,3}|status(?: code)?\W{0,3})?([45]\d\d)(?:\s*$|\s*[:|]|\s+[-–—]\s|\s+(?:error|bad|internal"
    r"|service|gateway|too|not|forbidden|unauthori[sz]ed|request|page|payment|client|server|conflict|gone|unavailable"
    r"|method|precondition|unprocessable|locked|timeout|unknown|access)\b)",
    re.IGNORECASE,
)
# Families of status phrases. `strict` ones may sit anywhere in a status position; `lead` ones only open it.
_STRICT = patterns("status_phrases")  # every language's (veracity.values.lexicon)
_LEAD = patterns("status_leads")
_ORDER = ("rate_limit", "captcha", "login_wall", "paywall", "error_page")
# Matched against lowercase text (faster than IGNORECASE).
_STRICT_RE = {k: re.compile(v) for k, v in _STRICT.items()}
_LEAD_RE = {k: re.compile(v) for k, v in _LEAD.items()}
# Cheap substrings that must be present before a family's expressions are tried.
_ANCHORS = dict(for_language(None).status_anchors)
_CODES = {429: "rate_limit", 401: "login_wall", 403: "login_wall", 402: "paywall"}

_REFUSAL_RE = re.compile("|".join(for_language(None).refusals))
#: A tool's answer this short that opens with an apology or a refusal is the tool (or the model
#: behind it) saying it could not do the job, not data.
REFUSAL_CHARS = 400
#: Shorter texts are read in every language: a statistical guess of one sentence's language is unreliable.
SHORT_SENTENCE = 120
_JAVA_AT_RE = re.compile(r"\n\s*at [\w$.<>]+\([\w$]+\.(?:java|kt|scala):\d+\)")
_SCRIPT_RE = re.compile(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", re.S | _I)
_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")
_PASSWORD_RE = re.compile(r"<input[^>]+type\s*=\s*['\"]?password", _I)
_PAYWALL_MARK_RE = re.compile(r"class\s*=\s*['\"][^'\"]*\bpaywall\b", _I)
_CHALLENGE_RE = re.compile(
    r"cf-challenge|cf_chl_|challenge-platform|g-recaptcha|class=['\"]h-captcha|recaptcha/api\.js|hcaptcha\.com/1/api"
    r"|challenges\.cloudflare\.com/turnstile|px-captcha|id=['\"]captcha",
    _I,
)
_HTML_OPEN_RE = re.compile(r"\s*(?:<!doctype html|<html|<head|<body)", _I)


_META_KEYS = frozenset(
    {"error", "errors", "fault", "message", "msg", "detail", "details", "code", "status", "status_code",
     "statuscode", "http_status", "retry_after", "retryafter", "retry-after", "request_id", "requestid", "trace_id",
     "type", "title", "reason", "documentation_url", "doc_url", "help", "timestamp", "path", "success", "ok",
     "error_code", "errorcode", "error_message", "errormessage", "error_description", "instance",
     # Notes beside the payload: they carry a status phrase, never the data.
     "note", "notes", "notice", "warning", "warnings", "info", "hint"}
)
_ERROR_KEYS = ("error", "errors", "fault", "error_code", "errorCode", "error_message", "errorMessage", "error_description")
_CONTENT_KEYS = ("content", "body", "html", "text", "page", "markdown", "raw", "data")
_BAD_STATUS = frozenset({"error", "fail", "failed", "failure", "denied", "blocked", "rate_limited", "unauthorized"})
TERMINAL = frozenset('.!?>}])"\'»”’;:*')


@dataclass(slots=True)
class Body:
    """A step result read once: its stripped text and, when it is JSON, the parsed value."""

    text: str
    value: Any  # the parsed JSON, or NOT_JSON (plain text), or BAD_JSON (looked like JSON, did not parse)

    @property
    def html(self) -> bool:
        return self.value is NOT_JSON and self.text[:1] == "<" and _HTML_OPEN_RE.match(self.text[:300]) is not None


def dumps(value: Any, sort: bool = False) -> str:
    """JSON text of any value; what JSON cannot hold (huge integers, odd keys) as Python's repr."""
    try:
        return orjson.dumps(value, default=str, option=orjson.OPT_SORT_KEYS if sort else None).decode()
    except (TypeError, orjson.JSONEncodeError):
        return repr(value)


def read_body(result: Any) -> Body | None:
    """The result as text plus parsed JSON (once); None when nothing was recorded."""
    if result is None:
        return None
    if isinstance(result, str):
        text = result.strip()
        head = text[:1]
        if head in ("{", "["):
            try:
                return Body(text, orjson.loads(text))
            except orjson.JSONDecodeError:
                return Body(text, BAD_JSON if _looks_json(text) else NOT_JSON)
        if text in ("null", '""', "true", "false"):
            return Body(text, orjson.loads(text))
        return Body(text, NOT_JSON)
    if isinstance(result, dict | list):
        return Body(dumps(result), result)
    return Body(str(result), result)


def _looks_json(text: str) -> bool:
    second = text[1:40].lstrip()[:1]
    return second in ('"', "}") if text[0] == "{" else second in ("{", "[", '"', "]")


def snippet(text: str, size: int = 120) -> str:
    return _SPACE_RE.sub(" ", text[: size * 3]).strip()[:size]


def is_empty_value(value: Any) -> bool:
    return value is None or value == "" or value == {} or value == []


# --- text and pages -----------------------------------------------------------------------------


def _candidates(low: str) -> list[str]:
    found = []
    for name in _ORDER:
        for anchor in _ANCHORS[name]:
            if anchor in low:
                found.append(name)
                break
    return found


def _family(text: str, lead_only: bool) -> str | None:
    """The status family a short status position (title, heading, first words) opens with."""
    m = _CODE_RE.match(text)
    if m:
        return _CODES.get(int(m.group(1)), "error_page")
    window = (text[:80] if lead_only else text).lower()
    for name in _candidates(window):
        if _LEAD_RE[name].match(window):
            return name
        found = _STRICT_RE[name].search(window)
        if found and (not lead_only or found.start() < 60):
            return name
    return None


def _dominated(text: str) -> str | None:
    """A short body mostly made of status phrases, wherever they sit."""
    if len(text) >= 300:
        return None
    low = text.lower()
    covered = 0
    first = None
    for name in _candidates(low):
        spans = sum(m.end() - m.start() for m in _STRICT_RE[name].finditer(low))
        if spans and first is None:
            first = name
        covered += spans
    if not covered or covered * 10 < len(text) * 4:
        return None
    return first


def text_failure(text: str) -> Failure | None:
    """Plain text that is an error, rate-limit, bot-wall, login or paywall message, or a stack trace."""
    lead = text[:400].lower()
    if "traceback (most recent call last)" in lead or "exception in thread" in lead or _JAVA_AT_RE.search(lead):
        return "error_page", "the body is a stack trace"
    if len(text) < 600:
        name = _family(text, lead_only=True) or _dominated(text)
        if name:
            return name, "the body is a status message"
    return None


def _visible(head: str) -> str:
    return _SPACE_RE.sub(" ", html.unescape(_TAG_RE.sub(" ", _SCRIPT_RE.sub(" ", head)))).strip()


def _clean(fragment: str) -> str:
    return _SPACE_RE.sub(" ", html.unescape(_TAG_RE.sub(" ", fragment))).strip()


def _element(head: str, low: str, tag: str) -> str:
    """The text of the first `<tag>` element (found on the lowercase copy), or ""."""
    start = low.find("<" + tag)
    if start < 0:
        return ""
    open_end = low.find(">", start)
    close = low.find("</" + tag, open_end)
    return _clean(head[open_end + 1 : close]) if open_end >= 0 and close > open_end else ""


def html_failure(text: str) -> Failure | None:
    """An HTML page whose title, heading or short visible text is a status page, a challenge or a login form."""
    head = text[:16384]
    low = head.lower()
    visible = _visible(head)
    title = _element(head, low, "title")
    code = _CODE_RE.match(title) if title else None
    if code and len(visible) < 5000:
        return _CODES.get(int(code.group(1)), "error_page"), f"page title {title[:60]!r}"
    if len(visible) >= 1500:
        return None
    heading = _element(head, low, "h1") or _element(head, low, "h2")
    for label, part in (("title", title), ("heading", heading)):
        name = _family(part, lead_only=False) if part and len(part) < 200 else None
        if name:
            return name, f"page {label} {part[:60]!r}"
    if "password" in low and _PASSWORD_RE.search(head):
        return "login_wall", "a page with a password form"
    if ("captcha" in low or "challenge" in low or "turnstile" in low) and _CHALLENGE_RE.search(head):
        return "captcha", "a bot-challenge page"
    if "paywall" in low and _PAYWALL_MARK_RE.search(head) and len(visible) < 600:
        return "paywall", "a paywall page"
    name = _family(visible, lead_only=True) if len(visible) < 600 else None
    name = name or _dominated(visible)
    if name:
        return name, "the page is a status message"
    return None


@cache
def _refusal_re(lang: str | None) -> re.Pattern[str]:
    return re.compile("|".join(for_language(lang).refusals)) if lang else _REFUSAL_RE


def refusal(text: str, what: str = "the model") -> Failure | None:
    """A reply that opens with an apology or a refusal, read in the text's language (every
    language's when it is not known, or when the text is one short sentence, whose guessed
    language is unreliable: "Desculpe, não consigo aceder" reads as Spanish)."""
    head = text[:300].lower()
    if text.rstrip().endswith("}"):
        return None
    lang = guess_language(text[:300]) if len(text) >= SHORT_SENTENCE else None
    if _refusal_re(lang).search(head):
        return "refusal", f"{what} declined or apologised"
    return None


# --- JSON ---------------------------------------------------------------------------------------


def _truthy(value: Any) -> bool:
    return value not in (None, False, "", [], {}, 0)


def json_failure(value: Any) -> Failure | None:
    """A JSON result that is an error envelope, or wraps an error page in a content field."""
    if not isinstance(value, dict):
        return None
    lowered = {str(k).lower(): v for k, v in value.items()}
    data = [k for k, v in lowered.items() if k not in _META_KEYS and _truthy(v)]
    code = next((v for k in ("status", "code", "status_code", "statuscode", "http_status")
                 if isinstance(v := lowered.get(k), int) and not isinstance(v, bool) and 400 <= v < 600), None)
    error = (
        any(_truthy(value.get(k)) for k in _ERROR_KEYS)
        or code is not None
        or str(lowered.get("status", "")).lower() in _BAD_STATUS
        or lowered.get("success") is False
        or lowered.get("ok") is False
    )
    if not data:
        message = dumps(value)[:2000].lower()
        name = next((n for n in _candidates(message) if _STRICT_RE[n].search(message)), None)
        if error or name:
            if code in _CODES:
                return _CODES[code], f"an error response ({code})"
            if name is None and (("rate" in message and "limit" in message) or "429" in message):
                name = "rate_limit"
            return name or "error_page", "an error response with no data"
        return None
    if len(value) <= 6:
        for key in _CONTENT_KEYS:
            inner = value.get(key)
            if isinstance(inner, str) and inner.strip():
                body = read_body(inner)
                if body is not None and body.value is NOT_JSON:
                    found = html_failure(body.text) if body.html else text_failure(body.text)
                    if found:
                        return found[0], f"{found[1]} (in `{key}`)"
    return None


def bad_json(text: str) -> Failure:
    opened = text.count("{") + text.count("[")
    closed = text.count("}") + text.count("]")
    if opened > closed:
        return "truncated_json", "JSON that stops before it is complete"
    return "invalid_json", "JSON that does not parse"


def shape_keys(value: Any) -> list[str] | None:
    """The top-level keys of an object result, or of the first object of a list result (as `[]key`)."""
    if isinstance(value, dict):
        return [str(k) for k in value]
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return ["[]" + str(k) for k in value[0]]
    return None


def shape_value(value: Any, key: str) -> Any:
    if key.startswith("[]") and isinstance(value, list):
        return value[0].get(key[2:])
    return value.get(key) if isinstance(value, dict) else None


def stateless(body: Body, kind: str) -> Failure | None:
    """What a result shows by itself, without anything learned about its tool."""
    text = body.text
    if kind == "llm":
        if not text:
            return "empty", "an empty completion"
        if body.value is NOT_JSON:
            name = _dominated(text)
            return refusal(text) or ((name, "the reply is a status message") if name else None)
        return None
    if not text or (body.value is not NOT_JSON and body.value is not BAD_JSON and is_empty_value(body.value)):
        return "empty", f"an empty result ({snippet(text) or 'blank'})"
    if body.value is BAD_JSON:
        return bad_json(text)
    if body.value is NOT_JSON:
        if body.html:
            return html_failure(text)
        if text != "0" and text.lower() in WEAK:
            return "empty", f"an empty result ({snippet(text)})"
        cut = cut_format(text)
        if cut is not None:
            return "truncated", cut
        short_refusal = refusal(text, "the tool") if len(text) < REFUSAL_CHARS else None
        return text_failure(text) or short_refusal or (
            ("placeholder", "lorem ipsum text") if "lorem ipsum" in text[:200].lower() else None
        )
    return json_failure(body.value) or placeholder(body.value)
