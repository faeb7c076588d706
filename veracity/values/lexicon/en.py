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
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

STATUS_PHRASES = {
    "rate_limit": r"too many requests|rate[ _-]?limit(?:ed|s)? (?:has been |was )?(?:exceeded|reached|hit)|rate[ _-]limited"
    r"|rate_limit_exceeded|quota (?:has been )?(?:exceeded|exhausted)"
    r"|exceeded (?:your|the) (?:\w+ ){0,2}(?:quota|rate limit|request limit)|please slow down"
    r"|retry after \d+ ?s|try again in \d+ ?(?:s|sec|seconds|minutes)",
    "captcha": r"captcha (?:required|verification|challenge|check)|(?:complete|solve) (?:the |a |this )?(?:captcha|security check)"
    r"|verify (?:that )?you(?: are|'re) (?:a )?human|are you a (?:robot|human)\?|i'?m not a robot|checking your browser"
    r"|checking if the site connection is secure|attention required!|unusual traffic from your"
    r"|enable javascript and cookies to continue|pardon our interruption|access denied.{0,60}\bbots?\b"
    r"|\bbots?\b.{0,60}access denied|ddos protection by",
    "login_wall": r"(?:sign|log) ?in to (?:continue|view|access|see|your account)|login required|you must (?:be )?(?:logged|signed) in"
    r"|authentication required|session (?:has )?expired|invalid (?:api key|access token|credentials)"
    r"|api key (?:is )?(?:missing|invalid|required)",
    "paywall": r"subscribe (?:now )?to (?:continue|read|keep reading|unlock)|(?:for|available to) (?:paid )?subscribers only"
    r"|you(?:'ve| have) (?:reached|used) (?:your|all) (?:\w+ ){0,2}(?:free )?articles?|create a free account to (?:continue|read)",
    "error_page": r"internal server error|service (?:temporarily )?unavailable|bad gateway|gateway time-?out"
    r"|upstream connect error|no healthy upstream|an? (?:unexpected |internal )?error (?:has )?occurred|something went wrong"
    r"|application error|page not found|404 not found|request timed? ?out|connection (?:refused|reset by peer)"
    r"|under maintenance|(?:performing|undergoing) (?:scheduled |planned )?maintenance|down for maintenance|traceback \(most recent call last\)|exception in thread",
}

STATUS_LEADS = {
    "rate_limit": r"^(?:rate[ _-]?limit(?:ed)?|slow down|throttled)\b",
    "captcha": r"^(?:just a moment\.\.\.|security check|are you a robot|bot (?:check|detected))",
    "login_wall": r"^(?:(?:please )?(?:sign|log) ?in|login|unauthori[sz]ed|forbidden|access denied|not authori[sz]ed|permission denied)\b",
    "paywall": r"^(?:subscribe|subscription required|premium content)\b",
    "error_page": r"^(?:error|exception|fatal error|server error)(?:\s*\d{3}\b|\s*:|\s*$|\s*!)|^[\w.]+(?:error|exception): ",
}

STATUS_ANCHORS = {
    "rate_limit": ("many requests", "rate", "quota", "slow down", "retry", "try again", "throttl"),
    "captcha": ("captcha", "human", "robot", "browser", "site connection", "attention required", "unusual traffic",
                "javascript and cookies", "interruption", "bot", "ddos", "security check", "just a moment"),
    "login_wall": ("sign", "log", "auth", "session", "invalid", "api key", "forbidden", "denied", "permission"),
    "paywall": ("subscri", "articles", "free account", "premium"),
    "error_page": ("error", "unavailable", "gateway", "upstream", "went wrong", "not found", "timed", "time out",
                   "connection", "maintenance", "traceback", "exception", "fatal"),
}

REFUSAL = (
    r"^\W{0,3}(?:i'?m sorry|i am sorry|i apologi[sz]e|sorry, (?:but )?i\b|unfortunately,? i (?:can(?:no|')t|cannot|am unable|'m unable|don'?t have)"
    r"|as an ai\b|i (?:can(?:no|')t|cannot|am unable to|'m unable to|am not able to|'m not able to|won'?t) "
    r"(?:help|assist|provide|comply|do|fulfil|complete|access|browse|answer|share|generate|create))"
    r"|as an ai (?:language )?model"
)

# fmt: off
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
    articles=frozenset({"a", "an", "the"}),
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
    # Words of job titles (see Lexicon.job_words).
    job_words=frozenset(
        {
            "account", "accountant", "accounts", "administrator", "advisor", "analyst", "architect",
            "assistant", "associate", "business", "buyer", "chief", "commercial", "communications",
            "consultant", "controller", "coordinator", "counsel", "customer", "data", "deputy", "designer",
            "developer", "development", "digital", "director", "engineer", "engineering", "executive",
            "finance", "financial", "founder", "general", "growth", "head", "hr", "human", "information",
            "junior", "lead", "legal", "logistics", "manager", "marketing", "officer", "operating",
            "operations", "partner", "people", "principal", "procurement", "product", "program", "programme",
            "project", "purchasing", "quality", "recruiter", "regional", "relations", "research",
            "resources", "revenue", "sales", "scientist", "security", "senior", "specialist", "strategy",
            "success", "supply", "support", "talent", "team", "technical", "technology", "treasury", "vice",
            "vp",
        }
    ),
    # What names a money amount ("revenue", "Umsatz").
    money_words=frozenset(
        {
            "amount", "arr", "assets", "bookings", "budget", "capital", "cash", "cost", "debt", "earnings",
            "ebitda", "eur", "fee", "fees", "fund", "funding", "funds", "gbp", "gmv", "income", "investment",
            "loss", "losses", "money", "mrr", "pay", "price", "profit", "profits", "raise", "raised",
            "revenue", "revenues", "round", "salary", "sales", "spend", "spending", "turnover", "usd",
            "valuation", "valued",
        }
    ),
    # A boolean field's true and false.
    yes_words=frozenset({"1", "on", "t", "true", "y", "yes"}),
    no_words=frozenset({"0", "f", "false", "n", "no", "off"}),
    # Words that make a capitalised span an organisation ("Acme Bank").
    org_words=frozenset(
        {
            "ag", "agency", "airlines", "association", "bank", "capital", "club", "co", "college", "company",
            "corp", "corporation", "council", "department", "energy", "federation", "foundation", "fund",
            "global", "gmbh", "group", "holdings", "hospital", "inc", "industries", "institute", "insurance",
            "international", "laboratories", "labs", "league", "limited", "llc", "ltd", "media", "ministry",
            "motors", "networks", "partners", "pharmaceuticals", "plc", "school", "services", "society",
            "software", "solutions", "studios", "systems", "technologies", "technology", "therapeutics",
            "trust", "union", "university", "ventures",
        }
    ),
    # Titles before a person's name ("Dr", "Frau").
    titles=frozenset(
        {
            "capt", "captain", "col", "dame", "dr", "dr.", "gen", "hon", "honorable", "judge", "lady",
            "lord", "lt", "miss", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "prof", "professor", "rev",
            "reverend", "sgt", "sir", "sr",
        }
    ),
    # Postal abbreviations and the word each stands for ("st" -> "street").
    postal_abbreviations={
        "st": "street", "ave": "avenue", "av": "avenue", "avn": "avenue", "rd": "road", "blvd": "boulevard",
        "bvd": "boulevard", "dr": "drive", "drv": "drive", "ln": "lane", "ct": "court", "crt": "court",
        "pl": "place", "plz": "plaza", "sq": "square", "hwy": "highway", "pkwy": "parkway", "pky": "parkway",
        "ter": "terrace", "terr": "terrace", "cir": "circle", "trl": "trail", "aly": "alley",
        "expy": "expressway", "fwy": "freeway", "cres": "crescent", "mt": "mount", "ft": "fort",
        "rte": "route", "hts": "heights", "ctr": "center", "centre": "center", "ste": "suite", "fl": "floor",
        "flr": "floor", "apt": "apartment", "bldg": "building", "rm": "room", "dept": "department",
        "po": "po", "n": "north", "s": "south", "e": "east", "w": "west", "ne": "northeast",
        "nw": "northwest", "se": "southeast", "sw": "southwest", "no": "number",
    },
    approx_words=frozenset(
        {
            "+/-", "<", "<=", ">", ">=", "about", "almost", "an estimated", "approx", "approx.",
            "approximately", "around", "c.", "ca.", "circa", "close to", "est.", "estimated", "less than",
            "more than", "nearly", "over", "reportedly", "roughly", "some", "under", "up to", "upwards of",
            "~", "±", "≈",
        }
    ),
    lower_bound_words=frozenset({">", ">=", "more than", "over", "upwards of"}),
    upper_bound_words=frozenset({"<", "<=", "less than", "under", "up to"}),
    # Magnitude words after a numeral ("12.5M", "3 bn") and their factor.
    magnitudes={
        "k": 1000.0, "thousand": 1000.0, "thousands": 1000.0, "thou": 1000.0, "grand": 1000.0,
        "m": 1000000.0, "mm": 1000000.0, "mn": 1000000.0, "mln": 1000000.0, "mil": 1000000.0,
        "million": 1000000.0, "millions": 1000000.0, "b": 1000000000.0, "bn": 1000000000.0,
        "bln": 1000000000.0, "billion": 1000000000.0, "billions": 1000000000.0, "tn": 1000000000000.0,
        "trillion": 1000000000000.0, "lakh": 100000.0, "lakhs": 100000.0, "crore": 10000000.0,
        "crores": 10000000.0,
    },
    ones=ONES,
    tens=TENS,
    scales=SCALES,
    # Number words that also count: "a dozen", "a pair of", "a couple of".
    counted_nouns={"dozen": 12, "pair": 2, "couple": 2},
    ordinals={"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
              "eighth": 8, "ninth": 9, "tenth": 10},
    column_abbreviations={"pct": ("percent", "percentage"), "m": ("made",), "a": ("attempted", "attempts"),
                          "avg": ("average",), "no": ("number",), "num": ("number",), "qty": ("quantity",),
                          "yr": ("year",), "q": ("quarter",), "h": ("half",), "fy": ("fiscal", "year")},
    scope_words=frozenset({"average", "averaging", "averaged", "averages", "season", "career", "combined",
                           "last", "previous", "straight", "consecutive", "row", "streak", "per", "lifetime",
                           "ytd", "cumulative"}),
    phrase_breaks=frozenset({"and", "or", "but", "while", "as", "who", "which", "that", "whereas", "with", "after",
                             "before", "when", "to", "against", "over", "than"}),
    part_of_whole=("of", "for", "out of"),
    opposition_words=frozenset({"against", "over", "versus", "vs", "beat", "beats", "beating", "defeat", "defeated",
                                "defeats", "host", "hosts", "hosted", "hosting", "visit", "visits", "visited",
                                "visiting", "face", "faces", "faced", "facing", "to", "from", "past", "than", "outscored",
                                "outscoring", "out", "held", "holding", "limited", "limiting", "forced", "forcing",
                                "rival", "rivals", "competitor", "competitors", "acquired", "acquire", "vs.", "lost",
                                "loss", "win", "victory", "opponent", "opponents", "on", "at", "off", "into", "toward"}),
    place_prepositions=frozenset({"at", "in", "inside", "outside", "near"}),
    place_words=frozenset({"arena", "center", "centre", "stadium", "garden", "gardens", "fieldhouse", "coliseum",
                           "dome", "hall", "park", "field", "theater", "theatre", "airport", "station", "square",
                           "venue", "location", "place", "site", "address", "building", "tower", "plaza", "mall",
                           "campus", "forum", "pavilion", "auditorium"}),
    number_joiners=("and",),
    status_phrases=STATUS_PHRASES,
    status_leads=STATUS_LEADS,
    status_anchors=STATUS_ANCHORS,
    refusals=(REFUSAL,),
    timeout_words=("timeout", "timed out", "deadline exceeded"),
    weak_values=frozenset(
        {"", "n/a", "na", "n.a.", "unknown", "none", "null", "nil", "-", "--", "—", "not available", "not disclosed",
         "undisclosed", "not reported", "withheld", "private", "not publicly available", "nan", "undefined", "0"}
    ),
    null_words=frozenset({"", "unknown", "n/a", "na", "none", "null", "not available", "not disclosed", "-"}),
    months=MONTHS,
    weekdays=WEEKDAYS,
    # Sentence structure (see Lexicon): what ties a value in prose to the words that govern it.
    prepositions=frozenset({'about', 'after', 'against', 'alongside', 'among', 'as', 'at', 'before', 'behind', 'beside', 'between', 'by', 'during', 'for', 'from', 'in', 'into', 'near', 'of', 'on', 'onto', 'over', 'per', 'since', 'than', 'through', 'to', 'toward', 'towards', 'under', 'until', 'upon', 'via', 'with', 'within', 'without'}),
    genitives=frozenset({'of'}),
    copulas=frozenset({"'s", 'are', 'be', 'became', 'become', 'becomes', 'been', 'being', 'is', 'remain', 'remained', 'remains', 'was', 'were'}),
    determiners=frozenset({'a', 'already', 'also', 'an', 'both', 'can', 'could', 'currently', 'did', 'do', 'does', 'each', 'eventually', 'every', 'first', 'had', 'has', 'have', 'having', 'her', 'herself', 'himself', 'his', 'its', 'itself', 'later', 'may', 'might', 'my', 'now', 'once', 'originally', 'our', 'shall', 'should', 'still', 'that', 'the', 'their', 'themselves', 'then', 'these', 'this', 'those', 'whose', 'will', 'would', 'your'}),
    clause_openers=frozenset({'although', 'because', 'but', 'since', 'there', 'though', 'when', 'where', 'whereas', 'which', 'while', 'who', 'whom', 'whose'}),
    non_exhaustive=(r"including|includes|include|included|such as|among them|among others|among|e\.g\.|for example|for instance|notably|several|various|numerous|many|a number of|a variety of|a few|a series of",),
)
# fmt: on
