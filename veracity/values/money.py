"""Money: amount + ISO currency, relative distance, no FX.

>>> parse_money("$12.5M")
Money(amount=12500000.0, currency='USD', approximate=False, vtype=<ValueType.MONEY: 'money'>)
>>> same_money(parse_money("12,500,000 USD"), parse_money("12.5 million dollars"))
True
>>> same_money(parse_money("$12.5M"), parse_money("$15M"))
False
>>> same_money(parse_money("about $12 million"), parse_money("$12.5M"))
True
>>> same_money(parse_money("€3.1m"), parse_money("$3.1m"))
False
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from .folding import trie_regex
from .lexicon import words
from .numbers import labels, scan, scan_one
from .numtoken import NumToken
from .types import Mention, Money

DEFAULT_TOLERANCE = 0.02
APPROX_TOLERANCE = 0.10

MONEY_WORDS = words("money_words")  # every language's (.lexicon)
MONEY_CONTEXT_RE = re.compile(r"\b" + trie_regex(MONEY_WORDS) + r"\b[^.\n\d]{0,30}$", re.IGNORECASE)
_LABEL_SPLIT_RE = re.compile(r"[^a-z]+")


def money_label(label: str | None) -> bool:
    """True when a JSON key / table label names a money quantity (``annual_revenue_usd``)."""
    if not label:
        return False
    return any(t in MONEY_WORDS for t in _LABEL_SPLIT_RE.split(label.lower()) if t)


def money_from_token(t: NumToken) -> Money | None:
    if t.percent:
        return None
    amount = t.value if t.high is None else (t.value + t.high) / 2.0
    return Money(amount=amount, currency=t.currency, approximate=t.approximate or t.high is not None)


def parse_money(value: object) -> Money | None:
    """Normal form of a money value (a number, or text such as ``"EUR 3,1 Mio"``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        f = float(value)
        return Money(amount=f) if math.isfinite(f) else None
    if not isinstance(value, str):
        return None
    t = scan_one(value)
    if t is None:
        # "revenue of 12.5 million" / "USD 12.5 mn (2023)": take the first money-looking token.
        for tok in scan(value):
            if tok.currency or tok.magnitude:
                t = tok
                break
    if t is None or t.is_word:
        return None
    return money_from_token(t)


def find_money(text: str) -> list[Mention]:
    """Every money amount in ``text``: numbers with a currency or a magnitude, and bare numbers
    whose label (JSON key, table label, preceding words) names a money quantity."""
    out: list[Mention] = []
    for t, label in zip(scan(text), labels(text), strict=True):
        if t.percent or t.is_word:
            continue
        if not (t.currency or t.magnitude or money_label(label)) and not MONEY_CONTEXT_RE.search(
            text, max(0, t.start - 40), t.start
        ):
            continue
        m = money_from_token(t)
        if m is not None:
            out.append(Mention(m, t.start, t.end, text[t.start : t.end], m.approximate, label))
    return out


def money_distance(a: Money, b: Money) -> float:
    """Relative difference in [0, 1]; 1 when both currencies are known and differ."""
    if a.currency and b.currency and a.currency != b.currency:
        return 1.0
    x, y = a.amount, b.amount
    if x == y:
        return 0.0
    return min(1.0, abs(x - y) / max(abs(x), abs(y)))


def same_money(a: Money, b: Money, tolerance: float | None = None) -> bool:
    if a.currency and b.currency and a.currency != b.currency:
        return False
    tol = DEFAULT_TOLERANCE if tolerance is None else tolerance
    if a.approximate or b.approximate:
        tol = max(tol, APPROX_TOLERANCE)
    return money_distance(a, b) <= tol + 1e-12


def plain_number(x: float) -> str:
    """A float as plain decimal digits (no exponent) that parses back to the same float."""
    s = format(Decimal(repr(float(x))), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def render_money(m: Money) -> str:
    """Text that :func:`parse_money` maps back to ``m``.

    >>> render_money(Money(12500000.0, "USD"))
    '12500000 USD'
    """
    s = plain_number(m.amount)
    if m.currency:
        s += " " + m.currency
    return ("about " + s) if m.approximate else s
