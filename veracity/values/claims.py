"""Checkable claims in prose: numbers with what they measure, dates, web addresses, phones, names.

>>> t = "Acme Robotics, Inc. (acmerobotics.io) has about 230 employees and $12.5M revenue; CEO Dana Liu founded it in 2011."
>>> [(c.kind.value, c.raw, c.measure) for c in extract_claims(t)]  # doctest: +NORMALIZE_WHITESPACE
[('org_name', 'Acme Robotics, Inc.', 'org'), ('domain', 'acmerobotics.io', None), ('count', 'about 230', 'employee'),
 ('money', '$12.5M', 'revenue'), ('person_name', 'Dana Liu', 'name'), ('year', '2011', None)]
>>> all(t[c.start:c.end] == c.raw for c in extract_claims(t))
True
"""

from __future__ import annotations

import re

from .counts import count_from_token, pct_from_token
from .dates import WEEKDAY_RE, find_dates, find_years
from .folding import fold
from .lexicon import en
from .money import MONEY_CONTEXT_RE, money_from_token, money_label
from .names import parse_org, parse_person
from .namespans import name_spans
from .numbers import labels, scan
from .numtoken import NumToken
from .phone import find_phones
from .simple import stem
from .types import Claim, Count, Mention, Normal, ValueType
from .web import find_emails, find_urls

_MEASURE_STOP = en.LEXICON.stop_words
_ARTICLE_RE = re.compile(r"\b(an?)\s+(?:single\s+)?([A-Za-z]+)\b", re.IGNORECASE)


class _Claims:
    """Claims found so far, and which characters of the text they occupy."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.claims: list[Claim] = []
        self.occupied = bytearray(len(text))

    def free(self, s: int, e: int) -> bool:
        return self.occupied.find(1, s, e) == -1

    def add(self, c: Claim) -> None:
        self.claims.append(c)
        self.occupied[c.start : c.end] = b"\x01" * (c.end - c.start)


def _add_web_phone_dates(acc: _Claims) -> None:
    text = acc.text
    for m in find_urls(text):
        if acc.free(m.start, m.end):
            kind = ValueType.URL if getattr(m.normal, "path", "") else ValueType.DOMAIN
            acc.add(Claim(kind, m.start, m.end, m.raw, m.normal, None))
    for m in find_emails(text):
        # An e-mail may contain a "domain" already taken: the e-mail wins.
        acc.claims[:] = [c for c in acc.claims if not (c.start >= m.start and c.end <= m.end)]
        acc.add(Claim(ValueType.EMAIL, m.start, m.end, m.raw, m.normal, None))
    for m in find_phones(text):
        if acc.free(m.start, m.end):
            acc.add(Claim(ValueType.PHONE, m.start, m.end, m.raw, m.normal, "phone"))
    for m in find_dates(text):
        if acc.free(m.start, m.end):
            acc.add(Claim(ValueType.DATE, m.start, m.end, m.raw, m.normal, None, m.approximate))
    for wm in WEEKDAY_RE.finditer(text):
        if acc.free(wm.start(), wm.end()):
            acc.add(Claim(ValueType.DATE, wm.start(), wm.end(), wm.group(), None, "weekday"))


def _number_claim(text: str, t: NumToken, lab: str | None, years: dict[int, Mention]) -> Claim | None:
    """The claim one numeric token makes: a percentage, money, a year or a count."""
    raw = text[t.start : t.end]
    label = None if lab is None or lab in _MEASURE_STOP else stem(lab)
    if t.percent:
        p = pct_from_token(t, fraction_ok=False)
        return None if p is None else Claim(ValueType.PERCENTAGE, t.start, t.end, raw, p, label, p.approximate)
    before = MONEY_CONTEXT_RE.search(text, max(0, t.start - 40), t.start) if t.magnitude or t.currency else None
    if t.currency or (t.magnitude and not t.is_word and (money_label(label) or before is not None)):
        mo = money_from_token(t)
        if mo is None:
            return None
        what = label if money_label(label) else (fold(before.group().split()[0]) if before else label)
        return Claim(ValueType.MONEY, t.start, t.end, raw, mo, what, mo.approximate)
    y = years.get(t.num_start)
    if y is not None and t.high is None and not t.magnitude and t.num_end - t.num_start == 4:
        what = y.label if y.label and y.label not in _MEASURE_STOP else None
        return Claim(ValueType.YEAR, y.start, y.end, y.raw, y.normal, what, y.approximate)
    c = count_from_token(t)
    return None if c is None else Claim(ValueType.COUNT, t.start, t.end, raw, c, label, c.approximate)


def _add_numbers(acc: _Claims) -> None:
    text = acc.text
    years = {m.start if not m.approximate else m.end - 4: m for m in find_years(text)}
    for t, lab in zip(scan(text), labels(text), strict=True):
        if acc.free(t.start, t.end):
            c = _number_claim(text, t, lab, years)
            if c is not None:
                acc.add(c)
    # "an assist", "a subsidiary": an article counts one of any noun the text also counts with a numeral.
    counted = {c.measure for c in acc.claims if c.kind is ValueType.COUNT and c.measure}
    if counted:
        for am in _ARTICLE_RE.finditer(text):
            noun = stem(am.group(2).lower())
            if noun in counted and acc.free(am.start(1), am.end(1)):
                acc.add(Claim(ValueType.COUNT, am.start(1), am.end(1), am.group(1), Count(1.0), noun))


def _add_names(acc: _Claims) -> None:
    for s, e, kind, measure in name_spans(acc.text):
        if not acc.free(s, e):
            continue
        raw = acc.text[s:e]
        n: Normal | None = parse_org(raw) if kind is ValueType.ORG_NAME else parse_person(raw)
        if n is not None:
            acc.add(Claim(kind, s, e, raw, n, measure))


def extract_claims(text: str) -> list[Claim]:
    """Checkable claims in prose (or any text), in order, with exact offsets.

    Numbers with their unit and what they measure (money, percentages, years, counts with the
    noun they count: ``"38 points"`` -> measure ``point``), dates and weekdays, URLs, domains,
    e-mails, phones, and capitalised name spans (kind ORG_NAME/PERSON_NAME; ``measure`` is
    ``org``/``person`` when a cue decides it, ``name`` when the split is a guess)."""
    acc = _Claims(text)
    _add_web_phone_dates(acc)
    _add_numbers(acc)
    _add_names(acc)
    acc.claims.sort(key=lambda c: (c.start, c.end))
    return acc.claims
