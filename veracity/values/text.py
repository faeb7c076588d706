"""Claims in prose, name spans, and locating a given value in a text.

>>> t = "Acme Robotics, Inc. (acmerobotics.io) has about 230 employees and $12.5M revenue; CEO Dana Liu founded it in 2011."
>>> [(c.kind.value, c.raw, c.measure) for c in extract_claims(t)]  # doctest: +NORMALIZE_WHITESPACE
[('org_name', 'Acme Robotics, Inc.', 'org'), ('domain', 'acmerobotics.io', None), ('count', 'about 230', 'employee'),
 ('money', '$12.5M', 'revenue'), ('person_name', 'Dana Liu', 'name'), ('year', '2011', None)]
>>> all(t[c.start:c.end] == c.raw for c in extract_claims(t))
True
"""

from __future__ import annotations

import re
from functools import lru_cache

from .address import COUNTRIES, STREET_TYPES, US_STATES, address_within, is_region_token
from .compare import same_fact
from .counts import _count_from_token, _pct_from_token
from .dates import WEEKDAY_RE, find_dates, find_years
from .folding import fold, token_spans
from .labels import label_at
from .money import _MONEY_CONTEXT_RE, _from_token, money_label
from .names import _ORG_ABBREV, LEGAL_SUFFIXES, ORG_CUES, TITLES, parse_org, parse_person
from .normalize import _PARSERS, find_values
from .numbers import labels, scan
from .phone import find_phones
from .simple import locate_identifier, stem
from .textcache import TEXT_CACHE_SIZE, per_text, register_clearer
from .types import (
    Address,
    Category,
    Claim,
    Count,
    DateValue,
    FreeText,
    Identifier,
    Mention,
    Normal,
    OrgName,
    PersonName,
    ValueType,
)
from .web import find_emails, find_urls

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĜĞĠĢĤĦĨĪĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
# An abbreviation ("Dr.", "St.", "Corp.") keeps its dot inside a name; a longer word's dot ends the sentence.
_ABBREVIATIONS = (
    "Dr|Mr|Mrs|Ms|Mx|Jr|Sr|St|Ste|Mt|Ft|Prof|Rev|Hon|Gen|Col|Lt|Sgt|Capt|Inc|Co|Corp|Ltd|Bros|Ave|Blvd|Rd|No"
)
_WORD = rf"(?:(?:{_ABBREVIATIONS}|[{_UP}])\.(?=\s)|[{_UP}](?:[A-Za-zÀ-ÿĀ-ž'’-]*[A-Za-zÀ-ÿĀ-ž])?)"
_CONNECT = r"(?:of|de|van|von|der|den|la|le|du|da|di|del|&|for|y|und|et)"
_SUFFIX_ALT = "|".join(sorted((re.escape(s) for s in LEGAL_SUFFIXES if len(s) > 1), key=len, reverse=True))
_NAME_RE = re.compile(
    rf"{_WORD}(?:[ \t]+(?:{_CONNECT}[ \t]+)?{_WORD})*"
    rf"(?:,?[ \t]+(?:(?i:{_SUFFIX_ALT}|S\.A\.|N\.V\.|B\.V\.|L\.L\.C\.|Co\.?,?[ \t]+Ltd))\.?(?![\w]))?"
)
_SENT_START_RE = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[\"“(\[]\s*)$")
_STARTERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "in",
        "on",
        "at",
        "after",
        "before",
        "but",
        "and",
        "or",
        "however",
        "while",
        "with",
        "when",
        "where",
        "what",
        "who",
        "which",
        "why",
        "how",
        "as",
        "if",
        "so",
        "then",
        "there",
        "here",
        "also",
        "although",
        "though",
        "because",
        "since",
        "for",
        "from",
        "to",
        "by",
        "of",
        "during",
        "despite",
        "meanwhile",
        "overall",
        "according",
        "all",
        "both",
        "each",
        "every",
        "some",
        "many",
        "most",
        "no",
        "not",
        "only",
        "other",
        "another",
        "such",
        "one",
        "two",
        "three",
        "yes",
        "no",
        "today",
        "yesterday",
        "tomorrow",
        "last",
        "next",
        "first",
        "second",
        "third",
    ]
) | frozenset(
    [
        "ceo",
        "cfo",
        "cto",
        "coo",
        "cmo",
        "cio",
        "founder",
        "cofounder",
        "co-founder",
        "president",
        "chairman",
        "chairwoman",
        "chair",
        "director",
        "coach",
        "manager",
        "guard",
        "forward",
        "center",
        "centre",
        "senator",
        "governor",
        "mayor",
        "minister",
        "chief",
        "head",
        "vp",
        "svp",
        "evp",
        "professor",
        "dean",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "analyst",
        "reporter",
        "rookie",
        "veteran",
        "star",
    ]
)
_MONTH_DAY = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
_ARTICLE_RE = re.compile(r"\b(an?)\s+(?:single\s+)?([A-Za-z]+)\b", re.IGNORECASE)
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_MEASURE_STOP = frozenset(
    {
        "and",
        "or",
        "of",
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "was",
    }
)


def _name_kind(words: list[str]) -> tuple[ValueType, str]:
    low = [fold(w).strip(".,") for w in words]
    if any(w in ORG_CUES or (w in LEGAL_SUFFIXES and i > 0) for i, w in enumerate(low)):
        return ValueType.ORG_NAME, "org"
    if low and low[0] in TITLES:
        return ValueType.PERSON_NAME, "person"
    if 2 <= len(words) <= 4 and all(not w.isupper() or len(w) <= 2 for w in words):
        return ValueType.PERSON_NAME, "name"
    return ValueType.ORG_NAME, "name"


@lru_cache(maxsize=8192)
def _seg_kind(seg: str) -> tuple[ValueType, str]:
    return _name_kind(seg.split())


@per_text
def _name_spans(text: str) -> tuple[tuple[int, int, ValueType, str], ...]:
    out: list[tuple[int, int, ValueType, str]] = []
    for m in _NAME_RE.finditer(text):
        s, e = m.span()
        if s:
            c = text[s - 1]
            if c.isalnum() or c in "_'’-":
                continue
        raw = m.group()
        if text[s - 1 : s] == '"' and text[e : e + 3].lstrip().startswith(":"):
            continue  # a JSON key
        # Drop sentence-initial function words ("The Boston Celtics" -> "Boston Celtics").
        sent_start = s == 0 or _SENT_START_RE.search(text, max(0, s - 3), s) is not None
        if " " not in raw and "\t" not in raw:
            # One word (the common case): a sentence's first word is no name, and a function
            # word or month alone leaves nothing.
            if sent_start:
                continue
            f = fold(raw)
            if f in _STARTERS or f.strip(".") in _MONTH_DAY or f.strip(".,") in _MONTH_DAY:
                continue
            words = [raw]
        else:
            words = raw.split()
            while words and (fold(words[0]) in _STARTERS or fold(words[0]).strip(".") in _MONTH_DAY):
                s = text.index(words[0], s) + len(words[0])
                s += len(text[s:e]) - len(text[s:e].lstrip())
                words.pop(0)
                sent_start = False
            while words and fold(words[-1]).strip(".,") in _MONTH_DAY:
                words.pop()
            if not words:
                continue
        # Recompute e exactly from the retained words.
        if len(words) > 1:
            pos = s
            for w in words:
                pos = text.index(w, pos) + len(w)
            e = pos
        else:
            e = s + len(words[0])
        seg = text[s:e]
        pm = _POSSESSIVE_RE.search(seg)
        if (
            pm
            and len(seg) > 2
            and seg[pm.start() - 1 : pm.start()].isalpha()
            and pm.group() != "’"
            and pm.group() != "'"
        ):
            e -= len(pm.group())
        elif seg.endswith(("'", "’")):
            e -= 1
        seg = text[s:e].rstrip(",")
        e = s + len(seg)
        if len(words) == 1 and (sent_start or len(seg) < 2 or fold(seg) in _STARTERS):
            continue
        if not seg.isalpha() and any(ch.isdigit() or ch == "_" for ch in seg):
            continue
        kind, measure = _seg_kind(seg)
        out.append((s, e, kind, measure))
    return tuple(out)


def find_names(text: str, vtype: ValueType) -> list[Mention]:
    """Capitalised name spans normalised as ``vtype`` (ORG_NAME or PERSON_NAME). Spans whose
    kind is certain from a cue (a legal suffix, "Bank", a title) are only returned for it."""
    out: list[Mention] = []
    for s, e, kind, measure in _name_spans(text):
        if measure != "name" and kind is not vtype:
            continue
        raw = text[s:e]
        n: Normal | None = parse_org(raw) if vtype is ValueType.ORG_NAME else parse_person(raw)
        if n is not None:
            out.append(Mention(n, s, e, raw, False, label_at(text, s, e)))
    return out


def extract_claims(text: str) -> list[Claim]:
    """Checkable claims in prose (or any text), in order, with exact offsets.

    Numbers with their unit and what they measure (money, percentages, years, counts with the
    noun they count: ``"38 points"`` -> measure ``point``), dates and weekdays, URLs, domains,
    e-mails, phones, and capitalised name spans (kind ORG_NAME/PERSON_NAME; ``measure`` is
    ``org``/``person`` when a cue decides it, ``name`` when the split is a guess)."""
    claims: list[Claim] = []
    occupied = bytearray(len(text))

    def free(s: int, e: int) -> bool:
        return occupied.find(1, s, e) == -1

    def add(c: Claim) -> None:
        claims.append(c)
        occupied[c.start : c.end] = b"\x01" * (c.end - c.start)

    for m in find_urls(text):
        if free(m.start, m.end):
            kind = ValueType.URL if getattr(m.normal, "path", "") else ValueType.DOMAIN
            add(Claim(kind, m.start, m.end, m.raw, m.normal, None))
    for m in find_emails(text):
        # An e-mail may contain a "domain" already taken: the e-mail wins.
        claims[:] = [c for c in claims if not (c.start >= m.start and c.end <= m.end)]
        add(Claim(ValueType.EMAIL, m.start, m.end, m.raw, m.normal, None))
    for m in find_phones(text):
        if free(m.start, m.end):
            add(Claim(ValueType.PHONE, m.start, m.end, m.raw, m.normal, "phone"))
    for m in find_dates(text):
        if free(m.start, m.end):
            add(Claim(ValueType.DATE, m.start, m.end, m.raw, m.normal, None, m.approximate))
    for wm in WEEKDAY_RE.finditer(text):
        if free(wm.start(), wm.end()):
            add(Claim(ValueType.DATE, wm.start(), wm.end(), wm.group(), None, "weekday"))
    years = {m.start if not m.approximate else m.end - 4: m for m in find_years(text)}
    for t, lab in zip(scan(text), labels(text), strict=True):
        if not free(t.start, t.end):
            continue
        raw = text[t.start : t.end]
        label = None if lab is None or lab in _MEASURE_STOP else stem(lab)
        if t.percent:
            p = _pct_from_token(t, fraction_ok=False)
            if p is not None:
                add(Claim(ValueType.PERCENTAGE, t.start, t.end, raw, p, label, p.approximate))
            continue
        money_ctx = bool(t.currency) or (
            bool(t.magnitude)
            and not t.is_word
            and (money_label(label) or bool(_MONEY_CONTEXT_RE.search(text, max(0, t.start - 40), t.start)))
        )
        if money_ctx:
            mo = _from_token(t)
            if mo is not None:
                before = _MONEY_CONTEXT_RE.search(text, max(0, t.start - 40), t.start)
                what = label if money_label(label) else (fold(before.group().split()[0]) if before else label)
                add(Claim(ValueType.MONEY, t.start, t.end, raw, mo, what, mo.approximate))
            continue
        y = years.get(t.num_start)
        if y is not None and t.high is None and not t.magnitude and t.num_end - t.num_start == 4:
            add(
                Claim(
                    ValueType.YEAR,
                    y.start,
                    y.end,
                    y.raw,
                    y.normal,
                    y.label if y.label and y.label not in _MEASURE_STOP else None,
                    y.approximate,
                )
            )
            continue
        c = _count_from_token(t)
        if c is not None:
            add(Claim(ValueType.COUNT, t.start, t.end, raw, c, label, c.approximate))
    # "an assist", "a steal": an article counts one of a noun counted elsewhere in the text.
    counted = {c.measure for c in claims if c.kind is ValueType.COUNT and c.measure}
    if counted:
        for am in _ARTICLE_RE.finditer(text):
            noun = stem(am.group(2).lower())
            if noun in counted and free(am.start(1), am.end(1)):
                add(Claim(ValueType.COUNT, am.start(1), am.end(1), am.group(1), Count(1.0), noun))
    for s, e, kind, measure in _name_spans(text):
        if not free(s, e):
            continue
        raw = text[s:e]
        n: Normal | None = parse_org(raw) if kind is ValueType.ORG_NAME else parse_person(raw)
        if n is not None:
            add(Claim(kind, s, e, raw, n, measure))
    claims.sort(key=lambda c: (c.start, c.end))
    return claims


# --- locate a given value in a text -------------------------------------------------------


def _value_tokens(n: Normal) -> tuple[str, ...]:
    if isinstance(n, OrgName):
        return n.tokens
    if isinstance(n, PersonName):
        return tuple(x for x in (n.first, n.last) if x)
    if isinstance(n, Category):
        return n.tokens
    if isinstance(n, Address):
        return n.tokens
    if isinstance(n, FreeText):
        return tuple(n.key.split())
    return ()


@per_text
def _spans(text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple(token_spans(text))


_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_ABBREVIATED = frozenset(_ORG_ABBREV.values())  # words a text may write shortened ("Intl")


_NOT_ALNUM_BYTES = bytes(i for i in range(256) if not (48 <= i <= 57 or 97 <= i <= 122))


@per_text
def _alnum(text: str) -> str:
    """The text's letters and digits, lower-cased and run together: "O'Brien, I.B.M." → "obrienibm"."""
    if text.isascii():  # the same, in one pass of C over the bytes
        return text.encode("ascii").lower().translate(None, _NOT_ALNUM_BYTES).decode("ascii")
    return _ALNUM_RE.sub("", text.lower())


@per_text
def _plain(text: str) -> tuple[str, ...]:
    return tuple(t for t, _, _ in _spans(text))


@per_text
def _stemmed(text: str) -> tuple[str, ...]:
    plain = _plain(text)
    stems = {t: stem(t) for t in set(plain)}  # each distinct token stemmed once
    return tuple(map(stems.__getitem__, plain))


def _address_need(n: Address) -> frozenset[str]:
    """Tokens of ``n`` that only an identical token can match (short words and numbers: see
    :func:`.folding.token_close`): a window without them all cannot be the same address."""
    return frozenset(t for t in n.tokens if (len(t) < 6 or t.isdigit()) and not is_region_token(t))


def _may_contain(
    text: str, spans: tuple[tuple[str, int, int], ...], a: int, b: int, need: frozenset[str]
) -> bool:
    """Cheap necessary test that the window ``spans[a..b]`` parses to an address holding every
    token of ``need`` (False only when it certainly does not; non-ASCII windows are not judged)."""
    s, e = spans[a][1], spans[b][2]
    if not text.isascii() and not text[s:e].isascii():
        return True
    have: set[str] = {"and"} if "&" in text[s:e] else set()
    for k in range(a, b + 1):
        t = spans[k][0]
        have.add(t)
        x = _EXPANSIONS.get(t)
        if x:
            have.update(x)
        elif t.endswith(("str", "strasse")):
            # a compound street name: "Hauptstr." holds "haupt" and "street"
            have.update(("street", t[: -len("strasse")] if t.endswith("strasse") else t[:-3]))
    return need <= have


_EXPANSIONS: dict[str, frozenset[str]] = {}
for _table in (US_STATES, STREET_TYPES, COUNTRIES):
    for _k, _v in _table.items():
        _EXPANSIONS[_k] = _EXPANSIONS.get(_k, frozenset()) | frozenset(_v.split())


@per_text
def _vocabulary_plain(text: str) -> frozenset[str]:
    return frozenset(_plain(text))


@per_text
def _vocabulary_stemmed(text: str) -> frozenset[str]:
    return frozenset(_stemmed(text))


def _vocabulary(text: str, stemmed: bool) -> frozenset[str]:
    return _vocabulary_stemmed(text) if stemmed else _vocabulary_plain(text)


@per_text
def _positions_plain(text: str) -> dict[str, list[int]]:
    """Token -> the indexes in ``_plain(text)`` where it occurs, in order."""
    out: dict[str, list[int]] = {}
    for i, t in enumerate(_plain(text)):
        at = out.get(t)
        if at is None:
            out[t] = [i]
        else:
            at.append(i)
    return out


@per_text
def _positions_stemmed(text: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, t in enumerate(_stemmed(text)):
        at = out.get(t)
        if at is None:
            out[t] = [i]
        else:
            at.append(i)
    return out


def _token_type_locate(text: str, n: Normal) -> list[Mention]:
    want = _value_tokens(n)
    if not want:
        return []
    is_address = isinstance(n, Address)
    if text.isascii():
        # A cheap necessary test before tokenising: the value's surname (a person's), number (an
        # address's) or first word must be among the text's letters and digits at all.
        probe = (
            n.last.split()[-1]
            if isinstance(n, PersonName)
            else (n.number or want[0])
            if isinstance(n, Address)
            else want[0]
        )
        if (
            probe
            and probe.isalnum()
            and probe.isascii()
            and probe not in _ABBREVIATED
            and probe not in _alnum(text)
        ):
            return []
    spans = _spans(text)
    if not spans:
        return []
    stemmed = isinstance(n, Category)
    is_org = isinstance(n, OrgName)
    toks = _stemmed(text) if stemmed else _plain(text)
    # Necessary tokens: an organisation's words must all be there; a person's surname. A text
    # without them cannot state the value, and most texts are ruled out here, cheaply.
    required = set(want) if is_org else set()
    positions = _positions_stemmed(text) if stemmed else _positions_plain(text)
    vocabulary = positions.keys()  # the text's distinct tokens
    if required and not required <= vocabulary:
        return []
    parse = _PARSERS[n.vtype]
    need = _address_need(n) if isinstance(n, Address) else None
    anchor: str
    if isinstance(n, PersonName):
        anchor = n.last.split()[-1]
        back, extra = len(n.key.split()) + 1, 1  # every word of the name, and a title or initial more
        width = len(n.key.split())
    elif isinstance(n, Address):
        anchor = n.number if n.number else want[0]
        # European addresses put the number after the street ("Carrer de Balmes 45"): look back that far.
        back = (want.index(n.number) + 1) if n.number in want else 1
        extra = 6
        width = len(want)
    else:
        anchor = want[0]
        back, extra = 0, 3
        width = len(want)
    out: list[Mention] = []
    if anchor not in vocabulary:
        return out
    shortest = width // 2 if is_address else width - 1  # compounds: "Schillerstr."
    n_spans = len(spans)
    longer = is_org  # keep the legal suffix in the quote
    last_end = -1
    for i in positions[anchor]:
        if spans[i][1] < last_end:
            continue
        best: Mention | None = None
        lo = max(0, i - back)
        for a in range(i, lo - 1, -1):
            s = spans[a][1]
            for b in range(max(i, a + shortest), min(n_spans, a + width + extra)):
                e = spans[b][2]
                if not is_address and text.find("\n", s, e) >= 0:
                    break  # every longer window from ``a`` holds the line break too
                if need and not _may_contain(text, spans, a, b, need):
                    continue
                if required and not required <= set(toks[a : b + 1]):
                    continue
                try:
                    cand = parse(text[s:e])
                except (ValueError, OverflowError):
                    continue
                if cand is None:
                    continue
                if is_address and isinstance(cand, Address):
                    # Same fact, and no token of the value left unmatched.
                    if not isinstance(n, Address) or not address_within(n, cand):
                        continue
                elif not same_fact(n, cand):
                    continue
                if best is None or (
                    (e - s) > (best.end - best.start) if longer else (e - s) < (best.end - best.start)
                ):
                    best = Mention(cand, s, e, text[s:e], False, label_at(text, s, e))
                if not longer:
                    break
        if best is not None:
            out.append(best)
            last_end = best.end
    return out


def locate(text: str, normal: Normal) -> list[Mention]:
    """Every span of ``text`` that states the same fact as ``normal`` (for grounding).

    Numbers, dates, web addresses, phones and identifiers are found with
    :func:`find_values` and compared with :func:`same_fact`; names, categories, addresses and
    free text by searching token windows anchored on a distinctive token."""
    if not text:
        return []
    try:
        return list(_locate_cached(text, normal))
    except TypeError:  # an unhashable normal (not one the parsers make)
        return _locate(text, normal)


@lru_cache(maxsize=TEXT_CACHE_SIZE * 32)
def _locate_cached(text: str, normal: Normal) -> tuple[Mention, ...]:
    # A run grounds the same value against the same sources more than once (each check that
    # needs it, and lineage after grounding): memoised per (text, value).
    return tuple(_locate(text, normal))


register_clearer(_locate_cached.cache_clear)


def _locate(text: str, normal: Normal) -> list[Mention]:
    vt = normal.vtype
    if isinstance(normal, DateValue):
        cands = find_dates(text) + find_years(text) if normal.month is not None else find_years(text)
        return [m for m in cands if same_fact(normal, m.normal)]
    if vt in (
        ValueType.MONEY,
        ValueType.COUNT,
        ValueType.PERCENTAGE,
        ValueType.DOMAIN,
        ValueType.URL,
        ValueType.EMAIL,
        ValueType.PHONE,
        ValueType.IDENTIFIER,
        ValueType.BOOLEAN,
        ValueType.MISSING,
    ):
        hits = [m for m in find_values(text, vt) if same_fact(normal, m.normal)]
        if isinstance(normal, Identifier):
            spans = {(m.start, m.end) for m in hits}
            hits += [m for m in locate_identifier(text, normal) if (m.start, m.end) not in spans]
        if vt is ValueType.DOMAIN and not hits:
            hits = [m for m in find_values(text, ValueType.URL) if same_fact(normal, m.normal)]
        return hits
    if vt is ValueType.LIST:
        return []
    return _token_type_locate(text, normal)
