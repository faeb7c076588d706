"""How the DuckDB store keeps runs and spans: msgpack, runs zstd-compressed."""

from __future__ import annotations

import msgspec
import zstandard

from veracity.ingest.spans import Span
from veracity.model import Run

span_encoder = msgspec.msgpack.Encoder()
span_decoder = msgspec.msgpack.Decoder(Span)
_run_encoder = msgspec.msgpack.Encoder()
_run_decoder = msgspec.msgpack.Decoder(Run)
_compressor = zstandard.ZstdCompressor(level=1)
_decompressor = zstandard.ZstdDecompressor()


def pack_run(run: Run) -> bytes:
    """A run as stored: msgpack, zstd-compressed (raw tool results are most of it and compress 5-7×)."""
    return _compressor.compress(_run_encoder.encode(run))


def unpack_run(body: bytes) -> Run:
    return _run_decoder.decode(_decompressor.decompress(body))
