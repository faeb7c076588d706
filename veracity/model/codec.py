"""JSON for the run model: the "Run JSONL" format of CONTRACT.md."""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from veracity.model.types import Finding, Label, Run, Verdict

_encoder = msgspec.json.Encoder()
_run_decoder = msgspec.json.Decoder(Run)
_label_decoder = msgspec.json.Decoder(Label)


def run_to_json(run: Run) -> bytes:
    """One run as compact JSON (one line of Run JSONL)."""
    return _encoder.encode(run)


def run_from_json(data: bytes | str) -> Run:
    """A run from one line of Run JSONL; raises `msgspec.ValidationError` naming the bad field."""
    return _run_decoder.decode(data)


def runs_to_jsonl(runs: Iterable[Run]) -> bytes:
    return b"".join(_encoder.encode(r) + b"\n" for r in runs)


def to_builtins(obj: Run | Finding | Verdict | Label) -> dict:
    """Plain dicts and lists, for JSON output and tables."""
    result = msgspec.to_builtins(obj)
    assert isinstance(result, dict)
    return result


def label_from_dict(data: dict) -> Label:
    return msgspec.convert(data, Label)


def label_from_json(data: bytes | str) -> Label:
    return _label_decoder.decode(data)
