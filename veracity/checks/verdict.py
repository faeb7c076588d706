"""From findings to a run's verdict and risk, by the precedence in DESIGN.md.

The risk is a probability that the run is materially wrong, from a logistic model over its findings'
kinds, severities and fields (`risk_features`). The model ships in the package (`risk_model.json`),
fitted on one reference world and measured on the others (`bench/risk.py` fits it and prints AUC and
reliability tables cross-world); labelled runs in a store recalibrate it (`veracity review calibrate`).
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from veracity.checks.origins import align
from veracity.checks.risk_features import items_of_findings, names, vector
from veracity.model import Finding, Run, Verdict, VerdictName
from veracity.stats.logistic import RiskModel

MODEL_FILE = "risk_model.json"


def verdict_name(findings: list[Finding]) -> VerdictName:
    severities = {f.severity for f in findings}
    if "critical" in severities:
        return "failed"
    if "major" in severities:
        return "suspect"
    if any(f.kind == "missing_evidence" for f in findings):
        return "unverifiable"
    return "verified"


@functools.cache
def shipped_model() -> RiskModel:
    """The risk model shipped with veracity; its feature names must be today's `risk_features.names()`."""
    text = resources.files("veracity.checks").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    model = RiskModel.from_json(json.loads(text))
    if model.names != names():
        raise ValueError(f"veracity/checks/{MODEL_FILE}: its features {model.names} are not today's {names()}; "
                         "refit it with bench/risk.py --write")
    return model


def risk(findings: list[Finding], model: RiskModel | None = None) -> float:
    """P(the run is materially wrong | its findings), by the shipped model unless another is given."""
    m = model or shipped_model()
    return round(float(m.predict([vector(items_of_findings(findings))])[0]), 4)


def judge(run: Run, findings: list[Finding], checker_version: str) -> Verdict:
    findings = align(findings, run)
    return Verdict(
        run_id=run.run_id,
        verdict=verdict_name(findings),
        risk=risk(findings),
        findings=findings,
        checker_version=checker_version,
    )
