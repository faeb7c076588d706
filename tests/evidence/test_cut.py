"""Structured text cut before its end (vCard, markdown table, YAML): properties of `cut_format`."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from veracity.evidence.cut import cut_format

_CELL = st.text(alphabet=st.characters(whitelist_categories=("L", "N"), whitelist_characters=" .-"), min_size=1,
                max_size=12).map(str.strip).filter(bool)
_ROWS = st.integers(min_value=2, max_value=6).flatmap(
    lambda n: st.lists(st.lists(_CELL, min_size=n, max_size=n), min_size=2, max_size=6)
)


def _table(rows: list[list[str]]) -> str:
    line = lambda cells: "| " + " | ".join(cells) + " |"  # noqa: E731
    return "\n".join([line(rows[0]), "|" + "---|" * len(rows[0]), *(line(r) for r in rows[1:])])


@given(_ROWS)
def test_a_whole_table_is_not_cut(rows: list[list[str]]) -> None:
    assert cut_format(_table(rows)) is None


@given(_ROWS, st.data())
def test_a_table_cut_inside_its_last_row_is_cut(rows: list[list[str]], data: st.DataObject) -> None:
    text = _table(rows)
    last_start = text.rindex("\n") + 1
    # Cut after the last row's first cell, before its closing pipe.
    first_pipe = text.index("|", last_start + 1)
    end = data.draw(st.integers(min_value=first_pipe + 1, max_value=len(text) - 2))
    assert cut_format(text[:end]) == "a markdown table whose last row stops mid-way"


_FIELDS = st.dictionaries(st.sampled_from(["FN", "ORG", "TITLE", "TEL", "EMAIL", "NOTE", "URL"]), _CELL, min_size=2)


@given(_FIELDS, st.data())
def test_a_vcard_is_cut_exactly_when_its_end_is_missing(fields: dict[str, str], data: st.DataObject) -> None:
    card = "BEGIN:VCARD\r\nVERSION:4.0\r\n" + "".join(f"{k}:{v}\r\n" for k, v in fields.items()) + "END:VCARD\r\n"
    assert cut_format(card) is None
    end = data.draw(st.integers(min_value=len("BEGIN:VCARD\r\n") + 1, max_value=len(card) - len("END:VCARD\r\n") - 1))
    assert cut_format(card[:end]) == "a vCard that stops before END:VCARD"


@given(st.dictionaries(st.from_regex(r"[a-z]{3,10}", fullmatch=True), _CELL, min_size=2, max_size=6))
def test_whole_yaml_is_not_cut_and_a_key_cut_before_its_colon_is(entries: dict[str, str]) -> None:
    text = "company:\n" + "".join(f"  {k}: {v}\n" for k, v in entries.items())
    assert cut_format(text) is None
    key = next(iter(entries))
    assert cut_format(text + "  " + key[:2]) == "YAML that stops mid-way"
