"""Capitalised name spans in a text, each guessed an organisation or a person.

>>> [(text[s:e], k.value, m) for text in ["CEO Dana Liu joined Acme Robotics, Inc. in 2011."] for s, e, k, m in name_spans(text)]
[('Dana Liu', 'person_name', 'name'), ('Acme Robotics, Inc.', 'org_name', 'org')]
"""

from __future__ import annotations

import re
from functools import lru_cache

from .folding import fold
from .labels import label_at
from .lexicon import en
from .lexicon import words as lexicon_words
from .names import LEGAL_SUFFIXES, ORG_CUES, TITLES, parse_org, parse_person
from .textcache import per_text
from .types import Mention, Normal, ValueType

_POSSESSIVE_RE = re.compile(r"['’]s?$")

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
_STARTERS = en.LEXICON.starters | en.LEXICON.roles
# A sentence's opening article in any language ("Die Acme AG teilt mit", "La société"): no part of a name.
_ARTICLES = lexicon_words("articles")
_MONTH_DAY = frozenset({*en.LEXICON.months, *en.LEXICON.weekdays})
_JOB_WORDS = frozenset(fold(w) for w in lexicon_words("job_words")) | en.LEXICON.roles
_CONNECT_WORDS = frozenset({"of", "de", "van", "von", "der", "den", "la", "le", "du", "da", "di", "del", "&", "for",
                            "y", "und", "et", "at"})
_SENT_START_RE = re.compile(r"(?:^|[.!?:;–—]\s+|\n\s*|[\"“(\[]\s*)$")


def _after_job_title(words: list[str]) -> int:
    """Where the employer starts in "Operations Manager for Talrima Máquinas" (after the last
    connector that follows nothing but job-title words), else 0: a title is no part of a name."""
    low = [fold(w) for w in words]
    for i, w in enumerate(low):
        if w in _CONNECT_WORDS and i + 1 < len(low):
            head = [x for x in low[:i] if x not in _CONNECT_WORDS]
            if head and all(x in _JOB_WORDS for x in head):
                rest = _after_job_title(words[i + 1 :])
                if all(x in _JOB_WORDS or x in _CONNECT_WORDS for x in low[i + 1 :]):
                    return 0  # "Head of Sales" alone: a title, no employer in it
                return i + 1 + rest
            return 0
    return 0


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
def name_spans(text: str) -> tuple[tuple[int, int, ValueType, str], ...]:
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
            if sent_start and len(words) > 1 and fold(words[0]) in _ARTICLES:
                s = text.index(words[0], s) + len(words[0])
                s += len(text[s:e]) - len(text[s:e].lstrip())
                words.pop(0)
                sent_start = False
            while words and fold(words[-1]).strip(".,") in _MONTH_DAY:
                words.pop()
            cut = _after_job_title(words)
            if cut:
                s = text.index(words[cut], text.index(words[cut - 1], s) + len(words[cut - 1]))
                words = words[cut:]
            if words and all(fold(w).strip(".,") in _JOB_WORDS or fold(w) in _CONNECT_WORDS for w in words):
                continue  # "Senior Account Executive": a job title, no name
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


_TITLE_RE = re.compile(rf"{_WORD}(?:[ \t]+(?:(?:of|for|de|des|du|der|für)[ \t]+)?{_WORD})*")


def title_spans(text: str) -> list[tuple[int, int]]:
    """Job titles written in a text ("Senior Data Analyst", "Director of Marketing", "VP Engineering"):
    capitalised runs of two words or more, every word a job-title word (`Lexicon.job_words`)."""
    out = []
    for m in _TITLE_RE.finditer(text):
        run: list[tuple[int, int]] = []  # the job words in a row (connectors between them kept)
        for w in re.finditer(r"\S+", m.group()):
            word = fold(w.group()).strip(".,")
            if word in _JOB_WORDS or (run and word in _CONNECT_WORDS):
                run.append((m.start() + w.start(), m.start() + w.end()))
                continue
            out.extend(_title_of(text, run))
            run = []
        out.extend(_title_of(text, run))
    return out


def _title_of(text: str, run: list[tuple[int, int]]) -> list[tuple[int, int]]:
    while run and fold(text[run[-1][0] : run[-1][1]]) in _CONNECT_WORDS:
        run = run[:-1]
    content = [w for w in run if fold(text[w[0] : w[1]]) not in _CONNECT_WORDS]
    return [(run[0][0], run[-1][1])] if len(content) >= 2 else []


def find_names(text: str, vtype: ValueType) -> list[Mention]:
    """Capitalised name spans normalised as ``vtype`` (ORG_NAME or PERSON_NAME). Spans whose
    kind is certain from a cue (a legal suffix, "Bank", a title) are only returned for it."""
    out: list[Mention] = []
    for s, e, kind, measure in name_spans(text):
        if measure != "name" and kind is not vtype:
            continue
        raw = text[s:e]
        n: Normal | None = parse_org(raw) if vtype is ValueType.ORG_NAME else parse_person(raw)
        if n is not None:
            out.append(Mention(n, s, e, raw, False, label_at(text, s, e)))
    return out
