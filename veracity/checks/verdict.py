"""From findings to a run's verdict and risk, by the precedence in DESIGN.md."""

from __future__ import annotations

from veracity.model import Finding, Run, Verdict, VerdictName

# How much one finding of a severity raises the chance that the run is materially wrong.
SEVERITY_WEIGHT = {"critical": 0.85, "major": 0.5, "minor": 0.08, "info": 0.0}
MISSING_EVIDENCE_WEIGHT = 0.25
BASE_RISK = 0.02


def verdict_name(findings: list[Finding]) -> VerdictName:
    severities = {f.severity for f in findings}
    if "critical" in severities:
        return "failed"
    if "major" in severities:
        return "suspect"
    if any(f.kind == "missing_evidence" for f in findings):
        return "unverifiable"
    return "verified"


def risk(findings: list[Finding]) -> float:
    """A noisy-or of the findings: 1 - Π(1 - w). Uncalibrated until labels exist."""
    keep = 1.0 - BASE_RISK
    for f in findings:
        weight = MISSING_EVIDENCE_WEIGHT if f.kind == "missing_evidence" else SEVERITY_WEIGHT[f.severity]
        keep *= 1.0 - weight
    return round(1.0 - keep, 4)


def judge(run: Run, findings: list[Finding], checker_version: str) -> Verdict:
    return Verdict(
        run_id=run.run_id,
        verdict=verdict_name(findings),
        risk=risk(findings),
        findings=findings,
        checker_version=checker_version,
    )
