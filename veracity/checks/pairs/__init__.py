"""`divergent_field`: two runs of the same query (shadow runs) that disagree on a field.

The outputs are compared field by field over the union of their dotted paths with the typed
distances of `veracity.values` (free text, and any value written as prose, by its claims; lists
as sets; a code and a name of one country or currency as one fact). A difference is a
divergence when the values are not the same fact and their distance exceeds the field's
threshold: calibrated from the distances between equivalent pairs (`veracity.stats`), else
the type's default; a figure within the threshold still diverges when one run's own sources
state its figure and the other's do not. Each divergence is reported on *both* runs, with both
values, the distance, the threshold in force (and whether it is calibrated), which run's value
its own sources state, and the origin step: the first step where the runs' paths differ, else
the step that wrote the field. Each run's severity follows that evidence: the run whose value
only the partner's sources contradict is the suspect, a grounded value against an "unknown" is
an omission. The check's state (state key `pairs`) is the `Calibration`.
"""

from veracity.checks.pairs.judge import (
    DEFAULT_THRESHOLDS,
    NAME,
    check_pair,
    declared_types,
    learn_pair,
    record_pair,
    severity,
    standing,
    supported,
)
from veracity.stats.calibration import Calibration

__all__ = [
    "DEFAULT_THRESHOLDS",
    "NAME",
    "Calibration",
    "check_pair",
    "declared_types",
    "learn_pair",
    "record_pair",
    "severity",
    "standing",
    "supported",
]
