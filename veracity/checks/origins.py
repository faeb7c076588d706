"""One origin per run's failure: findings that share a cause are pointed at the step where it began.

Checks look at a run one question at a time. Grounding sees a value no source states and names the
model step that first wrote it; the steps check sees a tool that answered 200 with garbage (an error
page, a rate-limit notice, a login wall), or a retry that accepted such an answer. Together they are
one failure that began at the garbage: the tool result that should have stated the value and did not,
after which the model filled the gap. So an unsupported value (no source states it) in a run whose
output a garbage tool result affected is re-pointed at that garbage step: the accepted attempt of a
masked retry, else the earliest silent failure. A silent failure that names the fields it could
have supplied re-points only those fields.

>>> from veracity.model import Finding
>>> junk = Finding("steps", "silent_step_failure", "major", "m", origin_step="aa", evidence={"affects_output": True})
>>> guess = Finding("grounding", "unsupported_value", "critical", "m", field="phone", origin_step="bb")
>>> [f.origin_step for f in align([junk, guess])]
['aa', 'aa']
"""

from __future__ import annotations

import msgspec

from veracity.model import Finding, Run

SERIOUS = ("critical", "major")
# A value no source states, or one other sources contradict: in a run whose tool gave garbage where
# the value should have come from, the model filled the gap, so the failure began at the garbage.
REPOINTED = ("unsupported_value", "contradicted_value")


def _garbage(findings: list[Finding]) -> list[tuple[str, set[str] | None]]:
    """(garbage step, the fields it could have supplied or None for any) per serious steps finding."""
    out: list[tuple[str, set[str] | None]] = []
    for f in findings:
        if f.severity not in SERIOUS:
            continue
        ev = f.evidence or {}
        if f.kind == "retry_masked" and isinstance(ev.get("accepted"), str):
            step = ev["accepted"]
        elif f.kind == "silent_step_failure" and ev.get("affects_output", True) and f.origin_step:
            step = f.origin_step
        else:
            continue
        fields = ev.get("fields")
        out.append((step, {str(x) for x in fields} if isinstance(fields, list) and fields else None))
    return out


def align(findings: list[Finding], run: Run | None = None) -> list[Finding]:
    """The findings with unsupported values' origins moved to the garbage step that left them unstated."""
    garbage = _garbage(findings)
    if not garbage:
        return findings
    if run is not None:
        order = {s.step_id: s.order for s in run.steps}
        garbage.sort(key=lambda g: order.get(g[0], 1 << 30))
    out = []
    for f in findings:
        if f.kind in REPOINTED and f.field and not (f.kind == "unsupported_value" and (f.evidence or {}).get("sources")):
            step = next((s for s, fields in garbage if fields is None or _covers(fields, f.field)), None)
            if step is not None and step != f.origin_step:
                f = msgspec.structs.replace(f, origin_step=step)
        out.append(f)
    return out


def _covers(fields: set[str], path: str) -> bool:
    return any(path == x or path.startswith(x + ".") or x.startswith(path + ".") for x in fields)
