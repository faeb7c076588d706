"""Counts and percentages.

A count written with a magnitude denotes the interval its rounding implies ("1.2k" is
1150-1250); "230+" is a lower bound, "201-500" a range; "about 230" is approximate.

>>> same_count(parse_count("about 230 employees"), parse_count(235))
True
>>> same_count(parse_count(230), parse_count("2,300"))
False
>>> same_count(parse_count("201-500"), parse_count(230))
True
>>> same_percentage(parse_percentage("12%"), parse_percentage(0.12))
True
"""

from __future__ import annotations

import math
import re

from .money import plain_number
from .numbers import labels, scan, scan_one
from .numerals import MAGNITUDES
from .numtoken import NumToken
from .types import Count, Mention, Percentage

APPROX_TOLERANCE = 0.10
LOWER_BOUND_SPAN = 1.5  # "230+" is taken to mean 230 .. 345 when compared
PCT_TOLERANCE = 0.02
PCT_ABS_SLACK = 0.05  # percentage points: "12.0%" vs "12.04%"

_PCT_LABEL_RE = re.compile(r"(?:pct|percent|percentage|rate|margin|growth|share|ratio|yield|churn)", re.I)


def count_from_token(t: NumToken) -> Count | None:
    if t.percent or t.currency:
        return None
    v = t.value
    if t.high is not None:
        return Count(value=(v + t.high) / 2.0, low=v, high=t.high)
    if t.plus or t.approx_word in ("over", "more than", "upwards of", ">", ">="):
        return Count(value=v, low=v, high=math.inf)
    if t.approx_word in ("under", "less than", "up to", "<", "<="):
        return Count(value=v, low=0.0, high=v)
    if t.magnitude and not t.is_word:
        half = 0.5 * (10.0**-t.decimals) * MAGNITUDES[t.magnitude]
        return Count(value=v, low=v - half, high=v + half, approximate=t.approximate)
    if t.decimals == 3 and v >= 1 and not t.is_word and v != int(v):
        # "6.436" counted: no fractional headcount, so a dot before three digits groups thousands
        # (German, Spanish, Dutch... formatting) wherever the text's language is unknown.
        v = float(round(v * 1000))
    return Count(value=v, approximate=t.approximate)


def parse_count(value: object) -> Count | None:
    """Normal form of a count (a number, or text such as ``"1.2k staff"``, ``"201-500"``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        f = float(value)
        return Count(value=f) if math.isfinite(f) else None
    if not isinstance(value, str):
        return None
    t = scan_one(value)
    if t is None:
        toks = [x for x in scan(value) if not x.percent and not x.currency]
        t = toks[0] if toks else None
    return count_from_token(t) if t is not None else None


def find_counts(text: str) -> list[Mention]:
    """Every count in ``text``: numerals (not money, not percentages) and number words."""
    out: list[Mention] = []
    for t, label in zip(scan(text), labels(text), strict=True):
        c = count_from_token(t)
        if c is None:
            continue
        out.append(Mention(c, t.start, t.end, text[t.start : t.end], c.approximate, label))
    return out


def _interval(c: Count) -> tuple[float, float]:
    if c.low is None or c.high is None:
        return c.value, c.value
    hi = c.high
    if math.isinf(hi):
        hi = max(c.low * LOWER_BOUND_SPAN, c.low + 1.0)
    return c.low, hi


def count_distance(a: Count, b: Count) -> float:
    """0 when the values (or intervals) overlap, else the relative gap, in [0, 1]."""
    if a == b:
        return 0.0
    alo, ahi = _interval(a)
    blo, bhi = _interval(b)
    gap = max(0.0, blo - ahi, alo - bhi)
    if gap == 0.0:
        return 0.0
    scale = max(abs(alo), abs(ahi), abs(blo), abs(bhi))
    return min(1.0, gap / scale) if scale else 0.0


def same_count(a: Count, b: Count, tolerance: float | None = None) -> bool:
    tol = 0.0 if tolerance is None else tolerance
    if a.approximate or b.approximate:
        tol = max(tol, APPROX_TOLERANCE)
    return count_distance(a, b) <= tol + 1e-12


def render_count(c: Count) -> str:
    if c.low is None or c.high is None:
        s = plain_number(c.value)
        return ("about " + s) if c.approximate else s
    if math.isinf(c.high):
        return plain_number(c.low) + "+"
    if c.low == 0.0 and c.high == c.value:
        return "under " + plain_number(c.high)
    s = f"{plain_number(c.low)} to {plain_number(c.high)}"
    return ("about " + s) if c.approximate else s


# --- percentages ------------------------------------------------------------------------


def pct_from_token(t: NumToken, fraction_ok: bool) -> Percentage | None:
    if t.currency or t.magnitude or t.is_word:
        return None
    v = t.value if t.high is None else (t.value + t.high) / 2.0
    if not t.percent:
        if not fraction_ok:
            return None
        if abs(v) < 1.0 and v != 0.0:
            v *= 100.0
    return Percentage(value=round(v, 9), approximate=t.approximate or t.high is not None)


def parse_percentage(value: object) -> Percentage | None:
    """``"12%"``, ``"12 percent"`` -> 12.0; a bare fraction below 1 (``0.12``) is read as 12%."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        f = float(value)
        if not math.isfinite(f):
            return None
        return Percentage(value=round(f * 100.0, 9) if 0 < abs(f) < 1.0 else f)
    if not isinstance(value, str):
        return None
    t = scan_one(value)
    if t is None:
        toks = [x for x in scan(value) if x.percent]
        t = toks[0] if toks else None
    return pct_from_token(t, fraction_ok=True) if t is not None else None


def find_percentages(text: str) -> list[Mention]:
    """Numbers written as percentages, and bare numbers whose label names a rate or share."""
    out: list[Mention] = []
    for t, label in zip(scan(text), labels(text), strict=True):
        p = pct_from_token(t, fraction_ok=False)
        if p is None and not t.percent and label and _PCT_LABEL_RE.search(label) and not t.is_word:
            p = pct_from_token(t, fraction_ok=True)
        if p is not None:
            out.append(Mention(p, t.start, t.end, text[t.start : t.end], p.approximate, label))
    return out


def percentage_distance(a: Percentage, b: Percentage) -> float:
    if a.value == b.value:
        return 0.0
    return min(1.0, abs(a.value - b.value) / max(abs(a.value), abs(b.value), 1.0))


def same_percentage(a: Percentage, b: Percentage, tolerance: float | None = None) -> bool:
    tol = PCT_TOLERANCE if tolerance is None else tolerance
    if a.approximate or b.approximate:
        tol = max(tol, APPROX_TOLERANCE)
    if abs(a.value - b.value) <= PCT_ABS_SLACK:
        return True
    return percentage_distance(a, b) <= tol + 1e-12


def render_percentage(p: Percentage) -> str:
    s = plain_number(p.value) + "%"
    return ("about " + s) if p.approximate else s
