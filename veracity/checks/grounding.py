"""Grounding: every output value must be supported by a source the run saw.

`unsupported_value` — no source states it (a guess shipped as a fact);
`contradicted_value` — a source about the input's entity states another value of that attribute;
`declared_missing` — the output honestly says unknown (info: the honest-unknown rate is a metric).
Free text is grounded claim by claim; the finding quotes the exact wrong substring.
"""

from __future__ import annotations

from typing import Any

from veracity.checks.context import Context
from veracity.checks.coverage import explains_unsupported
from veracity.evidence import Evidence, Grounding, Value
from veracity.model import Finding, Run, Severity
from veracity.values import ValueType

NAME = "grounding"

# (contradicted, unsupported) severity by type: a wrong revenue is critical, a loose category is not.
SEVERITY: dict[ValueType, tuple[Severity, Severity]] = {
    ValueType.MONEY: ("critical", "critical"),
    ValueType.COUNT: ("critical", "critical"),
    ValueType.PERCENTAGE: ("critical", "major"),
    ValueType.YEAR: ("major", "major"),
    ValueType.DATE: ("major", "major"),
    ValueType.DOMAIN: ("critical", "major"),
    ValueType.URL: ("major", "minor"),
    ValueType.EMAIL: ("critical", "major"),
    ValueType.PHONE: ("major", "major"),
    ValueType.IDENTIFIER: ("critical", "major"),
    ValueType.ORG_NAME: ("critical", "major"),
    ValueType.PERSON_NAME: ("critical", "major"),
    ValueType.ADDRESS: ("major", "major"),
    ValueType.CATEGORY: ("minor", "minor"),
}
# Inside free text a claim is one sentence among many: it never fails a run on its own
# (a coding agent's "changed line 42" is a claim to check, not a critical failure).
_LOWER: dict[Severity, Severity] = {"critical": "major", "major": "major", "minor": "minor", "info": "info"}
# The field's role, when the config gives no materiality: identity fields say *who* the record is.
_IDENTITY_WORDS = frozenset({"name", "domain", "website", "homepage", "url", "registration", "registry", "vat",
                             "lei", "duns", "ein", "siren", "siret", "crn", "company_number", "email"})


def field_role(path: str, value: Value) -> str:
    """'identity' (name, domain, registry id), 'text' (a claim inside free text) or 'descriptive'."""
    if value.quote is not None:
        return "text"
    leaf = path.rsplit(".", 1)[-1].lower()
    if leaf in _IDENTITY_WORDS or any(w in leaf.split("_") for w in _IDENTITY_WORDS):
        return "identity"
    return "descriptive"


def _severity(value: Value, contradicted: bool, context: Context) -> Severity:
    """The config's materiality for the field, else the value's type weighed by the field's role."""
    setting = context.config.fields.get(value.path)
    if setting and setting.materiality:
        return setting.materiality  # type: ignore[return-value]
    pair: tuple[Severity, Severity] = ("major", "minor") if value.country else SEVERITY.get(value.vtype, ("minor", "minor"))
    if value.claim == "job_title":
        pair = ("major", "major")  # a title the prose gives a person: as material as their name
    elif value.vtype is ValueType.URL and len(str(getattr(value.normal, "path", "") or "").strip("/")) > 1:
        pair = ("major", "major")  # a profile's address (linkedin.com/in/<slug>): its path is an identifier
    severity: Severity = pair[0] if contradicted else pair[1]
    role = field_role(value.path, value)
    if role == "text":
        severity = _LOWER[severity]
    elif role == "identity" and severity == "major" and contradicted:
        severity = "critical"  # another company's name or domain: the record is about someone else
    return severity


def _shown(raw: Any) -> str:
    text = str(raw)
    return text if len(text) <= 60 else text[:57] + "…"


def _evidence(value: Value, grounding: Grounding, hits: list[Any]) -> dict[str, Any]:
    evidence: dict[str, Any] = {
        "value": value.raw if not isinstance(value.raw, str) else _shown(value.raw),
        "type": value.type_name,
        "sources": [h.source_id for h in hits],
        "steps": sorted({h.step_id for h in hits if h.step_id}),
    }
    if hits:
        source = grounding.sources.get(hits[0].source_id)
        if source is not None:
            evidence["snippet"] = hits[0].snippet(source)
            evidence["stated"] = hits[0].raw
    if value.quote is not None:
        evidence["quote"] = value.quote[2]
        evidence["start"], evidence["end"] = value.quote[0], value.quote[1]
    return evidence


def _origin(evidence: Evidence, value: Value) -> str | None:
    writer = evidence.lineage.first_writer(value.normal, value.raw)
    return writer.step_id if writer else None


def _finding(run: Run, value: Value, evidence: Evidence, context: Context) -> Finding | None:
    grounding = evidence.grounding
    where = f"{value.path} {_shown(value.raw)!r}" if value.quote is None else f"{value.path}: {_shown(value.raw)!r}"
    if value.status == "missing":
        return Finding(check=NAME, kind="declared_missing", severity="info", run_id=run.run_id, field=value.path,
                       message=f"{value.path} is declared unknown ({_shown(value.raw)!r})",
                       evidence={"value": value.raw, "type": value.vtype.value})
    if value.status == "contradicted":
        hits = [h for h, _ in value.contradictions]
        stated = ", ".join(sorted({repr(h.raw) for h in hits})[:3])
        return Finding(check=NAME, kind="contradicted_value", severity=_severity(value, True, context),
                       run_id=run.run_id, field=value.path, origin_step=_origin(evidence, value),
                       message=f"{where} contradicts its sources, which state {stated}",
                       evidence=_evidence(value, grounding, hits))
    if value.status == "unsupported":
        return Finding(check=NAME, kind="unsupported_value", severity=_severity(value, False, context),
                       run_id=run.run_id, field=value.path, origin_step=_origin(evidence, value),
                       message=f"{where} is stated by none of the {len(grounding.sources)} sources the run saw",
                       evidence=_evidence(value, grounding, []))
    return None


def check(run: Run, evidence: Evidence, context: Context) -> list[Finding]:
    """Output values that no source the run saw supports, or that a source contradicts."""
    if not evidence.has_sources:
        return []  # nothing to ground against: the coverage check reports missing evidence
    # Where the trace did not record what a value could have come from, coverage says so instead.
    excused = explains_unsupported(run, evidence)
    findings = []
    for value in evidence.grounding.values:
        if excused and value.status == "unsupported":
            continue
        finding = _finding(run, value, evidence, context)
        if finding is not None:
            findings.append(finding)
    return findings
