"""Which attribute a claim in free text fills: the words that govern it, read from its sentence.

Two texts contradict on a value only when both state *the same attribute of the same thing*:
"born in Lviv" against "born in Moscow" does, "studied under Pradier" against "studied at the
École" does not, nor do two years of two different events. A claim's :class:`Slot` is read
without a parser, from the words around it in its clause, with the lexicon of the language the
sentence's function words belong to (:mod:`veracity.values.lexicon`: prepositions, genitives,
copulas, determiners, clause openers, non-exhaustive cues):

- ``link``: the preposition that ties the value to what governs it ("in", "by"; a genitive "of"
  only continues a noun phrase, so "in the southern part of X" links X by "in"), :data:`COPULA`
  when the value is what the clause's subject *is* ("The director of X was Y"), :data:`SUBJECT`
  when the value opens its clause ("Irwin Yablans produced the film"), None for a verb's object;
- ``keys``: the content words that govern it, nearest first: the words before it, the subject's
  words for a copula ("director"), the words after it for a subject or a verb-final clause;
  compared by stem, so "directed by" and "the director of" meet;
- ``anchor``: the name the attribute belongs to: the subject's first name for a copula, else the
  nearest name before the value in its clause that is not a sibling in a list;
- ``examples``: whether the value stands in a non-exhaustive enumeration ("including A and B",
  "several films such as C"), whose members are examples, not the attribute's whole value.

Asides in parentheses are skipped; a full stop after an initial ("J. Abrams") ends nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from veracity.values import Claim
from veracity.values.lexicon import LANGUAGES, Lexicon, for_language

COPULA = "="
SUBJECT = "^"
_WINDOW = 14  # tokens read on each side of a value
_KEYS = 3  # content words kept as the value's governors
_STEM = 4  # two words share a stem when they share this many first letters ("direct-ed", "direct-or")
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|[.!?;,()\"“”«»]|\n", re.UNICODE)
_ENDS = frozenset(".!?;\n")
_SEPARATORS = frozenset({",", "and", "or", "&", '"', "“", "”", "«", "»"})


@dataclass(frozen=True, slots=True)
class Slot:
    """What a claim in prose is the value of (see the module's docstring)."""

    link: str | None
    keys: tuple[str, ...]
    anchor: Claim | None
    examples: bool


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    word: str  # folded to lower case
    claim: int | None  # index of the claim the token is part of


def _tokens(text: str, claims: tuple[Claim, ...]) -> list[_Token]:
    out = []
    k = 0  # claims are in text order
    for m in _TOKEN_RE.finditer(text):
        while k < len(claims) and claims[k].end <= m.start():
            k += 1
        owner = None
        i = k
        while i < len(claims) and claims[i].start <= m.start():
            if m.start() < claims[i].end:
                owner = i
                break
            i += 1
        out.append(_Token(m.start(), m.end(), m.group().casefold(), owner))
    return out


@cache
def _structure_words(code: str) -> frozenset[str]:
    lex = for_language(code)
    return lex.function_words | lex.prepositions | lex.copulas | lex.determiners | lex.clause_openers


def structure_lexicon(words: list[str]) -> Lexicon:
    """The lexicon whose structure words (prepositions, copulas, determiners, function words)
    account for most of ``words``, English first on a tie. A sentence is too short for a
    statistical language guess (names pull it anywhere: "The producer of Saptapadi was ..." reads
    as Spanish), but its function words say which grammar it is written in."""
    best, best_n = for_language("en"), 0
    for code in LANGUAGES:
        vocab = _structure_words(code)
        n = sum(w in vocab for w in words)
        if n > best_n:
            best, best_n = for_language(code), n
    return best


class _Reader:
    """One text's tokens and claims, read in the text's structure lexicon."""

    def __init__(self, text: str, claims: tuple[Claim, ...]) -> None:
        self.claims = claims
        self.toks = _tokens(text, claims)
        self.lex = structure_lexicon([t.word for t in self.toks if t.claim is None])
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        for k, t in enumerate(self.toks):
            if t.claim is not None:
                self.first.setdefault(t.claim, k)
                self.last[t.claim] = k

    def content(self, word: str) -> bool:
        lex = self.lex
        return (
            len(word) > 2
            and not word.isdigit()
            and word not in lex.determiners
            and word not in lex.function_words
            and word not in lex.prepositions
            and word not in lex.copulas
            and word not in lex.starters
            and word not in lex.clause_openers
        )

    def ends(self, j: int) -> bool:
        """Whether token ``j`` ends a clause (a full stop after an initial or a title does not)."""
        w = self.toks[j].word
        if w == "." and j > 0:
            before = self.toks[j - 1].word
            return not (len(before) == 1 or before in self.lex.titles)
        return w in _ENDS or w in self.lex.clause_openers

    def back(self, j: int) -> int:
        """The index before token ``j``, skipping a parenthesised aside and the rest of a claim."""
        t = self.toks[j]
        if t.word == ")":
            depth, k = 0, j
            while k >= 0:
                depth += {")": 1, "(": -1}.get(self.toks[k].word, 0)
                if depth == 0:
                    return k - 1
                k -= 1
            return -1
        if t.claim is not None:
            while j >= 0 and self.toks[j].claim == t.claim:
                j -= 1
            return j
        return j - 1

    def is_name(self, i: int) -> bool:
        return self.claims[i].kind.value in ("org_name", "person_name")

    def slot(self, i: int) -> Slot:
        first = self.first.get(i)
        if first is None:
            return Slot(None, (), None, False)
        link, keys, anchor, copula_at = self._backward(first, i)
        if copula_at is not None:
            subject_keys, subject_anchor = self._subject(copula_at)
            keys = subject_keys or keys
            anchor = subject_anchor or anchor
        if not keys:
            # The clause's subject, or a verb-final clause ("wurde von Max Weber produziert"):
            # the governing words come after the value.
            keys = self._forward(self.last[i] + 1)
            link = link or SUBJECT
        return Slot(link, keys, anchor, self._examples(first))

    def _backward(self, at: int, me: int) -> tuple[str | None, tuple[str, ...], Claim | None, int | None]:
        """(link, governing words, anchor, the copula's index) read back from token ``at``. The
        governing words are those before the link ("lies" in "lies in the northern part of X");
        the words between the link and the value only describe the value's own noun phrase, and
        stand in only when nothing governs it before the link."""
        link: str | None = None
        genitive: str | None = None
        own: list[str] = []  # the value's noun phrase, after the link
        keys: list[str] = []  # the words that govern it, before the link
        anchor: Claim | None = None
        copula_at: int | None = None
        sibling = True  # only separators so far: a name here is a sibling in a list
        j = at - 1
        while j >= 0 and at - j <= _WINDOW and len(keys) < _KEYS:
            t = self.toks[j]
            if t.claim is not None and t.claim != me:
                if self.is_name(t.claim) and anchor is None and not sibling:
                    anchor = self.claims[t.claim]
                j = self.back(j)
                continue
            if self.ends(j):
                break
            w = t.word
            nxt = self.back(j)
            if w in _SEPARATORS or w in self.lex.number_joiners or w == ")":
                j = nxt
                continue
            sibling = False
            if link is None and w in self.lex.copulas:
                link, copula_at = COPULA, j
            elif link is None and w in self.lex.genitives:
                genitive = genitive or w
            elif link is None and w in self.lex.prepositions and w not in self.lex.determiners:
                link = w
            elif self.content(w):
                (own if link is None else keys).append(w)
            j = nxt
        return link or genitive, tuple(keys or own[:_KEYS]), anchor, copula_at

    def _subject(self, copula_at: int) -> tuple[tuple[str, ...], Claim | None]:
        """The first content words and the first name of the subject before a copula."""
        j = copula_at - 1
        start = 0
        while j >= 0:
            if self.toks[j].claim is None and self.ends(j):
                start = j + 1
                break
            j = self.back(j)
        keys: list[str] = []
        anchor: Claim | None = None
        k = start
        while k < copula_at and len(keys) < _KEYS:
            t = self.toks[k]
            if t.claim is not None:
                if anchor is None and self.is_name(t.claim):
                    anchor = self.claims[t.claim]
            elif self.content(t.word):
                keys.append(t.word)
            k += 1
        return tuple(keys), anchor

    def _forward(self, after: int) -> tuple[str, ...]:
        keys: list[str] = []
        for k in range(after, min(len(self.toks), after + _WINDOW)):
            t = self.toks[k]
            if (t.claim is None and self.ends(k)) or len(keys) >= _KEYS:
                break
            if t.claim is None and self.content(t.word):
                keys.append(t.word)
        return tuple(keys)

    def _examples(self, at: int) -> bool:
        """Whether a non-exhaustive cue opens the enumeration the claim stands in: earlier in its
        clause, with no copula between (the complement of "is" is the attribute's value)."""
        words: list[str] = []
        j = at - 1
        while j >= 0 and at - j <= 3 * _WINDOW:
            t = self.toks[j]
            if t.claim is None:
                if self.ends(j) or t.word in self.lex.copulas:
                    break
                words.append(t.word)
            j -= 1
        return _cue_re(self.lex).search(" ".join(reversed(words))) is not None


def _cue_re(lex: Lexicon) -> re.Pattern[str]:
    return _compiled("|".join(lex.non_exhaustive) or r"(?!)")


@lru_cache(maxsize=16)
def _compiled(alternatives: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=8192)
def slots(text: str, claims: tuple[Claim, ...]) -> tuple[Slot, ...]:
    """The slot of each claim of ``text`` (in the order of ``claims``)."""
    reader = _Reader(text, claims)
    return tuple(reader.slot(i) for i in range(len(claims)))


def _stem_match(a: str, b: str) -> bool:
    if a == b:
        return True
    return min(len(a), len(b)) >= _STEM and a[:_STEM] == b[:_STEM]


def _covered(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return all(any(_stem_match(a, b) for b in long) for a in short[:2])


def shared_keys(x: Slot, y: Slot) -> bool:
    """Whether the two values are governed alike: each of the nearest two governing words of the
    value with fewer of them shares a stem with a governing word of the other ("joined the firm"
    and "left the firm" share "firm" but not the verb)."""
    if not x.keys or not y.keys:
        return False
    if len(x.keys) != len(y.keys):
        short, long = (x.keys, y.keys) if len(x.keys) < len(y.keys) else (y.keys, x.keys)
        return _covered(short, long)
    return _covered(x.keys, y.keys) or _covered(y.keys, x.keys)


def links_agree(x: Slot, y: Slot) -> bool:
    """The same link, or either value the complement of a copula (what the subject *is*: "The
    director of X was Y" states what "Y directed X" and "X was directed by Y" state). A verb's
    subject and its object are different roles."""
    if x.link == y.link:
        return True
    if COPULA in (x.link, y.link):
        # "The author of X is Y": X, linked by a genitive, owns the attribute Y is the value of.
        other = y.link if x.link == COPULA else x.link
        return other not in _GENITIVES
    return False


_GENITIVES = frozenset().union(*(for_language(code).genitives for code in LANGUAGES))
