"""Ranges of numbers: "201-500", "$10-20M", "between 200 and 500" as one token."""

from __future__ import annotations

import re

from .labels import label_at
from .numerals import MAGNITUDES
from .numtoken import NumToken

_RANGE_SEP_RE = re.compile(r"\s*(?:-|–|—|to|and|bis)\s*$", re.IGNORECASE)


def merge_ranges(text: str, toks: list[NumToken]) -> list[NumToken]:
    """Merge "201-500", "$10-20M", "between 200 and 500" into range tokens."""
    out: list[NumToken] = []
    i = 0
    n = len(toks)
    while i < n:
        a = toks[i]
        if i + 1 < n and not a.is_word and not toks[i + 1].is_word:
            b = toks[i + 1]
            gap = text[a.end : b.start]
            sep = _RANGE_SEP_RE.match(gap) if len(gap) <= 7 else None
            if (sep and not a.percent) or (sep and a.percent and b.percent):
                sep_word = gap.strip().lower()
                a_val = a.value
                if a.magnitude is None and b.magnitude is not None:
                    a_val = a.value * MAGNITUDES[b.magnitude]
                between = text[max(0, a.start - 8) : a.start].lower().rstrip().endswith("between")
                ok_sep = sep_word in ("to", "–", "—", "bis") or (sep_word == "and" and between)
                if sep_word == "-" and not gap.strip(" -"):
                    nxt = label_at(text, b.end, b.end) if b.end < len(text) else None
                    whole = not text[: a.start].strip(" \t\"'[") and not text[b.end :].strip(" \t\"']")
                    ok_sep = bool(
                        a.currency or b.currency or a.magnitude or b.magnitude or b.percent or whole
                    ) or (nxt is not None and nxt in _RANGE_UNITS)
                    ok_sep = ok_sep and gap.strip() == "-" and " " not in gap
                if ok_sep and a_val < b.value and (a.currency is None or b.currency in (None, a.currency)):
                    out.append(
                        NumToken(
                            start=a.start,
                            end=b.end,
                            value=a_val,
                            currency=a.currency or b.currency,
                            magnitude=b.magnitude or a.magnitude,
                            percent=b.percent,
                            approximate=a.approximate or b.approximate,
                            approx_word=a.approx_word,
                            plus=b.plus,
                            is_word=False,
                            num_start=a.num_start,
                            num_end=b.num_end,
                            decimals=max(a.decimals, b.decimals),
                            high=b.value,
                        )
                    )
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


_RANGE_UNITS = frozenset(
    [
        "employees",
        "employee",
        "staff",
        "people",
        "persons",
        "workers",
        "members",
        "users",
        "customers",
        "clients",
        "seats",
        "headcount",
        "fte",
        "ftes",
        "years",
        "year",
        "months",
        "days",
        "hours",
    ]
)
