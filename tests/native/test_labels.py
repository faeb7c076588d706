"""The native labeler (``veracity._core.Labeler``) against its specification
(``labels.label_at_py``): the same label for every span, on generated and real texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.native.conftest import lexicon_texts, texts_of
from veracity import _core
from veracity.values import labels
from veracity.values.folding import token_spans_py
from veracity.values.labels import label_at_py
from veracity.values.numbers import scan

LABELER = _core.Labeler(set(labels._NOT_UNITS))


def native(text: str, start: int, end: int) -> str | None:
    done, label = LABELER.label_at(text, start, end)
    return label if done else label_at_py(text, start, end)


def _spans(text: str) -> list[tuple[int, int]]:
    """Every numeric token's span and every word's span of ``text``."""
    out = [(t.start, t.end) for t in scan(text)]
    out += [(s, e) for _, s, e in token_spans_py(text)]
    return out


def _same_everywhere(text: str) -> None:
    for s, e in _spans(text):
        assert native(text, s, e) == label_at_py(text, s, e), (text[max(0, s - 80) : e + 40], s, e)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ('{"employee_count": 230}', 19, 22),
        ("230 full-time staff", 0, 3),
        ('{"PTS": {"17": "38"}}', 16, 18),
        ('{"Ümsatz": 12}', 11, 13),
        ('{"  Key\x1c ": 5}', 12, 13),
        ("| Revenue | 12 |", 12, 14),
        ("Head count:\n 230 people", 13, 16),
        ("ended at 230.", 9, 13),
        ("230 total  employees", 0, 3),
        ("230 the staff", 0, 3),
        ("x" * 100 + " Staff\t: 12 k", 110, 112),
    ],
)
def test_examples(text: str, start: int, end: int) -> None:
    assert native(text, start, end) == label_at_py(text, start, end)


_PIECES = st.sampled_from(
    [
        '{"', '"', "'", ": ", ":", "=", "|", "\t", "[", "\n", "  ", " ", "\u00a0", "\x1c", "{", "}", ",",
        "employee_count", "Revenue", "Head count", "17", "230", "$12.5M", "3,1 Mio", "full-time", "part time",
        "total", "global", "active", "staff", "employees", "the", "of", "Ümsatz", "straße", "😀", "l’été", ".",
        "(", ")", "/", "-", "_", "\u2028", "\u3000", "İ", "Σ",
    ]
)
_TEXTS = st.one_of(st.lists(_PIECES, max_size=40).map("".join), st.text(max_size=120))


@given(_TEXTS, st.data())
def test_generated_texts(text: str, data: st.DataObject) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return
    _same_everywhere(text)
    if text:
        s = data.draw(st.integers(0, len(text) - 1))
        e = data.draw(st.integers(s + 1, len(text)))
        assert native(text, s, e) == label_at_py(text, s, e)


@pytest.mark.parametrize("code", sorted(lexicon_texts()))
def test_every_language_lexicon(code: str) -> None:
    _same_everywhere(lexicon_texts()[code])


def _check_all(texts: list[str]) -> None:
    assert texts
    for text in texts:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            continue
        _same_everywhere(text)


@pytest.mark.parametrize("world", ["a", "b"])
def test_generated_world_tool_results(world: str, world_dirs: dict[str, Path]) -> None:
    _check_all(texts_of([str(world_dirs[world])]))


def test_real_tool_results(real_slices: list[Path]) -> None:
    if not real_slices:
        pytest.skip("shared data not present")
    for path in real_slices:
        _check_all(texts_of([str(path)]))
