"""A brief fuzz run in every `make test` (a few hundred payloads); `make fuzz` runs the long campaign."""

from __future__ import annotations

from pathlib import Path

import pytest
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


CRASHES = Path(__file__).parent / "crashes"


def _ctype(note: Path) -> str | None:
    value = note.read_text().splitlines()[0].removeprefix("content-type: ")
    return None if value == "None" else value


@pytest.mark.parametrize("payload", sorted(CRASHES.glob("*.bin")), ids=lambda p: p.stem)
def test_payloads_that_crashed_or_hung_before_now_pass(payload: Path):
    """Each fixture crashed or hung the pipeline before issue 19's fixes (its .txt says which)."""
    target = Target(DuckStore(":memory:"), batch=1)
    target.run(payload.read_bytes(), _ctype(payload.with_suffix(".txt")))
    target.flush()
