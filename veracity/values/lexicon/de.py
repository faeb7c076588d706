"""German words (folded to lower case; umlauts and ß kept, with their ASCII spellings too).

>>> "k. a." in LEXICON.missing, LEXICON.ones["zwölf"], LEXICON.months["märz"]
(True, 12, 3)
"""

from __future__ import annotations

from .base import Lexicon

# fmt: off
LEXICON = Lexicon(
    code="de",
    articles=frozenset({"das", "dem", "den", "der", "des", "die", "ein", "eine", "einer"}),
    missing=frozenset(
        {
            "unbekannt", "k. a.", "k.a.", "ka", "keine angabe", "keine angaben", "nicht bekannt",
            "nicht verfügbar", "nicht verfuegbar", "nicht angegeben", "nicht veröffentlicht",
            "nicht veroeffentlicht", "keine daten", "keine informationen", "unveröffentlicht",
            "vertraulich", "entfällt", "entfaellt", "nicht zutreffend", "nicht vorhanden", "leer", "fehlt",
            "unbestimmt", "geschwärzt",
        }
    ),
    missing_phrases=(
        r"unbekannt|keine angaben?|k\. ?a\.|nicht (?:(?:ö|oe|o)ffentlich )?(?:bekannt|verf(?:ü|ue|u)gbar|angegeben|ver(?:ö|oe|o)ffentlicht)"
        r"|keine (?:daten|informationen)|unver(?:ö|oe|o)ffentlicht|nicht zutreffend",
    ),
    missing_filler=frozenset(
        {
            "umsatz", "mitarbeiter", "mitarbeitende", "beschäftigte", "anzahl", "daten", "angabe", "wert",
            "betrag", "zahl", "derzeit", "aktuell", "öffentlich", "noch", "ist", "sind", "war", "waren",
            "unternehmen", "firma", "privat", "der", "die", "das", "ein", "eine", "zur", "zeit", "nicht",
            "es", "für", "feld", "jahr", "datum", "telefon", "adresse", "webseite", "website", "domain",
            "gründer", "name", "finanzierung", "bewertung",
        }
    ),
    private=frozenset({"privat", "in privatbesitz", "privatunternehmen", "vertraulich"}),
    rate_limit=(
        "zu viele anfragen", "anfragelimit", "ratenlimit", "rate-limit", "kontingent überschritten",
        "kontingent ueberschritten", "limit überschritten", "limit erreicht",
    ),
    function_words=frozenset(
        {
            "und", "oder", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einen",
            "im", "in", "am", "an", "auf", "zu", "zum", "zur", "für", "mit", "von", "vom", "bei", "aus",
            "als", "ist", "sind", "war", "waren", "wurde", "wurden", "sein", "dass", "welche",
            "welcher", "wer", "dies", "diese", "dieser", "es", "seine", "pro", "je", "gegen",
            "nicht", "auch", "sich", "hat", "haben",
        }
    ),
    stop_words=frozenset(
        {"und", "oder", "der", "die", "das", "ein", "eine", "in", "im", "am", "zu", "für", "mit", "von", "aus", "als", "ist", "war"}
    ),
    # Words of job titles (see Lexicon.job_words).
    job_words=frozenset(
        {
            "abteilungsleiter", "abteilungsleiterin", "berater", "beraterin", "einkauf", "einkaufsleiter",
            "einkaufsleiterin", "entwickler", "entwicklerin", "geschäftsführer", "geschäftsführerin",
            "ingenieur", "ingenieurin", "leiter", "leiterin", "marketing", "personal", "produktmanager",
            "produktmanagerin", "projektleiter", "projektleiterin", "referent", "referentin", "vertrieb",
            "vertriebsleiter", "vertriebsleiterin",
        }
    ),
    money_words=frozenset(
        {
            "bewertung", "erlös", "erlöse", "finanzierung", "finanzierungsrunde", "gehalt", "gewinn",
            "investition", "jahresumsatz", "kapital", "kosten", "preis", "umsatz", "umsätze", "verlust",
        }
    ),
    yes_words=frozenset({"ja", "wahr"}),
    no_words=frozenset({"falsch", "nein"}),
    org_words=frozenset(
        {
            "bank", "dienste", "dienstleistungen", "genossenschaft", "gesellschaft", "gruppe", "hochschule",
            "holding", "industrie", "institut", "klinikum", "krankenhaus", "ministerium", "schule",
            "stiftung", "systeme", "technologien", "universität", "verband", "verein", "versicherung",
            "werke",
        }
    ),
    titles=frozenset({"doktor", "frau", "herr", "herrn", "professorin"}),
    postal_abbreviations={
        "str": "street", "strasse": "street", "pl": "place", "platz": "place", "allee": "avenue",
        "og": "floor", "obergeschoss": "floor", "stock": "floor", "etage": "floor", "eg": "ground floor",
        "erdgeschoss": "ground floor", "postfach": "po box", "geb": "building", "gebaude": "building",
    },
    approx_words=frozenset(
        {
            "annähernd", "bis zu", "etwa", "geschätzt", "mehr als", "rund", "schätzungsweise", "ungefähr",
            "unter", "weniger als", "zirka", "über",
        }
    ),
    lower_bound_words=frozenset({"mehr als", "über"}),
    upper_bound_words=frozenset({"bis zu", "unter", "weniger als"}),
    magnitudes={
        "tsd": 1000.0, "mio": 1000000.0, "mrd": 1000000000.0, "milliarden": 1000000000.0, "tausend": 1000.0,
        "millionen": 1000000.0, "milliarde": 1000000000.0,
    },
    decimal_comma_magnitudes=frozenset({"milliarde", "milliarden", "millionen", "mio", "mrd", "tausend", "tsd"}),
    ones={
        "null": 0, "eins": 1, "ein": 1, "eine": 1, "zwei": 2, "zwo": 2, "drei": 3, "vier": 4, "fünf": 5,
        "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13,
        "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
    },
    tens={
        "zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
        "siebzig": 70, "achtzig": 80, "neunzig": 90,
    },
    scales={"hundert": 100, "tausend": 1000, "million": 10**6, "millionen": 10**6, "milliarde": 10**9, "milliarden": 10**9},
    counted_nouns={"dutzend": 12, "paar": 2},
    number_joiners=("und",),
    ambiguous_numbers=frozenset({"ein", "eine", "elf", "acht", "null", "paar", "million"}),
    status_phrases={
        "rate_limit": r"zu viele anfragen|(?:anfrage|raten)limit (?:wurde )?(?:überschritten|erreicht)"
        r"|sie haben (?:das|ihr) (?:anfragelimit|limit|kontingent) (?:\w+ )?(?:überschritten|erreicht|ausgeschöpft)"
        r"|kontingent (?:ist )?(?:überschritten|erschöpft|aufgebraucht)"
        r"|(?:bitte )?versuchen sie es in \d+ ?(?:s|sek|sekunden|minuten) erneut",
        "captcha": r"bestätigen sie, dass sie (?:ein )?mensch sind|sind sie ein roboter\?|ich bin kein roboter"
        r"|ungewöhnlicher datenverkehr",
        "login_wall": r"(?:melden sie sich an|anmelden),? um (?:fortzufahren|weiterzulesen)|anmeldung erforderlich"
        r"|sitzung (?:ist )?abgelaufen|ungültiger api-schlüssel|api-schlüssel (?:fehlt|ist ungültig)",
        "paywall": r"abonnieren sie,? um weiterzulesen|(?:nur|exklusiv) für abonnenten",
        "error_page": r"interner serverfehler|dienst (?:vorübergehend )?nicht verfügbar|seite nicht gefunden"
        r"|ein (?:unerwarteter )?fehler ist aufgetreten|etwas ist schiefgelaufen|wegen wartungsarbeiten"
        r"|zeitüberschreitung|(?:vorübergehend )?nicht erreichbar",
    },
    status_leads={
        "rate_limit": r"^(?:zu viele anfragen|gedrosselt)\b",
        "login_wall": r"^(?:(?:bitte )?anmelden|nicht autorisiert|zugriff verweigert)\b",
        "error_page": r"^(?:(?:fehler|serverfehler)(?:\s*\d{3}\b|\s*:|\s*$|\s*!)|wartungsarbeiten\b)",
    },
    status_anchors={
        "rate_limit": ("anfrage", "limit", "kontingent", "versuchen sie"),
        "captcha": ("roboter", "mensch", "datenverkehr"),
        "login_wall": ("anmeld", "sitzung", "schlüssel", "zugriff", "autorisiert"),
        "paywall": ("abonn",),
        "error_page": ("fehler", "nicht verfügbar", "nicht gefunden", "schiefgelaufen", "wartung", "zeitüberschreitung", "erreichbar"),
    },
    refusals=(
        r"^\W{0,3}(?:es tut mir leid|entschuldigung, (?:aber )?ich\b|leider kann ich (?:nicht|keine)|als (?:eine )?ki\b"
        r"|ich kann (?:ihnen )?(?:dabei )?nicht (?:helfen|behilflich sein|weiterhelfen))|als ki-sprachmodell",
    ),
    timeout_words=("zeitüberschreitung", "zeitlimit überschritten"),
    weak_values=frozenset({"unbekannt", "k. a.", "k.a.", "keine angabe", "nicht verfügbar", "nicht angegeben", "vertraulich", "privat"}),
    null_words=frozenset({"unbekannt", "k. a.", "k.a.", "keine angabe", "nicht verfügbar"}),
    months={
        "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5, "juni": 6,
        "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
        "jan": 1, "feb": 2, "mär": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
        "okt": 10, "nov": 11, "dez": 12,
    },
    weekdays=("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag"),
    # Sentence structure (see Lexicon): what ties a value in prose to the words that govern it.
    prepositions=frozenset({'ab', 'als', 'am', 'an', 'auf', 'aus', 'bei', 'beim', 'bis', 'durch', 'für', 'gegen', 'hinter', 'im', 'in', 'mit', 'nach', 'neben', 'ohne', 'seit', 'um', 'unter', 'vom', 'von', 'vor', 'während', 'zu', 'zum', 'zur', 'zwischen', 'über'}),
    genitives=frozenset({'vom', 'von'}),
    copulas=frozenset({'bleibt', 'blieb', 'galt', 'gilt', 'ist', 'sei', 'sind', 'war', 'waren', 'wurde', 'wurden'}),
    determiners=frozenset({'auch', 'dann', 'das', 'dem', 'den', 'der', 'des', 'die', 'diese', 'diesem', 'diesen', 'dieser', 'dieses', 'ein', 'eine', 'einem', 'einen', 'einer', 'eines', 'haben', 'hat', 'hatte', 'hatten', 'ihr', 'ihre', 'ihrem', 'ihren', 'ihrer', 'ihres', 'jene', 'jener', 'sein', 'seine', 'seinem', 'seinen', 'seiner', 'seines', 'später', 'werden', 'wird', 'zuerst'}),
    clause_openers=frozenset({'aber', 'dass', 'obwohl', 'sondern', 'weil', 'welche', 'welcher', 'welches', 'wo', 'wobei', 'während'}),
    non_exhaustive=(r"darunter|unter anderem|u\. ?a\.|beispielsweise|zum beispiel|z\. ?b\.|wie etwa|etwa|mehrere|verschiedene|zahlreiche|einige|viele",),
)
# fmt: on
