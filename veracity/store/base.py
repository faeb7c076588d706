"""The store interface: named operations only. DuckDB (embedded default) and, later, ClickHouse implement it.

No operation takes SQL: what callers need (a page of runs, the counts of one report section, the
runs that share a pair key, the duplicate index rows for some keys...) is one method each, so a
second engine fills the seam by implementing these methods and passing `tests/store_contract/`.

The protocol is split by job (`RunStore`, `ReportStore`, `PageStore`, `ReviewStore`, `AlertStore`,
`MaintenanceStore`, `ExportStore`); `Store` is all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypedDict

from veracity.ingest.spans import Span
from veracity.model import Label, Run, Verdict

if TYPE_CHECKING:
    import pyarrow as pa

#: The cohort dimensions a report groups runs by (`cohort_values`).
CohortDim = Literal["agent", "model", "day"]
#: The cohort dimensions regression alerts split an agent's runs by (`alert_series`).
AlertDim = Literal["model", "prompt_version", "agent_version"]
#: The per-run events regression alerts count (`alert_series`, `alert_examples`), in this order.
ALERT_METRICS = ("error_rate", "unsupported_value_rate", "honest_unknown_rate", "wrong_entity_rate",
                 "silent_step_failure_rate", "not_first_attempt_rate", "correction_rate")


@dataclass(frozen=True)
class RunFilter:
    """Which stored runs an operation is about (every field optional; all given ones must hold)."""

    agent: str | None = None
    since_ns: int | None = None
    until_ns: int | None = None
    project: str | None = None
    model: str | None = None
    day: str | None = None  # YYYY-MM-DD (UTC) of the run's start
    verdict: str | None = None


@dataclass(frozen=True, slots=True)
class DuplicateRow:
    """One row of the duplicate index, keys computed by the caller (the store never knows how)."""

    key: int
    run_id: str
    input_name: int
    input_domain: int
    input_country: str
    started_at: int


class RunRow(TypedDict):
    """One line of a page of runs."""

    run_id: str
    agent: str | None
    model: str | None
    started_ns: int
    reported_status: str | None
    verdict: str | None
    risk: float | None
    findings: int | None


@dataclass(frozen=True)
class ApiKey:
    """An API key as stored: its id, the digest of its secret, its project (None with admin)."""

    key_id: str
    digest: str
    project: str | None
    admin: bool
    created_ns: int
    revoked_ns: int | None = None


@dataclass(frozen=True)
class RunQuery:
    """A search over stored runs (the runs page): every given field must hold.

    `kind` and `field` match a finding of the run (above `info`); `text` is a case-insensitive
    substring of the run's output or of one of its sources' contents (Unicode casefolded, NFKC).
    """

    verdict: str | None = None
    agent: str | None = None
    model: str | None = None
    prompt_version: str | None = None
    kind: str | None = None
    field: str | None = None
    since_ns: int | None = None
    until_ns: int | None = None
    text: str | None = None


class SearchRow(RunRow):
    """One line of a search over runs: a page-of-runs line with its prompt version and pair key."""

    prompt_version: str | None
    pair_key: str | None


class RunStore(Protocol):
    """Spans, runs with their verdicts, labels, learned state and the duplicate index."""

    path: str

    def write_spans(self, spans: list[Span], received_ns: int) -> int:
        """Make spans durable (idempotent by trace and span id); returns how many were new or changed."""
        ...

    def due_traces(self, now_ns: int, quiet_ns: int) -> list[str]:
        """Traces whose last span arrived more than `quiet_ns` ago and that changed since checked."""
        ...

    def trace_spans(self, trace_ids: list[str]) -> list[Span]: ...

    def known_traces(self, trace_ids: list[str]) -> set[str]:
        """Those of `trace_ids` that have spans stored already (a trace seen in an earlier request)."""
        ...

    def mark_checked(self, trace_ids: list[str], now_ns: int) -> None: ...

    def write_results(self, runs: list[Run], verdicts: list[Verdict]) -> None:
        """Store runs with their verdicts and findings; a run stored again replaces itself (the last wins)."""
        ...

    def pair_partners(self, runs: list[Run]) -> list[Run]:
        """Stored runs that share a pair key with one of `runs` and are not among them (by start)."""
        ...

    def get_run(self, run_id: str) -> Run | None: ...

    def get_runs(self, run_ids: list[str]) -> list[Run]:
        """The stored runs among `run_ids`, by start time then id."""
        ...

    def get_verdict(self, run_id: str) -> Verdict | None: ...

    def iter_runs(self, where: RunFilter | None = None, batch: int = 1000,
                  newest_first: bool = False) -> Iterator[list[Run]]: ...

    def write_labels(self, labels: list[Label]) -> tuple[int, list[str]]:
        """Store labels of known runs; returns how many were stored and the unknown run ids."""
        ...

    def load_state(self, key: str) -> dict[str, Any] | None: ...

    def save_state(self, key: str, value: dict[str, Any]) -> None: ...

    def duplicate_candidates(self, keys: list[int], exclude: set[str] | None = None) -> list[DuplicateRow]:
        """Index rows holding any of the keys (the newest few per key, within retention), not of `exclude`."""
        ...

    def add_duplicate_rows(self, rows: list[DuplicateRow]) -> None:
        """Write a batch's index rows (a run written again replaces its rows), pruning past retention."""
        ...

    def reader(self) -> Store:
        """Another connection to the same store, for reading from another thread while this one writes."""
        ...

    def create_key(self, key: ApiKey) -> None:
        """Store a new key (its digest, never its secret)."""
        ...

    def list_keys(self) -> list[ApiKey]:
        """Every key, revoked ones included, oldest first."""
        ...

    def revoke_key(self, key_id: str, now_ns: int) -> bool:
        """Revoke a key; False when there is no such key or it was already revoked."""
        ...


    def close(self) -> None: ...


class ReportStore(Protocol):
    """Counts for each report section and page, computed by the engine (never by reading run bodies)."""

    def runs_page(self, where: RunFilter | None = None, limit: int = 100) -> list[RunRow]:
        """The newest runs: run_id, agent, model, started_ns, reported_status, verdict, risk, findings."""
        ...

    def run_totals(self, where: RunFilter | None = None) -> tuple[int, float | None]:
        """How many runs, and the share that reported success (None without runs)."""
        ...

    def verdict_counts(self, where: RunFilter | None = None) -> dict[str, int]: ...

    def finding_kind_counts(self, where: RunFilter | None = None) -> dict[str, int]:
        """Findings above `info` by kind, most frequent first."""
        ...

    def cohort_values(self, where: RunFilter | None, dim: CohortDim, newest: int | None = None) -> list[str]:
        """The values of a cohort dimension among the runs (ascending; with `newest`, that many, descending)."""
        ...

    def prediction_stats(self, where: RunFilter | None = None) -> tuple[int, float | None, float | None]:
        """Runs with a verdict, and the mean and population variance of "predicted wrong" over them."""
        ...

    def review_labels(self, where: RunFilter | None = None) -> list[tuple[float, float, float | None]]:
        """(predicted wrong, truly wrong, π or None if never queued) per run in scope with a review label."""
        ...

    def queue_pending(self, where: RunFilter | None = None) -> int | None:
        """Queued runs in scope without a review label; None when the store has no review queue."""
        ...

    def unknown_counts(self, where: RunFilter | None = None) -> dict[str, Any]:
        """runs, with_unknown, by_field {field: runs}, by_model {model: (runs, with_unknown)}."""
        ...

    def pair_counts(self, where: RunFilter | None = None) -> dict[str, Any]:
        """pairs (keys with two runs or more), divergent, by_field {field: keys}, examples (the newest 10)."""
        ...

    def cohort_rows(self, where: RunFilter | None = None) -> list[dict[str, Any]]:
        """Per (agent, model, prompt version): runs, predicted error rate, first and last start."""
        ...

    def alert_series(self, where: RunFilter | None, dim: AlertDim) -> list[tuple[Any, ...]]:
        """(agent, value, hour, runs, *events per `ALERT_METRICS`) for the newest checker version."""
        ...

    def alert_examples(self, dim: AlertDim, agent: str, value: str, metric: str, hour: int) -> list[str]:
        """The newest three runs of a cohort up to `hour` that count for `metric`."""
        ...

    def storage_per_day(self, since_ns: int | None = None) -> list[dict[str, Any]]:
        """Per UTC day: runs, bytes of run bodies and of raw spans."""
        ...

    def calibration_labels(self) -> tuple[list[tuple[float, float, float | None, int]], int]:
        """((risk, wrong, π or None, started_ns) per review-labelled run, how many verdicts are stored)."""
        ...

    def finding_examples(self) -> dict[str, dict[str, Any]]:
        """Per finding kind, its most severe example: run_id, message, field, origin_step."""
        ...

    def riskiest_runs(self, limit: int) -> list[tuple[str, str, str, float]]:
        """(run_id, agent, verdict, risk), the highest risk first."""
        ...


class PageStore(Protocol):
    """What the browser UI's pages need beyond the report: searching runs, pairs, filter choices."""

    def search_runs(self, query: RunQuery, limit: int = 100, offset: int = 0) -> tuple[list[SearchRow], int]:
        """The newest runs matching `query` (a page of them) and how many match in all."""
        ...

    def pair_run_ids(self, pair_key: str) -> list[str]:
        """The runs that share a pair key, by start then id."""
        ...

    def filter_choices(self) -> dict[str, list[str]]:
        """The values each runs-page filter can take: agent, model, prompt_version, kind, field, verdict."""
        ...


class ReviewStore(Protocol):
    """The review queue: draws, their frames and the inclusion probability of each run handed out."""

    def review_draw_count(self) -> int | None:
        """How many draws were made; None when the store has no review queue."""
        ...

    def review_frame(self, week: bool) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The next frame's bounds and its runs (run_id, agent, verdict, risk, flags) by run id."""
        ...

    def record_review_draw(self, draw: dict[str, Any], chosen: list[dict[str, Any]]) -> int:
        """Record a draw and the runs it handed out (run_id, pi, reason); returns its draw id."""
        ...

    def review_pending(self) -> list[dict[str, Any]]:
        """Runs handed out without a review label, in the order they were drawn."""
        ...

    def review_counts(self) -> tuple[int, int, int] | None:
        """(draws, handed out, labelled); None when the store has no review queue."""
        ...


class AlertStore(Protocol):
    """Regression alerts kept between computations, one row per (cohort, metric)."""

    def alert_statuses(self) -> dict[str, str]: ...

    def open_alert(self, alert: dict[str, Any], now_ns: int) -> None:
        """Open (or reopen) an alert: alert_id, cohort, metric, before, after, at, detail."""
        ...

    def update_alert(self, alert: dict[str, Any], now_ns: int) -> None: ...

    def resolve_alerts(self, alert_ids: list[str], now_ns: int) -> None: ...

    def alert_attempt(self, alert_id: str, now_ns: int, error: str | None) -> None:
        """Record a delivery attempt: delivered when `error` is None."""
        ...

    def alert_rows(self, status: str | None = None) -> list[dict[str, Any]]: ...


class ExportStore(Protocol):
    """Streaming exports in the stable schemas of `store/export_schema.py`, read-only SQL, the delivery log."""

    def export_batches(self, what: str, where: RunFilter | None = None, batch: int = 10_000) -> Iterator[pa.RecordBatch]:
        """Rows of one table (runs, findings, verdicts, labels, alerts) as record batches of its export schema.

        At most `batch` rows are held at once; the filter applies to each row's run (to `opened` for alerts).
        """
        ...

    def sql_readonly(self, text: str, max_rows: int | None = None) -> pa.Table:
        """The answer to one SELECT over the documented views (`runs`, `findings`, `verdicts`, `labels`,
        `alerts`: the export schemas); anything that is not a read, or bad SQL, is a `ValueError`."""
        ...

    def delivery_rows(self, alert_id: str | None = None) -> list[dict[str, Any]]:
        """The alert delivery log: alert_id, destination, transition, episode_ns, status, attempts, first_ns,
        last_ns, next_ns, delivered_ns, last_error (oldest first)."""
        ...

    def record_delivery(self, attempt: dict[str, Any]) -> None:
        """Log one attempt: alert_id, destination, transition, episode_ns, now_ns, error (None: delivered),
        next_ns (when to try again), status for a failure (failed, or gave_up). One row per
        (alert_id, destination, transition, episode_ns), its attempts counted."""
        ...


class MaintenanceStore(Protocol):
    """Re-checks and retention."""

    def stale_run_ids(self, version: str, since_ns: int | None = None, everything: bool = False) -> list[str]:
        """Runs whose verdict came from another checker version (or none), by start."""
        ...

    def runs_with_verdicts(self, run_ids: list[str]) -> list[tuple[Run, str | None]]: ...

    def verdict_versions(self) -> dict[str, int]: ...

    def pruned_ids(self) -> set[str]: ...

    def runs_to_prune(self, cutoff_ns: int) -> list[str]:
        """Runs that started before the cut-off and were not pruned yet, by id."""
        ...

    def replace_pruned(self, runs: list[Run], pruned_ns: int, key: str) -> None:
        """Replace the bodies of runs stripped by retention and list them as pruned."""
        ...

    def delete_spans_before(self, cutoff_ns: int) -> int: ...

    def checkpoint(self) -> None:
        """Let the engine reuse the space of deleted rows."""
        ...


class Store(RunStore, ReportStore, PageStore, ReviewStore, AlertStore, MaintenanceStore, ExportStore, Protocol):
    """Where runs, verdicts, spans, labels and learned state live: every operation."""
