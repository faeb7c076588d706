"""Retries, fallbacks and first-attempt rates, on real OTLP traces."""

from __future__ import annotations

import json

import pytest

from veracity.checks import steps
from veracity.model import Run

from .test_steps_otlp import Model, Tool, make_run, retries, run_check, silent

ARGS = {"domain": "acmerobotics.io"}
GOOD = json.dumps({"name": "Acme Robotics", "domain": "acmerobotics.io", "employees": 120})
RATE_TEXT = "Rate limit exceeded - try again later."


def api(result: str | None, http: int | None = 200, resend: int | None = None, name: str = "firmographics",
        args: dict[str, str] | None = None, convention: str = "genai", error: str | None = None) -> Tool:
    return Tool(name, args or ARGS, result, http=http, resend=resend, convention=convention, error=error)


def extract() -> Model:
    return Model('{"name": "Acme Robotics", "employees": 120}', convention="genai")


def ids(run: Run) -> list[str]:
    return [s.step_id for s in run.steps if s.kind == "tool"]


@pytest.mark.parametrize("convention", ["genai", "oi"])
def test_retry_after_429_that_succeeded_is_minor(convention: str) -> None:
    run = make_run([api('{"error": "rate_limited"}', http=429, convention=convention),
                    api(GOOD, resend=1, convention=convention), extract()], convention=convention)
    findings = run_check(run)
    assert silent(findings) == []
    [found] = retries(findings)
    first, second = ids(run)
    assert found.severity == "minor"
    assert found.field is None
    assert found.origin_step == first
    assert found.evidence["steps"] == [first, second]
    assert found.evidence["accepted"] == second
    assert [a["status"] for a in found.evidence["attempts"]] == ["http_429", "ok"]
    assert [a["http_status"] for a in found.evidence["attempts"]] == [429, 200]
    assert "after 2 attempts" in found.message


def test_retry_that_accepted_garbage_is_major() -> None:
    """The seed's story: the retry sees a 200, moves on, and the 200 carried rate-limit text."""
    run = make_run([api("Service Unavailable", http=503), api(RATE_TEXT, resend=1), extract()], convention="genai")
    findings = run_check(run)
    first, second = ids(run)
    [masked] = retries(findings)
    assert masked.severity == "major"
    assert masked.origin_step == first
    assert masked.evidence["accepted"] == second
    assert [a["status"] for a in masked.evidence["attempts"]] == ["http_503", "silent rate_limit"]
    [garbage] = silent(findings)
    assert garbage.origin_step == second
    assert garbage.severity == "major"
    assert garbage.evidence["failure"] == "rate_limit"


def test_garbage_first_attempt_then_a_clean_retry_is_minor() -> None:
    run = make_run([api("<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"),
                    api(GOOD), extract()], convention="genai")
    findings = run_check(run)
    first, second = ids(run)
    [garbage] = silent(findings)
    assert garbage.origin_step == first
    assert garbage.severity == "minor"
    assert "a later attempt succeeded" in garbage.message
    [masked] = retries(findings)
    assert masked.severity == "minor"
    assert masked.evidence["accepted"] == second
    assert {f.severity for f in findings} == {"minor"}


def test_two_failures_then_success() -> None:
    run = make_run([api(None, http=502), api(None, http=429, resend=1), api(GOOD, resend=2), extract()],
                   convention="genai")
    [masked] = retries(run_check(run))
    assert [a["status"] for a in masked.evidence["attempts"]] == ["http_502", "http_429", "ok"]
    assert masked.origin_step == ids(run)[0]


def test_timeout_then_success() -> None:
    run = make_run([api(None, http=None, error="Read timed out"), api(GOOD, http=None), extract()], convention="genai")
    [masked] = retries(run_check(run))
    assert [a["status"] for a in masked.evidence["attempts"]] == ["timeout", "ok"]


def test_fallback_to_another_tool_with_the_same_arguments() -> None:
    run = make_run([api(None, http=500, name="clearbit_lookup"), api(GOOD, name="apollo_lookup"), extract()],
                   convention="genai")
    [masked] = retries(run_check(run))
    assert masked.evidence["fallback"] is True
    assert masked.severity == "minor"
    assert "clearbit_lookup → apollo_lookup" in masked.message
    assert masked.origin_step == ids(run)[0]


def test_fallback_with_the_same_values_under_other_argument_names() -> None:
    run = make_run([api(None, http=503, name="lookup_a", args={"domain": "acmerobotics.io"}),
                    api(GOOD, name="lookup_b", args={"company_domain": "acmerobotics.io"}), extract()],
                   convention="genai")
    [masked] = retries(run_check(run))
    assert masked.evidence["fallback"] is True


def test_fallback_to_another_model_after_a_refusal() -> None:
    run = make_run([api(GOOD), Model("I'm sorry, but I can't help with that.", model="model-a"),
                    Model('{"name": "Acme Robotics"}', model="model-b")])
    findings = run_check(run)
    [masked] = retries(findings)
    assert masked.evidence["fallback"] is True
    assert "model-a → model-b" in masked.message
    [refusal] = silent(findings)
    assert refusal.severity == "minor"


def test_untraced_earlier_attempts_from_resend_count() -> None:
    run = make_run([api(GOOD, resend=2), extract()], convention="genai")
    [masked] = retries(run_check(run))
    assert masked.evidence["untraced_attempts"] == 2
    assert masked.severity == "minor"
    assert "2 untraced" in masked.message


def test_a_call_that_failed_every_time_is_not_a_masked_retry() -> None:
    run = make_run([api(None, http=429), api(None, http=429, resend=1), extract()], convention="genai")
    assert retries(run_check(run)) == []


def test_different_calls_of_one_tool_are_not_retries() -> None:
    run = make_run([api(GOOD, args={"domain": "acmerobotics.io"}),
                    api(GOOD.replace("acmerobotics", "globex"), args={"domain": "globex.com"}), extract()],
                   convention="genai")
    assert run_check(run) == []


def test_after_a_silent_failure_another_tool_with_other_arguments_is_not_a_fallback() -> None:
    run = make_run([Tool("fetch_page", {"url": "https://acmerobotics.io"}, "Service Unavailable", convention="genai"),
                    api(GOOD), extract()], convention="genai")
    findings = run_check(run)
    assert retries(findings) == []
    [garbage] = silent(findings)
    assert garbage.severity == "major"


# --- rates ------------------------------------------------------------------------------------------------


def _world() -> list[Run]:
    clean = [make_run([api(GOOD), extract()], convention="genai") for _ in range(5)]
    retried = [make_run([api(None, http=429), api(GOOD, resend=1), extract()], convention="genai") for _ in range(3)]
    garbage = [make_run([api(None, http=503), api(RATE_TEXT, resend=1), extract()], convention="genai")]
    silent_run = [make_run([api(RATE_TEXT), extract()], convention="genai")]
    return clean + retried + garbage + silent_run


def test_step_stats_show_the_rates_that_the_reported_rate_hides() -> None:
    stats = steps.step_stats(_world())
    assert stats["runs"] == 10
    assert stats["reported_success_rate"] == 1.0
    assert stats["first_attempt_success_rate"] == 0.5
    assert stats["eventual_success_rate"] == 0.8
    assert stats["retried_runs"] == 4
    tool = stats["tools"]["firmographics"]
    assert tool["calls"] == 10
    assert tool["attempts"] == 14
    assert tool["first_attempt_success_rate"] == 0.5
    assert tool["eventual_success_rate"] == 0.8
    assert tool["attempts_per_success"] == round(14 / 8, 4)
    assert tool["errors"] == 6  # 3 × 429, 1 × 503, 2 × rate-limit text under 200
    assert tool["rate_limit_share"] == round(5 / 6, 4)
    assert tool["silent_failures"] == 2
    assert tool["loud_failures"] == 4
    assert stats["models"]["gpt-4.1"]["first_attempt_success_rate"] == 1.0


def test_step_stats_per_cohort() -> None:
    runs = _world()
    stats = steps.step_stats(runs, cohort=lambda r: "retried" if len([s for s in r.steps if s.kind == "tool"]) > 1 else "single")
    assert stats["cohorts"]["retried"]["runs"] == 4
    assert stats["cohorts"]["retried"]["first_attempt_success_rate"] == 0.0
    assert stats["cohorts"]["single"]["first_attempt_success_rate"] == round(5 / 6, 4)


def test_step_stats_of_nothing() -> None:
    stats = steps.step_stats([])
    assert stats["runs"] == 0
    assert stats["first_attempt_success_rate"] is None
