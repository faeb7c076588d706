"""CSV tool results with any delimiter: each cell is labelled by its column's header."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from veracity.values import ValueType, find_values
from veracity.values.csvtext import csv_cells, csv_label, csv_layout

HEADERS = ["name", "employees", "city", "founded", "registration number", "revenue eur"]
cells = st.from_regex(r"[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8})?", fullmatch=True)


@given(st.sampled_from([",", ";", "\t", "|"]), st.lists(st.tuples(cells, st.integers(1, 99_999)), min_size=1, max_size=5))
def test_every_cell_is_labelled_by_its_header(delimiter: str, rows: list[tuple[str, int]]) -> None:
    text = delimiter.join(["name", "employees", "city"]) + "\n"
    text += "".join(f"{n}{delimiter}{e}{delimiter}Berlin\n" for n, e in rows)
    layout = csv_layout(text)
    assert layout is not None and layout.delimiter == delimiter
    pos = 0
    for n, e in rows:
        line = text.index(f"{n}{delimiter}{e}{delimiter}", pos)
        assert csv_label(text, line) == "name"
        assert csv_label(text, line + len(n) + 1) == "employees"
        pos = line + 1
    counts = [m for m in find_values(text, ValueType.COUNT) if m.label == "employees"]
    assert [m.normal.value for m in counts] == [float(e) for _, e in rows]  # type: ignore[union-attr]


@given(st.sampled_from([",", ";", "\t", "|"]), st.lists(st.tuples(cells, st.integers(1, 99_999), cells), min_size=1,
                                                          max_size=5), st.booleans())
def test_cells_come_back_with_their_header_and_offset(delimiter: str, rows: list[tuple[str, int, str]],
                                                      quoted: bool) -> None:
    q = '"' if quoted else ""
    text = delimiter.join(["name", "employees", "country"]) + "\n"
    text += "".join(f"{q}{n}{q}{delimiter}{e}{delimiter}{c}\n" for n, e, c in rows)
    got = list(csv_cells(text))
    assert [(h, v) for _, h, v in got] == [x for n, e, c in rows for x in (("name", n), ("employees", str(e)),
                                                                          ("country", c))]
    assert all(text[pos:pos + len(v)] == v for pos, _, v in got)


def test_prose_and_json_are_not_csv() -> None:
    assert csv_layout("Acme, a robotics firm, employs 230 people.\nIt was founded in 2011.") is None
    assert csv_layout('{"name": "Acme",\n "employees": 230}') is None
    assert csv_layout("name;employees") is None  # a header alone


def test_a_semicolon_export_reads_decimal_commas() -> None:
    text = "Firma;Mitarbeiter;Umsatz EUR\nAcme GmbH;7.043;1.234.567,5\n"
    counts = {m.raw: m.normal.value for m in find_values(text, ValueType.COUNT)}  # type: ignore[union-attr]
    assert counts["7.043"] == 7043.0
    assert csv_label(text, text.index("1.234")) == "umsatz eur" and HEADERS
