"""Free text compared by the claims it contains (numbers with units, dates, names), not by wording.

Two texts contradict when a claim in one and a claim in the other are *mutually* unmatched
(each has no same-fact partner on the other side) and are values of the same attribute of the
same thing: the words that govern them agree (:mod:`.slots`). A claim only one text makes is an
omission (paraphrases leave things out), never a contradiction; two unmatched claims of one kind
whose attributes the sentences do not share ("joined in 2004" against "left in 2015") are weak
evidence only.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from veracity.checks.pairs.slots import COPULA, Slot, links_agree, shared_keys, slots
from veracity.values import Claim, ValueType, distance, extract_claims, same_fact

_NAME_KINDS = (ValueType.ORG_NAME, ValueType.PERSON_NAME)
_NUMBER_KINDS = (ValueType.MONEY, ValueType.COUNT, ValueType.PERCENTAGE)
_DATE_KINDS = (ValueType.YEAR, ValueType.DATE)
_WEB_KINDS = (ValueType.DOMAIN, ValueType.URL, ValueType.EMAIL)
_TOKEN_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_NAME_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "inc",
        "ltd",
        "llc",
        "corp",
        "co",
        "gmbh",
        "ag",
        "sa",
        "plc",
        "bv",
        "nv",
        "limited",
        "group",
        "company",
        "revenue",
        "it",
        "its",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
    ]
)
_NEGATION_RE = re.compile(r"\b(?:not|never|no|none|neither|nor|cannot|n't|without)\b", re.I)
_WORD_RE = re.compile(r"[a-z]+")
_GLUED_RE = re.compile(r"[ -]?")
_NEAR_NAME = 85  # rapidfuzz ratio of two spellings of one name
# Claims each text shares with the other for the two to be read as one record told twice: then the
# one value of a kind each leaves unmatched fills the one slot left. Chosen between 2 and 3 with
# the ChatProtect development half in view (2 let single sentences about two events through).
_PARALLEL = 3
_SENT_CUT_RE = re.compile(r"(?<!\s[A-Z])(?<!^[A-Z])[.!?;:]\s+")  # "Kimberly C. Anderson" keeps its initial


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A claim in text a and a claim in text b that state different facts for one slot.

    ``aligned`` says whether both are read as the value of the same attribute of the same thing
    (:mod:`.slots`): strong evidence. Otherwise they are only two values of one kind that each
    text lacks, which paraphrases about different events produce too: weak evidence."""

    a: Claim | None
    b: Claim | None
    distance: float
    kind: ValueType
    reason: str = "claim"
    aligned: bool = True


def _group(kind: ValueType) -> str:
    if kind in _NAME_KINDS:
        return "name"
    if kind in _DATE_KINDS:
        return "date"
    if kind in _WEB_KINDS:
        return "web"
    return kind.value


def name_head(raw: str) -> str:
    """A name span cut at a sentence end ("Emma Rossi. Revenue" -> "Emma Rossi")."""
    return _SENT_CUT_RE.split(raw, maxsplit=1)[0]


@lru_cache(maxsize=8192)
def _name_tokens(raw: str) -> frozenset[str]:
    raw = name_head(raw)
    return frozenset(
        t for t in (w.casefold() for w in _TOKEN_RE.findall(raw)) if t not in _NAME_STOP and len(t) > 1
    )


def _measure_ok(x: Claim, y: Claim, alone: bool) -> bool:
    """Numbers compare when they measure the same thing, when one says nothing, or when each is
    the only unmatched claim of its kind in its text (the one slot left on both sides)."""
    if x.kind in _NUMBER_KINDS or x.kind is ValueType.YEAR:
        return alone or x.measure is None or y.measure is None or x.measure == y.measure
    return True


def _agree(x: Claim, y: Claim) -> bool:
    if x.raw.casefold() == y.raw.casefold():
        return True
    if _group(x.kind) == "name":
        tx, ty = _name_tokens(x.raw), _name_tokens(y.raw)
        if not tx or not ty:
            return False
        return tx <= ty or ty <= tx or same_fact(x.normal, y.normal)
    return same_fact(x.normal, y.normal)


def _claim_distance(x: Claim, y: Claim) -> float:
    if _group(x.kind) == "name":
        tx, ty = _name_tokens(x.raw), _name_tokens(y.raw)
        union = tx | ty
        return 1.0 - len(tx & ty) / len(union) if union else 1.0
    if x.normal is not None and y.normal is not None and x.normal.vtype != y.normal.vtype:
        return 1.0 if not same_fact(x.normal, y.normal) else 0.0
    return distance(x.normal, y.normal)


@lru_cache(maxsize=8192)
def claims(text: str) -> tuple[Claim, ...]:
    """The comparable claims of a text (with a normal form), cached: texts repeat across checks."""
    out: list[Claim] = []
    for c in extract_claims(text):
        if c.normal is None:
            continue
        if _group(c.kind) == "name" and not any(ch.isupper() for ch in name_head(c.raw)):
            continue  # "company" after a dropped "The": not a name
        if c.kind is ValueType.COUNT and out and _group(out[-1].kind) == "name" and _GLUED_RE.fullmatch(text[out[-1].end : c.start]):
            continue  # a numeral that ends a name ("Billboard Hot 100", "STS-116") counts nothing
        out.append(c)
    return tuple(out)


def _unmatched(xs: tuple[Claim, ...], ys: tuple[Claim, ...], subj_x: set[int] | None = None, subj_y: set[int] | None = None) -> list[int]:
    """The claims of ``xs`` no claim of ``ys`` states the same fact as. A name and a longer name
    containing it ("Faxe", "Faxe Municipality") are one thing only in the same role: the thing
    a text is about (a copula's subject) and an attribute's value are two."""
    sx, sy = subj_x or set(), subj_y or set()

    def same(i: int, x: Claim, j: int, y: Claim) -> bool:
        if _group(x.kind) != _group(y.kind):
            return False
        if _group(x.kind) == "name" and (i in sx) != (j in sy):
            return x.raw.casefold() == y.raw.casefold() or _name_tokens(x.raw) == _name_tokens(y.raw)
        return _agree(x, y)

    return [i for i, x in enumerate(xs) if not any(same(i, x, j, y) for j, y in enumerate(ys))]


def _near_names(x: Claim, y: Claim) -> bool:
    """Two names of one thing, spelling aside ("The Others" and "The Other")."""
    return _agree(x, y) or fuzz.ratio(name_head(x.raw).casefold(), name_head(y.raw).casefold()) >= _NEAR_NAME


def same_slot(x: Claim, sx: Slot, y: Claim, sy: Slot) -> bool:
    """Whether two claims are values of one attribute of one thing: the words that govern them
    share a stem (or, for numbers, both say what they count and it is the same), their links are
    compatible (for names: "studied under" is not "studied at"), and the things they attach to
    are not two different names."""
    number = _group(x.kind) in ("count", "money", "percentage")
    if not (number and x.measure and y.measure and x.measure == y.measure):
        if not shared_keys(sx, sy):
            return False
        if _group(x.kind) == "name" and not links_agree(sx, sy):
            return False  # a date or a number takes whichever preposition ("in 1843", "on 18 April")
    return sx.anchor is None or sy.anchor is None or _near_names(sx.anchor, sy.anchor)


def _subjects(cs: tuple[Claim, ...], ss: tuple[Slot, ...]) -> set[int]:
    """The names a copula's subject names ("The capital of X is Y": X): what the text is about,
    not an attribute."""
    anchors = {id(s.anchor) for s in ss if s.anchor is not None and s.link == COPULA}
    return {i for i, c in enumerate(cs) if id(c) in anchors}


def _near_names_or_agree(x: Claim, y: Claim) -> bool:
    return _near_names(x, y) if _group(x.kind) == "name" else _agree(x, y)


def contradictions(text_a: str, text_b: str) -> list[Contradiction]:
    """Slots where the two texts state different facts (mutually unmatched claims of one kind:
    each lacks a same-fact partner anywhere in the other text), strongest first.

    Aligned: both claims are values of the same attribute (:func:`same_slot`), or each is the
    one quantity of its kind its text leaves unmatched, or the one value of its kind left by two
    texts that otherwise state one record (:data:`_PARALLEL` claims alike). Unaligned: their
    attributes the sentences do not share (two years of two events, a name as the subject in
    one text and an aside in the other). A claim given as an example ("including A, B and C")
    contradicts nothing, nor do the names the two texts are about (the things their other
    claims attach to): two answers about two different things do not contradict each other."""
    ca, cb = claims(text_a), claims(text_b)
    if not ca or not cb:
        return []
    sa, sb = slots(text_a, ca), slots(text_b, cb)
    subj_a, subj_b = _subjects(ca, sa), _subjects(cb, sb)
    ua = set(_unmatched(ca, cb, subj_a, subj_b))
    ub = set(_unmatched(cb, ca, subj_b, subj_a))
    parallel = len(ca) - len(ua) >= _PARALLEL and len(cb) - len(ub) >= _PARALLEL
    count_a = Counter(_group(ca[i].kind) for i in ua)
    count_b = Counter(_group(cb[j].kind) for j in ub)
    cand: list[tuple[bool, float, int, int]] = []
    for i in sorted(ua):
        x = ca[i]
        g = _group(x.kind)
        alone = count_a[g] == 1 and count_b[g] == 1
        for j in sorted(ub):
            y = cb[j]
            if sa[i].examples or sb[j].examples or g != _group(y.kind) or _near_names_or_agree(x, y):
                continue
            if i in subj_a and j in subj_b:
                continue
            if same_slot(x, sa[i], y, sb[j]) or (alone and (x.kind in _NUMBER_KINDS or parallel)):
                # The one quantity of its kind each text leaves unmatched, or the one value of its
                # kind left by two texts that state the same record otherwise, fills the one slot
                # left on both sides ("employs 14 staff" against "the team numbers 46 people").
                cand.append((False, _claim_distance(x, y), i, j))
            elif _measure_ok(x, y, alone):
                cand.append((True, _claim_distance(x, y), i, j))
    out: list[Contradiction] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for unaligned, d, i, j in sorted(cand):
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append(Contradiction(ca[i], cb[j], d, ca[i].kind, aligned=not unaligned))
    return sorted(out, key=lambda c: (not c.aligned, c.a.start if c.a else 0))


def _without_names(text: str) -> str:
    """The text with its names blanked: a "Not" in a title ("I'm Not Here") negates nothing."""
    for c in reversed(claims(text)):
        if _group(c.kind) == "name":
            text = text[: c.start] + " " * (c.end - c.start) + text[c.end :]
    return text


def negation_flip(text_a: str, text_b: str) -> bool:
    """Nearly the same words, but one text negates and the other does not (outside names)."""
    text_a, text_b = _without_names(text_a), _without_names(text_b)
    na, nb = bool(_NEGATION_RE.search(text_a)), bool(_NEGATION_RE.search(text_b))
    if na == nb:
        return False
    wa = set(_WORD_RE.findall(_NEGATION_RE.sub(" ", text_a.casefold())))
    wb = set(_WORD_RE.findall(_NEGATION_RE.sub(" ", text_b.casefold())))
    if not wa or not wb:
        return False
    return len(wa & wb) / len(wa | wb) >= 0.8


_NEGATED_RE = re.compile(r"\b(?:not|never|no longer)\s+((?:[a-z]+\s+){2}[a-z]+)")


def negated_phrase(text_a: str, text_b: str) -> bool:
    """One text denies a three-word phrase the other asserts ("is not a popular destination")."""
    text_a, text_b = _without_names(text_a), _without_names(text_b)
    for x, y in ((text_a.casefold(), text_b.casefold()), (text_b.casefold(), text_a.casefold())):
        for m in _NEGATED_RE.finditer(x):
            phrase = m.group(1)
            at = y.find(phrase)
            if at >= 0 and not _NEGATION_RE.search(y[max(0, at - 12) : at]):
                return True
    return False


# --- what a thing is ----------------------------------------------------------------------------------

_DEFINITION_RE = re.compile(
    r"^\s*(?P<subject>[^.,;:]{1,60}?)\s+(?:is|was)\s+(?:a|an)\s+(?P<phrase>[a-z][a-z -]{0,60}?)"
    r"(?=\s+(?:of|by|from|in|on|at|for|that|which|who|with|based|founded|released|written|directed|produced"
    r"|created|known|and|set|about)\b|[,.;:()]|$)",
    re.IGNORECASE,
)
_PRONOUNS = frozenset({"it", "he", "she", "they", "this", "that", "these", "those"})
# A definite noun phrase of common nouns ("the film", "this company", "the new album") points back
# to the thing the text is about, as a pronoun does; a capitalised one ("The Beatles") is a name.
# Grammar, not any benchmark's nouns.
_ANAPHOR_RE = re.compile(r"(?:[Tt]he|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose)(?:\s+[a-z][a-z-]*){1,2}")


def _refers_back(subject: str) -> bool:
    """Whether a sentence's subject (as written) is a pronoun or an anaphoric noun phrase."""
    return subject.casefold() in _PRONOUNS or _ANAPHOR_RE.fullmatch(subject) is not None


_LIST_AFTER_RE = re.compile(r"\s*(?:,|and\b|or\b|&)", re.IGNORECASE)
_WORDS_RE = re.compile(r"[a-z]+")


def _definition(text: str) -> tuple[str, str, bool, frozenset[str]] | None:
    """(subject, head noun, whether the subject refers back, the phrase's words) of a text's first
    "X is a … NOUN" sentence; None when the phrase is the first item of a list ("a scientist,
    broadcaster and …": a thing can be several kinds at once, so no one head defines it)."""
    m = _DEFINITION_RE.search(text)
    if m is None or _LIST_AFTER_RE.match(text, m.end()):
        return None
    words = m.group("phrase").split()
    subject = m.group("subject").strip()
    if not words:
        return None
    vocab = frozenset(w.rstrip("s") for w in _WORDS_RE.findall(m.group("phrase").casefold()))
    return subject.casefold(), words[-1].casefold().rstrip("s"), _refers_back(subject), vocab


def definition_conflict(text_a: str, text_b: str) -> bool:
    """The same thing said to be two different kinds of thing: "a song" against "an album".

    Not when one phrase names the other's head ("a comedy-drama series" and "a comedy": the second
    is less precise, not different)."""
    da, db = _definition(text_a), _definition(text_b)
    if da is None or db is None:
        return False
    (sa, ha, ra, wa), (sb, hb, rb, wb) = da, db
    same_subject = sa == sb or ra or rb
    return same_subject and ha != hb and ha not in wb and hb not in wa
