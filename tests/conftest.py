import pytest
from hypothesis import HealthCheck, settings
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Tracer

from tests.traces import recording

# Property tests draw the same examples on every run (CI never meets an example no developer saw)
# and are not timed: a busy machine must not fail a correct test.
settings.register_profile("veracity", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("veracity")


@pytest.fixture
def otel() -> tuple[Tracer, InMemorySpanExporter]:
    with recording() as pair:
        yield pair
