"""Cross-run duplicates: outputs for different inputs that share identifying attributes.

The dedup canary, built in. Two runs asked about different entities (different input name
key and domain) yet returned records that agree on several independent identifiers are
near-duplicates, which usually means one run blended in (or swapped for) the other's entity.

The matching rule is a scored record-linkage rule (Fellegi-Sunter style weights, rounded):
each identifying attribute the two outputs share adds its weight, roughly log2 of how much
likelier the agreement is for the same company than for two different ones.

| attribute | weight | why |
| --- | --- | --- |
| phone (national number) | 10 | nearly unique to a company |
| registry identifier | 10 | unique by design |
| street address (with a number) | 9 | unique but for shared offices |
| e-mail address | 9 | unique to an organisation |
| web address | 8 | unique, though agents often copy a wrong one |
| revenue and headcount together | 6 | either alone is common (round figures); the pair is rare |

A pair is a duplicate at 15 or more from at least two attributes: phone and address, or an
identifier with revenue and headcount. One shared attribute never is, and a city, a year or
a round revenue is no identifier at all. A value shared by more than `COMMON` different
inputs (a co-working address, a switchboard, a placeholder) is not identifying and counts 0.
Runs for the same input (the same name key or domain: re-runs, shadow pairs) never match.

The check's state (state key `duplicates`) is the stored index rows of the batch's keys
(`DuplicateCandidates`), which the pipeline fetches from the store; the check does no I/O.
"""

from veracity.checks.duplicates.keys import address_key, batch_entries, signature
from veracity.checks.duplicates.match import (
    COMMON,
    NAME,
    THRESHOLD,
    WEIGHTS,
    Match,
    check_cohort,
    is_duplicate,
    matches,
    score,
    stored_matches,
)
from veracity.checks.duplicates.types import DuplicateCandidates, Entry

__all__ = [
    "COMMON",
    "NAME",
    "THRESHOLD",
    "WEIGHTS",
    "DuplicateCandidates",
    "Entry",
    "Match",
    "address_key",
    "batch_entries",
    "check_cohort",
    "is_duplicate",
    "matches",
    "score",
    "signature",
    "stored_matches",
]
