"""The run model shared by every part of veracity. Imports nothing else from veracity."""

from veracity.model.codec import (
    label_from_dict,
    label_from_json,
    run_from_json,
    run_to_json,
    runs_to_jsonl,
    to_builtins,
)
from veracity.model.types import (
    SEVERITY_RANK,
    Finding,
    Label,
    Run,
    Severity,
    Source,
    Step,
    StepKind,
    Verdict,
    VerdictName,
)

__all__ = [
    "SEVERITY_RANK",
    "Finding",
    "Label",
    "Run",
    "Severity",
    "Source",
    "Step",
    "StepKind",
    "Verdict",
    "VerdictName",
    "label_from_dict",
    "label_from_json",
    "run_from_json",
    "run_to_json",
    "runs_to_jsonl",
    "to_builtins",
]
