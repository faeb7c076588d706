"""The ClickHouse store's tables.

Every table that holds one current row per key is a ReplacingMergeTree with a version column (the
newest write wins; reads use `FINAL`), partitioned by day of the run's start where it has one.
Findings and steps are replaced per run: the store deletes a run's rows before it inserts the new
ones, within one batch. Raw spans expire `SPAN_TTL_DAYS` after they arrived (retention). The hourly
rollup is a materialized view over verdict writes, for dashboards over months (`hourly_rollup`).
"""

from __future__ import annotations

SPAN_TTL_DAYS = 30
DAY_OF = "toYYYYMMDD(toDateTime(intDiv({col}, 1000000000), 'UTC'))"

TABLES: dict[str, str] = {
    "spans": f"""CREATE TABLE IF NOT EXISTS spans (
        trace_id String, span_id String, received_ns Int64, body String,
        arrived DateTime DEFAULT now())
        ENGINE = ReplacingMergeTree(received_ns) PARTITION BY {DAY_OF.format(col='received_ns')}
        ORDER BY (trace_id, span_id) TTL arrived + INTERVAL {SPAN_TTL_DAYS} DAY""",
    "traces": """CREATE TABLE IF NOT EXISTS traces (
        trace_id String, last_received_ns Int64, checked_ns Nullable(Int64), has_root Bool, version Int64)
        ENGINE = ReplacingMergeTree(version) ORDER BY trace_id""",
    "runs": f"""CREATE TABLE IF NOT EXISTS runs (
        run_id String, trace_id String, project Nullable(String), agent Nullable(String),
        agent_version Nullable(String), model Nullable(String), prompt_version Nullable(String),
        pair_key Nullable(String), reported_status Nullable(String), started_ns Int64, ended_ns Int64,
        n_steps Int32, input Nullable(String), output Nullable(String), body String, stored_ns Int64,
        version Int64)
        ENGINE = ReplacingMergeTree(version) PARTITION BY {DAY_OF.format(col='started_ns')}
        ORDER BY run_id""",
    "verdicts": """CREATE TABLE IF NOT EXISTS verdicts (
        run_id String, verdict String, risk Nullable(Float64), checker_version String,
        n_findings Int32, checked_ns Int64, started_ns Int64)
        ENGINE = ReplacingMergeTree(checked_ns) PARTITION BY toYYYYMMDD(toDateTime(intDiv(started_ns, 1000000000), 'UTC'))
        ORDER BY (run_id, checker_version)""",
    "findings": """CREATE TABLE IF NOT EXISTS findings (
        run_id String, `check` String, kind String, severity String, field Nullable(String),
        message String, origin_step Nullable(String), evidence Nullable(String), score Nullable(Float64),
        checker_version String, ord Int32, checked_ns Int64)
        ENGINE = ReplacingMergeTree(checked_ns) ORDER BY (run_id, checker_version, ord)""",
    "steps": """CREATE TABLE IF NOT EXISTS steps (
        run_id String, step_id String, ord Int32, kind Nullable(String), name Nullable(String),
        status Nullable(String), http_status Nullable(Int32), attempt Nullable(Int32), model Nullable(String),
        started_ns Nullable(Int64), ended_ns Nullable(Int64), has_args Bool, has_result Bool, result_bytes Int32)
        ENGINE = ReplacingMergeTree ORDER BY (run_id, ord, step_id)""",
    "labels": """CREATE TABLE IF NOT EXISTS labels (
        run_id String, source String, correct Bool, wrong_fields Nullable(String), corrections Nullable(String),
        note Nullable(String), created_ns Int64, version Int64)
        ENGINE = ReplacingMergeTree(version) ORDER BY (run_id, source)""",
    "state": """CREATE TABLE IF NOT EXISTS state (key String, value String, version Int64)
        ENGINE = ReplacingMergeTree(version) ORDER BY key""",
    "duplicate_index": """CREATE TABLE IF NOT EXISTS duplicate_index (
        key Int64, run_id String, input_name Int64, input_domain Int64, input_country String, started_ns Int64)
        ENGINE = ReplacingMergeTree ORDER BY (key, run_id)""",
    "review_queue": """CREATE TABLE IF NOT EXISTS review_queue (
        run_id String, pi Float64, drawn_at Int64, reason String, draw_id Int64)
        ENGINE = ReplacingMergeTree(draw_id) ORDER BY run_id""",
    "review_draws": """CREATE TABLE IF NOT EXISTS review_draws (
        draw_id Int64, drawn_at Int64, stored_from_ns Int64, stored_to_ns Int64, started_from_ns Nullable(Int64),
        budget Float64, expected Nullable(Float64), frame_runs Int64, drawn Int64, design Nullable(String),
        seed Nullable(Int64)) ENGINE = ReplacingMergeTree ORDER BY draw_id""",
    "alerts": """CREATE TABLE IF NOT EXISTS alerts (
        alert_id String, cohort String, metric String, status String, before Nullable(Float64),
        after Nullable(Float64), alert_at Nullable(String), detail Nullable(String), opened_ns Int64,
        updated_ns Int64, resolved_ns Nullable(Int64), times_seen Int32, delivered_ns Nullable(Int64),
        attempts Int32, last_error Nullable(String), version Int64)
        ENGINE = ReplacingMergeTree(version) ORDER BY alert_id""",
    "api_keys": """CREATE TABLE IF NOT EXISTS api_keys (
        key_id String, digest String, project Nullable(String), admin Bool, created_ns Int64,
        revoked_ns Nullable(Int64), version Int64)
        ENGINE = ReplacingMergeTree(version) ORDER BY key_id""",
    "alert_deliveries": """CREATE TABLE IF NOT EXISTS alert_deliveries (
        alert_id String, destination String, transition String, episode_ns Int64, status String,
        attempts Int32, first_ns Int64, last_ns Int64, next_ns Nullable(Int64), delivered_ns Nullable(Int64),
        last_error Nullable(String), version Int64)
        ENGINE = ReplacingMergeTree(version) ORDER BY (alert_id, destination, transition, episode_ns)""",
    "pruned": """CREATE TABLE IF NOT EXISTS pruned (run_id String, pruned_ns Int64, key String)
        ENGINE = ReplacingMergeTree(pruned_ns) ORDER BY run_id""",
    "hourly": """CREATE TABLE IF NOT EXISTS hourly (
        hour Int64, checker_version String, verdict String,
        runs AggregateFunction(uniqExact, String), risk AggregateFunction(avg, Float64))
        ENGINE = AggregatingMergeTree PARTITION BY intDiv(hour, 24 * 30) ORDER BY (hour, checker_version, verdict)""",
    "hourly_mv": """CREATE MATERIALIZED VIEW IF NOT EXISTS hourly_mv TO hourly AS
        SELECT intDiv(started_ns, 3600000000000) AS hour, checker_version, verdict,
               uniqExactState(run_id) AS runs, avgState(coalesce(risk, 0.0)) AS risk
        FROM verdicts GROUP BY hour, checker_version, verdict""",
}

#: The current verdict of each run: the newest write over every checker version.
VERDICTS = """(SELECT run_id, argMax(verdict, checked_ns) AS verdict, argMax(risk, checked_ns) AS risk,
    argMax(checker_version, checked_ns) AS checker_version, argMax(n_findings, checked_ns) AS n_findings,
    max(checked_ns) AS checked_at FROM verdicts FINAL GROUP BY run_id)"""
