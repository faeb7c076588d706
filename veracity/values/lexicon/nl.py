"""Dutch words (folded to lower case).

>>> "onbekend" in LEXICON.missing, LEXICON.ones["drieëntwintig"], LEXICON.months["maart"], LEXICON.magnitudes["mln"]
(True, 23, 3, 1000000.0)
"""

from __future__ import annotations

from .base import Lexicon

# fmt: off
LEXICON = Lexicon(
    code="nl",
    articles=frozenset({"de", "een", "het"}),
    missing=frozenset(
        {
            "onbekend", "niet bekend", "niet beschikbaar", "niet opgegeven", "niet vermeld", "niet gepubliceerd",
            "niet openbaar", "niet van toepassing", "geen gegevens", "geen informatie", "geen opgave",
            "vertrouwelijk", "n.v.t.", "nvt", "n.b.", "onbekende", "geen",
        }
    ),
    missing_phrases=(
        r"onbekend|niet (?:bekend|beschikbaar|opgegeven|vermeld|gepubliceerd|openbaar|van toepassing)"
        r"|geen (?:gegevens|informatie|opgave)",
    ),
    missing_filler=frozenset(
        {
            "omzet", "inkomsten", "werknemers", "medewerkers", "personeel", "aantal", "cijfer", "gegevens",
            "informatie", "waarde", "bedrag", "momenteel", "publiekelijk", "nog", "is", "zijn", "was", "bedrijf",
            "onderneming", "besloten", "de", "het", "een", "van", "voor", "in", "dit", "moment", "veld", "jaar",
            "datum", "telefoon", "adres", "website", "domein", "oprichter", "naam", "financiering", "waardering",
        }
    ),
    private=frozenset({"besloten", "privé", "prive", "besloten vennootschap", "vertrouwelijk"}),
    rate_limit=(
        "te veel verzoeken", "te veel aanvragen", "verzoeklimiet", "limiet bereikt", "quotum overschreden",
        "limiet overschreden",
    ),
    function_words=frozenset(
        {
            "en", "of", "de", "het", "een", "van", "in", "met", "voor", "op", "door", "dat", "die", "wie", "is",
            "zijn", "was", "waren", "dit", "deze", "haar", "hun", "zich", "als", "maar", "niet", "ook", "bij",
            "naar", "uit", "heeft", "hebben", "wordt", "werd",
        }
    ),
    stop_words=frozenset({"en", "of", "de", "het", "een", "van", "in", "met", "voor", "op", "is", "was"}),
    # Words of job titles (see Lexicon.job_words).
    job_words=frozenset(
        {
            "adviseur", "directeur", "hoofd", "inkoop", "inkoper", "manager", "medewerker", "ontwikkelaar",
            "verkoop",
        }
    ),
    money_words=frozenset(
        {
            "omzet", "winst", "verlies", "kapitaal", "kosten", "financiering", "investering", "prijs",
            "begroting", "inkomsten", "salaris", "waardering", "verkoop",
        }
    ),
    yes_words=frozenset({"ja", "waar"}),
    no_words=frozenset({"nee", "onwaar"}),
    org_words=frozenset(
        {
            "bank", "bedrijf", "groep", "stichting", "vereniging", "instituut", "ministerie", "universiteit",
            "ziekenhuis", "school", "verzekeringen", "diensten", "systemen", "technologieën", "holding",
        }
    ),
    titles=frozenset({"dhr", "mevr", "mw", "ir", "ing", "drs", "mr"}),
    postal_abbreviations={"str": "street", "straat": "street"},
    approx_words=frozenset(
        {
            "ongeveer", "circa", "ca.", "rond", "rondom", "bijna", "zo'n", "naar schatting", "tot", "tot wel",
            "minder dan", "meer dan", "ruim",
        }
    ),
    lower_bound_words=frozenset({"meer dan", "ruim"}),
    upper_bound_words=frozenset({"tot", "tot wel", "minder dan"}),
    magnitudes={
        "duizend": 1000.0, "mln": 1000000.0, "miljoen": 1000000.0, "mld": 1000000000.0, "mrd": 1000000000.0,
        "miljard": 1000000000.0,
    },
    decimal_comma_magnitudes=frozenset({"mln", "miljoen", "mld", "miljard"}),
    ones={
        "nul": 0, "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
        "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14,
        "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19,
        "eenentwintig": 21, "tweeëntwintig": 22, "drieëntwintig": 23, "vierentwintig": 24, "vijfentwintig": 25,
    },
    tens={
        "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
        "tachtig": 80, "negentig": 90,
    },
    scales={"honderd": 100, "duizend": 1000, "miljoen": 10**6, "miljard": 10**9},
    counted_nouns={"dozijn": 12, "paar": 2},
    number_joiners=("en",),
    ambiguous_numbers=frozenset({"een", "twee", "drie", "vier", "acht", "elf", "tien", "paar", "negen"}),
    status_phrases={
        "rate_limit": r"te veel (?:verzoeken|aanvragen)|(?:verzoek)?limiet (?:bereikt|overschreden)"
        r"|(?:je hebt|u heeft) (?:de|het) (?:limiet|maximum aantal) (?:\w+ ){0,2}(?:bereikt|overschreden)"
        r"|quotum (?:overschreden|bereikt)|probeer het (?:over|na) \d+ ?(?:s|sec|seconden|minuten) opnieuw",
        "captcha": r"bevestig dat je (?:een )?mens bent|ik ben geen robot|ongebruikelijk verkeer",
        "login_wall": r"log in om (?:verder te gaan|door te gaan|te bekijken)|(?:inloggen|aanmelden) (?:is )?vereist"
        r"|sessie (?:is )?verlopen|api-sleutel (?:ongeldig|ontbreekt|vereist)",
        "paywall": r"neem een abonnement|alleen voor abonnees|word abonnee om verder te lezen",
        "error_page": r"interne serverfout|dienst (?:tijdelijk )?niet beschikbaar|pagina niet gevonden"
        r"|er is (?:iets misgegaan|een fout opgetreden)|in onderhoud|time-out",
    },
    status_leads={
        "rate_limit": r"^(?:te veel verzoeken|limiet bereikt)\b",
        "login_wall": r"^(?:inloggen|toegang geweigerd|niet geautoriseerd)\b",
        "error_page": r"^(?:serverfout)(?:\s*\d{3}\b|\s*:|\s*$|\s*!)",
    },
    status_anchors={
        "rate_limit": ("verzoek", "aanvragen", "limiet", "quotum", "probeer"),
        "captcha": ("robot", "mens", "verkeer"),
        "login_wall": ("log in", "inloggen", "aanmelden", "sessie", "api-sleutel", "toegang", "geautoriseerd"),
        "paywall": ("abonne", "abonnement"),
        "error_page": ("fout", "niet beschikbaar", "niet gevonden", "misgegaan", "onderhoud", "time-out"),
    },
    refusals=(
        r"^\W{0,3}(?:het spijt me|sorry, (?:maar )?ik kan|helaas kan ik|als (?:een )?(?:ai|taalmodel)\b"
        r"|ik kan (?:je )?(?:daar )?niet (?:mee )?helpen)|als taalmodel",
    ),
    timeout_words=("time-out", "tijdslimiet"),
    weak_values=frozenset({"onbekend", "niet bekend", "niet beschikbaar", "n.v.t.", "geen gegevens", "vertrouwelijk"}),
    null_words=frozenset({"onbekend", "niet bekend", "niet beschikbaar", "geen gegevens"}),
    months={
        "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7, "augustus": 8,
        "september": 9, "oktober": 10, "november": 11, "december": 12,
        "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10,
        "nov": 11, "dec": 12,
    },
    weekdays=("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    # Sentence structure (see Lexicon): what ties a value in prose to the words that govern it.
    prepositions=frozenset({'aan', 'als', 'bij', 'door', 'in', 'met', 'na', 'naar', 'om', 'onder', 'op', 'over', 'sinds', 'tegen', 'tijdens', 'tot', 'tussen', 'uit', 'van', 'voor'}),
    genitives=frozenset({'van'}),
    copulas=frozenset({'bleef', 'blijft', 'is', 'waren', 'was', 'werd', 'werden', 'wordt', 'zijn'}),
    determiners=frozenset({'daarna', 'dat', 'de', 'deze', 'die', 'dit', 'een', 'haar', 'had', 'hadden', 'hebben', 'heeft', 'het', 'hun', 'later', 'ook', 'zijn'}),
    clause_openers=frozenset({'hoewel', 'maar', 'omdat', 'terwijl', 'waar', 'wanneer', 'welke', 'wie'}),
    non_exhaustive=(r"waaronder|onder andere|o\.a\.|zoals|bijvoorbeeld|bv\.|verschillende|meerdere|diverse|talrijke|enkele|veel",),
)
# fmt: on
