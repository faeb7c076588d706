"""How the DuckDB store keeps runs and spans: msgpack, runs zstd-compressed.

A source that is a step's result (a tool result the run also saw as evidence) is kept once:
the body holds the run with that source's content left empty and, beside it, the indexes of
such sources; reading puts the step's result back. Bodies written before (a bare run) read
as they always did.
"""

from __future__ import annotations

import msgspec
import zstandard

from veracity.ingest.spans import Span
from veracity.model import Run, Source

span_encoder = msgspec.msgpack.Encoder()
span_decoder = msgspec.msgpack.Decoder(Span)
_compressor = zstandard.ZstdCompressor(level=1)
_decompressor = zstandard.ZstdDecompressor()


class _Body(msgspec.Struct, array_like=True, tag=1):
    """A stored run whose sources listed in `refs` take their content from their step's result."""

    run: Run
    refs: list[int] = []


_encoder = msgspec.msgpack.Encoder()
_body_decoder = msgspec.msgpack.Decoder(_Body)
_run_decoder = msgspec.msgpack.Decoder(Run)


def _results(run: Run) -> dict[str, str]:
    return {s.step_id: s.result for s in run.steps if isinstance(s.result, str)}


def referenced(run: Run) -> tuple[Run, list[int]]:
    """The run with each source that repeats its step's result emptied, and those sources' indexes."""
    results = _results(run)
    refs = [i for i, s in enumerate(run.sources)
            if s.step_id is not None and s.content and results.get(s.step_id) == s.content]
    if not refs:
        return run, refs
    chosen = set(refs)
    sources = [msgspec.structs.replace(s, content="") if i in chosen else s for i, s in enumerate(run.sources)]
    return msgspec.structs.replace(run, sources=sources), refs


def resolved(run: Run, refs: list[int]) -> Run:
    """`referenced` undone: each listed source gets its step's result text back."""
    if not refs:
        return run
    results = _results(run)
    sources: list[Source] = list(run.sources)
    for i in refs:
        step_id = sources[i].step_id
        if step_id is None or step_id not in results:
            raise ValueError(f"run {run.run_id}: source {i} refers to step {step_id!r}, which has no result")
        sources[i] = msgspec.structs.replace(sources[i], content=results[step_id])
    return msgspec.structs.replace(run, sources=sources)


def pack_run(run: Run) -> bytes:
    """A run as stored: msgpack, zstd-compressed (raw tool results are most of it and compress 5-7×)."""
    stripped, refs = referenced(run)
    return _compressor.compress(_encoder.encode(_Body(stripped, refs)))


def unpack_run(body: bytes) -> Run:
    raw = _decompressor.decompress(body)
    if raw[:1] == b"\x93":  # [tag, run, refs]: an array of three; a bare run (older bodies) is a map
        stored = _body_decoder.decode(raw)
        return resolved(stored.run, stored.refs)
    return _run_decoder.decode(raw)
