"""A run's findings as the numbers the risk model reads: counts per kind and severity, fields, the worst severity.

Only what every check reports is used (kind, severity, field), so the features mean the same on any
world: a count of critical `wrong_entity_field` findings is one, whoever wrote the traces. Counts go in
as log(1 + n): the second finding of a kind adds less than the first. `declared_missing` (honest
unknowns, severity info) is no evidence of a wrong run and is left out.

>>> names()[:3]
['unsupported_value.critical', 'unsupported_value.major', 'unsupported_value.minor']
>>> vector([("unsupported_value", "major", "revenue")])[1]
0.6931471805599453
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from veracity.model import Finding

KINDS = ("unsupported_value", "contradicted_value", "wrong_entity_field", "blended_entity", "silent_step_failure",
         "retry_masked", "divergent_field", "duplicate_record", "schema_violation", "missing_evidence")
SEVERITIES = ("critical", "major", "minor")
RANK = {"info": 0, "minor": 1, "major": 2, "critical": 3}

# (kind, severity, field or None): what the model reads of one finding.
Item = tuple[str, str, str | None]


def names() -> list[str]:
    """The feature names, in the order `vector` gives them (a shipped model names its weights by these)."""
    return ([f"{k}.{s}" for k in KINDS for s in SEVERITIES]
            + ["serious_fields", "worst.critical", "worst.major", "worst.minor"])


def vector(items: Iterable[Item]) -> list[float]:
    """The features of one run's findings (unknown kinds count only towards the fields and the worst severity)."""
    counts: dict[tuple[str, str], int] = {}
    fields: set[str] = set()
    worst = 0
    for kind, severity, field in items:
        if kind == "declared_missing" or severity == "info":
            continue
        counts[kind, severity] = counts.get((kind, severity), 0) + 1
        worst = max(worst, RANK.get(severity, 0))
        if field and RANK.get(severity, 0) >= 2:
            fields.add(field)
    out = [math.log1p(counts.get((k, s), 0)) for k in KINDS for s in SEVERITIES]
    out.append(math.log1p(len(fields)))
    out += [float(worst == 3), float(worst == 2), float(worst == 1)]
    return out


def items_of_json(findings: Iterable[dict[str, object]]) -> list[Item]:
    """The items of findings as `veracity check --json` prints them (for benches and refits from lines)."""
    return [(str(f.get("kind")), str(f.get("severity")), str(f["field"]) if f.get("field") else None)
            for f in findings]


def items_of_findings(findings: Iterable[Finding]) -> list[Item]:
    """The items of the pipeline's findings."""
    return [(f.kind, f.severity, f.field) for f in findings]
