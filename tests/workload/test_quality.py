"""The scoring of bench/quality.py on hand-made predictions."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quality", ROOT / "bench" / "quality.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


q = _load()


def _t(run_id: str, failure: str, wrong: list[str] | None = None, origin: str | None = None,
       quotes: list[dict[str, Any]] | None = None, text: str = "", dup: list[str] | None = None) -> dict[str, Any]:
    return {"run_id": run_id, "failure": failure, "wrong_fields": wrong or [], "wrong_quotes": quotes or [],
            "origin_step": origin, "texts": {"description": text}, "duplicate_of": dup or []}


def _f(kind: str, field: str | None, severity: str = "critical", origin: str | None = None,
       quote: str | None = None) -> dict[str, Any]:
    return {"check": "x", "kind": kind, "severity": severity, "field": field, "message": "",
            "origin_step": origin, "evidence": {"quote": quote} if quote else {}}


TEXT = "Acme Robotics was founded in 2009 and employs 230 people."
TRUTH = [
    _t("a", "blend", ["revenue", "employee_count"], origin="s1"),
    _t("b", "blend", ["revenue"], origin="s2"),
    _t("c", "clean"),
    _t("d", "clean"),
    _t("e", "text_error", ["description"], origin="s3",
       quotes=[{"field": "description", "start": 29, "end": 33, "quote": "2009"}], text=TEXT),
    _t("f", "pair_benign"),
    _t("g", "retry_ok", origin="s4"),
    _t("h", "duplicate", ["address"], origin="s5", dup=["c"]),
]
PREDS = {
    "a": {"run_id": "a", "findings": [_f("blended_entity", "revenue", origin="s1"), _f("wrong_entity_field", "ceo")]},
    "b": {"run_id": "b", "findings": [_f("unsupported_value", "revenue.amount", severity="minor")]},
    "c": {"run_id": "c", "findings": [_f("duplicate_record", "address")]},
    "d": {"run_id": "d", "findings": [_f("declared_missing", "revenue", severity="info")]},
    "e": {"run_id": "e", "findings": [_f("unsupported_value", "description", severity="major", quote="in 2009")]},
    "f": {"run_id": "f", "findings": [_f("divergent_field", "revenue", severity="major")]},
    "g": {"run_id": "g", "findings": [_f("retry_masked", None, severity="minor", origin="s4")]},
}


def test_field_matching_and_counts() -> None:
    assert q.field_match("revenue", "revenue.amount") and q.field_match("executives.0.name", "executives.0")
    assert not q.field_match("revenue", "revenue_usd")
    assert q.field_counts({"revenue", "ceo"}, {"revenue", "employee_count"}) == (1, 1, 1)


def test_quote_overlap() -> None:
    assert q.quote_hits("2009", TEXT, 29, 33)
    assert q.quote_hits("in 2009", TEXT, 29, 33)
    assert not q.quote_hits("230", TEXT, 29, 33)
    assert not q.quote_hits(TEXT, TEXT, 29, 33)  # far longer than the error


def test_score_on_hand_made_predictions() -> None:
    r = q.score(TRUTH, PREDS)
    blend = r["modes"]["blend"]
    assert blend["runs"] == 2 and blend["wrong_runs"] == 2
    assert blend["run_recall"] == 0.5  # b only has a minor finding
    # precision counts every non-info finding (b's minor one on revenue.amount too); recall only serious ones
    assert blend["field_precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert blend["field_recall"] == pytest.approx(1 / 3, abs=1e-3)
    assert blend["expected_kind_rate"] == 0.5
    assert blend["origin_accuracy"] == 0.5
    assert r["modes"]["text_error"]["expected_kind_rate"] == 1.0
    assert r["modes"]["text_error"]["run_recall"] == 1.0
    assert r["modes"]["retry_ok"]["expected_kind_rate"] == 1.0 and r["modes"]["retry_ok"]["run_recall"] is None
    assert r["modes"]["duplicate"]["missing_predictions"] == 1 and r["modes"]["duplicate"]["run_recall"] == 0.0
    # c is the original of a duplicate and stays a clean run: its critical finding is a false alarm
    assert r["false_alarm_clean"] == 0.5 and r["clean_any_finding"] == 0.5
    assert r["false_alarm_benign_pairs"] == 1.0 and r["divergent_on_benign_pairs"] == 1.0
    assert r["risk_auc"] == 0.5  # no risk given: every run ties
    assert "blend" in q.render(r)


def test_a_run_is_caught_only_on_a_wrong_field_or_quote() -> None:
    t = _t("x", "blend", ["revenue", "description"], quotes=[{"field": "description", "start": 29, "end": 33,
                                                             "quote": "2009"}], text=TEXT)
    assert not q.caught(t, [_f("unsupported_value", "phone")])  # serious, but on a right field
    assert not q.caught(t, [_f("unsupported_value", None)])
    assert not q.caught(t, [_f("unsupported_value", "description")])  # a prose field counts by its spans only
    assert not q.caught(t, [_f("unsupported_value", "description", quote="230")])  # a right span
    assert q.caught(t, [_f("unsupported_value", "description", quote="2009")])
    assert q.caught(t, [_f("contradicted_value", "revenue.amount")])


def test_origin_is_the_most_severe_findings() -> None:
    findings = [_f("retry_masked", None, severity="minor", origin="s1"), _f("blended_entity", None, origin="s2"),
                _f("unsupported_value", "ceo", origin="s3"), _f("x", None, severity="major", origin="s4")]
    assert q.top_origin(findings) == "s2"
    assert q.top_origin([_f("x", None)]) is None
    r = q.score([_t("a", "blend", ["ceo"], origin="s3")], {"a": {"findings": findings}})
    assert r["origin_accuracy"] == 0.0  # s3 is right, but the most severe finding points at s2


def test_auc_counts_ties_half() -> None:
    assert q.auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert q.auc([0.1], [0.9]) == 0.0
    assert q.auc([0.5, 0.9], [0.5]) == 0.75
    assert q.auc([], [0.3]) is None


def test_error_status_baseline_reads_otlp_json() -> None:
    def span(sid: str, start: int, status: int | None, err: bool = False) -> dict[str, Any]:
        attrs = [{"key": "http.response.status_code", "value": {"intValue": str(status)}}] if status else []
        return {"traceId": "t1", "spanId": sid, "startTimeUnixNano": str(start), "attributes": attrs,
                "status": {"code": "STATUS_CODE_ERROR"} if err else {}}

    line = json.dumps({"resourceSpans": [{"scopeSpans": [{"spans": [span("c", 30, 503), span("a", 10, 200),
                                                                    span("b", 20, None, err=True)]}]}]})
    assert q.error_spans([line]) == {"t1": "b"}
    truth = [_t("t1", "retry_ok", origin="b"), _t("t2", "blend", ["ceo"], origin="z"), _t("t3", "clean")]
    base = q.baselines(truth, {"t1": "b"})
    status = base["flag runs with a tool error status"]
    assert status["run_recall"] == 0.0 and status["false_alarm_clean"] == 0.0 and status["origin_accuracy"] == 0.5
    assert base["flag every run"]["run_recall"] == 1.0 and base["flag every run"]["risk_auc"] == 0.5
    # every field flagged: ceo is the one wrong field among four (ceo and three runs' descriptions)
    assert base["flag every run"]["field_recall"] == 1.0 and base["flag every run"]["field_precision"] == 0.25


def test_no_predictions_score_zero_not_crash() -> None:
    r = q.score(TRUTH, {})
    assert r["run_recall"] == 0.0 and r["false_alarm_clean"] == 0.0 and r["predicted_runs"] == 0


def test_cli_scores_a_predictions_file(tmp_path: Path) -> None:
    world = tmp_path / "w"
    world.mkdir()
    (world / "truth.jsonl").write_text("".join(json.dumps(t) + "\n" for t in TRUTH))
    preds = tmp_path / "p.jsonl"
    preds.write_text("".join(json.dumps(p) + "\n" for p in PREDS.values()))
    p = subprocess.run([sys.executable, str(ROOT / "bench" / "quality.py"), "--world", str(world), "--predictions",
                        str(preds), "--json"], capture_output=True, text=True, check=True)
    assert json.loads(p.stdout)["modes"]["blend"]["run_recall"] == 0.5


def test_both_worlds_side_by_side() -> None:
    a = q.score(TRUTH, PREDS)
    b = q.score(TRUTH, {})
    text = q.render_both({"a": a, "b": b})
    assert "world a" in text and "world b" in text and "b - a" in text
    assert "-1.000" in text  # benign pairs flagged: 1.0 with the hand-made predictions, 0.0 with none
