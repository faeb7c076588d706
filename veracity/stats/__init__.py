"""Statistics for veracity: the truth rate, the review queue and regression alerts. Numbers in, numbers out."""

from veracity.stats.calibration import (
    DEFAULT_ALPHA,
    MIN_SAMPLES,
    Calibration,
    Threshold,
    conformal_quantile,
    conformal_rank,
    false_alarm_rate,
    min_samples_for,
    threshold,
)
from veracity.stats.ppi import Estimate, classical_mean, labels_needed, ppi_mean, ppi_mean_summary
from veracity.stats.sampling import (
    QueueDesign,
    fit_design,
    inclusion_probabilities,
    poisson_sample,
    review_queue,
)
from veracity.stats.sequential import Decision, SequentialTest, rate_confidence_sequence

__all__ = [
    "DEFAULT_ALPHA",
    "MIN_SAMPLES",
    "Calibration",
    "Decision",
    "Estimate",
    "QueueDesign",
    "SequentialTest",
    "Threshold",
    "classical_mean",
    "conformal_quantile",
    "conformal_rank",
    "false_alarm_rate",
    "fit_design",
    "inclusion_probabilities",
    "labels_needed",
    "min_samples_for",
    "poisson_sample",
    "ppi_mean",
    "ppi_mean_summary",
    "rate_confidence_sequence",
    "review_queue",
    "threshold",
]
