"""A tool result written as CSV with any delimiter: the header names each column's attribute.

``csv.Sniffer`` finds the delimiter (comma, semicolon, tab, pipe); a text is taken for CSV when
its first line is a header of words and at least one more line has as many cells. A cell's label
is its column's header, so "230" in ``name;employees\\nAcme;230`` measures ``employees``. A
semicolon-delimited file is the export of a locale that writes decimal commas (German, French...):
its numbers are read that way.

>>> text = "Firma;Mitarbeiter;Umsatz EUR\\nAcme GmbH;1.219;3,5 Mio"
>>> csv_label(text, text.index("1.219")), csv_label(text, text.index("3,5")), csv_layout(text).delimiter
('mitarbeiter', 'umsatz eur', ';')
>>> csv_layout("Acme employs 230 people, says its CEO.") is None
True
>>> [(h, c) for _, h, c in csv_cells(text)]
[('firma', 'Acme GmbH'), ('mitarbeiter', '1.219'), ('umsatz eur', '3,5 Mio')]
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple

from .textcache import per_text

_DELIMITERS = ",;\t|"
_HEADER_CELL_RE = re.compile(r"^[^\W\d_][\w.()/%#&'-]*(?: [\w.()/%#&'-]+){0,3}$")  # a name of up to four words


class Layout(NamedTuple):
    delimiter: str
    headers: tuple[str, ...]
    line_starts: tuple[int, ...]  # offsets of every line of the text (header line first)


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(line), delimiter=delimiter), [])


def _headers(first: str, delimiter: str) -> list[str]:
    """The cells of the first line split on ``delimiter`` when they are a header (two or more
    names), else []."""
    headers = [h.strip().strip('"').strip() for h in _split(first.strip("\r"), delimiter)]
    return headers if len(headers) >= 2 and all(_HEADER_CELL_RE.match(h) for h in headers) else []


@per_text
def csv_layout(text: str) -> Layout | None:
    """The delimiter, headers and line offsets of a CSV text, or None when ``text`` is not CSV."""
    head = text[:4096]
    first, _, rest = head.partition("\n")
    if not rest or not any(d in first for d in _DELIMITERS) or first.lstrip()[:1] in "{[<" or first.rstrip()[-1:] in ".!?:":
        return None
    if not any(d in first and _headers(first, d) for d in _DELIMITERS):
        return None  # no delimiter makes the first line a header: whichever the sniffer picks, not CSV
    return sniffed_layout(text)


def sniffed_layout(text: str) -> Layout | None:
    """:func:`csv_layout` with the delimiter always asked of ``csv.Sniffer`` (its specification)."""
    head = text[:4096]
    first, _, rest = head.partition("\n")
    if not rest or not any(d in first for d in _DELIMITERS) or first.lstrip()[:1] in "{[<" or first.rstrip()[-1:] in ".!?:":
        return None
    try:
        delimiter = csv.Sniffer().sniff(head if len(head) < 4096 else head.rsplit("\n", 1)[0], _DELIMITERS).delimiter
    except csv.Error:
        return None
    headers = _headers(first, delimiter)
    if not headers:
        return None
    rows = [r for r in head.split("\n")[1:6] if r.strip()]
    if not rows or any(len(_split(r.strip("\r"), delimiter)) != len(headers) for r in rows[:-1] or rows):
        return None
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return Layout(delimiter, tuple(h.lower() for h in headers), tuple(starts))


def csv_label(text: str, pos: int) -> str | None:
    """The header of the CSV column the offset ``pos`` of ``text`` falls in (None outside a data row)."""
    layout = csv_layout(text)
    if layout is None:
        return None
    line = bisect_right(layout.line_starts, pos) - 1
    if line <= 0:
        return None
    cells = 0
    quoted = False
    for ch in text[layout.line_starts[line] : pos]:
        if ch == '"':
            quoted = not quoted
        elif ch == layout.delimiter and not quoted:
            cells += 1
    return layout.headers[cells] if cells < len(layout.headers) else None


def csv_cells(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, header, text) of every non-empty cell of a CSV text's data rows, row by row."""
    layout = csv_layout(text)
    if layout is None:
        return
    for line, start in enumerate(layout.line_starts[1:], 1):
        end = layout.line_starts[line + 1] - 1 if line + 1 < len(layout.line_starts) else len(text)
        pos, quoted, col = start, False, 0
        for i in range(start, end + 1):
            ch = text[i] if i < end else layout.delimiter
            if ch == '"':
                quoted = not quoted
            elif (ch == layout.delimiter and not quoted) or i == end:
                cell = text[pos:i]
                lead = len(cell) - len(cell.lstrip(' "'))
                value = cell.strip().strip('"').strip().rstrip("\r")
                if value and col < len(layout.headers):
                    yield pos + lead, layout.headers[col], value
                pos, col = i + 1, col + 1


def decimal_comma_csv(text: str) -> bool:
    """A semicolon-delimited CSV: the export of a locale that writes decimal commas."""
    layout = csv_layout(text)
    return layout is not None and layout.delimiter == ";"
