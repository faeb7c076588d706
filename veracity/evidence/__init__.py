"""veracity.evidence: what the checks know about a run, derived once before any check runs.

`build_evidence(run, declared, secret)` gives one `Evidence` value per run: each source's typed
mentions (`Mentions`: type, span, label, normal form), the sources recorded as fingerprints
(matched in fingerprint space, `fingerprint`), the typed output fields, the entity records of
each source and the input's entity (`entities`), which source supports or contradicts each
output value (`support`), and the lineage of steps (`lineage`). Checks read it; none rescans a
source text. Imports `veracity.model` and `veracity.values` only.
"""

from veracity.evidence.attributes import (
    CONTRADICTABLE,
    GROUNDABLE,
    NUMERIC,
    attribute_tokens,
    compatible,
    known_attribute,
    words_before,
)
from veracity.evidence.build import Evidence, build_evidence
from veracity.evidence.entities import EntityMap, Profile, Record, entity_map, name_key, records_of
from veracity.evidence.fingerprint import (
    candidates,
    digest,
    facts,
    ground_fingerprints,
    keep_relevant,
    payload,
)
from veracity.evidence.hits import Hit, Value, filter_by_label
from veracity.evidence.lineage import Lineage, chooser_of, departure, first_unrecorded_input, first_writer
from veracity.evidence.mentions import Mentions
from veracity.evidence.payload import (
    DEFAULT_SECRET_ENV,
    PAYLOAD_KEY,
    entity_hasher,
    is_fingerprinted,
    is_payload,
    parse_payload,
    secret_from_env,
    split_fingerprinted,
)
from veracity.evidence.readable import unreadable_reason, unreadable_sources
from veracity.evidence.support import Field, Grounding, about_entity, entity_markers, leaves, output_fields

__all__ = [
    "CONTRADICTABLE",
    "DEFAULT_SECRET_ENV",
    "GROUNDABLE",
    "NUMERIC",
    "PAYLOAD_KEY",
    "EntityMap",
    "Evidence",
    "Field",
    "Grounding",
    "Hit",
    "Lineage",
    "Mentions",
    "Profile",
    "Record",
    "Value",
    "about_entity",
    "attribute_tokens",
    "build_evidence",
    "candidates",
    "chooser_of",
    "compatible",
    "departure",
    "digest",
    "entity_hasher",
    "entity_map",
    "entity_markers",
    "facts",
    "filter_by_label",
    "first_unrecorded_input",
    "first_writer",
    "ground_fingerprints",
    "is_fingerprinted",
    "is_payload",
    "keep_relevant",
    "known_attribute",
    "leaves",
    "name_key",
    "output_fields",
    "parse_payload",
    "payload",
    "records_of",
    "secret_from_env",
    "split_fingerprinted",
    "unreadable_reason",
    "unreadable_sources",
    "words_before",
]
