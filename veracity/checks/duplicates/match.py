"""Which runs of a batch duplicate another input's record, and the findings (see `veracity.checks.duplicates`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from veracity.checks import entity
from veracity.checks.context import Context, EvidenceSet
from veracity.checks.duplicates.keys import KINDS, Signature, same_input, signature_of
from veracity.checks.duplicates.types import DuplicateCandidates
from veracity.model import Finding, Run, Severity

NAME = "duplicates"
WEIGHTS: dict[str, int] = {
    "phone": 10,
    "registry": 10,
    "address": 9,
    "email": 9,
    "domain": 8,
    "revenue_headcount": 6,
}
THRESHOLD = 15
MIN_ATTRIBUTES = 2
COMMON = 8
MAX_FINDINGS = 10
_LABELS = {"phone": "phone", "registry": "registry id", "address": "address", "email": "e-mail",
           "domain": "web address", "revenue_headcount": "revenue and headcount"}


@dataclass(frozen=True)
class Holder:
    """A run holding a key: from the batch or from the stored index."""

    run_id: str
    input_name: int
    input_domain: int
    input_country: str
    started_at: int
    pair_key: str | None = None

    @property
    def input(self) -> tuple[int, int, str]:
        return self.input_name, self.input_domain, self.input_country


@dataclass(frozen=True)
class Match:
    """Run `run_id` (in the batch) duplicates `other`: the attribute kinds they share and the score."""

    run_id: str
    other: Holder
    kinds: tuple[str, ...]
    score: int


def _holders(sigs: list[Signature], stored: DuplicateCandidates | None) -> dict[int, dict[str, Holder]]:
    """key -> {run id: holder} over the batch and the stored candidates (batch runs win)."""
    postings: dict[int, dict[str, Holder]] = defaultdict(dict)
    batch_ids = {s.run_id for s in sigs}
    for e in stored.entries if stored else ():
        if e.run_id not in batch_ids:
            postings[e.key][e.run_id] = Holder(e.run_id, e.input_name, e.input_domain, e.input_country, e.started_at)
    for s in sigs:
        holder = Holder(s.run_id, s.input_name, s.input_domain, s.input_country, s.started_at, s.pair_key)
        for key in s.key_kinds():
            postings[key][s.run_id] = holder
    return postings


def _common(holders: dict[str, Holder]) -> bool:
    """A value many different inputs share identifies none of them."""
    inputs = {h.input_domain or (h.input_name, h.input_country) for h in holders.values()}
    return len(inputs) > COMMON


def score(kinds: set[str] | tuple[str, ...]) -> int:
    return sum(WEIGHTS.get(k, 0) for k in kinds)


def is_duplicate(kinds: set[str] | tuple[str, ...]) -> bool:
    """The rule: enough weight from at least two independent identifying attributes."""
    return len(kinds) >= MIN_ATTRIBUTES and score(kinds) >= THRESHOLD


def candidates_of(context: Context) -> DuplicateCandidates | None:
    """The check's state: the stored index rows of the batch's keys (None: no store, the batch alone)."""
    state = context.state_of(NAME)
    return state if isinstance(state, DuplicateCandidates) else None


def matches(runs: list[Run], evidence: EvidenceSet, context: Context) -> list[Match]:
    """Every (batch run, other run) duplicate pair, within the batch and against stored candidates."""
    sigs = [signature_of(r, evidence.of(r)) for r in runs]
    postings = _holders(sigs, candidates_of(context))
    common = {key for key, holders in postings.items() if len(holders) > COMMON and _common(holders)}
    found: list[Match] = []
    for s in sigs:
        mine = (s.input_name, s.input_domain, s.input_country)
        shared: dict[str, set[str]] = defaultdict(set)
        others: dict[str, Holder] = {}
        for key, kind in s.key_kinds().items():
            if key in common:
                continue
            for rid, h in postings[key].items():
                if rid == s.run_id or (s.pair_key and s.pair_key == h.pair_key):
                    continue
                if same_input(mine, h.input):
                    continue
                shared[rid].add(kind)
                others[rid] = h
        for rid, kinds in shared.items():
            if is_duplicate(kinds):
                ordered = tuple(k for k in KINDS if k in kinds)
                found.append(Match(s.run_id, others[rid], ordered, score(kinds)))
    return found


def stored_matches(runs: list[Run], evidence: EvidenceSet, context: Context) -> list[str]:
    """Ids of stored runs (not in `runs`) that a run of the batch duplicates: the pipeline re-checks them."""
    batch = {r.run_id for r in runs}
    return sorted({m.other.run_id for m in matches(runs, evidence, context) if m.other.run_id not in batch})


def _shown(sig: Signature, kinds: tuple[str, ...]) -> dict[str, Any]:
    """The run's own values of the shared attributes, as it wrote them."""
    out: dict[str, Any] = {}
    for kind in kinds:
        value = next(iter(sig.attrs.get(kind, {}).values()), None)
        if kind == "revenue_headcount" and isinstance(value, dict):
            out.update(value)
        else:
            out[kind] = value
    return out


def _about_another_entity(run: Run, evidence: EvidenceSet, context: Context) -> bool:
    """Whether the entity check finds the run's output built from another entity's sources."""
    return any(f.kind in ("wrong_entity_field", "blended_entity") for f in entity.check(run, evidence.of(run), context))


def _severity(mine: bool | None, theirs: bool | None, other_is_earlier: bool) -> Severity:
    """Major on the record that is the copy: the one built from another entity's sources when the
    entity check can tell, else the later one (it came out as an existing record)."""
    if mine is True:
        return "major"
    if mine is False and theirs is True:
        return "minor"
    return "major" if other_is_earlier else "minor"


def check_cohort(runs: list[Run], evidence: EvidenceSet, context: Context) -> list[Finding]:
    """`duplicate_record` on every run of the batch whose output duplicates another input's record."""
    by_run: dict[str, list[Match]] = defaultdict(list)
    for m in matches(runs, evidence, context):
        by_run[m.run_id].append(m)
    findings: list[Finding] = []
    off_entity = {r.run_id: _about_another_entity(r, evidence, context) for r in runs if by_run.get(r.run_id)}
    for run in runs:
        found = sorted(by_run.get(run.run_id, []), key=lambda m: (-m.score, m.other.started_at, m.other.run_id))
        sig = signature_of(run, evidence.of(run))
        for m in found[:MAX_FINDINGS]:
            earlier = (m.other.started_at, m.other.run_id) < (run.started_at, run.run_id)
            names = ", ".join(_LABELS[k] for k in m.kinds)
            findings.append(
                Finding(
                    check=NAME,
                    kind="duplicate_record",
                    # The later record is the suspect one (it came out as an existing record for a
                    # different input); the earlier one is named, but its verdict is its own checks'.
                    severity=_severity(off_entity.get(run.run_id), off_entity.get(m.other.run_id), earlier),
                    message=f"the record shares {names} with run {m.other.run_id}, which was for a different input",
                    run_id=run.run_id,
                    evidence={
                        "other_run_id": m.other.run_id,
                        "shared": _shown(sig, m.kinds),
                        "attributes": list(m.kinds),
                        "score": m.score,
                        "other_is_earlier": earlier,
                    },
                    score=min(1.0, m.score / 40),
                )
            )
    return findings
