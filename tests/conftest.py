import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Tracer

from tests.traces import recording


@pytest.fixture
def otel() -> tuple[Tracer, InMemorySpanExporter]:
    with recording() as pair:
        yield pair
