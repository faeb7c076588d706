"""Plain data of the duplicate index: its rows, and the rows fetched for one batch."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of the duplicate index: a blocking key of a run's output and who the run was for."""

    key: int
    run_id: str
    input_name: int
    input_domain: int
    input_country: str
    started_at: int


@dataclass(frozen=True)
class DuplicateCandidates:
    """Read-only snapshot of stored index rows for a batch's keys (the duplicates check's state in `Context`)."""

    entries: tuple[Entry, ...] = ()


__all__ = ["DuplicateCandidates", "Entry"]
