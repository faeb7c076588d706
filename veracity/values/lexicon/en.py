"""English words: what a value says when it is missing, what a failed page says, function words,
number words, months.

>>> "n/a" in LEXICON.missing, LEXICON.ones["twelve"], LEXICON.months["sept"]
(True, 12, 9)
"""

from __future__ import annotations

from .base import Lexicon

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

LEXICON = Lexicon(
    code="en",
    # A whole value that says "no value" (folded: lower case, no accents).
    missing=frozenset(
        {
            "-", "--", "---", "?", "??", "blank", "confidential", "data not available", "empty",
            "information not available", "missing", "n / a", "n.a", "n.a.", "n/a", "n/d", "na",
            "nan", "nd", "nil", "no data", "no info", "no information", "no value", "none",
            "none found", "not applicable", "not available", "not available publicly",
            "not disclosed", "not disclosed publicly", "not found", "not known", "not listed",
            "not provided", "not public", "not publicly available", "not publicly disclosed",
            "not reported", "not specified", "null", "redacted", "tba", "tbd", "unavailable",
            "undefined", "undisclosed", "unk", "unknown", "unknown unknown", "unreported",
            "unspecified", "withheld", "–", "—",
        }
    ),
    # Phrases that declare a value missing inside a longer text (regex alternatives).
    missing_phrases=(
        r"unknown|undisclosed|unavailable|not (?:publicly )?(?:available|disclosed|known|found|specified|provided|reported|listed)"
        r"|no (?:data|information|info)|n/a|not applicable",
    ),
    # Words that may stand around a missing phrase ("revenue not disclosed").
    missing_filler=frozenset(
        {
            "a", "address", "amount", "an", "are", "as", "at", "ceo", "company", "count",
            "currently", "data", "date", "domain", "email", "employee", "employees", "field",
            "figure", "figures", "for", "founder", "funding", "headcount", "held", "info",
            "information", "is", "it", "its", "name", "not", "now", "number", "numbers", "of",
            "phone", "private", "privately", "public", "publicly", "revenue", "revenues", "sales",
            "still", "the", "this", "time", "turnover", "valuation", "value", "was", "website",
            "were", "year", "yet",
        }
    ),
    # What a numeric field may say instead of a number it will not give.
    private=frozenset({"private", "privately held", "private company", "confidential"}),
    # A rate limit in an error message (matched as lower-case substrings).
    rate_limit=("429", "rate limit", "rate_limit", "too many requests", "quota"),
    # Function words: never what a number measures ("230 of", "12 and").
    function_words=frozenset(
        {
            "a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "in", "is",
            "it", "its", "of", "on", "or", "per", "than", "that", "the", "these", "this", "those",
            "to", "versus", "vs", "was", "were", "which", "who", "with",
        }
    ),
    # The commonest of them: never the measure of a claim.
    stop_words=frozenset(
        {
            "a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "of", "on", "or", "the",
            "to", "was", "with",
        }
    ),
    # Words that start a sentence or a name span without being part of the name.
    starters=frozenset(
        {
            "a", "according", "after", "all", "also", "although", "an", "and", "another", "as",
            "at", "because", "before", "both", "but", "by", "despite", "during", "each", "every",
            "first", "for", "from", "he", "her", "here", "his", "how", "however", "i", "if", "in",
            "it", "its", "last", "many", "meanwhile", "most", "my", "next", "no", "not", "of",
            "on", "one", "only", "or", "other", "our", "overall", "second", "she", "since", "so",
            "some", "such", "that", "the", "their", "then", "there", "these", "they", "third",
            "this", "those", "though", "three", "to", "today", "tomorrow", "two", "we", "what",
            "when", "where", "which", "while", "who", "why", "with", "yes", "yesterday", "you",
            "your",
        }
    ),
    # Roles and titles written before a name ("CEO Dana Liu").
    roles=frozenset(
        {
            "analyst", "center", "centre", "ceo", "cfo", "chair", "chairman", "chairwoman",
            "chief", "cio", "cmo", "co-founder", "coach", "cofounder", "coo", "cto", "dean",
            "director", "evp", "forward", "founder", "governor", "guard", "head", "manager",
            "mayor", "minister", "president", "professor", "reporter", "rookie", "senator",
            "spokesman", "spokesperson", "spokeswoman", "star", "svp", "veteran", "vp",
        }
    ),
    ones=ONES,
    tens=TENS,
    scales=SCALES,
    # Number words that also count: "a dozen", "a pair of", "a couple of".
    counted_nouns={"dozen": 12, "pair": 2, "couple": 2},
    number_joiners=("and",),
    months=MONTHS,
    weekdays=WEEKDAYS,
)
