"""SQL fragments of the ClickHouse store: filters, the latest checker version, alert metrics.

ClickHouse spells some things differently from DuckDB: `countIf` for `FILTER`, `IN (subquery)` for
correlated `EXISTS`, `-OrNull` aggregates where an empty set must answer NULL.
"""

from __future__ import annotations

from typing import Any

from veracity.store.base import ALERT_METRICS, RunFilter
from veracity.store.clickhouse.schema import VERDICTS
from veracity.store.filters import run_condition

RUNS = "(SELECT * FROM runs FINAL)"
DAY_SQL = "toString(toDate(toDateTime(intDiv(r.started_ns, 1000000000), 'UTC'), 'UTC'))"
WRONG = "if(v.verdict IN ('failed', 'suspect'), 1.0, 0.0)"
LATEST_VERSION = "(SELECT argMax(checker_version, checked_ns) FROM verdicts)"
FINDINGS_OF = "r.run_id IN (SELECT run_id FROM findings WHERE kind IN ({kinds}))"

METRIC_SQL: dict[str, str] = dict(zip(ALERT_METRICS, (
    "v.verdict IN ('failed', 'suspect')",
    FINDINGS_OF.format(kinds="'unsupported_value', 'contradicted_value'"),
    FINDINGS_OF.format(kinds="'declared_missing'"),
    FINDINGS_OF.format(kinds="'wrong_entity_field', 'blended_entity'"),
    FINDINGS_OF.format(kinds="'silent_step_failure'"),
    "(r.run_id IN (SELECT run_id FROM steps WHERE attempt > 1 OR http_status >= 400 OR status = 'error') OR "
    + FINDINGS_OF.format(kinds="'silent_step_failure', 'retry_masked'") + ")",
    "r.run_id IN (SELECT run_id FROM labels FINAL WHERE source = 'correction' AND NOT correct)",
), strict=True))


def filter_sql(where: RunFilter | None, alias: str = "r") -> tuple[str, list[Any]]:
    """A condition on the runs (aliased `alias`) for a filter, with `?` parameters."""
    return run_condition(where, alias, true="1", day_sql=DAY_SQL,
                         verdict="{alias}.run_id IN (SELECT run_id FROM " + VERDICTS + " WHERE verdict = ?)")
