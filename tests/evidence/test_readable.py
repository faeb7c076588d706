"""Which sources the checker could read in full."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from veracity.evidence import unreadable_reason
from veracity.model import Source


def _src(text: str) -> Source:
    return Source("s", "tool_result", text)


def test_binary_and_garbled_sources_are_unreadable() -> None:
    assert unreadable_reason(_src("%PDF-1.7\x00\x01\x02 stream")) == "binary content"
    garbled = "Acme \ufffd\ufffd employs \ufffd\ufffd\ufffd people \ufffd\ufffd\ufffd\ufffd" * 2
    assert unreadable_reason(_src(garbled)) == "text garbled by an encoding the checker could not decode"


def test_a_cut_at_a_limit_is_unreadable_and_a_short_broken_answer_is_not() -> None:
    cut = json.dumps({"rows": [{"name": f"Acme {i}", "employees": i} for i in range(200)]})[:4096]
    assert unreadable_reason(_src(cut)) == "JSON that stops before it is complete"
    assert unreadable_reason(_src('{"name": "Acme", "employees": 23')) is None  # a failed call: the steps check's


@given(st.dictionaries(st.text(min_size=1, max_size=8), st.integers() | st.text(max_size=20), max_size=30))
def test_json_read_in_full_is_readable(d: dict) -> None:
    assert unreadable_reason(_src(json.dumps(d, ensure_ascii=False))) is None
