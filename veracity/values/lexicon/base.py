"""The shape of one language's lexicon: every word list the value parsers and checks read."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Lexicon:
    """One language's word lists (all folded: lower case, accents kept only where a parser
    reads the raw text). Lists a language lacks stay empty."""

    code: str
    missing: frozenset[str] = frozenset()
    missing_phrases: tuple[str, ...] = ()
    missing_filler: frozenset[str] = frozenset()
    private: frozenset[str] = frozenset()
    rate_limit: tuple[str, ...] = ()
    function_words: frozenset[str] = frozenset()
    stop_words: frozenset[str] = frozenset()
    starters: frozenset[str] = frozenset()
    # Articles that open a sentence's noun phrase ("Die Acme GmbH teilt mit"): not part of a name.
    articles: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    # Words of job titles ("Operations Manager", "Responsable de Compras"): a title joined to an
    # employer by a connector ("Head of Sales for Acme") is no part of the employer's name.
    job_words: frozenset[str] = frozenset()
    money_words: frozenset[str] = frozenset()
    yes_words: frozenset[str] = frozenset()
    no_words: frozenset[str] = frozenset()
    org_words: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    postal_abbreviations: dict[str, str] = field(default_factory=dict)
    # Words before a number that make it approximate ("about 230"); of them, those that make it a
    # lower bound ("over 200") or an upper one ("up to 50").
    approx_words: frozenset[str] = frozenset()
    lower_bound_words: frozenset[str] = frozenset()
    upper_bound_words: frozenset[str] = frozenset()
    magnitudes: dict[str, float] = field(default_factory=dict)
    # Magnitude spellings whose writers use a decimal comma ("3,1 Mio"): they mark European formatting.
    decimal_comma_magnitudes: frozenset[str] = frozenset()
    ones: dict[str, int] = field(default_factory=dict)
    tens: dict[str, int] = field(default_factory=dict)
    scales: dict[str, int] = field(default_factory=dict)
    counted_nouns: dict[str, int] = field(default_factory=dict)
    number_joiners: tuple[str, ...] = ()  # "and" in "two hundred and thirty", "und" in "dreiundzwanzig"
    # Number words that are also common words or abbreviations in other languages ("sept",
    # "elf", "cent"): read as numbers only in a text known to be in this language.
    ambiguous_numbers: frozenset[str] = frozenset()
    # What a failed page or API answer says, by family (rate_limit, captcha, login_wall, paywall,
    # error_page): regexes over lower-case text. ``status_phrases`` may sit anywhere in a status
    # position, ``status_leads`` only open it; ``status_anchors`` are substrings one of which
    # must be present before a family's regexes are tried.
    status_phrases: dict[str, str] = field(default_factory=dict)
    status_leads: dict[str, str] = field(default_factory=dict)
    status_anchors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # A model declining to answer, at the start of its text (regexes over lower-case text).
    refusals: tuple[str, ...] = ()
    timeout_words: tuple[str, ...] = ()
    # Values that stand in for a value in a record ("n/a", "withheld"): a record of mostly
    # these is a placeholder; ``null_words`` are the ones a schema reads as null.
    weak_values: frozenset[str] = frozenset()
    null_words: frozenset[str] = frozenset()
    months: dict[str, int] = field(default_factory=dict)
    weekdays: tuple[str, ...] = ()
    ordinals: dict[str, int] = field(default_factory=dict)
    # Record keys: common abbreviations of a column name's parts and the words they stand for
    # ("pct" -> percent), beyond what letters-in-order already derive ("pts" -> points).
    column_abbreviations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Words that move a number off the record's own cells: a season average, a career mark, the
    # last five games ("averaging 16 points on the year" is not the row's 16).
    scope_words: frozenset[str] = frozenset()
    # Words that end the phrase naming what a number measures ("38 percent shooting *and* forced").
    phrase_breaks: frozenset[str] = frozenset()
    # Joiners of a part and its whole ("9-of-14", "4-for-7"): a made–attempted pair.
    part_of_whole: tuple[str, ...] = ()
    # Head nouns of the names of places and buildings ("TD Garden", "Oracle Arena", "Union
    # Station"), and the record keys that hold such names: a venue's name is checkable only
    # against a record that has a place for it.
    place_words: frozenset[str] = frozenset()
    place_prepositions: frozenset[str] = frozenset()  # "at TD Garden", "in Union Station"
    # Words between two names that set them against each other ("X scored 30 *against* the Y"):
    # the second is no group the first belongs to.
    opposition_words: frozenset[str] = frozenset()
    # Sentence structure, read to tell which attribute a value in prose fills (checks/pairs/slots):
    # words that tie a value to what governs it ("born in", "directed by"),
    prepositions: frozenset[str] = frozenset()
    # of them, those that only continue a noun phrase ("the southern part of X"): the value's
    # link is the preposition before that noun phrase,
    genitives: frozenset[str] = frozenset()
    # verbs that make the value an attribute of their subject ("The director of X was Y"),
    copulas: frozenset[str] = frozenset()
    # words that only determine or modify the noun after them (articles, possessives,
    # demonstratives, auxiliaries, common adverbs): never what governs a value,
    determiners: frozenset[str] = frozenset()
    # words that open a new clause: what stands before them governs something else,
    clause_openers: frozenset[str] = frozenset()
    # words and phrases that make what follows examples, not all there is ("including",
    # "several", "such as"): regex alternatives over lower-case text.
    non_exhaustive: tuple[str, ...] = ()

    @property
    def number_words(self) -> frozenset[str]:
        """Every word this language writes numbers with."""
        return frozenset({*self.ones, *self.tens, *self.scales, *self.counted_nouns})
