"""The lexicons by language code, their union for a text of no known language, and the language of a text."""

from __future__ import annotations

from dataclasses import fields
from functools import cache

from ..folding import ascii_words
from ..textcache import per_text
from . import de, en, es, fr, it, nl, pt
from .base import Lexicon
from .detect import detect

_BY_CODE: dict[str, Lexicon] = {lex.code: lex for lex in (en.LEXICON, de.LEXICON, fr.LEXICON, es.LEXICON, it.LEXICON, nl.LEXICON, pt.LEXICON)
}
LANGUAGES: tuple[str, ...] = tuple(_BY_CODE)


def _union(lexicons: list[Lexicon]) -> Lexicon:
    merged: dict[str, object] = {"code": ""}
    for f in fields(Lexicon):
        if f.name == "code":
            continue
        values = [getattr(lex, f.name) for lex in lexicons]
        if isinstance(values[0], frozenset):
            merged[f.name] = frozenset().union(*values)
        elif isinstance(values[0], tuple):
            merged[f.name] = tuple(dict.fromkeys(x for v in values for x in v))
        else:
            merged[f.name] = _union_dicts(values)
    return Lexicon(**merged)  # type: ignore[arg-type]


def _union_dicts(values: list[dict]) -> dict:  # type: ignore[type-arg]
    """Regexes of one key are joined as alternatives and tuples concatenated, in the order of
    :data:`LANGUAGES` (English first); a number word keeps the first language's value."""
    d: dict = {}  # type: ignore[type-arg]
    for v in values:
        for k, x in v.items():
            if k not in d:
                d[k] = x
            elif isinstance(x, str) and x != d[k]:
                d[k] = f"{d[k]}|{x}"
            elif isinstance(x, tuple):
                d[k] = d[k] + tuple(y for y in x if y not in d[k])
    return d


_ALL = _union(list(_BY_CODE.values()))


def for_language(lang: str | None) -> Lexicon:
    """The lexicon of ``lang`` ("en", "de-AT", "FR"); the union of all languages when ``lang``
    is None or not one of :data:`LANGUAGES`."""
    if not lang:
        return _ALL
    return _BY_CODE.get(lang.lower().replace("_", "-").split("-")[0], _ALL)


def words(kind: str, lang: str | None = None) -> frozenset[str]:
    """The words of list ``kind`` (a :class:`Lexicon` field: "missing", "rate_limit",
    "months", ...) in ``lang``, or in every language when ``lang`` is unknown."""
    value = getattr(for_language(lang), kind)
    return frozenset(value)


def patterns(kind: str, lang: str | None = None) -> dict[str, str]:
    """A dict of regexes (``status_phrases``, ``status_leads``) in ``lang``, else every
    language's alternatives joined, English first."""
    return dict(getattr(for_language(lang), kind))


@cache
def _function_bytes(code: str) -> frozenset[bytes]:
    lex = _BY_CODE[code]
    return frozenset(w.encode("ascii") for w in lex.function_words | lex.stop_words if w.isascii() and " " not in w)


def guess_language(text: str) -> str | None:
    """The language of ``text`` among :data:`LANGUAGES`, else None; memoised per text, as the
    number and date scanners of one text both ask.

    The function words of the first 4,000 characters decide when one language has at least
    three and twice as many as any other (most texts: cheap); otherwise a text with enough
    letters is given to the statistical detector (:mod:`.detect`), and failing that the language
    with the most function words (at least two, more than any other) is taken. Accents are kept
    out of the count (the words are matched as ASCII), so a short text without function words,
    a number or a name, has no language."""
    return _guess(text)


@per_text
def _guess(text: str, sample: int = 4000) -> str | None:
    head = text[:sample]
    # A non-ASCII letter stays inside its word ("está" is no "est"); every "?" becomes a letter too.
    toks = ascii_words(head.encode("ascii", "replace").replace(b"?", b"x").decode("ascii"))
    if len(toks) < 2:
        return None
    best, best_n, second = None, 0, 0
    for code in _BY_CODE:
        fw = _function_bytes(code)
        n = sum(1 for t in toks if t in fw)
        if n > best_n:
            best, best_n, second = code, n, best_n
        elif n > second:
            second = n
    if best_n >= 3 and best_n >= 2 * second:
        return best
    found = detect(head)
    if found is not None:
        return found
    return best if best_n >= 2 and best_n > second else None
