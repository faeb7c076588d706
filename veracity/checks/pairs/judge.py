"""How the pairs check judges a pair: divergences, thresholds, severity, findings (see `veracity.checks.pairs`)."""

from __future__ import annotations

from typing import Any

from veracity.checks.context import Context, EvidenceSet
from veracity.checks.pairs.fields import ABSENT, FieldDiff, compare_outputs
from veracity.checks.pairs.steps import Divergence, first_divergence, producer
from veracity.evidence import Evidence
from veracity.model import Finding, Run, Severity
from veracity.stats.calibration import DEFAULT_ALPHA, Calibration, Threshold
from veracity.values import ValueType, normalize

NAME = "pairs"

# Distances at or below these are non-determinism until calibration says otherwise. Values the
# type calls the same fact ("$12.5M" and "12,500,000 USD") never diverge whatever the threshold.
DEFAULT_THRESHOLDS: dict[ValueType, float] = {
    ValueType.MONEY: 0.05,
    ValueType.COUNT: 0.05,
    ValueType.PERCENTAGE: 0.05,
    ValueType.YEAR: 0.0,
    ValueType.DATE: 0.0,
    ValueType.DOMAIN: 0.0,
    ValueType.URL: 0.0,
    ValueType.EMAIL: 0.0,
    ValueType.PHONE: 0.0,
    ValueType.ADDRESS: 0.5,
    ValueType.ORG_NAME: 0.25,
    ValueType.PERSON_NAME: 0.2,
    ValueType.IDENTIFIER: 0.0,
    ValueType.CATEGORY: 0.35,
    ValueType.FREE_TEXT: 0.0,
    ValueType.LIST: 0.0,
    ValueType.BOOLEAN: 0.0,
}
_CRITICAL_TYPES = frozenset(
    {
        ValueType.MONEY,
        ValueType.COUNT,
        ValueType.IDENTIFIER,
        ValueType.ORG_NAME,
        ValueType.PERSON_NAME,
        ValueType.DOMAIN,
    }
)
_MINOR_TYPES = frozenset({ValueType.CATEGORY, ValueType.UNKNOWN, ValueType.MISSING})
_CRITICAL_DISTANCE = 0.5


def calibration_of(context: Context) -> Calibration:
    """The pairs check's state: the calibration the pipeline keeps (empty when there is none)."""
    state = context.state_of(NAME)
    if isinstance(state, Calibration):
        return state
    if isinstance(state, dict):
        return Calibration.from_json(state)
    return Calibration()


def alpha_of(context: Context) -> float:
    """The chosen false-alarm rate: `[pairs] alpha` in veracity.toml, else 1%."""
    section = context.config.raw.get("pairs") if isinstance(context.config.raw, dict) else None
    value = section.get("alpha") if isinstance(section, dict) else None
    return float(value) if isinstance(value, int | float) and 0 < value < 1 else DEFAULT_ALPHA


def declared_types(context: Context) -> dict[str, ValueType]:
    """Field types the project declares (`[fields."path"] type = ...`)."""
    out: dict[str, ValueType] = {}
    for path, setting in context.config.fields.items():
        try:
            if setting.type:
                out[path] = ValueType(setting.type)
        except ValueError:
            continue
    return out


def _declared_materiality(context: Context, diff: FieldDiff) -> Severity | None:
    """The severity the project declares for the field (`[fields."path"] materiality`), if any."""
    setting = context.config.fields.get(diff.generic) or context.config.fields.get(diff.field)
    m = setting.materiality if setting is not None else None
    if m in ("critical", "major", "minor", "info") and diff.kind not in ("unknown", "element"):
        return m  # type: ignore[return-value]
    return None


def keys(agent: str | None, diff: FieldDiff) -> list[str]:
    """Calibration keys, most specific first: the agent's field, then the value type."""
    return [f"field:{agent or ''}:{diff.generic}", f"type:{diff.vtype.value}"]


def threshold_for(
    diff: FieldDiff, agent: str | None, cal: Calibration, alpha: float = DEFAULT_ALPHA
) -> Threshold:
    default = DEFAULT_THRESHOLDS.get(diff.vtype, 0.0)
    return cal.threshold(keys(agent, diff), default, alpha)


def _item_type(diff: FieldDiff) -> ValueType:
    try:
        return ValueType(diff.detail.get("item_type", diff.vtype.value))
    except ValueError:
        return diff.vtype


def severity(diff: FieldDiff) -> Severity:
    """Materiality: money, counts, identifiers and names major (critical when far apart);
    categories minor; free text major only where a claim contradicts; a value against an honest
    unknown one level lower (major for money, counts, identifiers and names, else minor)."""
    if diff.kind == "unknown":
        # One level below a contradiction: material for money, counts, ids and names.
        return "major" if diff.vtype in _CRITICAL_TYPES else "minor"
    if diff.kind == "element":
        return "minor"
    vt = _item_type(diff) if diff.kind == "list" else diff.vtype
    if diff.kind == "list":
        if not diff.detail.get("only_a") or not diff.detail.get("only_b"):
            return "minor"  # one list only adds to the other
        return "minor" if vt in _MINOR_TYPES or vt is ValueType.FREE_TEXT else "major"
    if diff.kind == "claims":
        # Values whose attribute the two texts do not share are weak evidence (see pairs.text).
        return "minor" if diff.detail.get("aligned") is False else "major"
    if vt in _MINOR_TYPES or vt is ValueType.FREE_TEXT:
        return "minor"
    if vt in _CRITICAL_TYPES and diff.distance >= _CRITICAL_DISTANCE:
        return "critical"
    return "major"


def supported(run: Run, evidence: Evidence, value: Any, vtype: ValueType) -> bool | None:
    """Whether the run's own sources state the value (None when it cannot tell)."""
    if value is ABSENT or isinstance(value, dict | list) or not run.sources:
        return None
    if vtype in (ValueType.FREE_TEXT, ValueType.CATEGORY, ValueType.UNKNOWN, ValueType.MISSING):
        return None
    n = normalize(value, vtype)
    if n is None or n.vtype is ValueType.MISSING:
        return None
    return any(m.locate(n) for m in evidence.mentions.values())


def _show(value: Any) -> str:
    if value is ABSENT:
        return "(absent)"
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _clean(value: Any) -> Any:
    return None if value is ABSENT else value


def _message(
    diff: FieldDiff, mine: Any, theirs: Any, support: dict[str, bool | None], me: str, other: str
) -> str:
    what = {
        "unknown": "one run states a value, the other reports it unknown",
        "element": "a list element has no counterpart in the paired run",
        "claims": "the texts state contradicting facts",
        "list": "the lists hold different elements",
    }.get(diff.kind, f"{diff.vtype.value} values differ")
    msg = f"{diff.field}: {_show(mine)} here vs {_show(theirs)} in paired run {other} ({what})"
    if support.get(me) is True and support.get(other) is False:
        msg += "; this run's value is stated in its own sources, the paired run's is not"
    elif support.get(me) is False and support.get(other) is True:
        msg += "; the paired run's value is stated in its own sources, this run's is not"
    elif support.get(me) is True and support.get(other) is True:
        msg += "; both values are stated in their runs' own sources (different evidence)"
    return msg


def _origins(a: Run, b: Run, diff: FieldDiff, path: Divergence | None) -> tuple[str | None, str | None]:
    if path is not None:
        return path.step_a, path.step_b
    return (
        producer(a, diff.field, diff.value_a, diff.vtype) if diff.value_a is not ABSENT else None,
        producer(b, diff.field_b, diff.value_b, diff.vtype) if diff.value_b is not ABSENT else None,
    )


def differences(a: Run, b: Run, context: Context) -> list[tuple[FieldDiff, Threshold, bool]]:
    """The fields whose values are not the same fact, with the threshold in force and whether
    their distance exceeds it."""
    cal = calibration_of(context)
    alpha = alpha_of(context)
    out = []
    for diff in compare_outputs(a.output, b.output, declared_types(context)):
        if diff.same:
            continue
        t = threshold_for(diff, a.agent, cal, alpha)
        out.append((diff, t, diff.distance > t.value))
    return out


def divergences(a: Run, b: Run, context: Context) -> list[tuple[FieldDiff, Threshold]]:
    """The fields whose difference exceeds their threshold, with the threshold in force."""
    return [(diff, t) for diff, t, over in differences(a, b, context) if over]


# A small gap between two figures is run-to-run noise (rounding, precision) unless the sources say
# otherwise: when one run's own sources state its figure and the other's state nothing of the kind,
# the other figure is a different fact however close it is ("1,200" written where the sources say 1,187).
_PRECISE_TYPES = frozenset({ValueType.MONEY, ValueType.COUNT, ValueType.PERCENTAGE})


def _sources_refuse_tolerance(diff: FieldDiff, support: dict[str, bool | None]) -> bool:
    return diff.kind == "value" and diff.vtype in _PRECISE_TYPES and set(support.values()) == {True, False}


def _backed(run: Run, evidence: Evidence, field: str, value: Any, vtype: ValueType,
            claim_at: int | None = None) -> bool | None:
    found = standing(evidence, field, claim_at)
    return supported(run, evidence, value, vtype) if found is None else found


def standing(evidence: Evidence, field: str, claim_at: int | None = None) -> bool | None:
    """Whether the run's own evidence backs its value of `field` (or the claim starting at
    `claim_at` in it): True when a source about the input's entity states it, False when none
    does (unsupported, contradicted, or only sources about another entity), None when unknown."""
    values = [v for v in evidence.grounding.values
              if v.path == field and (v.quote is None if claim_at is None else v.quote is not None and v.quote[0] == claim_at)]
    if not values:
        return None
    value = values[0]
    if value.status in ("unsupported", "contradicted"):
        return False
    if value.status != "supported":
        return None
    grounding = evidence.grounding
    entities = evidence.entities
    if not entities.profile.keys and not entities.profile.domains:
        return True
    abouts = {entities.about(grounding.sources[h.source_id], h.start) for h in value.support if h.source_id in grounding.sources}
    return abouts != {"different"}


def check_pair(a: Run, b: Run, evidence: EvidenceSet, context: Context) -> list[Finding]:
    """`divergent_field` findings on both runs of a pair, one per divergent field and run."""
    if a.run_id == b.run_id:
        return []
    found = []
    for diff, t, over in differences(a, b, context):
        if not over and diff.vtype not in _PRECISE_TYPES:
            continue
        conflict = (diff.detail or {}).get("contradictions") or [{}]
        support = {
            a.run_id: _backed(a, evidence.of(a), diff.field, diff.value_a, diff.vtype, conflict[0].get("start_a")),
            b.run_id: _backed(b, evidence.of(b), diff.field_b, diff.value_b, diff.vtype, conflict[0].get("start_b")),
        }
        if over or _sources_refuse_tolerance(diff, support):
            found.append((diff, t, over, support))
    if not found:
        return []
    path = first_divergence(a, b)
    findings: list[Finding] = []
    for diff, t, over, support in found:
        declared = _declared_materiality(context, diff)
        sev = declared or severity(diff)
        origin_a, origin_b = _origins(a, b, diff, path)
        shown: dict[str, Any] = {
            "value_a": _clean(diff.value_a),
            "value_b": _clean(diff.value_b),
            "run_a": a.run_id,
            "run_b": b.run_id,
            "type": diff.vtype.value,
            "comparison": diff.kind,
            "distance": round(diff.distance, 4),
            "threshold": t.to_json(),
            "beyond_threshold": over,
            "supported_by_own_sources": support,
            "first_divergence": None if path is None else {"reason": path.reason, "step": path.name},
            **({k: v for k, v in diff.detail.items()} if diff.detail else {}),
        }
        for run, other, field, mine, theirs, origin in (
            (a, b, diff.field, diff.value_a, diff.value_b, origin_a),
            (b, a, diff.field_b, diff.value_b, diff.value_a, origin_b),
        ):
            run_sev = _run_severity(diff, sev, support, (run.run_id, other.run_id), run is a, declared is None)
            findings.append(
                Finding(
                    check=NAME,
                    kind="divergent_field",
                    severity=run_sev,
                    message=_message(diff, mine, theirs, support, run.run_id, other.run_id),
                    run_id=run.run_id,
                    field=field,
                    origin_step=origin,
                    evidence={**shown, "paired_run": other.run_id, **_quote(diff, run is a)},
                    score=round(min(1.0, diff.distance), 4),
                )
            )
    return findings


def _run_severity(
    diff: FieldDiff, sev: Severity, support: dict[str, bool | None], runs: tuple[str, str], is_a: bool,
    escalate: bool = True,
) -> Severity:
    """One run's severity of a divergence, from which run's own sources back its value.

    A value against an honest unknown: when the stating run's sources back the value, the other
    run only left out what it could have said (an omission on both sides, minor); when they do
    not, the stated value is the suspect and the run that said "unknown" is not (minor there).
    Two different values where only the partner's is backed: this run's is the suspect one, major
    even where its type alone would call the difference minor (a job title, a sector), unless the
    project declares the field's materiality (``escalate`` False)."""
    backed_here, backed_there = support[runs[0]], support[runs[1]]
    if escalate and diff.kind == "value" and backed_here is False and backed_there is True:
        return "critical" if sev == "critical" else "major"
    if sev == "minor":
        return sev
    if diff.kind == "unknown":
        stated_here = diff.detail.get("unknown_in") != ("a" if is_a else "b")
        stater = backed_here if stated_here else backed_there
        if stater is True or (stater is False and not stated_here):
            return "minor"
        return sev
    if backed_here is True and backed_there is False:
        return "minor"  # grounded here; the partner's value is the suspect one
    return sev


def _quote(diff: FieldDiff, is_a: bool) -> dict[str, Any]:
    cs = diff.detail.get("contradictions") if diff.detail else None
    if not cs:
        return {}
    q = cs[0]["quote_a" if is_a else "quote_b"]
    return {"quote": q} if q else {}


def learn_pair(a: Run, b: Run, evidence: EvidenceSet, state: Calibration, context: Context) -> None:
    """The registry's learner: a pair judged equivalent adds its distances to the calibration."""
    record_pair(a, b, state, declared_types(context))


def record_pair(a: Run, b: Run, state: Calibration, declared: dict[str, ValueType] | None = None) -> None:
    """Record every field's distance of a pair judged equivalent (both verified, or labelled correct)."""
    for diff in compare_outputs(a.output, b.output, declared):
        if diff.kind in ("unknown", "element"):
            continue
        for key in keys(a.agent, diff):
            state.record(key, diff.distance)
