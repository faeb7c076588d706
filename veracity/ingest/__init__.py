"""Ingestion: payloads → spans (`decode`) → runs (`assemble`). Pure functions, no I/O but `files`."""

from veracity.ingest.assemble import assemble, group_by_trace
from veracity.ingest.decode import Decoded, decode
from veracity.ingest.files import FileResult, read_paths
from veracity.ingest.spans import DecodeError, Span

__all__ = ["DecodeError", "Decoded", "FileResult", "Span", "assemble", "decode", "group_by_trace", "read_paths"]
