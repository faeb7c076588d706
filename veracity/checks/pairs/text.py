"""Free text compared by the claims it contains (numbers with units, dates, names), not by wording.

Two texts contradict when a claim in one and a claim of the same slot in the other are
*mutually* unmatched: each has no same-fact partner on the other side. A claim that only one
text makes is an omission (paraphrases leave things out), never a contradiction.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

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
_SENT_CUT_RE = re.compile(r"(?<!\s[A-Z])(?<!^[A-Z])[.!?;:]\s+")  # "Kimberly C. Anderson" keeps its initial


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A claim in text a and a claim in text b that state different facts for one slot."""

    a: Claim | None
    b: Claim | None
    distance: float
    kind: ValueType
    reason: str = "claim"


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
    out = []
    for c in extract_claims(text):
        if c.normal is None:
            continue
        if _group(c.kind) == "name" and not any(ch.isupper() for ch in name_head(c.raw)):
            continue  # "company" after a dropped "The": not a name
        out.append(c)
    return tuple(out)


# An enumeration that says it is not exhaustive ("including A, B and C", "such as A"): its members
# are examples, so a different example in the other text is no contradiction.
_OPEN_LIST_RE = re.compile(r"\b(?:including|includes|include|such as|among them|among others|e\.g\.|for example)\s+"
                           r"[^.;:!?]*$", re.IGNORECASE)


def _in_open_list(text: str, claim: Claim) -> bool:
    return _group(claim.kind) == "name" and _OPEN_LIST_RE.search(text[max(0, claim.start - 120) : claim.start]) is not None


def _unmatched(xs: tuple[Claim, ...], ys: tuple[Claim, ...]) -> list[Claim]:
    return [x for x in xs if not any(_group(x.kind) == _group(y.kind) and _agree(x, y) for y in ys)]


def contradictions(text_a: str, text_b: str) -> list[Contradiction]:
    """Slots where the two texts state different facts (mutually unmatched claims of one kind)."""
    ca, cb = claims(text_a), claims(text_b)
    if not ca or not cb:
        return []
    ua = [c for c in _unmatched(ca, cb) if not _in_open_list(text_a, c)]
    ub = [c for c in _unmatched(cb, ca) if not _in_open_list(text_b, c)]
    out: list[Contradiction] = []
    used: set[int] = set()
    count_a = Counter(_group(c.kind) for c in ua)
    count_b = Counter(_group(c.kind) for c in ub)
    for x in ua:
        g = _group(x.kind)
        alone = count_a[g] == 1 and count_b[g] == 1
        best: tuple[float, int] | None = None
        for j, y in enumerate(ub):
            if j in used or g != _group(y.kind) or not _measure_ok(x, y, alone):
                continue
            d = _claim_distance(x, y)
            if best is None or d < best[0]:
                best = (d, j)
        if best is not None:
            used.add(best[1])
            out.append(Contradiction(x, ub[best[1]], best[0], x.kind))
    return out


def negation_flip(text_a: str, text_b: str) -> bool:
    """Nearly the same words, but one text negates and the other does not."""
    na, nb = bool(_NEGATION_RE.search(text_a)), bool(_NEGATION_RE.search(text_b))
    if na == nb:
        return False
    wa = set(_WORD_RE.findall(_NEGATION_RE.sub(" ", text_a.casefold())))
    wb = set(_WORD_RE.findall(_NEGATION_RE.sub(" ", text_b.casefold())))
    if not wa or not wb:
        return False
    return len(wa & wb) / len(wa | wb) >= 0.8


# --- the same role, filled differently ------------------------------------------------------------

_ROLE_WORDS_RE = re.compile(r"([A-Za-z]+)\W+([a-z]+)\W*$")
_NOT_ROLE = frozenset({"and", "or", "the", "a", "an", "of", "as", "with", "than", "that", "which", "who"})


def _roles(text: str) -> dict[tuple[str, str], list[Claim]]:
    """Names with the two lower-case words before them: ("won", "by") → [Tadahiro Nomura]."""
    out: dict[tuple[str, str], list[Claim]] = {}
    for c in claims(text):
        if _group(c.kind) != "name":
            continue
        m = _ROLE_WORDS_RE.search(text[max(0, c.start - 40) : c.start])
        if m is None or m.group(2) in _NOT_ROLE:
            continue  # a list item or a bare conjunction says nothing about the name's role
        out.setdefault((m.group(1).lower(), m.group(2)), []).append(c)
    return out


def role_conflicts(text_a: str, text_b: str) -> list[Contradiction]:
    """The same role ("won by", "directed by", "born in") given to different names in the two texts."""
    ra, rb = _roles(text_a), _roles(text_b)
    found = []
    for role in ra.keys() & rb.keys():
        xs, ys = ra[role], rb[role]
        if any(_agree(x, y) for x in xs for y in ys):
            continue
        found.append(Contradiction(xs[0], ys[0], _claim_distance(xs[0], ys[0]), xs[0].kind, reason="role"))
    return found


_NEGATED_RE = re.compile(r"\b(?:not|never|no longer)\s+((?:[a-z]+\s+){2}[a-z]+)")


def negated_phrase(text_a: str, text_b: str) -> bool:
    """One text denies a three-word phrase the other asserts ("is not a popular destination")."""
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
