"""A brief fuzz run in every `make test` (a few hundred payloads); `make fuzz` runs the long campaign."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.fuzz.target import Target, payloads
from veracity.store import DuckStore


def test_mutated_otlp_payloads_never_crash_the_pipeline():
    target = Target(DuckStore(":memory:"), batch=50)

    @settings(max_examples=300, suppress_health_check=list(HealthCheck))
    @given(payloads())
    def one(payload: tuple[bytes, str | None]) -> None:
        target.run(*payload)

    one()
    target.flush()
    assert target.tally.payloads >= 300 and target.tally.runs > 0
