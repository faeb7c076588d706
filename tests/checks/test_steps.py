"""The steps check on real OTLP traces: every kind of silent failure, and clean results with scary words."""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.checks.calls import call
from veracity.checks import steps
from veracity.checks.context import Context
from veracity.checks.steps.findings import learn_steps
from veracity.checks.steps.learned import StepsLearned
from veracity.model import Run, Step

from .test_steps_otlp import Model, Tool, make_run, run_check, silent, tool

ERROR_500 = (
    "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>"
    "<body><center><h1>500 Internal Server Error</h1></center><hr><center>nginx/1.18.0</center></body></html>"
)
RATE_HTML = (
    "<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1>"
    "<p>You have exceeded your request quota. Please retry after 60 seconds.</p></body></html>"
)
CLOUDFLARE = (
    "<!DOCTYPE html><html lang='en-US'><head><title>Just a moment...</title>"
    "<script src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1'></script></head>"
    "<body><div id='cf-challenge-running'></div><noscript>Enable JavaScript and cookies to continue</noscript></body></html>"
)
LOGIN_PAGE = (
    "<html><head><title>Welcome back</title></head><body><form action='/session'>"
    "<input name='email'><input type='password' name='password'><button>Continue</button></form></body></html>"
)
STACK = (
    "Traceback (most recent call last):\n  File \"/app/server.py\", line 88, in handle\n    data = fetch(url)\n"
    "  File \"/app/fetch.py\", line 12, in fetch\n    raise ConnectionError('upstream reset')\nConnectionError: upstream reset"
)

FAILURES = [
    ("error_page", ERROR_500),
    ("error_page", "Service Unavailable"),
    ("error_page", "<html><body>502 Bad Gateway</body></html>"),
    ("error_page", STACK),
    ("error_page", '{"error": {"code": 500, "message": "Internal error, please try again"}}'),
    ("error_page", '{"status": "error", "message": "upstream timeout", "data": null}'),
    ("rate_limit", RATE_HTML),
    ("rate_limit", '{"error": {"code": 429, "message": "Rate limit exceeded. Upgrade your plan for higher limits."}}'),
    ("rate_limit", "Rate limit exceeded - try again later."),
    ("rate_limit", "429 Too Many Requests"),
    ("rate_limit", "Quota exceeded for quota metric 'Queries' and limit 'Queries per day'."),
    ("rate_limit", "Slow down! You are sending requests too quickly."),
    ("rate_limit", '{"message": "API rate limit exceeded for 10.0.0.1."}'),
    ("captcha", CLOUDFLARE),
    ("captcha", "<html><title>Attention Required! | Cloudflare</title><body>Please complete the security check "
                "to access this site.</body></html>"),
    ("captcha", "<html><body><h2>Checking your browser before accessing the site.</h2>"
                "<p>Verify you are human.</p></body></html>"),
    ("captcha", "Access denied: automated bot traffic is not allowed on this site."),
    ("login_wall", LOGIN_PAGE),
    ("login_wall", "<html><head><title>Sign in</title></head><body><h1>Sign in to continue</h1></body></html>"),
    ("login_wall", '{"error": "invalid_token", "status": 401}'),
    ("paywall", "Subscribe to continue reading. Already a subscriber? Log in."),
    ("empty", " \n "),
    ("empty", "{}"),
    ("empty", "[]"),
    ("empty", "null"),
    ("empty", "N/A"),
    ("truncated_json", '{"name": "Acme Robotics", "employees": 120, "address": {"street": "12 Harbor'),
    ("truncated_json", '[{"title": "Acme Robotics", "url": "https://acmerobotics.io"}, {"title": "Acme'),
    ("invalid_json", '{"name": "Acme Robotics" "employees": 120}'),
    ("placeholder", json.dumps({"name": "Example Company", "employees": 0, "phone": "000-000-0000",
                                "address": "123 Main St, Anytown, ST 00000", "ceo": "John Doe"})),
    ("placeholder", json.dumps({"company_name": "Lorem Ipsum Inc.", "headcount": 0,
                                "description": "Lorem ipsum dolor sit amet."})),
    ("placeholder", json.dumps({"status": "ok", "org": {"display_name": "TBD", "domain": "example.com"}})),
    ("placeholder", json.dumps({"name": "N/A", "revenue": "N/A", "employees": "N/A", "ceo": "N/A"})),
    ("placeholder", json.dumps({"name": "string", "domain": "string", "employees": 0})),
    ("placeholder", "Lorem ipsum dolor sit amet, consectetur adipiscing elit."),
    ("truncated", "<html><head><title>Acme Robotics</title></head><body><h1>Acme Robotics</h1><p>Acme Robotics builds"),
]


@pytest.mark.parametrize(("failure", "result"), FAILURES)
@pytest.mark.parametrize("convention", ["oi", "genai"])
def test_silent_failure_under_a_success_status(failure: str, result: str, convention: str) -> None:
    run = make_run(
        [tool(result, http=200, convention=convention), Model('{"name": "Acme Robotics"}', convention=convention)],
        convention=convention,
    )
    [found] = silent(run_check(run))
    step = next(s for s in run.steps if s.kind == "tool")
    assert found.evidence["failure"] == failure, found.message
    assert found.origin_step == step.step_id
    assert found.evidence["steps"] == [step.step_id]
    assert found.field is None
    assert found.severity == "major"
    assert found.check == "steps"
    assert "fetch_page" in found.message
    assert found.evidence["snippet"] == " ".join(result.split())[:120]
    assert len(found.evidence["snippet"]) <= 120


def test_json_error_envelope_without_http_attributes() -> None:
    run = make_run([tool('{"errors": [{"message": "Rate limited"}], "data": null}', name="graphql", args={"q": "acme"})])
    [found] = silent(run_check(run))
    assert found.evidence["failure"] == "rate_limit"


def test_error_page_wrapped_in_a_json_content_field() -> None:
    result = json.dumps({"url": "https://acmerobotics.io", "status": 200, "content": ERROR_500})
    [found] = silent(run_check(make_run([tool(result)])))
    assert found.evidence["failure"] == "error_page"


@pytest.mark.parametrize(
    "reply",
    [
        "I'm sorry, but I can't help with that request.",
        "As an AI language model, I cannot browse the internet to look up Acme Robotics.",
        "I apologize, but I am unable to provide information about this company.",
        "Unfortunately, I don't have access to real-time data about Acme Robotics.",
    ],
)
@pytest.mark.parametrize("convention", ["oi", "genai"])
def test_refusal_from_a_model_step(reply: str, convention: str) -> None:
    run = make_run([tool('{"name": "Acme Robotics", "domain": "acmerobotics.io"}'), Model(reply, convention=convention)],
                   convention=convention)
    [found] = silent(run_check(run))
    assert found.evidence["failure"] == "refusal"
    assert found.origin_step == next(s.step_id for s in run.steps if s.kind == "llm")
    assert "gpt-4.1" in found.message


# --- clean results with scary words: never a finding ------------------------------------------------

ARTICLE = (
    "APIs tighten the screws: why 'rate limit exceeded' is the new normal\n"
    "Developers building on third-party data APIs say they are seeing more 429 Too Many Requests responses than "
    "ever. Several enrichment vendors imposed stricter rate limits this quarter, and one vendor's error rate briefly "
    "spiked after a botched deploy, returning 500 Internal Server Error pages for an hour. 'We tell customers to "
    "slow down and retry after a few seconds,' said the CTO of Acme Robotics, which consumes dozens of APIs. Quota "
    "exceeded messages are the most common support ticket, according to the company. Some sites now put a captcha "
    "in front of their pages to stop scrapers, and a login wall in front of others. Analysts expect the trend to "
    "continue as AI agents multiply the number of automated requests hitting public endpoints every day."
)
CLEAN = [
    ("news article about API rate limits", ARTICLE),
    ("short news snippet", "Analysts noted that several enrichment APIs imposed stricter rate limits this quarter, "
                           "and one vendor's error rate briefly spiked."),
    ("error-correcting codes", "Error-correcting codes are at the heart of Acme Robotics' storage controllers, "
                               "which it has sold since 2011."),
    ("error-correcting codes JSON", json.dumps({"name": "Acme Robotics", "description":
                                                "Acme builds memory with error-correcting codes.", "employees": 120})),
    ("login in a product description",
     "<html><head><title>Acme Login | Single sign-on for teams</title></head><body><nav><a href='/login'>Log in</a>"
     "</nav><h1>Acme Login</h1><p>Acme Login gives every employee one secure login for all their apps. Sign in once, "
     "and access denied errors become a thing of the past. Founded in 2015, the company employs 230 people.</p>"
     "<footer>© 2026 Acme Login Inc. Error reports: support@acmelogin.com</footer></body></html>"),
    ("captcha as a product", "<html><head><title>CaptchaWorks - Bot protection that humans never notice</title></head>"
                             "<body><h1>CaptchaWorks</h1><p>CaptchaWorks sells an invisible captcha that tells humans "
                             "from bots without puzzles. Over 3,000 sites use it to stop credential stuffing.</p>"
                             "</body></html>"),
    ("captcha company JSON", json.dumps({"name": "hCaptcha Labs", "industry": "Bot detection", "product":
                                         "captcha service", "employees": 85})),
    ("error null", json.dumps({"status": "ok", "org": {"display_name": "Acme Robotics", "domain": "acmerobotics.io"},
                               "metrics": {"num_employees": 120}, "error": None})),
    ("search hit titled with a status", json.dumps([{"title": "429 Too Many Requests - HTTP | MDN", "url":
                                                     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/429",
                                                     "snippet": "The HTTP 429 Too Many Requests response status code "
                                                                "indicates the user has sent too many requests."}])),
    ("registry record", "Name: ACME ROBOTICS LTD\nNumber: 08123456\nJurisdiction: GB\nStatus: Active\n"
                        "Registered Office: 12 Harbor Road, Bristol BS1 4QA"),
    ("some values unknown", json.dumps({"name": "Acme Robotics", "revenue": "not disclosed", "employees": "N/A",
                                        "domain": "acmerobotics.io"})),
    ("number at the start", "500 employees work at Acme Robotics' two plants in Ohio, up from 410 last year."),
    ("a company page", "<html><head><title>About us - Acme Robotics</title></head><body><h1>Acme Robotics</h1><p>At "
                       "Acme Robotics, our mission is simple: better warehouse robots with fewer errors and no limits "
                       "on ambition.</p></body></html>"),
    ("a success envelope", json.dumps({"success": True, "data": {"name": "Acme Robotics"}, "errors": []})),
    ("a phone number", json.dumps({"name": "Acme Robotics", "phone": "+1 415 555 0142", "founded": 1970})),
]


@pytest.mark.parametrize(("case", "result"), CLEAN, ids=[c for c, _ in CLEAN])
def test_clean_result_with_scary_words_is_not_a_failure(case: str, result: str) -> None:
    run = make_run([tool(result, http=200), Model('{"name": "Acme Robotics"}')])
    assert run_check(run) == [], case


@pytest.mark.parametrize(
    "reply",
    [
        '{"name": "Acme Robotics", "employees": 120}',
        "Acme Robotics is a robotics company. Sorry to say, its revenue is not disclosed.",
        "1. search the web 2. pick the official site 3. compile the profile; mark anything not found as unknown.",
    ],
)
def test_clean_model_reply_is_not_a_failure(reply: str) -> None:
    assert run_check(make_run([Model(reply)])) == []


def test_loud_failure_is_not_silent() -> None:
    run = make_run([tool(RATE_HTML, http=429), Model('{"name": "Acme Robotics"}')])
    assert silent(run_check(run)) == []


def test_severity_is_minor_when_nothing_came_after_and_the_output_is_empty() -> None:
    run = make_run([tool("Service Unavailable")], output={})
    [found] = silent(run_check(run))
    assert found.severity == "minor"
    assert found.evidence["affects_output"] is False


def test_garbage_values_that_reached_the_output_are_listed() -> None:
    garbage = json.dumps({"name": "Example Company", "ceo": "John Doe", "phone": "000-000-0000"})
    run = make_run([tool(garbage, name="firmographics", args={"domain": "acmerobotics.io"})],
                   output={"name": "Acme Robotics", "ceo": "John Doe", "phone": "000-000-0000"})
    [found] = silent(run_check(run))
    assert found.evidence["fields"] == ["ceo", "phone"]


# --- learned per tool --------------------------------------------------------------------------------


def _api_result(i: int) -> str:
    return json.dumps({"company_name": f"Company {i}", "website": f"https://company{i}.com", "headcount": 10 + i,
                       "annual_revenue_usd": 1_000_000 * i, "sector": "Software"})


def _learn(runs: list[Run]) -> StepsLearned:
    state = StepsLearned()
    for run in runs:
        learn_steps(run, state)
    return state


def _api_run(result: str | None, i: int = 999) -> Run:
    return make_run([tool(result, name="firmographics", args={"domain": f"company{i}.com"}), Model("{}")])


@pytest.fixture(scope="module")
def api_history() -> StepsLearned:
    return _learn([_api_run(_api_result(i), i) for i in range(40)])


def test_learned_shape_flags_a_result_of_another_shape(api_history: StepsLearned) -> None:
    other = json.dumps({"data": {"id": "company999.com", "attributes": {"legalName": "Company 999"}}, "meta": {}})
    [found] = silent(run_check(_api_run(other), api_history))
    assert found.evidence["failure"] == "shape_mismatch"
    assert "unusual keys" in found.message


def test_learned_shape_accepts_the_usual_shape(api_history: StepsLearned) -> None:
    assert run_check(_api_run(_api_result(999)), api_history) == []


def test_learned_shape_flags_a_changed_key_type(api_history: StepsLearned) -> None:
    result = json.dumps({"company_name": {"value": "Company 999"}, "website": "https://company999.com", "headcount": 3})
    [found] = silent(run_check(_api_run(result), api_history))
    assert found.evidence["failure"] == "shape_mismatch"
    assert "company_name" in found.message


def test_learned_shape_flags_text_from_a_json_tool(api_history: StepsLearned) -> None:
    [found] = silent(run_check(_api_run("Company 999 is a software company."), api_history))
    assert found.evidence["failure"] == "shape_mismatch"


def test_learned_shape_is_not_used_without_enough_history() -> None:
    state = _learn([_api_run(_api_result(i), i) for i in range(10)])
    assert run_check(_api_run(json.dumps({"data": {"x": 1}})), state) == []


def test_empty_result_is_a_silent_failure_even_without_history(api_history: StepsLearned) -> None:
    # Ingestion keeps an empty result as "" (a result), so no history is needed to see it.
    [found] = silent(run_check(_api_run(""), api_history))
    assert found.evidence["failure"] == "empty"
    [fresh] = silent(run_check(_api_run(""), StepsLearned()))
    assert fresh.evidence["failure"] == "empty"


def test_hollow_object_from_a_tool_that_usually_has_content(api_history: StepsLearned) -> None:
    [found] = silent(run_check(_api_run(json.dumps({"company_name": None, "headcount": 0})), api_history))
    assert found.evidence["failure"] == "empty"


def test_learned_state_survives_json(api_history: StepsLearned) -> None:
    again = StepsLearned.from_json(orjson.loads(orjson.dumps(api_history.to_json())))
    assert again == api_history
    other = json.dumps({"data": {"id": "x"}, "meta": {}})
    assert silent(run_check(_api_run(other), again))


def _record(i: int) -> str:
    return (f"Name: COMPANY {i} LTD\nNumber: {10_000_000 + i}\nJurisdiction: GB\nStatus: Active\n"
            f"Registered Office: {i} High Street, London")


def _registry_run(result: str, i: int = 999) -> Run:
    return make_run([tool(result, name="registry", args={"q": f"Company {i}"}), Model("{}")])


@pytest.fixture(scope="module")
def registry_history() -> StepsLearned:
    return _learn([_registry_run(_record(i), i) for i in range(120)])


@pytest.mark.parametrize(
    "result",
    ["Name: COMPANY 999 LTD\nNumber: 10000999\nJurisdiction: GB\nStat", "Name: COMPANY 999 LTD\nNumber: 10000999"],
)
def test_truncated_text_record(registry_history: StepsLearned, result: str) -> None:
    [found] = silent(run_check(_registry_run(result), registry_history))
    assert found.evidence["failure"] == "truncated"


def test_complete_record_is_clean(registry_history: StepsLearned) -> None:
    assert run_check(_registry_run(_record(999)), registry_history) == []


def test_truncated_prose_from_a_tool_whose_texts_end_in_full_stops() -> None:
    def news(i: int, text: str) -> Run:
        return make_run([tool(text, name="news", args={"q": f"Company {i}"}), Model("{}")])

    state = _learn([news(i, f"Company {i} raised $5M to expand in Berlin. It employs {i} people.") for i in range(40)])
    [found] = silent(run_check(news(999, "Company 999 raised $5M to expand in Berlin. It empl"), state))
    assert found.evidence["failure"] == "truncated"
    assert run_check(news(999, "Company 999 raised $5M to expand in Berlin."), state) == []


def test_unclosed_html_is_fine_for_a_tool_whose_pages_never_close() -> None:
    def page(i: int) -> Run:
        return make_run([tool(f"<html><body><h1>Company {i}</h1><p>Company {i} makes robots", name="snippet"), Model("{}")])

    state = _learn([page(i) for i in range(40)])
    assert run_check(page(999), state) == []


def test_result_unrelated_to_the_call_arguments() -> None:
    def lookup(domain: str, result_domain: str) -> Run:
        result = json.dumps({"domain": result_domain, "name": result_domain.split(".")[0].title(), "employees": 50})
        return make_run([tool(result, name="domain_lookup", args={"domain": domain}), Model("{}")])

    state = _learn([lookup(f"firm{i}.com", f"firm{i}.com") for i in range(320)])
    [found] = silent(run_check(lookup("acmerobotics.io", "globex.com"), state))
    assert found.evidence["failure"] == "unrelated"
    assert "acmerobotics" in found.message
    assert run_check(lookup("acmerobotics.io", "acmerobotics.io"), state) == []


def test_unrelated_is_not_judged_for_tools_that_do_not_always_echo() -> None:
    def search(i: int, mention: bool) -> Run:
        text = f"Company {i} builds robots." if mention else "Robotics roundup: the sector grew 4% this year."
        return make_run([tool(text + ".", name="news_feed", args={"q": f"Company{i}"}), Model("{}")])

    state = _learn([search(i, i % 10 != 0) for i in range(320)])
    assert run_check(search(999, False), state) == []


# --- never raises --------------------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=25,
)
_RESULTS = st.text(max_size=400) | _JSON | _JSON.map(json.dumps) | _JSON.map(lambda v: json.dumps(v)[:-3])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    results=st.lists(st.tuples(st.sampled_from(["tool", "retriever", "llm"]), _RESULTS, st.sampled_from([None, 200, 429, 503]),
                               st.integers(1, 3), _JSON), min_size=1, max_size=6),
    output=_JSON,
)
def test_check_never_raises(results: list[tuple[str, object, int | None, int, object]], output: object) -> None:
    run_steps = [
        Step(step_id=f"{i:016x}", name=f"t{i % 2}", kind=kind, result=result, http_status=http, attempt=attempt,  # type: ignore[arg-type]
             args=args, order=i, model="m" if kind == "llm" else None)
        for i, (kind, result, http, attempt, args) in enumerate(results)
    ]
    run = Run(run_id="r", steps=run_steps, output=output)
    state = StepsLearned()
    for _ in range(35):
        learn_steps(run, state)
    for found in call(steps.check, run, Context()) + run_check(run, state):
        assert found.kind in ("silent_step_failure", "retry_masked")
        assert found.severity in ("major", "minor")
    assert isinstance(steps.step_stats([run], cohort=lambda r: "all", learned=state)["runs"], int)


def test_llm_and_agent_steps_without_results_are_ignored() -> None:
    run = Run(run_id="r", steps=[Step(step_id="a" * 16, name="agent", kind="agent"), Step(step_id="b" * 16, name="m", kind="llm")])
    assert call(steps.check, run, Context()) == []


def test_check_is_stateless_without_learned_state() -> None:
    run = make_run([tool("Service Unavailable"), tool('{"name": "Acme"}', name="api", args={"d": "acme.io"})])
    assert call(steps.check, run, Context()) == call(steps.check, run, Context())
    assert [f.evidence["failure"] for f in call(steps.check, run, Context())] == ["error_page"]


def test_tool_convention_mix_in_one_run() -> None:
    run = make_run([Tool("search", {"query": "Acme Robotics"}, "[]", convention="genai"),
                    Tool("fetch", {"url": "https://acmerobotics.io"}, RATE_HTML, convention="oi")])
    assert sorted(f.evidence["failure"] for f in silent(run_check(run))) == ["empty", "rate_limit"]
