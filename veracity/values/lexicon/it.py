"""Italian words (folded to lower case; accents kept, with their unaccented spellings where
writers drop them).

>>> "non disponibile" in LEXICON.missing, LEXICON.ones["ventitré"], LEXICON.months["marzo"], LEXICON.magnitudes["mln"]
(True, 23, 3, 1000000.0)
"""

from __future__ import annotations

from .base import Lexicon

# fmt: off
LEXICON = Lexicon(
    code="it",
    articles=frozenset({"gli", "i", "il", "l", "la", "le", "lo", "un", "una", "uno"}),
    missing=frozenset(
        {
            "sconosciuto", "sconosciuta", "non disponibile", "non disponibili", "non noto", "non nota",
            "non pervenuto", "non specificato", "non specificata", "non dichiarato", "non dichiarata",
            "non comunicato", "non comunicata", "non pubblicato", "non applicabile", "nessun dato",
            "dati non disponibili", "senza dati", "riservato", "riservata", "n.d.", "n/d", "nd", "n.a.",
            "nessuno", "nessuna",
        }
    ),
    missing_phrases=(
        r"sconosciut[oa]|non (?:disponibil[ei]|not[oa]|pervenut[oa]|specificat[oa]|dichiarat[oa]|comunicat[oa]"
        r"|pubblicat[oa]|applicabile)|nessun dato|dati non disponibili",
    ),
    missing_filler=frozenset(
        {
            "fatturato", "ricavi", "dipendenti", "addetti", "numero", "cifra", "dati", "dato", "informazioni",
            "valore", "importo", "attualmente", "pubblicamente", "ancora", "è", "sono", "era", "azienda",
            "società", "privata", "privato", "il", "lo", "la", "i", "gli", "le", "un", "una", "di", "del",
            "della", "per", "in", "questo", "momento", "campo", "anno", "data", "telefono", "indirizzo", "sito",
            "web", "dominio", "fondatore", "nome", "finanziamento", "valutazione",
        }
    ),
    private=frozenset({"privato", "privata", "società privata", "riservato", "riservata"}),
    rate_limit=(
        "troppe richieste", "limite di richieste", "limite di frequenza", "quota superata", "quota esaurita",
        "limite raggiunto",
    ),
    function_words=frozenset(
        {
            "e", "o", "il", "lo", "la", "gli", "le", "un", "uno", "una", "di", "del", "della", "dei", "delle",
            "nel", "nella", "con", "per", "che", "chi", "è", "sono", "era", "questo", "questa", "suo", "sua",
            "si", "come", "più", "ma", "non", "anche", "dal", "dalla", "alla", "al", "ha", "hanno",
        }
    ),
    stop_words=frozenset(
        {"e", "o", "il", "lo", "la", "gli", "le", "un", "una", "di", "del", "della", "nel", "con", "per", "è"}
    ),
    # Words of job titles (see Lexicon.job_words).
    job_words=frozenset(
        {
            "acquisti", "analista", "commerciale", "consulente", "direttore", "direttrice", "ingegnere",
            "responsabile", "sviluppatore", "sviluppatrice", "vendite",
        }
    ),
    money_words=frozenset(
        {
            "capitale", "costo", "costi", "fatturato", "finanziamento", "investimento", "prezzo", "bilancio",
            "perdita", "perdite", "ricavi", "stipendio", "utile", "utili", "valutazione", "vendite",
        }
    ),
    yes_words=frozenset({"sì", "si", "vero"}),
    no_words=frozenset({"falso", "no"}),
    org_words=frozenset(
        {
            "agenzia", "associazione", "banca", "compagnia", "consiglio", "consorzio", "fondazione", "gruppo",
            "industrie", "istituto", "ministero", "assicurazioni", "servizi", "sindacato", "sistemi", "società",
            "tecnologie", "università", "ospedale", "scuola",
        }
    ),
    titles=frozenset({"sig", "sig.ra", "dott", "dott.ssa", "ing", "avv", "prof"}),
    postal_abbreviations={"pzza": "piazza", "cso": "corso", "vle": "viale"},
    approx_words=frozenset(
        {
            "circa", "all'incirca", "approssimativamente", "quasi", "intorno a", "stimato in", "fino a",
            "meno di", "più di", "oltre",
        }
    ),
    lower_bound_words=frozenset({"più di", "oltre"}),
    upper_bound_words=frozenset({"fino a", "meno di"}),
    magnitudes={
        "mln": 1000000.0, "milioni": 1000000.0, "milione": 1000000.0, "mld": 1000000000.0,
        "mrd": 1000000000.0, "miliardi": 1000000000.0, "miliardo": 1000000000.0,
    },
    decimal_comma_magnitudes=frozenset({"mln", "milioni", "milione", "mld", "miliardi", "miliardo"}),
    ones={
        "zero": 0, "uno": 1, "una": 1, "un": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6,
        "sette": 7, "otto": 8, "nove": 9, "dieci": 10, "undici": 11, "dodici": 12, "tredici": 13,
        "quattordici": 14, "quindici": 15, "sedici": 16, "diciassette": 17, "diciotto": 18, "diciannove": 19,
        "ventuno": 21, "ventidue": 22, "ventitré": 23, "ventitre": 23, "ventiquattro": 24, "venticinque": 25,
        "ventisei": 26, "ventisette": 27, "ventotto": 28, "ventinove": 29,
    },
    tens={
        "venti": 20, "trenta": 30, "quaranta": 40, "cinquanta": 50, "sessanta": 60, "settanta": 70,
        "ottanta": 80, "novanta": 90,
    },
    scales={
        "cento": 100, "duecento": 200, "trecento": 300, "quattrocento": 400, "cinquecento": 500,
        "seicento": 600, "settecento": 700, "ottocento": 800, "novecento": 900, "mille": 1000, "mila": 1000,
        "milione": 10**6, "milioni": 10**6, "miliardo": 10**9, "miliardi": 10**9,
    },
    counted_nouns={"dozzina": 12, "paio": 2},
    number_joiners=("e",),
    ambiguous_numbers=frozenset({"un", "una", "uno", "due", "tre", "sei", "otto", "nove", "venti", "cento", "paio", "mila"}),
    status_phrases={
        "rate_limit": r"troppe richieste|limite di (?:richieste|frequenza) (?:superato|raggiunto)"
        r"|(?:hai|ha|avete) (?:superato|raggiunto) il (?:limite|numero massimo) di richieste"
        r"|quota (?:superata|esaurita)|riprova(?:re)? (?:tra|fra) \d+ ?(?:s|sec|secondi|minuti)",
        "captcha": r"verifica (?:di essere|che sei) (?:un )?(?:essere )?umano|non sono un robot|traffico insolito",
        "login_wall": r"accedi per (?:continuare|visualizzare|leggere)|(?:è necessario|occorre) (?:effettuare l')?accesso"
        r"|sessione scaduta|chiave api (?:non valida|mancante|richiesta)",
        "paywall": r"abbonati per (?:continuare a leggere|continuare|leggere)|riservato agli abbonati",
        "error_page": r"errore interno del server|servizio (?:temporaneamente )?non disponibile|pagina non trovata"
        r"|si è verificato un errore|qualcosa è andato storto|in manutenzione|tempo di attesa scaduto",
    },
    status_leads={
        "rate_limit": r"^(?:troppe richieste|limite di frequenza)\b",
        "login_wall": r"^(?:accedi|accesso negato|non autorizzato)\b",
        "error_page": r"^(?:errore del server)(?:\s*\d{3}\b|\s*:|\s*$|\s*!)",
    },
    status_anchors={
        "rate_limit": ("richieste", "limite", "quota", "riprova"),
        "captcha": ("robot", "umano", "traffico"),
        "login_wall": ("accedi", "accesso", "sessione", "chiave api", "autorizzato"),
        "paywall": ("abbonat",),
        "error_page": ("errore", "non disponibile", "non trovata", "andato storto", "manutenzione", "tempo di attesa"),
    },
    refusals=(
        r"^\W{0,3}(?:mi dispiace|spiacente|purtroppo,? non posso|come (?:un'?)?(?:ia|intelligenza artificiale)\b"
        r"|non posso (?:aiutar|fornire|rispondere|accedere))|come modello linguistico",
    ),
    timeout_words=("tempo di attesa", "timeout"),
    weak_values=frozenset({"sconosciuto", "sconosciuta", "non disponibile", "n.d.", "nessun dato", "riservato", "privato"}),
    null_words=frozenset({"sconosciuto", "sconosciuta", "non disponibile", "n.d.", "nessun dato"}),
    months={
        "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
        "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12,
        "gen": 1, "feb": 2, "mar": 3, "apr": 4, "mag": 5, "giu": 6, "lug": 7, "ago": 8, "set": 9, "ott": 10,
        "nov": 11, "dic": 12,
    },
    weekdays=("lunedì", "lunedi", "martedì", "martedi", "mercoledì", "mercoledi", "giovedì", "giovedi",
              "venerdì", "venerdi", "sabato", "domenica"),
    # Sentence structure (see Lexicon): what ties a value in prose to the words that govern it.
    prepositions=frozenset({'a', 'ad', 'agli', 'ai', 'al', 'alla', 'alle', 'allo', 'come', 'con', 'da', 'dagli', 'dai', 'dal', 'dalla', 'dalle', 'dallo', 'degli', 'dei', 'del', 'della', 'delle', 'dello', 'di', 'durante', 'fra', 'in', 'negli', 'nei', 'nel', 'nella', 'nelle', 'nello', 'per', 'su', 'sui', 'sul', 'sulla', 'sullo', 'tra'}),
    genitives=frozenset({'degli', 'dei', 'del', 'della', 'delle', 'dello', 'di'}),
    copulas=frozenset({'divenne', 'diventa', 'era', 'erano', 'essere', 'fu', 'furono', 'resta', 'rimase', 'sono', 'stata', 'stato', 'è'}),
    determiners=frozenset({'anche', 'aveva', 'avevano', 'gli', 'ha', 'hanno', 'i', 'il', 'l', 'la', 'le', 'lo', 'loro', 'poi', 'quel', 'quella', 'quello', 'questa', 'queste', 'questi', 'questo', 'sua', 'sue', 'suo', 'suoi', 'un', 'una', 'uno'}),
    clause_openers=frozenset({'che', 'cui', 'dove', 'ma', 'mentre', 'perché', 'quale', 'quali', 'quando', 'sebbene'}),
    non_exhaustive=(r"tra cui|fra cui|tra gli altri|tra le altre|ad esempio|per esempio|quali|diversi|diverse|vari|varie|numerosi|numerose|alcuni|alcune|molti|molte",),
)
# fmt: on
