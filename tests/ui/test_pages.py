"""Every page loads with no console error, filters live in the URL, fields show their quotes, the review
keys write labels, the JSON twins say what the pages show, and a 10,000-step run opens."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx

from tests.ui.conftest import LONG_RUN, Page, get_json


def _some(base: str, **filters: str) -> list[dict[str, Any]]:
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    return [r for r in get_json(base, f"/runs.json?{query}")["runs"] if r["run_id"] != LONG_RUN]


def _paths(base: str) -> dict[str, str]:
    runs = _some(base)
    paired = next(r for r in get_json(base, "/runs.json?verdict=verified")["runs"] + runs if r["pair_key"])
    return {"overview": "/", "runs": "/runs", "run": f"/runs/{runs[0]['run_id']}", "pair": f"/pairs/{paired['pair_key']}",
            "review": "/review", "alerts": "/alerts", "coverage": "/coverage", "long-run": f"/runs/{LONG_RUN}"}


def test_every_page_loads_without_console_errors_and_its_json_twin_parses(tab: Page) -> None:
    for name, path in _paths(tab.base).items():
        response = tab.open(path)
        assert response.status == 200, path
        assert tab.page.locator("h1").count() == 1, path
        tab.shot(name)
        assert tab.errors == [], (path, tab.errors)
        twin = get_json(tab.base, "/.json" if path == "/" else path + ".json")
        assert isinstance(twin, dict) and twin, path
        if name in ("runs", "run", "pair"):  # the same answer for `Accept: application/json`
            assert httpx.get(tab.base + path, headers={"Accept": "application/json"}, timeout=60).json() == twin


def test_the_overview_shows_what_its_twin_says(tab: Page) -> None:
    data = get_json(tab.base, "/.json")
    tab.open("/")
    assert tab.page.get_by_test_id("reported").inner_text() == f"{100 * data['reported_success_rate']:.1f}%"
    assert tab.page.get_by_test_id("truth").inner_text() == f"{100 * data['truth_rate']:.1f}%"
    assert data["labels"] > 0 and data["low"] <= data["truth_rate"] <= data["high"]
    assert tab.page.locator("#chart canvas").count() == 1  # uPlot drew the per-day chart
    for kind, n in data["findings_by_kind"].items():
        assert tab.page.locator(f"a[href='/runs?kind={kind}']").first.inner_text() == kind
        assert n > 0


def test_filters_round_trip_through_the_url_and_a_click_filters_on_a_value(tab: Page) -> None:
    tab.open("/runs")
    tab.page.get_by_label("Verdict").select_option("failed")
    tab.page.wait_for_url("**/runs?*verdict=failed*")
    tab.page.wait_for_load_state("networkidle")
    twin = get_json(tab.base, "/runs.json?verdict=failed")
    assert tab.page.get_by_test_id("total").inner_text().startswith(f"{twin['total']} runs")
    shown = tab.page.locator("table.runs tbody tr").evaluate_all("rows => rows.map(r => r.dataset.run)")
    assert shown == [r["run_id"] for r in twin["runs"]]
    agent = twin["runs"][0]["agent"]
    tab.page.locator("table.runs tbody tr").first.locator("a.val", has_text=agent).first.click()
    tab.page.wait_for_url(f"**agent={agent}**")
    query = parse_qs(urlparse(tab.page.url).query)
    assert query["verdict"] == ["failed"] and query["agent"] == [agent]
    tab.page.reload()
    assert tab.page.get_by_label("Verdict").input_value() == "failed"
    assert tab.page.get_by_label("Agent").input_value() == agent
    both = get_json(tab.base, f"/runs.json?verdict=failed&agent={agent}")
    assert tab.page.get_by_test_id("total").inner_text().startswith(f"{both['total']} runs")
    assert all(r["agent"] == agent and r["verdict"] == "failed" for r in both["runs"])
    tab.page.get_by_label("Save this view as").fill("failed " + agent)
    tab.page.get_by_role("button", name="Save view").click()
    tab.page.get_by_text("Saved “failed").wait_for()
    views = get_json(tab.base, "/runs.json")["views"]
    assert {"name": "failed " + agent, "query": f"verdict=failed&agent={agent}"} in views
    assert tab.errors == []


def test_full_text_search_finds_a_word_of_a_source(tab: Page) -> None:
    run = _some(tab.base)[0]
    detail = get_json(tab.base, f"/runs/{run['run_id']}.json")
    word = next(e["quote"] for f in detail["fields"] for e in f["evidence"] if len(e["quote"]) > 4)
    tab.open(f"/runs?q={word.upper()}")
    found = get_json(tab.base, f"/runs.json?q={word.upper()}")
    assert found["total"] >= 1
    assert tab.page.get_by_test_id("total").inner_text().startswith(f"{found['total']} runs")


def test_a_click_on_a_field_shows_its_source_quote(tab: Page) -> None:
    run = next(r for r in _some(tab.base, verdict="verified"))
    detail = get_json(tab.base, f"/runs/{run['run_id']}.json")
    field = next(f for f in detail["fields"] if f["evidence"])
    tab.open(f"/runs/{run['run_id']}")
    item = tab.page.locator(f".field[data-path='{field['path']}']")
    assert item.locator("mark").first.is_hidden()
    item.locator("summary").click()
    assert item.locator("mark").first.is_visible()
    assert item.locator("mark").first.inner_text() == field["evidence"][0]["quote"]
    assert item.locator(".mark").first.inner_text() == field["status"]
    assert tab.errors == []


def test_review_keys_write_labels_that_enter_the_truth_rate(tab: Page) -> None:
    tab.open("/review")
    if tab.page.locator("#draw-button").count():
        tab.page.get_by_label("Reviews a week").fill("40")
        tab.page.get_by_role("button", name="Draw the queue").click()
        tab.page.wait_for_selector("#under-review")
        tab.shot("review-queue")
    before = get_json(tab.base, "/review.json")
    first = before["current"]
    tab.page.keyboard.press("j")  # j moves to the next run of the queue, k back
    tab.page.wait_for_url("**/review?run=*")
    assert tab.page.locator("#under-review").get_attribute("data-run") == before["queue"][1]["run_id"]
    tab.page.keyboard.press("k")
    tab.page.wait_for_url(f"**/review?run={first}")
    tab.page.keyboard.press("1")
    assert tab.page.locator("input.wrong").first.is_checked()
    marked = tab.page.locator("input.wrong").first.get_attribute("value")
    tab.page.keyboard.press("n")  # the label is stored, then the page moves on to the next run
    tab.page.wait_for_url(f"**/review?run={before['queue'][1]['run_id']}")
    after = get_json(tab.base, "/review.json")
    assert after["status"]["labelled"] == before["status"]["labelled"] + 1
    assert first not in [q["run_id"] for q in after["queue"]]
    assert after["error_rate"]["labels"] == before["error_rate"]["labels"] + 1
    assert tab.page.locator("#under-review").get_attribute("data-run") == after["current"]
    tab.page.keyboard.press("y")
    tab.page.wait_for_url(lambda url: f"run={after['current']}" not in url)
    final = get_json(tab.base, "/review.json")
    assert final["status"]["labelled"] == before["status"]["labelled"] + 2
    assert marked
    assert tab.errors == []


def test_review_posts_must_be_json(tab: Page) -> None:
    response = httpx.post(tab.base + "/review/labels", content=b"run_id=x&correct=true",
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 415
    response = httpx.post(tab.base + "/review/labels", json={"run_id": "no-such-run", "correct": True})
    assert response.status_code == 400 and "no-such-run" in response.json()["detail"]


def test_a_pair_shows_both_runs_with_each_fields_threshold(tab: Page) -> None:
    key = next(r["pair_key"] for r in _some(tab.base) if r["pair_key"])
    data = get_json(tab.base, f"/pairs/{key}.json")
    tab.open(f"/pairs/{key}")
    assert tab.page.locator("table.pair tbody tr").count() == len(data["fields"])
    assert tab.page.locator("table.pair tbody tr.divergent").count() == sum(f["divergent"] for f in data["fields"])
    assert all(f["threshold"] is not None for f in data["fields"])
    assert tab.errors == []


def test_a_run_of_10000_steps_opens_with_a_virtual_tree_and_lazy_bodies(tab: Page) -> None:
    tab.open(f"/runs/{LONG_RUN}")
    tab.page.wait_for_selector("body[data-ready='1']")
    rows = tab.page.locator("#tree .row")
    assert 0 < rows.count() < 200  # only the rows in view exist
    outline = get_json(tab.base, f"/runs/{LONG_RUN}.json")["steps"]
    assert len(outline) == 10_000
    rows.nth(2).click()
    tab.page.wait_for_selector("#step-body article.step")
    assert tab.page.locator("#step-body article.step").get_attribute("data-step") == outline[2]["step_id"]
    tab.page.wait_for_selector("#fields li.field")  # the fields of a long run arrive after the page
    tab.page.get_by_label("Search within the run").fill("filings_lookup")
    tab.page.get_by_text("steps and").wait_for()
    found = get_json(tab.base, f"/runs/{LONG_RUN}/search.json?q=filings_lookup")
    assert tab.page.locator("#search-status").inner_text().startswith(f"{len(found['steps'])} steps")
    assert found["steps"] == [s["step_id"] for s in outline if s["name"] == "filings_lookup"]  # one a round
    assert len(found["steps"]) == 100
    assert tab.errors == []
