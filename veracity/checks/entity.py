"""Entity coherence: the sources behind the output must be about the input's entity.

`wrong_entity_field` — a field supported only by what sources say about another entity;
`blended_entity` — an output whose supported fields come from two or more entities (the
seed's profile with one company's revenue and another's headcount). A profile about the
wrong company altogether gets a run-level `wrong_entity_field` as well.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from typing import Any

from veracity.checks.context import Context
from veracity.evidence import EntityMap, Evidence, Grounding, Hit, Record, Value, name_key
from veracity.model import Finding, Run
from veracity.model.text import as_text
from veracity.values import ValueType, org_key, registrable_domain

NAME = "entity"
# Loose facts (a sector, a round number in prose) say little about which entity they came from.
_WEAK = frozenset({ValueType.CATEGORY})


def _label(record: Record | None) -> str:
    if record is None:
        return "another entity"
    if record.hashed:
        return "another entity (a fingerprinted record)"
    parts = [p for p in (record.name, f"({record.domain})" if record.domain else None) if p]
    return " ".join(parts) or "another entity"


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if c.isalnum())


def _host_of(domain: str, name: str) -> bool:
    """The domain is built from exactly this name: its label is the name's first word or all its words
    run together. Stricter than a resemblance: a look-alike's host resembles the original's name too."""
    label = _fold(registrable_domain(domain).split(".")[0])
    words = [_fold(w) for w in name_key(name).split()]
    return bool(label and words) and label in (words[0], "".join(words))


def _same_entity(a: Record, b: Record) -> bool:
    """Two records of one entity: a shared domain or name key, or one's domain built from the other's name."""
    if (a.domain and a.domain == b.domain) or (a.key and a.key == b.key):
        return True
    if a.hashed or b.hashed:
        return False
    return bool((b.domain and a.name and not a.domain and _host_of(b.domain, a.name))
                or (a.domain and b.name and not b.domain and _host_of(a.domain, b.name)))


def _names(text: str, record: Record) -> bool:
    low = text.lower()
    return bool((record.domain and record.domain.lower() in low) or (record.name and record.name.lower() in low))


def _answered_elsewhere(run: Run, evidence: Evidence, others: list[Record]) -> set[str]:
    """Tool steps that, not asked about another entity, answered only about one of `others` (every
    record of every source the step returned: a search that listed several firms offered a choice)."""
    entities = evidence.entities
    by_step: dict[str, list[Record]] = defaultdict(list)
    for source in evidence.grounding.sources.values():
        if source.step_id:
            by_step[source.step_id] += entities.records.get(source.source_id, [])
    out = set()
    for step_id, recs in by_step.items():
        step = run.step(step_id)
        if step is None or step.kind not in ("tool", "retriever") or not recs:
            continue
        if any(entities.profile.compare(r) == "same" for r in recs):
            continue
        match = next((o for o in others if all(_same_entity(r, o) for r in recs)), None)
        if match is not None and not any(_names(as_text(step.args), r) for r in [match, *recs]):
            out.add(step_id)
    return out


def _departure(run: Run, evidence: Evidence, hits: list[tuple[Hit, Record | None]]) -> str | None:
    """The one step where the run left its input's entity, for every finding about another entity's values."""
    others = [r for _, r in hits if r is not None]
    fetches = list(dict.fromkeys(h.step_id for h, _ in hits if h.step_id))
    return evidence.lineage.departure(fetches, _answered_elsewhere(run, evidence, others))


def _judge(value: Value, grounding: Grounding, entities: EntityMap) -> tuple[str, list[tuple[Hit, Record | None]]]:
    """'same', 'different' or 'unknown' for a supported value, with the hits about other entities."""
    others: list[tuple[Hit, Record | None]] = []
    verdicts = set()
    for hit in value.support:
        source = grounding.sources.get(hit.source_id)
        if source is None:
            continue
        about = entities.about(source, hit.start)
        verdicts.add(about)
        if about == "different":
            others.append((hit, entities.record_at(hit.source_id, hit.start)))
    if "same" in verdicts:
        return "same", []
    if verdicts == {"different"}:
        return "different", others
    return "unknown", []


def check(run: Run, evidence: Evidence, context: Context) -> list[Finding]:
    """Fields supported only by sources about another entity, and outputs blended from several."""
    if not evidence.has_sources:
        return []
    grounding = evidence.grounding
    entities = evidence.entities
    if not entities.profile.keys and not entities.profile.domains:
        return []  # the input names no entity to compare with
    findings: list[Finding] = []
    same_fields: set[str] = set()
    wrong: dict[str, list[tuple[Value, Hit, Record | None]]] = defaultdict(list)
    carried: list[tuple[Hit, Record | None]] = []  # every hit of another entity behind a wrong field
    for value in grounding.values:
        if value.status != "supported":
            continue
        verdict, others = _judge(value, grounding, entities)
        weak = value.vtype in _WEAK or value.country is not None
        if weak and verdict == "different" and not any(
                r is not None and (r.domain or (r.person and entities.profile.persons)) for _, r in others):
            continue  # a sector or a country shared with a company named in passing says little (in a contact
            # run a colleague's title, in the colleague's own record, says whose it is)
        if verdict == "same" and value.quote is None and not weak:
            same_fields.add(value.path)
        elif verdict == "different":
            hit, record = others[0]
            if _names_the_record(value, record, entities):
                continue  # "Its competitors include Yonder Capital": a reference to the other entity, not a fact from it
            wrong[value.path].append((value, hit, record))
            carried += others
    origin = _departure(run, evidence, carried) if wrong else None
    for path, items in wrong.items():
        for value, hit, record in items:
            shown = {
                "value": value.raw if not isinstance(value.raw, str) else value.raw[:80],
                "entity": _entity_evidence(record),
                "input_entity": {"names": sorted(entities.profile.keys), "domains": sorted(entities.profile.domains)},
                "sources": [hit.source_id],
                "steps": [s for s in (hit.step_id, evidence.lineage.origin_of_fetch(hit.step_id)) if s],
            }
            if value.quote is not None:
                shown["quote"] = value.quote[2]
                shown["start"], shown["end"] = value.quote[0], value.quote[1]
            findings.append(
                Finding(
                    check=NAME, kind="wrong_entity_field", severity="critical", run_id=run.run_id, field=path,
                    origin_step=origin,
                    message=f"{path} {str(value.raw)[:60]!r} comes from a source about {_label(record)}, "
                    f"not {_input_label(entities)}",
                    evidence=shown,
                )
            )
    if wrong:
        other_names = _distinct_labels([r for items in wrong.values() for _, _, r in items])
        if same_fields:
            findings.append(
                Finding(
                    check=NAME, kind="blended_entity", severity="critical", run_id=run.run_id, field=None,
                    origin_step=origin,
                    message=f"the output blends {_input_label(entities)} ({', '.join(sorted(same_fields)[:4])}) "
                    f"with {', '.join(other_names)} ({', '.join(sorted(wrong)[:4])})",
                    evidence={"fields_same": sorted(same_fields), "fields_other": sorted(wrong), "entities": other_names},
                )
            )
        else:
            findings.append(
                Finding(
                    check=NAME, kind="wrong_entity_field", severity="critical", run_id=run.run_id, field=None,
                    origin_step=origin,
                    message=f"the whole profile is about {', '.join(other_names)}, not {_input_label(entities)}",
                    evidence={"fields_other": sorted(wrong), "entities": other_names},
                )
            )
    return findings


def _entity_evidence(record: Record | None) -> dict[str, Any] | None:
    if record is None:
        return None
    if record.hashed:  # fingerprints of the other entity's name and domain: nothing to show
        return {"fingerprinted": True}
    return {"name": record.name, "domain": record.domain, "country": record.country}


def _distinct_labels(records: list[Record | None]) -> list[str]:
    """One label per entity: records sharing a domain or a name key are one."""
    seen: dict[str, str] = {}
    for r in sorted(records, key=lambda r: (r is None or not r.domain, _label(r))):
        key = (r.domain or r.key or "") if r is not None else ""
        name_key = r.key if r is not None else None
        if key in seen or (name_key and name_key in seen):
            continue
        seen[key] = _label(r)
        if name_key:
            seen[name_key] = seen[key]
    return sorted(set(seen.values()))


def _names_the_record(value: Value, record: Record | None, entities: EntityMap) -> bool:
    if record is None or value.vtype not in (ValueType.ORG_NAME, ValueType.PERSON_NAME):
        return False
    if value.quote is None:
        return False
    if not record.hashed:
        return record.named_by(str(value.raw))
    key = org_key(str(value.raw))
    hasher = entities.profile.hasher
    return record.key is not None and hasher is not None and hasher("name", key) == record.key


def _input_label(entities: EntityMap) -> str:
    names = sorted(entities.profile.keys)
    domains = sorted(entities.profile.domains)
    return " / ".join(filter(None, [", ".join(names), ", ".join(domains)])) or "the input's entity"
