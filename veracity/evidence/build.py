"""The `Evidence` of one run: everything the checks know about it, derived once before any check runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from veracity.evidence.entities import EntityMap, Profile, Record, entity_map
from veracity.evidence.lineage import Lineage
from veracity.evidence.mentions import Mentions
from veracity.evidence.payload import split_fingerprinted
from veracity.evidence.support import (
    Field,
    Grounding,
    about_entity,
    entity_markers,
    ground_output,
    output_fields,
)
from veracity.model import Run, Source

T = TypeVar("T")


@dataclass(frozen=True)
class Evidence:
    """What the checks know about one run.

    - `mentions`: each plain source's typed mentions (type, span, label, normal form), by source id;
    - `printed`: the sources recorded as fingerprints (matched in fingerprint space);
    - `fields`: the output's leaves, typed (declared or inferred) with their normal forms;
    - `markers`: the input entity's domains and name tokens; `about_input`: the sources naming them;
    - `entities`: each source's entity records and the input's entity (`profile`);
    - `grounding`: every output value with the mentions that support or contradict it;
    - `lineage`: where a value came from (writer, fetch, decision), for every `origin_step`;
    - `secret`: the project's fingerprint secret (None: fingerprints cannot be read);
    - `derived`: what checks derive from this evidence alone, by key (`derive`).
    """

    run_id: str
    mentions: Mapping[str, Mentions]
    printed: tuple[Source, ...]
    fields: tuple[Field, ...]
    markers: tuple[set[str], set[str]]
    about_input: frozenset[str]
    entities: EntityMap
    grounding: Grounding
    lineage: Lineage
    secret: bytes | None = None
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def derive(self, key: str, make: Callable[[], T]) -> T:
        """What a check derives from this evidence alone (the duplicates check's signature),
        made once and kept with the evidence: per run, never across runs."""
        if key not in self.derived:
            self.derived[key] = make()
        return self.derived[key]  # type: ignore[no-any-return]

    @property
    def profile(self) -> Profile:
        """The input's entity: its name keys, domains and country."""
        return self.entities.profile

    @property
    def records(self) -> Mapping[str, list[Record]]:
        """The entity records of each source, by source id."""
        return self.entities.records

    @property
    def has_sources(self) -> bool:
        """Whether the run saw any source besides its own input."""
        return any(s.kind != "input" for s in self.lineage.run.sources)


def build_evidence(run: Run, declared: Mapping[str, str] | None = None, secret: bytes | None = None) -> Evidence:
    """The run's evidence: one pass over each source (`declared`: field path → type the project set)."""
    plain, printed = split_fingerprinted(s for s in run.sources if s.content)
    mentions = {s.source_id: Mentions(s) for s in plain}
    sources = list(mentions.values()) if len(mentions) == len(plain) else [Mentions(s) for s in plain]
    markers = entity_markers(run)
    entity = [m for m in sources if about_entity(m.source, *markers)]
    fields = output_fields(run, declared or {})
    grounding = ground_output(fields, sources, entity, printed, secret, markers)
    return Evidence(
        run_id=run.run_id,
        mentions=mentions,
        printed=tuple(printed),
        fields=fields,
        markers=markers,
        about_input=frozenset(m.source_id for m in entity),
        entities=entity_map(run, secret, mentions),
        grounding=grounding,
        lineage=Lineage(run),
        secret=secret,
    )
