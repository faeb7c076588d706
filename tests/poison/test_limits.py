"""Limits from veracity.toml, streamed gzip, and the boundary checks of decoded values."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veracity.config import ConfigError, parse_config
from veracity.ingest.decode import gunzip
from veracity.ingest.limits import Limits
from veracity.ingest.spans import DecodeError, LimitError
from veracity.ingest.validate import INT64_MAX, INT64_MIN, as_int, value_problem


def test_limits_are_read_from_the_config_and_bad_ones_named():
    config = parse_config({"limits": {"max_spans": 10, "body_timeout": 2}}, Path("."))
    assert config.limits == Limits(max_spans=10, body_timeout=2.0)
    for bad in ({"max_spanz": 1}, {"max_spans": 0}, {"max_depth": "deep"}, {"max_depth": True}):
        with pytest.raises(ConfigError, match="limits"):
            parse_config({"limits": bad}, Path("."))


def test_gzip_stops_inflating_at_the_limit_and_reads_several_members():
    assert gunzip(gzip.compress(b"a" * 10) + gzip.compress(b"b" * 5)) == b"a" * 10 + b"b" * 5
    with pytest.raises(LimitError) as refused:
        gunzip(gzip.compress(b"\0" * 10_000_000), limit=1_000_000)
    assert refused.value.status == 413
    with pytest.raises(DecodeError, match=r"truncated|corrupt"):
        gunzip(gzip.compress(b"x" * 1000)[:-12])


@given(st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=30), st.booleans(), st.none()))
def test_as_int_gives_a_64_bit_integer_or_none(value):
    got = as_int(value)
    assert got is None or (type(got) is int and INT64_MIN <= got <= INT64_MAX)
    if type(value) is int and INT64_MIN <= value <= INT64_MAX:
        assert got == value


def test_value_problem_names_each_poison():
    limits = Limits(max_value_bytes=100, max_depth=3)
    assert value_problem({"a": [1, "x"]}, limits) is None
    assert "64-bit" in (value_problem([2**64], limits) or "")
    assert "not a string" in (value_problem({5: 1}, limits) or "")
    assert "deeper" in (value_problem([[[[1]]]], limits) or "")
    assert "larger" in (value_problem("x" * 101, limits) or "")
    assert "JSON text" in (value_problem("[" * 300 + "]" * 300) or "")
    assert value_problem("[" * 300) is None  # not JSON: it stays text
