"""The five scenarios every setup runs: what the tool returns, what the model answers, what veracity must say.

The agent enriches one company. Its tool (`search_company`) returns a short profile; the
scripted model then answers with a JSON profile. Each scenario changes one thing:

- `clean`: the answer states what the tool returned → `verified`, no finding above info;
- `invented`: the answer adds a revenue no source states → `unsupported_value` on `revenue`;
- `contradicted`: the answer's head count differs from the source's → `contradicted_value`;
- `rate_limit`: the tool returns a rate-limit page under a 200 → `silent_step_failure`;
- `capture_off`: the instrumentation records no content → `unverifiable` with `missing_evidence`.
"""

from __future__ import annotations

from typing import Any

SCENARIOS = ("clean", "invented", "contradicted", "rate_limit", "capture_off")

PROFILE_TEXT = (
    "Acme Robotics (acmerobotics.io) is a robotics company founded in 2011, headquartered in Boston. "
    "Acme Robotics employs 1,200 people."
)
RATE_LIMIT_TEXT = "429 Too Many Requests: rate limit exceeded for this API key. Please retry after 60 seconds."

CLEAN_ANSWER: dict[str, Any] = {
    "company": "Acme Robotics",
    "domain": "acmerobotics.io",
    "founded": 2011,
    "employees": 1200,
    "city": "Boston",
}
INPUT = {"company": "Acme Robotics", "domain": "acmerobotics.io"}
QUESTION = "Enrich the company Acme Robotics (acmerobotics.io): founding year, head count, city. Answer in JSON."


def tool_result(scenario: str) -> str:
    return RATE_LIMIT_TEXT if scenario == "rate_limit" else PROFILE_TEXT


def answer_of(scenario: str) -> dict[str, Any]:
    if scenario == "invented":
        return CLEAN_ANSWER | {"revenue": "$48 million"}
    if scenario == "contradicted":
        return CLEAN_ANSWER | {"employees": 3400}
    return dict(CLEAN_ANSWER)


# Setups whose instrumentation records no tool result at all (Haystack's Agent: the OpenInference
# instrumentation writes the tool message's role but not its content, and no tool span): nothing the
# output says can be checked, so every scenario's right answer is `unverifiable`, never `verified`.
RECORDS_NO_TOOL_RESULTS = frozenset({"openinference-haystack"})


def judged_right(scenario: str, verdict: dict[str, Any], setup: str = "") -> list[str]:
    """What is wrong with a `check --json` line for this scenario (empty when it is right)."""
    findings = verdict.get("findings") or []
    kinds = {(f["kind"], f.get("field")) for f in findings if f["severity"] != "info"}
    name = verdict.get("verdict")
    problems: list[str] = []
    if setup in RECORDS_NO_TOOL_RESULTS:
        scenario = "capture_off"
    if scenario == "clean":
        if name != "verified":
            problems.append(f"clean run is {name}, not verified")
        if kinds:
            problems.append(f"clean run has findings {sorted(map(str, kinds))}")
    elif scenario == "invented":
        if ("unsupported_value", "revenue") not in kinds:
            problems.append("no unsupported_value on revenue")
        if name not in ("suspect", "failed"):
            problems.append(f"invented value judged {name}")
    elif scenario == "contradicted":
        if ("contradicted_value", "employees") not in kinds:
            problems.append("no contradicted_value on employees")
        if name not in ("suspect", "failed"):
            problems.append(f"contradicted value judged {name}")
    elif scenario == "rate_limit":
        if not any(k == "silent_step_failure" for k, _ in kinds):
            problems.append("no silent_step_failure for the rate-limit page")
        if name not in ("suspect", "failed"):
            problems.append(f"rate-limit run judged {name}")
    elif scenario == "capture_off":
        if name != "unverifiable":
            problems.append(f"run without content judged {name}, not unverifiable")
        if not any(k == "missing_evidence" for k, _ in kinds):
            problems.append("no missing_evidence finding")
    return problems
